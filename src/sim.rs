//! A simulated Scavio API on loopback, for `tracker demo` and the benchmarks.
//!
//! It is a real HTTP server (hyper) that the real client talks to, so the demo runs the
//! very same client, parser and store code as a paid run. Its data is deterministic: a
//! hashtag's counts grow from a base at a steady daily rate derived from its name, and a
//! hashtag marked as breaking out jumps from ~0.3 %/day to ~12 %/day on a chosen day. The
//! payload shape differs per hashtag (top level, `data`, `data.stats`, TikTok camelCase with
//! rounded `stats` and exact `statsV2` strings) so every parser path is exercised.

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
    /// Starting credit balance reported in `credits_remaining`.
    pub credits: u64,
}

struct State {
    options: SimOptions,
    day: AtomicU32,
    requests: AtomicU64,
    credits: AtomicU64,
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
    let asked = Asked::read(&state, req).await;
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

/// The simulated API's answer to one request.
fn answer(state: &State, asked: Asked) -> Response<Full<Bytes>> {
    let Asked {
        path,
        authorized,
        is_post,
        body,
    } = asked;
    if !authorized {
        return response(
            StatusCode::UNAUTHORIZED,
            json!({"error": "missing or invalid API key"}),
        );
    }
    let endpoint = match path.as_str() {
        "/api/v1/tiktok/hashtag" => Endpoint::Stats,
        "/api/v1/tiktok/hashtag/videos" => Endpoint::Videos,
        _ => {
            return response(StatusCode::NOT_FOUND, json!({"error": "no such endpoint"}));
        }
    };
    if !is_post {
        return response(StatusCode::METHOD_NOT_ALLOWED, json!({"error": "use POST"}));
    }
    let tag = body
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| v.get("hashtag").and_then(Value::as_str).map(str::to_string));
    let Some(tag) = tag.filter(|t| !t.is_empty()) else {
        return response(
            StatusCode::BAD_REQUEST,
            json!({"error": "body must be {\"hashtag\": \"...\"}"}),
        );
    };
    let credits = state
        .credits
        .fetch_sub(1, Ordering::SeqCst)
        .saturating_sub(1);
    let day = state.day.load(Ordering::SeqCst);
    let model = Model::new(&tag, state.options.breakouts.get(&tag).copied());
    let payload = match endpoint {
        Endpoint::Stats => model.stats_payload(day, credits),
        Endpoint::Videos => model.videos_payload(day, credits),
    };
    response(StatusCode::OK, payload)
}

enum Endpoint {
    Stats,
    Videos,
}

/// A deterministic pseudo-random number from a seed (splitmix64).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A value in [0, 1) from a seed.
fn unit(seed: u64) -> f64 {
    (mix(seed) >> 11) as f64 / (1u64 << 53) as f64
}

/// One hashtag's synthetic world.
pub struct Model {
    tag: String,
    seed: u64,
    base_videos: f64,
    rate: f64,
    views_per_video: f64,
    breakout_day: Option<u32>,
}

/// Daily growth of a hashtag before and after it breaks out.
pub const BREAKOUT_BEFORE: f64 = 0.003;
pub const BREAKOUT_AFTER: f64 = 0.12;

impl Model {
    pub fn new(tag: &str, breakout_day: Option<u32>) -> Model {
        let seed = hash(tag);
        Model {
            tag: tag.to_string(),
            seed,
            base_videos: 20_000.0 + unit(seed) * 2_000_000.0,
            // 0.2 % to 6 % a day
            rate: 0.002 + unit(seed ^ 1) * 0.058,
            views_per_video: 800.0 + unit(seed ^ 2) * 6_000.0,
            breakout_day,
        }
    }

    fn rate_on(&self, day: u32) -> f64 {
        match self.breakout_day {
            Some(b) if day >= b => BREAKOUT_AFTER,
            Some(_) => BREAKOUT_BEFORE,
            None => self.rate,
        }
    }

    /// Total videos on `day`: compound growth from the base.
    pub fn video_count(&self, day: u32) -> u64 {
        let growth: f64 = (1..=day).map(|d| 1.0 + self.rate_on(d)).product();
        (self.base_videos * growth).round() as u64
    }

    pub fn view_count(&self, day: u32) -> u64 {
        let wobble = 1.0 + (unit(self.seed ^ u64::from(day) ^ 3) - 0.5) * 0.01;
        (self.video_count(day) as f64 * self.views_per_video * wobble).round() as u64
    }

    fn shape(&self) -> u64 {
        self.seed % 4
    }

    pub fn stats_payload(&self, day: u32, credits: u64) -> Value {
        let (videos, views) = (self.video_count(day), self.view_count(day));
        let mut v = match self.shape() {
            0 => json!({"video_count": videos, "view_count": views}),
            1 => {
                json!({"data": {"hashtag": self.tag, "video_count": videos.to_string(), "view_count": views}})
            }
            2 => json!({"data": {"stats": {"video_count": videos, "view_count": views}}}),
            _ => json!({"data": {"challengeInfo": {
                "challenge": {"title": self.tag},
                "stats": {"videoCount": round_sig(videos), "viewCount": round_sig(views)},
                "statsV2": {"videoCount": videos.to_string(), "viewCount": views.to_string()}
            }}}),
        };
        add_credits(&mut v, credits);
        v
    }

    pub fn videos_payload(&self, day: u32, credits: u64) -> Value {
        let seed = mix(self.seed ^ (u64::from(day) << 32));
        let n = 10 + (seed % 11) as usize;
        // A small pool of creators so the top creators repeat day to day.
        let creators = 4 + (self.seed % 5);
        let shape = self.shape();
        let videos: Vec<Value> = (0..n)
            .map(|i| {
                let s = mix(seed ^ i as u64);
                let author = format!("{}_creator{}", self.tag, mix(s) % creators);
                let plays = 1_000 + (unit(s) * unit(s ^ 9) * 900_000.0) as u64;
                let likes = (plays as f64 * (0.03 + unit(s ^ 4) * 0.09)) as u64;
                let comments = (plays as f64 * (0.001 + unit(s ^ 5) * 0.01)) as u64;
                let shares = (plays as f64 * (0.001 + unit(s ^ 6) * 0.02)) as u64;
                let id = format!("{}", 7_300_000_000_000_000_000u64 + (s % 1_000_000_000_000));
                let desc = format!("#{} video {} of day {}", self.tag, i + 1, day + 1);
                if shape == 3 {
                    json!({"id": id, "desc": desc, "author": {"uniqueId": author},
                        "stats": {"playCount": round_sig(plays), "diggCount": round_sig(likes),
                                  "commentCount": comments, "shareCount": shares},
                        "statsV2": {"playCount": plays.to_string(), "diggCount": likes.to_string(),
                                    "commentCount": comments.to_string(), "shareCount": shares.to_string()}})
                } else {
                    json!({"id": id, "desc": desc, "author": {"uniqueId": author},
                        "stats": {"playCount": plays, "diggCount": likes,
                                  "commentCount": comments, "shareCount": shares}})
                }
            })
            .collect();
        let mut v = match shape {
            0 => json!({"videos": videos}),
            3 => json!({"data": {"itemList": videos, "hasMore": true}}),
            _ => json!({"data": {"videos": videos}}),
        };
        add_credits(&mut v, credits);
        v
    }
}

/// TikTok's legacy counters are rounded to a few significant figures.
fn round_sig(n: u64) -> u64 {
    if n < 10_000 {
        return n;
    }
    let digits = n.ilog10();
    let unit = 10u64.pow(digits - 2);
    (n / unit) * unit
}

fn add_credits(v: &mut Value, credits: u64) {
    if let Some(obj) = v.as_object_mut() {
        obj.insert("credits_used".into(), json!(1));
        obj.insert("credits_remaining".into(), json!(credits));
        obj.insert("response_time".into(), json!(42));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payload::{parse_stats, parse_videos};

    #[test]
    fn every_shape_parses_to_the_model_counts() {
        for tag in [
            "aitools", "llm", "chatgpt", "claude", "openai", "cursor", "nocode", "devtools",
        ] {
            let m = Model::new(tag, None);
            let body = m.stats_payload(3, 10).to_string();
            let s = parse_stats(body.as_bytes()).unwrap();
            assert_eq!(s.video_count, m.video_count(3), "{tag}");
            assert_eq!(s.view_count, m.view_count(3), "{tag}");
            let v = parse_videos(m.videos_payload(3, 10).to_string().as_bytes()).unwrap();
            assert!(v.videos.len() >= 10);
            assert!(v.videos.iter().all(|v| v.plays >= 1000));
        }
    }

    #[test]
    fn breakout_jumps_on_its_day() {
        let m = Model::new("x", Some(5));
        let g = |d: u32| m.video_count(d) as f64 / m.video_count(d - 1) as f64 - 1.0;
        assert!((g(4) - BREAKOUT_BEFORE).abs() < 0.001);
        assert!((g(5) - BREAKOUT_AFTER).abs() < 0.001);
    }

    /// The added latency is a floor: an answer never leaves before its deadline, whether
    /// the deadline is further than the fine part (2 ms) or closer.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn wait_until_never_returns_early() {
        for ms in [0, 1, 3, 7] {
            let deadline = Instant::now() + Duration::from_millis(ms);
            wait_until(deadline).await;
            assert!(Instant::now() >= deadline, "{ms} ms");
        }
    }

    #[test]
    fn rounding_keeps_three_figures() {
        assert_eq!(round_sig(1_234_567), 1_230_000);
        assert_eq!(round_sig(999), 999);
    }
}
