//! Issue: the daily tracker. Three days of `fetch --date` against a mock API serving every
//! payload shape seen in the wild, then `report` / `trends` JSON compared with figures
//! computed here, independently, from the data the mock served.

mod common;

use common::{Env, KEY, STATS, VIDEOS, close, id_of, requests_by};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One sampled video as the test knows it (exact counters).
#[derive(Clone)]
struct V {
    id: &'static str,
    author: &'static str,
    plays: u64,
    likes: u64,
    comments: u64,
    shares: u64,
}

const fn v(id: &'static str, author: &'static str, p: u64, l: u64, c: u64, s: u64) -> V {
    V {
        id,
        author,
        plays: p,
        likes: l,
        comments: c,
        shares: s,
    }
}

/// Rounds like TikTok's legacy `stats` (3 significant figures) so the exact `statsV2` must win.
fn rounded(n: u64) -> u64 {
    if n < 1000 {
        return n;
    }
    let unit = 10u64.pow(n.ilog10() - 2);
    n / unit * unit
}

/// The hashtags and the shape each one's payloads take.
#[derive(Clone, Copy)]
enum Shape {
    /// `{"video_count": .., "view_count": ..}`, `{"videos": [...]}` with numbers.
    TopLevel,
    /// `{"data": {...}}` with numbers as strings; `data.videos`.
    DataWrapper,
    /// `{"data": {"stats": {...}}}`; `data.itemList` with rounded `stats` and exact `statsV2`.
    DataStats,
    /// TikTok camelCase: `data.challengeInfo.stats` rounded + `statsV2` strings, the hashtag
    /// named in `challenge.title`; videos with `statsV2` only, one missing a counter, plus one
    /// without any counter and a repeated one, both left out.
    CamelCase,
    /// The documented answer (`scavio-ai/skills` SKILL.md): `challengeInfo.challenge.stats`
    /// inside the challenge; videos as the app's `aweme_list` with `statistics`, `cursor` and
    /// `has_more: 0`.
    Documented,
    /// The documented answer with `videoCount: 0` beside billions of views (the skill file's
    /// own example): a count TikTok did not report.
    Unreported,
}

fn stats_body(shape: Shape, name: &str, videos: u64, views: u64) -> Value {
    match shape {
        Shape::TopLevel => {
            json!({"hashtag_id": id_of(name), "video_count": videos, "view_count": views, "credits_used": 1, "credits_remaining": 900})
        }
        Shape::DataWrapper => {
            json!({"data": {"hashtag_id": id_of(name), "video_count": videos.to_string(), "view_count": views.to_string()}, "credits_used": 1})
        }
        Shape::DataStats => {
            json!({"data": {"id": id_of(name), "stats": {"video_count": videos, "view_count": views}}, "response_time": 120})
        }
        Shape::Unreported => json!({"data": {"challengeInfo": {"challenge": {
            "id": id_of(name), "title": name, "desc": "",
            "stats": {"videoCount": 0, "viewCount": views}}}}, "credits_used": 1}),
        Shape::Documented => json!({"data": {"challengeInfo": {"challenge": {
            "id": id_of(name), "title": name, "desc": "",
            "stats": {"videoCount": videos, "viewCount": views}}}},
            "response_time": 969, "credits_used": 1, "credits_remaining": 6543}),
        Shape::CamelCase => json!({"data": {"challengeInfo": {
            // TikTok writes the hashtag as it was first used, capitals and all.
            "challenge": {"id": id_of(name), "title": name.to_uppercase()},
            "stats": {"videoCount": rounded(videos), "viewCount": rounded(views)},
            "statsV2": {"videoCount": videos.to_string(), "viewCount": views.to_string()}
        }}, "credits_remaining": 850}),
    }
}

fn videos_body(shape: Shape, vs: &[V]) -> Value {
    let item = |x: &V| -> Value {
        match shape {
            Shape::TopLevel => json!({"id": x.id, "desc": "d", "author": {"uniqueId": x.author},
                "stats": {"playCount": x.plays, "diggCount": x.likes, "commentCount": x.comments, "shareCount": x.shares}}),
            Shape::DataWrapper => json!({"id": x.id, "author": {"uniqueId": x.author},
                "stats": {"playCount": x.plays.to_string(), "diggCount": x.likes.to_string(),
                          "commentCount": x.comments.to_string(), "shareCount": x.shares.to_string()}}),
            Shape::DataStats => {
                json!({"id": x.id, "author": {"uniqueId": x.author, "nickname": "N"},
                "stats": {"playCount": rounded(x.plays), "diggCount": rounded(x.likes),
                          "commentCount": rounded(x.comments), "shareCount": rounded(x.shares)},
                "statsV2": {"playCount": x.plays.to_string(), "diggCount": x.likes.to_string(),
                            "commentCount": x.comments.to_string(), "shareCount": x.shares.to_string()}})
            }
            Shape::Documented | Shape::Unreported => {
                json!({"aweme_id": x.id, "desc": "d", "create_time": 1_767_000_000,
                "author": {"unique_id": x.author, "nickname": "N"},
                "statistics": {"play_count": x.plays, "digg_count": x.likes, "comment_count": x.comments,
                               "share_count": x.shares, "collect_count": 3},
                "text_extra": [{"hashtag_name": "openai"}]})
            }
            Shape::CamelCase => {
                if x.plays == 0 && x.likes == 0 && x.comments == 0 && x.shares == 0 {
                    // Zero counts written as zeros are real zeros.
                    json!({"id": x.id, "author": {"uniqueId": x.author},
                        "statsV2": {"playCount": "0", "diggCount": "0", "commentCount": "0", "shareCount": "0"}})
                } else if x.comments == 0 {
                    // A missing counter counts as 0.
                    json!({"id": x.id, "author": {"uniqueId": x.author},
                        "statsV2": {"playCount": x.plays.to_string(), "diggCount": x.likes.to_string(),
                                    "shareCount": x.shares.to_string()}})
                } else {
                    json!({"id": x.id, "author": {"uniqueId": x.author},
                        "statsV2": {"playCount": x.plays.to_string(), "diggCount": x.likes.to_string(),
                                    "commentCount": x.comments.to_string(), "shareCount": x.shares.to_string()}})
                }
            }
        }
    };
    let mut list: Vec<Value> = vs.iter().map(item).collect();
    if let Shape::CamelCase = shape {
        // A video without a single readable counter is left out of the sample (not counted
        // as zeros), and a repeated id is counted once: neither is in the expected figures.
        list.push(json!({"id": "ghost", "author": {"uniqueId": "ghost"}}));
        if let Some(first) = list.first().cloned() {
            list.push(first);
        }
    }
    match shape {
        Shape::TopLevel => json!({"videos": list, "credits_remaining": 899}),
        Shape::DataWrapper => json!({"data": {"videos": list}}),
        Shape::DataStats | Shape::CamelCase => {
            json!({"data": {"itemList": list, "hasMore": false}, "credits_used": 1})
        }
        Shape::Documented | Shape::Unreported => {
            json!({"data": {"aweme_list": list, "cursor": list.len(), "has_more": 0},
            "response_time": 700, "credits_used": 1, "credits_remaining": 6542})
        }
    }
}

struct Tag {
    name: &'static str,
    shape: Shape,
    /// (video_count, view_count) per day.
    counts: [(u64, u64); 3],
    videos: [Vec<V>; 3],
}

fn tags() -> Vec<Tag> {
    vec![
        Tag {
            name: "aitools",
            shape: Shape::TopLevel,
            counts: [
                (1_000_000, 50_000_000),
                (1_080_000, 52_000_000),
                (1_090_800, 51_000_000),
            ],
            videos: [
                vec![
                    v("1", "amy", 10_000, 900, 40, 60),
                    v("2", "bob", 5_000, 300, 10, 5),
                ],
                vec![
                    v("3", "amy", 20_000, 1_500, 80, 120),
                    v("4", "amy", 1_000, 50, 1, 0),
                    v("5", "cy", 7, 1, 0, 0),
                ],
                vec![],
            ],
        },
        Tag {
            name: "llm",
            shape: Shape::DataWrapper,
            counts: [
                (500_000, 9_000_000),
                (500_000, 9_500_000),
                (490_000, 9_400_000),
            ],
            videos: [
                vec![v("a", "zed", 1_234, 56, 7, 8)],
                vec![v("b", "yan", 4_321, 65, 7, 80), v("c", "xi", 999, 9, 9, 9)],
                vec![v("d", "zed", 100, 10, 1, 2), v("e", "yan", 0, 0, 0, 0)],
            ],
        },
        Tag {
            name: "chatgpt",
            shape: Shape::DataStats,
            counts: [
                (4_102_991, 812_345_678),
                (4_200_001, 830_000_001),
                (4_700_123, 901_234_567),
            ],
            videos: [
                vec![
                    v("p", "kim", 123_456, 7_891, 234, 567),
                    v("q", "lee", 98_765, 4_321, 99, 12),
                ],
                vec![v("r", "kim", 223_456, 17_891, 1_234, 2_567)],
                vec![
                    v("s", "lee", 1_234_567, 45_678, 1_234, 5_678),
                    v("t", "kim", 55_555, 4_444, 333, 222),
                    v("u", "lee", 77_777, 6_666, 555, 444),
                ],
            ],
        },
        Tag {
            name: "claude",
            shape: Shape::CamelCase,
            counts: [
                (341_209, 1_234_567_891),
                (383_307, 1_334_567_892),
                (421_637, 1_434_567_893),
            ],
            videos: [
                vec![
                    v("m", "ann", 31_415, 2_718, 141, 42),
                    v("n", "ann", 0, 0, 0, 0),
                ],
                vec![
                    v("o", "bea", 27_182, 3_141, 0, 59),
                    v("p2", "cal", 16_180, 1_618, 33, 98),
                ],
                vec![
                    v("x", "dan", 11_111, 1_111, 111, 11),
                    v("y", "bea", 22_222, 2_222, 222, 22),
                    v("z", "ann", 33_333, 3_333, 333, 33),
                ],
            ],
        },
        Tag {
            name: "openai",
            shape: Shape::Documented,
            counts: [
                (200_000, 3_000_000),
                (199_000, 3_100_000),
                (210_000, 3_300_000),
            ],
            videos: [
                vec![v("7301", "sam", 50_000, 4_000, 300, 200)],
                vec![
                    v("7302", "sam", 60_000, 5_000, 400, 300),
                    v("7303", "ilya", 10_000, 900, 80, 70),
                ],
                vec![v("7304", "greg", 70_000, 6_000, 500, 400)],
            ],
        },
        Tag {
            name: "fyp",
            shape: Shape::Unreported,
            // (0, views): the video count is not reported; views fall both days.
            counts: [
                (0, 90_000_000_000_000),
                (0, 85_000_000_000_000),
                (0, 75_000_000_000_000),
            ],
            videos: [
                vec![v("9001", "max", 1_000, 100, 10, 1)],
                vec![v("9002", "max", 2_000, 200, 20, 2)],
                vec![v("9003", "liv", 3_000, 300, 30, 3)],
            ],
        },
    ]
}

const DATES: [&str; 3] = ["2026-05-20", "2026-05-21", "2026-05-22"];

async fn serve_day(server: &MockServer, day: usize) {
    common::reset(server).await;
    common::serve_usage(server, "project", 10_000).await;
    for t in tags() {
        let (videos, views) = t.counts[day];
        Mock::given(method("POST"))
            .and(path(STATS))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .and(body_json(json!({"hashtag_name": t.name})))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(stats_body(t.shape, t.name, videos, views)),
            )
            .expect(1)
            .mount(server)
            .await;
        Mock::given(method("POST"))
            .and(path(VIDEOS))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            // One page of 30 at the default sample, from the id the stats answer gave.
            .and(body_json(
                json!({"hashtag_id": id_of(t.name), "cursor": "0", "count": 30}),
            ))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(videos_body(t.shape, &t.videos[day])),
            )
            .expect(1)
            .mount(server)
            .await;
    }
}

fn pct(prev: u64, curr: u64) -> f64 {
    (curr as f64 - prev as f64) / prev as f64 * 100.0
}

#[tokio::test(flavor = "multi_thread")]
async fn three_days_of_every_payload_shape_match_the_served_figures() {
    let server = common::server().await;
    // Config lists tags with '#', capitals and a duplicate: each is fetched once.
    let env = Env::new(
        &server.uri(),
        &[
            "#AITools", "llm", "ChatGPT", "#claude", "aitools", "OpenAI", "fyp",
        ],
        "",
        "",
    );

    for (day, date) in DATES.iter().enumerate() {
        serve_day(&server, day).await;
        let out = env.cmd().args(["fetch", "--date", date]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("6 stored"), "{stdout}");
        assert!(
            stdout.contains("12 made, 12 paid; credits used: 12 ($0.060)"),
            "{stdout}"
        );
        // Exactly 2 requests per hashtag per day, one to each endpoint.
        let mut seen = requests_by(&server).await;
        seen.sort();
        let mut want: Vec<(String, String)> = tags()
            .iter()
            .flat_map(|t| {
                [
                    (STATS.to_string(), t.name.to_string()),
                    (VIDEOS.to_string(), t.name.to_string()),
                ]
            })
            .collect();
        want.sort();
        assert_eq!(seen, want, "day {day}");
        server.verify().await;
    }

    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 18);
    assert_eq!(
        env.count("SELECT count(*) FROM responses WHERE parsed_ok = 1"),
        36
    );
    assert_eq!(env.count("SELECT count(*) FROM requests"), 36);
    // Each hashtag's id is kept, as the answers gave it.
    for t in tags() {
        let id: String = env
            .conn()
            .query_row("SELECT id FROM hashtags WHERE name = ?1", [t.name], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(id, id_of(t.name), "{}", t.name);
    }

    for day in 0..3 {
        let report = env.json(&["report", "--date", DATES[day], "--format", "json"]);
        assert_eq!(report["date"], DATES[day]);
        let rows = report["hashtags"].as_array().unwrap();
        assert_eq!(rows.len(), 6);
        for t in tags() {
            let row = rows.iter().find(|r| r["hashtag"] == t.name).unwrap();
            let (videos, views) = t.counts[day];
            let vs = &t.videos[day];
            let plays: u64 = vs.iter().map(|x| x.plays).sum();
            let likes: u64 = vs.iter().map(|x| x.likes).sum();
            let comments: u64 = vs.iter().map(|x| x.comments).sum();
            let shares: u64 = vs.iter().map(|x| x.shares).sum();
            let ctx = format!("{} day {day}", t.name);
            let unreported = matches!(t.shape, Shape::Unreported);
            if unreported {
                assert_eq!(row["video_count"], Value::Null, "{ctx}");
                assert_eq!(row["basis"], "views", "{ctx}");
            } else {
                assert_eq!(row["video_count"], videos, "{ctx}");
                assert_eq!(row["basis"], "videos", "{ctx}");
            }
            assert_eq!(row["view_count"], views, "{ctx}");
            assert_eq!(row["sample_size"], vs.len(), "{ctx}");
            assert_eq!(row["plays"], plays, "{ctx}");
            assert_eq!(row["likes"], likes, "{ctx}");
            assert_eq!(row["comments"], comments, "{ctx}");
            assert_eq!(row["shares"], shares, "{ctx}");
            let er = if plays == 0 {
                0.0
            } else {
                (likes + comments + shares) as f64 / plays as f64
            };
            assert!(
                close(&row["engagement_rate"], er),
                "{ctx}: {} vs {er}",
                row["engagement_rate"]
            );
            let virality = if vs.is_empty() {
                0.0
            } else {
                shares as f64 / vs.len() as f64
            };
            assert!(close(&row["virality"], virality), "{ctx}");
            // Top creators: most videos, ties by name, at most 3.
            let mut counts: Vec<(String, u64)> = Vec::new();
            for x in vs {
                match counts.iter_mut().find(|c| c.0 == x.author) {
                    Some(c) => c.1 += 1,
                    None => counts.push((x.author.to_string(), 1)),
                }
            }
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            counts.truncate(3);
            let want: Vec<Value> = counts
                .iter()
                .map(|(u, n)| json!({"username": u, "videos": n}))
                .collect();
            assert_eq!(row["top_creators"], Value::Array(want), "{ctx}");
            if day == 0 {
                assert_eq!(row["prev_date"], Value::Null, "{ctx}");
                assert_eq!(row["video_growth_pct"], Value::Null, "{ctx}");
                assert_eq!(row["view_growth_pct"], Value::Null, "{ctx}");
            } else {
                let (pv, pw) = t.counts[day - 1];
                assert_eq!(row["prev_date"], DATES[day - 1], "{ctx}");
                if unreported {
                    assert_eq!(row["video_growth_pct"], Value::Null, "{ctx}");
                } else {
                    assert!(close(&row["video_growth_pct"], pct(pv, videos)), "{ctx}");
                }
                assert!(close(&row["view_growth_pct"], pct(pw, views)), "{ctx}");
            }
        }
    }

    // Trends on day 3: ranked by video growth, direction by its sign, trending above 5 %.
    let trends = env.json(&[
        "trends", "--date", DATES[2], "--format", "json", "--sort", "growth",
    ]);
    let rows = trends["hashtags"].as_array().unwrap();
    // A hashtag without a video count has no video growth: it sorts last; its direction and
    // trending follow its views.
    let mut want: Vec<(&str, Option<f64>, f64)> = tags()
        .iter()
        .map(|t| {
            let views = pct(t.counts[1].1, t.counts[2].1);
            match t.shape {
                Shape::Unreported => (t.name, None, views),
                _ => {
                    let g = pct(t.counts[1].0, t.counts[2].0);
                    (t.name, Some(g), g)
                }
            }
        })
        .collect();
    want.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(b.0),
    });
    let order: Vec<&str> = rows
        .iter()
        .map(|r| r["hashtag"].as_str().unwrap())
        .collect();
    assert_eq!(order, want.iter().map(|w| w.0).collect::<Vec<_>>());
    for (row, (name, video_g, g)) in rows.iter().zip(&want) {
        match video_g {
            Some(vg) => assert!(close(&row["video_growth_pct"], *vg), "{name}"),
            None => {
                assert_eq!(row["video_growth_pct"], Value::Null, "{name}");
                assert_eq!(row["basis"], "views", "{name}");
                assert_eq!(row["suspect"], false, "{name}: never a collapse");
            }
        }
        let direction = if *g > 0.0 {
            "rising"
        } else if *g < 0.0 {
            "falling"
        } else {
            "stable"
        };
        assert_eq!(row["direction"], direction, "{name}");
        assert_eq!(row["trending"], *g > 5.0, "{name}");
    }
    // With only three days the default (momentum) order is the growth order too.
    let default = env.json(&["trends", "--format", "json"]);
    assert_eq!(default["date"], DATES[2]);
    let default_order: Vec<&str> = default["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["hashtag"].as_str().unwrap())
        .collect();
    assert_eq!(default_order, order);

    // Day 1: every hashtag is new.
    let first = env.json(&["trends", "--date", DATES[0], "--format", "json"]);
    for row in first["hashtags"].as_array().unwrap() {
        assert_eq!(row["direction"], "new");
        assert_eq!(row["trending"], false);
    }

    // A lower threshold flags more.
    let low = env.json(&[
        "trends",
        "--date",
        DATES[1],
        "--format",
        "json",
        "--threshold",
        "0",
    ]);
    let trending: Vec<&str> = low["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["trending"] == true)
        .map(|r| r["hashtag"].as_str().unwrap())
        .collect();
    let mut trending = trending;
    trending.sort();
    assert_eq!(trending, ["aitools", "chatgpt", "claude"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn text_formats_show_the_same_rows() {
    let server = common::server().await;
    let env = Env::new(
        &server.uri(),
        &["aitools", "llm", "chatgpt", "claude", "openai", "fyp"],
        "",
        "",
    );
    serve_day(&server, 0).await;
    env.cmd()
        .args(["fetch", "--date", DATES[0]])
        .assert()
        .success();
    serve_day(&server, 1).await;
    env.cmd()
        .args(["fetch", "--date", DATES[1]])
        .assert()
        .success();

    let csv = env
        .cmd()
        .args(["report", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("hashtag,video_count,view_count,video_growth_pct"),
        "{header}"
    );
    let aitools = lines.find(|l| l.starts_with("aitools,")).unwrap();
    assert!(
        aitools.starts_with("aitools,1080000,52000000,"),
        "{aitools}"
    );

    let md = env
        .cmd()
        .args(["report", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("| #aitools | 1,080,000 | 52,000,000 | +8.0% | +4.0% |"),
        "{md}"
    );

    let table = env.cmd().args(["report"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("1,080,000") && table.contains("+8.0%"),
        "{table}"
    );
    assert!(!table.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn demo_runs_without_key_or_network_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("tracker")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("SCAVIO_API_KEY")
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB")
        .env("NO_COLOR", "1")
        .args(["demo", "--days", "10"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("#vibecoding") && stdout.contains("BREAKOUT"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Hashtag report") && stdout.contains("Trends"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
