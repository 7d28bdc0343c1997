//! A simulated Scavio API on loopback, for `tracker demo`, the benchmarks and tests.
//!
//! It is a real HTTP server (hyper) that the real client talks to, so the demo runs the
//! very same client, parser and store code as a paid run. It speaks the contract of
//! Scavio's SDKs and is as strict as the real API: a stats body must name `hashtag_name`
//! or `hashtag_id`, a videos body needs `hashtag_id` (a string), `cursor` must be a string
//! and `count` an integer from 1 to 30, or the answer is a 400 with
//! `{"error": {"code", "message"}}`. It serves `GET /api/v1/usage` (free), pages of videos
//! (`cursor`, `has_more`), a 402 when the simulated balance runs out, and a 429 beyond the
//! plan's limit on requests in flight.
//!
//! Its data is deterministic: a hashtag's counts grow from a base at a steady daily rate
//! derived from its name, and a hashtag marked as breaking out jumps from ~0.3 %/day to
//! ~12 %/day on a chosen day. The payload shape differs per hashtag (top level, `data`,
//! `data.stats`, TikTok's documented `challengeInfo.challenge` with rounded `stats` and exact
//! `statsV2` strings beside it; app `aweme_list` or web `itemList` videos) so every parser
//! path is exercised. Videos carry sounds and co-hashtags, one of each spreading under a
//! breakout hashtag in the days before it breaks out (see `sample.rs`).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The key the demo uses; the simulated API accepts only it.
pub const DEMO_KEY: &str = "demo-key-not-secret";

/// How the simulated API behaves.
#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    /// Added before every answer, to model a real API's response time.
    pub latency: Duration,
    /// Hashtags that break out, and the (0-based) day they do.
    pub breakouts: HashMap<String, u32>,
    /// Starting credit balance: each answered TikTok call (each page) costs one, and at
    /// zero the answer is a 402.
    pub credits: u64,
    /// The plan the usage endpoint names (`growth` when unset).
    pub plan: Option<String>,
    /// Requests in flight the plan allows; more are answered 429 (`None`: no limit).
    pub max_in_flight: Option<u32>,
}

/// Where the simulated API says credits are bought.
pub const BILLING_URL: &str = "https://scavio.dev/dashboard/billing";

struct State {
    options: SimOptions,
    day: AtomicU32,
    requests: AtomicU64,
    paid: AtomicU64,
    refused: AtomicU64,
    in_flight: AtomicU32,
    credits: AtomicU64,
    /// Ids handed out by stats answers, back to their hashtag.
    ids: std::sync::Mutex<HashMap<String, String>>,
}

/// A running simulated API; stops when dropped.
pub struct SimServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl Drop for SimServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SimServer {
    /// Binds 127.0.0.1 on a free port and starts serving on the current tokio runtime.
    pub async fn start(options: SimOptions) -> std::io::Result<SimServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            credits: AtomicU64::new(options.credits),
            options,
            day: AtomicU32::new(0),
            requests: AtomicU64::new(0),
            paid: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            in_flight: AtomicU32::new(0),
            ids: std::sync::Mutex::new(HashMap::new()),
        });
        let served = Arc::clone(&state);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = Arc::clone(&served);
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(Arc::clone(&state), req));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(SimServer { addr, state, task })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Moves the simulation to day `day` (0-based): counts grow day by day.
    pub fn set_day(&self, day: u32) {
        self.state.day.store(day, Ordering::SeqCst);
    }

    /// Requests answered so far.
    pub fn requests(&self) -> u64 {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// TikTok calls answered with data (each one a credit).
    pub fn paid(&self) -> u64 {
        self.state.paid.load(Ordering::SeqCst)
    }

    /// Requests refused with a 429 for too many in flight.
    pub fn refused(&self) -> u64 {
        self.state.refused.load(Ordering::SeqCst)
    }

    /// The simulated balance left.
    pub fn credits(&self) -> u64 {
        self.state.credits.load(Ordering::SeqCst)
    }
}

fn response(status: StatusCode, body: Value) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    r
}

async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let arrived = Instant::now();
    let latency = state.options.latency;
    let _flight = InFlight::enter(&state);
    let asked = Asked::read(&state, req).await;
    if let Some(limit) = state.options.max_in_flight
        && _flight.count > limit
    {
        state.refused.fetch_add(1, Ordering::SeqCst);
        return Ok(too_many(&state, limit, _flight.count));
    }
    if latency.is_zero() {
        return Ok(answer(&state, asked));
    }
    // The answer is built just before it is due, not when the request lands: a real API
    // spends its own CPU, and on loopback the mock's would compete with the client's at
    // the moment the client is busiest (sending the next requests).
    let deadline = arrived + latency;
    if let Some(build_at) = deadline.checked_sub(BUILD_AHEAD) {
        tokio::time::sleep_until(build_at.into()).await;
    }
    let answer = answer(&state, asked);
    wait_until(deadline).await;
    Ok(answer)
}

/// Counts a request in flight from its arrival until its answer is handed back.
struct InFlight<'a> {
    state: &'a State,
    count: u32,
}
impl<'a> InFlight<'a> {
    fn enter(state: &'a State) -> InFlight<'a> {
        let count = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        InFlight { state, count }
    }
}
impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.state.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Scavio's answer past the plan's limit: 429, `Retry-After: 1`, nothing billed.
fn too_many(state: &State, limit: u32, in_flight: u32) -> Response<Full<Bytes>> {
    let mut r = response(
        StatusCode::TOO_MANY_REQUESTS,
        json!({
            "error": {"code": "rate_limit_exceeded",
                      "message": format!("Too many requests in flight for the {} plan ({limit}).", plan_of(state))},
            "plan": plan_of(state),
            "concurrency": limit,
            "in_flight": in_flight,
            "retry_after": 1,
            "docs_url": "https://scavio.dev/docs/rate-limits",
        }),
    );
    r.headers_mut().insert(
        hyper::header::RETRY_AFTER,
        hyper::header::HeaderValue::from_static("1"),
    );
    r
}

fn plan_of(state: &State) -> &str {
    state.options.plan.as_deref().unwrap_or("growth")
}

/// How long before its deadline an answer is built (far more than building takes).
const BUILD_AHEAD: Duration = Duration::from_millis(5);

/// What a request asked for, read as it arrives.
struct Asked {
    path: String,
    authorized: bool,
    is_post: bool,
    body: Option<Bytes>,
}

impl Asked {
    async fn read(state: &State, req: Request<Incoming>) -> Asked {
        state.requests.fetch_add(1, Ordering::SeqCst);
        let path = req.uri().path().trim_end_matches('/').to_string();
        let authorized = req
            .headers()
            .get(hyper::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.strip_prefix("Bearer ")
                    .is_some_and(|k| !k.trim().is_empty())
            });
        let is_post = req.method() == Method::POST;
        let body = req.into_body().collect().await.ok().map(|b| b.to_bytes());
        Asked {
            path,
            authorized,
            is_post,
            body,
        }
    }
}

/// Sleeps until `deadline` to within a fraction of a millisecond.
///
/// Tokio's timer has a 1 ms grain and wakes late under load, which made "50 ms of
/// latency" 51.5–52 ms; a benchmark against a 50 ms bound must not be charged for
/// the mock's own lateness. So the coarse part is a tokio sleep and the last 2 ms a
/// thread sleep (nanosecond clock) on the blocking pool.
async fn wait_until(deadline: Instant) {
    const FINE: Duration = Duration::from_millis(2);
    if let Some(coarse) = deadline.checked_sub(FINE) {
        tokio::time::sleep_until(coarse.into()).await;
    }
    let _ = tokio::task::spawn_blocking(move || {
        let now = Instant::now();
        if deadline > now {
            std::thread::sleep(deadline - now);
        }
    })
    .await;
}

/// The error body every endpoint answers with.
fn error(status: StatusCode, code: &str, message: &str) -> Response<Full<Bytes>> {
    response(status, json!({"error": {"code": code, "message": message}}))
}

fn bad_request(message: &str) -> Response<Full<Bytes>> {
    error(StatusCode::BAD_REQUEST, "bad_request", message)
}

/// A string field as the real API reads it: an empty string counts as omitted.
fn text_field<'a>(body: &'a Value, key: &str) -> Result<Option<&'a str>, String> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("'{key}' must be a string")),
    }
}

/// The id the simulated API gives a hashtag: numeric, like TikTok's, and stable.
pub fn sim_id(tag: &str) -> String {
    (1_000_000 + hash(tag) % 9_000_000_000_000).to_string()
}

/// The simulated API's answer to one request.
fn answer(state: &State, asked: Asked) -> Response<Full<Bytes>> {
    let Asked {
        path,
        authorized,
        is_post,
        body,
    } = asked;
    if !authorized {
        return error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Invalid or missing API key",
        );
    }
    let endpoint = match path.as_str() {
        p if p.strip_prefix('/') == Some(Endpoint::Stats.path()) => Endpoint::Stats,
        p if p.strip_prefix('/') == Some(Endpoint::Videos.path()) => Endpoint::Videos,
        "/api/v1/usage" if !is_post => {
            return response(
                StatusCode::OK,
                json!({
                    "plan": plan_of(state),
                    "credit_balance": state.credits.load(Ordering::SeqCst),
                    "purchased_credits": 0,
                    "searches_used": state.paid.load(Ordering::SeqCst),
                    "period_start": "2026-01-01T00:00:00Z",
                    "auto_recharge": {"enabled": false, "threshold": 0, "amount": 0, "cost": 0},
                }),
            );
        }
        _ => return error(StatusCode::NOT_FOUND, "not_found", "no such endpoint"),
    };
    if !is_post {
        return error(StatusCode::METHOD_NOT_ALLOWED, "bad_request", "use POST");
    }
    let Some(body) = body
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .filter(Value::is_object)
    else {
        return bad_request("the body must be a JSON object");
    };
    let asked = match endpoint {
        Endpoint::Stats => stats_request(state, &body),
        Endpoint::Videos => videos_request(state, &body),
    };
    let request = match asked {
        Ok(r) => r,
        Err((status, code, message)) => return error(status, code, &message),
    };
    // Only an answer with data is billed; none is left at zero.
    let charged = state
        .credits
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |c| c.checked_sub(1));
    let Ok(before) = charged else {
        return response(
            StatusCode::PAYMENT_REQUIRED,
            json!({"error": {"code": "insufficient_credits",
                "message": "No credits remaining. Please upgrade your plan or purchase additional credits.",
                "billing_url": BILLING_URL, "credit_balance": 0}}),
        );
    };
    state.paid.fetch_add(1, Ordering::SeqCst);
    let credits = before - 1;
    let day = state.day.load(Ordering::SeqCst);
    let payload = match request {
        Wanted::Stats(tag) => {
            let model = Model::new(&tag, state.options.breakouts.get(&tag).copied());
            model.stats_payload(day, credits)
        }
        Wanted::Videos { tag, cursor, count } => {
            let model = Model::new(&tag, state.options.breakouts.get(&tag).copied());
            model.videos_page(day, cursor, count, credits)
        }
    };
    response(StatusCode::OK, payload)
}

/// What a valid request asks for.
enum Wanted {
    Stats(String),
    Videos {
        tag: String,
        cursor: usize,
        count: usize,
    },
}

/// Why a request is refused: its status, error code and message.
type Refused = (StatusCode, &'static str, String);

fn refused_400(message: &str) -> Refused {
    (StatusCode::BAD_REQUEST, "bad_request", message.to_string())
}

fn stats_request(state: &State, body: &Value) -> Result<Wanted, Refused> {
    let name = text_field(body, "hashtag_name").map_err(|m| refused_400(&m))?;
    let id = text_field(body, "hashtag_id").map_err(|m| refused_400(&m))?;
    let tag = match (name, id) {
        (Some(name), _) => {
            if name.starts_with('#') {
                // The real API looks the text up as given: "#fyp" is no hashtag.
                return Err((StatusCode::NOT_FOUND, "not_found", "no such hashtag".into()));
            }
            let tag = name.to_string();
            if let Ok(mut ids) = state.ids.lock() {
                ids.insert(sim_id(&tag), tag.clone());
            }
            tag
        }
        (None, Some(id)) => known_tag(state, id)?,
        (None, None) => {
            return Err(refused_400(
                "hashtag() requires one of: hashtag_name or hashtag_id",
            ));
        }
    };
    Ok(Wanted::Stats(tag))
}

fn videos_request(state: &State, body: &Value) -> Result<Wanted, Refused> {
    let Some(id) = text_field(body, "hashtag_id").map_err(|m| refused_400(&m))? else {
        return Err(refused_400("'hashtag_id' is required"));
    };
    let cursor = match text_field(body, "cursor").map_err(|m| refused_400(&m))? {
        None => 0,
        Some(c) => c
            .parse::<usize>()
            .map_err(|_| refused_400("'cursor' must be an offset such as \"0\""))?,
    };
    let count = match body.get("count") {
        None | Some(Value::Null) => 20,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(c @ 1..=30) => c as usize,
            _ => return Err(refused_400("'count' must be between 1 and 30")),
        },
        Some(_) => return Err(refused_400("'count' must be an integer")),
    };
    let tag = known_tag(state, id)?;
    Ok(Wanted::Videos { tag, cursor, count })
}

/// The hashtag an id was handed out for (by a stats answer of this server).
fn known_tag(state: &State, id: &str) -> Result<String, Refused> {
    state
        .ids
        .lock()
        .ok()
        .and_then(|ids| ids.get(id).cloned())
        .ok_or_else(|| {
            (
                StatusCode::NOT_FOUND,
                "not_found",
                "no hashtag with that id".to_string(),
            )
        })
}

mod model;
mod sample;
#[cfg(test)]
mod tests;

use crate::model::Endpoint;
use model::hash;
pub use model::{BREAKOUT_AFTER, BREAKOUT_BEFORE, Model};
pub use sample::{SPREAD_LEAD_DAYS, SPREADING_COHASHTAG, SPREADING_SOUND};
