//! Issue: a year of real answers in little space. Raw answers are stored compressed and
//! `tracker raw` gives them back byte for byte; a database written before compression is
//! read and compressed without loss; `tracker prune` removes nothing unless told, and then
//! only what is older than `keep_raw_days`.

mod common;

use chrono::{Days, Utc};
use common::{Env, STATS, VIDEOS};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers as the API might send them: odd spacing, escapes, non-ASCII, no final newline.
const STATS_BODY: &str = "{\"data\":{\"challengeInfo\":{\"challenge\":{\"id\":\"77\",\"title\":\"cats\",\n \"stats\":{\"videoCount\":1200,\"viewCount\":98000}}}},  \"credits_remaining\":41}";
const VIDEOS_BODY: &str = "{\"data\": {\"aweme_list\": [{\"aweme_id\": \"1\", \"desc\": \"caf\u{e9} \\u00e9 \\\"q\\\" \u{1f431}\",\n\t\"author\": {\"unique_id\": \"amy\"}, \"statistics\": {\"play_count\": 500, \"digg_count\": 50, \"comment_count\": 5, \"share_count\": 2},\n\"video\": {\"play_addr\": {\"url_list\": [\"https://v16m.tiktokcdn.com/a/b?x=1&y=2\"]}}}]}}";

/// The zstd frame's magic number, which starts every body stored compressed.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

async fn serve(server: &MockServer, stats: &str, videos: &str) {
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(stats.to_string(), "application/json"),
        )
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(videos.to_string(), "application/json"),
        )
        .mount(server)
        .await;
}

fn raw(env: &Env, args: &[&str]) -> Vec<u8> {
    let out = env.cmd().arg("raw").args(args).output().expect("run");
    assert!(
        out.status.success(),
        "raw {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn fetch(env: &Env, date: &str) -> i32 {
    let out = env
        .cmd()
        .args(["-q", "fetch", "--date", date])
        .output()
        .expect("run");
    out.status.code().unwrap_or(-1)
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_gives_back_each_answer_byte_for_byte_from_compressed_storage() {
    let server = MockServer::start().await;
    serve(&server, STATS_BODY, VIDEOS_BODY).await;
    let env = Env::new(&server.uri(), &["cats"], "", "");
    assert_eq!(fetch(&env, "2026-05-01"), 0);
    assert_eq!(
        raw(
            &env,
            &["cats", "--endpoint", "videos", "--date", "2026-05-01"]
        ),
        VIDEOS_BODY.as_bytes()
    );
    // Without --date: the latest day stored.
    assert_eq!(
        raw(&env, &["#Cats", "--endpoint", "stats"]),
        STATS_BODY.as_bytes()
    );
    let stored: Vec<u8> = env
        .conn()
        .query_row(
            "SELECT body FROM responses WHERE endpoint = 'videos'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(stored.starts_with(&ZSTD_MAGIC), "stored as received");
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_says_what_is_missing() {
    let server = MockServer::start().await;
    serve(&server, STATS_BODY, VIDEOS_BODY).await;
    let env = Env::new(&server.uri(), &["cats"], "", "");
    assert_eq!(fetch(&env, "2026-05-01"), 0);
    for (args, says) in [
        (&["dogs", "--endpoint", "stats"][..], "#dogs"),
        (
            &["cats", "--endpoint", "stats", "--date", "2026-05-02"],
            "2026-05-02",
        ),
        (&["cats", "--endpoint", "videos", "--page", "2"], "page 2"),
    ] {
        let out = env.cmd().arg("raw").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// A database as a tracker before compression left it: the schema up to the migration that
/// introduced compressed bodies, a run whose answers were paid for and stored plainly, and
/// no snapshot yet (the run failed before storing it).
fn legacy_db(env: &Env, date: &str) {
    use tracker::store::migrations::MIGRATIONS;
    let pos = MIGRATIONS
        .iter()
        .position(|m| m.contains("raw_encode_after_rowid"))
        .expect("the compression migration");
    let conn = env.conn();
    for m in &MIGRATIONS[..pos] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", pos as i64)
        .unwrap();
    conn.execute(
        "INSERT INTO runs (id, date, started_at, status) VALUES (1, ?1, 'x', 'partial')",
        [date],
    )
    .unwrap();
    for (endpoint, body) in [("stats", STATS_BODY), ("videos", VIDEOS_BODY)] {
        conn.execute(
            "INSERT INTO responses (date, hashtag, endpoint, run_id, fetched_at, status,
             parsed_ok, error, body) VALUES (?1, 'cats', ?2, 1, 'x', 200, 1, NULL, ?3)",
            rusqlite::params![date, endpoint, body.as_bytes()],
        )
        .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_before_compression_is_read_and_compressed_without_loss() {
    let server = MockServer::start().await;
    let env = Env::new(&server.uri(), &["cats"], "", "");
    legacy_db(&env, "2026-04-01");
    // The old answers are read (not bought again) and make the day's snapshot.
    assert_eq!(fetch(&env, "2026-04-01"), 0);
    let asked = server.received_requests().await.unwrap_or_default();
    assert!(
        asked
            .iter()
            .all(|r| r.url.path() != STATS && r.url.path() != VIDEOS),
        "nothing bought twice"
    );
    let report = env.json(&["report", "--date", "2026-04-01", "--format", "json"]);
    let text = report.to_string();
    assert!(text.contains("1200") && text.contains("98000"), "{text}");
    // Every body is now compressed, and reads back as it was.
    assert_eq!(
        env.count("SELECT count(*) FROM responses WHERE substr(body, 1, 4) = x'28B52FFD'"),
        2
    );
    assert_eq!(
        raw(&env, &["cats", "--endpoint", "videos"]),
        VIDEOS_BODY.as_bytes()
    );
    assert_eq!(
        raw(&env, &["cats", "--endpoint", "stats"]),
        STATS_BODY.as_bytes()
    );
}

/// Serves `cats` readable answers and `broken` a videos page the parser cannot read.
struct ByHashtag;

impl Respond for ByHashtag {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let asked = String::from_utf8_lossy(&req.body);
        let broken = asked.contains("broken") || asked.contains("\"99\"");
        let body = match (req.url.path() == STATS, broken) {
            (true, false) => STATS_BODY.to_string(),
            (true, true) => STATS_BODY
                .replace("\"77\"", "\"99\"")
                .replace("cats", "broken"),
            (false, false) => VIDEOS_BODY.to_string(),
            (false, true) => "<html>upstream hiccup</html>".to_string(),
        };
        ResponseTemplate::new(200).set_body_raw(body, "application/json")
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn prune_says_first_and_removes_only_read_answers_older_than_keep_raw_days() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ByHashtag)
        .mount(&server)
        .await;
    let env = Env::new(
        &server.uri(),
        &["cats", "broken"],
        "max_retries = 0",
        "[storage]\nkeep_raw_days = 30",
    );
    let today = Utc::now().date_naive();
    let old = (today - Days::new(40)).to_string();
    let recent = (today - Days::new(5)).to_string();
    for date in [&old, &recent] {
        // `broken` fails: its answers are kept (unread) and the run is partial.
        assert_eq!(fetch(&env, date), 3, "{date}");
    }
    assert_eq!(env.count("SELECT count(*) FROM responses"), 8);

    let out = env.cmd().arg("prune").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("Would remove 2 raw answers"), "{said}");
    assert!(said.contains("Kept 2 older"), "{said}");
    assert_eq!(env.count("SELECT count(*) FROM responses"), 8, "a dry run");

    let out = env.cmd().args(["prune", "--yes"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Removed 2 raw answers"));
    let left = |sql: &str| env.count(&sql.replace("OLD", &old));
    assert_eq!(
        left("SELECT count(*) FROM responses WHERE date = 'OLD' AND hashtag = 'cats'"),
        0
    );
    assert_eq!(
        left("SELECT count(*) FROM responses WHERE date = 'OLD' AND hashtag = 'broken'"),
        2,
        "unread answers, and those of a day without a snapshot, stay"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM responses WHERE date > '2000'"),
        6
    );
    assert_eq!(
        env.count("SELECT count(*) FROM snapshots"),
        2,
        "snapshots are never pruned"
    );
    let out = env
        .cmd()
        .args(["prune", "--yes", "--vacuum"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(env.count("SELECT count(*) FROM responses"), 6);
}

#[test]
fn prune_without_keep_raw_days_keeps_everything() {
    let env = Env::new("http://127.0.0.1:9", &["cats"], "", "");
    tracker::store::Store::open(&env.db).unwrap();
    let out = env.cmd().arg("prune").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("kept forever"));
}
