//! SQLite storage: open (WAL, busy timeout, migrations) and one file per table group: the
//! run log, raw responses (compressed: codec, archive), snapshots with their samples, stored
//! signals, the hashtags with TikTok's ids, the alert log, the co-hashtags and the sounds
//! counted from the stored samples.

mod alerts;
mod archive;
pub mod codec;
mod cohashtags;
mod hashtags;
pub mod lock;
pub mod migrations;
mod responses;
mod runs;
mod signals;
mod snapshots;
mod sounds;

pub use alerts::{AlertEntry, DeliveryOutcome};
pub use archive::{PruneSummary, RawAnswer};
pub use cohashtags::CohashtagCount;
pub use responses::ResponseRow;
pub use runs::RequestRow;
pub use signals::StoredSignals;
pub use sounds::{CountedSounds, SoundCount};

use crate::model::{
    Basis, CostRow, Count, Creator, Endpoint, Point, Previous, RunStatus, RunTotals, SampleMetrics,
    Signals, Snapshot, StoreSummary, Video,
};
use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

/// Readers wait this long for a writer's lock instead of failing at once.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// The database. One connection; `fetch` funnels every write through it.
pub struct Store {
    conn: Connection,
    /// A reader's database is older than this build (never set for a writer: it migrates).
    pending: Option<PendingMigration>,
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

/// Refuses a database name SQLite would not keep in a file of that name: empty (a temporary
/// database), `:memory:`, a `file:` URI, or a folder. What such a run paid for would be lost.
pub fn check_db_path(path: &Path) -> Result<()> {
    let text = path.as_os_str().to_string_lossy();
    let what = if text.trim().is_empty() {
        Some("an empty path")
    } else if text == ":memory:" {
        Some("an in-memory database")
    } else if text
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("file:"))
    {
        Some("a URI")
    } else if text.ends_with('/') || path.is_dir() {
        Some("a folder")
    } else {
        None
    };
    match what {
        Some(what) => bail!(
            "the database '{}' is {what}; it must be a plain file path (e.g. --db tracker.db): \
             anything else would not keep what a fetch pays for (nothing was sent)",
            crate::text::sanitize(&text)
        ),
        None => Ok(()),
    }
}

/// The schema versions of a database older than this build: (its version, this build's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingMigration {
    pub have: i64,
    pub want: i64,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        check_db_path(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("could not create folder '{}'", dir.display()))?;
        }
        // No SQLITE_OPEN_URI: the name is a file's, never parameters for SQLite.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("could not open database '{}'", path.display()))?;
        Store::setup(conn).with_context(|| format!("database '{}'", path.display()))
    }

    /// Opens an existing database to change it (`prune --yes`): like [`Store::open`], but
    /// never creates one.
    pub fn open_existing_for_writing(path: &Path) -> Result<Store> {
        check_db_path(path)?;
        if !path.exists() {
            bail!(
                "no database at '{}'; run `tracker fetch` first (or pass --db)",
                path.display()
            );
        }
        Store::open(path)
    }

    /// Opens a database that must already exist, for reading only (`report`, `trends`, ...):
    /// no journal-mode change, no migration, so a read-only file, folder or mount serves.
    /// A pending migration is not applied (see [`Store::pending_migration`]).
    pub fn open_existing(path: &Path) -> Result<Store> {
        check_db_path(path)?;
        if !path.exists() {
            bail!(
                "no database at '{}'; run `tracker fetch` first (or pass --db)",
                path.display()
            );
        }
        let context = || format!("could not open database '{}'", path.display());
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).with_context(context)?;
        match Store::setup_read_only(conn) {
            Ok(store) => Ok(store),
            // A WAL database in a folder we cannot write: SQLite cannot create its `-shm`
            // index. Nobody can be writing there either, so read the file as immutable.
            Err(e) if is_cant_open(&e) => {
                let flags = flags | OpenFlags::SQLITE_OPEN_URI;
                let conn = Connection::open_with_flags(immutable_uri(path)?, flags)
                    .with_context(context)?;
                Store::setup_read_only(conn).with_context(context)
            }
            Err(e) => Err(e).with_context(context),
        }
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
        // Deleted rows are overwritten, not left in free pages: a discarded run (a rejected
        // key) leaves nothing of what the server sent in the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        Store::stable_plans(&conn)?;
        migrations::migrate(&mut conn)?;
        let store = Store {
            conn,
            pending: None,
        };
        store.reencode_legacy()?;
        Ok(store)
    }

    fn setup_read_only(conn: Connection) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        migrations::check_version(&conn)?;
        Store::stable_plans(&conn)?;
        let pending = migrations::pending(&conn)?;
        Ok(Store { conn, pending })
    }

    /// Query-planner stability guarantee. Without it SQLite (3.54, bundled with STAT4)
    /// ties the plan of `WHERE hashtag = ?1 ... ORDER BY date` statements to their
    /// bindings, and rusqlite's statement cache (which clears bindings when a statement
    /// goes back to it) then makes SQLite re-prepare them on every call.
    fn stable_plans(conn: &Connection) -> Result<()> {
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        Ok(())
    }

    /// Set when a reader opened a database whose schema is older than this build's: read
    /// as it is, upgraded by the next `fetch`.
    pub fn pending_migration(&self) -> Option<PendingMigration> {
        self.pending
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
    /// A database from before the `meta` table (schema 1) was never the demo's.
    pub fn is_simulated(&self) -> Result<bool> {
        let has_meta: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get(0),
        )?;
        if !has_meta {
            return Ok(false);
        }
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

/// Whether opening failed because SQLite could not open a file (the `-shm` of a WAL database
/// in a read-only folder).
fn is_cant_open(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<rusqlite::Error>().is_some_and(|e| {
            e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen)
                || matches!(e, rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_READONLY_CANTINIT
                        || f.extended_code == rusqlite::ffi::SQLITE_READONLY_DIRECTORY)
        })
    })
}

/// `file:` URI for `path` (absolute, percent-encoded) that opens it read-only and immutable.
fn immutable_uri(path: &Path) -> Result<String> {
    let abs = std::fs::canonicalize(path)
        .with_context(|| format!("could not resolve '{}'", path.display()))?;
    let mut uri = String::from("file:");
    for &b in abs.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    Ok(uri)
}

#[cfg(test)]
mod tests;
