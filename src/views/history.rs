//! `history`: the daily series of one hashtag.

use crate::metrics::growth;
use crate::metrics::signals;
use crate::metrics::window::{FIRST_DAY, window_start};
use crate::model::{Point, Snapshot};
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
    /// Per-day video growth against the previous clean snapshot (a gap is spread per day).
    pub daily_video_growth_pct: Option<f64>,
    pub daily_view_growth_pct: Option<f64>,
    pub engagement_rate: f64,
    pub sample_size: u64,
    pub suspect: bool,
    /// That day's growth stood far above the hashtag's baseline (as `trends` judges it).
    pub breakout: bool,
    /// Video growth since the previous snapshot above `trends`' default threshold
    /// (neither day suspect).
    pub trending: bool,
}
/// Daily rows with per-day growth against the previous clean snapshot.
pub fn history_days(snaps: &[Snapshot]) -> Vec<HistoryDay> {
    // An unreported count is judged on views, never as a collapse to 0.
    let points: Vec<Point> = snaps
        .iter()
        .map(Point::from)
        .map(|p| if p.unreported() { p.on_views() } else { p })
        .collect();
    let suspect = signals::suspect_flags(&points);
    let mut last_clean: Option<&Snapshot> = None;
    let mut out = Vec::with_capacity(snaps.len());
    let mut previous: Option<(&Snapshot, bool)> = None;
    for (i, (s, bad)) in snaps
        .iter()
        .zip(suspect.iter().copied().chain(std::iter::repeat(false)))
        .enumerate()
    {
        // Judged over the same window as the stored signals `trends` shows.
        let start = points.partition_point(|p| p.date < window_start(s.date));
        let breakout = !bad && signals::compute(&points[start..=i], s.date).breakout;
        let trending = match previous {
            // On videos when both days report them, else on views (the row's basis).
            Some((p, prev_bad)) if !bad && !prev_bad => growth::is_trending(
                match (p.video_count, s.video_count) {
                    (Some(a), Some(b)) => growth::growth_pct(Some(a), b),
                    _ => growth::growth_pct(Some(p.view_count), s.view_count),
                },
                crate::views::trends::DEFAULT_THRESHOLD_PCT,
            ),
            _ => false,
        };
        previous = Some((s, bad));
        let (dv, dw) = match (last_clean, bad) {
            (Some(p), false) => {
                let days = (s.date - p.date).num_days();
                (
                    p.video_count
                        .zip(s.video_count)
                        .and_then(|(a, b)| signals::per_day_growth_pct(a, b, days)),
                    signals::per_day_growth_pct(p.view_count, s.view_count, days),
                )
            }
            _ => (None, None),
        };
        if !bad {
            last_clean = Some(s);
        }
        out.push(HistoryDay {
            date: s.date,
            video_count: s.video_count,
            view_count: s.view_count,
            daily_video_growth_pct: dv,
            daily_view_growth_pct: dw,
            engagement_rate: s.metrics.engagement_rate,
            sample_size: s.metrics.sample_size,
            suspect: bad,
            breakout,
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
