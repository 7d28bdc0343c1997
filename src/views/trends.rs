//! `trends`: hashtags ranked by momentum (or growth), with multi-day signals.

use crate::metrics::growth::{self, Direction};
use crate::metrics::signals;
use crate::metrics::window::window_start;
use crate::model::Signals;
use crate::refresh::signals_from;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

/// The trending threshold shown by default (one constant for trends, history and alerts).
pub use crate::metrics::growth::DEFAULT_TRENDING_PCT as DEFAULT_THRESHOLD_PCT;

/// How `trends` ranks its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendOrder {
    /// Growth boosted by acceleration and breakouts: "look at this first".
    Momentum,
    /// Day-over-day video growth.
    Growth,
}

impl TrendOrder {
    /// The name the JSON's `sorted_by` carries.
    pub fn as_str(self) -> &'static str {
        match self {
            TrendOrder::Momentum => "momentum",
            TrendOrder::Growth => "video_growth",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendsView {
    pub date: NaiveDate,
    pub threshold_pct: f64,
    /// `momentum` or `video_growth`.
    pub sorted_by: &'static str,
    pub hashtags: Vec<TrendRow>,
}
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub hashtag: String,
    pub direction: Direction,
    pub trending: bool,
    pub video_growth_pct: Option<f64>,
    pub view_growth_pct: Option<f64>,
    pub prev_date: Option<NaiveDate>,
    /// `null` when TikTok did not report it (then `basis` is `views`).
    pub video_count: Option<u64>,
    pub view_count: u64,
    /// The day's signals, flattened into the row: among them `basis` (which count direction,
    /// growth and trending follow: `videos`, or `views` when the day's video count was not
    /// reported) and `approximate` (some figure rests on a rounded count).
    #[serde(flatten)]
    pub signals: Signals,
}
/// The trends for `date`, ranked by momentum (or video growth), nulls last, ties by name.
/// Signals stored by `fetch` are read as they are (one row per hashtag); a hashtag without
/// them (an older database) has them computed from its series.
pub fn build_trends(
    store: &Store,
    date: NaiveDate,
    threshold_pct: f64,
    order: TrendOrder,
) -> Result<TrendsView> {
    let mut all = store.signals_on(date)?;
    // Hashtags whose previous count was suspect: looked up for stored rows, computed below
    // for the others.
    let mut after_suspect = store.after_suspect_on(date)?;
    if (all.len() as u64) < store.count_on(date)? {
        let have: HashSet<String> = all.iter().map(|s| s.hashtag.clone()).collect();
        for (hashtag, series) in store.series_on(window_start(date), date)? {
            if !have.contains(&hashtag)
                && let Some(row) = signals_from(store, &hashtag, &series, date)?
            {
                let flags = signals::suspect_flags(&series[..series.len().saturating_sub(1)]);
                if flags.last().copied().unwrap_or(false) {
                    after_suspect.insert(hashtag);
                }
                all.push(row);
            }
        }
    }
    if all.is_empty() {
        return Err(super::no_snapshots(store, date));
    }
    let mut rows = Vec::with_capacity(all.len());
    for s in all {
        let g = growth::growth((s.video_count, s.view_count), s.prev);
        let sig = s.signals;
        // Growth is measured against the previous snapshot, as the contract says; but after
        // a suspect count that "growth" is the recovery from a glitch, not a trend.
        let after_glitch = after_suspect.contains(&s.hashtag);
        // Videos when both days have them; views otherwise.
        let direction = match (s.video_count, s.prev.map(|p| p.1)) {
            (Some(v), Some(Some(p))) => growth::direction(v, Some(p)),
            (Some(v), None) => growth::direction(v, None),
            _ => growth::direction(s.view_count, s.prev.map(|p| p.2)),
        };
        rows.push(TrendRow {
            hashtag: s.hashtag,
            direction,
            // Judged on the growth the readings guarantee (a rounding step never is); a
            // suspect count is kept out of the signals, so it is not trending either.
            trending: !after_glitch && signals::is_trending(&sig, threshold_pct),
            video_growth_pct: g.video_growth_pct,
            view_growth_pct: g.view_growth_pct,
            prev_date: g.prev_date,
            video_count: s.video_count,
            view_count: s.view_count,
            signals: sig,
        });
    }
    let key = |r: &TrendRow| match order {
        TrendOrder::Growth => r.video_growth_pct,
        TrendOrder::Momentum => r.signals.momentum,
    };
    rows.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.hashtag.cmp(&b.hashtag)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.hashtag.cmp(&b.hashtag),
    });
    Ok(TrendsView {
        date,
        threshold_pct,
        sorted_by: order.as_str(),
        hashtags: rows,
    })
}
