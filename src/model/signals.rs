//! A hashtag's daily totals as the trend signals read them, and the signals of one day.
//! The rules that compute them are in `metrics::signals`.

use chrono::NaiveDate;
use serde::Serialize;

/// One stored daily snapshot of a hashtag's totals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub date: NaiveDate,
    pub video_count: u64,
    pub view_count: u64,
}

impl Point {
    /// The video count was not reported (stored NULL, read as 0 beside non-zero views).
    pub fn unreported(&self) -> bool {
        self.video_count == 0 && self.view_count > 0
    }

    /// The point with views in place of videos: the series a views-basis hashtag's signals
    /// are computed from.
    pub fn on_views(self) -> Point {
        Point {
            video_count: self.view_count,
            ..self
        }
    }
}

/// Every signal for one hashtag on one day; see the module docs for the formulas.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signals {
    /// Today's point was judged implausible (see rules) and kept out of every signal.
    pub suspect: bool,
    /// Per-day video growth in percent between the last clean point before `date` and
    /// today (compound rate spread over a gap).
    pub daily_video_growth_pct: Option<f64>,
    /// Same as `daily_video_growth_pct`, for views.
    pub daily_view_growth_pct: Option<f64>,
    /// Absolute increase per day (velocity) since the previous clean point, spread over
    /// a gap, rounded to nearest.
    pub new_videos: Option<i64>,
    /// Same as `new_videos`, for views.
    pub new_views: Option<i64>,
    /// Video growth over exactly 7 days, in percent.
    pub video_growth_7d_pct: Option<f64>,
    /// View growth over exactly 7 days, in percent.
    pub view_growth_7d_pct: Option<f64>,
    /// Today's daily video growth minus its mean over the previous 7 days, in
    /// percentage points: positive means growth is speeding up.
    pub acceleration_pp: Option<f64>,
    /// Consecutive days of positive daily video growth ending today.
    pub streak: u32,
    /// Today's growth stands far above this hashtag's own recent baseline.
    pub breakout: bool,
    /// Baseline the breakout test compared against (for display): mean and std-dev of
    /// earlier daily growth, pp.
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
            daily_video_growth_pct: None,
            daily_view_growth_pct: None,
            new_videos: None,
            new_views: None,
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
