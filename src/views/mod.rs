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
pub use trends::{TrendOrder, TrendRow, TrendsView, build_trends};
pub use videos::{VideoRow, VideosView, build_videos};

use crate::store::Store;
use anyhow::{Result, bail};
use chrono::NaiveDate;

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
