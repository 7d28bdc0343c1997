//! Helpers for end-to-end tests: a temp workdir with a config, the real binary, the database.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;
use tempfile::TempDir;

pub const KEY: &str = "test-key-5up3r-s3cr3t";
pub const STATS: &str = "/api/v1/tiktok/hashtag";
pub const VIDEOS: &str = "/api/v1/tiktok/hashtag/videos";

/// A temporary working folder with a `hashtags.toml` pointing at a mock server.
pub struct Env {
    pub dir: TempDir,
    pub config: PathBuf,
    pub db: PathBuf,
}

impl Env {
    /// `extra_api` lines are added under `[api]`; `extra` after the whole file.
    pub fn new(base_url: &str, tags: &[&str], extra_api: &str, extra: &str) -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("hashtags.toml");
        let db = dir.path().join("tracker.db");
        let list: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
        let text = format!(
            "hashtags = [{}]\n[api]\nbase_url = \"{base_url}\"\ntimeout_secs = 5\nretry_base_ms = 10\n{extra_api}\n{extra}\n",
            list.join(", ")
        );
        std::fs::write(&config, text).expect("write config");
        Env { dir, config, db }
    }

    /// The real binary, run in the temp folder with this config and database and the test key,
    /// and none of a developer's own `SCAVIO_*` / `TRACKER_*` settings: the one place that
    /// builds a process.
    pub fn process(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin!("tracker"));
        c.current_dir(self.dir.path())
            .arg("--config")
            .arg(&self.config)
            .arg("--db")
            .arg(&self.db)
            .env("SCAVIO_API_KEY", KEY)
            .env("NO_COLOR", "1")
            // The tests fetch fixed past dates (`fetch --date`): allowed, with a warning.
            .env("TRACKER_BACKDATE", "1")
            .env_remove("SCAVIO_BASE_URL")
            .env_remove("TRACKER_WEBHOOK_URL")
            .env_remove("TRACKER_CONFIG")
            .env_remove("TRACKER_DB")
            .env_remove("RUST_LOG");
        c
    }

    /// [`Env::process`] for assertions.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.process())
    }

    /// Runs a command that must succeed and parses its stdout as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd().args(args).output().expect("run");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json output")
    }

    pub fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("open db")
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.conn().query_row(sql, [], |r| r.get(0)).expect(sql)
    }
}

/// Approximate float equality for figures that went through f64 arithmetic.
pub fn close(a: &Value, b: f64) -> bool {
    a.as_f64()
        .is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}

/// Requests the mock received, per (path, hashtag).
pub async fn requests_by(server: &wiremock::MockServer) -> Vec<(String, String)> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            (
                r.url.path().to_string(),
                body["hashtag"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Serves one day of the API: each hashtag's stats answer with these `(name, videos, views)`
/// totals, and a small video sample for every hashtag. Replaces whatever was mounted.
pub async fn serve_day(server: &wiremock::MockServer, counts: &[(&str, u64, u64)]) {
    use serde_json::json;
    use wiremock::matchers::{body_json, method, path};
    use wiremock::{Mock, ResponseTemplate};
    server.reset().await;
    for (name, videos, views) in counts {
        Mock::given(method("POST"))
            .and(path(STATS))
            .and(body_json(json!({ "hashtag": name })))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"data": {"stats": {"video_count": videos, "view_count": views}}}),
            ))
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"videos": [
            {"id": "v1", "desc": "first", "author": {"uniqueId": "amy"},
             "stats": {"playCount": 1000, "diggCount": 100, "commentCount": 10, "shareCount": 5}}
        ]})))
        .mount(server)
        .await;
}
