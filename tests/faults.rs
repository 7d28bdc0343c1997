//! Issue: money and data safety. The real binary against a loopback mock that misbehaves;
//! each rule is asserted by request counts and database contents, not output text alone.

mod common;

use common::{Env, KEY, STATS, VIDEOS, requests_by};
use serde_json::json;
use std::process::Stdio;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn stats_ok(videos: u64) -> common::StatsAnswer {
    common::stats_answer(
        json!({"video_count": videos, "view_count": videos * 100, "credits_remaining": 42}),
    )
}

fn videos_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"videos": [
        {"id": "1", "author": {"uniqueId": "amy"}, "stats": {"playCount": 100, "diggCount": 10, "commentCount": 1, "shareCount": 2}}
    ]}))
}

/// Serves good answers for every hashtag (lowest priority, so tests can override one).
async fn serve_all_ok(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(stats_ok(1000))
        .with_priority(10)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(videos_ok())
        .with_priority(10)
        .mount(server)
        .await;
}

/// Serves good answers to everything after a delay, so a run is still going when we act.
async fn serve_slowly(server: &MockServer, videos: u64, stats_ms: u64, videos_ms: u64) {
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(stats_ok(videos).delay(Duration::from_millis(stats_ms)))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(videos_ok().set_delay(Duration::from_millis(videos_ms)))
        .mount(server)
        .await;
}

/// `tracker fetch --date D` started in the background with the test key.
fn spawn_fetch(env: &Env, date: &str) -> std::process::Child {
    spawn_fetch_to(env, date, Stdio::null())
}

/// `spawn_fetch`, with its stderr sent to `stderr`.
fn spawn_fetch_to(env: &Env, date: &str, stderr: Stdio) -> std::process::Child {
    env.process()
        .args(["fetch", "--date", date])
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("spawn tracker")
}

/// Waits (up to 20 s) until a running fetch has committed `n` snapshots for `DAY`.
fn wait_for_snapshots(env: &Env, n: i64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let sql = format!("SELECT count(*) FROM snapshots WHERE date = '{DAY}'");
    while Instant::now() < deadline {
        let stored = rusqlite::Connection::open(&env.db)
            .and_then(|c| c.query_row(&sql, [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0);
        if stored >= n {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Ctrl-C, as a terminal sends it: SIGINT to the child.
fn interrupt(child: &std::process::Child) {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// `n` hashtags fetched `concurrency` requests at a time, with the day before `DAY` stored
/// in full.
fn env_with_yesterday(server: &MockServer, n: usize, concurrency: usize) -> Env {
    let tags: Vec<String> = (0..n).map(|i| format!("t{i:02}")).collect();
    let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
    let env = Env::new(
        &server.uri(),
        &tag_refs,
        &format!("concurrency = {concurrency}"),
        "",
    );
    env.cmd()
        .args(["fetch", "--date", "2026-02-28"])
        .assert()
        .success();
    env
}

async fn override_for(
    server: &MockServer,
    endpoint: &str,
    tag: &str,
    response: impl wiremock::Respond + 'static,
) {
    Mock::given(method("POST"))
        .and(path(endpoint))
        .and(common::for_tag(endpoint, tag))
        .respond_with(response)
        .with_priority(1)
        .mount(server)
        .await;
}

async fn count_for(server: &MockServer, endpoint: &str, tag: &str) -> usize {
    requests_by(server)
        .await
        .iter()
        .filter(|(p, t)| p == endpoint && t == tag)
        .count()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const DAY: &str = "2026-03-01";

#[tokio::test(flavor = "multi_thread")]
async fn missing_key_sends_nothing() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    let env = Env::new(&server.uri(), &["a", "b"], "", "");
    let out = env
        .cmd()
        .env_remove("SCAVIO_API_KEY")
        .args(["fetch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("SCAVIO_API_KEY"), "{}", stderr(&out));
    assert!(requests_by(&server).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn rejected_key_stops_at_once_stores_nothing_and_never_shows_the_key() {
    let server = common::server().await;
    // The API even echoes the wrong key back.
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": format!("invalid API key {KEY}")})),
        )
        .mount(&server)
        .await;
    let env = Env::new(&server.uri(), &["a", "b", "c", "d"], "", "");
    let out = env
        .cmd()
        .args(["-vv", "fetch", "--concurrency", "8", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("rejected the key") && err.contains("401"),
        "{err}"
    );
    assert!(
        err.contains("invalid API key"),
        "the API's message is shown: {err}"
    );
    assert!(
        !err.contains(KEY) && !stdout(&out).contains(KEY),
        "key leaked: {err}"
    );
    assert_eq!(
        requests_by(&server).await.len(),
        1,
        "the run stops at the first 401"
    );
    for table in ["snapshots", "responses", "requests", "runs", "videos"] {
        assert_eq!(
            env.count(&format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    let bytes = std::fs::read(&env.db).unwrap();
    assert!(!bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()));

    // 403 is treated the same way.
    common::reset(&server).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_string("forbidden"))
        .mount(&server)
        .await;
    let out = env
        .cmd()
        .args(["fetch", "--concurrency", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("403"));
    assert_eq!(requests_by(&server).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn not_found_is_not_retried_and_the_others_are_stored() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    override_for(
        &server,
        STATS,
        "ghost",
        ResponseTemplate::new(404).set_body_json(json!({"message": "hashtag not found"})),
    )
    .await;
    override_for(
        &server,
        VIDEOS,
        "bad",
        ResponseTemplate::new(400).set_body_json(json!({"error": "invalid hashtag"})),
    )
    .await;
    let env = Env::new(
        &server.uri(),
        &["good", "ghost", "bad"],
        "max_retries = 3",
        "",
    );
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "partial failure has its own code"
    );
    let err = stderr(&out);
    assert!(
        err.contains("#ghost") && err.contains("404") && err.contains("hashtag not found"),
        "{err}"
    );
    assert!(
        err.contains("#bad") && err.contains("400") && err.contains("invalid hashtag"),
        "{err}"
    );
    assert_eq!(count_for(&server, STATS, "ghost").await, 1);
    // A failed stats call gets no videos call: nothing more is spent on #ghost.
    assert_eq!(count_for(&server, VIDEOS, "ghost").await, 0);
    assert_eq!(
        env.count("SELECT count(*) FROM responses WHERE hashtag = 'ghost'"),
        0
    );
    assert_eq!(count_for(&server, VIDEOS, "bad").await, 1);
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 1);
    assert_eq!(
        env.count("SELECT count(*) FROM snapshots WHERE hashtag = 'good'"),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limit_honours_retry_after_then_succeeds() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    Mock::given(method("POST"))
        .and(path(STATS))
        .and(common::for_tag(STATS, "busy"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let env = Env::new(&server.uri(), &["busy", "calm"], "max_retries = 2", "");
    let started = Instant::now();
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(count_for(&server, STATS, "busy").await, 2);
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 2);
    // The 429 is logged but not charged.
    assert_eq!(
        env.count("SELECT count(*) FROM requests WHERE status = 429 AND cost_usd = 0"),
        1
    );
    assert!(
        stdout(&out).contains("5 made, 4 paid; credits used: 4 ($0.020)"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_are_retried_a_bounded_number_of_times() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    override_for(
        &server,
        VIDEOS,
        "flaky",
        ResponseTemplate::new(503).set_body_string("<html>Service Unavailable</html>"),
    )
    .await;
    let env = Env::new(&server.uri(), &["flaky", "fine"], "max_retries = 2", "");
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        count_for(&server, VIDEOS, "flaky").await,
        3,
        "1 try + 2 retries"
    );
    let err = stderr(&out);
    assert!(
        err.contains("#flaky") && err.contains("503") && err.contains("3 tries"),
        "{err}"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM requests WHERE hashtag = 'flaky' AND status = 503"),
        3
    );
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_answers_time_out_and_are_retried() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    override_for(
        &server,
        STATS,
        "slow",
        stats_ok(5).delay(Duration::from_secs(4)),
    )
    .await;
    let env = Env::new(&server.uri(), &["slow", "quick"], "max_retries = 1", "");
    std::fs::write(
        &env.config,
        std::fs::read_to_string(&env.config)
            .unwrap()
            .replace("timeout_secs = 5", "timeout_secs = 1"),
    )
    .unwrap();
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    assert_eq!(count_for(&server, STATS, "slow").await, 2);
    assert_eq!(
        env.count("SELECT count(*) FROM snapshots WHERE hashtag = 'quick'"),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_bodies_fail_that_hashtag_and_are_kept() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    override_for(
        &server,
        STATS,
        "cut",
        ResponseTemplate::new(200).set_body_raw(
            b"{\"video_count\": 12, \"view_co".to_vec(),
            "application/json",
        ),
    )
    .await;
    override_for(
        &server,
        VIDEOS,
        "html",
        ResponseTemplate::new(200).set_body_raw(
            b"<html><body>Bad gateway</body></html>".to_vec(),
            "text/html",
        ),
    )
    .await;
    override_for(
        &server,
        STATS,
        "empty",
        ResponseTemplate::new(200).set_body_json(json!({"data": {}, "credits_used": 1})),
    )
    .await;
    let env = Env::new(&server.uri(), &["cut", "html", "empty", "ok"], "", "");
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    for tag in ["#cut", "#html", "#empty"] {
        assert!(err.contains(tag), "{tag} named: {err}");
    }
    assert!(
        err.contains("not JSON") && err.contains("no video count"),
        "{err}"
    );
    // Only the good one has a snapshot; none is a silent zero.
    let tags: Vec<String> = env
        .conn()
        .prepare("SELECT hashtag FROM snapshots")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(tags, ["ok"]);
    // The unreadable bodies are kept for inspection.
    let body: Vec<u8> = env
        .conn()
        .query_row(
            "SELECT body FROM responses WHERE hashtag = 'html' AND endpoint = 'videos' AND parsed_ok = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Stored compressed; read back exactly as received.
    assert_eq!(
        tracker::store::codec::decode(&body).unwrap(),
        b"<html><body>Bad gateway</body></html>"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM responses WHERE parsed_ok = 0"),
        3
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reruns_pay_only_for_what_is_missing_down_to_the_endpoint() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    override_for(&server, VIDEOS, "half", ResponseTemplate::new(500)).await;
    let env = Env::new(
        &server.uri(),
        &["half", "whole", "other"],
        "max_retries = 0",
        "",
    );

    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(requests_by(&server).await.len(), 6);

    // The API recovers; the re-run buys only the one videos call that failed.
    common::reset(&server).await;
    serve_all_ok(&server).await;
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        requests_by(&server).await,
        [(VIDEOS.to_string(), "half".to_string())],
        "only the missing endpoint is re-fetched"
    );
    let s = stdout(&out);
    assert!(
        s.contains("1 stored, 2 already stored") && s.contains("1 made, 1 paid"),
        "{s}"
    );
    assert!(s.contains("1 stored answers reused"), "{s}");
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 3);

    // A third run spends nothing at all, and says so.
    common::reset(&server).await;
    serve_all_ok(&server).await;
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert!(out.status.success());
    assert!(requests_by(&server).await.is_empty());
    let s = stdout(&out);
    assert!(
        s.contains("already stored for 2026-03-01, nothing spent on: #half #whole #other"),
        "{s}"
    );
    assert!(
        s.contains("0 made, 0 paid; credits used: 0 ($0.000)"),
        "{s}"
    );

    // --force with --tag buys exactly that hashtag again.
    let out = env
        .cmd()
        .args(["fetch", "--date", DAY, "--force", "--tag", "#Whole"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut seen = requests_by(&server).await;
    seen.sort();
    assert_eq!(
        seen,
        [
            (STATS.to_string(), "whole".to_string()),
            (VIDEOS.to_string(), "whole".to_string())
        ]
    );

    // The run log adds up: costs per day and month.
    let costs = env.json(&["costs", "--format", "json"]);
    assert_eq!(costs["total_requests"], 6 + 1 + 2);
    assert_eq!(costs["total_paid_requests"], 5 + 1 + 2);
    assert!((costs["total_cost_usd"].as_f64().unwrap() - 8.0 * 0.005).abs() < 1e-9);
    assert_eq!(costs["months"].as_array().unwrap().len(), 1);
    let days = costs["days"].as_array().unwrap();
    assert_eq!(days.len(), 1, "all runs were today");
    assert_eq!(days[0]["requests"], 9);
    // Credits are the API's unit; the balance after is the last one an answer gave.
    assert_eq!(days[0]["credits_used"], 8);
    assert_eq!(days[0]["balance_after"], 42);
    let csv = env
        .cmd()
        .args(["costs", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.starts_with(
            "per,period,runs,requests,paid_requests,credits_used,balance_after,possibly_charged,cost_usd\nday,"
        ),
        "{csv}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn budget_refuses_before_the_first_request() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    let env = Env::new(
        &server.uri(),
        &["a", "b", "c"],
        "",
        "[budget]\nmax_requests_per_run = 5",
    );
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("needs 6 requests") && err.contains("allows 5"),
        "{err}"
    );
    assert!(requests_by(&server).await.is_empty());
    assert_eq!(env.count("SELECT count(*) FROM runs"), 0);
    // The flag overrides the config.
    env.cmd()
        .args(["fetch", "--date", DAY, "--max-requests", "6"])
        .assert()
        .success();
    assert_eq!(requests_by(&server).await.len(), 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_fetch_on_the_same_database_does_not_spend_and_reports_still_read() {
    let server = common::server().await;
    serve_slowly(&server, 10, 400, 400).await;
    let env = env_with_yesterday(&server, 8, 2);
    let before = requests_by(&server).await.len();
    assert_eq!(before, 16);

    let mut child = spawn_fetch(&env, DAY);
    // Wait until the first run holds the lock and is spending.
    let deadline = Instant::now() + Duration::from_secs(20);
    while requests_by(&server).await.len() <= before && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let second = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second).contains("another `tracker fetch` is running"),
        "{}",
        stderr(&second)
    );

    // Readers see the last committed state while the fetch writes.
    let report = env.json(&["report", "--date", "2026-02-28", "--format", "json"]);
    assert_eq!(report["hashtags"].as_array().unwrap().len(), 8);
    env.cmd()
        .args(["trends", "--format", "json"])
        .assert()
        .success();

    assert!(child.wait().unwrap().success());
    assert_eq!(
        requests_by(&server).await.len(),
        32,
        "only the first run spent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_dash_nine_mid_fetch_leaves_a_consistent_database_and_a_rerun_completes() {
    let server = common::server().await;
    serve_slowly(&server, 77, 150, 250).await;
    let env = env_with_yesterday(&server, 30, 3);
    let yesterday = |env: &Env| -> Vec<(String, i64, i64, String)> {
        env.conn()
            .prepare("SELECT hashtag, video_count, plays, fetched_at FROM snapshots WHERE date = '2026-02-28' ORDER BY hashtag")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = yesterday(&env);
    assert_eq!(before.len(), 30);
    common::reset(&server).await;
    serve_slowly(&server, 88, 150, 250).await;

    let mut child = spawn_fetch(&env, DAY);
    // Wait until the run is well under way (some snapshots committed), then kill it.
    wait_for_snapshots(&env, 3);
    // SIGKILL: no destructor, no flush, no goodbye.
    child.kill().unwrap();
    child.wait().unwrap();

    let integrity: String = env
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(yesterday(&env), before, "earlier days are untouched");
    let partial = env.count(&format!(
        "SELECT count(*) FROM snapshots WHERE date = '{DAY}'"
    ));
    assert!(
        partial > 0 && partial < 30,
        "killed mid-run ({partial} stored)"
    );
    let paid_before = env.count(&format!(
        "SELECT count(*) FROM responses WHERE date = '{DAY}' AND parsed_ok = 1"
    ));
    let spent_before = requests_by(&server).await.len() as i64;

    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM snapshots WHERE date = '{DAY}'"
        )),
        30
    );
    let spent_rerun = requests_by(&server).await.len() as i64 - spent_before;
    assert_eq!(
        spent_rerun,
        60 - paid_before,
        "the re-run buys only what was not stored"
    );
    assert_eq!(yesterday(&env), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_new_requests_and_stores_every_answer_already_paid_for() {
    let server = common::server().await;
    serve_slowly(&server, 88, 150, 250).await;
    let env = Env::new(
        &server.uri(),
        &(0..30)
            .map(|i| format!("t{i:02}"))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        "concurrency = 3",
        "",
    );
    let child = spawn_fetch_to(&env, DAY, Stdio::piped());
    wait_for_snapshots(&env, 3);
    interrupt(&child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));

    // Every request the API answered was stored: nothing paid for was thrown away.
    let sent = requests_by(&server).await.len() as i64;
    let kept = env.count(&format!(
        "SELECT count(*) FROM responses WHERE date = '{DAY}'"
    ));
    assert_eq!(sent, kept, "answers in flight at Ctrl-C are stored");
    let stored = env.count(&format!(
        "SELECT count(*) FROM snapshots WHERE date = '{DAY}'"
    ));
    assert!(stored > 0 && stored < 30, "{stored} stored");
    assert_eq!(
        env.count("SELECT count(*) FROM runs WHERE status = 'interrupted'"),
        1
    );
    // No new request went out after the signal: far fewer than the 60 a full run needs.
    assert!(sent < 60, "{sent} sent");

    // A re-run buys exactly what is missing.
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(requests_by(&server).await.len() as i64 - sent, 60 - kept);
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_does_not_wait_out_a_backoff() {
    let server = common::server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    // A 20 s backoff after each 503: Ctrl-C must not sit through it.
    let env = Env::new(&server.uri(), &["a", "b"], "max_retries = 3", "");
    let text = std::fs::read_to_string(&env.config).unwrap();
    std::fs::write(
        &env.config,
        text.replace("retry_base_ms = 10", "retry_base_ms = 20000"),
    )
    .unwrap();
    let child = spawn_fetch(&env, DAY);
    tokio::time::sleep(Duration::from_millis(800)).await;
    let sent = requests_by(&server).await.len();
    assert!(sent >= 1, "the first request went out");
    let signalled = Instant::now();
    interrupt(&child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(
        signalled.elapsed() < Duration::from_secs(5),
        "took {:?} after Ctrl-C",
        signalled.elapsed()
    );
    assert_eq!(
        requests_by(&server).await.len(),
        sent,
        "nothing sent after Ctrl-C"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM runs WHERE status = 'interrupted'"),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_pauses_every_request_not_just_the_one_that_got_it() {
    let server = common::server().await;
    serve_slowly(&server, 10, 300, 300).await;
    // The very first answer: "too many requests, come back in 3 s".
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let tags = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let env = Env::new(&server.uri(), &tags, "concurrency = 4\nmax_retries = 2", "");
    let child = spawn_fetch(&env, DAY);
    // Until about 3 s nothing else may be sent: not the other hashtags (which would each
    // be told the same), and not the next request in line to try the key.
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let during_pause = requests_by(&server).await.len();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(during_pause, 1, "requests sent during the pause");
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM snapshots WHERE date = '{DAY}'"
        )),
        8
    );
    assert_eq!(
        requests_by(&server).await.len(),
        17,
        "16 calls + the retried one"
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let env = Env::new("http://127.0.0.1:9", &["a"], "", "");
    {
        let conn = env.conn();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&env.db).unwrap();
    let out = env.cmd().args(["report"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("newer tracker"), "{}", stderr(&out));
    assert!(
        std::fs::read(&env.db).unwrap() == before,
        "the file was changed"
    );
}

#[test]
fn config_mistakes_get_clear_messages() {
    let env = Env::new("http://127.0.0.1:9", &["a"], "", "");
    let cases: [(&str, &[&str]); 6] = [
        (
            "hashtags = [\"a\",\n  \"b\"\n[api]\n",
            &["hashtags.toml", "line", "column"],
        ),
        ("hashtags = []\n", &["no hashtags"]),
        ("hashtags = [\"good\", \"vibe coding\"]\n", &["vibe coding"]),
        (
            "hashtags = [\"a\"]\n[api]\nbase_ur = \"http://x\"\n",
            &["base_ur"],
        ),
        (
            "hashtags = [\"a\"]\n[api]\nbase_url = \"not a url\"\n",
            &["base_url"],
        ),
        ("hashtags = [\"a\"]\nretries = 3\n", &["retries"]),
    ];
    for (text, needles) in cases {
        std::fs::write(&env.config, text).unwrap();
        let out = env.cmd().args(["fetch"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{text}");
        let err = stderr(&out);
        for n in needles {
            assert!(err.contains(n), "{text:?}: {n:?} not in {err}");
        }
    }
    // No config at all: says where it looked and how to create one.
    let empty = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("tracker")
        .unwrap()
        .current_dir(empty.path())
        .env("SCAVIO_API_KEY", KEY)
        .env("HOME", empty.path())
        .env("XDG_CONFIG_HOME", empty.path().join("cfg"))
        .env("XDG_DATA_HOME", empty.path().join("data"))
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB")
        .args(["fetch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("hashtags.toml") && err.contains("tracker init"),
        "{err}"
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    let env = Env::new("http://127.0.0.1:9", &["a"], "", "");
    for args in [
        &["fetch", "--date", "2026-13-40"][..],
        &["fetch", "--concurrency", "0"],
        &["report", "--format", "xml"],
        &["trends", "--threshold", "lots"],
        &["trends", "--threshold", "nan"],
        // A two-digit year would be read as the year 26 and stored, and paid for, as such.
        &["fetch", "--date", "26-05-01"],
        &["report", "--date", "2026-5-1"],
        // Only `report` renders HTML.
        &["trends", "--format", "html"],
        &["history", "a", "--format", "html"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&out).is_empty());
    }
    // A future date is refused before anything is sent or created.
    let out = env
        .cmd()
        .args(["fetch", "--date", "2099-01-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("in the future"), "{}", stderr(&out));
    assert!(!env.db.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn scavio_base_url_overrides_the_config() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    let env = Env::new("http://127.0.0.1:9", &["a"], "", "");
    env.cmd()
        .env("SCAVIO_BASE_URL", server.uri())
        .args(["fetch", "--date", DAY])
        .assert()
        .success();
    assert_eq!(requests_by(&server).await.len(), 2);
    let out = env
        .cmd()
        .env("SCAVIO_BASE_URL", "ftp://nope")
        .args(["fetch", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("SCAVIO_BASE_URL"));
}

/// A raw HTTP server whose 200 answers promise more body than they send, then hang up.
fn serve_cut_off_bodies() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            // The free usage check is not served: the run falls back to its first request.
            if !buf.starts_with(b"POST") {
                let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
                continue;
            }
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"video_count\": 12, \"view_",
            );
            // Dropping the stream closes the connection mid-body.
        }
    });
    (url, seen)
}

#[test]
fn a_cut_off_answer_is_paid_once_kept_and_not_bought_again() {
    let (url, seen) = serve_cut_off_bodies();
    let env = Env::new(&url, &["cut"], "max_retries = 3", "");
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("#cut") && err.contains("cut off"), "{err}");
    // One paid stats answer, not retried, kept; no videos call after a failed stats call.
    assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(
        env.count("SELECT count(*) FROM requests WHERE status = 200 AND cost_usd > 0"),
        1
    );
    let body: Vec<u8> = env
        .conn()
        .query_row(
            "SELECT body FROM responses WHERE hashtag = 'cut' AND endpoint = 'stats' AND parsed_ok = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Stored compressed; read back exactly as received.
    assert_eq!(
        tracker::store::codec::decode(&body).unwrap(),
        b"{\"video_count\": 12, \"view_"
    );
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 0);
    assert!(
        stdout(&out).contains("1 made, 1 paid; credits used: 1 ($0.005)"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_key_is_refused_before_any_request() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    let env = Env::new(&server.uri(), &["a"], "", "");
    let out = env
        .cmd()
        .env("SCAVIO_API_KEY", "sk-abc\u{1}def")
        .args(["fetch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("SCAVIO_API_KEY") && !err.contains("abc"),
        "{err}"
    );
    assert!(requests_by(&server).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_data_and_real_data_never_mix() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    let env = Env::new(&server.uri(), &["aitools"], "", "");
    env.cmd().args(["fetch", "--date", DAY]).assert().success();
    // The demo refuses a database with real snapshots (even when TRACKER_DB points at it).
    let out = env
        .cmd()
        .env("TRACKER_DB", &env.db)
        .args(["demo", "--days", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("real snapshots"), "{}", stderr(&out));
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 1);
    // And a real fetch refuses a demo database.
    let demo_db = env.dir.path().join("demo.db");
    let with_demo_db = || {
        let mut c = assert_cmd::Command::cargo_bin("tracker").unwrap();
        c.current_dir(env.dir.path())
            .arg("--config")
            .arg(&env.config)
            .arg("--db")
            .arg(&demo_db)
            .env("SCAVIO_API_KEY", KEY);
        c
    };
    with_demo_db()
        .args(["demo", "--days", "2"])
        .assert()
        .success();
    let before = requests_by(&server).await.len();
    let out = with_demo_db().args(["fetch"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("simulated"), "{}", stderr(&out));
    assert_eq!(requests_by(&server).await.len(), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_global_rate_limit_spaces_requests() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    let env = Env::new(
        &server.uri(),
        &["a", "b", "c"],
        "max_requests_per_second = 10",
        "",
    );
    let started = Instant::now();
    env.cmd().args(["fetch", "--date", DAY]).assert().success();
    // 6 requests at 10 per second: the last may start no sooner than 0.5 s in.
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(requests_by(&server).await.len(), 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_longer_than_a_minute_fails_the_call_instead_of_stalling() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    override_for(
        &server,
        STATS,
        "later",
        ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
    )
    .await;
    let env = Env::new(&server.uri(), &["later", "now"], "max_retries = 3", "");
    let started = Instant::now();
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("retry after 3600s"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count_for(&server, STATS, "later").await, 1);
    assert_eq!(
        env.count("SELECT count(*) FROM snapshots WHERE hashtag = 'now'"),
        1
    );
}

/// Every character of `s` as a JSON `\uXXXX` escape: the same string to a JSON reader.
fn json_escaped(s: &str) -> String {
    s.chars().map(|c| format!("\\u{:04x}", c as u32)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_spelled_in_json_escapes_or_cut_by_the_message_limit_never_leaks() {
    let server = common::server().await;
    // A 200 that reports a failure and names the key through escapes, as JSON may.
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(
                r#"{{"success": false, "error": "key {} over quota"}}"#,
                json_escaped(KEY)
            ),
            "application/json",
        ))
        .mount(&server)
        .await;
    // A 500 whose message puts the key across the 200-character cut of a message.
    let long = format!("{}{KEY}", "x".repeat(190));
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({ "message": long })))
        .mount(&server)
        .await;
    let env = Env::new(&server.uri(), &["a"], "max_retries = 0", "");
    let out = env
        .cmd()
        .args(["-vv", "fetch", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("over quota"),
        "the API's message is kept: {err}"
    );
    // Not the key, and not its first 10 characters either.
    for text in [&err, &stdout(&out)] {
        assert!(!text.contains(&KEY[..10]), "key leaked: {text}");
    }
    let bytes = std::fs::read(&env.db).unwrap();
    for needle in [KEY.to_string(), KEY[..10].to_string(), json_escaped(KEY)] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} stored"
        );
    }
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_that_would_drop_the_body_is_reported_not_followed() {
    let server = common::server().await;
    serve_all_ok(&server).await;
    // 302 turns a POST into a body-less GET: whatever answers it is not about the hashtag.
    override_for(
        &server,
        STATS,
        "moved",
        ResponseTemplate::new(302).insert_header("Location", "/api/v1/tiktok/trending"),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/tiktok/trending"))
        .respond_with(stats_ok(999_999))
        .mount(&server)
        .await;
    let env = Env::new(&server.uri(), &["moved", "fine"], "max_retries = 2", "");
    let out = env.cmd().args(["fetch", "--date", DAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("#moved") && err.contains("redirected to"),
        "{err}"
    );
    let all = server.received_requests().await.unwrap_or_default();
    assert!(
        all.iter()
            .filter(|r| r.url.path() != common::USAGE)
            .all(|r| r.method.as_str() == "POST"),
        "the redirect was followed"
    );
    assert_eq!(count_for(&server, STATS, "moved").await, 1, "not retried");
    assert_eq!(
        env.count("SELECT count(*) FROM snapshots WHERE hashtag = 'moved'"),
        0
    );
    assert_eq!(
        env.count("SELECT video_count FROM snapshots WHERE hashtag = 'fine'"),
        1000
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_go_one_at_a_time_until_an_answer_proves_the_key() {
    let server = common::server().await;
    // The first answer is a 500, which says nothing about the key; every later one is 401.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("oops"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "bad key"})))
        .with_priority(5)
        .mount(&server)
        .await;
    let env = Env::new(
        &server.uri(),
        &["a", "b", "c", "d", "e", "f"],
        "max_retries = 0",
        "",
    );
    let out = env
        .cmd()
        .args(["fetch", "--concurrency", "8", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        requests_by(&server).await.len(),
        2,
        "the 500, then one 401, then the run stops"
    );
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 0);

    // 402 (no credits left) stops the run the same way.
    common::reset(&server).await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(402).set_body_json(json!({"message": "insufficient credits"})),
        )
        .mount(&server)
        .await;
    let out = env
        .cmd()
        .args(["fetch", "--concurrency", "8", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("402") && err.contains("insufficient credits"),
        "{err}"
    );
    assert!(
        err.contains("ran out of credits")
            && err.contains("top up at")
            && !err.contains("SCAVIO_API_KEY"),
        "{err}"
    );
    assert_eq!(requests_by(&server).await.len(), 1);
}
