//! The figures of one day's sample of videos.

use serde::{Deserialize, Serialize};

/// An author and how many of the sampled videos are theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creator {
    pub username: String,
    pub videos: u64,
}

/// The figures derived from one day's sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SampleMetrics {
    pub sample_size: u64,
    pub plays: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
    /// `(likes + comments + shares) / plays`, a ratio (0.091 = 9.1 %); 0 when nothing was played.
    pub engagement_rate: f64,
    /// Shares per sampled video; 0 for an empty sample.
    pub virality: f64,
    pub top_creators: Vec<Creator>,
}
