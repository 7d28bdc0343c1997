//! Issue #12: `tracker fetch` speaks Scavio's real contract (the SDKs' request bodies, pages
//! of videos by the hashtag's id, the free usage check, credits and plan limits). The real
//! binary against strict mocks on loopback; request counts and database contents checked.

mod common;

use common::{Env, STATS, USAGE, VIDEOS, id_of, paid_requests, requests_by, serve_usage};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DAY: &str = "2026-03-01";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn video(id: &str, plays: u64) -> Value {
    json!({"aweme_id": id, "desc": "d", "create_time": 1_767_000_000,
        "author": {"unique_id": format!("u{}", plays % 3)},
        "statistics": {"play_count": plays, "digg_count": plays / 10, "comment_count": 1,
                       "share_count": 2, "collect_count": 0}})
}

/// Good answers for every hashtag: a documented stats answer with its id, one page of videos.
async fn serve_all_ok(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(common::stats_answer(
            json!({"data": {"challengeInfo": {"challenge": {"title": "",
                "stats": {"videoCount": 1000, "viewCount": 50_000}}}}, "credits_used": 1}),
        ))
        .with_priority(10)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"aweme_list": [video("1", 100)], "cursor": 1, "has_more": 0}}),
        ))
        .with_priority(10)
        .mount(server)
        .await;
}

fn tags(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("t{i:02}")).collect()
}

fn env_for(server: &MockServer, n: usize, extra_api: &str, extra: &str) -> Env {
    let tags = tags(n);
    let refs: Vec<&str> = tags.iter().map(String::as_str).collect();
    Env::new(&server.uri(), &refs, extra_api, extra)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_key_costs_no_paid_request() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    Mock::given(method("GET"))
        .and(path(USAGE))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"code": "unauthorized", "message": "Invalid or missing API key"}}),
        ))
        .mount(&server)
        .await;
    let env = env_for(&server, 4, "", "");
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("rejected the key") && err.contains("Invalid or missing API key"),
        "{err}"
    );
    assert!(err.contains("SCAVIO_API_KEY"), "{err}");
    assert!(paid_requests(&server).await.is_empty(), "no paid request");
    for table in ["runs", "requests", "responses", "snapshots"] {
        assert_eq!(
            env.count(&format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_balance_below_the_run_is_refused_before_spending() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    serve_usage(&server, "free", 5).await;
    let env = env_for(&server, 10, "", "");
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("this run needs 20 credits, the account has 5"),
        "{err}"
    );
    assert!(err.contains("top up at https://"), "{err}");
    assert!(paid_requests(&server).await.is_empty());
    assert_eq!(env.count("SELECT count(*) FROM runs"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn out_of_credits_mid_run_stops_at_once_and_keeps_what_was_paid() {
    let server = common::server().await;
    let env = env_for(&server, 5, "", "");
    // The account runs dry after two answers (one hashtag's stats and videos): the 402
    // takes over.
    serve_usage(&server, "free", 100).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(402).set_body_json(json!({"error": {
            "code": "insufficient_credits",
            "message": "No credits remaining.",
            "billing_url": "https://scavio.dev/billing?from=402"}})))
        .with_priority(20)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(common::stats_answer(
            json!({"video_count": 10, "view_count": 99}),
        ))
        .up_to_n_times(1)
        .with_priority(10)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"aweme_list": [video("1", 100)], "cursor": 1, "has_more": 0}}),
        ))
        .up_to_n_times(1)
        .with_priority(10)
        .mount(&server)
        .await;
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("ran out of credits"), "{err}");
    assert!(
        err.contains("top up at https://scavio.dev/billing?from=402"),
        "{err}"
    );
    assert!(!err.contains("SCAVIO_API_KEY"), "{err}");
    // Free plan: one in flight. The two good answers (a stats answer, and the videos
    // answer when it went before the next hashtag's stats call) then the 402, and nothing
    // after it; every answer before it is kept.
    let sent = paid_requests(&server).await.len() as i64;
    assert!((2..=3).contains(&sent), "{sent} requests");
    assert_eq!(
        env.count("SELECT count(*) FROM responses WHERE parsed_ok = 1"),
        sent - 1
    );
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), sent - 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sample_of_45_takes_two_pages_from_the_first_cursor_and_counts_repeats_once() {
    let server = common::server().await;
    serve_usage(&server, "project", 1000).await;
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(common::stats_answer(
            json!({"video_count": 10, "view_count": 99}),
        ))
        .mount(&server)
        .await;
    let id = id_of("paged");
    let first: Vec<Value> = (0..30).map(|i| video(&format!("v{i}"), 100 + i)).collect();
    // The second page repeats three videos of the first, as TikTok does.
    let second: Vec<Value> = (27..42).map(|i| video(&format!("v{i}"), 100 + i)).collect();
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .and(body_json(
            json!({"hashtag_id": id, "cursor": "0", "count": 30}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"aweme_list": first, "cursor": 30, "has_more": 1}, "credits_used": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // Page two first fails: the re-run buys only it.
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .and(body_json(
            json!({"hashtag_id": id, "cursor": "30", "count": 15}),
        ))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .and(body_json(
            json!({"hashtag_id": id, "cursor": "30", "count": 15}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"aweme_list": second, "cursor": 45, "has_more": 0}, "credits_used": 1}),
        ))
        .mount(&server)
        .await;
    let env = Env::new(
        &server.uri(),
        &["paged"],
        "max_retries = 0",
        "[sample]\nvideos = 45",
    );
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("videos page 2"), "{}", stderr(&out));
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let bodies = common::videos_bodies(&server).await;
    assert_eq!(
        bodies,
        [
            json!({"hashtag_id": id, "cursor": "0", "count": 30}),
            json!({"hashtag_id": id, "cursor": "30", "count": 15}),
            json!({"hashtag_id": id, "cursor": "30", "count": 15}),
        ],
        "page 1 once; page 2 failed, then bought again alone"
    );
    assert_eq!(
        env.count("SELECT sample_size FROM snapshots WHERE hashtag = 'paged'"),
        42
    );
    assert_eq!(
        env.count("SELECT count(DISTINCT video_id) FROM videos WHERE hashtag = 'paged'"),
        42
    );
    assert_eq!(
        env.count("SELECT count(*) FROM responses WHERE endpoint = 'videos' AND parsed_ok = 1"),
        2
    );
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clean_day_at_the_default_sample_is_one_stats_and_one_videos_call() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    serve_usage(&server, "growth", 1000).await;
    let env = env_for(&server, 6, "", "");
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let seen = requests_by(&server).await;
    assert_eq!(seen.len(), 12);
    for t in tags(6) {
        assert_eq!(
            seen.iter().filter(|(p, n)| p == STATS && *n == t).count(),
            1
        );
        assert_eq!(
            seen.iter().filter(|(p, n)| p == VIDEOS && *n == t).count(),
            1
        );
    }
    let s = stdout(&out);
    assert!(
        s.contains("credits used: 12") && s.contains("balance after: 988 credits"),
        "{s}"
    );
    // The usage check is made once, and is free.
    let usage = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == USAGE)
        .count();
    assert_eq!(usage, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_limit_of_one_in_flight_completes_with_only_a_few_429s() {
    use tracker::sim::{SimOptions, SimServer};
    let sim = SimServer::start(SimOptions {
        latency: std::time::Duration::from_millis(5),
        credits: 1_000,
        // A plan this build does not know: the limit must be found, not looked up.
        plan: Some("enterprise-trial".into()),
        max_in_flight: Some(1),
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let names = tags(12);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let env = Env::new(&sim.base_url(), &refs, "concurrency = 8", "");
    let run = |env: &Env| env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    let out = tokio::task::block_in_place(|| run(&env));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 12);
    assert_eq!(sim.paid(), 24);
    assert!(sim.refused() <= 3, "{} 429s", sim.refused());
    // What was learnt is remembered: the next day starts at one in flight.
    let before = sim.refused();
    let out = tokio::task::block_in_place(|| {
        env.cmd()
            .args(["fetch", "--date", "2026-03-02"])
            .output()
            .unwrap()
    });
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sim.refused(), before, "no 429 on the next run");
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_shows_the_plan_and_the_balance() {
    let server = common::server().await;
    serve_usage(&server, "bootstrap", 27_500).await;
    let env = env_for(&server, 2, "", "");
    let out = env.cmd().arg("doctor").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.contains("bootstrap plan, 27,500 credits"), "{s}");
    assert!(paid_requests(&server).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreported_video_count_is_null_and_growth_follows_views() {
    let server = common::server().await;
    let env = Env::new(&server.uri(), &["fyp", "known"], "", "");
    let views = [
        119_178_100_000_000u64,
        126_000_000_000_000,
        126_400_000_000_000,
    ];
    let dates = ["2026-05-20", "2026-05-21", "2026-05-22"];
    for day in 0..3 {
        common::reset(&server).await;
        serve_usage(&server, "project", 1000).await;
        // As in the skill file: videoCount 0 beside a huge viewCount.
        Mock::given(method("POST"))
            .and(path(STATS))
            .and(body_json(json!({"hashtag_name": "fyp"})))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"data": {"challengeInfo":
                {"challenge": {"id": id_of("fyp"), "title": "fyp", "desc": "",
                 "stats": {"videoCount": 0, "viewCount": views[day]}}}}, "credits_used": 1}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(STATS))
            .and(body_json(json!({"hashtag_name": "known"})))
            .respond_with(common::stats_answer(
                json!({"video_count": 1000 + day as u64 * 10, "view_count": 5000}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(VIDEOS))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"data": {"aweme_list": [video("1", 100)], "cursor": 1, "has_more": 0}}),
            ))
            .expect(2)
            .mount(&server)
            .await;
        let out = env
            .cmd()
            .args(["fetch", "--date", dates[day]])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        server.verify().await;
    }
    assert_eq!(
        env.count("SELECT count(*) FROM snapshots WHERE hashtag = 'fyp' AND video_count IS NULL"),
        3
    );
    let report = env.json(&["report", "--date", dates[1], "--format", "json"]);
    let row = report["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["hashtag"] == "fyp")
        .unwrap()
        .clone();
    assert_eq!(row["video_count"], Value::Null);
    assert_eq!(row["basis"], "views");
    assert_eq!(row["video_growth_pct"], Value::Null);
    let want = (views[1] as f64 - views[0] as f64) / views[0] as f64 * 100.0;
    assert!(common::close(&row["view_growth_pct"], want), "{row}");
    let trends = env.json(&["trends", "--date", dates[1], "--format", "json"]);
    let rows = trends["hashtags"].as_array().unwrap();
    let fyp = rows.iter().find(|r| r["hashtag"] == "fyp").unwrap();
    assert_eq!(fyp["basis"], "views");
    assert_eq!(fyp["video_count"], Value::Null);
    assert_eq!(
        fyp["suspect"], false,
        "an unknown count is never a collapse"
    );
    assert_eq!(fyp["direction"], "rising");
    assert_eq!(fyp["trending"], true, "views grew {want:.2} %");
    let known = rows.iter().find(|r| r["hashtag"] == "known").unwrap();
    assert_eq!(known["basis"], "videos");
    assert_eq!(known["trending"], false, "videos grew 1 %");
    // Day 3: views grew 0.29 %, not trending, still no suspect day.
    let trends = env.json(&["trends", "--date", dates[2], "--format", "json"]);
    let fyp = trends["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["hashtag"] == "fyp")
        .unwrap()
        .clone();
    assert_eq!(
        (fyp["suspect"].clone(), fyp["trending"].clone()),
        (json!(false), json!(false))
    );
    let table = env
        .cmd()
        .args(["report", "--date", dates[1]])
        .output()
        .unwrap();
    let table = stdout(&table);
    let line = table.lines().find(|l| l.contains("#fyp")).unwrap();
    assert!(line.contains('—'), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_free_key_at_the_default_concurrency_gets_no_429() {
    use tracker::sim::{SimOptions, SimServer};
    let sim = SimServer::start(SimOptions {
        latency: std::time::Duration::from_millis(2),
        credits: 50,
        plan: Some("free".into()),
        max_in_flight: Some(1),
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let names = tags(5);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    // The config's default concurrency (8) is only an upper bound: the plan allows 1.
    let env = Env::new(&sim.base_url(), &refs, "", "");
    let out =
        tokio::task::block_in_place(|| env.cmd().args(["fetch", "--date", DAY]).output().unwrap());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!((sim.paid(), sim.refused()), (10, 0));
    let s = stdout(&out);
    assert!(s.contains("balance after: 40 credits (free plan)"), "{s}");
}
