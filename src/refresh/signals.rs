//! The stored trend signals, kept in step with the snapshots: `fetch` refreshes them in
//! the transaction that stores a day, and `trends` computes them for days stored without.

use crate::metrics::signals;
use crate::metrics::window::{FIRST_DAY, LAST_DAY, SIGNAL_WINDOW_DAYS, window_start};
use crate::model::Point;
use crate::store::{Store, StoredSignals};
use anyhow::Result;
use chrono::{Days, NaiveDate};

/// A hashtag's signals on `date` from its `series` (the window ending on `date`, whose last
/// point is that day), with the previous snapshot growth is measured against.
pub fn signals_from(
    store: &Store,
    hashtag: &str,
    series: &[Point],
    date: NaiveDate,
) -> Result<Option<StoredSignals>> {
    let Some(today) = series.last().copied().filter(|p| p.date == date) else {
        return Ok(None);
    };
    let counts = |p: &Point| {
        (
            p.video_count.map(|c| c.value),
            p.view_count.map_or(0, |c| c.value),
        )
    };
    // The previous snapshot may be older than the signal window.
    let prev = match series.iter().rev().find(|p| p.date < date) {
        Some(p) => {
            let (videos, views) = counts(p);
            Some((p.date, videos, views))
        }
        None => store
            .previous_snapshot(hashtag, date)?
            .map(|p| (p.date, p.video_count, p.view_count)),
    };
    // A day whose video count TikTok did not report runs on views (`basis`), inside the
    // rules: an unknown count is never a collapse.
    let signals = signals::compute(series, date);
    let (video_count, view_count) = counts(&today);
    Ok(Some(StoredSignals {
        hashtag: hashtag.to_string(),
        video_count,
        view_count,
        prev,
        signals,
    }))
}
/// Recomputes and stores the signals of `hashtag` on `date` and on every later stored day
/// they feed into (a day's signals look back over the window), after `date` was stored.
/// `fetch` calls it in the transaction that stores the snapshot.
pub fn refresh_signals(store: &Store, hashtag: &str, date: NaiveDate) -> Result<()> {
    let until = date
        .checked_add_days(Days::new(SIGNAL_WINDOW_DAYS))
        .unwrap_or(date);
    let series = store.series(hashtag, window_start(date), until)?;
    store_signals_of(store, hashtag, &series, date)?;
    // The first day after the window may still have `date` as its previous snapshot.
    if let Some(next) = store.next_date_of(hashtag, until)? {
        let series = store.series(hashtag, window_start(next), next)?;
        store_signals_of(store, hashtag, &series, next)?;
    }
    Ok(())
}
/// Stores the signals of every day `>= from` in `series`, each over its own window.
fn store_signals_of(store: &Store, hashtag: &str, series: &[Point], from: NaiveDate) -> Result<()> {
    for (i, p) in series.iter().enumerate().filter(|(_, p)| p.date >= from) {
        let start = window_start(p.date);
        let first = series[..i].partition_point(|q| q.date < start);
        if let Some(row) = signals_from(store, hashtag, &series[first..=i], p.date)? {
            store.save_signals(&row, p.date)?;
        }
    }
    Ok(())
}
/// Recomputes every stored day's signals (a database from before they were stored, or data
/// written by other tools).
pub fn rebuild_signals(store: &Store) -> Result<()> {
    for hashtag in store.all_hashtags()? {
        let series = store.series(&hashtag, FIRST_DAY, LAST_DAY)?;
        store_signals_of(store, &hashtag, &series, FIRST_DAY)?;
    }
    Ok(())
}
