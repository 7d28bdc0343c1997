//! `GET /api/v1/usage` (free: the plan and the credit balance) and the error bodies every
//! endpoint answers with (`{"error": {"code", "message", ...}}` or `{"error": "text"}`).

use super::counters::count;
use crate::text::truncate;
use serde_json::Value;

/// What the account has, from the usage endpoint (a flat object; every field optional).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Usage {
    pub plan: Option<String>,
    pub credit_balance: Option<u64>,
}
/// Reads the usage answer; `None` when it is not a JSON object naming a plan or a balance.
pub fn parse_usage(body: &[u8]) -> Option<Usage> {
    let root: Value = serde_json::from_slice(body).ok()?;
    let obj = root.as_object()?;
    // Flat as the SDKs define it; a `data` wrapper is read too.
    let obj = match obj.get("data").and_then(Value::as_object) {
        Some(inner) if !obj.contains_key("credit_balance") => inner,
        _ => obj,
    };
    let usage = Usage {
        plan: obj
            .get("plan")
            .and_then(Value::as_str)
            .map(|p| truncate(p.trim(), 40))
            .filter(|p| !p.is_empty()),
        credit_balance: ["credit_balance", "credits_remaining"]
            .iter()
            .find_map(|k| obj.get(*k).and_then(count)),
    };
    (usage.plan.is_some() || usage.credit_balance.is_some()).then_some(usage)
}
/// The parts of an error body callers act on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorBody {
    pub code: Option<String>,
    pub message: Option<String>,
    /// Where to buy credits (a 402 carries it, nested in `error` or beside it).
    pub billing_url: Option<String>,
    /// A 429's plan limit on requests in flight (`concurrency`).
    pub concurrency: Option<u64>,
}
/// Reads `{"error": {"code", "message", "billing_url"}}`, `{"error": "text"}`, or the same
/// fields flat at the top level.
pub fn parse_error_body(body: &[u8]) -> ErrorBody {
    let Ok(Value::Object(root)) = serde_json::from_slice::<Value>(body) else {
        return ErrorBody::default();
    };
    let nested = root.get("error").and_then(Value::as_object);
    let field = |k: &str| -> Option<&Value> {
        nested
            .and_then(|e| e.get(k))
            .or_else(|| root.get(k))
            .filter(|v| !v.is_null())
    };
    let text = |v: &Value| {
        v.as_str()
            .map(|s| truncate(s.trim(), 200))
            .filter(|s| !s.is_empty())
    };
    let message = match root.get("error") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(truncate(s.trim(), 200)),
        _ => field("message").and_then(text),
    };
    ErrorBody {
        code: field("code").and_then(text),
        message,
        billing_url: field("billing_url")
            .and_then(text)
            .filter(|u| is_web_url(u)),
        concurrency: field("concurrency").and_then(count),
    }
}
/// Only an http(s) address is shown as where to top up.
fn is_web_url(u: &str) -> bool {
    (u.starts_with("https://") || u.starts_with("http://"))
        && !u.chars().any(|c| c.is_whitespace() || c.is_control())
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_flat() {
        let u =
            parse_usage(br#"{"plan":"free","credit_balance":50,"purchased_credits":0}"#).unwrap();
        assert_eq!(u.plan.as_deref(), Some("free"));
        assert_eq!(u.credit_balance, Some(50));
        assert_eq!(parse_usage(b"<html>"), None);
        assert_eq!(parse_usage(b"{}"), None);
    }

    #[test]
    fn error_bodies_nested_flat_and_text() {
        let e = parse_error_body(
            br#"{"error":{"code":"insufficient_credits","message":"No credits","billing_url":"https://scavio.dev/billing"}}"#,
        );
        assert_eq!(e.code.as_deref(), Some("insufficient_credits"));
        assert_eq!(e.message.as_deref(), Some("No credits"));
        assert_eq!(e.billing_url.as_deref(), Some("https://scavio.dev/billing"));
        let e = parse_error_body(br#"{"error":"bad key","billing_url":"javascript:x"}"#);
        assert_eq!(e.message.as_deref(), Some("bad key"));
        assert_eq!(e.billing_url, None);
        let e = parse_error_body(
            br#"{"error":{"code":"rate_limit_exceeded","message":"m"},"concurrency":1,"in_flight":2}"#,
        );
        assert_eq!(e.concurrency, Some(1));
    }
}
