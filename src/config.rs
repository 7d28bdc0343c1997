//! `hashtags.toml` → a validated [`Config`]: the file alone (no environment, no command
//! line; `settings` layers those on top).

use crate::model::WebhookUrl;
use crate::model::{AlertSignal, hashtag};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DEFAULT_BASE_URL: &str = "https://api.scavio.dev";
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// A real page of 30 videos is a few hundred KiB; an answer past this is cut (and kept).
pub const DEFAULT_MAX_ANSWER_MIB: u32 = 4;
const MAX_ANSWER_MIB: u32 = 64;
/// Scavio charges one credit, $0.005, for each call to either endpoint.
pub const DEFAULT_COST_PER_REQUEST: f64 = 0.005;
pub const DEFAULT_MAX_RETRIES: u32 = 3;
pub const DEFAULT_CONCURRENCY: usize = 8;
pub const DEFAULT_RETRY_BASE_MS: u64 = 500;
/// Videos sampled per hashtag per day: one page of 30 (one credit).
pub const DEFAULT_SAMPLE_VIDEOS: u32 = 30;
/// Ten pages at most: each page is a credit.
pub const MAX_SAMPLE_VIDEOS: u32 = 300;
/// Bounds of `[api]` values (the same as the `--concurrency` flag's).
const MAX_CONCURRENCY: usize = 256;
const MAX_RETRIES: u32 = 10;
/// An hour: beyond it a timer deadline is no longer a timeout (and far enough out, it
/// overflows the clock).
const MAX_TIMEOUT_SECS: u64 = 3600;

/// A hashtag alerted for a signal is not alerted for it again within this many days.
pub const DEFAULT_COOLDOWN_DAYS: u32 = 7;
const MAX_COOLDOWN_DAYS: u32 = 365;

pub const CONFIG_FILE_NAME: &str = "hashtags.toml";
pub const DB_FILE_NAME: &str = "tracker.db";
/// A config is a short list of hashtags; anything bigger is the wrong file (`/dev/zero`).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The text of a config file, refused when larger than [`MAX_CONFIG_BYTES`] (read through a
/// cap, so an endless file is not read to the end).
pub fn read_text(path: &Path) -> Result<String> {
    use std::io::Read;
    let context = || {
        format!(
            "could not read config file '{}'; create one with `tracker init`",
            path.display()
        )
    };
    let file = std::fs::File::open(path).with_context(context)?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(context)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        bail!(
            "config file '{}' is larger than {} KiB; is it the right file?",
            path.display(),
            MAX_CONFIG_BYTES / 1024
        );
    }
    String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("config file '{}' is not UTF-8 text", path.display()))
}

/// The lock file that `tracker tags add|remove` hold while they edit `config`: beside the
/// config's real path, so every name for the file shares it.
pub fn lock_path(config: &Path) -> std::path::PathBuf {
    let mut name = crate::files::canonical(config).into_os_string();
    name.push(".lock");
    name.into()
}
/// `[storage] keep_raw_days` at most (a hundred years).
const MAX_KEEP_RAW_DAYS: u32 = 36_500;

/// The file as written. Unknown keys are errors so a typo (`max_retry`) is not silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    hashtags: Vec<String>,
    #[serde(default)]
    api: RawApi,
    #[serde(default)]
    storage: RawStorage,
    #[serde(default)]
    budget: RawBudget,
    #[serde(default)]
    alerts: RawAlerts,
    #[serde(default)]
    discover: RawDiscover,
    #[serde(default)]
    sample: RawSample,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSample {
    videos: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApi {
    base_url: Option<String>,
    timeout_secs: Option<u64>,
    cost_per_request: Option<f64>,
    max_retries: Option<u32>,
    retry_base_ms: Option<u64>,
    concurrency: Option<usize>,
    max_requests_per_second: Option<f64>,
    max_answer_mib: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    path: Option<PathBuf>,
    keep_raw_days: Option<u32>,
}

/// `[discover] ignore = [...]`: more generic tags for `discover` to leave out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiscover {
    #[serde(default)]
    ignore: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    max_requests_per_run: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlerts {
    webhook_url: Option<String>,
    on: Option<Vec<String>>,
    cooldown_days: Option<u32>,
    min_momentum: Option<f64>,
}

/// Which signals are alerted after a fetch, and where to (`[alerts]`).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertSettings {
    /// Where alerts are POSTed; `None` sends none. `TRACKER_WEBHOOK_URL` overrides it.
    pub webhook_url: Option<WebhookUrl>,
    /// The signals that alert, without repeats.
    pub on: Vec<AlertSignal>,
    pub cooldown_days: u32,
    /// A row alerts only when its momentum is known and at least this.
    pub min_momentum: Option<f64>,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            webhook_url: None,
            on: vec![AlertSignal::Breakout],
            cooldown_days: DEFAULT_COOLDOWN_DAYS,
            min_momentum: None,
        }
    }
}

/// How to talk to the API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiSettings {
    pub base_url: reqwest::Url,
    pub timeout: Duration,
    pub cost_per_request: f64,
    /// Tries after the first one for transient failures (429, 5xx, timeouts, resets).
    pub max_retries: u32,
    /// First backoff step; doubles each retry, with jitter.
    pub retry_base: Duration,
    pub concurrency: usize,
    pub max_requests_per_second: Option<f64>,
    /// The largest answer read, in bytes: memory stays within about concurrency × this
    /// for the answers in flight, plus one answer being parsed.
    pub max_answer_bytes: usize,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings {
            base_url: reqwest::Url::parse(DEFAULT_BASE_URL).unwrap_or_else(|_| unreachable!()),
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            cost_per_request: DEFAULT_COST_PER_REQUEST,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_base: Duration::from_millis(DEFAULT_RETRY_BASE_MS),
            concurrency: DEFAULT_CONCURRENCY,
            max_requests_per_second: None,
            max_answer_bytes: DEFAULT_MAX_ANSWER_MIB as usize * 1024 * 1024,
        }
    }
}

/// A validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file it came from (for messages).
    pub path: PathBuf,
    /// Normalised, deduplicated, in file order.
    pub hashtags: Vec<String>,
    pub api: ApiSettings,
    /// Where the database lives when `--db` does not say.
    pub db_path: PathBuf,
    pub max_requests_per_run: Option<u64>,
    pub alerts: AlertSettings,
    /// Generic tags `discover` leaves out beyond its built-in list, normalised.
    pub discover_ignore: Vec<String>,
    /// Videos sampled per hashtag per day (`[sample] videos`, 1-300; 30 per page).
    pub sample_videos: u32,
    /// `tracker prune` removes raw answers older than this many days; `None`: kept forever.
    pub keep_raw_days: Option<u32>,
}

impl Config {
    /// Reads and validates a config file; every error names the file.
    pub fn load(path: &Path) -> Result<Config> {
        Config::parse(&read_text(path)?, path)
    }

    /// Parses config text; `path` names the file in messages and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}", redact_urls(e.to_string().trim_end())))
            .with_context(|| format!("invalid config file '{}'", path.display()))?;
        let invalid = || format!("invalid config file '{}'", path.display());
        let hashtags = hashtag::normalize_all(&raw.hashtags).with_context(invalid)?;
        if hashtags.is_empty() {
            bail!(
                "config file '{}' lists no hashtags; add some, e.g. hashtags = [\"aitools\"]",
                path.display()
            );
        }
        let mut api = ApiSettings::default();
        if let Some(url) = raw.api.base_url {
            api.base_url = parse_base_url(&url).with_context(invalid)?;
        }
        if let Some(t) = raw.api.timeout_secs {
            if !(1..=MAX_TIMEOUT_SECS).contains(&t) {
                bail!(
                    "{}: [api] timeout_secs must be between 1 and {MAX_TIMEOUT_SECS}",
                    invalid()
                );
            }
            api.timeout = Duration::from_secs(t);
        }
        if let Some(c) = raw.api.cost_per_request {
            if !(0.0..=100.0).contains(&c) {
                bail!(
                    "{}: [api] cost_per_request must be between 0 and 100 (USD)",
                    invalid()
                );
            }
            api.cost_per_request = c;
        }
        if let Some(r) = raw.api.max_retries {
            if r > MAX_RETRIES {
                bail!(
                    "{}: [api] max_retries must be at most {MAX_RETRIES}",
                    invalid()
                );
            }
            api.max_retries = r;
        }
        if let Some(ms) = raw.api.retry_base_ms {
            if ms > 60_000 {
                bail!("{}: [api] retry_base_ms must be at most 60000", invalid());
            }
            api.retry_base = Duration::from_millis(ms);
        }
        if let Some(c) = raw.api.concurrency {
            if !(1..=MAX_CONCURRENCY).contains(&c) {
                bail!(
                    "{}: [api] concurrency must be between 1 and {MAX_CONCURRENCY}",
                    invalid()
                );
            }
            api.concurrency = c;
        }
        if let Some(rps) = raw.api.max_requests_per_second {
            if !(0.001..=100_000.0).contains(&rps) {
                bail!(
                    "{}: [api] max_requests_per_second must be between 0.001 and 100000",
                    invalid()
                );
            }
            api.max_requests_per_second = Some(rps);
        }
        if let Some(mib) = raw.api.max_answer_mib {
            if !(1..=MAX_ANSWER_MIB).contains(&mib) {
                bail!(
                    "{}: [api] max_answer_mib must be between 1 and {MAX_ANSWER_MIB}",
                    invalid()
                );
            }
            api.max_answer_bytes = mib as usize * 1024 * 1024;
        }
        let discover_ignore = hashtag::normalize_all(&raw.discover.ignore)
            .with_context(|| format!("{}: [discover] ignore", invalid()))?;
        let sample_videos = raw.sample.videos.unwrap_or(DEFAULT_SAMPLE_VIDEOS);
        if !(1..=MAX_SAMPLE_VIDEOS).contains(&sample_videos) {
            bail!(
                "{}: [sample] videos must be between 1 and {MAX_SAMPLE_VIDEOS} (each page of 30 costs a credit)",
                invalid()
            );
        }
        if let Some(days) = raw.storage.keep_raw_days
            && !(1..=MAX_KEEP_RAW_DAYS).contains(&days)
        {
            bail!(
                "{}: [storage] keep_raw_days must be between 1 and {MAX_KEEP_RAW_DAYS} (leave it out to keep raw answers forever)",
                invalid()
            );
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let db_path = match raw.storage.path {
            Some(p) if p.as_os_str().to_string_lossy().trim().is_empty() => bail!(
                "{}: [storage] path is empty; name a database file (e.g. path = \"tracker.db\") \
                 or leave the line out",
                invalid()
            ),
            Some(p) if p.is_absolute() => p,
            Some(p) => dir.join(p),
            None => dir.join(DB_FILE_NAME),
        };
        let alerts = parse_alerts(raw.alerts).with_context(invalid)?;
        Ok(Config {
            path: path.to_path_buf(),
            hashtags,
            api,
            db_path,
            max_requests_per_run: raw.budget.max_requests_per_run,
            alerts,
            discover_ignore,
            sample_videos,
            keep_raw_days: raw.storage.keep_raw_days,
        })
    }
}

/// `[alerts]`, validated. No message repeats the webhook URL.
fn parse_alerts(raw: RawAlerts) -> Result<AlertSettings> {
    let mut alerts = AlertSettings::default();
    if let Some(url) = raw.webhook_url.filter(|u| !u.trim().is_empty()) {
        alerts.webhook_url = Some(WebhookUrl::parse(&url).context("[alerts] webhook_url")?);
    }
    if let Some(on) = raw.on {
        alerts.on.clear();
        for name in &on {
            let Some(signal) = AlertSignal::parse(name.trim()) else {
                let known: Vec<&str> = AlertSignal::ALL.iter().map(|s| s.as_str()).collect();
                bail!(
                    "[alerts] on: unknown signal {name:?} (expected {})",
                    known.join(", ")
                );
            };
            if !alerts.on.contains(&signal) {
                alerts.on.push(signal);
            }
        }
    }
    if let Some(days) = raw.cooldown_days {
        if days > MAX_COOLDOWN_DAYS {
            bail!("[alerts] cooldown_days must be at most {MAX_COOLDOWN_DAYS}");
        }
        alerts.cooldown_days = days;
    }
    if let Some(m) = raw.min_momentum {
        if !m.is_finite() {
            bail!("[alerts] min_momentum must be a finite number");
        }
        alerts.min_momentum = Some(m);
    }
    Ok(alerts)
}

/// A TOML error quotes the offending line, which may be the webhook URL (a typo in its key,
/// say): everything after a `://` is cut out of it.
fn redact_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`'))
            .unwrap_or(rest.len());
        if end > 0 {
            out.push_str("[redacted]");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A base URL must be absolute http(s) with a host; a path prefix is kept.
pub fn parse_base_url(url: &str) -> Result<reqwest::Url> {
    let parsed = reqwest::Url::parse(url.trim())
        .with_context(|| format!("base_url {url:?} is not a valid URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        bail!("base_url {url:?} must be an http:// or https:// URL with a host");
    }
    // The key goes in the Authorization header, and endpoints are joined onto the path:
    // credentials or a query here would be sent as a second key or silently dropped.
    if !parsed.username().is_empty() || parsed.password().is_some() || parsed.query().is_some() {
        bail!("base_url {url:?} must not carry credentials or a query string");
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, Path::new("/tmp/x/hashtags.toml"))
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse(r##"hashtags = ["AITools", " #llm ", "aitools"]"##).unwrap();
        assert_eq!(c.hashtags, ["aitools", "llm"]);
        assert_eq!(c.api.base_url.as_str(), "https://api.scavio.dev/");
        assert_eq!(c.api.cost_per_request, 0.005);
        assert_eq!(c.db_path, Path::new("/tmp/x/tracker.db"));
        assert_eq!(
            c.keep_raw_days, None,
            "raw answers are kept forever by default"
        );
    }

    #[test]
    fn all_sections() {
        let c = parse(
            r#"hashtags = ["a"]
[api]
base_url = "http://127.0.0.1:9/prefix"
timeout_secs = 5
cost_per_request = 0.01
max_retries = 1
concurrency = 4
max_requests_per_second = 2.5
[storage]
path = "data/t.db"
keep_raw_days = 90
[budget]
max_requests_per_run = 10
"#,
        )
        .unwrap();
        assert_eq!(c.api.timeout, Duration::from_secs(5));
        assert_eq!(c.api.concurrency, 4);
        assert_eq!(c.api.max_requests_per_second, Some(2.5));
        assert_eq!(c.db_path, Path::new("/tmp/x/data/t.db"));
        assert_eq!(c.max_requests_per_run, Some(10));
        assert_eq!(c.keep_raw_days, Some(90));
    }

    #[test]
    fn discover_ignore_is_normalised_and_validated() {
        let c =
            parse("hashtags = [\"a\"]\n[discover]\nignore = [\"#MyBrand\", \"mybrand\"]").unwrap();
        assert_eq!(c.discover_ignore, ["mybrand"]);
        assert!(parse("hashtags = [\"a\"]\n[discover]\nignore = [\"a b\"]").is_err());
        assert!(
            parse("hashtags = [\"a\"]")
                .unwrap()
                .discover_ignore
                .is_empty()
        );
    }

    #[test]
    fn errors_name_the_problem() {
        let e = format!("{:#}", parse("hashtags = [\"a\"\n[api").unwrap_err());
        assert!(
            e.contains("/tmp/x/hashtags.toml") && e.contains("line"),
            "{e}"
        );
        let e = format!("{:#}", parse("hashtags = []").unwrap_err());
        assert!(e.contains("no hashtags"), "{e}");
        let e = format!("{:#}", parse(r#"hashtags = ["vibe coding"]"#).unwrap_err());
        assert!(e.contains("vibe coding"), "{e}");
        let e = format!("{:#}", parse("hashtags = [\"a\"]\nfoo = 1").unwrap_err());
        assert!(e.contains("foo"), "{e}");
        let e = format!(
            "{:#}",
            parse("hashtags = [\"a\"]\n[api]\nbase_url = \"ftp:/x\"").unwrap_err()
        );
        assert!(e.contains("base_url"), "{e}");
        // Out-of-range values are refused, not clamped or left to panic later.
        for api in [
            "concurrency = 2305843009213693952",
            "concurrency = 257",
            "timeout_secs = 18446744073709551615",
            "retry_base_ms = 18446744073709551615",
            "max_retries = 100",
            "cost_per_request = 1e308",
            "base_url = \"http://user:pw@127.0.0.1:9/\"",
            "base_url = \"http://127.0.0.1:9/scavio/?token=abc\"",
        ] {
            let text = format!("hashtags = [\"a\"]\n[api]\n{api}");
            assert!(parse(&text).is_err(), "{api}");
        }
        for days in ["0", "36501", "-1"] {
            let text = format!("hashtags = [\"a\"]\n[storage]\nkeep_raw_days = {days}");
            assert!(parse(&text).is_err(), "keep_raw_days = {days}");
        }
        assert!(parse("hashtags = [\"#\"]").is_err());
        assert!(parse("hashtags = [\"a-b\"]").is_err());
    }

    #[test]
    fn alerts_default_to_breakouts_with_a_week_of_cooldown_and_no_webhook() {
        let c = parse(r#"hashtags = ["a"]"#).unwrap();
        assert_eq!(c.alerts, AlertSettings::default());
        assert_eq!(c.alerts.on, [AlertSignal::Breakout]);
        assert_eq!(c.alerts.cooldown_days, DEFAULT_COOLDOWN_DAYS);
        assert!(c.alerts.webhook_url.is_none());
        let c = parse(
            r#"hashtags = ["a"]
[alerts]
webhook_url = "https://hooks.slack.com/services/T/B/XXXXsecret"
on = ["trending", "breakout", "discover", "trending"]
cooldown_days = 3
min_momentum = 10.5
"#,
        )
        .unwrap();
        assert_eq!(
            c.alerts.on,
            [
                AlertSignal::Trending,
                AlertSignal::Breakout,
                AlertSignal::Discover
            ]
        );
        assert_eq!(c.alerts.cooldown_days, 3);
        assert_eq!(c.alerts.min_momentum, Some(10.5));
        assert_eq!(
            c.alerts.webhook_url.map(|u| u.host()),
            Some("hooks.slack.com".to_string())
        );
    }

    #[test]
    fn alert_errors_never_repeat_the_webhook_url() {
        for alerts in [
            "webhook_url = \"ftp://hooks.example/XXXXsecret\"",
            "webhook_url = \"hooks.example/XXXXsecret\"",
            // A typo in the key: TOML quotes the whole line.
            "webhok_url = \"https://hooks.example/XXXXsecret\"",
            "webhook_url = \"https://hooks.example/XXXXsecret\"\non = [\"breakouts\"]",
            "cooldown_days = 366",
            "min_momentum = nan",
        ] {
            let text = format!("hashtags = [\"a\"]\n[alerts]\n{alerts}\n");
            let e = format!("{:#}", parse(&text).unwrap_err());
            assert!(e.contains("alerts") || e.contains("webhok"), "{e}");
            assert!(!e.contains("XXXXsecret"), "{e}");
        }
    }

    #[test]
    fn rate_limit_bounds() {
        let cfg = |v: &str| format!("hashtags = [\"a\"]\n[api]\nmax_requests_per_second = {v}\n");
        assert!(parse(&cfg("1e-300")).is_err());
        assert!(parse(&cfg("0")).is_err());
        assert!(parse(&cfg("0.5")).is_ok());
    }
}
