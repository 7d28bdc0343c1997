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
    // v5: the alert log. One row per day, hashtag and signal alerted after a fetch, so a
    // re-run sends nothing twice, the cooldown holds, and a failed delivery is retried on
    // the next run. The webhook's URL is never stored.
    r#"
    CREATE TABLE alerts (
        date            TEXT NOT NULL,           -- the snapshot date alerted about
        hashtag         TEXT NOT NULL,
        signal          TEXT NOT NULL,           -- model::AlertSignal: breakout | trending
        first_tried_at  TEXT NOT NULL,           -- RFC 3339, UTC
        last_tried_at   TEXT NOT NULL,
        sent_at         TEXT,                    -- when the webhook accepted it; NULL until then
        delivered       INTEGER NOT NULL DEFAULT 0,
        attempts        INTEGER NOT NULL DEFAULT 0, -- POSTs tried, over every run
        row             TEXT NOT NULL,           -- the trend row sent (JSON)
        PRIMARY KEY (date, hashtag, signal)
    );
    CREATE INDEX alerts_signal ON alerts(hashtag, signal, date);
    "#,
    // v6: the co-hashtags of each day's sample, for `discover`. The pending flag makes the next
    // open fill them from the stored raw answers (store/cohashtags.rs), so history is there at once.
    r#"
    CREATE TABLE cohashtags (
        date        TEXT NOT NULL,
        hashtag     TEXT NOT NULL,               -- the tracked hashtag whose sample it is in
        cohashtag   TEXT NOT NULL,
        videos      INTEGER NOT NULL,            -- sampled videos carrying it
        creators    INTEGER NOT NULL,            -- distinct known authors of those videos
        authors     TEXT NOT NULL,               -- JSON array of those authors
        PRIMARY KEY (date, hashtag, cohashtag)
    ) WITHOUT ROWID;
    -- Videos in each sample the co-hashtags were counted from: the share's denominator.
    CREATE TABLE cohashtag_samples (
        date        TEXT NOT NULL,
        hashtag     TEXT NOT NULL,
        videos      INTEGER NOT NULL,
        PRIMARY KEY (date, hashtag)
    ) WITHOUT ROWID;
    INSERT OR REPLACE INTO meta (key, value) VALUES ('cohashtags_backfill', 'pending');
    "#,
    // v7: Scavio's real contract (#12): the hashtags tracked with TikTok's id for them (the
    // videos call needs it); one stored answer per page of videos (`page` 0 = the first,
    // and the stats answer); a video count TikTok did not report is NULL, never a zero.
    r#"
    CREATE TABLE hashtags (
        name        TEXT PRIMARY KEY,            -- normalised, no '#'
        id          TEXT,                        -- TikTok's challenge id (a string); NULL until an answer gives it
        first_seen  TEXT NOT NULL                -- RFC 3339, UTC (the first snapshot date for older databases)
    ) WITHOUT ROWID;
    INSERT INTO hashtags (name, first_seen)
        SELECT hashtag, min(date) FROM snapshots GROUP BY hashtag;
    CREATE TABLE responses_new (
        date        TEXT NOT NULL,
        hashtag     TEXT NOT NULL,
        endpoint    TEXT NOT NULL,
        page        INTEGER NOT NULL DEFAULT 0,  -- videos: 0 = first page; stats: always 0
        run_id      INTEGER NOT NULL,
        fetched_at  TEXT NOT NULL,
        status      INTEGER NOT NULL,
        parsed_ok   INTEGER NOT NULL,
        error       TEXT,
        body        BLOB NOT NULL,
        PRIMARY KEY (date, hashtag, endpoint, page)
    );
    INSERT INTO responses_new (date, hashtag, endpoint, page, run_id, fetched_at, status,
                               parsed_ok, error, body)
        SELECT date, hashtag, endpoint, 0, run_id, fetched_at, status, parsed_ok, error, body
        FROM responses;
    DROP TABLE responses;
    ALTER TABLE responses_new RENAME TO responses;
    CREATE TABLE snapshots_new (
        date            TEXT NOT NULL,
        hashtag         TEXT NOT NULL,
        fetched_at      TEXT NOT NULL,
        run_id          INTEGER NOT NULL,
        video_count     INTEGER,                 -- NULL: not reported (0 beside non-zero views)
        view_count      INTEGER NOT NULL,
        sample_size     INTEGER NOT NULL,
        plays           INTEGER NOT NULL,
        likes           INTEGER NOT NULL,
        comments        INTEGER NOT NULL,
        shares          INTEGER NOT NULL,
        engagement_rate REAL NOT NULL,
        virality        REAL NOT NULL,
        top_creators    TEXT NOT NULL,
        credits_remaining INTEGER,
        PRIMARY KEY (date, hashtag)
    );
    INSERT INTO snapshots_new SELECT date, hashtag, fetched_at, run_id, video_count, view_count,
        sample_size, plays, likes, comments, shares, engagement_rate, virality, top_creators,
        credits_remaining FROM snapshots;
    DROP TABLE snapshots;
    ALTER TABLE snapshots_new RENAME TO snapshots;
    CREATE INDEX snapshots_hashtag_date_counts
        ON snapshots(hashtag, date, video_count, view_count);
    CREATE TABLE signals_new (
        date            TEXT NOT NULL,
        hashtag         TEXT NOT NULL,
        video_count     INTEGER,                 -- NULL as in `snapshots`
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
    INSERT INTO signals_new SELECT * FROM signals;
    DROP TABLE signals;
    ALTER TABLE signals_new RENAME TO signals;
    "#,
    // v8: raw bodies are stored as zstd frames (store/codec.rs). Rows stored before are
    // re-encoded in batches when the store opens, from the rowid recorded here on (the key
    // goes once every row is done). The version bump also keeps older trackers, which
    // would read the frames as answers, away from the database.
    r#"
    INSERT OR REPLACE INTO meta (key, value) VALUES ('raw_encode_after_rowid', '0');
    "#,
    // Signals on rounded counts (#13): each count's precision (the half-width of the
    // interval it stands for; 0 = exact, as every older row was read), and the signals'
    // basis, interval and approximate flag. Signals stored by the older rules are dropped:
    // `trends` computes a day without stored signals from its series, and the next fetch
    // stores them again.
    r#"
    ALTER TABLE snapshots ADD COLUMN video_precision INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE snapshots ADD COLUMN view_precision  INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE signals ADD COLUMN basis TEXT NOT NULL DEFAULT 'videos';
    ALTER TABLE signals ADD COLUMN approximate INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE signals ADD COLUMN daily_growth_pct REAL;
    ALTER TABLE signals ADD COLUMN daily_growth_low_pct REAL;
    ALTER TABLE signals ADD COLUMN daily_growth_high_pct REAL;
    ALTER TABLE signals ADD COLUMN recent_growth_low_pct REAL;
    ALTER TABLE signals ADD COLUMN growth_7d_pct REAL;
    DELETE FROM signals;
    "#,
    // Rising sounds (#26): the sound of each day's sampled videos, per sound, with the
    // sample's size (the share's denominator). The pending flag makes the next writer fill
    // them from the stored raw answers (store/sounds.rs), as for the co-hashtags.
    r#"
    CREATE TABLE sounds (
        date        TEXT NOT NULL,
        hashtag     TEXT NOT NULL,               -- the tracked hashtag whose sample it is in
        sound_id    TEXT NOT NULL,               -- TikTok's music id, as text
        title       TEXT NOT NULL,
        author      TEXT NOT NULL,               -- the artist as the answer names it
        original    INTEGER NOT NULL,            -- 1: a creator's own recording
        owner       TEXT,                        -- the uploader's handle, when given
        videos      INTEGER NOT NULL,            -- sampled videos using it
        creators    INTEGER NOT NULL,            -- distinct known authors of those videos
        authors     TEXT NOT NULL,               -- JSON array of those authors
        PRIMARY KEY (date, hashtag, sound_id)
    ) WITHOUT ROWID;
    CREATE INDEX sounds_by_sound ON sounds(sound_id, date);
    CREATE TABLE sound_samples (
        date        TEXT NOT NULL,
        hashtag     TEXT NOT NULL,
        videos      INTEGER NOT NULL,            -- videos in the sample
        with_sound  INTEGER NOT NULL,            -- of which name a sound
        PRIMARY KEY (date, hashtag)
    ) WITHOUT ROWID;
    INSERT OR REPLACE INTO meta (key, value) VALUES ('sounds_backfill', 'pending');
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

/// The versions, when the database is older than this build (a reader does not migrate).
pub fn pending(conn: &Connection) -> Result<Option<crate::store::PendingMigration>> {
    let (have, want) = (version(conn)?, MIGRATIONS.len() as i64);
    Ok((have < want).then_some(crate::store::PendingMigration { have, want }))
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
        assert_eq!(n, 13);
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
    fn rows_from_before_precisions_read_as_exact_and_old_signals_are_recomputed() {
        let mut conn = Connection::open_in_memory().unwrap();
        let before = MIGRATIONS
            .iter()
            .position(|m| m.contains("video_precision"))
            .unwrap();
        for m in &MIGRATIONS[..before] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", before as i64)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO snapshots (date, hashtag, fetched_at, run_id, video_count, view_count,
               sample_size, plays, likes, comments, shares, engagement_rate, virality, top_creators)
             VALUES ('2026-01-01', 'x', 't', 1, 1200000, 5, 0, 0, 0, 0, 0, 0, 0, '[]');
             INSERT INTO signals (date, hashtag, video_count, view_count, suspect, streak, breakout)
             VALUES ('2026-01-01', 'x', 1200000, 5, 0, 0, 0);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let precisions: (i64, i64) = conn
            .query_row(
                "SELECT video_precision, view_precision FROM snapshots",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(precisions, (0, 0));
        let signals: i64 = conn
            .query_row("SELECT count(*) FROM signals", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            signals, 0,
            "signals of the older rules are dropped, recomputed on read"
        );
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
