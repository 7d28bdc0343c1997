//! Trend signals stored with each snapshot, and the series they are computed from.

use super::*;

/// One hashtag's stored trend signals on a day, with the counts they belong to.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSignals {
    pub hashtag: String,
    /// `None` when not reported that day.
    pub video_count: Option<u64>,
    pub view_count: u64,
    pub prev: Option<(NaiveDate, Option<u64>, u64)>,
    pub signals: Signals,
}

impl Store {
    /// The (date, videos, views) series of `hashtag` in a window, oldest first.
    pub fn series(&self, hashtag: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<Point>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, video_count, view_count, video_precision, view_precision
             FROM snapshots
             WHERE hashtag = ?1 AND date >= ?2 AND date <= ?3 ORDER BY date",
        )?;
        let rows = stmt.query_map(params![hashtag, date_text(from), date_text(to)], |r| {
            let (videos, views) = counts(r, 1)?;
            Ok(Point::new(
                parse_day(r.get_ref(0)?.as_str()?)?,
                videos,
                Some(views),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `(date, videos, views)` series in `[from, to]` of every hashtag that has a
    /// snapshot on `to`, by hashtag, each oldest first: what `trends` reads, in one statement
    /// (one index seek per hashtag inside SQLite rather than one statement per hashtag).
    pub fn series_on(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, Vec<Point>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.hashtag, s.date, s.video_count, s.view_count, s.video_precision,
                    s.view_precision
             FROM snapshots t JOIN snapshots s
               ON s.hashtag = t.hashtag AND s.date >= ?1 AND s.date <= ?2
             WHERE t.date = ?2",
        )?;
        let mut rows = stmt.query(params![date_text(from), date_text(to)])?;
        let mut out: Vec<(String, Vec<Point>)> = Vec::new();
        let mut sorted = true;
        while let Some(r) = rows.next()? {
            let tag = r.get_ref(0)?.as_str()?;
            let (videos, views) = counts(r, 2)?;
            let point = Point::new(parse_day(r.get_ref(1)?.as_str()?)?, videos, Some(views));
            match out.last_mut() {
                Some((t, points)) if t == tag => {
                    sorted &= points.last().is_none_or(|p| p.date < point.date);
                    points.push(point);
                }
                last => {
                    sorted &= last.is_none_or(|(t, _)| t.as_str() < tag);
                    out.push((tag.to_string(), vec![point]));
                }
            }
        }
        // The plan (outer loop on the (date, hashtag) key, inner on the (hashtag, date)
        // index) yields rows grouped and sorted; no ORDER BY, which would add a sort. Should a
        // future SQLite plan it otherwise, sort here.
        if !sorted {
            let mut all: Vec<(String, Point)> = out
                .into_iter()
                .flat_map(|(t, ps)| ps.into_iter().map(move |p| (t.clone(), p)))
                .collect();
            all.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.date.cmp(&b.1.date)));
            out = Vec::new();
            for (t, p) in all {
                match out.last_mut() {
                    Some((last, points)) if *last == t => points.push(p),
                    _ => out.push((t, vec![p])),
                }
            }
        }
        Ok(out)
    }

    /// Stores one day's trend signals of a hashtag, with the counts and the previous snapshot
    /// they were computed from.
    pub fn save_signals(&self, row: &StoredSignals, date: NaiveDate) -> Result<()> {
        let s = &row.signals;
        let prev = row.prev;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO signals (date, hashtag, video_count, view_count, prev_date,
                 prev_video_count, prev_view_count, suspect, daily_video_growth_pct,
                 daily_view_growth_pct, new_videos, new_views, video_growth_7d_pct,
                 view_growth_7d_pct, acceleration_pp, streak, breakout, baseline_mean_pct,
                 baseline_std_pct, momentum, basis, approximate, daily_growth_pct,
                 daily_growth_low_pct, daily_growth_high_pct, recent_growth_low_pct, growth_7d_pct)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,
                         ?21,?22,?23,?24,?25,?26,?27)",
            )?
            .execute(params![
                date_text(date),
                row.hashtag,
                row.video_count.map(to_sql),
                to_sql(row.view_count),
                prev.map(|p| date_text(p.0)),
                prev.and_then(|p| p.1.map(to_sql)),
                prev.map(|p| to_sql(p.2)),
                s.suspect,
                s.daily_video_growth_pct,
                s.daily_view_growth_pct,
                s.new_videos,
                s.new_views,
                s.video_growth_7d_pct,
                s.view_growth_7d_pct,
                s.acceleration_pp,
                s.streak,
                s.breakout,
                s.baseline_mean_pct,
                s.baseline_std_pct,
                s.momentum,
                s.basis.as_str(),
                s.approximate,
                s.daily_growth_pct,
                s.daily_growth_low_pct,
                s.daily_growth_high_pct,
                s.recent_growth_low_pct,
                s.growth_7d_pct,
            ])?;
        Ok(())
    }

    /// The stored signals of every hashtag on `date` that has them.
    /// The hashtags whose previous snapshot before `date` was stored as suspect: one
    /// statement, primary-key lookups inside SQLite, usually an empty answer.
    pub fn after_suspect_on(&self, date: NaiveDate) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.hashtag FROM signals s
             JOIN signals p ON p.date = s.prev_date AND p.hashtag = s.hashtag
             WHERE s.date = ?1 AND p.suspect",
        )?;
        let rows = stmt.query_map([date_text(date)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn signals_on(&self, date: NaiveDate) -> Result<Vec<StoredSignals>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT hashtag, video_count, view_count, prev_date, prev_video_count,
                    prev_view_count, suspect, daily_video_growth_pct, daily_view_growth_pct,
                    new_videos, new_views, video_growth_7d_pct, view_growth_7d_pct,
                    acceleration_pp, streak, breakout, baseline_mean_pct, baseline_std_pct,
                    momentum, basis, approximate, daily_growth_pct, daily_growth_low_pct,
                    daily_growth_high_pct, recent_growth_low_pct, growth_7d_pct
             FROM signals WHERE date = ?1",
        )?;
        let rows = stmt.query_map([date_text(date)], |r| {
            let prev_date = r.get_ref(3)?.as_str_or_null()?;
            let prev = match (
                prev_date,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ) {
                (Some(d), v, Some(w)) => Some((parse_day(d)?, v.map(from_sql), from_sql(w))),
                _ => None,
            };
            Ok(StoredSignals {
                hashtag: r.get(0)?,
                video_count: r.get::<_, Option<i64>>(1)?.map(from_sql),
                view_count: from_sql(r.get(2)?),
                prev,
                signals: Signals {
                    suspect: r.get(6)?,
                    daily_video_growth_pct: r.get(7)?,
                    daily_view_growth_pct: r.get(8)?,
                    new_videos: r.get(9)?,
                    new_views: r.get(10)?,
                    video_growth_7d_pct: r.get(11)?,
                    view_growth_7d_pct: r.get(12)?,
                    acceleration_pp: r.get(13)?,
                    streak: r.get(14)?,
                    breakout: r.get(15)?,
                    baseline_mean_pct: r.get(16)?,
                    baseline_std_pct: r.get(17)?,
                    momentum: r.get(18)?,
                    basis: match r.get_ref(19)?.as_str()? {
                        "views" => Basis::Views,
                        _ => Basis::Videos,
                    },
                    approximate: r.get(20)?,
                    daily_growth_pct: r.get(21)?,
                    daily_growth_low_pct: r.get(22)?,
                    daily_growth_high_pct: r.get(23)?,
                    recent_growth_low_pct: r.get(24)?,
                    growth_7d_pct: r.get(25)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The video count (`None`: not reported) and view count with their precisions, from the
/// four columns starting at `first`: video_count, view_count, video_precision, view_precision.
fn counts(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<(Option<Count>, Count)> {
    let videos = r.get::<_, Option<i64>>(first)?.map(from_sql);
    let views = from_sql(r.get(first + 1)?);
    let (pv, pw) = (from_sql(r.get(first + 2)?), from_sql(r.get(first + 3)?));
    Ok((
        videos.map(|v| Count::rounded(v, pv)),
        Count::rounded(views, pw),
    ))
}
