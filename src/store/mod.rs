//! SQLite storage: open (WAL, busy timeout, migrations), the fetch run log, raw responses,
//! daily snapshots and their video samples, and the bounded queries reports need.

pub mod lock;
pub mod migrations;

use crate::api::Endpoint;
use crate::api::parse::Video;
use crate::metrics::sample::{Creator, SampleMetrics};
use crate::metrics::signals::{Point, Signals};
use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

/// Readers wait this long for a writer's lock instead of failing at once.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// One hashtag's stored day.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub date: NaiveDate,
    pub hashtag: String,
    pub fetched_at: String,
    pub video_count: u64,
    pub view_count: u64,
    pub metrics: SampleMetrics,
    pub credits_remaining: Option<u64>,
}

/// One HTTP attempt for the run log.
#[derive(Debug, Clone)]
pub struct RequestRow<'a> {
    pub run_id: i64,
    pub date: NaiveDate,
    pub hashtag: &'a str,
    pub endpoint: Endpoint,
    pub attempt: u32,
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub elapsed_ms: u64,
    pub cost_usd: f64,
    pub credits_remaining: Option<u64>,
}

/// A raw body as it was paid for.
#[derive(Debug, Clone)]
pub struct ResponseRow<'a> {
    pub date: NaiveDate,
    pub hashtag: &'a str,
    pub endpoint: Endpoint,
    pub run_id: i64,
    pub status: u16,
    pub body: &'a [u8],
    /// `None` when the parser read it; the reason when it did not.
    pub parse_error: Option<&'a str>,
}

/// One hashtag's stored trend signals on a day, with the counts they belong to.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSignals {
    pub hashtag: String,
    pub video_count: u64,
    pub view_count: u64,
    pub prev: Option<(NaiveDate, u64, u64)>,
    pub signals: Signals,
}

/// What a report needs of a hashtag's previous snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    pub date: NaiveDate,
    pub video_count: u64,
    pub view_count: u64,
    pub top_creators: Vec<Creator>,
}

impl From<Snapshot> for Previous {
    fn from(s: Snapshot) -> Previous {
        Previous {
            date: s.date,
            video_count: s.video_count,
            view_count: s.view_count,
            top_creators: s.metrics.top_creators,
        }
    }
}

/// Spending over one period, from the run log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CostRow {
    pub period: String,
    pub runs: u64,
    pub requests: u64,
    pub paid_requests: u64,
    pub cost_usd: f64,
}

/// How a finished run went, for the run log.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunTotals {
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// The database. One connection; `fetch` funnels every write through it.
pub struct Store {
    conn: Connection,
}

fn day(d: NaiveDate) -> String {
    use chrono::Datelike;
    // What `format("%Y-%m-%d")` writes, without parsing a format string on every call.
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// SQLite integers are signed; counters above i64::MAX never reach here (the parser refuses them).
fn i(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn parse_day(s: &str) -> rusqlite::Result<NaiveDate> {
    // Stored dates are always YYYY-MM-DD: read the digits (chrono's generic parser was a
    // tenth of `trends`' time over a year of history).
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
            && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            return Ok(date);
        }
    }
    s.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("could not create folder '{}'", dir.display()))?;
        }
        let conn = Connection::open(path)
            .with_context(|| format!("could not open database '{}'", path.display()))?;
        Store::setup(conn).with_context(|| format!("database '{}'", path.display()))
    }

    /// Opens a database that must already exist (readers: `report`, `trends`, ...).
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            bail!(
                "no database at '{}'; run `tracker fetch` first (or pass --db)",
                path.display()
            );
        }
        Store::open(path)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Refuse a newer schema before touching anything, even the journal mode.
        migrations::check_version(&conn)?;
        // WAL lets reports read the last committed state while a fetch writes.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Query-planner stability guarantee. Without it SQLite (3.54, bundled with STAT4)
        // ties the plan of `WHERE hashtag = ?1 ... ORDER BY date` statements to their
        // bindings, and rusqlite's statement cache (which clears bindings when a statement
        // goes back to it) then makes SQLite re-prepare them on every call.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        migrations::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// A read transaction: every query until it is dropped sees one snapshot of the
    /// database, and SQLite takes its WAL read lock once instead of once per statement.
    pub fn read_txn(&self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self.conn.unchecked_transaction()?)
    }

    /// Starts a write transaction that the following writes join (see `commit_batch`):
    /// `fetch` commits everything that arrived together at once, instead of one commit
    /// (WAL append, locks) per row.
    pub fn begin_batch(&self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    pub fn commit_batch(&self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    // ---- run log -------------------------------------------------------------------------

    pub fn begin_run(&self, date: NaiveDate) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO runs (date, started_at) VALUES (?1, ?2)",
            params![day(date), now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_run(&self, run_id: i64, status: &str, totals: RunTotals) -> Result<()> {
        self.conn.execute(
            "UPDATE runs SET finished_at = ?2, status = ?3, hashtags_ok = ?4, hashtags_failed = ?5,
             hashtags_skipped = ?6 WHERE id = ?1",
            params![
                run_id,
                now(),
                status,
                totals.ok as i64,
                totals.failed as i64,
                totals.skipped as i64
            ],
        )?;
        Ok(())
    }

    /// Removes every trace of a run that must store nothing (its key was rejected).
    pub fn discard_run(&mut self, run_id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM responses WHERE run_id = ?1", [run_id])?;
        tx.execute("DELETE FROM requests WHERE run_id = ?1", [run_id])?;
        tx.execute("DELETE FROM runs WHERE id = ?1", [run_id])?;
        tx.commit()?;
        Ok(())
    }

    pub fn log_request(&self, r: &RequestRow<'_>) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO requests (run_id, at, date, hashtag, endpoint, attempt, status, error,
                 elapsed_ms, cost_usd, credits_remaining) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
            )?
            .execute(params![
                r.run_id,
                now(),
                day(r.date),
                r.hashtag,
                r.endpoint.as_str(),
                r.attempt,
                r.status,
                r.error,
                i(r.elapsed_ms),
                r.cost_usd,
                r.credits_remaining.map(i),
            ])?;
        Ok(())
    }

    /// Requests and spend per UTC day (`"%Y-%m-%d"`) or month (`"%Y-%m"`) of the run log.
    pub fn costs(&self, monthly: bool) -> Result<Vec<CostRow>> {
        let len = if monthly { 7 } else { 10 };
        let mut stmt = self.conn.prepare(
            "SELECT substr(at, 1, ?1) AS period, count(DISTINCT run_id), count(*),
                    sum(cost_usd > 0), total(cost_usd)
             FROM requests GROUP BY period ORDER BY period",
        )?;
        let rows = stmt.query_map([len], |r| {
            Ok(CostRow {
                period: r.get(0)?,
                runs: u(r.get(1)?),
                requests: u(r.get(2)?),
                paid_requests: u(r.get(3)?),
                cost_usd: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- raw responses -------------------------------------------------------------------

    pub fn save_response(&self, r: &ResponseRow<'_>) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO responses (date, hashtag, endpoint, run_id, fetched_at,
                 status, parsed_ok, error, body) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
            )?
            .execute(params![
                day(r.date),
                r.hashtag,
                r.endpoint.as_str(),
                r.run_id,
                now(),
                r.status,
                r.parse_error.is_none(),
                r.parse_error,
                r.body,
            ])?;
        Ok(())
    }

    /// Bodies already paid for and readable on `date`, so a re-run does not buy them again.
    pub fn good_responses(&self, date: NaiveDate) -> Result<HashMap<(String, Endpoint), Vec<u8>>> {
        let mut stmt = self.conn.prepare(
            "SELECT hashtag, endpoint, body FROM responses WHERE date = ?1 AND parsed_ok = 1",
        )?;
        let mut out = HashMap::new();
        let mut rows = stmt.query([day(date)])?;
        while let Some(row) = rows.next()? {
            let endpoint: String = row.get(1)?;
            if let Some(e) = Endpoint::from_name(&endpoint) {
                out.insert((row.get(0)?, e), row.get(2)?);
            }
        }
        Ok(out)
    }

    // ---- snapshots -----------------------------------------------------------------------

    /// Hashtags that already have a snapshot on `date`.
    pub fn stored_hashtags(&self, date: NaiveDate) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT hashtag FROM snapshots WHERE date = ?1")?;
        let rows = stmt.query_map([day(date)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes one day's snapshot and its videos in one transaction, replacing any earlier one.
    pub fn save_snapshot(&mut self, s: &Snapshot, videos: &[Video], run_id: i64) -> Result<()> {
        // A savepoint, so it nests inside `fetch`'s batch transaction.
        let tx = self.conn.savepoint()?;
        let creators = serde_json::to_string(&s.metrics.top_creators)?;
        let m = &s.metrics;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO snapshots (date, hashtag, fetched_at, run_id, video_count,
             view_count, sample_size, plays, likes, comments, shares, engagement_rate, virality,
             top_creators, credits_remaining)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
        )?
        .execute(params![
            day(s.date),
            s.hashtag,
            s.fetched_at,
            run_id,
            i(s.video_count),
            i(s.view_count),
            i(m.sample_size),
            i(m.plays),
            i(m.likes),
            i(m.comments),
            i(m.shares),
            m.engagement_rate,
            m.virality,
            creators,
            s.credits_remaining.map(i),
        ])?;
        tx.prepare_cached("DELETE FROM videos WHERE date = ?1 AND hashtag = ?2")?
            .execute(params![day(s.date), s.hashtag])?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO videos (date, hashtag, position, video_id, author, description, plays,
                 likes, comments, shares) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
            )?;
            for (pos, v) in videos.iter().enumerate() {
                stmt.execute(params![
                    day(s.date),
                    s.hashtag,
                    pos as i64,
                    v.id,
                    v.author,
                    v.desc,
                    i(v.plays),
                    i(v.likes),
                    i(v.comments),
                    i(v.shares),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The most recent date that has any snapshot.
    pub fn latest_date(&self) -> Result<Option<NaiveDate>> {
        let d: Option<String> =
            self.conn
                .query_row("SELECT max(date) FROM snapshots", [], |r| r.get(0))?;
        d.map(|s| parse_day(&s)).transpose().map_err(Into::into)
    }

    /// The most recent date with a snapshot of `hashtag`.
    pub fn last_date_of(&self, hashtag: &str) -> Result<Option<NaiveDate>> {
        let d: Option<String> = self.conn.query_row(
            "SELECT max(date) FROM snapshots WHERE hashtag = ?1",
            [hashtag],
            |r| r.get(0),
        )?;
        d.map(|s| parse_day(&s)).transpose().map_err(Into::into)
    }

    const SNAPSHOT_COLUMNS: &'static str = "date, hashtag, fetched_at, video_count, view_count,
        sample_size, plays, likes, comments, shares, engagement_rate, virality, top_creators,
        credits_remaining";

    fn snapshot_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Snapshot> {
        let date: String = r.get(0)?;
        let creators: String = r.get(12)?;
        let top_creators: Vec<Creator> = serde_json::from_str(&creators).unwrap_or_default();
        Ok(Snapshot {
            date: parse_day(&date)?,
            hashtag: r.get(1)?,
            fetched_at: r.get(2)?,
            video_count: u(r.get(3)?),
            view_count: u(r.get(4)?),
            metrics: SampleMetrics {
                sample_size: u(r.get(5)?),
                plays: u(r.get(6)?),
                likes: u(r.get(7)?),
                comments: u(r.get(8)?),
                shares: u(r.get(9)?),
                engagement_rate: r.get(10)?,
                virality: r.get(11)?,
                top_creators,
            },
            credits_remaining: r.get::<_, Option<i64>>(13)?.map(u),
        })
    }

    /// The most recent snapshot of `hashtag` before `date` (an index seek, not a scan).
    pub fn previous_snapshot(&self, hashtag: &str, date: NaiveDate) -> Result<Option<Snapshot>> {
        let sql = format!(
            "SELECT {} FROM snapshots WHERE hashtag = ?1 AND date < ?2 ORDER BY date DESC LIMIT 1",
            Self::SNAPSHOT_COLUMNS
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![hashtag, day(date)], Self::snapshot_from_row)
            .optional()?)
    }

    /// Snapshots of `hashtag` with `from <= date <= to`, oldest first.
    pub fn snapshots_between(
        &self,
        hashtag: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Snapshot>> {
        let sql = format!(
            "SELECT {} FROM snapshots WHERE hashtag = ?1 AND date >= ?2 AND date <= ?3 ORDER BY date",
            Self::SNAPSHOT_COLUMNS
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![hashtag, day(from), day(to)],
            Self::snapshot_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The (date, videos, views) series of `hashtag` in a window, oldest first.
    pub fn series(&self, hashtag: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<Point>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, video_count, view_count FROM snapshots
             WHERE hashtag = ?1 AND date >= ?2 AND date <= ?3 ORDER BY date",
        )?;
        let rows = stmt.query_map(params![hashtag, day(from), day(to)], |r| {
            Ok(Point {
                date: parse_day(r.get_ref(0)?.as_str()?)?,
                video_count: u(r.get(1)?),
                view_count: u(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `(date, videos, views)` series in `[from, to]` of every hashtag that has a
    /// snapshot on `to`, by hashtag, each oldest first: what `trends` reads, in one statement
    /// (one index seek per hashtag inside SQLite rather than one statement per hashtag).
    pub fn series_on(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, Vec<Point>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.hashtag, s.date, s.video_count, s.view_count
             FROM snapshots t JOIN snapshots s
               ON s.hashtag = t.hashtag AND s.date >= ?1 AND s.date <= ?2
             WHERE t.date = ?2",
        )?;
        let mut rows = stmt.query(params![day(from), day(to)])?;
        let mut out: Vec<(String, Vec<Point>)> = Vec::new();
        let mut sorted = true;
        while let Some(r) = rows.next()? {
            let tag = r.get_ref(0)?.as_str()?;
            let point = Point {
                date: parse_day(r.get_ref(1)?.as_str()?)?,
                video_count: u(r.get(2)?),
                view_count: u(r.get(3)?),
            };
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
                 baseline_std_pct, momentum)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)",
            )?
            .execute(params![
                day(date),
                row.hashtag,
                i(row.video_count),
                i(row.view_count),
                prev.map(|p| day(p.0)),
                prev.map(|p| i(p.1)),
                prev.map(|p| i(p.2)),
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
        let rows = stmt.query_map([day(date)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn signals_on(&self, date: NaiveDate) -> Result<Vec<StoredSignals>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT hashtag, video_count, view_count, prev_date, prev_video_count,
                    prev_view_count, suspect, daily_video_growth_pct, daily_view_growth_pct,
                    new_videos, new_views, video_growth_7d_pct, view_growth_7d_pct,
                    acceleration_pp, streak, breakout, baseline_mean_pct, baseline_std_pct,
                    momentum
             FROM signals WHERE date = ?1",
        )?;
        let rows = stmt.query_map([day(date)], |r| {
            let prev_date = r.get_ref(3)?.as_str_or_null()?;
            let prev = match (
                prev_date,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ) {
                (Some(d), Some(v), Some(w)) => Some((parse_day(d)?, u(v), u(w))),
                _ => None,
            };
            Ok(StoredSignals {
                hashtag: r.get(0)?,
                video_count: u(r.get(1)?),
                view_count: u(r.get(2)?),
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
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every snapshot on `date` with the previous snapshot of its hashtag, in one statement:
    /// the previous date comes from the stored signals. `None` as the second element means
    /// no signals are stored for that row (the caller looks the previous snapshot up).
    pub fn snapshots_with_previous(
        &self,
        date: NaiveDate,
    ) -> Result<Vec<(Snapshot, Option<Option<Previous>>)>> {
        let cols = Self::SNAPSHOT_COLUMNS
            .split(',')
            .map(|c| format!("s.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {cols}, g.hashtag IS NOT NULL, p.date, p.video_count, p.view_count,
                    p.top_creators
             FROM snapshots s
             LEFT JOIN signals g ON g.date = s.date AND g.hashtag = s.hashtag
             LEFT JOIN snapshots p ON p.date = g.prev_date AND p.hashtag = s.hashtag
             WHERE s.date = ?1 ORDER BY s.hashtag"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([day(date)], |r| {
            let snap = Self::snapshot_from_row(r)?;
            let has_signals: bool = r.get(14)?;
            let prev = match r.get_ref(15)?.as_str_or_null()? {
                Some(d) => Some(Previous {
                    date: parse_day(d)?,
                    video_count: u(r.get(16)?),
                    view_count: u(r.get(17)?),
                    top_creators: serde_json::from_str(r.get_ref(18)?.as_str()?)
                        .unwrap_or_default(),
                }),
                None => None,
            };
            Ok((snap, has_signals.then_some(prev)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The first date after `date` with a snapshot of `hashtag`.
    pub fn next_date_of(&self, hashtag: &str, date: NaiveDate) -> Result<Option<NaiveDate>> {
        // Cached: `fetch` asks this once per stored snapshot.
        let d: Option<String> = self
            .conn
            .prepare_cached("SELECT min(date) FROM snapshots WHERE hashtag = ?1 AND date > ?2")?
            .query_row(params![hashtag, day(date)], |r| r.get(0))?;
        d.map(|s| parse_day(&s)).transpose().map_err(Into::into)
    }

    /// How many hashtags have a snapshot on `date` (an index-only count).
    pub fn count_on(&self, date: NaiveDate) -> Result<u64> {
        Ok(u(self.conn.query_row(
            "SELECT count(*) FROM snapshots WHERE date = ?1",
            [day(date)],
            |r| r.get(0),
        )?))
    }

    /// Every hashtag stored, for rebuilding derived data.
    pub fn all_hashtags(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT hashtag FROM snapshots ORDER BY hashtag")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The sampled videos of one snapshot, in the API's order.
    pub fn videos(&self, date: NaiveDate, hashtag: &str) -> Result<Vec<Video>> {
        let mut stmt = self.conn.prepare(
            "SELECT video_id, description, author, plays, likes, comments, shares FROM videos
             WHERE date = ?1 AND hashtag = ?2 ORDER BY position",
        )?;
        let rows = stmt.query_map(params![day(date), hashtag], |r| {
            Ok(Video {
                id: r.get(0)?,
                desc: r.get(1)?,
                author: r.get(2)?,
                plays: u(r.get(3)?),
                likes: u(r.get(4)?),
                comments: u(r.get(5)?),
                shares: u(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every snapshot in a date range (optionally some hashtags), by date then hashtag: `export`.
    pub fn all_snapshots(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
        tags: &[String],
        mut each: impl FnMut(Snapshot) -> Result<()>,
    ) -> Result<()> {
        let sql = format!(
            "SELECT {} FROM snapshots WHERE date >= ?1 AND date <= ?2 ORDER BY date, hashtag",
            Self::SNAPSHOT_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let since = since.map(day).unwrap_or_else(|| "0000-01-01".into());
        let until = until.map(day).unwrap_or_else(|| "9999-12-31".into());
        let mut rows = stmt.query(params![since, until])?;
        while let Some(row) = rows.next()? {
            let s = Self::snapshot_from_row(row)?;
            if tags.is_empty() || tags.contains(&s.hashtag) {
                each(s)?;
            }
        }
        Ok(())
    }

    /// Marks the database as holding the demo's simulated data.
    pub fn mark_simulated(&self) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('simulated', '1')",
            [],
        )?;
        Ok(())
    }

    /// Whether the demo wrote this database (real fetches must not mix with it).
    pub fn is_simulated(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM meta WHERE key = 'simulated'", [], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Dates and hashtags held, for `doctor`: (first date, last date, snapshots, hashtags).
    pub fn summary(&self) -> Result<(Option<String>, Option<String>, u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT min(date), max(date), count(*), count(DISTINCT hashtag) FROM snapshots",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, u(r.get(2)?), u(r.get(3)?))),
        )?)
    }

    /// The connection itself, for tests that need to reach behind the API.
    #[cfg(test)]
    pub fn conn_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// `PRAGMA integrity_check`'s verdict ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn snap(date: &str, tag: &str, videos: u64) -> Snapshot {
        Snapshot {
            date: d(date),
            hashtag: tag.into(),
            fetched_at: now(),
            video_count: videos,
            view_count: videos * 10,
            metrics: SampleMetrics {
                sample_size: 1,
                top_creators: vec![Creator {
                    username: "a".into(),
                    videos: 1,
                }],
                ..SampleMetrics::default()
            },
            credits_remaining: Some(5),
        }
    }

    #[test]
    fn snapshot_round_trip_and_previous() {
        let mut s = Store::open_in_memory().unwrap();
        let run = s.begin_run(d("2026-01-02")).unwrap();
        let v = Video {
            id: "1".into(),
            author: "a".into(),
            plays: 3,
            ..Video::default()
        };
        s.save_snapshot(&snap("2026-01-01", "x", 100), &[], run)
            .unwrap();
        s.save_snapshot(&snap("2026-01-03", "x", 120), std::slice::from_ref(&v), run)
            .unwrap();
        s.save_snapshot(&snap("2026-01-03", "x", 130), std::slice::from_ref(&v), run)
            .unwrap();
        assert_eq!(s.latest_date().unwrap(), Some(d("2026-01-03")));
        let today = s
            .snapshots_between("x", d("2026-01-03"), d("2026-01-03"))
            .unwrap();
        assert_eq!(today.len(), 1);
        assert_eq!(today[0], snap_with_time(&today[0], "2026-01-03", "x", 130));
        let prev = s.previous_snapshot("x", d("2026-01-03")).unwrap().unwrap();
        assert_eq!(prev.date, d("2026-01-01"));
        assert_eq!(s.videos(d("2026-01-03"), "x").unwrap(), vec![v]);
        assert_eq!(
            s.series("x", d("2026-01-01"), d("2026-01-31"))
                .unwrap()
                .len(),
            2
        );
    }

    fn snap_with_time(got: &Snapshot, date: &str, tag: &str, videos: u64) -> Snapshot {
        Snapshot {
            fetched_at: got.fetched_at.clone(),
            ..snap(date, tag, videos)
        }
    }

    #[test]
    fn responses_resume_and_costs() {
        let mut s = Store::open_in_memory().unwrap();
        let date = d("2026-02-01");
        let run = s.begin_run(date).unwrap();
        let row = |endpoint, err| ResponseRow {
            date,
            hashtag: "x",
            endpoint,
            run_id: run,
            status: 200,
            body: b"{}",
            parse_error: err,
        };
        s.save_response(&row(Endpoint::Stats, None)).unwrap();
        s.save_response(&row(Endpoint::Videos, Some("bad")))
            .unwrap();
        let good = s.good_responses(date).unwrap();
        assert_eq!(good.len(), 1);
        assert!(good.contains_key(&("x".to_string(), Endpoint::Stats)));
        for status in [Some(200), Some(500)] {
            s.log_request(&RequestRow {
                run_id: run,
                date,
                hashtag: "x",
                endpoint: Endpoint::Stats,
                attempt: 1,
                status,
                error: None,
                elapsed_ms: 3,
                cost_usd: if status == Some(200) { 0.005 } else { 0.0 },
                credits_remaining: None,
            })
            .unwrap();
        }
        let costs = s.costs(false).unwrap();
        assert_eq!(costs.len(), 1);
        assert_eq!((costs[0].requests, costs[0].paid_requests), (2, 1));
        assert!((costs[0].cost_usd - 0.005).abs() < 1e-12);
        s.discard_run(run).unwrap();
        assert!(s.good_responses(date).unwrap().is_empty());
        assert!(s.costs(true).unwrap().is_empty());
    }
}
