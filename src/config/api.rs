//! `[api]`: how to talk to the Scavio API, validated into [`ApiSettings`].

use super::defaults::*;
use super::raw::RawApi;
use anyhow::{Context, Result, bail};
use std::time::Duration;

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

/// `[api]`, validated: out-of-range values are refused, not clamped or left to panic later.
/// `invalid` names the file in every message.
pub(super) fn parse(raw: RawApi, invalid: &str) -> Result<ApiSettings> {
    let mut api = ApiSettings::default();
    if let Some(url) = raw.base_url {
        api.base_url = parse_base_url(&url).with_context(|| invalid.to_string())?;
    }
    if let Some(t) = raw.timeout_secs {
        if !(1..=MAX_TIMEOUT_SECS).contains(&t) {
            bail!(
                "{}: [api] timeout_secs must be between 1 and {MAX_TIMEOUT_SECS}",
                invalid
            );
        }
        api.timeout = Duration::from_secs(t);
    }
    if let Some(c) = raw.cost_per_request {
        if !(0.0..=100.0).contains(&c) {
            bail!(
                "{}: [api] cost_per_request must be between 0 and 100 (USD)",
                invalid
            );
        }
        api.cost_per_request = c;
    }
    if let Some(r) = raw.max_retries {
        if r > MAX_RETRIES {
            bail!(
                "{}: [api] max_retries must be at most {MAX_RETRIES}",
                invalid
            );
        }
        api.max_retries = r;
    }
    if let Some(ms) = raw.retry_base_ms {
        if ms > 60_000 {
            bail!("{}: [api] retry_base_ms must be at most 60000", invalid);
        }
        api.retry_base = Duration::from_millis(ms);
    }
    if let Some(c) = raw.concurrency {
        if !(1..=MAX_CONCURRENCY).contains(&c) {
            bail!(
                "{}: [api] concurrency must be between 1 and {MAX_CONCURRENCY}",
                invalid
            );
        }
        api.concurrency = c;
    }
    if let Some(rps) = raw.max_requests_per_second {
        if !(0.001..=100_000.0).contains(&rps) {
            bail!(
                "{}: [api] max_requests_per_second must be between 0.001 and 100000",
                invalid
            );
        }
        api.max_requests_per_second = Some(rps);
    }
    if let Some(mib) = raw.max_answer_mib {
        if !(1..=MAX_ANSWER_MIB).contains(&mib) {
            bail!(
                "{}: [api] max_answer_mib must be between 1 and {MAX_ANSWER_MIB}",
                invalid
            );
        }
        api.max_answer_bytes = mib as usize * 1024 * 1024;
    }
    Ok(api)
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
