//! The co-hashtags of each stored day's sample: what `refresh::cohashtags` counted from the
//! stored videos answers, and the reads `discover` makes of them.

use super::*;
use crate::model::{CohashtagDay, SampleDay};
use std::collections::BTreeSet;

/// The `meta` key the migration sets so that the next writer fills the table from the
/// answers stored before it existed.
const BACKFILL_FLAG: &str = "cohashtags_backfill";

/// One co-hashtag of a day's sample: how many sampled videos carry it, by which known authors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohashtagCount {
    pub cohashtag: String,
    pub videos: u64,
    pub authors: BTreeSet<String>,
}

impl Store {
    /// Replaces the co-hashtags of `hashtag` on `date`: `sample` videos were counted, and
    /// `counts` is what they carry. `None` (no readable answer) leaves no rows, not zeros.
    pub fn save_cohashtags(
        &self,
        date: NaiveDate,
        hashtag: &str,
        counted: Option<(usize, &[CohashtagCount])>,
    ) -> Result<()> {
        let date = date_text(date);
        // A savepoint, so the day is replaced whole inside a fetch's batch or on its own.
        self.conn.execute_batch("SAVEPOINT cohashtags")?;
        let result = self.replace_cohashtags(&date, hashtag, counted);
        let end = if result.is_ok() {
            "RELEASE cohashtags"
        } else {
            "ROLLBACK TO cohashtags; RELEASE cohashtags"
        };
        self.conn.execute_batch(end)?;
        result
    }

    fn replace_cohashtags(
        &self,
        date: &str,
        hashtag: &str,
        counted: Option<(usize, &[CohashtagCount])>,
    ) -> Result<()> {
        let tx = &self.conn;
        tx.prepare_cached("DELETE FROM cohashtags WHERE date = ?1 AND hashtag = ?2")?
            .execute(params![date, hashtag])?;
        tx.prepare_cached("DELETE FROM cohashtag_samples WHERE date = ?1 AND hashtag = ?2")?
            .execute(params![date, hashtag])?;
        if let Some((sample, counts)) = counted {
            tx.prepare_cached(
                "INSERT INTO cohashtag_samples (date, hashtag, videos) VALUES (?1,?2,?3)",
            )?
            .execute(params![date, hashtag, sample as i64])?;
            let mut stmt = tx.prepare_cached(
                "INSERT INTO cohashtags (date, hashtag, cohashtag, videos, creators, authors)
                 VALUES (?1,?2,?3,?4,?5,?6)",
            )?;
            for c in counts {
                let list = serde_json::to_string(&c.authors)?;
                stmt.execute(params![
                    date,
                    hashtag,
                    c.cohashtag,
                    to_sql(c.videos),
                    c.authors.len() as i64,
                    list
                ])?;
            }
        }
        Ok(())
    }

    /// Whether the co-hashtags still have to be filled from answers stored before them.
    pub fn cohashtags_backfill_pending(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM meta WHERE key = ?1", [BACKFILL_FLAG], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }

    /// The backfill is done.
    pub fn finish_cohashtags_backfill(&self) -> Result<()> {
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [BACKFILL_FLAG])?;
        Ok(())
    }

    /// Every (date, hashtag) with a readable stored videos answer, oldest first.
    pub fn days_with_videos_answers(&self) -> Result<Vec<(NaiveDate, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT date, hashtag FROM responses
             WHERE endpoint = 'videos' AND parsed_ok = 1 ORDER BY date, hashtag",
        )?;
        let rows = stmt.query_map([], |r| {
            let date: String = r.get(0)?;
            Ok((parse_day(&date)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
