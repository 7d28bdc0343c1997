//! What the read commands show: the views (their JSON is a contract scripts rely on) and
//! how they are assembled from the store with the pure functions of [`crate::metrics`].
//!
//! Every builder reads a bounded window of rows per hashtag (index seeks on
//! `(hashtag, date)`), so its cost follows the number of hashtags, not the days stored.

use crate::api::parse::Video;
use crate::metrics::growth::{self, Direction};
use crate::metrics::sample::{Creator, engagement_rate};
use crate::metrics::signals::{self, Point, Signals};
use crate::store::{CostRow, Snapshot, Store};
use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// The earliest date the store can hold (dates are kept as four-digit-year text).
const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Days of history the trend signals look back over (14-day baseline + margin for gaps).
const SIGNAL_WINDOW_DAYS: u64 = 30;
/// Days of history drawn in the HTML report's charts.
pub const CHART_DAYS: u64 = 90;

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub date: NaiveDate,
    pub hashtags: Vec<ReportRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub hashtag: String,
    pub video_count: u64,
    pub view_count: u64,
    pub sample_size: u64,
    pub plays: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
    pub engagement_rate: f64,
    pub virality: f64,
    pub top_creators: Vec<Creator>,
    pub video_growth_pct: Option<f64>,
    pub view_growth_pct: Option<f64>,
    pub prev_date: Option<NaiveDate>,
    /// Top creators who were not among the previous snapshot's top creators.
    pub new_top_creators: Vec<String>,
    pub fetched_at: String,
    /// The stored daily series and signals for charts (HTML only; not part of the JSON).
    #[serde(skip)]
    pub chart: Option<Chart>,
}

/// What the HTML report draws for one hashtag.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    pub points: Vec<HistoryDay>,
    pub breakout: bool,
    pub signals: Option<Signals>,
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
    pub video_count: u64,
    pub view_count: u64,
    #[serde(flatten)]
    pub signals: Signals,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub hashtag: String,
    pub days: Vec<HistoryDay>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryDay {
    pub date: NaiveDate,
    pub video_count: u64,
    pub view_count: u64,
    /// Per-day video growth against the previous clean snapshot (a gap is spread per day).
    pub daily_video_growth_pct: Option<f64>,
    pub daily_view_growth_pct: Option<f64>,
    pub engagement_rate: f64,
    pub sample_size: u64,
    pub suspect: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct VideosView {
    pub hashtag: String,
    pub date: NaiveDate,
    pub videos: Vec<VideoRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VideoRow {
    pub id: String,
    pub author: String,
    pub plays: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
    pub engagement_rate: f64,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CostsView {
    /// `day` or `month`.
    pub period: &'static str,
    pub rows: Vec<CostRow>,
    pub total_requests: u64,
    pub total_paid_requests: u64,
    pub total_cost_usd: f64,
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

fn snapshots_for(store: &Store, date: NaiveDate) -> Result<Vec<Snapshot>> {
    let snaps = store.snapshots_on(date)?;
    if snaps.is_empty() {
        bail!("no snapshots stored for {date}");
    }
    Ok(snaps)
}

/// The report for `date`; with `charts`, each row also carries its history for the HTML page.
pub fn build_report(store: &Store, date: NaiveDate, charts: bool) -> Result<ReportView> {
    let mut rows = Vec::new();
    for s in snapshots_for(store, date)? {
        let prev = store.previous_snapshot(&s.hashtag, date)?;
        let g = growth::growth(
            (s.video_count, s.view_count),
            prev.as_ref().map(|p| (p.date, p.video_count, p.view_count)),
        );
        let new_top_creators = match &prev {
            Some(p) => s
                .metrics
                .top_creators
                .iter()
                .filter(|c| {
                    !p.metrics
                        .top_creators
                        .iter()
                        .any(|o| o.username == c.username)
                })
                .map(|c| c.username.clone())
                .collect(),
            None => Vec::new(),
        };
        let chart = if charts {
            let from = date.checked_sub_days(Days::new(CHART_DAYS)).unwrap_or(date);
            let history = store.snapshots_between(&s.hashtag, from, date)?;
            let points = history_days(&history);
            let series = to_points(&history);
            let sig = signals::compute(&series, date);
            Some(Chart {
                points,
                breakout: sig.breakout,
                signals: Some(sig),
            })
        } else {
            None
        };
        let m = s.metrics;
        rows.push(ReportRow {
            hashtag: s.hashtag,
            video_count: s.video_count,
            view_count: s.view_count,
            sample_size: m.sample_size,
            plays: m.plays,
            likes: m.likes,
            comments: m.comments,
            shares: m.shares,
            engagement_rate: m.engagement_rate,
            virality: m.virality,
            top_creators: m.top_creators,
            video_growth_pct: g.video_growth_pct,
            view_growth_pct: g.view_growth_pct,
            prev_date: g.prev_date,
            new_top_creators,
            fetched_at: s.fetched_at,
            chart,
        });
    }
    Ok(ReportView {
        date,
        hashtags: rows,
    })
}

fn to_points(snaps: &[Snapshot]) -> Vec<Point> {
    snaps
        .iter()
        .map(|s| Point {
            date: s.date,
            video_count: s.video_count,
            view_count: s.view_count,
        })
        .collect()
}

/// The trends for `date`, ranked by momentum (or video growth), nulls last, ties by name.
pub fn build_trends(
    store: &Store,
    date: NaiveDate,
    threshold_pct: f64,
    by_growth: bool,
) -> Result<TrendsView> {
    let from = date
        .checked_sub_days(Days::new(SIGNAL_WINDOW_DAYS))
        .unwrap_or(FIRST_DAY)
        .max(FIRST_DAY);
    let mut rows = Vec::new();
    let all = store.series_on(from, date)?;
    if all.is_empty() {
        bail!("no snapshots stored for {date}");
    }
    for (hashtag, series) in all {
        // Only hashtags with a snapshot on `date` are returned: the last point is that day.
        let Some(s) = series.last().copied() else {
            continue;
        };
        // The previous snapshot may be older than the signal window.
        let prev = match series.iter().rev().find(|p| p.date < date) {
            Some(p) => Some((p.date, p.video_count, p.view_count)),
            None => store
                .previous_snapshot(&hashtag, date)?
                .map(|p| (p.date, p.video_count, p.view_count)),
        };
        let g = growth::growth((s.video_count, s.view_count), prev);
        let sig = signals::compute(&series, date);
        rows.push(TrendRow {
            hashtag,
            direction: growth::direction(s.video_count, prev.map(|p| p.1)),
            // A suspect count is kept out of the signals: it is not trending either.
            trending: !sig.suspect && growth::is_trending(g.video_growth_pct, threshold_pct),
            video_growth_pct: g.video_growth_pct,
            view_growth_pct: g.view_growth_pct,
            prev_date: g.prev_date,
            video_count: s.video_count,
            view_count: s.view_count,
            signals: sig,
        });
    }
    let key = |r: &TrendRow| {
        if by_growth {
            r.video_growth_pct
        } else {
            r.signals.momentum
        }
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
        sorted_by: if by_growth {
            "video_growth"
        } else {
            "momentum"
        },
        hashtags: rows,
    })
}

/// Daily rows with per-day growth against the previous clean snapshot.
pub fn history_days(snaps: &[Snapshot]) -> Vec<HistoryDay> {
    let points = to_points(snaps);
    let suspect = signals::suspect_flags(&points);
    let mut last_clean: Option<&Snapshot> = None;
    let mut out = Vec::with_capacity(snaps.len());
    for (s, bad) in snaps
        .iter()
        .zip(suspect.iter().copied().chain(std::iter::repeat(false)))
    {
        let (dv, dw) = match (last_clean, bad) {
            (Some(p), false) => {
                let days = (s.date - p.date).num_days();
                (
                    signals::per_day_growth_pct(p.video_count, s.video_count, days),
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
        });
    }
    out
}

/// The last `days` days of a hashtag, ending on its latest snapshot.
pub fn build_history(store: &Store, hashtag: &str, days: Option<u32>) -> Result<HistoryView> {
    let Some(last) = store.last_date_of(hashtag)? else {
        bail!("no snapshots stored for #{hashtag}");
    };
    let from = days
        .and_then(|n| last.checked_sub_days(Days::new(u64::from(n.saturating_sub(1)))))
        .unwrap_or(FIRST_DAY)
        .max(FIRST_DAY);
    let snaps = store.snapshots_between(hashtag, from, last)?;
    Ok(HistoryView {
        hashtag: hashtag.to_string(),
        days: history_days(&snaps),
    })
}

/// The top `n` sampled videos by plays on `date` (default: the hashtag's latest snapshot).
pub fn build_videos(
    store: &Store,
    hashtag: &str,
    date: Option<NaiveDate>,
    n: usize,
) -> Result<VideosView> {
    let date = match date {
        Some(d) => d,
        None => match store.last_date_of(hashtag)? {
            Some(d) => d,
            None => bail!("no snapshots stored for #{hashtag}"),
        },
    };
    if store.snapshots_between(hashtag, date, date)?.is_empty() {
        bail!("no snapshot of #{hashtag} stored for {date}");
    }
    let mut videos: Vec<Video> = store.videos(date, hashtag)?;
    videos.sort_by(|a, b| b.plays.cmp(&a.plays).then_with(|| a.id.cmp(&b.id)));
    videos.truncate(n);
    Ok(VideosView {
        hashtag: hashtag.to_string(),
        date,
        videos: videos
            .into_iter()
            .map(|v| VideoRow {
                engagement_rate: engagement_rate(v.likes, v.comments, v.shares, v.plays),
                id: v.id,
                author: v.author,
                plays: v.plays,
                likes: v.likes,
                comments: v.comments,
                shares: v.shares,
                description: v.desc,
            })
            .collect(),
    })
}

pub fn build_costs(store: &Store, monthly: bool) -> Result<CostsView> {
    let rows = store.costs(monthly)?;
    Ok(CostsView {
        period: if monthly { "month" } else { "day" },
        total_requests: rows.iter().map(|r| r.requests).sum(),
        total_paid_requests: rows.iter().map(|r| r.paid_requests).sum(),
        total_cost_usd: rows.iter().map(|r| r.cost_usd).sum(),
        rows,
    })
}
