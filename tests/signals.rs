//! Issue: spot trends early. A mock whose hashtags grow at known steady rates, and one that
//! jumps from ~0.3 %/day to ~12 %/day on a known day; the signals in `trends` must equal the
//! values computed here from the counts that were served.

mod common;

use common::{Env, STATS, VIDEOS, close};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DAYS: usize = 14;
/// 0-based index of the day `jumper` goes from 0.3 %/day to 12 %/day.
const JUMP: usize = 11;

fn date(day: usize) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap() + chrono::Days::new(day as u64);
    d.to_string()
}

/// Daily video counts per hashtag, as served.
fn series() -> Vec<(&'static str, Vec<u64>)> {
    let grow = |start: f64, rate: &dyn Fn(usize) -> f64| -> Vec<u64> {
        let mut c = start;
        (0..DAYS)
            .map(|d| {
                if d > 0 {
                    c *= 1.0 + rate(d);
                }
                c.round() as u64
            })
            .collect()
    };
    vec![
        ("steady5", grow(200_000.0, &|_| 0.05)),
        ("steady30", grow(10_000.0, &|_| 0.30)),
        ("flat", vec![777_777; DAYS]),
        (
            "jumper",
            grow(500_000.0, &|d| if d >= JUMP { 0.12 } else { 0.003 }),
        ),
    ]
}

fn videos(day: usize) -> Value {
    json!({"videos": [
        {"id": format!("v{day}a"), "desc": "first", "author": {"uniqueId": "amy"},
         "stats": {"playCount": 1000 + day, "diggCount": 100, "commentCount": 10, "shareCount": 5}},
        {"id": format!("v{day}b"), "desc": "second", "author": {"uniqueId": format!("guest{}", day % 2)},
         "stats": {"playCount": 5000, "diggCount": 50, "commentCount": 5, "shareCount": 1}}
    ]})
}

fn pct_day(prev: u64, curr: u64) -> f64 {
    (curr as f64 / prev as f64 - 1.0) * 100.0
}

/// Serves day `day`: each hashtag's stats answer and the day's videos, then runs
/// `fetch --date` for that day.
async fn fetch_day(server: &MockServer, env: &Env, day: usize, stats: &[(&str, Value)]) {
    common::reset(server).await;
    for (name, body) in stats {
        Mock::given(method("POST"))
            .and(path(STATS))
            .and(body_json(json!({"hashtag_name": name})))
            .respond_with(common::stats_answer(body.clone()))
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(ResponseTemplate::new(200).set_body_json(videos(day)))
        .mount(server)
        .await;
    env.cmd()
        .args(["fetch", "--date", &date(day)])
        .assert()
        .success();
}

#[tokio::test(flavor = "multi_thread")]
async fn breakout_growth_7d_acceleration_and_streak_match_the_served_counts() {
    let server = common::server().await;
    let all = series();
    let names: Vec<&str> = all.iter().map(|s| s.0).collect();
    let env = Env::new(&server.uri(), &names, "", "");

    for day in 0..DAYS {
        let stats: Vec<(&str, Value)> = all
            .iter()
            .map(|(name, counts)| {
                let c = counts[day];
                (
                    *name,
                    json!({"data": {"stats": {"video_count": c, "view_count": c * 40}}}),
                )
            })
            .collect();
        fetch_day(&server, &env, day, &stats).await;

        // Judge every day: no steady grower is ever a breakout, however fast; `jumper` is
        // one on its jump day and never before (the days after may still be far above the
        // baseline: it is still breaking out).
        let trends = env.json(&["trends", "--date", &date(day), "--format", "json"]);
        for row in trends["hashtags"].as_array().unwrap() {
            let ctx = format!("day {day} {}", row["hashtag"]);
            if row["hashtag"] != "jumper" || day < JUMP {
                assert_eq!(row["breakout"], false, "{ctx}");
            } else if day == JUMP {
                assert_eq!(row["breakout"], true, "{ctx}");
            }
        }
    }

    let trends = env.json(&["trends", "--date", &date(JUMP), "--format", "json"]);
    let rows = trends["hashtags"].as_array().unwrap();
    assert_eq!(
        rows[0]["hashtag"], "jumper",
        "a breakout ranks first by momentum"
    );
    for (name, c) in &all {
        let row = rows.iter().find(|r| r["hashtag"] == *name).unwrap();
        let d = JUMP;
        let g = pct_day(c[d - 1], c[d]);
        assert!(close(&row["daily_video_growth_pct"], g), "{name}");
        assert_eq!(row["new_videos"], c[d] as i64 - c[d - 1] as i64, "{name}");
        assert_eq!(
            row["new_views"],
            (c[d] as i64 - c[d - 1] as i64) * 40,
            "{name}"
        );
        let g7 = (c[d] as f64 - c[d - 7] as f64) / c[d - 7] as f64 * 100.0;
        assert!(
            close(&row["video_growth_7d_pct"], g7),
            "{name}: {} vs {g7}",
            row["video_growth_7d_pct"]
        );
        let mean7: f64 = (d - 7..d).map(|k| pct_day(c[k - 1], c[k])).sum::<f64>() / 7.0;
        let accel = g - mean7;
        assert!(
            row["acceleration_pp"]
                .as_f64()
                .is_some_and(|a| (a - accel).abs() < 1e-6),
            "{name}: {} vs {accel}",
            row["acceleration_pp"]
        );
        let streak = (1..=d).rev().take_while(|&k| c[k] > c[k - 1]).count();
        assert_eq!(row["streak"], streak, "{name}");
        let direction = if c[d] > c[d - 1] { "rising" } else { "stable" };
        assert_eq!(row["direction"], direction, "{name}");
    }

    // history lists every stored day, oldest first, with the counts served.
    let history = env.json(&["history", "jumper", "--format", "json"]);
    assert_eq!(history["hashtag"], "jumper");
    let days = history["days"].as_array().unwrap();
    assert_eq!(days.len(), DAYS);
    let jumper = &all.iter().find(|s| s.0 == "jumper").unwrap().1;
    for (i, d) in days.iter().enumerate() {
        assert_eq!(d["date"], date(i));
        assert_eq!(d["video_count"], jumper[i]);
        assert_eq!(d["view_count"], jumper[i] * 40);
        assert_eq!(d["sample_size"], 2);
    }
    let short = env.json(&["history", "#Jumper", "--days", "3", "--format", "json"]);
    assert_eq!(short["days"].as_array().unwrap().len(), 3);
    let table = env.cmd().args(["history", "jumper"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains('▁') && table.contains('█'),
        "sparkline: {table}"
    );

    // videos: top sampled videos by plays, from what was stored.
    let v = env.json(&[
        "videos",
        "jumper",
        "--date",
        &date(3),
        "--top",
        "1",
        "--format",
        "json",
    ]);
    let list = v["videos"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["plays"], 5000);
    assert_eq!(list[0]["author"], "guest1");
    assert!(close(&list[0]["engagement_rate"], 56.0 / 5000.0));

    // report: creators new to the top since the previous snapshot.
    let r = env.json(&["report", "--date", &date(5), "--format", "json"]);
    assert_eq!(r["hashtags"][0]["new_top_creators"], json!(["guest1"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_count_that_collapses_is_suspect_not_a_collapse() {
    let server = common::server().await;
    // A fall below half is a glitch. (A 0 beside non-zero views is no collapse at all but a
    // count TikTok did not report: see tests/contract.rs.)
    let counts = [1000u64, 1010, 1020, 300, 1040];
    let env = Env::new(&server.uri(), &["glitchy"], "", "");
    for (day, c) in counts.iter().enumerate() {
        let stats = json!({"video_count": c, "view_count": 5});
        fetch_day(&server, &env, day, &[("glitchy", stats)]).await;
    }
    let bad = env.json(&["trends", "--date", &date(3), "--format", "json"]);
    let row = &bad["hashtags"][0];
    assert_eq!(row["suspect"], true);
    // The direction keeps its plain meaning; the flag says not to believe it.
    assert_eq!(row["direction"], "falling");
    assert_eq!(row["trending"], false);
    assert_eq!(row["breakout"], false);
    // The next day compares with the last clean count (1020), spread over two days.
    let next = env.json(&["trends", "--date", &date(4), "--format", "json"]);
    let g = ((1040.0f64 / 1020.0).sqrt() - 1.0) * 100.0;
    assert!(close(&next["hashtags"][0]["daily_video_growth_pct"], g));
    assert_eq!(next["hashtags"][0]["suspect"], false);
}

// ---- #13: rounded counters and unreported video counts ----------------------------------

/// Serves day `day` on the strict mocks (usage check, stats by name, the day's videos) with
/// these stats answers, and runs `fetch --date` for it.
async fn fetch_served(server: &MockServer, env: &Env, day: usize, stats: &[(&str, Value)]) {
    common::reset(server).await;
    common::serve_usage(server, "project", 1_000_000).await;
    for (name, body) in stats {
        Mock::given(method("POST"))
            .and(path(STATS))
            .and(common::for_tag(STATS, name))
            .respond_with(common::stats_answer(body.clone()))
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(ResponseTemplate::new(200).set_body_json(videos(day)))
        .mount(server)
        .await;
    env.cmd()
        .args(["fetch", "--date", &date(day)])
        .assert()
        .success();
}

/// TikTok's legacy counters only: `stats` values carrying the rounding's trailing zeros.
fn legacy_stats(videos: u64, views: u64) -> Value {
    json!({"data": {"challengeInfo": {"stats": {"videoCount": videos, "viewCount": views}}}})
}

fn trends_row(env: &Env, day: usize, tag: &str) -> Value {
    let t = env.json(&["trends", "--date", &date(day), "--format", "json"]);
    t["hashtags"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["hashtag"] == tag))
        .cloned()
        .unwrap_or_else(|| panic!("no row for #{tag} on day {day}: {t}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rounding_step_is_spread_and_neither_trending_nor_a_breakout() {
    let server = common::server().await;
    let env = Env::new(&server.uri(), &["rounded"], "", "");
    // A steady ~3 %/day grower as the legacy counter shows it: one step every third day.
    let shown: [u64; 10] = [
        1_000_000, 1_000_000, 1_000_000, 1_100_000, 1_100_000, 1_100_000, 1_200_000, 1_200_000,
        1_200_000, 1_300_000,
    ];
    for (day, &v) in shown.iter().enumerate() {
        fetch_served(&server, &env, day, &[("rounded", legacy_stats(v, v * 300))]).await;
    }
    let step = shown.len() - 1;
    // Stored with the counter's precision (the half-width of "1.3M").
    assert_eq!(
        env.count("SELECT count(*) FROM snapshots WHERE video_precision = 50000 AND view_precision = 50000"),
        shown.len() as i64
    );
    let row = trends_row(&env, step, "rounded");
    // At face value +8.3 % in a day, above the 5 % threshold; the counter allows far less.
    assert!(close(&row["video_growth_pct"], 100.0 / 12.0), "{row}");
    assert_eq!(row["trending"], false, "{row}");
    assert_eq!(row["breakout"], false, "{row}");
    assert_eq!(row["approximate"], true, "{row}");
    assert_eq!(row["basis"], "videos", "{row}");
    // Spread over the three days since the count last changed.
    let spread = ((1.3f64 / 1.2).powf(1.0 / 3.0) - 1.0) * 100.0;
    assert!(close(&row["daily_video_growth_pct"], spread), "{row}");
    assert!(close(&row["daily_growth_pct"], spread), "{row}");
    assert!(
        row["daily_growth_low_pct"]
            .as_f64()
            .is_some_and(|l| l <= 0.0),
        "{row}"
    );
    // history judges the day by the same rules.
    let history = env.json(&["history", "rounded", "--format", "json"]);
    let last = &history["days"][step];
    assert_eq!(last["trending"], false, "{last}");
    assert_eq!(last["breakout"], false, "{last}");
    assert_eq!(last["approximate"], true, "{last}");
    assert!(close(&last["daily_video_growth_pct"], spread), "{last}");
    // The tables mark the figure and say why.
    let table = env
        .cmd()
        .args(["trends", "--date", &date(step)])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("≈+2.7%"), "{table}");
    assert!(table.contains("≈: approximate"), "{table}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_real_jump_on_a_rounded_counter_is_a_breakout_on_its_day() {
    let server = common::server().await;
    let env = Env::new(&server.uri(), &["leaper"], "", "");
    let jump = 10;
    for day in 0..=jump {
        let v = if day < jump { 1_500_000 } else { 2_000_000 };
        fetch_served(&server, &env, day, &[("leaper", legacy_stats(v, v * 300))]).await;
        let row = trends_row(&env, day, "leaper");
        assert_eq!(row["breakout"], day == jump, "day {day}: {row}");
        assert_eq!(row["trending"], day == jump, "day {day}: {row}");
    }
    let row = trends_row(&env, jump, "leaper");
    assert_eq!(row["approximate"], true);
    assert!(close(&row["daily_video_growth_pct"], 100.0 / 3.0), "{row}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_view_count_jump_with_videos_unreported_is_a_breakout_with_basis_views() {
    let server = common::server().await;
    let env = Env::new(&server.uri(), &["viewsonly"], "", "");
    let jump = 10;
    let mut views = 1_234_567_891f64;
    let mut served = Vec::new();
    for day in 0..=jump {
        if day > 0 {
            views *= if day == jump { 1.12 } else { 1.003 };
        }
        served.push(views.round() as u64);
        // An exact view count beside a video count TikTok no longer reports (0).
        let body = json!({"data": {"challengeInfo": {
            "stats": {"videoCount": 0, "viewCount": 1_200_000_000u64},
            "statsV2": {"videoCount": "0", "viewCount": (views.round() as u64).to_string()}}}});
        fetch_served(&server, &env, day, &[("viewsonly", body)]).await;
        let row = trends_row(&env, day, "viewsonly");
        assert_eq!(row["basis"], "views", "day {day}: {row}");
        assert_eq!(row["video_count"], Value::Null, "day {day}: {row}");
        assert_eq!(row["suspect"], false, "day {day}: {row}");
        assert_eq!(row["breakout"], day == jump, "day {day}: {row}");
    }
    let row = trends_row(&env, jump, "viewsonly");
    assert_eq!(row["approximate"], false, "{row}");
    let g = pct_day(served[jump - 1], served[jump]);
    assert!(close(&row["daily_growth_pct"], g), "{row}");
    assert!(close(&row["daily_view_growth_pct"], g), "{row}");
    assert_eq!(row["daily_video_growth_pct"], Value::Null);
    assert_eq!(row["trending"], true, "{row}");
    // The exact statsV2 count is stored as such, beside the unreported (NULL) video count.
    assert_eq!(
        env.count("SELECT count(*) FROM snapshots WHERE video_count IS NULL AND video_precision = 0 AND view_precision = 0"),
        (jump + 1) as i64
    );
    let history = env.json(&["history", "viewsonly", "--format", "json"]);
    assert_eq!(history["days"][jump]["breakout"], true);
    assert_eq!(history["days"][jump]["basis"], "views");
    // The table shows the view count's growth where the video count is not reported.
    let table = env
        .cmd()
        .args(["trends", "--date", &date(jump)])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    let line = table.lines().find(|l| l.contains("#viewsonly")).unwrap();
    assert!(
        line.contains("BREAKOUT") && line.contains("+12.0%"),
        "{table}"
    );
}
