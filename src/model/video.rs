//! One sampled video, as the metrics, the store and the views see it.

/// Author name used when a video carries none, so creators still add up.
pub const UNKNOWN_AUTHOR: &str = "unknown";

/// One sampled video of a hashtag on a day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Video {
    pub id: String,
    pub desc: String,
    pub author: String,
    pub plays: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
}
