//! `discover`: co-hashtags nobody tracks yet, ranked by how fast they spread through the
//! samples already stored (see [`crate::metrics::discover`] for the figures).

use crate::metrics::discover::{Window, rank};
use crate::model::hashtag;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Serialize)]
pub struct DiscoverView {
    pub date: NaiveDate,
    /// The window: `days` days ending on `date`, the last `now_days` of them "now".
    pub days: u32,
    pub now_days: u32,
    /// Videos sampled now and before, over every tracked hashtag: the shares' denominators.
    pub sampled_now: u64,
    pub sampled_before: u64,
    pub hashtags: Vec<DiscoverRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiscoverRow {
    pub hashtag: String,
    pub score: f64,
    pub videos: u64,
    pub creators: usize,
    pub under: Vec<String>,
    pub share_now: f64,
    pub share_before: Option<f64>,
    /// The hashtag's own totals, when `--probe` bought them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
}

/// A hashtag's totals from the stats endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// `None` when TikTok did not report it.
    pub video_count: Option<u64>,
    pub view_count: u64,
}

impl DiscoverView {
    /// Puts a probed hashtag's totals on its row.
    pub fn set_totals(&mut self, hashtag: &str, totals: Totals) {
        if let Some(row) = self.hashtags.iter_mut().find(|r| r.hashtag == hashtag) {
            row.totals = Some(totals);
        }
    }
}

/// What to rank: the window, how many to keep, and what is not a candidate beyond what the
/// database itself tracks.
#[derive(Debug, Clone)]
pub struct DiscoverOptions {
    pub date: NaiveDate,
    pub days: u32,
    pub top: usize,
    /// The configured hashtags (tracked even before their first snapshot).
    pub tracked: Vec<String>,
    /// Generic tags to leave out beyond the built-in list.
    pub ignore: Vec<String>,
}

pub use crate::metrics::discover::REPORT_TOP;

/// The report's "Rising co-hashtags" section for `date`: the default window, the first
/// [`REPORT_TOP`], or `None` when there is no candidate (a database without co-hashtags).
pub fn build_rising_section(
    store: &Store,
    date: NaiveDate,
    tracked: &[String],
    ignore: &[String],
) -> Result<Option<DiscoverView>> {
    let view = build_discover(
        store,
        &DiscoverOptions {
            date,
            days: crate::metrics::discover::DEFAULT_DAYS,
            top: REPORT_TOP,
            tracked: tracked.to_vec(),
            ignore: ignore.to_vec(),
        },
    )?;
    Ok((!view.hashtags.is_empty()).then_some(view))
}

/// The top co-hashtags of the window ending on `opts.date`, from stored counts only.
pub fn build_discover(store: &Store, opts: &DiscoverOptions) -> Result<DiscoverView> {
    let window = Window {
        date: opts.date,
        days: opts.days,
    };
    let rows = store.cohashtag_days(window.from(), window.date)?;
    let samples = store.cohashtag_samples(window.from(), window.date)?;
    let mut tracked = store.tracked_hashtags()?;
    tracked.extend(opts.tracked.iter().map(|t| hashtag::fold(t)));
    let ignore: HashSet<String> = opts.ignore.iter().map(|t| hashtag::fold(t)).collect();
    let mut ranking = rank(&rows, &samples, window, &tracked, &ignore);
    ranking.candidates.truncate(opts.top);
    Ok(DiscoverView {
        date: opts.date,
        days: opts.days,
        now_days: crate::metrics::discover::NOW_DAYS.min(opts.days),
        sampled_now: ranking.sampled_now,
        sampled_before: ranking.sampled_before,
        hashtags: ranking
            .candidates
            .into_iter()
            .map(|c| DiscoverRow {
                hashtag: c.hashtag,
                score: c.score,
                videos: c.videos,
                creators: c.creators,
                under: c.under,
                share_now: c.share_now,
                share_before: c.share_before,
                totals: None,
            })
            .collect(),
    })
}
