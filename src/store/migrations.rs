//! The schema, as an append-only list of migrations keyed on `PRAGMA user_version`.
//!
//! Never edit a migration that has shipped: add a new one at the end.

use anyhow::{Context, Result, bail};
use rusqlite::Connection;

/// Each entry brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1: the daily tracker.
    r#"
    -- One row per `fetch` invocation: the run log that `costs` reads.
    CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        date          TEXT NOT NULL,             -- the snapshot date the run was for
        started_at    TEXT NOT NULL,             -- RFC 3339, UTC
        finished_at   TEXT,
        status        TEXT NOT NULL DEFAULT 'running', -- model::RunStatus: running | ok | partial | interrupted | auth_failed
        hashtags_ok     INTEGER NOT NULL DEFAULT 0,
        hashtags_failed INTEGER NOT NULL DEFAULT 0,
        hashtags_skipped INTEGER NOT NULL DEFAULT 0
    );
    -- Every HTTP attempt, successful or not: what was spent and why.
    CREATE TABLE requests (
        id          INTEGER PRIMARY KEY,
        run_id      INTEGER NOT NULL REFERENCES runs(id),
        at          TEXT NOT NULL,               -- RFC 3339, UTC
        date        TEXT NOT NULL,               -- snapshot date
        hashtag     TEXT NOT NULL,
        endpoint    TEXT NOT NULL,               -- stats | videos
        attempt     INTEGER NOT NULL,            -- 1 = first try
        status      INTEGER,                     -- HTTP status, NULL when no answer came
        error       TEXT,
        elapsed_ms  INTEGER NOT NULL,
        cost_usd    REAL NOT NULL,               -- charged only for answered (2xx) calls
        credits_remaining INTEGER
    );
    CREATE INDEX requests_at ON requests(at);
    CREATE INDEX requests_run ON requests(run_id);
    -- The latest raw body per (date, hashtag, endpoint): paid-for data, kept so figures can be
    -- recomputed and a failed run resumed without paying again. Unparseable bodies are kept too.
    CREATE TABLE responses (
        date        TEXT NOT NULL,
        hashtag     TEXT NOT NULL,
        endpoint    TEXT NOT NULL,
        run_id      INTEGER NOT NULL,
        fetched_at  TEXT NOT NULL,
        status      INTEGER NOT NULL,
        parsed_ok   INTEGER NOT NULL,            -- 1 when the parser read it
        error       TEXT,                        -- why it did not parse
        body        BLOB NOT NULL,
        PRIMARY KEY (date, hashtag, endpoint)
    );
    -- One row per hashtag per day: totals and the metrics of that day's video sample.
    CREATE TABLE snapshots (
        date            TEXT NOT NULL,
        hashtag         TEXT NOT NULL,
        fetched_at      TEXT NOT NULL,
        run_id          INTEGER NOT NULL,
        video_count     INTEGER NOT NULL,
        view_count      INTEGER NOT NULL,
        sample_size     INTEGER NOT NULL,
        plays           INTEGER NOT NULL,
        likes           INTEGER NOT NULL,
        comments        INTEGER NOT NULL,
        shares          INTEGER NOT NULL,
        engagement_rate REAL NOT NULL,
        virality        REAL NOT NULL,
        top_creators    TEXT NOT NULL,           -- JSON [{"username", "videos"}]
        credits_remaining INTEGER,
        PRIMARY KEY (date, hashtag)
    );
    CREATE INDEX snapshots_hashtag_date ON snapshots(hashtag, date);
    -- The sampled videos behind each snapshot.
    CREATE TABLE videos (
        date        TEXT NOT NULL,
        hashtag     TEXT NOT NULL,
        position    INTEGER NOT NULL,            -- order in the API's answer
        video_id    TEXT NOT NULL,
        author      TEXT NOT NULL,
        description TEXT NOT NULL,
        plays       INTEGER NOT NULL,
        likes       INTEGER NOT NULL,
        comments    INTEGER NOT NULL,
        shares      INTEGER NOT NULL,
        PRIMARY KEY (date, hashtag, position)
    );
    "#,
    // v2: facts about the database itself (e.g. that it holds the demo's simulated data).
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // v3: daily series (trends, charts) are read from the index alone, one seek per
    // hashtag, instead of one table page per day.
    r#"
    CREATE INDEX snapshots_hashtag_date_counts
        ON snapshots(hashtag, date, video_count, view_count);
    DROP INDEX snapshots_hashtag_date;
    "#,
    // v4: each day's trend signals, computed when the day is stored (and again when an
    // earlier day is stored later), so `trends` reads one row per hashtag, whatever the history.
    r#"
    CREATE TABLE signals (
        date            TEXT NOT NULL,
        hashtag         TEXT NOT NULL,
        video_count     INTEGER NOT NULL,        -- the day's counts, as in `snapshots`
        view_count      INTEGER NOT NULL,
        prev_date       TEXT,
        prev_video_count INTEGER,
        prev_view_count INTEGER,
        suspect         INTEGER NOT NULL,
        daily_video_growth_pct REAL,
        daily_view_growth_pct  REAL,
        new_videos      INTEGER,
        new_views       INTEGER,
        video_growth_7d_pct REAL,
        view_growth_7d_pct  REAL,
        acceleration_pp REAL,
        streak          INTEGER NOT NULL,
        breakout        INTEGER NOT NULL,
        baseline_mean_pct REAL,
        baseline_std_pct  REAL,
        momentum        REAL,
        PRIMARY KEY (date, hashtag)
    ) WITHOUT ROWID;
    "#,
    // v5: raw bodies are stored as zstd frames (store/codec.rs). Rows stored before are
    // re-encoded in batches when the store opens, from the rowid recorded here on (the key
    // goes once every row is done). The version bump also keeps older trackers, which
    // would read the frames as answers, away from the database.
    r#"
    INSERT OR REPLACE INTO meta (key, value) VALUES ('raw_encode_after_rowid', '0');
    "#,
];

/// Fails when the database was written by a newer tracker, without changing it.
pub fn check_version(conn: &Connection) -> Result<()> {
    let version = version(conn)?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        bail!(
            "the database uses schema version {version}, written by a newer tracker; this build knows up to {known}. Upgrade tracker rather than let an older one alter it"
        );
    }
    Ok(())
}

/// Brings the database up to date in one transaction, or refuses a newer schema. An
/// up-to-date database (every open after the first) is only read: readers never queue for
/// the write lock behind a running fetch.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    if version(conn)? == known {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .context("could not start the schema migration")?;
    // Read again under the lock: another process may have migrated meanwhile.
    check_version(&tx)?;
    let version = version(&tx)?;
    if version < 0 {
        bail!("the database has an invalid schema version {version}");
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)
            .with_context(|| format!("schema migration {} failed", i + 1))?;
    }
    if version < known {
        tx.pragma_update(None, "user_version", known)?;
    }
    tx.commit()
        .context("could not commit the schema migration")?;
    Ok(())
}

fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_and_are_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 7);
    }

    #[test]
    fn a_v1_database_is_upgraded_in_place() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO runs (date, started_at) VALUES ('2026-01-01', 'x')",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let runs: i64 = conn
            .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(runs, 1);
        conn.execute("INSERT INTO meta VALUES ('k', 'v')", [])
            .unwrap();
    }

    #[test]
    fn newer_schema_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = migrate(&mut conn).unwrap_err().to_string();
        assert!(err.contains("newer"), "{err}");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
