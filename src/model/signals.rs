//! A hashtag's daily totals as the trend signals read them (each count with the precision
//! TikTok gave it), and the signals of one day. The rules that compute them are in
//! `metrics::signals`.

use chrono::NaiveDate;
use serde::Serialize;

/// One count as stored: its value and the half-width of the interval it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Count {
    pub value: u64,
    /// Half-width of the interval the value stands for: 0 for an exact count, 50,000 for a
    /// counter shown as "1.2M" (1,150,000 … 1,250,000).
    pub precision: u64,
}

impl Count {
    /// An exact count.
    pub const fn exact(value: u64) -> Self {
        Count {
            value,
            precision: 0,
        }
    }

    /// A count known only to within `± precision`.
    pub const fn rounded(value: u64, precision: u64) -> Self {
        Count { value, precision }
    }

    /// A value read from one of TikTok's display-rounded legacy counters, which show one
    /// decimal of K, M or B ("12.3K", "1.2M", "119178.1B"): the precision is half of that
    /// last decimal, 50 for thousands, 50,000 for millions and 50,000,000 from a billion up.
    /// Values below 1,000 are shown in full (precision 0).
    pub const fn display_rounded(value: u64) -> Self {
        let precision = if value >= 1_000_000_000 {
            50_000_000
        } else if value >= 1_000_000 {
            50_000
        } else if value >= 1_000 {
            50
        } else {
            0
        };
        Count { value, precision }
    }

    pub const fn is_exact(self) -> bool {
        self.precision == 0
    }

    /// The lowest count the value can stand for (`x↓`).
    pub const fn low(self) -> u64 {
        self.value.saturating_sub(self.precision)
    }

    /// The highest count the value can stand for (`x↑`).
    pub const fn high(self) -> u64 {
        self.value.saturating_add(self.precision)
    }
}

/// One stored daily snapshot of a hashtag's totals. `None` is a count TikTok did not
/// report (a video count of 0 beside a large view count), which is not a count of 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub date: NaiveDate,
    pub video_count: Option<Count>,
    pub view_count: Option<Count>,
}

impl Point {
    pub const fn new(
        date: NaiveDate,
        video_count: Option<Count>,
        view_count: Option<Count>,
    ) -> Self {
        Point {
            date,
            video_count,
            view_count,
        }
    }

    /// A point with both counts reported exactly.
    pub const fn exact(date: NaiveDate, videos: u64, views: u64) -> Self {
        Point::new(date, Some(Count::exact(videos)), Some(Count::exact(views)))
    }

    /// The count of one kind.
    pub const fn count(&self, kind: Basis) -> Option<Count> {
        match kind {
            Basis::Videos => self.video_count,
            Basis::Views => self.view_count,
        }
    }
}

/// Which count the signals of a day run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The video count (whenever the day reports one).
    #[default]
    Videos,
    /// The view count, on a day whose video count is not reported.
    Views,
}

impl Basis {
    /// The basis of a day reporting `video_count` (`None`: not reported).
    pub fn of(video_count: Option<u64>) -> Basis {
        match video_count {
            Some(_) => Basis::Videos,
            None => Basis::Views,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Videos => "videos",
            Basis::Views => "views",
        }
    }
}

/// Every signal for one hashtag on one day; see the module docs for the formulas.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signals {
    /// Today's point was judged implausible (see rules) and kept out of every signal.
    pub suspect: bool,
    /// Which count the basis-level figures (`daily_growth_*`, `growth_7d_pct`,
    /// acceleration, streak, breakout, baseline, momentum) are computed from.
    pub basis: Basis,
    /// Some figure here rests on a rounded count: it is an estimate within an interval.
    pub approximate: bool,
    /// Per-day growth of the basis count in percent (a gap or a rounded flat run is spread
    /// over its days).
    pub daily_growth_pct: Option<f64>,
    /// The least per-day growth the readings guarantee; what `trending` and `breakout`
    /// are judged on. Equal to `daily_growth_pct` for exact counts.
    pub daily_growth_low_pct: Option<f64>,
    /// The most per-day growth the readings allow (no value when unbounded).
    pub daily_growth_high_pct: Option<f64>,
    /// The per-day growth the evidence `breakout` was judged on guarantees: today's
    /// `daily_growth_low_pct`, or what the readings of the last few days guarantee (a ramp
    /// on a rounded counter shows over a few readings before any single day does); never
    /// above `daily_growth_pct`.
    pub recent_growth_low_pct: Option<f64>,
    /// Per-day video growth in percent between the last clean video count before `date`
    /// and today's (compound rate spread over a gap or a rounded flat run); no value when
    /// today's video count is not reported.
    pub daily_video_growth_pct: Option<f64>,
    /// Same as `daily_video_growth_pct`, for views.
    pub daily_view_growth_pct: Option<f64>,
    /// Absolute increase per day (velocity) over the days today's video growth covers,
    /// rounded to nearest.
    pub new_videos: Option<i64>,
    /// Same as `new_videos`, for views.
    pub new_views: Option<i64>,
    /// Growth of the basis count over exactly 7 days, in percent.
    pub growth_7d_pct: Option<f64>,
    /// Video growth over exactly 7 days, in percent.
    pub video_growth_7d_pct: Option<f64>,
    /// View growth over exactly 7 days, in percent.
    pub view_growth_7d_pct: Option<f64>,
    /// Today's daily growth minus its mean over the previous 7 days, in percentage
    /// points: positive means growth is speeding up.
    pub acceleration_pp: Option<f64>,
    /// Consecutive days of positive daily growth ending today.
    pub streak: u32,
    /// Today's guaranteed growth stands far above this hashtag's own recent baseline.
    pub breakout: bool,
    /// Baseline the breakout test compared `recent_growth_low_pct` against (for display):
    /// mean of earlier daily growth, pp.
    pub baseline_mean_pct: Option<f64>,
    /// Population standard deviation of the same baseline, pp.
    pub baseline_std_pct: Option<f64>,
    /// Ranking score: growth, boosted by acceleration and breakouts.
    pub momentum: Option<f64>,
}

impl Signals {
    /// The "nothing to say" value, used when the day is missing or suspect.
    pub fn empty(suspect: bool) -> Self {
        Signals {
            suspect,
            basis: Basis::Videos,
            approximate: false,
            daily_growth_pct: None,
            daily_growth_low_pct: None,
            daily_growth_high_pct: None,
            recent_growth_low_pct: None,
            daily_video_growth_pct: None,
            daily_view_growth_pct: None,
            new_videos: None,
            new_views: None,
            growth_7d_pct: None,
            video_growth_7d_pct: None,
            view_growth_7d_pct: None,
            acceleration_pp: None,
            streak: 0,
            breakout: false,
            baseline_mean_pct: None,
            baseline_std_pct: None,
            momentum: None,
        }
    }
}

/// Every signal empty, not suspect: what a day without data shows.
impl Default for Signals {
    fn default() -> Self {
        Signals::empty(false)
    }
}
