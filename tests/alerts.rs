//! Issue #18: breakout alerts after the daily fetch, to a Slack-compatible webhook (here a
//! wiremock receiver on loopback), with a cooldown, an alert log, and delivery that never
//! changes how the fetch ends.

mod common;

use common::{Env, KEY, serve_day};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The secret part of the webhook URL, as Slack's look.
const HOOK: &str = "/services/T0000/B0000/XXXXwebhooksecret";
/// 0-based day on which `jumper` goes from 0.3 %/day to 12 %/day (and on to 14 %).
const JUMP: usize = 11;

fn date(day: usize) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap() + chrono::Days::new(day as u64);
    d.to_string()
}

/// `(hashtag, videos, views)` on `day`: `steady` grows 5 %/day (never a breakout), `jumper`
/// breaks out on `JUMP` and keeps speeding up the day after.
fn counts(day: usize) -> Vec<(&'static str, u64, u64)> {
    let mut steady = 200_000.0f64;
    let mut jumper = 500_000.0f64;
    for d in 1..=day {
        steady *= 1.05;
        jumper *= match d {
            d if d < JUMP => 1.003,
            d if d == JUMP => 1.12,
            _ => 1.14,
        };
    }
    let (s, j) = (steady.round() as u64, jumper.round() as u64);
    vec![("steady", s, s * 40), ("jumper", j, j * 40)]
}

/// A webhook receiver that accepts every POST to `HOOK`.
async fn receiver() -> MockServer {
    let hook = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(HOOK))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&hook)
        .await;
    hook
}

/// The messages the receiver got, as JSON, with their raw text.
async fn messages(hook: &MockServer) -> Vec<(Value, String)> {
    hook.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let text = String::from_utf8_lossy(&r.body).into_owned();
            (serde_json::from_slice(&r.body).unwrap_or(Value::Null), text)
        })
        .collect()
}

/// A config whose `[alerts]` posts to `webhook`.
fn env(api: &MockServer, webhook: &str) -> Env {
    Env::new(
        &api.uri(),
        &["steady", "jumper"],
        "",
        &format!("[alerts]\nwebhook_url = \"{webhook}\"\n"),
    )
}

/// Fetches `day` (serving its counts) and returns the finished process.
async fn fetch(api: &MockServer, env: &Env, day: usize, extra: &[&str]) -> std::process::Output {
    serve_day(api, &counts(day)).await;
    env.cmd()
        .args(["fetch", "--date", &date(day)])
        .args(extra)
        .output()
        .expect("run fetch")
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_breakout_day_sends_one_message_naming_the_hashtag_and_the_days_before_none() {
    let (api, hook) = (common::server().await, receiver().await);
    let env = env(&api, &format!("{}{HOOK}", hook.uri()));
    for day in 0..JUMP {
        let out = fetch(&api, &env, day, &[]).await;
        assert!(out.status.success(), "day {day}");
        assert!(messages(&hook).await.is_empty(), "day {day} sent a message");
    }
    let out = fetch(&api, &env, JUMP, &[]).await;
    assert_eq!(out.status.code(), Some(0));
    let sent = messages(&hook).await;
    assert_eq!(sent.len(), 1, "one message for the breakout day");
    let (msg, raw) = &sent[0];
    let text = msg["text"].as_str().unwrap();
    assert!(
        text.contains("#jumper breakout") && text.contains(&date(JUMP)),
        "{text}"
    );
    assert!(!text.contains("steady"), "{text}");
    assert!(msg["blocks"].as_array().is_some_and(|b| b.len() >= 2));
    let alerts = msg["tracker"]["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["hashtag"], "jumper");
    assert_eq!(alerts[0]["signal"], "breakout");
    assert_eq!(alerts[0]["breakout"], true);
    assert_eq!(alerts[0]["video_count"], counts(JUMP)[1].1);
    assert!(!raw.contains(KEY), "the message carries the API key");
    assert!(
        !raw.contains("XXXXwebhooksecret"),
        "the message carries the webhook URL"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("alerts: sent 1"), "{stderr}");
    assert!(!stderr.contains("XXXXwebhooksecret"), "{stderr}");
    // The log says so, without the URL.
    assert_eq!(
        env.count("SELECT count(*) FROM alerts WHERE delivered = 1 AND hashtag = 'jumper'"),
        1
    );
    assert_eq!(
        env.count("SELECT count(*) FROM alerts WHERE row LIKE '%XXXXwebhooksecret%' OR row LIKE '%127.0.0.1%'"),
        0
    );
    let list = env.json(&["alerts", "list", "--format", "json"]);
    assert_eq!(list["alerts"][0]["hashtag"], "jumper");
    assert_eq!(list["alerts"][0]["delivered"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_breakout_is_not_sent_again_on_a_rerun_or_the_next_day() {
    let (api, hook) = (common::server().await, receiver().await);
    let env = env(&api, &format!("{}{HOOK}", hook.uri()));
    for day in 0..=JUMP {
        assert!(fetch(&api, &env, day, &[]).await.status.success());
    }
    assert_eq!(messages(&hook).await.len(), 1);
    // A re-run of the same day (everything already stored) sends nothing twice.
    assert!(fetch(&api, &env, JUMP, &[]).await.status.success());
    assert_eq!(messages(&hook).await.len(), 1);
    // The next day is still a breakout, but within the cooldown.
    assert!(fetch(&api, &env, JUMP + 1, &[]).await.status.success());
    let trends = env.json(&["trends", "--date", &date(JUMP + 1), "--format", "json"]);
    let jumper = trends["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["hashtag"] == "jumper")
        .unwrap();
    assert_eq!(jumper["breakout"], true, "the next day is a breakout too");
    assert_eq!(messages(&hook).await.len(), 1, "the cooldown holds it back");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_webhook_down_the_fetch_exits_0_with_a_warning_and_the_next_run_delivers() {
    let (api, hook) = (common::server().await, receiver().await);
    // The config's webhook is down; the live one comes from the environment later.
    let env = env(&api, &format!("http://127.0.0.1:{}{HOOK}", closed_port()));
    for day in 0..JUMP {
        assert!(fetch(&api, &env, day, &[]).await.status.success());
    }
    let out = fetch(&api, &env, JUMP, &[]).await;
    assert_eq!(out.status.code(), Some(0), "the fetch's outcome is its own");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: 1 alert(s) not delivered") && stderr.contains("#jumper"),
        "{stderr}"
    );
    assert!(!stderr.contains("XXXXwebhooksecret"), "{stderr}");
    assert!(!stderr.contains(KEY), "{stderr}");
    assert_eq!(
        env.count("SELECT count(*) FROM alerts WHERE delivered = 0 AND attempts = 3"),
        1,
        "logged as not delivered, after a few tries"
    );
    // The day's snapshots are stored all the same.
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM snapshots WHERE date = '{}'",
            date(JUMP)
        )),
        2
    );

    // The next run (the environment's URL wins over the file's) delivers it.
    let mut cmd = env.cmd();
    cmd.env("TRACKER_WEBHOOK_URL", format!("{}{HOOK}", hook.uri()))
        .args(["fetch", "--date", &date(JUMP)]);
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    let sent = messages(&hook).await;
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].0["text"]
            .as_str()
            .unwrap()
            .contains("#jumper breakout")
    );
    assert_eq!(
        env.count("SELECT count(*) FROM alerts WHERE delivered = 1 AND sent_at IS NOT NULL"),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_alerts_skips_them() {
    let (api, hook) = (common::server().await, receiver().await);
    let env = env(&api, &format!("{}{HOOK}", hook.uri()));
    for day in 0..JUMP {
        assert!(fetch(&api, &env, day, &[]).await.status.success());
    }
    assert!(
        fetch(&api, &env, JUMP, &["--no-alerts"])
            .await
            .status
            .success()
    );
    assert!(messages(&hook).await.is_empty());
    assert_eq!(env.count("SELECT count(*) FROM alerts"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn trends_only_breakout_prints_only_breakouts_and_nothing_without_one() {
    let (api, hook) = (common::server().await, receiver().await);
    let env = env(&api, &format!("{}{HOOK}", hook.uri()));
    for day in 0..=JUMP {
        assert!(
            fetch(&api, &env, day, &["--no-alerts"])
                .await
                .status
                .success()
        );
    }
    let only = env.json(&["trends", "--only", "breakout", "--format", "json"]);
    let rows = only["hashtags"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["hashtag"], "jumper");
    let before = env
        .cmd()
        .args(["trends", "--only", "breakout", "--date", &date(JUMP - 1)])
        .output()
        .unwrap();
    assert!(before.status.success());
    assert!(
        before.stdout.is_empty(),
        "no breakout, no output (no cron mail)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn alerts_test_sends_a_sample_and_fails_when_it_is_not_delivered() {
    let (api, hook) = (common::server().await, receiver().await);
    let env = env(&api, &format!("{}{HOOK}", hook.uri()));
    let out = env.cmd().args(["alerts", "test"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sent = messages(&hook).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0["tracker"]["test"], true);
    assert!(sent[0].0["text"].as_str().unwrap().contains("test message"));
    assert!(!sent[0].1.contains(KEY));

    let down = env_down(&api);
    let out = down.cmd().args(["alerts", "test"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not delivered") && stderr.contains("127.0.0.1"),
        "{stderr}"
    );
    assert!(!stderr.contains("XXXXwebhooksecret"), "{stderr}");
}

fn env_down(api: &MockServer) -> Env {
    env(api, &format!("http://127.0.0.1:{}{HOOK}", closed_port()))
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_ends_a_hanging_delivery_and_the_fetch_keeps_its_exit_code() {
    use std::time::{Duration, Instant};
    let api = common::server().await;
    // A webhook that takes the connection and never answers.
    let hang = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = hang.local_addr().unwrap().port();
    let env = env(&api, &format!("http://127.0.0.1:{port}{HOOK}"));
    for day in 0..JUMP {
        assert!(fetch(&api, &env, day, &[]).await.status.success());
    }
    serve_day(&api, &counts(JUMP)).await;
    let child = env
        .process()
        .args(["fetch", "--date", &date(JUMP)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The POST is on its way once the connection is taken.
    let (_held, _) = hang.accept().unwrap();
    let started = Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "waited out the webhook"
    );
    assert_eq!(out.status.code(), Some(0), "the fetch's exit code");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(
        env.count("SELECT count(*) FROM alerts WHERE delivered = 0"),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_day_fetched_late_sends_nothing() {
    let (api, hook) = (common::server().await, receiver().await);
    let env = env(&api, &format!("{}{HOOK}", hook.uri()));
    for day in 0..JUMP {
        assert!(fetch(&api, &env, day, &[]).await.status.success());
    }
    assert!(
        fetch(&api, &env, JUMP + 1, &["--no-alerts"])
            .await
            .status
            .success()
    );
    // The breakout day comes in after a later one: old news.
    assert!(fetch(&api, &env, JUMP, &[]).await.status.success());
    let trends = env.json(&[
        "trends",
        "--date",
        &date(JUMP),
        "--only",
        "breakout",
        "--format",
        "json",
    ]);
    assert_eq!(trends["hashtags"][0]["hashtag"], "jumper");
    assert!(messages(&hook).await.is_empty());
}
