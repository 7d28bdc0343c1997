//! The HTTP client: one shared keep-alive connection pool, a timeout per request, bounded
//! retries with exponential backoff and jitter for transient failures, `Retry-After`, an
//! optional global rate limit, and one place that turns a status into an error.

use super::Endpoint;
use crate::config::ApiSettings;
use bytes::Bytes;
use reqwest::StatusCode;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, Semaphore};

/// The longest `Retry-After` honoured; a server asking for more fails the call instead of
/// stalling a cron job for an hour.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Backoff never grows past this.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A request's whole duration may be this many times `timeout_secs`.
const TOTAL_TIMEOUT_FACTOR: u32 = 4;
/// Requests sent alone, at most, before the run goes concurrent without proof of the key.
const MAX_PROBES: u32 = 3;
/// How much of an error body is kept in a message.
const MESSAGE_CHARS: usize = 200;

/// The API key. It never appears in `Debug` or `Display`, and the client scrubs it from
/// anything the server echoes back.
#[derive(Clone)]
pub struct ApiKey(Arc<str>);

impl ApiKey {
    pub const ENV: &'static str = "SCAVIO_API_KEY";

    /// Reads `SCAVIO_API_KEY`; `None` when unset or blank.
    pub fn from_env() -> Option<ApiKey> {
        std::env::var(Self::ENV)
            .ok()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .map(|k| ApiKey(k.into()))
    }

    pub fn new(key: &str) -> ApiKey {
        ApiKey(key.into())
    }

    /// A key must fit an `Authorization` header: visible ASCII, no spaces or controls.
    pub fn is_well_formed(&self) -> bool {
        !self.0.is_empty() && self.0.chars().all(|c| c.is_ascii_graphic())
    }

    /// Replaces every occurrence of the key in `text`, so even a server that echoes a wrong
    /// key back cannot make us print or store it.
    pub fn scrub(&self, text: &str) -> String {
        if self.0.len() >= 4 && text.contains(&*self.0) {
            text.replace(&*self.0, "[redacted]")
        } else {
            text.to_string()
        }
    }

    /// Replaces the key in a body, also where JSON escapes spell it (`\/`, `\u0073`, ...):
    /// the parser decodes those, so a message built from the body would otherwise show it.
    fn scrub_bytes(&self, body: Bytes) -> Bytes {
        self.redacted(&body).map_or(body, Bytes::from)
    }

    /// `body` with the key redacted, or `None` when it holds no copy of the key.
    fn redacted(&self, body: &[u8]) -> Option<Vec<u8>> {
        let key = self.0.as_bytes();
        (key.len() >= 4)
            .then(|| redact_spelled(body, key))
            .flatten()
    }
}

/// One byte of text as a JSON string decoder would read it, and where it sits in the raw body.
#[derive(Clone, Copy)]
struct Decoded {
    byte: Option<u8>,
    start: usize,
    end: usize,
}

/// The decoded byte that starts at `i` (`None` for one that cannot be part of a key).
fn decode_at(body: &[u8], i: usize) -> Decoded {
    let (byte, len) = match (body[i], body.get(i + 1)) {
        (b'\\', Some(&c @ (b'/' | b'\\' | b'"'))) => (Some(c), 2),
        (b'\\', Some(b'u')) => match body.get(i + 2..i + 6).and_then(hex4) {
            Some(cp) => (u8::try_from(cp).ok().filter(u8::is_ascii), 6),
            None => (None, 1),
        },
        (b'\\', Some(_)) => (None, 2),
        (c, _) => (Some(c), 1),
    };
    Decoded {
        byte,
        start: i,
        end: i + len,
    }
}

/// `body` with every occurrence of `key` replaced by `[redacted]`, whether written plainly or
/// through JSON escapes; `None` when the key does not occur. The key is visible ASCII (see
/// `is_well_formed`), so only escapes that decode to ASCII can spell part of it. Decoded
/// bytes are matched as they are read, keeping only the last `key.len()`: memory stays
/// small however big the body.
fn redact_spelled(body: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    // The common case: no escapes at all, and no plain copy of the key either.
    if key.is_empty() || (!body.contains(&b'\\') && !body.windows(key.len()).any(|w| w == key)) {
        return None;
    }
    let mut window = std::collections::VecDeque::with_capacity(key.len());
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let d = decode_at(body, i);
        i = d.end;
        if window.len() == key.len() {
            window.pop_front();
        }
        window.push_back(d);
        if window.len() == key.len() && window.iter().zip(key).all(|(x, k)| x.byte == Some(*k)) {
            ranges.push((window[0].start, d.end));
            window.clear();
        }
    }
    if ranges.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    for (start, end) in ranges {
        out.extend_from_slice(&body[at..start]);
        out.extend_from_slice(b"[redacted]");
        at = end;
    }
    out.extend_from_slice(&body[at..]);
    Some(out)
}

fn hex4(digits: &[u8]) -> Option<u32> {
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    std::str::from_utf8(digits)
        .ok()
        .and_then(|s| u32::from_str_radix(s, 16).ok())
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

/// Why a call failed, in the terms callers branch on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// 401 / 403, or 402 (no credits left): every hashtag would get the same, so the run stops.
    #[error(
        "the API {} (HTTP {status}): {message}",
        if *.status == 402 { "refused the account: out of credits or unpaid" } else { "rejected the key" }
    )]
    Unauthorized { status: u16, message: String },
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
            ApiError::Transient { status, .. } => *status,
            ApiError::Cancelled => None,
        }
    }
}

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

/// Everything one logical call did: its attempts and how it ended.
#[derive(Debug)]
pub struct CallOutcome {
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
    /// Bounds requests in flight; held per attempt, never across a backoff sleep.
    permits: Semaphore,
    /// Next free slot of the optional global rate limit.
    next_slot: Option<(Mutex<tokio::time::Instant>, Duration)>,
    stopped: AtomicBool,
    /// Wakes every sleeping call (backoff, rate limit, pause) when the run is stopped.
    stop_signal: tokio::sync::watch::Sender<bool>,
    /// Until when every request waits: the API said it is overloaded (429 / 503 with
    /// `Retry-After`), which holds for all hashtags, not just the one that was told.
    paused_until: std::sync::Mutex<Option<tokio::time::Instant>>,
    /// Whether the first request of the run has had its answer (see `attempt`).
    probed: AtomicBool,
    probe: Mutex<()>,
    /// Probes whose answer said nothing about the key (see `attempt`).
    probe_misses: AtomicU32,
}

/// Status → how to treat it, in one place.
enum Verdict {
    Ok,
    Auth,
    Retry,
    Fail,
}

fn verdict(status: StatusCode) -> Verdict {
    match status.as_u16() {
        200..=299 => Verdict::Ok,
        // 402: out of credits, which no other hashtag will escape either.
        401..=403 => Verdict::Auth,
        408 | 425 | 429 | 500..=599 => Verdict::Retry,
        _ => Verdict::Fail,
    }
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
        let next_slot = settings.max_requests_per_second.map(|rps| {
            (
                Mutex::new(tokio::time::Instant::now()),
                Duration::try_from_secs_f64(1.0 / rps).unwrap_or(Duration::from_secs(1000)),
            )
        });
        Ok(Client {
            http,
            base,
            key,
            max_retries: settings.max_retries,
            retry_base: settings.retry_base,
            permits: Semaphore::new(settings.concurrency.max(1)),
            next_slot,
            stopped: AtomicBool::new(false),
            stop_signal: tokio::sync::watch::Sender::new(false),
            paused_until: std::sync::Mutex::new(None),
            probed: AtomicBool::new(false),
            probe: Mutex::new(()),
            probe_misses: AtomicU32::new(0),
        })
    }

    /// Stops every call not yet sent (after the key was rejected).
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.stop_signal.send_replace(true);
    }

    /// Sleeps until `until`; `false` (at once) when the run is stopped meanwhile.
    async fn sleep_until(&self, until: tokio::time::Instant) -> bool {
        let mut stop = self.stop_signal.subscribe();
        if *stop.borrow_and_update() {
            return false;
        }
        tokio::select! {
            () = tokio::time::sleep_until(until) => !self.is_stopped(),
            _ = stop.wait_for(|stopped| *stopped) => false,
        }
    }

    /// Makes every request wait until `until` (the longest pause asked for wins).
    fn pause_all(&self, until: tokio::time::Instant) {
        if let Ok(mut p) = self.paused_until.lock() {
            *p = Some(p.map_or(until, |t| t.max(until)));
        }
    }

    /// Waits out a pause the API asked for; `false` when the run was stopped meanwhile.
    async fn wait_for_pause(&self) -> bool {
        loop {
            let until = self.paused_until.lock().ok().and_then(|p| *p);
            match until {
                Some(t) if t > tokio::time::Instant::now() => {
                    if !self.sleep_until(t).await {
                        return false;
                    }
                }
                _ => return true,
            }
        }
    }

    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Makes one logical call with retries.
    pub async fn call(&self, endpoint: Endpoint, hashtag: &str) -> CallOutcome {
        let mut attempts = Vec::new();
        let url = match self.base.join(endpoint.path()) {
            Ok(u) => u,
            Err(e) => {
                return CallOutcome {
                    attempts,
                    result: Err(ApiError::Rejected {
                        status: 0,
                        message: format!("bad URL: {e}"),
                    }),
                };
            }
        };
        let body = serde_json::json!({ "hashtag": hashtag });
        let tries = self.max_retries + 1;
        for attempt in 1..=tries {
            let Some((log, outcome)) = self.attempt(&url, &body, endpoint, attempt).await else {
                break;
            };
            attempts.push(log);
            let (status, message, retry_after) = match outcome {
                AttemptResult::Done(result) => return CallOutcome { attempts, result },
                AttemptResult::Transient {
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
                return CallOutcome {
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
            if !self.sleep_until(tokio::time::Instant::now() + wait).await {
                break;
            }
        }
        CallOutcome {
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

    /// Waits for this request's turn under the global rate limit; `false` when stopped.
    /// Called just before sending, with the request slot held: a turn reserved earlier
    /// could pass while waiting for a slot, and several would then go out at once.
    async fn wait_for_slot(&self) -> bool {
        if let Some((next, spacing)) = &self.next_slot {
            let at = {
                let mut next = next.lock().await;
                let now = tokio::time::Instant::now();
                let at = (*next).max(now);
                *next = at + *spacing;
                at
            };
            return self.sleep_until(at).await;
        }
        true
    }

    /// One HTTP attempt; `None` when it was not sent because the run was stopped.
    async fn attempt(
        &self,
        url: &reqwest::Url,
        body: &serde_json::Value,
        endpoint: Endpoint,
        attempt: u32,
    ) -> Option<(Attempt, AttemptResult)> {
        // The semaphore is never closed, so acquire cannot fail; treat a failure as "go on".
        let permit = self.permits.acquire().await.ok();
        // Until an answer proves the key, requests go one at a time: a rejected key then
        // costs one request, not one per slot. Every later request skips this lock.
        let probe = if self.probed.load(Ordering::SeqCst) {
            None
        } else {
            let guard = self.probe.lock().await;
            // Another request was the probe while this one waited: go at once, or the
            // requests queued here would be sent one after another.
            (!self.probed.load(Ordering::SeqCst)).then_some(guard)
        };
        if self.is_stopped() || !self.wait_for_pause().await || !self.wait_for_slot().await {
            return None;
        }
        let started = Instant::now();
        let response = self
            .http
            .post(url.clone())
            .bearer_auth(&*self.key.0)
            .json(body)
            .send()
            .await;
        let (status, result) = match response {
            Err(e) => {
                let kind = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "connection failed"
                };
                let message = self.key.scrub(&format!("{kind}: {}", error_chain(&e)));
                let result = AttemptResult::Transient {
                    status: None,
                    message,
                    retry_after: None,
                };
                (None, result)
            }
            Ok(resp) => {
                let status = resp.status();
                let code = status.as_u16();
                let retry_after = retry_after(resp.headers());
                let location = resp
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
                let (body, cut_off) = read_body(resp).await;
                // Overload is about the API, not this hashtag: every request waits, from
                // before this slot is handed on.
                if matches!(verdict(status), Verdict::Retry)
                    && (code == 429 || retry_after.is_some())
                {
                    let wait = retry_after.unwrap_or_else(|| self.backoff(attempt));
                    if wait <= MAX_RETRY_AFTER {
                        self.pause_all(tokio::time::Instant::now() + wait);
                    }
                }
                // The answer is in: the slot goes to the next request at once.
                drop(permit);
                let cut_off = cut_off.map(|e| self.key.scrub(&e));
                let result = match verdict(status) {
                    // Paid, whatever arrived: a cut-off body is kept, never bought twice.
                    Verdict::Ok => AttemptResult::Done(Ok(Answer {
                        status: code,
                        body: self.key.scrub_bytes(Bytes::from(body)),
                        cut_off,
                    })),
                    Verdict::Auth => {
                        self.stop();
                        AttemptResult::Done(Err(ApiError::Unauthorized {
                            status: code,
                            message: self.message(status, &body),
                        }))
                    }
                    Verdict::Retry => AttemptResult::Transient {
                        status: Some(code),
                        message: format!("HTTP {code}: {}", self.message(status, &body)),
                        retry_after,
                    },
                    Verdict::Fail if status.is_redirection() => {
                        let to = location
                            .map(|l| self.key.scrub(&l))
                            .unwrap_or_else(|| "nowhere".into());
                        AttemptResult::Done(Err(ApiError::Rejected {
                            status: code,
                            message: format!(
                                "redirected to {to}, which would not receive the hashtag; \
                                 point base_url there"
                            ),
                        }))
                    }
                    Verdict::Fail => AttemptResult::Done(Err(ApiError::Rejected {
                        status: code,
                        message: self.message(status, &body),
                    })),
                };
                (Some(code), result)
            }
        };
        if probe.is_some() {
            // Only an answer that got past the key check opens the gates: a 5xx or a timeout
            // says nothing about the key, so the next request goes alone too (a few times, so
            // an outage does not make the whole run sequential).
            let past_the_key = match &result {
                AttemptResult::Done(Ok(_)) => true,
                AttemptResult::Done(Err(ApiError::Rejected { status, .. })) => {
                    (400..500).contains(status)
                }
                _ => false,
            };
            if past_the_key || self.probe_misses.fetch_add(1, Ordering::SeqCst) + 1 >= MAX_PROBES {
                self.probed.store(true, Ordering::SeqCst);
            }
        }
        drop(probe);
        let (paid, error) = match &result {
            AttemptResult::Done(Ok(a)) => (true, a.cut_off.clone()),
            AttemptResult::Done(Err(e)) => (false, Some(e.to_string())),
            AttemptResult::Transient { message, .. } => (false, Some(message.clone())),
        };
        let log = Attempt {
            endpoint,
            attempt,
            status,
            paid,
            error,
            elapsed: started.elapsed(),
        };
        tracing::debug!(
            endpoint = endpoint.as_str(),
            attempt,
            status = status.unwrap_or(0),
            elapsed_ms = log.elapsed.as_millis() as u64,
            "request"
        );
        Some((log, result))
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
            crate::api::parse::truncate(&text, MESSAGE_CHARS)
        }
    }
}

/// How one attempt ended: for good (an answer or a final error), or worth another try.
enum AttemptResult {
    Done(Result<Answer, ApiError>),
    Transient {
        status: Option<u16>,
        message: String,
        retry_after: Option<Duration>,
    },
}

/// Bodies above this are cut: no real answer is near it, and memory stays bounded.
const MAX_BODY: usize = 32 * 1024 * 1024;

/// Reads a body chunk by chunk, keeping what arrived if the connection breaks mid-way.
async fn read_body(mut resp: reqwest::Response) -> (Vec<u8>, Option<String>) {
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY {
                    return (
                        body,
                        Some(format!("body larger than {} MiB", MAX_BODY >> 20)),
                    );
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return (body, None),
            Err(e) => return (body, Some(format!("body cut off: {}", error_chain(&e)))),
        }
    }
}

/// The message an API error body carries, if it is JSON with one.
fn api_error_message(body: &[u8]) -> Option<String> {
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

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
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

/// reqwest's error with its sources, without the URL's query (there is none) or headers.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
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
    fn key_is_never_shown() {
        let key = ApiKey::new("sk-secret-123");
        assert_eq!(format!("{key:?}"), "ApiKey([redacted])");
        assert_eq!(key.scrub("bad key sk-secret-123!"), "bad key [redacted]!");
        let b = key.scrub_bytes(Bytes::from_static(b"{\"k\":\"sk-secret-123\"}"));
        assert_eq!(&b[..], b"{\"k\":\"[redacted]\"}");
    }

    #[test]
    fn a_key_spelled_with_json_escapes_is_redacted_too() {
        let key = b"sk-live/S3CRET";
        let cases: [(&[u8], &[u8]); 5] = [
            (br#"{"e":"sk-live\/S3CRET!"}"#, br#"{"e":"[redacted]!"}"#),
            (
                br#"{"e":"\u0073\u006b-live/S3CRET"}"#,
                br#"{"e":"[redacted]"}"#,
            ),
            (
                b"plain sk-live/S3CRET and sk-live/S3CRET",
                b"plain [redacted] and [redacted]",
            ),
            // Cut off mid-escape, or not JSON at all: still found, never a panic.
            (br#"{"e":"sk-live\/S3CRET\u00"#, br#"{"e":"[redacted]\u00"#),
            (br#"sk-live\/S3CRE"#, br#"sk-live\/S3CRE"#),
        ];
        for (body, want) in cases {
            let got = redact_spelled(body, key).unwrap_or_else(|| body.to_vec());
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(want),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert_eq!(redact_spelled(br#"{"a":"\u12"}"#, key), None);
    }

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
    fn statuses_are_classified_once() {
        assert!(matches!(verdict(StatusCode::OK), Verdict::Ok));
        assert!(matches!(verdict(StatusCode::UNAUTHORIZED), Verdict::Auth));
        assert!(matches!(verdict(StatusCode::FORBIDDEN), Verdict::Auth));
        assert!(matches!(
            verdict(StatusCode::PAYMENT_REQUIRED),
            Verdict::Auth
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
