//! `report`: one row per hashtag for a date.

use crate::metrics::growth;
use crate::metrics::signals;
use crate::metrics::window::window_start;
use crate::model::{Basis, Previous, SampleMetrics};
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub date: NaiveDate,
    pub hashtags: Vec<ReportRow>,
    /// Configured hashtags with no snapshot on `date` (filled in by the command, which
    /// knows the config; empty when there is none).
    pub missing_hashtags: Vec<String>,
    /// The database holds the demo's simulated data, not real counts (#24); only in the
    /// JSON when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub simulated: bool,
}
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub hashtag: String,
    /// `null` when TikTok did not report it (then `basis` is `views`).
    pub video_count: Option<u64>,
    pub view_count: u64,
    /// Which count the day's signals follow: `videos`, or `views` when the video count
    /// was not reported.
    pub basis: Basis,
    /// The day's figures rest on a rounded count (TikTok's "1.2M"): estimates within an
    /// interval.
    pub approximate: bool,
    /// The day's sample: sums, engagement rate, virality, top creators.
    #[serde(flatten)]
    pub metrics: SampleMetrics,
    pub video_growth_pct: Option<f64>,
    pub view_growth_pct: Option<f64>,
    pub prev_date: Option<NaiveDate>,
    /// Top creators who were not among the previous snapshot's top creators.
    pub new_top_creators: Vec<String>,
    /// The sound most creators used in the day's sample (at least two); `null` when none was
    /// shared, or the sounds were not counted yet.
    pub top_sound: Option<super::TopSound>,
    pub fetched_at: String,
    /// The day's count was judged implausible (a jump or drop against its neighbours) and
    /// kept out of the trend signals, as `trends` and the HTML page mark it.
    pub suspect: bool,
}
/// The report for `date`: every hashtag stored that day.
pub fn build_report(store: &Store, date: NaiveDate) -> Result<ReportView> {
    let mut rows = Vec::new();
    let today = store.snapshots_with_previous(date)?;
    if today.is_empty() {
        return Err(super::no_snapshots(store, date));
    }
    for (s, prev) in today {
        let prev = match prev {
            Some(prev) => prev,
            None => store
                .previous_snapshot(&s.hashtag, date)?
                .map(Previous::from),
        };
        let g = growth::growth(
            (s.video_count, s.view_count),
            prev.as_ref().map(|p| (p.date, p.video_count, p.view_count)),
        );
        let new_top_creators = match &prev {
            Some(p) => s
                .metrics
                .top_creators
                .iter()
                .filter(|c| !p.top_creators.iter().any(|o| o.username == c.username))
                .map(|c| c.username.clone())
                .collect(),
            None => Vec::new(),
        };
        let series = store.series(&s.hashtag, window_start(date), date)?;
        let suspect = signals::suspect_flags(&series)
            .last()
            .copied()
            .unwrap_or(false);
        let sig = signals::compute(&series, date);
        // Growth here is against the previous snapshot: approximate when either count is.
        let approximate = sig.approximate
            || s.video_precision > 0
            || s.view_precision > 0
            || series
                .iter()
                .rev()
                .find(|p| p.date < date)
                .is_some_and(|p| {
                    [p.video_count, p.view_count]
                        .iter()
                        .flatten()
                        .any(|c| !c.is_exact())
                });
        let top_sound = super::top_sound(store, date, &s.hashtag)?;
        rows.push(ReportRow {
            hashtag: s.hashtag,
            video_count: s.video_count,
            view_count: s.view_count,
            basis: sig.basis,
            approximate,
            metrics: s.metrics,
            video_growth_pct: g.video_growth_pct,
            view_growth_pct: g.view_growth_pct,
            prev_date: g.prev_date,
            new_top_creators,
            top_sound,
            fetched_at: s.fetched_at,
            suspect,
        });
    }
    Ok(ReportView {
        date,
        hashtags: rows,
        missing_hashtags: Vec::new(),
        simulated: store.is_simulated()?,
    })
}
