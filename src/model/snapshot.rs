//! A hashtag's stored day.

use super::sample::{Creator, SampleMetrics};
#[cfg(doc)]
use super::signals::Basis;
use super::signals::{Count, Point};
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
    /// Half-width of the interval each count stands for: 0 when exact, 50,000 for a
    /// counter TikTok showed as "1.2M" (see [`Count`]).
    pub video_precision: u64,
    pub view_precision: u64,
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

impl Snapshot {
    /// The video count with its precision; `None` when not reported.
    pub fn videos(&self) -> Option<Count> {
        self.video_count
            .map(|v| Count::rounded(v, self.video_precision))
    }

    /// The view count with its precision.
    pub fn views(&self) -> Count {
        Count::rounded(self.view_count, self.view_precision)
    }
}

impl From<&Snapshot> for Point {
    fn from(s: &Snapshot) -> Point {
        Point::new(s.date, s.videos(), Some(s.views()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_becomes_a_point_with_its_precisions() {
        let s = Snapshot {
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            hashtag: "x".into(),
            fetched_at: "t".into(),
            video_count: Some(1_200_000),
            view_count: 7,
            video_precision: 50_000,
            view_precision: 0,
            metrics: SampleMetrics::default(),
            credits_remaining: None,
        };
        let p = Point::from(&s);
        assert_eq!(p.video_count, Some(Count::rounded(1_200_000, 50_000)));
        assert_eq!(p.view_count, Some(Count::exact(7)));
        let unreported = Snapshot {
            video_count: None,
            ..s
        };
        assert_eq!(Point::from(&unreported).video_count, None);
    }
}
