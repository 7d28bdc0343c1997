//! The sounds of each stored day's sample: what `refresh::sounds` counted from the stored
//! videos answers, and the reads `tracker sounds` and the report make of them. A database
//! from before the tables (read without migrating) reads as holding no sounds.

use super::*;
use crate::model::{SampleDay, Sound, SoundDay};
use std::collections::{BTreeSet, HashMap};

/// The `meta` key the migration sets so that the next writer fills the tables from the
/// answers stored before they existed.
const BACKFILL_FLAG: &str = "sounds_backfill";

/// One sound of a day's sample: how many sampled videos use it, by which known authors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoundCount {
    pub sound: Sound,
    pub videos: u64,
    pub authors: BTreeSet<String>,
}

/// What one day's sample held: its size, how many of its videos name a sound, the sounds.
#[derive(Debug, Clone, Copy)]
pub struct CountedSounds<'a> {
    pub sample: usize,
    pub with_sound: usize,
    pub counts: &'a [SoundCount],
}

impl Store {
    /// Replaces the sounds of `hashtag` on `date`. `None` (no readable answer) leaves no
    /// rows, not zeros.
    pub fn save_sounds(
        &self,
        date: NaiveDate,
        hashtag: &str,
        counted: Option<CountedSounds<'_>>,
    ) -> Result<()> {
        let date = date_text(date);
        // A savepoint, so the day is replaced whole inside a fetch's batch or on its own.
        self.conn.execute_batch("SAVEPOINT sounds")?;
        let result = self.replace_sounds(&date, hashtag, counted);
        let end = if result.is_ok() {
            "RELEASE sounds"
        } else {
            "ROLLBACK TO sounds; RELEASE sounds"
        };
        self.conn.execute_batch(end)?;
        result
    }

    fn replace_sounds(
        &self,
        date: &str,
        hashtag: &str,
        counted: Option<CountedSounds<'_>>,
    ) -> Result<()> {
        let tx = &self.conn;
        tx.prepare_cached("DELETE FROM sounds WHERE date = ?1 AND hashtag = ?2")?
            .execute(params![date, hashtag])?;
        tx.prepare_cached("DELETE FROM sound_samples WHERE date = ?1 AND hashtag = ?2")?
            .execute(params![date, hashtag])?;
        let Some(counted) = counted else {
            return Ok(());
        };
        tx.prepare_cached(
            "INSERT INTO sound_samples (date, hashtag, videos, with_sound) VALUES (?1,?2,?3,?4)",
        )?
        .execute(params![
            date,
            hashtag,
            counted.sample as i64,
            counted.with_sound as i64
        ])?;
        let mut stmt = tx.prepare_cached(
            "INSERT INTO sounds (date, hashtag, sound_id, title, author, original, owner, videos,
                                 creators, authors)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
        )?;
        for c in counted.counts {
            let s = &c.sound;
            stmt.execute(params![
                date,
                hashtag,
                s.id,
                s.title,
                s.author,
                s.original,
                s.owner,
                to_sql(c.videos),
                c.authors.len() as i64,
                serde_json::to_string(&c.authors)?
            ])?;
        }
        Ok(())
    }

    /// Whether the sounds still have to be filled from answers stored before them.
    pub fn sounds_backfill_pending(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM meta WHERE key = ?1", [BACKFILL_FLAG], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }

    /// The backfill is done.
    pub fn finish_sounds_backfill(&self) -> Result<()> {
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [BACKFILL_FLAG])?;
        Ok(())
    }

    /// Whether the database has the sounds tables (an older one read as it is has not).
    fn has_sounds(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sounds'")?
            .exists([])?)
    }

    /// Every sound counted with `from <= date <= to`, under `hashtag` only when given.
    pub fn sound_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        hashtag: Option<&str>,
    ) -> Result<Vec<SoundDay>> {
        if !self.has_sounds()? {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, hashtag, sound_id, title, author, original, owner, videos, authors
             FROM sounds WHERE date >= ?1 AND date <= ?2 AND (?3 IS NULL OR hashtag = ?3)",
        )?;
        let rows = stmt.query_map(params![date_text(from), date_text(to), hashtag], |r| {
            let date: String = r.get(0)?;
            let authors: String = r.get(8)?;
            Ok(SoundDay {
                date: parse_day(&date)?,
                hashtag: r.get(1)?,
                sound: Sound {
                    id: r.get(2)?,
                    title: r.get(3)?,
                    author: r.get(4)?,
                    original: r.get(5)?,
                    owner: r.get(6)?,
                },
                videos: from_sql(r.get(7)?),
                authors: serde_json::from_str(&authors).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        8,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The size of every sample the sounds were counted from, `from <= date <= to`, under
    /// `hashtag` only when given.
    pub fn sound_samples(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        hashtag: Option<&str>,
    ) -> Result<Vec<SampleDay>> {
        if !self.has_sounds()? {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, hashtag, videos FROM sound_samples
             WHERE date >= ?1 AND date <= ?2 AND (?3 IS NULL OR hashtag = ?3)",
        )?;
        let rows = stmt.query_map(params![date_text(from), date_text(to), hashtag], |r| {
            let date: String = r.get(0)?;
            Ok(SampleDay {
                date: parse_day(&date)?,
                hashtag: r.get(1)?,
                videos: from_sql(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The first day each of `ids` was heard in a stored sample (under `hashtag` only, when
    /// given), on or before `until`.
    pub fn sounds_first_seen(
        &self,
        ids: &[&str],
        hashtag: Option<&str>,
        until: NaiveDate,
    ) -> Result<HashMap<String, NaiveDate>> {
        let mut out = HashMap::new();
        if !self.has_sounds()? {
            return Ok(out);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT min(date) FROM sounds
             WHERE sound_id = ?1 AND date <= ?2 AND (?3 IS NULL OR hashtag = ?3)",
        )?;
        for id in ids {
            let first: Option<String> = stmt
                .query_row(params![id, date_text(until), hashtag], |r| r.get(0))
                .optional()?
                .flatten();
            if let Some(first) = first {
                out.insert(id.to_string(), parse_day(&first)?);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 4, d).unwrap()
    }

    fn count(id: &str, authors: &[&str]) -> SoundCount {
        SoundCount {
            sound: Sound {
                id: id.into(),
                title: format!("t{id}"),
                author: "a".into(),
                original: false,
                owner: None,
            },
            videos: authors.len() as u64,
            authors: authors.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn a_day_is_replaced_whole_and_read_back() {
        let store = Store::open_in_memory().unwrap();
        let first = [count("1", &["x", "y"]), count("2", &["x"])];
        let counted = |counts| CountedSounds {
            sample: 5,
            with_sound: 3,
            counts,
        };
        store
            .save_sounds(day(1), "a", Some(counted(&first)))
            .unwrap();
        store
            .save_sounds(day(2), "a", Some(counted(&first[..1])))
            .unwrap();
        store
            .save_sounds(day(2), "a", Some(counted(&first[1..])))
            .unwrap();
        let rows = store.sound_days(day(1), day(2), Some("a")).unwrap();
        assert_eq!(rows.len(), 3);
        let day2: Vec<_> = rows.iter().filter(|r| r.date == day(2)).collect();
        assert_eq!(day2.len(), 1);
        assert_eq!(day2[0].sound.id, "2");
        assert!(
            store
                .sound_days(day(1), day(2), Some("b"))
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.sound_samples(day(1), day(2), None).unwrap().len(), 2);
        let first_seen = store.sounds_first_seen(&["2", "9"], None, day(2)).unwrap();
        assert_eq!(first_seen.get("2"), Some(&day(1)));
        assert!(!first_seen.contains_key("9"));
        store.save_sounds(day(1), "a", None).unwrap();
        assert_eq!(store.sound_samples(day(1), day(1), None).unwrap().len(), 0);
    }

    #[test]
    fn a_new_database_has_nothing_to_fill() {
        let store = Store::open_in_memory().unwrap();
        // The migration sets the flag; a new database's fill finds no answer and ends it.
        assert!(store.sounds_backfill_pending().unwrap());
        store.finish_sounds_backfill().unwrap();
        assert!(!store.sounds_backfill_pending().unwrap());
    }
}
