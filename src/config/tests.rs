use super::*;
use crate::model::AlertSignal;
use std::time::Duration;

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
    let c = parse("hashtags = [\"a\"]\n[discover]\nignore = [\"#MyBrand\", \"mybrand\"]").unwrap();
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
