//! The hashtags a sampled video carries besides the tracked one: the raw material of
//! `discover`.

use std::collections::BTreeSet;

/// One sampled video's co-hashtags, normalised like configured hashtags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VideoTags {
    pub id: String,
    /// [`crate::model::UNKNOWN_AUTHOR`] when the item names none.
    pub author: String,
    pub tags: BTreeSet<String>,
}

/// One co-hashtag in one tracked hashtag's sample on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohashtagDay {
    pub date: chrono::NaiveDate,
    /// The tracked hashtag whose sample it was seen in.
    pub hashtag: String,
    pub cohashtag: String,
    /// Sampled videos carrying it.
    pub videos: u64,
    /// The distinct known authors of those videos (sorted).
    pub authors: Vec<String>,
}

/// How many videos one tracked hashtag's sample held on one day: the share's denominator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleDay {
    pub date: chrono::NaiveDate,
    pub hashtag: String,
    pub videos: u64,
}
