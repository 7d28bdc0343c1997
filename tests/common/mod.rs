//! Helpers for end-to-end tests: a temp workdir with a config, the real binary, the database.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;
use tempfile::TempDir;

pub const KEY: &str = "test-key-5up3r-s3cr3t";
pub const STATS: &str = "/api/v1/tiktok/hashtag";
pub const VIDEOS: &str = "/api/v1/tiktok/hashtag/videos";
pub const USAGE: &str = "/api/v1/usage";

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

/// Paid requests (POSTs) the mock received, per (path, hashtag): the stats call's
/// `hashtag_name`, or the hashtag whose [`id_of`] the videos call sent.
pub async fn requests_by(server: &wiremock::MockServer) -> Vec<(String, String)> {
    paid_requests(server)
        .await
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            let tag = match (body["hashtag_name"].as_str(), body["hashtag_id"].as_str()) {
                (Some(name), _) => name.to_string(),
                (None, Some(id)) => tag_of(id).unwrap_or_else(|| id.to_string()),
                _ => String::new(),
            };
            (r.url.path().to_string(), tag)
        })
        .collect()
}

/// The POSTs (TikTok calls, each a credit) the mock received, in order.
pub async fn paid_requests(server: &wiremock::MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.method == wiremock::http::Method::POST)
        .collect()
}

/// Serves one day of the API: each hashtag's stats answer with these `(name, videos, views)`
/// totals, and a small video sample for every hashtag. Replaces whatever was mounted.
pub async fn serve_day(server: &wiremock::MockServer, counts: &[(&str, u64, u64)]) {
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    reset(server).await;
    serve_usage(server, "project", 1_000_000).await;
    for (name, videos, views) in counts {
        Mock::given(method("POST"))
            .and(path(STATS))
            .and(for_tag(STATS, name))
            .respond_with(stats_answer(
                json!({"data": {"stats": {"video_count": videos, "view_count": views}}}),
            ))
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"videos": [
            {"id": "v1", "desc": "first", "author": {"uniqueId": "amy"},
             "stats": {"playCount": 1000, "diggCount": 100, "commentCount": 10, "shareCount": 5}}
        ], "has_more": 0, "cursor": 1}})),
        )
        .mount(server)
        .await;
}

/// Bodies of the videos calls the mock received, in order.
pub async fn videos_bodies(server: &wiremock::MockServer) -> Vec<Value> {
    paid_requests(server)
        .await
        .iter()
        .filter(|r| r.url.path() == VIDEOS)
        .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
        .collect()
}

/// The id the mocks give a hashtag: numeric like TikTok's, and decodable back (each byte as
/// three digits after a leading 1).
pub fn id_of(tag: &str) -> String {
    let mut id = String::from("1");
    for b in tag.bytes() {
        id.push_str(&format!("{b:03}"));
    }
    id
}

/// The hashtag an [`id_of`] id stands for.
pub fn tag_of(id: &str) -> Option<String> {
    let digits = id.strip_prefix('1')?;
    if digits.len() % 3 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = digits
        .as_bytes()
        .chunks(3)
        .map(|c| std::str::from_utf8(c).ok()?.parse().ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// A mock of the Scavio API as strict as the real one (see [`strict`]).
pub async fn server() -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    strict(&server).await;
    server
}

/// `server.reset()`, keeping the contract's 400s.
pub async fn reset(server: &wiremock::MockServer) {
    server.reset().await;
    strict(server).await;
}

/// The contract's 400s, ahead of every other mock: a stats body without `hashtag_name` or
/// `hashtag_id`, a videos body without a string `hashtag_id`, a `cursor` that is not a
/// string, a `count` that is not an integer from 1 to 30, or a `#` in the name.
pub async fn strict(server: &wiremock::MockServer) {
    use wiremock::matchers::{method, path};
    // Every call, the free usage check too, carries `Authorization: Bearer KEY`.
    wiremock::Mock::given(NoBearer)
        .respond_with(
            wiremock::ResponseTemplate::new(401).set_body_json(serde_json::json!(
                {"error": {"code": "unauthorized", "message": "Invalid or missing API key"}}
            )),
        )
        .with_priority(1)
        .mount(server)
        .await;
    for (endpoint, check) in [(STATS, Check::Stats), (VIDEOS, Check::Videos)] {
        wiremock::Mock::given(method("POST"))
            .and(path(endpoint))
            .and(check)
            .respond_with(
                wiremock::ResponseTemplate::new(400).set_body_json(serde_json::json!(
                    {"error": {"code": "bad_request", "message": "the request breaks the contract"}}
                )),
            )
            .with_priority(1)
            .mount(server)
            .await;
    }
}

/// Matches a request without a `Bearer` key, as the real API refuses it.
#[derive(Clone, Copy)]
struct NoBearer;
impl wiremock::Match for NoBearer {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let key = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        key.is_none_or(|k| k.trim().is_empty())
    }
}

/// Matches a body that breaks the contract.
#[derive(Clone, Copy)]
enum Check {
    Stats,
    Videos,
}
impl wiremock::Match for Check {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let json = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        !json || contract_error(*self, &request.body).is_some()
    }
}
fn contract_error(check: Check, body: &[u8]) -> Option<&'static str> {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(body) else {
        return Some("not a JSON object");
    };
    let text = |k: &str| match body.get(k) {
        None => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(()),
    };
    match check {
        Check::Stats => match (text("hashtag_name"), text("hashtag_id")) {
            (Err(_), _) | (_, Err(_)) => Some("not a string"),
            (Ok(Some(n)), _) if n.starts_with('#') => Some("# in the name"),
            (Ok(None), Ok(None)) => Some("neither hashtag_name nor hashtag_id"),
            _ => None,
        },
        Check::Videos => {
            if !matches!(text("hashtag_id"), Ok(Some(_))) {
                return Some("no hashtag_id");
            }
            if text("cursor").is_err() {
                return Some("cursor not a string");
            }
            match body.get("count") {
                None => None,
                Some(c) if c.as_u64().is_some_and(|c| (1..=30).contains(&c)) => None,
                Some(_) => Some("count not 1..30"),
            }
        }
    }
}

/// `GET /api/v1/usage` answering `plan` and `credit_balance`.
pub async fn serve_usage(server: &wiremock::MockServer, plan: &str, balance: u64) {
    use wiremock::matchers::{method, path};
    wiremock::Mock::given(method("GET"))
        .and(path(USAGE))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "plan": plan, "credit_balance": balance, "purchased_credits": 0, "searches_used": 0,
                "period_start": "2026-01-01T00:00:00Z",
                "auto_recharge": {"enabled": false, "threshold": 0, "amount": 0, "cost": 0}
            })),
        )
        .mount(server)
        .await;
}

/// A stats answer for whichever hashtag the request names: `body` with `hashtag_id` set to
/// [`id_of`] the hashtag (at the top level), after `delay`.
pub struct StatsAnswer {
    pub body: Value,
    pub delay: std::time::Duration,
}
pub fn stats_answer(body: Value) -> StatsAnswer {
    StatsAnswer {
        body,
        delay: std::time::Duration::ZERO,
    }
}
impl StatsAnswer {
    pub fn delay(mut self, d: std::time::Duration) -> StatsAnswer {
        self.delay = d;
        self
    }
}
impl wiremock::Respond for StatsAnswer {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let asked: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut body = self.body.clone();
        if let (Some(name), Some(obj)) = (asked["hashtag_name"].as_str(), body.as_object_mut()) {
            obj.insert("hashtag_id".into(), Value::String(id_of(name)));
        }
        wiremock::ResponseTemplate::new(200)
            .set_body_json(body)
            .set_delay(self.delay)
    }
}

/// Matches the stats call for `tag` (by name) or the videos call for it (by [`id_of`]).
pub fn for_tag(endpoint: &str, tag: &str) -> wiremock::matchers::BodyPartialJsonMatcher {
    if endpoint == VIDEOS {
        wiremock::matchers::body_partial_json(serde_json::json!({"hashtag_id": id_of(tag)}))
    } else {
        wiremock::matchers::body_partial_json(serde_json::json!({"hashtag_name": tag}))
    }
}

#[test]
fn ids_decode_back_to_their_hashtag() {
    assert_eq!(tag_of(&id_of("aitools_2")).as_deref(), Some("aitools_2"));
    assert!(contract_error(Check::Videos, br#"{"hashtag_id":"1","cursor":0}"#).is_some());
    assert!(
        contract_error(
            Check::Videos,
            br#"{"hashtag_id":"1","cursor":"0","count":31}"#
        )
        .is_some()
    );
    assert!(
        contract_error(
            Check::Videos,
            br#"{"hashtag_id":"1","cursor":"0","count":30}"#
        )
        .is_none()
    );
    assert!(contract_error(Check::Stats, br#"{"hashtag":"a"}"#).is_some());
}
