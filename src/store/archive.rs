//! The archive of raw answers as paid for: re-encoding the rows older trackers stored
//! plainly, reading one back exactly as received (`tracker raw`), and the optional
//! retention (`tracker prune`).

use super::codec;
use super::*;
use rusqlite::{ErrorCode, Transaction, TransactionBehavior};

/// Rows re-encoded per transaction: each batch commits, so an interrupted pass loses nothing
/// and the next open carries on after the last committed row.
const REENCODE_BATCH: i64 = 200;
/// The meta key migration 5 sets: rows up to this rowid are done. It goes once all are.
const REENCODE_KEY: &str = "raw_encode_after_rowid";

/// One stored answer, decoded to the bytes received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAnswer {
    pub date: NaiveDate,
    pub status: u16,
    pub fetched_at: String,
    /// Why the parser could not read it; `None` when it could.
    pub parse_error: Option<String>,
    pub body: Vec<u8>,
}

/// What `prune` removes (or would): answers older than the cutoff whose day has a
/// snapshot and that the parser read. The others are kept whatever their age, since they
/// are what a parser fix would be checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PruneSummary {
    pub answers: u64,
    /// Bytes as stored (compressed) in the bodies removed.
    pub stored_bytes: u64,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Answers older than the cutoff kept: unparsed, or of a day without a snapshot.
    pub kept: u64,
}

const PRUNABLE: &str = "FROM responses r WHERE r.date < ?1 AND r.parsed_ok = 1
    AND EXISTS (SELECT 1 FROM snapshots s WHERE s.date = r.date AND s.hashtag = r.hashtag)";

fn is_busy(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
            .is_some_and(|code| matches!(code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
    })
}

impl Store {
    /// Compresses the rows stored plainly before migration 5; returns how many. Runs at
    /// open. A database another process is writing is left for a later open rather than
    /// waited for, so a reader never queues behind a running fetch.
    pub(super) fn reencode_legacy(&self) -> Result<u64> {
        let pending: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [REENCODE_KEY],
                |r| r.get(0),
            )
            .optional()?;
        if pending.is_none() {
            return Ok(0);
        }
        self.conn.busy_timeout(Duration::ZERO)?;
        let mut total = 0;
        let outcome = loop {
            match self.reencode_batch() {
                Ok(Some(n)) => total += n,
                Ok(None) => break Ok(total),
                Err(e) if is_busy(&e) => break Ok(total),
                Err(e) => break Err(e),
            }
        };
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        if total > 0 {
            tracing::info!("compressed {total} stored answers");
        }
        outcome.context("could not compress the stored answers")
    }

    /// One committed batch; `None` once every row is done.
    pub(super) fn reencode_batch(&self) -> Result<Option<u64>> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let after: Option<String> = tx
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [REENCODE_KEY],
                |r| r.get(0),
            )
            .optional()?;
        let Some(after) = after else {
            return Ok(None);
        };
        let after: i64 = after.parse().unwrap_or(0);
        let rowids: Vec<i64> = tx
            .prepare("SELECT rowid FROM responses WHERE rowid > ?1 ORDER BY rowid LIMIT ?2")?
            .query_map(params![after, REENCODE_BATCH], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let Some(&last) = rowids.last() else {
            tx.execute("DELETE FROM meta WHERE key = ?1", [REENCODE_KEY])?;
            tx.commit()?;
            return Ok(None);
        };
        let mut changed = 0;
        for rowid in rowids {
            // One body at a time: a batch of pages would be tens of MB in memory.
            let stored: Vec<u8> = tx.query_row(
                "SELECT body FROM responses WHERE rowid = ?1",
                [rowid],
                |r| Ok(r.get_ref(0)?.as_bytes()?.to_vec()),
            )?;
            // Written by this version (a frame that decodes): nothing to do. A plain body,
            // even one that happens to start like a frame, is framed as it is.
            if codec::is_encoded(&stored) && codec::decode(&stored).is_ok() {
                continue;
            }
            tx.execute(
                "UPDATE responses SET body = ?1 WHERE rowid = ?2",
                params![codec::encode(&stored)?, rowid],
            )?;
            changed += 1;
        }
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = ?2",
            params![last.to_string(), REENCODE_KEY],
        )?;
        tx.commit()?;
        Ok(Some(changed))
    }

    /// The stored answer of `hashtag` at `endpoint` on `date` (else on the latest date that
    /// has one), decoded to the bytes received.
    pub fn raw_response(
        &self,
        hashtag: &str,
        endpoint: Endpoint,
        date: Option<NaiveDate>,
        page: u32,
    ) -> Result<Option<RawAnswer>> {
        let row = self
            .conn
            .query_row(
                "SELECT date, status, fetched_at, parsed_ok, error, body FROM responses
                 WHERE hashtag = ?1 AND endpoint = ?2 AND (?3 IS NULL OR date = ?3) AND page = ?4
                 ORDER BY date DESC LIMIT 1",
                params![hashtag, endpoint.as_str(), date.map(date_text), page],
                |r| {
                    let parsed: bool = r.get(3)?;
                    let error: Option<String> = r.get(4)?;
                    Ok((
                        parse_day(&r.get::<_, String>(0)?)?,
                        r.get::<_, u16>(1)?,
                        r.get::<_, String>(2)?,
                        (!parsed).then(|| error.unwrap_or_else(|| "not parsed".into())),
                        r.get_ref(5)?.as_bytes()?.to_vec(),
                    ))
                },
            )
            .optional()?;
        let Some((date, status, fetched_at, parse_error, stored)) = row else {
            return Ok(None);
        };
        let body = codec::decode(&stored)
            .with_context(|| format!("#{hashtag} {} on {date}", endpoint.as_str()))?;
        Ok(Some(RawAnswer {
            date,
            status,
            fetched_at,
            parse_error,
            body,
        }))
    }

    /// What `prune_raw(before)` would remove, without removing anything.
    pub fn prune_plan(&self, before: NaiveDate) -> Result<PruneSummary> {
        let day = date_text(before);
        let (answers, bytes, first, last) = self.conn.query_row(
            &format!("SELECT count(*), coalesce(sum(length(r.body)), 0), min(r.date), max(r.date) {PRUNABLE}"),
            [&day],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )?;
        let older: i64 = self.conn.query_row(
            "SELECT count(*) FROM responses WHERE date < ?1",
            [&day],
            |r| r.get(0),
        )?;
        Ok(PruneSummary {
            answers: from_sql(answers),
            stored_bytes: from_sql(bytes),
            first_date: first.map(|d| parse_day(&d)).transpose()?,
            last_date: last.map(|d| parse_day(&d)).transpose()?,
            kept: from_sql(older - answers),
        })
    }

    /// Removes the answers `prune_plan(before)` lists, in one transaction.
    pub fn prune_raw(&self, before: NaiveDate) -> Result<PruneSummary> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let plan = self.prune_plan(before)?;
        tx.execute(
            &format!("DELETE FROM responses WHERE rowid IN (SELECT r.rowid {PRUNABLE})"),
            [date_text(before)],
        )?;
        tx.commit()?;
        Ok(plan)
    }

    /// Gives the space freed by pruning back to the file system (rewrites the database).
    pub fn vacuum(&self) -> Result<()> {
        self.conn.execute_batch("VACUUM")?;
        Ok(())
    }
}
