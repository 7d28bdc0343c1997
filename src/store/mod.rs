//! SQLite storage: open (WAL, busy timeout, migrations) and one file per table group: the
//! run log, raw responses (compressed: codec, archive), snapshots with their samples, and
//! stored signals.

mod archive;
pub mod codec;
pub mod lock;
pub mod migrations;
mod responses;
mod runs;
mod signals;
mod snapshots;

pub use archive::{PruneSummary, RawAnswer};
pub use responses::ResponseRow;
pub use runs::RequestRow;
pub use signals::StoredSignals;

use crate::model::{
    CostRow, Creator, Endpoint, Point, Previous, RunStatus, RunTotals, SampleMetrics, Signals,
    Snapshot, StoreSummary, Video,
};
use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

/// Readers wait this long for a writer's lock instead of failing at once.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// The database. One connection; `fetch` funnels every write through it.
pub struct Store {
    conn: Connection,
}
fn date_text(d: NaiveDate) -> String {
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
fn to_sql(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
fn from_sql(v: i64) -> u64 {
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
        let store = Store { conn };
        store.reencode_legacy()?;
        Ok(store)
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
    pub fn summary(&self) -> Result<StoreSummary> {
        Ok(self.conn.query_row(
            "SELECT min(date), max(date), count(*), count(DISTINCT hashtag) FROM snapshots",
            [],
            |r| {
                Ok(StoreSummary {
                    first_date: r.get(0)?,
                    last_date: r.get(1)?,
                    snapshots: from_sql(r.get(2)?),
                    hashtags: from_sql(r.get(3)?),
                })
            },
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
mod tests;
