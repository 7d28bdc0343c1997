//! `hashtags.toml` → a validated [`Config`]: the file alone (no environment, no command
//! line; `settings` layers those on top).

use crate::model::hashtag;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DEFAULT_BASE_URL: &str = "https://api.scavio.dev";
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// Scavio charges one credit, $0.005, for each call to either endpoint.
pub const DEFAULT_COST_PER_REQUEST: f64 = 0.005;
pub const DEFAULT_MAX_RETRIES: u32 = 3;
pub const DEFAULT_CONCURRENCY: usize = 8;
pub const DEFAULT_RETRY_BASE_MS: u64 = 500;
/// Bounds of `[api]` values (the same as the `--concurrency` flag's).
const MAX_CONCURRENCY: usize = 256;
const MAX_RETRIES: u32 = 10;
/// An hour: beyond it a timer deadline is no longer a timeout (and far enough out, it
/// overflows the clock).
const MAX_TIMEOUT_SECS: u64 = 3600;

pub const CONFIG_FILE_NAME: &str = "hashtags.toml";
pub const DB_FILE_NAME: &str = "tracker.db";
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
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    path: Option<PathBuf>,
    keep_raw_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    max_requests_per_run: Option<u64>,
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
    /// `tracker prune` removes raw answers older than this many days; `None`: kept forever.
    pub keep_raw_days: Option<u32>,
}

impl Config {
    /// Reads and validates a config file; every error names the file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).with_context(|| {
            format!(
                "could not read config file '{}'; create one with `tracker init`",
                path.display()
            )
        })?;
        Config::parse(&text, path)
    }

    /// Parses config text; `path` names the file in messages and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}", e.to_string().trim_end()))
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
            Some(p) if p.is_absolute() => p,
            Some(p) => dir.join(p),
            None => dir.join(DB_FILE_NAME),
        };
        Ok(Config {
            path: path.to_path_buf(),
            hashtags,
            api,
            db_path,
            max_requests_per_run: raw.budget.max_requests_per_run,
            keep_raw_days: raw.storage.keep_raw_days,
        })
    }
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
    fn rate_limit_bounds() {
        let cfg = |v: &str| format!("hashtags = [\"a\"]\n[api]\nmax_requests_per_second = {v}\n");
        assert!(parse(&cfg("1e-300")).is_err());
        assert!(parse(&cfg("0")).is_err());
        assert!(parse(&cfg("0.5")).is_ok());
    }
}
