//! What the read commands show: one view per command (its JSON is a contract scripts rely
//! on) and the builder that assembles it from the store with the pure functions of
//! [`crate::metrics`]. Renderers turn views into bytes; views know nothing of formats.
//!
//! Every builder reads a bounded window of rows per hashtag (index seeks on
//! `(hashtag, date)`), so its cost follows the number of hashtags, not the days stored.

pub mod alerts;
pub mod chart;
pub mod costs;
pub mod discover;
pub mod history;
pub mod report;
pub mod sounds;
#[cfg(test)]
mod tests;
pub mod trends;
pub mod videos;

pub use alerts::{AlertLine, AlertsView, build_alerts};
pub use chart::{CHART_DAYS, Chart};
pub use costs::{CostsView, build_costs};
pub use discover::{
    DiscoverOptions, DiscoverRow, DiscoverView, Totals, build_discover, build_rising_section,
};
pub use history::{HistoryDay, HistoryView, build_history};
pub use report::{ReportRow, ReportView, build_report};
pub use sounds::{
    SoundRow, SoundsOptions, SoundsView, TopSound, build_rising_sounds, build_sounds, top_sound,
};
pub use trends::{TrendOrder, TrendRow, TrendsView, build_trends};
pub use videos::{VideoRow, VideosView, build_videos};

use crate::store::Store;
use anyhow::{Result, bail};
use chrono::NaiveDate;

/// The stored dates nearest `date` (the last before, the first after) over `hashtags`,
/// for an error that says where the data is: "nearest stored: 2026-05-20, 2026-05-23".
pub fn nearest_dates(store: &Store, hashtags: &[String], date: NaiveDate) -> Result<String> {
    let (mut before, mut after): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
    for h in hashtags {
        if let Some(p) = store.previous_snapshot(h, date)? {
            before = before.max(Some(p.date));
        }
        if let Some(n) = store.next_date_of(h, date)? {
            after = Some(after.map_or(n, |a| a.min(n)));
        }
    }
    Ok(match (before, after) {
        (Some(b), Some(a)) => format!(" (nearest stored: {b} before, {a} after)"),
        (Some(b), None) => format!(" (the latest stored is {b})"),
        (None, Some(a)) => format!(" (the first stored is {a})"),
        (None, None) => String::new(),
    })
}

/// The error for a date with no snapshot: names the nearest stored dates.
pub fn no_snapshots(store: &Store, date: NaiveDate) -> anyhow::Error {
    let near = store
        .all_hashtags()
        .and_then(|all| nearest_dates(store, &all, date))
        .unwrap_or_default();
    anyhow::anyhow!("no snapshots stored for {date}{near}")
}

/// The date to show: the one asked for, else the latest with snapshots.
pub fn resolve_date(store: &Store, date: Option<NaiveDate>) -> Result<NaiveDate> {
    match date {
        Some(d) => Ok(d),
        None => match store.latest_date()? {
            Some(d) => Ok(d),
            None => bail!("the database holds no snapshots yet; run `tracker fetch` first"),
        },
    }
}
