//! `history`: the daily series of one hashtag.

use crate::metrics::signals;
use crate::metrics::window::{FIRST_DAY, window_start};
use crate::model::{Basis, Point, Snapshot};
use crate::store::Store;
use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub hashtag: String,
    pub days: Vec<HistoryDay>,
}
#[derive(Debug, Clone, Serialize)]
pub struct HistoryDay {
    pub date: NaiveDate,
    /// `null` when TikTok did not report it.
    pub video_count: Option<u64>,
    pub view_count: u64,
    /// Which count the day's signals run on: `videos`, or `views` when the video count
    /// was not reported.
    pub basis: Basis,
    /// Some figure of the day rests on a rounded count (an estimate within an interval).
    pub approximate: bool,
    /// Per-day video growth against the previous clean snapshot (a gap, or a rounded step
    /// after flat days, is spread per day).
    pub daily_video_growth_pct: Option<f64>,
    pub daily_view_growth_pct: Option<f64>,
    pub engagement_rate: f64,
    pub sample_size: u64,
    pub suspect: bool,
    /// That day's growth stood far above the hashtag's baseline (as `trends` judges it).
    pub breakout: bool,
    /// The growth the day's readings guarantee is above `trends`' default threshold
    /// (neither that day nor the one before suspect), as `trends` judges it.
    pub trending: bool,
}
/// Daily rows, each with the signals `trends` would show for that day: the same rules over
/// the same window (a rounded step after flat days is spread over them).
pub fn history_days(snaps: &[Snapshot]) -> Vec<HistoryDay> {
    let points: Vec<Point> = snaps.iter().map(Point::from).collect();
    let suspect = signals::suspect_flags(&points);
    let mut out = Vec::with_capacity(snaps.len());
    let mut prev_bad = false;
    for (i, (s, bad)) in snaps
        .iter()
        .zip(suspect.iter().copied().chain(std::iter::repeat(false)))
        .enumerate()
    {
        // Judged over the same window as the stored signals `trends` shows.
        let start = points.partition_point(|p| p.date < window_start(s.date));
        let sig = signals::compute(&points[start..=i], s.date);
        // After a suspect day the "growth" is the recovery from a glitch, not a trend.
        let trending = i > 0
            && !prev_bad
            && signals::is_trending(&sig, crate::views::trends::DEFAULT_THRESHOLD_PCT);
        prev_bad = bad;
        out.push(HistoryDay {
            date: s.date,
            video_count: s.video_count,
            view_count: s.view_count,
            basis: sig.basis,
            approximate: sig.approximate,
            daily_video_growth_pct: sig.daily_video_growth_pct,
            daily_view_growth_pct: sig.daily_view_growth_pct,
            engagement_rate: s.metrics.engagement_rate,
            sample_size: s.metrics.sample_size,
            suspect: bad,
            breakout: !bad && sig.breakout,
            trending,
        });
    }
    out
}
/// The last `days` days of a hashtag, ending on its latest snapshot.
pub fn build_history(store: &Store, hashtag: &str, days: Option<u32>) -> Result<HistoryView> {
    let Some(last) = store.last_date_of(hashtag)? else {
        let stored: Vec<String> = store
            .all_hashtags()?
            .iter()
            .map(|h| format!("#{h}"))
            .collect();
        if stored.is_empty() {
            bail!("no snapshots stored for #{hashtag}: the database holds none yet");
        }
        bail!(
            "no snapshots stored for #{hashtag} (stored: {})",
            stored.join(", ")
        );
    };
    let from = days
        .and_then(|n| last.checked_sub_days(Days::new(u64::from(n.saturating_sub(1)))))
        .unwrap_or(FIRST_DAY)
        .max(FIRST_DAY);
    // The days shown are judged (growth, suspect) against the days before them, as in the
    // full history: read a signal window more and leave it out of the view.
    let snaps = store.snapshots_between(hashtag, window_start(from), last)?;
    let mut days = history_days(&snaps);
    days.retain(|d| d.date >= from);
    Ok(HistoryView {
        hashtag: hashtag.to_string(),
        days,
    })
}
