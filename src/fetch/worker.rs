//! One hashtag's work: the stats call first (it gives TikTok's id for the hashtag), then the
//! pages of videos by that id until the sample is full. What is stored is reused, what is
//! missing is bought, and the writer hears of every attempt and answer before the parsed
//! value comes back.

use crate::api::client::{Attempt, CallReport};
use crate::api::payload::{self, HashtagStats, ParseError, VideoSample};
use crate::api::request::{MAX_PAGE, stats_body, videos_body};
use crate::api::{ApiError, Client};
use crate::model::Endpoint;
use bytes::Bytes;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use tokio::sync::mpsc;

/// How one hashtag's work ended.
pub enum HashtagOutcome {
    Fetched {
        stats: HashtagStats,
        sample: VideoSample,
    },
    /// The key was rejected or the credits ran out: the run stops.
    Auth(ApiError),
    Cancelled,
    Failed(String),
}
/// What tasks send to the single writer that owns the database connection.
pub enum Event {
    /// A paid call is about to go out: logged (and committed) before it is sent, so a run
    /// killed before the answer still shows it as possibly charged. `ack` says it is.
    Sending {
        hashtag: Arc<str>,
        endpoint: Endpoint,
        ack: tokio::sync::oneshot::Sender<()>,
    },
    /// The call logged by `Sending` was stopped before it went: its row goes.
    NotSent {
        hashtag: Arc<str>,
        endpoint: Endpoint,
    },
    Attempt {
        hashtag: Arc<str>,
        attempt: Attempt,
        credits: Option<u64>,
    },
    Response {
        hashtag: Arc<str>,
        endpoint: Endpoint,
        page: u32,
        status: u16,
        body: Bytes,
        parse_error: Option<String>,
    },
    /// TikTok's id for the hashtag, from its stats answer.
    HashtagId {
        hashtag: Arc<str>,
        id: String,
    },
    Reused,
    Done {
        hashtag: Arc<str>,
        outcome: HashtagOutcome,
    },
}
/// One hashtag's job: the stored bodies it can reuse; whatever is missing must be bought.
pub struct Job {
    pub hashtag: Arc<str>,
    /// The id an earlier day's answer gave, used when today's stats answer has none.
    pub known_id: Option<String>,
    pub stats: Option<Vec<u8>>,
    /// Stored pages of videos by page number (0 = the first).
    pub pages: BTreeMap<u32, Vec<u8>>,
    /// Videos wanted (`[sample] videos`).
    pub sample: u32,
}
impl Job {
    /// Pages a full sample takes when no page repeats a video.
    pub fn pages_needed(&self) -> u32 {
        self.sample.div_ceil(MAX_PAGE).max(1)
    }

    /// Paid calls the job needs at most, repeats and retries aside.
    pub fn calls_needed(&self) -> u64 {
        let stored = self
            .pages
            .keys()
            .filter(|p| **p < self.pages_needed())
            .count() as u64;
        u64::from(self.stats.is_none()) + u64::from(self.pages_needed()).saturating_sub(stored)
    }
}
/// Pages beyond the ones a full sample takes, to make up for repeated videos.
const EXTRA_PAGES: u32 = 2;

/// Fetches (or reuses) the stats, then the videos pages, of one hashtag and reports how it
/// ended. A hashtag whose stats call failed gets no videos call: without the answer there
/// may be no id to ask with, and its day cannot be stored anyway.
pub async fn fetch_hashtag(client: Arc<Client>, mut job: Job, tx: mpsc::Sender<Event>) {
    let tag = Arc::clone(&job.hashtag);
    let outcome = match run_job(&client, &tx, &mut job).await {
        Ok((stats, sample)) => HashtagOutcome::Fetched { stats, sample },
        Err(outcome) => outcome,
    };
    // The writer is gone only when the run is being torn down.
    let _ = tx
        .send(Event::Done {
            hashtag: tag,
            outcome,
        })
        .await;
}

async fn run_job(
    client: &Client,
    tx: &mpsc::Sender<Event>,
    job: &mut Job,
) -> Result<(HashtagStats, VideoSample), HashtagOutcome> {
    let tag = Arc::clone(&job.hashtag);
    let stats = endpoint(
        client,
        tx,
        &tag,
        (Endpoint::Stats, 0),
        &stats_body(&tag),
        job.stats.take(),
        |body: &[u8]| payload::parse_stats_for(body, &tag),
        |s: &HashtagStats| s.credits_remaining,
    )
    .await?;
    let id = match (&stats.id, &job.known_id) {
        (Some(id), _) => {
            if job.known_id.as_ref() != Some(id) {
                let _ = tx
                    .send(Event::HashtagId {
                        hashtag: Arc::clone(&tag),
                        id: id.clone(),
                    })
                    .await;
            }
            id.clone()
        }
        (None, Some(known)) => known.clone(),
        (None, None) => {
            return Err(HashtagOutcome::Failed(
                "stats: the answer gave no hashtag id (data.challengeInfo.challenge.id), which \
                 the videos call needs; raw body kept in the database"
                    .into(),
            ));
        }
    };
    let sample = videos(client, tx, job, &id).await?;
    if sample.dropped > 0 {
        tracing::warn!(
            "#{tag}: {} of the sampled videos left out (no readable counts, or a repeated id)",
            sample.dropped
        );
    }
    Ok((stats, sample))
}

/// The pages of videos: the next page asks from the cursor the last one gave, each asks
/// only for what is still missing, and a video seen on an earlier page counts once.
async fn videos(
    client: &Client,
    tx: &mpsc::Sender<Event>,
    job: &mut Job,
    id: &str,
) -> Result<VideoSample, HashtagOutcome> {
    let tag = Arc::clone(&job.hashtag);
    let want = job.sample.max(1) as usize;
    let max_pages = job.pages_needed() + EXTRA_PAGES;
    let mut sample = VideoSample::default();
    let mut seen = HashSet::new();
    let mut cursor = "0".to_string();
    for page in 0..max_pages {
        let missing = want.saturating_sub(sample.videos.len());
        if missing == 0 {
            break;
        }
        let count = u32::try_from(missing).unwrap_or(MAX_PAGE).min(MAX_PAGE);
        let got = endpoint(
            client,
            tx,
            &tag,
            (Endpoint::Videos, page),
            &videos_body(id, &cursor, count),
            job.pages.remove(&page),
            |body: &[u8]| payload::parse_videos_for(body, &tag),
            |s: &VideoSample| s.credits_remaining,
        )
        .await?;
        let before = sample.videos.len();
        sample.dropped += got.dropped;
        for video in got.videos {
            // An id-less video is never a repeat.
            if video.id.trim().is_empty() || seen.insert(video.id.clone()) {
                sample.videos.push(video);
            } else {
                sample.dropped += 1;
            }
        }
        sample.credits_remaining = match (sample.credits_remaining, got.credits_remaining) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let progressed = sample.videos.len() > before;
        // Another page only when the API says there is one: a page is a credit.
        match got.cursor {
            Some(next) if got.has_more == Some(true) && progressed && next != cursor => {
                cursor = next;
            }
            _ => break,
        }
    }
    // A page larger than asked for does not make the sample larger than configured.
    sample.videos.truncate(want);
    Ok(sample)
}

/// One answer is parsed at a time: a JSON tree takes many times the bytes of its body, so
/// memory is bounded by the bodies in flight (each at most `[api] max_answer_mib`) plus one
/// tree, whatever the concurrency.
static PARSING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// A body already stored for the call, read again instead of bought again (if readable).
async fn reuse<T>(
    stored: Option<Vec<u8>>,
    parse: &impl Fn(&[u8]) -> Result<T, ParseError>,
    tx: &mpsc::Sender<Event>,
) -> Option<T> {
    let body = stored?;
    let reused = {
        let _gate = PARSING.acquire().await;
        parse(&body)
    };
    let value = reused.ok()?;
    let _ = tx.send(Event::Reused).await;
    Some(value)
}

/// Tells the writer a paid call is about to go, and waits until it is logged, so a run
/// killed before the answer still shows it as possibly charged.
async fn announce(tx: &mpsc::Sender<Event>, tag: &Arc<str>, endpoint: Endpoint) {
    let (ack, logged) = tokio::sync::oneshot::channel();
    let sending = Event::Sending {
        hashtag: Arc::clone(tag),
        endpoint,
        ack,
    };
    if tx.send(sending).await.is_ok() {
        let _ = logged.await;
    }
}

/// A call's attempts, to the writer's run log; the paid ones carry the balance the answer
/// reported.
async fn send_attempts(
    tx: &mpsc::Sender<Event>,
    tag: &Arc<str>,
    attempts: Vec<Attempt>,
    credit: Option<u64>,
) {
    for attempt in attempts {
        let credits = if attempt.paid { credit } else { None };
        let _ = tx
            .send(Event::Attempt {
                hashtag: Arc::clone(tag),
                attempt,
                credits,
            })
            .await;
    }
}

/// One call of one hashtag: a stored body if there is one, else a paid call whose attempts
/// and body go to the writer before the parsed value comes back.
#[allow(clippy::too_many_arguments)]
async fn endpoint<T>(
    client: &Client,
    tx: &mpsc::Sender<Event>,
    tag: &Arc<str>,
    (endpoint, page): (Endpoint, u32),
    body: &serde_json::Value,
    stored: Option<Vec<u8>>,
    parse: impl Fn(&[u8]) -> Result<T, ParseError>,
    credits: fn(&T) -> Option<u64>,
) -> Result<T, HashtagOutcome> {
    if let Some(value) = reuse(stored, &parse, tx).await {
        return Ok(value);
    }
    announce(tx, tag, endpoint).await;
    let CallReport { attempts, result } = client.call(endpoint, tag, body).await;
    if attempts.is_empty() {
        // Stopped before it went (a refused key, no credits, Ctrl-C): it was never sent.
        let _ = tx
            .send(Event::NotSent {
                hashtag: Arc::clone(tag),
                endpoint,
            })
            .await;
    }
    // A body cut off mid-way is unreadable whatever its first bytes say.
    let parsed: Option<Result<T, String>> = match result.as_ref() {
        Ok(answer) => Some(match &answer.cut_off {
            Some(cut) => Err(cut.clone()),
            None => {
                let _gate = PARSING.acquire().await;
                parse(&answer.body).map_err(|e| e.to_string())
            }
        }),
        Err(_) => None,
    };
    let credit = match &parsed {
        Some(Ok(v)) => credits(v),
        _ => None,
    };
    send_attempts(tx, tag, attempts, credit).await;
    let name = match (endpoint, page) {
        (Endpoint::Videos, p) if p > 0 => format!("videos page {}", p + 1),
        (e, _) => e.as_str().to_string(),
    };
    match (result, parsed) {
        (Ok(answer), Some(parsed)) => {
            let parse_error = parsed.as_ref().err().cloned();
            let _ = tx
                .send(Event::Response {
                    hashtag: Arc::clone(tag),
                    endpoint,
                    page,
                    status: answer.status,
                    body: answer.body,
                    parse_error,
                })
                .await;
            parsed.map_err(|e| {
                HashtagOutcome::Failed(format!(
                    "{name}: unreadable answer (HTTP {}): {e}; raw body kept in the database",
                    answer.status
                ))
            })
        }
        (Err(e @ (ApiError::Unauthorized { .. } | ApiError::OutOfCredits { .. })), _) => {
            Err(HashtagOutcome::Auth(e))
        }
        (Err(ApiError::Cancelled), _) => Err(HashtagOutcome::Cancelled),
        (Err(e), _) => Err(HashtagOutcome::Failed(format!("{name}: {e}"))),
        (Ok(_), None) => Err(HashtagOutcome::Cancelled),
    }
}
