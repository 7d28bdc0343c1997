//! Issue #16: discover the hashtags nobody tracks yet from the co-hashtags of the videos
//! already paid for. Two weeks of generated samples are stored through the library (as
//! `fetch` stores them), then the real binary ranks them against a mock API that must see
//! no request.

mod common;

use chrono::{Days, NaiveDate};
use common::{Env, STATS, VIDEOS};
use serde_json::{Value, json};
use tracker::api::payload::parse_videos;
use tracker::metrics::sample::sample_metrics;
use tracker::model::{Endpoint, Snapshot};
use tracker::store::{ResponseRow, Store};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TRACKED: [&str; 4] = ["skincare", "makeup", "haircare", "fitness"];
const DAYS: u32 = 14;
/// Spreads from this day on, under the first three tracked hashtags.
const SPREADING: &str = "slugging";
const SPREAD_FROM: u32 = 7;
/// One account posting more and more of it under one tracked hashtag.
const PUSHED: &str = "shopmybrand";
/// At the same share every day, under every tracked hashtag.
const STEADY: &str = "glowup";
const GENERIC: [&str; 5] = ["fyp", "foryou", "viral", "tiktok", "trending"];
const VIDEOS_PER_SAMPLE: u32 = 30;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(u64::from(n))
}

/// The sampled videos of one tracked hashtag on one day: (id, author, co-hashtags).
fn sample(rng: &mut fastrand::Rng, d: u32, tracked: usize) -> Vec<(String, String, Vec<String>)> {
    let tag = TRACKED[tracked];
    let mut out = Vec::new();
    for i in 0..VIDEOS_PER_SAMPLE {
        let author = format!("{tag}_creator{}", rng.u32(0..40));
        let mut tags = vec![tag.to_string()];
        tags.extend(
            GENERIC
                .iter()
                .filter(|_| rng.f64() < 0.6)
                .map(|g| g.to_string()),
        );
        if rng.f64() < 0.2 {
            tags.push(STEADY.into());
        }
        // Background: a pool of everyday tags at a steady rate.
        if rng.f64() < 0.5 {
            tags.push(format!("topic{}", rng.u32(0..30)));
        }
        if tracked < 3 && d >= SPREAD_FROM && rng.f64() < 0.08 * f64::from(d - SPREAD_FROM + 1) {
            tags.push(SPREADING.into());
        }
        out.push((format!("{tag}-{d}-{i}"), author, tags));
    }
    // The pushing account: ever more videos from day 9 on, all its own.
    if tracked == 0 && d >= 9 {
        for i in 0..(d - 7) * 2 {
            out.push((
                format!("push-{d}-{i}"),
                "brand_official".into(),
                vec![tag.into(), PUSHED.into(), "fyp".into()],
            ));
        }
    }
    out
}

/// The answer as the API gives it: the app shape (`aweme_list`, `text_extra`) for half the
/// tracked hashtags, the web shape (`itemList`, `challenges`) for the others; some tags only
/// in the caption.
fn body(tracked: usize, videos: &[(String, String, Vec<String>)]) -> Value {
    let items: Vec<Value> = videos
        .iter()
        .enumerate()
        .map(|(i, (id, author, tags))| {
            let (listed, caption) = tags.split_at(tags.len() / 2 + i % 2);
            let desc = caption
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" ");
            if tracked.is_multiple_of(2) {
                json!({"aweme_id": id, "desc": format!("look {desc}"), "author": {"unique_id": author},
                       "statistics": {"play_count": 1000 + i, "digg_count": 50, "comment_count": 3, "share_count": 1},
                       "text_extra": listed.iter().map(|t| json!({"hashtag_name": t})).collect::<Vec<_>>()})
            } else {
                json!({"id": id, "desc": desc, "author": {"uniqueId": author},
                       "stats": {"playCount": 1000 + i, "diggCount": 50, "commentCount": 3, "shareCount": 1},
                       "challenges": listed.iter().map(|t| json!({"title": t})).collect::<Vec<_>>()})
            }
        })
        .collect();
    if tracked.is_multiple_of(2) {
        json!({"data": {"aweme_list": items, "cursor": 30, "has_more": 1}, "credits_used": 1})
    } else {
        json!({"data": {"itemList": items, "cursor": "30", "hasMore": true}, "credits_used": 1})
    }
}

/// Stores two weeks of generated answers and snapshots as `fetch` would.
fn build_db(env: &Env) {
    let mut rng = fastrand::Rng::with_seed(16);
    let mut store = Store::open(&env.db).expect("open store");
    for d in 0..DAYS {
        let date = day(d);
        let run = store.begin_run(date).expect("run");
        for (t, tag) in TRACKED.iter().enumerate() {
            let raw = body(t, &sample(&mut rng, d, t)).to_string();
            let videos = parse_videos(raw.as_bytes()).expect("generated body parses");
            store
                .save_response(&ResponseRow {
                    date,
                    hashtag: tag,
                    endpoint: Endpoint::Videos,
                    page: 0,
                    run_id: run,
                    status: 200,
                    body: raw.as_bytes(),
                    parse_error: None,
                })
                .expect("save response");
            let snapshot = Snapshot {
                date,
                hashtag: tag.to_string(),
                fetched_at: format!("{date}T06:00:00Z"),
                video_count: Some(1000 + u64::from(d)),
                view_count: 100_000,
                video_precision: 0,
                view_precision: 0,
                metrics: sample_metrics(&videos.videos),
                credits_remaining: None,
            };
            store
                .save_snapshot(&snapshot, &videos.videos, run)
                .expect("save snapshot");
            tracker::refresh::cohashtags::refresh(&store, date, tag).expect("count co-hashtags");
        }
    }
}

/// A mock API that answers nothing and must be asked nothing.
async fn silent_api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    server
}

fn discover(env: &Env, server: &MockServer, extra: &[&str]) -> Value {
    let out = env
        .cmd()
        .env("SCAVIO_BASE_URL", server.uri())
        .args(["discover", "--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn names(view: &Value) -> Vec<String> {
    view["hashtags"]
        .as_array()
        .expect("hashtags")
        .iter()
        .map(|h| h["hashtag"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn the_spreading_cohashtag_ranks_first_without_any_request() {
    let server = silent_api().await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let view = discover(&env, &server, &[]);
    assert_eq!(view["date"], "2026-03-14");
    let names = names(&view);
    assert_eq!(
        names.first().map(String::as_str),
        Some(SPREADING),
        "{view:#}"
    );
    let top = &view["hashtags"][0];
    assert_eq!(top["under"], json!(["haircare", "makeup", "skincare"]));
    assert!(top["creators"].as_u64().unwrap() >= 10, "{top}");
    assert!(
        top["share_now"].as_f64() > top["share_before"].as_f64(),
        "{top}"
    );
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn generic_and_tracked_tags_are_left_out() {
    let server = silent_api().await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let names = names(&discover(&env, &server, &["--top", "1000"]));
    for left_out in GENERIC.iter().chain(&TRACKED) {
        assert!(
            !names.iter().any(|n| n == left_out),
            "{left_out} in {names:?}"
        );
    }
    assert!(names.iter().any(|n| n == STEADY), "{names:?}");
}

#[tokio::test]
async fn one_creators_push_stays_out_of_the_top() {
    let server = silent_api().await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let names = names(&discover(&env, &server, &["--top", "1000"]));
    assert!(!names.iter().any(|n| n == PUSHED), "{names:?}");
}

#[tokio::test]
async fn a_steady_cohashtag_scores_about_zero() {
    let server = silent_api().await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let view = discover(&env, &server, &["--top", "1000"]);
    let steady = view["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["hashtag"] == STEADY)
        .expect("steady tag listed");
    let (steady, top) = (
        steady["score"].as_f64().unwrap(),
        view["hashtags"][0]["score"].as_f64().unwrap(),
    );
    assert!(steady.abs() < top / 4.0, "steady {steady}, top {top}");
}

#[tokio::test]
async fn the_config_ignore_list_extends_the_generic_one() {
    let server = silent_api().await;
    let env = Env::new(
        &server.uri(),
        &TRACKED,
        "",
        &format!("[discover]\nignore = [\"#{}\"]", SPREADING.to_uppercase()),
    );
    build_db(&env);
    let names = names(&discover(&env, &server, &["--top", "1000"]));
    assert!(!names.iter().any(|n| n == SPREADING), "{names:?}");
}

#[tokio::test]
async fn an_older_database_gets_its_history_from_the_stored_answers() {
    let server = silent_api().await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let before = discover(&env, &server, &[]);
    // As a database from before the table: answers stored, nothing counted yet.
    env.conn()
        .execute_batch(
            "DELETE FROM cohashtags; DELETE FROM cohashtag_samples;
             INSERT INTO meta (key, value) VALUES ('cohashtags_backfill', 'pending');",
        )
        .unwrap();
    assert_eq!(discover(&env, &server, &[]), before);
    assert_eq!(
        env.count("SELECT count(*) FROM meta WHERE key = 'cohashtags_backfill'"),
        0
    );
    assert_eq!(
        env.count("SELECT count(*) FROM cohashtag_samples"),
        i64::from(DAYS) * TRACKED.len() as i64
    );
}

#[tokio::test]
async fn the_table_names_the_candidates_and_where_the_figures_are_explained() {
    let server = silent_api().await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let out = env
        .cmd()
        .env("SCAVIO_BASE_URL", server.uri())
        .args(["discover", "--top", "3"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains(&format!("#{SPREADING}")), "{text}");
    assert!(text.contains("tracker discover --help"), "{text}");
}

#[tokio::test]
async fn fetch_counts_the_cohashtags_of_each_stored_day() {
    let server = MockServer::start().await;
    Mock::given(path(STATS))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"challengeInfo": {
            "challenge": {"id": "1", "title": "skincare"},
            "stats": {"videoCount": 10, "viewCount": 100}}}, "credits_remaining": 90})),
        )
        .mount(&server)
        .await;
    let videos = json!({"data": {"aweme_list": [
        {"aweme_id": "1", "desc": "#Slugging #skincare", "author": {"unique_id": "a"},
         "statistics": {"play_count": 10, "digg_count": 1}},
        {"aweme_id": "2", "desc": "night routine", "author": {"unique_id": "b"},
         "statistics": {"play_count": 10, "digg_count": 1},
         "text_extra": [{"hashtag_name": "slugging"}, {"hashtag_name": "fyp"}]}
    ], "has_more": 0}});
    Mock::given(path(VIDEOS))
        .respond_with(ResponseTemplate::new(200).set_body_json(videos))
        .mount(&server)
        .await;
    let env = Env::new(&server.uri(), &["skincare"], "", "");
    let out = env
        .cmd()
        .args(["fetch", "--date", "2026-03-01"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let row: (i64, i64) = env
        .conn()
        .query_row(
            "SELECT videos, creators FROM cohashtags
             WHERE date = '2026-03-01' AND hashtag = 'skincare' AND cohashtag = 'slugging'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(row, (2, 2));
    assert_eq!(
        env.count("SELECT count(*) FROM cohashtags WHERE cohashtag = 'skincare'"),
        0
    );
    assert_eq!(
        env.count("SELECT videos FROM cohashtag_samples WHERE hashtag = 'skincare'"),
        2
    );
}

/// A stats endpoint that answers totals naming no hashtag, and must be asked `n` times.
async fn stats_api(n: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(STATS))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"challengeInfo": {
            "stats": {"videoCount": 5000, "viewCount": 1_000_000}}}, "credits_remaining": 77})),
        )
        .expect(n)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn probe_buys_the_totals_of_the_top_candidates_once_a_day() {
    let server = stats_api(2).await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let out = env
        .cmd()
        .args(["discover", "--format", "json", "--probe", "2"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("probing 2 candidate(s): 2 paid request(s), $0.010"),
        "{err}"
    );
    assert!(
        err.contains("probe spent 2 paid request(s), $0.010, 77 credits left"),
        "{err}"
    );
    let view: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        view["hashtags"][0]["totals"],
        json!({"video_count": 5000, "view_count": 1_000_000})
    );
    assert!(view["hashtags"][1]["totals"].is_object());
    assert!(view["hashtags"][2].get("totals").is_none());
    assert_eq!(
        env.count("SELECT count(*) FROM requests WHERE endpoint = 'stats' AND cost_usd > 0"),
        2
    );
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM responses WHERE endpoint = 'stats' AND hashtag = '{SPREADING}'"
        )),
        1
    );
    // The same day again: reused, not bought (the mock allows two requests in all).
    let view = discover(&env, &server, &["--probe", "2"]);
    assert!(view["hashtags"][0]["totals"].is_object());
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        2
    );
}

#[tokio::test]
async fn probe_over_the_budget_spends_nothing() {
    let server = stats_api(0).await;
    let env = Env::new(
        &server.uri(),
        &TRACKED,
        "",
        "[budget]\nmax_requests_per_run = 1",
    );
    build_db(&env);
    let out = env
        .cmd()
        .args(["discover", "--probe", "2"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("budget allows 1") && err.contains("nothing was spent"),
        "{err}"
    );
    assert_eq!(env.count("SELECT count(*) FROM requests"), 0);
}

#[tokio::test]
async fn probe_without_a_key_sends_nothing() {
    let server = stats_api(0).await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let out = env
        .cmd()
        .env_remove("SCAVIO_API_KEY")
        .args(["discover", "--probe", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no request was sent"));
}

#[tokio::test]
async fn the_markdown_report_lists_the_rising_cohashtags() {
    let server = silent_api().await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let out = env
        .cmd()
        .args(["report", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8_lossy(&out.stdout);
    let section = md
        .split("## Rising co-hashtags")
        .nth(1)
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        section.contains(&format!("| 1 | #{SPREADING} |")),
        "{section}"
    );
    assert!(!section.contains(&format!("#{PUSHED}")), "{section}");
}

#[tokio::test]
async fn the_html_report_lists_the_rising_cohashtags() {
    let server = silent_api().await;
    let env = Env::new(&server.uri(), &TRACKED, "", "");
    build_db(&env);
    let out = env
        .cmd()
        .args(["report", "--format", "html"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let section = html
        .split("<h2>Rising co-hashtags</h2>")
        .nth(1)
        .unwrap_or_else(|| panic!("{html}"));
    let first_row = section.split("<tr>").nth(2).unwrap_or_default();
    assert!(
        first_row.starts_with(&format!("<td>#{SPREADING}</td>")),
        "{section}"
    );
}
