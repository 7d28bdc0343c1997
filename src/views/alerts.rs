//! `alerts list`: the alert log, newest first.

use crate::model::AlertSignal;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AlertsView {
    pub alerts: Vec<AlertLine>,
}
/// One logged alert. The webhook it went to is never kept.
#[derive(Debug, Clone, Serialize)]
pub struct AlertLine {
    /// The snapshot date alerted about.
    pub date: NaiveDate,
    pub hashtag: String,
    pub signal: AlertSignal,
    /// The webhook accepted it; `false` means the next fetch tries again.
    pub delivered: bool,
    /// POSTs tried, over every run.
    pub attempts: u32,
    pub first_tried_at: String,
    pub sent_at: Option<String>,
    /// The growth the message gave (from the logged trend row).
    pub video_growth_pct: Option<f64>,
}
/// The last `limit` logged alerts.
pub fn build_alerts(store: &Store, limit: u32) -> Result<AlertsView> {
    let alerts = store
        .recent_alerts(limit)?
        .into_iter()
        .map(|r| {
            let row: serde_json::Value = serde_json::from_str(&r.row).unwrap_or_default();
            AlertLine {
                date: r.date,
                hashtag: r.hashtag,
                signal: r.signal,
                delivered: r.delivered,
                attempts: r.attempts,
                first_tried_at: r.first_tried_at,
                sent_at: r.sent_at,
                video_growth_pct: row["video_growth_pct"].as_f64(),
            }
        })
        .collect();
    Ok(AlertsView { alerts })
}
