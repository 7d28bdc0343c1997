//! What the read commands show: the views (their JSON is a contract scripts rely on) and
//! how they are assembled from the store with the pure functions of [`crate::metrics`].
//!
//! Every builder reads a bounded window of rows per hashtag (index seeks on
//! `(hashtag, date)`), so its cost follows the number of hashtags, not the days stored.

use crate::api::parse::Video;
use crate::metrics::growth::{self, Direction};
use crate::metrics::sample::{Creator, engagement_rate};
use crate::metrics::signals::{self, Point, Signals};
use crate::store::{CostRow, Previous, Snapshot, Store, StoredSignals};
use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::HashSet;

/// The earliest date the store can hold (dates are kept as four-digit-year text).
const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The latest date the store can hold.
const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
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

/// Spend from the run log, per UTC day and per month of the requests.
#[derive(Debug, Clone, Serialize)]
pub struct CostsView {
    pub days: Vec<CostRow>,
    pub months: Vec<CostRow>,
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

/// The report for `date`; with `charts`, each row also carries its history for the HTML page.
pub fn build_report(store: &Store, date: NaiveDate, charts: bool) -> Result<ReportView> {
    let mut rows = Vec::new();
    let today = store.snapshots_with_previous(date)?;
    if today.is_empty() {
        bail!("no snapshots stored for {date}");
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
        let chart = if charts {
            let from = date.checked_sub_days(Days::new(CHART_DAYS)).unwrap_or(date);
            let history = store.snapshots_between(&s.hashtag, from, date)?;
            let points = history_days(&history);
            let series = to_points(&history);
            // Over the same window as the stored signals `trends` shows, so the two agree.
            let start = window_start(date);
            let first = series.partition_point(|p| p.date < start);
            let sig = signals::compute(&series[first..], date);
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

/// The first day of the signal window that ends on `date`.
fn window_start(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(SIGNAL_WINDOW_DAYS))
        .unwrap_or(FIRST_DAY)
        .max(FIRST_DAY)
}

/// A hashtag's signals on `date` from its `series` (the window ending on `date`, whose last
/// point is that day), with the previous snapshot growth is measured against.
fn signals_from(
    store: &Store,
    hashtag: &str,
    series: &[Point],
    date: NaiveDate,
) -> Result<Option<StoredSignals>> {
    let Some(today) = series.last().copied().filter(|p| p.date == date) else {
        return Ok(None);
    };
    // The previous snapshot may be older than the signal window.
    let prev = match series.iter().rev().find(|p| p.date < date) {
        Some(p) => Some((p.date, p.video_count, p.view_count)),
        None => store
            .previous_snapshot(hashtag, date)?
            .map(|p| (p.date, p.video_count, p.view_count)),
    };
    Ok(Some(StoredSignals {
        hashtag: hashtag.to_string(),
        video_count: today.video_count,
        view_count: today.view_count,
        prev,
        signals: signals::compute(series, date),
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

/// The trends for `date`, ranked by momentum (or video growth), nulls last, ties by name.
/// Signals stored by `fetch` are read as they are (one row per hashtag); a hashtag without
/// them (an older database) has them computed from its series.
pub fn build_trends(
    store: &Store,
    date: NaiveDate,
    threshold_pct: f64,
    by_growth: bool,
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
        bail!("no snapshots stored for {date}");
    }
    let mut rows = Vec::with_capacity(all.len());
    for s in all {
        let g = growth::growth((s.video_count, s.view_count), s.prev);
        let sig = s.signals;
        // Growth is measured against the previous snapshot, as the contract says; but after
        // a suspect count that "growth" is the recovery from a glitch, not a trend.
        let after_glitch = after_suspect.contains(&s.hashtag);
        rows.push(TrendRow {
            hashtag: s.hashtag,
            direction: growth::direction(s.video_count, s.prev.map(|p| p.1)),
            // A suspect count is kept out of the signals: it is not trending either.
            trending: !sig.suspect
                && !after_glitch
                && growth::is_trending(g.video_growth_pct, threshold_pct),
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

pub fn build_costs(store: &Store) -> Result<CostsView> {
    let months = store.costs(true)?;
    Ok(CostsView {
        days: store.costs(false)?,
        total_requests: months.iter().map(|r| r.requests).sum(),
        total_paid_requests: months.iter().map(|r| r.paid_requests).sum(),
        total_cost_usd: months.iter().map(|r| r.cost_usd).sum(),
        months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::sample::SampleMetrics;

    fn d(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(n)
    }

    fn store_day(store: &mut Store, run: i64, tag: &str, day: u64, videos: u64) {
        let snap = Snapshot {
            date: d(day),
            hashtag: tag.into(),
            fetched_at: "t".into(),
            video_count: videos,
            view_count: videos * 3,
            metrics: SampleMetrics::default(),
            credits_remaining: None,
        };
        store.save_snapshot(&snap, &[], run).unwrap();
        refresh_signals(store, tag, d(day)).unwrap();
    }

    fn json(v: &TrendsView) -> String {
        serde_json::to_string(v).unwrap()
    }

    #[test]
    fn stored_signals_equal_signals_computed_from_the_series() {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.begin_run(d(0)).unwrap();
        for day in 0..40 {
            let jump = if day >= 35 { 1.12f64 } else { 1.003 };
            store_day(
                &mut store,
                run,
                "a",
                day,
                (1000.0 * jump.powi(day as i32)) as u64,
            );
            store_day(&mut store, run, "b", day, 5000 + day * 50);
        }
        for day in [0, 1, 20, 35, 39] {
            let stored = build_trends(&store, d(day), 5.0, false).unwrap();
            store
                .conn_for_tests()
                .execute("DELETE FROM signals", [])
                .unwrap();
            let computed = build_trends(&store, d(day), 5.0, false).unwrap();
            assert_eq!(json(&stored), json(&computed), "day {day}");
            rebuild_signals(&store).unwrap();
            assert_eq!(
                json(&build_trends(&store, d(day), 5.0, false).unwrap()),
                json(&stored)
            );
        }
        let t = build_trends(&store, d(35), 5.0, false).unwrap();
        assert_eq!(t.hashtags[0].hashtag, "a");
        assert!(t.hashtags[0].signals.breakout);
    }

    #[test]
    fn the_day_after_a_glitch_is_not_trending_and_history_judges_like_the_full_series() {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.begin_run(d(0)).unwrap();
        for (day, videos) in [(0, 1000), (1, 1010), (2, 1020), (3, 10), (4, 1030)] {
            store_day(&mut store, run, "g", day, videos);
            store_day(&mut store, run, "steady", day, 1000 + day * 100);
        }
        for stored in [true, false] {
            if !stored {
                store
                    .conn_for_tests()
                    .execute("DELETE FROM signals", [])
                    .unwrap();
            }
            let t = build_trends(&store, d(4), 5.0, false).unwrap();
            let g = t.hashtags.iter().find(|r| r.hashtag == "g").unwrap();
            // The contract's growth is against the previous snapshot, glitch or not...
            assert_eq!(g.prev_date, Some(d(3)));
            assert!((g.video_growth_pct.unwrap() - 10_200.0).abs() < 1e-9);
            // ...but a recovery from a suspect count is not a trend.
            assert!(!g.trending, "stored signals: {stored}");
            let steady = t.hashtags.iter().find(|r| r.hashtag == "steady").unwrap();
            assert!(steady.trending, "7.7 % > 5 %");
        }
        rebuild_signals(&store).unwrap();
        // `history --days 2` shows the same flags and growth as the full history.
        let full = build_history(&store, "g", None).unwrap();
        let last2 = build_history(&store, "g", Some(2)).unwrap();
        assert_eq!(last2.days.len(), 2);
        assert_eq!(
            serde_json::to_value(&last2.days[..]).unwrap(),
            serde_json::to_value(&full.days[3..]).unwrap()
        );
        assert!(last2.days[0].suspect);
    }

    #[test]
    fn a_back_filled_day_updates_the_days_after_it() {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.begin_run(d(0)).unwrap();
        for (day, videos) in [(0, 1000), (1, 1100), (2, 1210), (4, 1464)] {
            store_day(&mut store, run, "x", day, videos);
        }
        let before = build_trends(&store, d(4), 5.0, false).unwrap();
        assert_eq!(before.hashtags[0].prev_date, Some(d(2)));
        store_day(&mut store, run, "x", 3, 1331);
        let after = build_trends(&store, d(4), 5.0, false).unwrap();
        let row = &after.hashtags[0];
        assert_eq!(row.prev_date, Some(d(3)));
        assert_eq!(row.signals.new_videos, Some(133));
        assert!((row.signals.daily_video_growth_pct.unwrap() - 10.0).abs() < 0.01);
        assert_eq!(row.signals.streak, 4);
    }

    #[test]
    fn a_back_fill_far_before_the_next_day_still_becomes_its_previous() {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.begin_run(d(0)).unwrap();
        store_day(&mut store, run, "x", 0, 1000);
        store_day(&mut store, run, "x", 50, 2000);
        store_day(&mut store, run, "x", 10, 1500);
        let t = build_trends(&store, d(50), 5.0, false).unwrap();
        assert_eq!(t.hashtags[0].prev_date, Some(d(10)));
        let r = build_report(&store, d(50), false).unwrap();
        assert_eq!(r.hashtags[0].prev_date, Some(d(10)));
        assert!((r.hashtags[0].video_growth_pct.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        // Without stored signals the report looks the previous snapshot up itself.
        store
            .conn_for_tests()
            .execute("DELETE FROM signals", [])
            .unwrap();
        let r = build_report(&store, d(50), false).unwrap();
        assert_eq!(r.hashtags[0].prev_date, Some(d(10)));
    }
}
