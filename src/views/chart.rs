//! What the HTML report draws for each hashtag: its recent daily series and signals. Apart
//! from the report view, since only the HTML page needs it.

use super::history::{HistoryDay, history_days};
use super::report::ReportView;
use crate::metrics::signals;
use crate::metrics::window::window_start;
use crate::model::{Point, Signals};
use crate::store::Store;
use anyhow::Result;
use chrono::Days;

/// Days of history drawn in the HTML report's charts.
pub const CHART_DAYS: u64 = 90;
/// What the HTML report draws for one hashtag.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    pub points: Vec<HistoryDay>,
    pub breakout: bool,
    pub signals: Option<Signals>,
}

/// One chart per row of `report`, in its order.
pub fn build_charts(store: &Store, report: &ReportView) -> Result<Vec<Chart>> {
    let date = report.date;
    report
        .hashtags
        .iter()
        .map(|row| {
            let from = date.checked_sub_days(Days::new(CHART_DAYS)).unwrap_or(date);
            let history = store.snapshots_between(&row.hashtag, from, date)?;
            let points = history_days(&history);
            let series: Vec<Point> = history.iter().map(Point::from).collect();
            // Over the same window as the stored signals `trends` shows, so the two agree.
            let start = window_start(date);
            let first = series.partition_point(|p| p.date < start);
            let sig = signals::compute(&series[first..], date);
            Ok(Chart {
                points,
                breakout: sig.breakout,
                signals: Some(sig),
            })
        })
        .collect()
}
