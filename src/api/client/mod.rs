//! The HTTP client: one shared keep-alive connection pool, a timeout per request, bounded
//! retries with exponential backoff and jitter for transient failures, `Retry-After`, an
//! optional global rate limit, and one place that turns a status into an error.
//!
//! Words used here, each for one idea:
//! - a **call** is one logical request to an endpoint ([`Client::call`]); it may take several
//!   attempts, and ends as a [`CallReport`];
//! - an **attempt** is one HTTP request of a call, logged as an [`Attempt`]; how it ended is an
//!   `AttemptEnd` (final, or worth another try);
//! - an **answer** is a 2xx response of an attempt: paid for, whatever its body holds
//!   ([`Answer`]).

use super::key::ApiKey;
use super::payload::{Usage, parse_error_body, parse_usage};
use crate::text::error_chain;
mod usage;

pub use usage::UsageCheck;

use super::reach::Reach;
use super::status::{
    ApiError, MAX_RETRY_AFTER, Verdict, api_error_message, rate_limit_reset, retry_after, verdict,
};
use super::throttle::Throttle;
use crate::config::ApiSettings;
use crate::model::Endpoint;
use bytes::Bytes;
use reqwest::StatusCode;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Backoff never grows past this.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A request's whole duration may be this many times `timeout_secs`.
const TOTAL_TIMEOUT_FACTOR: u32 = 4;
/// Requests sent alone, at most, before the run goes concurrent without proof of the key.
const MAX_PROBES: u32 = 3;
/// How much of an error body is kept in a message.
const MESSAGE_CHARS: usize = 200;
/// A successful (2xx) answer: paid for, whatever its body holds.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Bytes,
    /// Set when the connection broke before the whole body arrived (what came is kept).
    pub cut_off: Option<String>,
}
/// One HTTP attempt, for the run log.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub endpoint: Endpoint,
    pub attempt: u32,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub elapsed: Duration,
    /// When the attempt got a 2xx answer; those are the ones charged.
    pub paid: bool,
}
/// Everything one call did: its attempts and how it ended.
#[derive(Debug)]
pub struct CallReport {
    pub attempts: Vec<Attempt>,
    pub result: Result<Answer, ApiError>,
}
/// The Scavio client, shared by every hashtag of a run.
pub struct Client {
    http: reqwest::Client,
    base: reqwest::Url,
    key: ApiKey,
    max_retries: u32,
    retry_base: Duration,
    throttle: Throttle,
    /// Whether the first request of the run has had its answer (see `attempt`).
    probed: AtomicBool,
    probe: Mutex<()>,
    /// Probes whose answer said nothing about the key (see `attempt`).
    probe_misses: AtomicU32,
    /// The usage check is one quick attempt: unavailable, the run goes on without it.
    usage_timeout: Duration,
    /// Whether the API can be reached at all (see `reach`).
    reach: Reach,
    max_answer_bytes: usize,
}

impl Client {
    pub fn new(settings: &ApiSettings, key: ApiKey) -> anyhow::Result<Client> {
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            // `timeout_secs` bounds each wait for bytes: an answer that keeps arriving (a big
            // sample over a slow link) is not cut off and paid for again every day. The whole
            // request still has a ceiling.
            .read_timeout(settings.timeout)
            .timeout(settings.timeout.saturating_mul(TOTAL_TIMEOUT_FACTOR))
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .pool_max_idle_per_host(settings.concurrency.max(1))
            .redirect(redirect_policy())
            .user_agent(concat!("tracker/", env!("CARGO_PKG_VERSION")));
        if settings.base_url.scheme() == "http" {
            // No TLS will be spoken: skip loading and parsing the system's root
            // certificates (~300 files, 10-25 ms of every run's start).
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let http = builder
            .build()
            .map_err(|e| anyhow::anyhow!("could not build the HTTP client: {e}"))?;
        let mut base = settings.base_url.clone();
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Ok(Client {
            http,
            base,
            key,
            max_retries: settings.max_retries,
            retry_base: settings.retry_base,
            throttle: Throttle::new(settings.concurrency, settings.max_requests_per_second),
            probed: AtomicBool::new(false),
            probe: Mutex::new(()),
            probe_misses: AtomicU32::new(0),
            usage_timeout: settings.timeout.min(Duration::from_secs(10)),
            reach: Reach::default(),
            max_answer_bytes: settings.max_answer_bytes,
        })
    }

    /// Makes one logical call with retries; `hashtag` names it in logs, `body` is sent.
    pub async fn call(
        &self,
        endpoint: Endpoint,
        hashtag: &str,
        body: &serde_json::Value,
    ) -> CallReport {
        let mut attempts = Vec::new();
        let url = match self.base.join(endpoint.path()) {
            Ok(u) => u,
            Err(e) => {
                return CallReport {
                    attempts,
                    result: Err(ApiError::Rejected {
                        status: 0,
                        message: format!("bad URL: {e}"),
                    }),
                };
            }
        };
        let tries = self.max_retries + 1;
        for attempt in 1..=tries {
            let Some((log, outcome)) = self.attempt(&url, (hashtag, body), endpoint, attempt).await
            else {
                break;
            };
            attempts.push(log);
            let (status, message, retry_after) = match outcome {
                AttemptEnd::Done(result) => return CallReport { attempts, result },
                AttemptEnd::Transient {
                    status,
                    message,
                    retry_after,
                } => (status, message, retry_after),
            };
            // A last try, or an API asking for a longer pause than cron should sit through,
            // ends the call here.
            let (wait, message) = match retry_after {
                Some(w) if w > MAX_RETRY_AFTER => (
                    None,
                    format!("{message}; the API asked to retry after {}s", w.as_secs()),
                ),
                Some(w) => (Some(w), message),
                None => (Some(self.backoff(attempt)), message),
            };
            let Some(wait) = wait.filter(|_| attempt < tries) else {
                return CallReport {
                    attempts,
                    result: Err(ApiError::Transient {
                        status,
                        message,
                        tries: attempt,
                    }),
                };
            };
            tracing::info!(
                hashtag,
                endpoint = endpoint.as_str(),
                attempt,
                wait_ms = wait.as_millis() as u64,
                "{message}; retrying"
            );
            if !self
                .throttle
                .sleep_until(tokio::time::Instant::now() + wait)
                .await
            {
                break;
            }
        }
        CallReport {
            attempts,
            result: Err(ApiError::Cancelled),
        }
    }

    /// Exponential backoff with jitter: base × 2^(n-1) × [0.5, 1.5).
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .retry_base
            .saturating_mul(1u32 << (attempt.saturating_sub(1)).min(16));
        // Capped before the jitter too: scaling a huge duration by 1.4 would overflow.
        exp.min(MAX_BACKOFF)
            .mul_f64(0.5 + fastrand::f64())
            .min(MAX_BACKOFF)
    }

    /// One HTTP attempt; `None` when it was not sent because the run was stopped.
    async fn attempt(
        &self,
        url: &reqwest::Url,
        (hashtag, body): (&str, &serde_json::Value),
        endpoint: Endpoint,
        attempt: u32,
    ) -> Option<(Attempt, AttemptEnd)> {
        let slot = self.throttle.slot().await;
        let probe = self.probe_gate().await;
        if self.is_stopped()
            || !self.throttle.wait_for_pause().await
            || !self.throttle.wait_for_slot().await
        {
            return None;
        }
        let started = Instant::now();
        let response = self
            .http
            .post(url.clone())
            .bearer_auth(self.key.expose())
            .json(body)
            .send()
            .await;
        let (status, result) = match response {
            Err(e) => (None, self.not_answered(&e)),
            Ok(resp) => {
                let (code, result) = self.answered(resp, slot, attempt).await;
                (Some(code), result)
            }
        };
        if probe.is_some() {
            self.settle_probe(&result);
        }
        drop(probe);
        let log = attempt_log(endpoint, attempt, status, &result, started.elapsed());
        tracing::info!(
            hashtag = crate::text::sanitize(hashtag).as_ref(),
            endpoint = endpoint.as_str(),
            attempt,
            status = status.unwrap_or(0),
            elapsed_ms = log.elapsed.as_millis() as u64,
            "request"
        );
        Some((log, result))
    }

    /// Until an answer proves the key, requests go one at a time: a rejected key then costs
    /// one request, not one per slot. Every later request skips this lock.
    async fn probe_gate(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        if self.probed.load(Ordering::SeqCst) {
            return None;
        }
        let guard = self.probe.lock().await;
        // Another request was the probe while this one waited: go at once, or the requests
        // queued here would be sent one after another.
        (!self.probed.load(Ordering::SeqCst)).then_some(guard)
    }

    /// Only an answer that got past the key check opens the gates: a 5xx or a timeout says
    /// nothing about the key, so the next request goes alone too (a few times, so an outage
    /// does not make the whole run sequential).
    fn settle_probe(&self, result: &AttemptEnd) {
        let past_the_key = match result {
            AttemptEnd::Done(Ok(_)) => true,
            // A 4xx from the API itself (not a path that is not the API's).
            AttemptEnd::Done(Err(ApiError::Rejected { status, .. })) => {
                (400..500).contains(status) && self.reach.has_answered()
            }
            _ => false,
        };
        if past_the_key || self.probe_misses.fetch_add(1, Ordering::SeqCst) + 1 >= MAX_PROBES {
            self.probed.store(true, Ordering::SeqCst);
        }
    }

    /// An attempt that got no answer (timeout, refused or broken connection): worth another
    /// try, unless the API cannot be reached at all.
    fn not_answered(&self, e: &reqwest::Error) -> AttemptEnd {
        let kind = if e.is_timeout() {
            "timed out"
        } else if e.is_connect() {
            "could not connect"
        } else {
            "connection failed"
        };
        let message = self.key.scrub(&format!("{kind}: {}", error_chain(e)));
        if !e.is_timeout() && self.reach.missed(&message) {
            self.stop();
        }
        AttemptEnd::Transient {
            status: None,
            message,
            retry_after: None,
        }
    }

    /// An attempt the server answered: read the body, pace the run by what the answer says,
    /// and judge it.
    async fn answered(
        &self,
        resp: reqwest::Response,
        slot: super::throttle::Slot<'_>,
        attempt: u32,
    ) -> (u16, AttemptEnd) {
        let status = resp.status();
        let code = status.as_u16();
        let retry_after = retry_after(resp.headers());
        let location = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
        let window = rate_limit_reset(resp.headers());
        let (body, cut_off) = read_body(resp, self.max_answer_bytes).await;
        self.note_reach(code, &body);
        // Too many in flight for the plan: fewer from now on. Anything else answered says
        // the number in flight was accepted.
        if code == 429 {
            slot.refused(parse_error_body(&body).concurrency);
        } else {
            slot.accepted();
        }
        self.pace(status, retry_after, window, attempt);
        // The answer is in: the slot goes to the next request at once.
        drop(slot);
        let answer = Answered {
            status,
            body,
            cut_off,
            location,
            retry_after,
        };
        (code, self.judge(answer))
    }

    /// Overload is about the API, not this hashtag: every request waits, from before this
    /// slot is handed on. A used-up rate window is waited out rather than refused.
    fn pace(
        &self,
        status: StatusCode,
        retry_after: Option<Duration>,
        window: Option<Duration>,
        attempt: u32,
    ) {
        if matches!(verdict(status), Verdict::Retry)
            && (status.as_u16() == 429 || retry_after.is_some())
        {
            let wait = retry_after.unwrap_or_else(|| self.backoff(attempt));
            if wait <= MAX_RETRY_AFTER {
                self.throttle.pause_all(tokio::time::Instant::now() + wait);
            }
        }
        if let Some(wait) = window.filter(|w| *w <= MAX_RETRY_AFTER) {
            self.throttle.pause_all(tokio::time::Instant::now() + wait);
        }
    }

    /// How an answered attempt ends, from its status (see `status::verdict`).
    fn judge(&self, a: Answered) -> AttemptEnd {
        let Answered {
            status,
            body,
            cut_off,
            location,
            retry_after,
        } = a;
        let code = status.as_u16();
        match verdict(status) {
            // Paid, whatever arrived: a cut-off body is kept, never bought twice.
            Verdict::Ok => AttemptEnd::Done(Ok(Answer {
                status: code,
                body: self.key.scrub_bytes(Bytes::from(body)),
                cut_off: cut_off.map(|e| self.key.scrub(&e)),
            })),
            Verdict::Auth => {
                self.stop();
                AttemptEnd::Done(Err(ApiError::Unauthorized {
                    status: code,
                    message: self.message(status, &body),
                }))
            }
            Verdict::Credits => {
                self.stop();
                AttemptEnd::Done(Err(ApiError::OutOfCredits {
                    message: self.message(status, &body),
                    billing_url: parse_error_body(&body)
                        .billing_url
                        .map(|u| self.key.scrub(&u)),
                }))
            }
            Verdict::Retry => AttemptEnd::Transient {
                status: Some(code),
                message: format!("HTTP {code}: {}", self.message(status, &body)),
                retry_after,
            },
            Verdict::Fail if status.is_redirection() => {
                let to = location
                    .map(|l| self.key.scrub(&l))
                    .unwrap_or_else(|| "nowhere".into());
                AttemptEnd::Done(Err(ApiError::Rejected {
                    status: code,
                    message: format!(
                        "redirected to {to}, which would not receive the hashtag; \
                         point base_url there"
                    ),
                }))
            }
            Verdict::Fail => AttemptEnd::Done(Err(ApiError::Rejected {
                status: code,
                message: self.message(status, &body),
            })),
        }
    }

    /// The API's own message from an error body, or its first characters, scrubbed of the key.
    fn message(&self, status: StatusCode, body: &[u8]) -> String {
        // Scrubbed whole, then shortened: cut first, a key straddling the cut would survive
        // minus its last characters.
        let text = match api_error_message(body) {
            Some(m) => self.key.scrub(&m),
            None => {
                let scrubbed = self.key.redacted(body);
                String::from_utf8_lossy(scrubbed.as_deref().unwrap_or(body))
                    .trim()
                    .to_string()
            }
        };
        if text.is_empty() {
            status
                .canonical_reason()
                .unwrap_or("no message")
                .to_string()
        } else {
            crate::text::truncate(&text, MESSAGE_CHARS)
        }
    }

    /// An answer reached the API, unless it is a 404 (or 405) without the API's own error
    /// body: a path that is not the API's, which every request would get.
    fn note_reach(&self, code: u16, body: &[u8]) {
        if matches!(code, 404 | 405) && api_error_message(body).is_none() {
            if self
                .reach
                .missed(&format!("HTTP {code} without the API's error body"))
            {
                self.stop();
            }
        } else {
            self.reach.answered();
        }
    }

    /// Set when the run stopped because the API could not be reached: why.
    pub fn unreachable(&self) -> Option<String> {
        self.reach.unreachable()
    }

    /// The limiter on requests in flight (to start it at the plan's limit, and to read
    /// what the run learnt).
    pub fn limiter(&self) -> &super::throttle::Limiter {
        self.throttle.limiter()
    }

    /// Stops every call not yet sent (a rejected key, Ctrl-C).
    pub fn stop(&self) {
        self.throttle.stop();
    }

    pub fn is_stopped(&self) -> bool {
        self.throttle.is_stopped()
    }
}

/// What the server answered to an attempt, read, before it is judged.
struct Answered {
    status: StatusCode,
    body: Vec<u8>,
    cut_off: Option<String>,
    location: Option<String>,
    retry_after: Option<Duration>,
}

/// The run log's record of an attempt.
fn attempt_log(
    endpoint: Endpoint,
    attempt: u32,
    status: Option<u16>,
    result: &AttemptEnd,
    elapsed: Duration,
) -> Attempt {
    let (paid, error) = match result {
        AttemptEnd::Done(Ok(a)) => (true, a.cut_off.clone()),
        AttemptEnd::Done(Err(e)) => (false, Some(e.to_string())),
        AttemptEnd::Transient { message, .. } => (false, Some(message.clone())),
    };
    Attempt {
        endpoint,
        attempt,
        status,
        paid,
        error,
        elapsed,
    }
}

/// How one attempt ended: for good (an answer or a final error), or worth another try.
enum AttemptEnd {
    Done(Result<Answer, ApiError>),
    Transient {
        status: Option<u16>,
        message: String,
        retry_after: Option<Duration>,
    },
}
/// Reads a body chunk by chunk, keeping what arrived if the connection breaks mid-way.
/// Bodies above `max` bytes are cut (`[api] max_answer_mib`): no real answer is near it, and
/// memory stays bounded by the answers in flight.
async fn read_body(mut resp: reqwest::Response, max: usize) -> (Vec<u8>, Option<String>) {
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > max {
                    return (
                        body,
                        Some(format!(
                            "answer larger than {} MiB ([api] max_answer_mib)",
                            max >> 20
                        )),
                    );
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return (body, None),
            Err(e) => return (body, Some(format!("body cut off: {}", error_chain(&e)))),
        }
    }
}
/// Follows only 307/308, which re-send the same POST and body. A 301/302/303 would turn the
/// call into a body-less GET whose answer is not about the hashtag asked for; it is reported
/// instead (reqwest drops the key itself on a redirect to another host).
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let keeps_body = matches!(attempt.status().as_u16(), 307 | 308);
        if keeps_body && attempt.previous().len() < 5 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}
/// rustls needs a process-wide crypto provider; ring builds with no system library.
fn install_crypto_provider() {
    // Fails only when one is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_scrubbed_before_it_is_shortened() {
        let key = "sk-live-S3CRETKEY12";
        let client = Client::new(&crate::config::ApiSettings::default(), ApiKey::new(key)).unwrap();
        let body = format!(
            r#"{{"message": "{}{key}"}}"#,
            "x".repeat(MESSAGE_CHARS - 10)
        );
        let m = client.message(StatusCode::INTERNAL_SERVER_ERROR, body.as_bytes());
        assert!(!m.contains("sk-live-S3"), "{m}");
        let raw = format!("{}{key}", "y".repeat(MESSAGE_CHARS - 5));
        let m = client.message(StatusCode::BAD_GATEWAY, raw.as_bytes());
        assert!(!m.contains("sk-live"), "{m}");
    }
}
