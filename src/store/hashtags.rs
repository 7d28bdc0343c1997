//! The hashtags tracked, with TikTok's id for each (the videos call needs it), and small
//! facts a run leaves for the next one in `meta` (what the API's limit on requests in
//! flight was found to be).

use super::*;

impl Store {
    /// TikTok's id for every hashtag that has one.
    pub fn hashtag_ids(&self) -> Result<HashMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, id FROM hashtags WHERE id IS NOT NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a hashtag (first seen now) and the id an answer gave for it.
    pub fn save_hashtag_id(&self, name: &str, id: Option<&str>) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO hashtags (name, id, first_seen) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET id = coalesce(excluded.id, hashtags.id)",
            )?
            .execute(params![name, id, now()])?;
        Ok(())
    }

    /// A fact an earlier run left in `meta`.
    pub fn recall(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Leaves a fact for later runs in `meta`.
    pub fn remember(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
        Ok(())
    }
}
