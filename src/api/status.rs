//! One place that turns an HTTP status (and its headers and body) into what callers branch
//! on: done, stop the run, retry, or give up on this call.

use reqwest::StatusCode;
use std::time::Duration;

/// The longest `Retry-After` honoured; a server asking for more fails the call instead of
/// stalling a cron job for an hour.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Why a call failed, in the terms callers branch on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// 401 / 403: every hashtag would get the same, so the run stops.
    #[error("the API rejected the key (HTTP {status}): {message}")]
    Unauthorized { status: u16, message: String },
    /// 402 `insufficient_credits`: the account ran out mid-run; every later call would get
    /// the same, so the run stops at once, keeping what was paid for.
    #[error("the account ran out of credits (HTTP 402): {message}")]
    OutOfCredits {
        message: String,
        /// Where to top up, when the answer said.
        billing_url: Option<String>,
    },
    /// Another 4xx (400, 404, ...): this hashtag's request is wrong; retrying will not help.
    #[error("HTTP {status}: {message}")]
    Rejected { status: u16, message: String },
    /// 429, 5xx, timeouts or connection errors that outlasted every retry.
    #[error("{message} (gave up after {tries} {})", if *.tries == 1 { "try" } else { "tries" })]
    Transient {
        status: Option<u16>,
        message: String,
        tries: u32,
    },
    /// The run was stopped (the key was rejected) before this call was sent.
    #[error("not sent: the run was stopped")]
    Cancelled,
}
impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { status, .. } | ApiError::Rejected { status, .. } => {
                Some(*status)
            }
            ApiError::OutOfCredits { .. } => Some(402),
            ApiError::Transient { status, .. } => *status,
            ApiError::Cancelled => None,
        }
    }
}
/// Status → how to treat it, in one place.
pub(crate) enum Verdict {
    Ok,
    Auth,
    Credits,
    Retry,
    Fail,
}
pub(crate) fn verdict(status: StatusCode) -> Verdict {
    match status.as_u16() {
        200..=299 => Verdict::Ok,
        401 | 403 => Verdict::Auth,
        // Out of credits, which no other hashtag will escape either.
        402 => Verdict::Credits,
        408 | 425 | 429 | 500..=599 => Verdict::Retry,
        _ => Verdict::Fail,
    }
}
/// The message an API error body carries, if it is JSON with one.
pub(crate) fn api_error_message(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let obj = v.as_object()?;
    ["message", "error", "detail", "msg"]
        .iter()
        .find_map(|k| match obj.get(*k)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(o) => {
                o.get("message").and_then(|m| m.as_str()).map(Into::into)
            }
            _ => None,
        })
}
/// Where to buy credits when an answer does not say: Scavio's site (its dashboard has the
/// billing page).
pub const TOP_UP_HINT: &str = "https://scavio.dev";
/// `X-RateLimit-Remaining: 0` with `X-RateLimit-Reset` (a Unix time, or seconds from now):
/// how long every request should wait.
pub(crate) fn rate_limit_reset(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let get = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok();
    if get("x-ratelimit-remaining")? > 0.0 {
        return None;
    }
    let reset = get("x-ratelimit-reset").filter(|r| r.is_finite() && *r >= 0.0)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs_f64();
    // A Unix timestamp is far larger than any sensible number of seconds to wait.
    let secs = if reset > 1e9 { reset - now } else { reset };
    Some(Duration::from_secs_f64(secs.clamp(0.0, 1e6)))
}
/// `Retry-After` as seconds or an HTTP date.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e6)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            reqwest::header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(reqwest::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn an_exhausted_rate_limit_window_waits_for_its_reset() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("x-ratelimit-remaining", "3".parse().unwrap());
        h.insert("x-ratelimit-reset", "20".parse().unwrap());
        assert_eq!(rate_limit_reset(&h), None, "requests are left");
        h.insert("x-ratelimit-remaining", "0".parse().unwrap());
        assert_eq!(rate_limit_reset(&h), Some(Duration::from_secs(20)));
        // A Unix timestamp in the past: no wait.
        h.insert("x-ratelimit-reset", "1700000000".parse().unwrap());
        assert_eq!(rate_limit_reset(&h), Some(Duration::ZERO));
        h.remove("x-ratelimit-reset");
        assert_eq!(rate_limit_reset(&h), None);
    }

    #[test]
    fn statuses_are_classified_once() {
        assert!(matches!(verdict(StatusCode::OK), Verdict::Ok));
        assert!(matches!(verdict(StatusCode::UNAUTHORIZED), Verdict::Auth));
        assert!(matches!(verdict(StatusCode::FORBIDDEN), Verdict::Auth));
        assert!(matches!(
            verdict(StatusCode::PAYMENT_REQUIRED),
            Verdict::Credits
        ));
        assert!(matches!(verdict(StatusCode::FOUND), Verdict::Fail));
        assert!(matches!(
            verdict(StatusCode::TOO_MANY_REQUESTS),
            Verdict::Retry
        ));
        assert!(matches!(verdict(StatusCode::BAD_GATEWAY), Verdict::Retry));
        assert!(matches!(verdict(StatusCode::NOT_FOUND), Verdict::Fail));
        assert!(matches!(verdict(StatusCode::BAD_REQUEST), Verdict::Fail));
    }

    #[test]
    fn api_messages() {
        assert_eq!(
            api_error_message(br#"{"error": {"message": "nope"}}"#).as_deref(),
            Some("nope")
        );
        assert_eq!(api_error_message(b"<html>").as_deref(), None);
    }
}
