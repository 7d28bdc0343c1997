//! Issue #14: what an outside attack found. The real binary against a hostile loopback mock
//! and hostile command lines; each rule is checked by exit codes, request counts, stderr
//! bytes and database contents (the file's bytes, free pages included).

mod common;

use common::{Env, KEY, STATS, VIDEOS, requests_by};
use serde_json::json;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A stats answer for whichever hashtag is asked, with its id (the videos call needs it).
fn stats_ok() -> common::StatsAnswer {
    common::stats_answer(
        json!({"video_count": 1000, "view_count": 100000, "credits_remaining": 42}),
    )
}

fn videos_with(author: &str, desc: &str) -> serde_json::Value {
    json!({"videos": [
        {"id": "1", "desc": desc, "author": {"uniqueId": author},
         "stats": {"playCount": 100, "diggCount": 10, "commentCount": 1, "shareCount": 2}}
    ]})
}

async fn serve(
    server: &MockServer,
    stats: impl wiremock::Respond + 'static,
    videos: impl wiremock::Respond + 'static,
) {
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(stats)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(videos)
        .mount(server)
        .await;
}

async fn serve_ok(server: &MockServer) {
    let videos = ResponseTemplate::new(200).set_body_json(videos_with("amy", "hi"));
    serve(server, stats_ok(), videos).await;
}

/// A database with one good day (today) for `tags`.
async fn stored_env(server: &MockServer, tags: &[&str]) -> Env {
    serve_ok(server).await;
    let env = Env::new(&server.uri(), tags, "", "");
    env.cmd().arg("fetch").assert().success();
    env
}

/// The binary in `env`'s folder with the test key, without `--config` or `--db`.
fn bare(env: &Env) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("tracker").unwrap();
    c.current_dir(env.dir.path())
        .env("SCAVIO_API_KEY", KEY)
        .env("NO_COLOR", "1")
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB")
        .env_remove("TRACKER_BACKDATE")
        .env_remove("SCAVIO_BASE_URL");
    c
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every byte tracker left on disk for this database: the file and any WAL beside it.
fn db_bytes(db: &Path) -> Vec<u8> {
    let mut all = std::fs::read(db).unwrap_or_default();
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    all.extend(std::fs::read(wal).unwrap_or_default());
    all
}

/// No escape, CR, BEL or other control character but the line breaks.
fn assert_no_controls(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !c.is_control(),
            "{c:?} reaches the terminal: {text:?}"
        );
    }
}

fn percent_encode_all(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02x}")).collect()
}

// ---- Secrets -------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_key_after_a_backslash_in_a_plain_body_reaches_neither_stderr_nor_the_database() {
    let server = common::server().await;
    let echo = format!("upstream said: Authorization: Bearer\\{KEY} is invalid");
    // #alpha's stats call fails with the echo (stderr); #beta's videos answer is the echo
    // (paid for, so stored, unreadable).
    Mock::given(method("POST"))
        .and(path(STATS))
        .and(common::for_tag(STATS, "alpha"))
        .respond_with(ResponseTemplate::new(500).set_body_string(echo.clone()))
        .mount(&server)
        .await;
    serve(
        &server,
        stats_ok(),
        ResponseTemplate::new(200).set_body_string(echo),
    )
    .await;
    let env = Env::new(&server.uri(), &["alpha", "beta"], "max_retries = 0", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!stderr(&out).contains(KEY), "{}", stderr(&out));
    assert!(stderr(&out).contains("[redacted]"), "{}", stderr(&out));
    // #beta's stats answer and its unreadable videos answer are kept (paid for), redacted.
    assert_eq!(env.count("SELECT count(*) FROM responses"), 2);
    assert!(!contains(&db_bytes(&env.db), KEY.as_bytes()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_percent_encoded_key_in_a_redirect_is_redacted() {
    let server = common::server().await;
    let location = format!(
        "https://elsewhere.example/login?token={}",
        percent_encode_all(KEY)
    );
    let redirect = ResponseTemplate::new(302).insert_header("location", location.as_str());
    serve(&server, redirect.clone(), redirect).await;
    let env = Env::new(&server.uri(), &["alpha"], "", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("redirected to"), "{err}");
    assert!(!err.contains(&percent_encode_all(KEY)), "{err}");
    assert!(err.contains("token=[redacted]"), "{err}");
    let stored = db_bytes(&env.db);
    assert!(!contains(&stored, percent_encode_all(KEY).as_bytes()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_holding_a_backslash_is_redacted_from_a_plain_echo() {
    let key = r"k\ey-5ecret-a11-kinds";
    let server = common::server().await;
    let echo = ResponseTemplate::new(400).set_body_string(format!("bad key {key}"));
    serve(&server, echo.clone(), echo).await;
    let env = Env::new(&server.uri(), &["alpha"], "", "");
    let out = env
        .cmd()
        .env("SCAVIO_API_KEY", key)
        .arg("fetch")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(err.contains("bad key [redacted]"), "{err}");
    assert!(!err.contains(key), "{err}");
    assert!(!contains(&db_bytes(&env.db), key.as_bytes()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_discarded_run_leaves_no_copy_in_the_file() {
    // A rejected key: the run is discarded. What the server said must not survive in the
    // file's free pages.
    let server = common::server().await;
    let marker = "MARKER-0f-a-discarded-run";
    let rejected =
        ResponseTemplate::new(401).set_body_json(json!({"message": format!("no. {marker}")}));
    serve(&server, rejected.clone(), rejected).await;
    let tags: Vec<String> = (0..20).map(|i| format!("t{i:02}")).collect();
    let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
    let env = Env::new(&server.uri(), &tags, "concurrency = 4", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(env.count("SELECT count(*) FROM requests"), 0);
    assert_eq!(env.count("SELECT count(*) FROM runs"), 0);
    assert!(!contains(&db_bytes(&env.db), marker.as_bytes()));
}

// ---- Text from the network ------------------------------------------------------------

const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{1b}[1A\u{1b}[2Kall good\u{200b}\u{202e}";

#[tokio::test(flavor = "multi_thread")]
async fn terminal_escapes_from_the_api_never_reach_stderr() {
    let server = common::server().await;
    let hostile = ResponseTemplate::new(400).set_body_json(json!({"message": HOSTILE}));
    serve(&server, hostile.clone(), hostile).await;
    let env = Env::new(&server.uri(), &["alpha"], "", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("all good"), "the message is shown: {err}");
    assert_no_controls(&err);
    assert!(
        !err.contains('\u{200b}') && !err.contains('\u{202e}'),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_logs_are_sanitised_too() {
    let server = common::server().await;
    let hostile = ResponseTemplate::new(503).set_body_json(json!({"message": HOSTILE}));
    serve(&server, hostile.clone(), hostile).await;
    let env = Env::new(&server.uri(), &["alpha"], "max_retries = 1", "");
    let out = env.cmd().args(["-vv", "fetch"]).output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("retrying"), "{err}");
    assert_no_controls(&err);
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_on_stdout_carries_no_control_characters() {
    let server = common::server().await;
    let videos = ResponseTemplate::new(200).set_body_json(videos_with(HOSTILE, HOSTILE));
    serve(&server, stats_ok(), videos).await;
    let env = Env::new(&server.uri(), &["alpha"], "", "");
    env.cmd().arg("fetch").assert().success();
    for args in [
        vec!["export"],
        vec!["report", "--format", "csv"],
        vec!["videos", "alpha", "--format", "csv"],
    ] {
        let out = env.cmd().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("all good"), "{args:?}: {text}");
        assert_no_controls(&text);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lone_surrogate_in_a_caption_is_read_and_never_bought_again() {
    let server = common::server().await;
    let body = r#"{"videos": [{"id": "1", "desc": "cut emoji \ud83d", "author": {"uniqueId": "amy"},
        "stats": {"playCount": 100, "diggCount": 10, "commentCount": 1, "shareCount": 2}}]}"#;
    serve(
        &server,
        stats_ok(),
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;
    let env = Env::new(&server.uri(), &["alpha"], "", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 1);
    assert_eq!(env.count("SELECT count(*) FROM videos"), 1);
    let desc: String = env
        .conn()
        .query_row("SELECT description FROM videos", [], |r| r.get(0))
        .unwrap();
    assert_eq!(desc, "cut emoji \u{fffd}");
    let sent = requests_by(&server).await.len();
    env.cmd().arg("fetch").assert().success();
    assert_eq!(
        requests_by(&server).await.len(),
        sent,
        "nothing bought twice"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_videos_answer_naming_another_hashtag_is_refused() {
    let server = common::server().await;
    let mut other = videos_with("amy", "hi");
    other["hashtag"] = json!("cats");
    serve(
        &server,
        stats_ok(),
        ResponseTemplate::new(200).set_body_json(other),
    )
    .await;
    let env = Env::new(&server.uri(), &["dogs"], "", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("#cats, not #dogs"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 0);
}

// ---- Paths and files ------------------------------------------------------------------

fn integrity(env: &Env) -> String {
    env.conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_output_that_is_the_database_or_the_config_is_refused() {
    let server = common::server().await;
    let env = stored_env(&server, &["alpha"]).await;
    let db_before = std::fs::read(&env.db).unwrap();
    let config_before = std::fs::read(&env.config).unwrap();
    let hard = env.dir.path().join("other-name.db");
    std::fs::hard_link(&env.db, &hard).unwrap();
    let wal = format!("{}-wal", env.db.display());
    let targets = [
        env.db.display().to_string(),
        "./tracker.db".to_string(),
        hard.display().to_string(),
        wal,
        env.config.display().to_string(),
        "hashtags.toml".to_string(),
    ];
    for target in &targets {
        for args in [
            vec!["report", "--format", "html", "--output", target],
            vec!["export", "--output", target],
            vec!["trends", "--output", target],
        ] {
            let out = env.cmd().args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("refusing"),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), db_before);
    assert_eq!(std::fs::read(&env.config).unwrap(), config_before);
    assert_eq!(integrity(&env), "ok");
    // An ordinary file is written, and nothing temporary is left beside it.
    env.cmd()
        .args(["export", "--output", "out.csv"])
        .assert()
        .success();
    env.cmd()
        .args(["report", "--format", "html", "-o", "out.html"])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(env.dir.path().join("out.csv"))
            .unwrap()
            .starts_with("date,")
    );
    assert!(env.dir.path().join("out.html").is_file());
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".tracker-")),
        "{names:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_that_keeps_nothing_is_refused_before_any_request() {
    let server = common::server().await;
    serve_ok(&server).await;
    let env = Env::new(&server.uri(), &["alpha"], "", "");
    for db in [":memory:", "file:x.db?mode=memory", "FILE:y.db", " "] {
        let out = bare(&env)
            .arg("--config")
            .arg(&env.config)
            .arg("--db")
            .arg(db)
            .arg("fetch")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{db:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("plain file path"),
            "{db:?}: {}",
            stderr(&out)
        );
    }
    // `[storage] path = ""` in the config.
    let empty = Env::new(&server.uri(), &["alpha"], "", "[storage]\npath = \"\"");
    let out = bare(&empty)
        .arg("--config")
        .arg(&empty.config)
        .arg("fetch")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("[storage] path is empty"),
        "{}",
        stderr(&out)
    );
    assert_eq!(requests_by(&server).await.len(), 0, "nothing was bought");
    assert!(!env.dir.path().join("file:x.db?mode=memory").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fetch_through_a_hard_link_shares_the_lock() {
    let server = common::server().await;
    let env = stored_env(&server, &["alpha"]).await;
    let sent = requests_by(&server).await.len();
    // Another fetch holds the database (the lock is taken on the file itself).
    let held = std::fs::File::open(&env.db).unwrap();
    held.try_lock().unwrap();
    let hard = env.dir.path().join("same-file.db");
    std::fs::hard_link(&env.db, &hard).unwrap();
    let symlink = env.dir.path().join("link.db");
    std::os::unix::fs::symlink(&env.db, &symlink).unwrap();
    for name in [&hard, &symlink] {
        let out = bare(&env)
            .arg("--config")
            .arg(&env.config)
            .arg("--db")
            .arg(name)
            .args(["fetch", "--force"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("another `tracker fetch`"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(requests_by(&server).await.len(), sent, "nothing was bought");
}

/// Each reading command, as a user would run it.
const READERS: &[&[&str]] = &[
    &["report"],
    &["report", "--format", "json"],
    &["trends"],
    &["history", "alpha"],
    &["videos", "alpha"],
    &["export"],
    &["costs"],
    &["doctor"],
];

#[tokio::test(flavor = "multi_thread")]
async fn readers_never_change_the_database() {
    // In rollback-journal mode, an opening that sets WAL, migrates or writes anything
    // changes the file's bytes (or leaves a -wal beside it).
    let server = common::server().await;
    let env = stored_env(&server, &["alpha"]).await;
    let _: String = env
        .conn()
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    let before = std::fs::read(&env.db).unwrap();
    for args in READERS {
        let out = env.cmd().args(*args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(
            std::fs::read(&env.db).unwrap(),
            before,
            "{args:?} changed it"
        );
        assert!(!Path::new(&format!("{}-wal", env.db.display())).exists());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pending_migration_is_reported_and_the_database_still_read() {
    let server = common::server().await;
    let env = stored_env(&server, &["alpha"]).await;
    let known = tracker::store::migrations::MIGRATIONS.len() as i64;
    env.conn()
        .pragma_update(None, "user_version", known - 1)
        .unwrap();
    for args in READERS {
        let out = env.cmd().args(*args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let said = format!("{}{}", stderr(&out), String::from_utf8_lossy(&out.stdout));
        assert!(said.contains(&format!("{}", known - 1)), "{args:?}: {said}");
        assert!(said.contains("upgrade"), "{args:?}: {said}");
    }
    let version: i64 = env
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, known - 1, "readers do not migrate");
}

/// Runs `tracker` as an unprivileged user when the tests run as root (root ignores file
/// modes), so a read-only folder is read-only for it. `None` when that is not possible.
fn as_nobody(env: &Env) -> Option<std::process::Command> {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .is_some_and(|o| o.stdout.starts_with(b"0"));
    let mut c = if root {
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
            .into_iter()
            .find(|p| Path::new(p).exists())?;
        let mut c = std::process::Command::new(setpriv);
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("tracker"));
        c
    } else {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("tracker"))
    };
    c.current_dir(env.dir.path())
        .arg("--config")
        .arg(&env.config)
        .arg("--db")
        .arg(&env.db)
        .env("NO_COLOR", "1");
    Some(c)
}

#[tokio::test(flavor = "multi_thread")]
async fn readers_work_on_a_read_only_file_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let server = common::server().await;
    let env = stored_env(&server, &["alpha"]).await;
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    set(&env.db, 0o444);
    set(&env.config, 0o444);
    set(env.dir.path(), 0o555);
    let probe = as_nobody(&env).map(|mut c| c.arg("costs").output());
    let Some(Ok(probe)) = probe else {
        set(env.dir.path(), 0o755);
        eprintln!("skipped: cannot run as an unprivileged user here");
        return;
    };
    if stderr(&probe).contains("Permission denied") && stderr(&probe).contains("tracker") {
        // The binary itself is out of the unprivileged user's reach (a private target dir).
        set(env.dir.path(), 0o755);
        eprintln!("skipped: {}", stderr(&probe));
        return;
    }
    for args in READERS {
        let out = as_nobody(&env).unwrap().args(*args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    set(env.dir.path(), 0o755);
}

#[test]
fn concurrent_tag_edits_lose_nothing() {
    let env = Env::new("https://api.example", &["seed"], "", "");
    let children: Vec<_> = (0..20)
        .map(|i| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("tracker"))
                .current_dir(env.dir.path())
                .arg("--config")
                .arg(&env.config)
                .args(["-q", "tags", "add", &format!("tag{i:02}")])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = env.cmd().args(["tags", "list"]).output().unwrap();
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listed.lines().count(), 21, "{listed}");
    for i in 0..20 {
        assert!(listed.contains(&format!("tag{i:02}")), "{listed}");
    }
}

#[test]
fn a_config_larger_than_a_mebibyte_is_refused() {
    let env = Env::new("https://api.example", &["alpha"], "", "");
    let started = Instant::now();
    let out = bare(&env)
        .args(["--config", "/dev/zero", "tags", "list"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("larger than"), "{}", stderr(&out));
    assert!(started.elapsed() < Duration::from_secs(10));
}

// ---- Runs and exit codes --------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_past_date_is_refused_unless_backdated() {
    let server = common::server().await;
    serve_ok(&server).await;
    let env = Env::new(&server.uri(), &["alpha"], "", "");
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Days::new(1)).to_string();
    let today = chrono::Utc::now().date_naive().to_string();
    let out = env
        .cmd()
        .env_remove("TRACKER_BACKDATE")
        .args(["fetch", "--date", &yesterday])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--backdate"), "{}", stderr(&out));
    assert_eq!(requests_by(&server).await.len(), 0);

    let out = env
        .cmd()
        .env_remove("TRACKER_BACKDATE")
        .args(["fetch", "--backdate", "--date", &yesterday])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("today's"), "{}", stderr(&out));
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM snapshots WHERE date = '{yesterday}'"
        )),
        1
    );
    // --backdate with today's date changes nothing.
    let out = env
        .cmd()
        .env_remove("TRACKER_BACKDATE")
        .args(["fetch", "--backdate", "--date", &today])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_exits_1_when_anything_it_checks_is_wrong() {
    let server = common::server().await;
    let env = stored_env(&server, &["alpha"]).await;
    env.cmd().arg("doctor").assert().success();

    let future = Env::new(&server.uri(), &["alpha"], "", "");
    future
        .conn()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let corrupt = Env::new(&server.uri(), &["alpha"], "", "");
    std::fs::write(&corrupt.db, vec![b'x'; 8192]).unwrap();
    let broken = Env::new(&server.uri(), &["alpha"], "", "");
    std::fs::write(&broken.config, "hashtags = [").unwrap();
    for (what, env) in [
        ("future schema", &future),
        ("corrupt", &corrupt),
        ("config", &broken),
    ] {
        let out = env.cmd().arg("doctor").output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{what}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

fn spawn_fetch(env: &Env) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("tracker"))
        .current_dir(env.dir.path())
        .arg("--config")
        .arg(&env.config)
        .arg("--db")
        .arg(&env.db)
        .arg("fetch")
        .env("SCAVIO_API_KEY", KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_for_snapshots(env: &Env, n: i64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let stored = rusqlite::Connection::open(&env.db)
            .and_then(|c| c.query_row("SELECT count(*) FROM snapshots", [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0);
        if stored >= n {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

async fn slow_env(server: &MockServer) -> Env {
    let videos = ResponseTemplate::new(200).set_body_json(videos_with("amy", "hi"));
    serve(
        server,
        stats_ok().delay(Duration::from_millis(150)),
        videos.set_delay(Duration::from_millis(250)),
    )
    .await;
    let tags: Vec<String> = (0..30).map(|i| format!("t{i:02}")).collect();
    let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
    Env::new(&server.uri(), &tags, "concurrency = 3", "")
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_stores_what_arrives_and_exits_143() {
    let server = common::server().await;
    let env = slow_env(&server).await;
    let child = spawn_fetch(&env);
    wait_for_snapshots(&env, 3);
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    let sent = requests_by(&server).await.len() as i64;
    assert_eq!(
        sent,
        env.count("SELECT count(*) FROM responses"),
        "answers in flight at SIGTERM are stored"
    );
    assert!(sent < 60, "{sent} sent");
    assert_eq!(
        env.count("SELECT count(*) FROM runs WHERE status = 'interrupted'"),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn after_kill_dash_nine_the_next_run_closes_the_dead_one() {
    let server = common::server().await;
    let env = slow_env(&server).await;
    let mut child = spawn_fetch(&env);
    wait_for_snapshots(&env, 3);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        env.count("SELECT count(*) FROM runs WHERE status = 'running'"),
        1
    );
    let out = env.cmd().arg("fetch").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        env.count("SELECT count(*) FROM runs WHERE status = 'running'"),
        0
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM runs WHERE status = 'interrupted' AND finished_at IS NOT NULL"
        ),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn calls_in_flight_when_killed_are_counted_as_possibly_charged() {
    let server = common::server().await;
    let env = slow_env(&server).await;
    let mut child = spawn_fetch(&env);
    wait_for_snapshots(&env, 3);
    child.kill().unwrap();
    child.wait().unwrap();
    // Every call is logged before it goes: those killed in flight have no answer.
    let unanswered = env.count("SELECT count(*) FROM requests WHERE attempt = 0");
    assert!(unanswered >= 1, "the calls in flight are in the run log");
    let costs = env.json(&["costs", "--format", "json"]);
    let possibly: u64 = costs["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["possibly_charged"].as_u64().unwrap())
        .sum();
    assert_eq!(possibly, unanswered as u64);
    // A clean run replaces each call's "sent" row by its attempts.
    let out = env.cmd().arg("fetch").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        env.count("SELECT count(*) FROM requests WHERE attempt = 0"),
        unanswered
    );
}

#[test]
fn look_alike_hashtags_are_one_hashtag() {
    let env = Env::new("https://api.example", &["ai"], "", "");
    for tag in ["ａｉ", "a\u{200b}i", "a\u{fe0f}i", "#\u{ff21}\u{ff29}"] {
        let out = env.cmd().args(["tags", "add", tag]).output().unwrap();
        assert!(out.status.success(), "{tag:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("already listed"),
            "{tag:?}: {}",
            stderr(&out)
        );
    }
    let out = env.cmd().args(["tags", "list"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "ai\n");
    // And a config listing both spellings holds one hashtag.
    std::fs::write(
        &env.config,
        "hashtags = [\"ai\", \"ａｉ\", \"a\\u200Bi\"]\n",
    )
    .unwrap();
    let out = env.cmd().args(["tags", "list"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "ai\n");
}

// ---- Runs that cannot reach the API --------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_base_url_that_is_not_the_api_stops_after_a_few_tries_and_names_it() {
    // No mock mounted: every path answers a bare 404, as a wrong base URL's server would.
    let server = MockServer::start().await;
    let tags = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let env = Env::new(&server.uri(), &tags, "", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("could not reach the Scavio API at"), "{err}");
    assert!(err.contains(&server.uri()), "{err}");
    assert!(err.contains("[api] base_url"), "{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "one message, not one per hashtag: {err}"
    );
    let sent = server.received_requests().await.unwrap_or_default().len();
    assert!(sent <= 3, "{sent} requests for {} hashtags", tags.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn no_server_at_the_base_url_stops_after_a_few_tries_and_exits_1() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let env = Env::new(&url, &["a", "b", "c", "d", "e", "f"], "", "");
    let started = Instant::now();
    let out = env
        .cmd()
        .env("SCAVIO_BASE_URL", &url)
        .arg("fetch")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("SCAVIO_BASE_URL"), "{err}");
    assert!(err.contains("could not reach"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_over_max_answer_mib_is_cut_kept_and_reported() {
    let server = common::server().await;
    // A valid videos answer of about 2 MiB.
    let item = json!({"id": "1", "desc": "x".repeat(1000), "author": {"uniqueId": "a"},
        "stats": {"playCount": 1, "diggCount": 1, "commentCount": 0, "shareCount": 0}});
    let huge = json!({"videos": vec![item; 2100]});
    serve(
        &server,
        stats_ok(),
        ResponseTemplate::new(200).set_body_json(huge),
    )
    .await;
    let env = Env::new(
        &server.uri(),
        &["alpha"],
        "max_retries = 0\nmax_answer_mib = 1",
        "",
    );
    let out = env.cmd().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("larger than 1 MiB"),
        "{}",
        stderr(&out)
    );
    // Paid for, so kept (unread); no snapshot was made from part of an answer.
    assert_eq!(
        env.count("SELECT count(*) FROM responses WHERE endpoint = 'videos' AND parsed_ok = 0"),
        1
    );
    assert_eq!(env.count("SELECT count(*) FROM snapshots"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn calls_never_sent_after_a_refused_key_are_not_counted_as_possibly_charged() {
    let server = common::server().await;
    common::serve_usage(&server, "free", 1000).await;
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(stats_ok())
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": {"code": "forbidden", "message": "key revoked"}})),
        )
        .mount(&server)
        .await;
    let env = Env::new(&server.uri(), &["a", "b", "c"], "", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let sent = common::paid_requests(&server).await.len() as i64;
    assert_eq!(env.count("SELECT count(*) FROM requests"), sent);
    assert_eq!(
        env.count("SELECT count(*) FROM requests WHERE attempt = 0"),
        0
    );
    let costs = env.json(&["costs", "--format", "json"]);
    assert_eq!(costs["months"][0]["possibly_charged"], 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_that_timed_out_is_counted_as_possibly_charged() {
    let server = common::server().await;
    serve(
        &server,
        stats_ok().delay(Duration::from_secs(3)),
        ResponseTemplate::new(200).set_body_json(videos_with("amy", "hi")),
    )
    .await;
    let env = Env::new(&server.uri(), &["a"], "max_retries = 0", "");
    let text = std::fs::read_to_string(&env.config).unwrap();
    std::fs::write(
        &env.config,
        text.replace("timeout_secs = 5", "timeout_secs = 1"),
    )
    .unwrap();
    let out = env.cmd().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let costs = env.json(&["costs", "--format", "json"]);
    assert_eq!(costs["months"][0]["possibly_charged"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_whose_every_request_was_refused_learns_no_limit() {
    let server = common::server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "86400"))
        .mount(&server)
        .await;
    let env = Env::new(&server.uri(), &["a"], "max_retries = 0", "");
    let out = env.cmd().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!said.contains("worked"), "{said}");
    assert_eq!(
        env.count("SELECT count(*) FROM meta WHERE key = 'api.concurrency'"),
        0
    );
}
