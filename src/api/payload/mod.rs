//! Tolerant parsing of Scavio payloads: bytes in, model out.
//!
//! The API's own examples disagree on where the counts sit, so the parser looks in every
//! known place instead of trusting one shape: top level, under a `data` (or `result`)
//! wrapper, under `stats`, or in TikTok's camelCase shape (`challengeInfo.stats`,
//! `statsV2`). Numbers may be JSON numbers or strings. Where both `stats` and `statsV2`
//! are present the exact `statsV2` strings win over the rounded legacy `stats`.
//!
//! What the parser never does is turn an unreadable answer into a zero: a body that is
//! not JSON, says it failed, has no recognisable counts, or names another hashtag is a
//! [`ParseError`]; a video without readable counts is dropped (and counted), not kept as
//! zeros, since a zero would skew the day's engagement.

mod cohashtags;
mod counters;
mod json;
mod music;
mod stats;
#[cfg(test)]
mod tests;
mod usage;
mod videos;
mod vocab;

pub use cohashtags::cohashtags;
pub use counters::count;
pub use music::sounds;
pub use stats::{parse_stats, parse_stats_for};
pub use usage::{ErrorBody, Usage, parse_error_body, parse_usage};
pub use videos::{parse_videos, parse_videos_for};

use crate::model::Video;

/// A hashtag's totals from the `/tiktok/hashtag` endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashtagStats {
    /// TikTok's id of the hashtag (`challenge.id`), which the videos call needs.
    pub id: Option<String>,
    /// `None` when TikTok did not report it: a 0 beside a non-zero view count.
    pub video_count: Option<u64>,
    pub view_count: u64,
    /// How exactly each count is known (the legacy `stats` are display-rounded).
    pub precision: Precision,
    pub credits_remaining: Option<u64>,
}
/// Half-width of the interval each of a hashtag's counts stands for: 0 when exact (from
/// `statsV2`), 50,000 for a count shown as "1.2M" (see [`crate::model::Count`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Precision {
    pub videos: u64,
    pub views: u64,
}
/// The day's sample of recent videos.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VideoSample {
    pub videos: Vec<Video>,
    pub credits_remaining: Option<u64>,
    /// Items left out: no readable counts, or a repeated video id. Kept so a sample
    /// thinned by bad data can be told from a small one.
    pub dropped: usize,
    /// Where the next page starts (`data.cursor`, a number or a string), as the next
    /// request's `cursor` string.
    pub cursor: Option<String>,
    /// Whether the API says there is another page (`has_more` 0/1 or a bool, `hasMore`).
    pub has_more: Option<bool>,
}
/// Why a body could not be read. The raw body is kept by the caller for inspection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("response is not JSON ({0})")]
    NotJson(String),
    /// A 200 whose body says the call failed (`success: false`, a non-zero `statusCode`,
    /// an `error`): whatever counts it carries are not to be believed.
    #[error("the API reported a failure: {0}")]
    Reported(String),
    #[error("no {what} found in the response{}", api_message(.message))]
    Missing {
        what: &'static str,
        message: Option<String>,
    },
    /// The counts belong to another hashtag: storing them would corrupt the asked one.
    #[error("the answer is for #{got}, not #{asked}")]
    OtherHashtag { got: String, asked: String },
}
fn api_message(message: &Option<String>) -> String {
    match message {
        Some(m) => format!(" (the API said: {m})"),
        None => String::new(),
    }
}
