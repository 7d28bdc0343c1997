//! One POST of a message to the webhook: a few tries with backoff for what is transient
//! (no connection, a timeout, 408, 429, 5xx), short timeouts, no redirects. Whatever
//! happens is returned, never raised: a delivery never decides how a fetch ends. Errors
//! name the webhook's host only (reqwest's carry the URL; it is scrubbed out).

use super::WebhookUrl;
use crate::text::{error_chain, sanitize, truncate};
use serde_json::Value;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// How much of an error answer's body a message keeps.
const BODY_CHARS: usize = 120;
/// The longest `Retry-After` pause honoured: an alert is not worth holding cron up for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(5);

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// POSTs at most, the first included.
    pub tries: u32,
    /// The pause after the first failure; doubles after each, with jitter.
    pub backoff: Duration,
    /// The longest a POST may take, connecting included.
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            tries: 3,
            backoff: Duration::from_millis(300),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Why a message did not arrive.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    #[error("{host} answered HTTP {status}{detail}")]
    Status {
        host: String,
        status: u16,
        /// ": <start of the body>", or nothing.
        detail: String,
    },
    #[error("could not reach {host}: {reason}")]
    Unreachable { host: String, reason: String },
    #[error("could not set up the HTTP client: {0}")]
    Client(String),
    #[error("interrupted (Ctrl-C)")]
    Interrupted,
}

/// What one delivery did.
#[derive(Debug)]
pub struct Delivery {
    /// POSTs sent.
    pub attempts: u32,
    pub result: Result<(), DeliveryError>,
}

/// [`post`] on a runtime of its own, for callers outside async code. Ctrl-C stops it (the
/// fetch is over by then; nobody should wait out a hanging webhook).
pub fn post_blocking(url: &WebhookUrl, body: &Value, policy: Policy) -> Delivery {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(async {
            let sent = AtomicU32::new(0);
            tokio::select! {
                d = post_counted(url, body, policy, &sent) => d,
                Ok(()) = tokio::signal::ctrl_c() => Delivery {
                    attempts: sent.load(Ordering::Relaxed),
                    result: Err(DeliveryError::Interrupted),
                },
            }
        }),
        Err(e) => Delivery {
            attempts: 0,
            result: Err(DeliveryError::Client(format!(
                "could not start the async runtime: {e}"
            ))),
        },
    }
}

/// POSTs `body` as JSON to `url`, retrying what is transient.
pub async fn post(url: &WebhookUrl, body: &Value, policy: Policy) -> Delivery {
    post_counted(url, body, policy, &AtomicU32::new(0)).await
}

/// [`post`], counting the POSTs sent in `sent` as they go.
async fn post_counted(
    url: &WebhookUrl,
    body: &Value,
    policy: Policy,
    sent: &AtomicU32,
) -> Delivery {
    let http = match client(url, policy) {
        Ok(c) => c,
        Err(e) => {
            return Delivery {
                attempts: 0,
                result: Err(e),
            };
        }
    };
    let host = url.host();
    let tries = policy.tries.max(1);
    let mut last = DeliveryError::Client("no POST was sent".into());
    for attempt in 1..=tries {
        sent.store(attempt, Ordering::Relaxed);
        let (error, retry_after) = match http.post(url.expose().clone()).json(body).send().await {
            Ok(resp) if resp.status().is_success() => {
                tracing::info!("webhook {host}: delivered (try {attempt})");
                return Delivery {
                    attempts: attempt,
                    result: Ok(()),
                };
            }
            Ok(resp) => {
                let status = resp.status().as_u16();
                let retry_after = resp
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let text = resp.text().await.unwrap_or_default();
                let text = url.scrub(truncate(sanitize(text.trim()).as_ref(), BODY_CHARS).as_str());
                let detail = if text.is_empty() {
                    String::new()
                } else {
                    format!(": {text}")
                };
                let transient = matches!(status, 408 | 429 | 500..=599);
                let e = DeliveryError::Status {
                    host: host.clone(),
                    status,
                    detail,
                };
                if !transient {
                    return Delivery {
                        attempts: attempt,
                        result: Err(e),
                    };
                }
                (e, retry_after)
            }
            Err(e) => {
                let reason = url.scrub(&error_chain(&e.without_url()));
                let e = DeliveryError::Unreachable {
                    host: host.clone(),
                    reason: sanitize(&reason).into_owned(),
                };
                (e, None)
            }
        };
        tracing::info!("webhook try {attempt} of {tries} failed: {error}");
        last = error;
        if attempt < tries {
            tokio::time::sleep(pause(policy.backoff, attempt, retry_after)).await;
        }
    }
    Delivery {
        attempts: tries,
        result: Err(last),
    }
}

/// The pause after failed try `attempt`: `backoff × 2^(attempt-1)` plus up to a quarter of
/// it as jitter, or the server's `Retry-After` when it asks for longer (up to a cap).
fn pause(backoff: Duration, attempt: u32, retry_after: Option<Duration>) -> Duration {
    let step = backoff.saturating_mul(1 << attempt.saturating_sub(1).min(10));
    let jitter = step.mul_f64(fastrand::f64() * 0.25);
    let ours = step.saturating_add(jitter);
    match retry_after {
        Some(asked) => ours.max(asked.min(MAX_RETRY_AFTER)),
        None => ours,
    }
}

fn client(url: &WebhookUrl, policy: Policy) -> Result<reqwest::Client, DeliveryError> {
    // rustls needs a process-wide crypto provider; this fails only when one is installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder()
        .timeout(policy.timeout)
        .connect_timeout(policy.timeout.min(Duration::from_secs(5)))
        // A webhook that redirects is misconfigured; following it would POST elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("tracker/", env!("CARGO_PKG_VERSION")));
    if url.expose().scheme() == "http" {
        builder = builder.tls_certs_only(std::iter::empty());
    }
    builder
        .build()
        .map_err(|e| DeliveryError::Client(url.scrub(&error_chain(&e.without_url()))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const HOOK: &str = "/services/T000/B000/XXXXsecret";

    fn quick() -> Policy {
        Policy {
            tries: 3,
            backoff: Duration::from_millis(5),
            timeout: Duration::from_secs(5),
        }
    }

    async fn server(status: u16, body: &str) -> (MockServer, WebhookUrl) {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(HOOK))
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(&server)
            .await;
        let url = WebhookUrl::parse(&format!("{}{HOOK}", server.uri())).unwrap();
        (server, url)
    }

    #[tokio::test]
    async fn a_server_error_is_retried_then_reported_by_host_only() {
        let (server, url) = server(503, &format!("down, see {HOOK}")).await;
        let d = post(&url, &serde_json::json!({"text": "hi"}), quick()).await;
        assert_eq!(d.attempts, 3);
        assert_eq!(server.received_requests().await.unwrap().len(), 3);
        let e = d.result.unwrap_err().to_string();
        assert!(e.contains("HTTP 503") && e.contains(&url.host()), "{e}");
        assert!(!e.contains("XXXXsecret"), "{e}");
    }

    #[tokio::test]
    async fn a_refusal_is_not_retried() {
        let (server, url) = server(404, "no_service").await;
        let d = post(&url, &serde_json::json!({"text": "hi"}), quick()).await;
        assert_eq!(d.attempts, 1);
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        assert!(d.result.unwrap_err().to_string().ends_with(": no_service"));
    }

    #[tokio::test]
    async fn an_unreachable_webhook_is_named_by_host_only() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let url = WebhookUrl::parse(&format!("http://127.0.0.1:{port}{HOOK}")).unwrap();
        let d = post(&url, &serde_json::json!({"text": "hi"}), quick()).await;
        assert_eq!(d.attempts, 3);
        let e = d.result.unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("could not reach 127.0.0.1:{port}")),
            "{e}"
        );
        assert!(!e.contains("XXXXsecret"), "{e}");
    }

    #[test]
    fn the_pause_doubles_and_honours_a_short_retry_after() {
        let base = Duration::from_millis(100);
        let p1 = pause(base, 1, None);
        let p3 = pause(base, 3, None);
        assert!(p1 >= base && p1 <= base.mul_f64(1.25), "{p1:?}");
        assert!(p3 >= base * 4 && p3 <= (base * 4).mul_f64(1.25), "{p3:?}");
        assert_eq!(
            pause(base, 1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            pause(base, 1, Some(Duration::from_secs(3600))),
            MAX_RETRY_AFTER
        );
    }
}
