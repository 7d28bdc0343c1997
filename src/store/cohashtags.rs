//! The co-hashtags of each stored day's sample, derived from the raw videos answer already
//! paid for (the `responses` table): `fetch` refreshes a day when it stores it, and a
//! database from before the table existed is filled once when it is next opened.
//!
//! This is the one place the store reads a payload: the counts are a pure function of the
//! stored body (`api::payload::cohashtags`), so keeping them here keeps them in step with it.

use super::*;
use crate::api::payload::cohashtags;
use crate::model::{CohashtagDay, SampleDay, hashtag};
use std::collections::{BTreeMap, BTreeSet};

/// The `meta` key the migration sets so the next open fills the table from stored answers.
const BACKFILL_FLAG: &str = "cohashtags_backfill";
/// Days stored per transaction while filling: a long fill can be interrupted and resumed
/// (it starts over, and every step replaces what it writes) without holding the lock long.
const BACKFILL_CHUNK: usize = 200;
/// From this many stored answers the fill takes long enough to say why the command waits.
const BACKFILL_NOTE_FROM: usize = 1000;

/// Recounts the co-hashtags of `hashtag` on `date` from its stored videos answer, replacing
/// what was there. No readable answer stored means no rows (not zeros).
fn write_day(conn: &Connection, date: &str, tag: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM cohashtags WHERE date = ?1 AND hashtag = ?2")?
        .execute(params![date, tag])?;
    conn.prepare_cached("DELETE FROM cohashtag_samples WHERE date = ?1 AND hashtag = ?2")?
        .execute(params![date, tag])?;
    let body: Option<Vec<u8>> = conn
        .prepare_cached(
            "SELECT body FROM responses
             WHERE date = ?1 AND hashtag = ?2 AND endpoint = 'videos' AND parsed_ok = 1",
        )?
        .query_row(params![date, tag], |r| r.get(0))
        .optional()?;
    let Some(body) = body else {
        return Ok(());
    };
    let videos = match cohashtags(&body) {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!("#{tag} on {date}: co-hashtags not counted: {e}");
            return Ok(());
        }
    };
    let own = hashtag::fold(tag);
    let mut tally: BTreeMap<&str, (u64, BTreeSet<&str>)> = BTreeMap::new();
    for v in &videos {
        for t in v.tags.iter().filter(|t| **t != own) {
            let entry = tally.entry(t).or_default();
            entry.0 += 1;
            // An unnamed author may be anyone: it adds a video, never a creator.
            if v.author != crate::model::UNKNOWN_AUTHOR {
                entry.1.insert(&v.author);
            }
        }
    }
    conn.prepare_cached("INSERT INTO cohashtag_samples (date, hashtag, videos) VALUES (?1,?2,?3)")?
        .execute(params![date, tag, videos.len() as i64])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO cohashtags (date, hashtag, cohashtag, videos, creators, authors)
         VALUES (?1,?2,?3,?4,?5,?6)",
    )?;
    for (t, (n, authors)) in tally {
        let list = serde_json::to_string(&authors)?;
        stmt.execute(params![date, tag, t, to_sql(n), authors.len() as i64, list])?;
    }
    Ok(())
}

impl Store {
    /// Recounts the co-hashtags of `hashtag` on `date` from the videos answer stored for
    /// that day. `fetch` calls it right after storing the day's snapshot.
    pub fn refresh_cohashtags(&mut self, date: NaiveDate, hashtag: &str) -> Result<()> {
        let tx = self.conn.savepoint()?;
        write_day(&tx, &date_text(date), hashtag)
            .with_context(|| format!("could not count the co-hashtags of #{hashtag} on {date}"))?;
        tx.commit()?;
        Ok(())
    }

    /// Fills the co-hashtags from every readable stored videos answer, once, when the
    /// migration that created the table asked for it. A failure is reported and left for
    /// the next open; it never keeps the database from opening.
    pub(super) fn backfill_cohashtags_if_pending(&mut self) {
        if let Err(e) = self.backfill_cohashtags() {
            tracing::warn!("co-hashtag history not filled yet (will retry on next open): {e:#}");
        }
    }

    fn backfill_cohashtags(&mut self) -> Result<()> {
        let pending = self
            .conn
            .query_row("SELECT 1 FROM meta WHERE key = ?1", [BACKFILL_FLAG], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if !pending {
            return Ok(());
        }
        let days: Vec<(String, String)> = {
            let mut stmt = self.conn.prepare(
                "SELECT date, hashtag FROM responses
                 WHERE endpoint = 'videos' AND parsed_ok = 1 ORDER BY date, hashtag",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if days.len() >= BACKFILL_NOTE_FROM {
            tracing::warn!(
                "counting the co-hashtags of {} stored answers (once, for `tracker discover`)",
                days.len()
            );
        }
        for chunk in days.chunks(BACKFILL_CHUNK) {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            for (date, tag) in chunk {
                write_day(&tx, date, tag)?;
            }
            tx.commit()?;
        }
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [BACKFILL_FLAG])?;
        Ok(())
    }

    /// Every co-hashtag counted with `from <= date <= to`.
    pub fn cohashtag_days(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<CohashtagDay>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, hashtag, cohashtag, videos, authors FROM cohashtags
             WHERE date >= ?1 AND date <= ?2",
        )?;
        let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
            let date: String = r.get(0)?;
            let authors: String = r.get(4)?;
            Ok(CohashtagDay {
                date: parse_day(&date)?,
                hashtag: r.get(1)?,
                cohashtag: r.get(2)?,
                videos: from_sql(r.get(3)?),
                authors: serde_json::from_str(&authors).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        4,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The size of every sample the co-hashtags were counted from, `from <= date <= to`.
    pub fn cohashtag_samples(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<SampleDay>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, hashtag, videos FROM cohashtag_samples WHERE date >= ?1 AND date <= ?2",
        )?;
        let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
            let date: String = r.get(0)?;
            Ok(SampleDay {
                date: parse_day(&date)?,
                hashtag: r.get(1)?,
                videos: from_sql(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every hashtag the database has tracked: with a snapshot or a counted sample.
    pub fn tracked_hashtags(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT hashtag FROM snapshots UNION SELECT DISTINCT hashtag FROM cohashtag_samples",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests;
