//! One hashtag's work: reuse what is stored, buy what is missing, and tell the writer
//! every attempt and answer before the parsed value comes back.

use crate::api::client::{Attempt, CallOutcome};
use crate::api::payload::{self, HashtagStats, ParseError, VideoSample};
use crate::api::{ApiError, Client};
use crate::model::Endpoint;
use bytes::Bytes;
use std::sync::Arc;
use tokio::sync::mpsc;

/// How one hashtag's work ended.
pub enum Outcome {
    Fetched {
        stats: HashtagStats,
        sample: VideoSample,
    },
    Auth(ApiError),
    Cancelled,
    Failed(String),
}
/// What tasks send to the single writer that owns the database connection.
pub enum Event {
    Attempt {
        hashtag: Arc<str>,
        attempt: Attempt,
        credits: Option<u64>,
    },
    Response {
        hashtag: Arc<str>,
        endpoint: Endpoint,
        status: u16,
        body: Bytes,
        parse_error: Option<String>,
    },
    Reused,
    Done {
        hashtag: Arc<str>,
        outcome: Outcome,
    },
}
/// One hashtag's job: the stored bodies it can reuse; whatever is `None` must be bought.
pub struct Job {
    pub hashtag: Arc<str>,
    pub stats: Option<Vec<u8>>,
    pub videos: Option<Vec<u8>>,
}
impl Job {
    pub fn calls_needed(&self) -> u64 {
        u64::from(self.stats.is_none()) + u64::from(self.videos.is_none())
    }
}
/// Fetches (or reuses) both endpoints of one hashtag and reports how it ended.
pub async fn fetch_hashtag(client: Arc<Client>, job: Job, tx: mpsc::Sender<Event>) {
    let tag = Arc::clone(&job.hashtag);
    // Both calls at once: a good answer is stored even when the other call fails, and a
    // re-run then buys only the missing one, so nothing paid is wasted.
    let (stats, videos) = tokio::join!(
        endpoint(
            &client,
            &tx,
            &tag,
            Endpoint::Stats,
            job.stats,
            |body: &[u8]| payload::parse_stats_for(body, &tag),
            |s: &HashtagStats| s.credits_remaining,
        ),
        endpoint(
            &client,
            &tx,
            &tag,
            Endpoint::Videos,
            job.videos,
            payload::parse_videos,
            |s: &VideoSample| s.credits_remaining,
        ),
    );
    if let Ok(sample) = &videos
        && sample.dropped > 0
    {
        tracing::warn!(
            "#{tag}: {} of the sampled videos left out (no readable counts, or a repeated id)",
            sample.dropped
        );
    }
    let outcome = match (stats, videos) {
        (Ok(stats), Ok(sample)) => Outcome::Fetched { stats, sample },
        (Err(Outcome::Auth(e)), _) | (_, Err(Outcome::Auth(e))) => Outcome::Auth(e),
        (Err(Outcome::Failed(a)), Err(Outcome::Failed(b))) => Outcome::Failed(format!("{a}; {b}")),
        (Err(Outcome::Failed(a)), _) | (_, Err(Outcome::Failed(a))) => Outcome::Failed(a),
        _ => Outcome::Cancelled,
    };
    // The writer is gone only when the run is being torn down.
    let _ = tx
        .send(Event::Done {
            hashtag: tag,
            outcome,
        })
        .await;
}
/// One endpoint of one hashtag: a stored body if there is one, else a paid call whose
/// attempts and body go to the writer before the parsed value comes back.
async fn endpoint<T>(
    client: &Client,
    tx: &mpsc::Sender<Event>,
    tag: &Arc<str>,
    endpoint: Endpoint,
    stored: Option<Vec<u8>>,
    parse: impl Fn(&[u8]) -> Result<T, ParseError>,
    credits: fn(&T) -> Option<u64>,
) -> Result<T, Outcome> {
    if let Some(body) = stored
        && let Ok(value) = parse(&body)
    {
        let _ = tx.send(Event::Reused).await;
        return Ok(value);
    }
    let CallOutcome { attempts, result } = client.call(endpoint, tag).await;
    // A body cut off mid-way is unreadable whatever its first bytes say.
    let parsed: Option<Result<T, String>> =
        result.as_ref().ok().map(|answer| match &answer.cut_off {
            Some(cut) => Err(cut.clone()),
            None => parse(&answer.body).map_err(|e| e.to_string()),
        });
    let credit = match &parsed {
        Some(Ok(v)) => credits(v),
        _ => None,
    };
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
    match (result, parsed) {
        (Ok(answer), Some(parsed)) => {
            let parse_error = parsed.as_ref().err().cloned();
            let _ = tx
                .send(Event::Response {
                    hashtag: Arc::clone(tag),
                    endpoint,
                    status: answer.status,
                    body: answer.body,
                    parse_error,
                })
                .await;
            parsed.map_err(|e| {
                Outcome::Failed(format!(
                    "{}: unreadable answer (HTTP {}): {e}; raw body kept in the database",
                    endpoint.as_str(),
                    answer.status
                ))
            })
        }
        (Err(e @ ApiError::Unauthorized { .. }), _) => Err(Outcome::Auth(e)),
        (Err(ApiError::Cancelled), _) => Err(Outcome::Cancelled),
        (Err(e), _) => Err(Outcome::Failed(format!("{}: {e}", endpoint.as_str()))),
        (Ok(_), None) => Err(Outcome::Cancelled),
    }
}
