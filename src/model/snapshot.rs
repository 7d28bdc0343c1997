//! A hashtag's stored day.

use super::sample::{Creator, SampleMetrics};
use chrono::NaiveDate;

/// One hashtag's stored day: its totals and the metrics of that day's sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub date: NaiveDate,
    pub hashtag: String,
    pub fetched_at: String,
    pub video_count: u64,
    pub view_count: u64,
    pub metrics: SampleMetrics,
    pub credits_remaining: Option<u64>,
}

/// What a report needs of a hashtag's previous snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    pub date: NaiveDate,
    pub video_count: u64,
    pub view_count: u64,
    pub top_creators: Vec<Creator>,
}

impl From<Snapshot> for Previous {
    fn from(s: Snapshot) -> Previous {
        Previous {
            date: s.date,
            video_count: s.video_count,
            view_count: s.view_count,
            top_creators: s.metrics.top_creators,
        }
    }
}

impl From<&Snapshot> for super::Point {
    fn from(s: &Snapshot) -> super::Point {
        super::Point {
            date: s.date,
            video_count: s.video_count,
            view_count: s.view_count,
        }
    }
}
