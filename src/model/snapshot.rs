//! A hashtag's stored day.

use super::sample::{Creator, SampleMetrics};
use chrono::NaiveDate;

/// One hashtag's stored day: its totals and the metrics of that day's sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub date: NaiveDate,
    pub hashtag: String,
    pub fetched_at: String,
    /// `None`: TikTok did not report it that day (see [`Basis`]).
    pub video_count: Option<u64>,
    pub view_count: u64,
    pub metrics: SampleMetrics,
    pub credits_remaining: Option<u64>,
}

/// What a report needs of a hashtag's previous snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    pub date: NaiveDate,
    pub video_count: Option<u64>,
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
            // The signals' input: an unreported count is 0 beside the views, which
            // `Point::unreported` recognises (and `on_views` reads as views).
            video_count: s.video_count.unwrap_or(0),
            view_count: s.view_count,
        }
    }
}

/// Which count a hashtag's growth, direction and trending follow that day: its videos, or
/// its views when TikTok did not report the video count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Videos,
    Views,
}

impl Basis {
    pub fn of(video_count: Option<u64>) -> Basis {
        match video_count {
            Some(_) => Basis::Videos,
            None => Basis::Views,
        }
    }
}
