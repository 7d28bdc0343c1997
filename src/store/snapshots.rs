//! Daily snapshots and their video samples, and the bounded queries the views make of them.

use super::*;

impl Store {
    /// Hashtags that already have a snapshot on `date`.
    pub fn stored_hashtags(&self, date: NaiveDate) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT hashtag FROM snapshots WHERE date = ?1")?;
        let rows = stmt.query_map([date_text(date)], |r| r.get(0))?;
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
             top_creators, credits_remaining, video_precision, view_precision)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
        )?
        .execute(params![
            date_text(s.date),
            s.hashtag,
            s.fetched_at,
            run_id,
            s.video_count.map(to_sql),
            to_sql(s.view_count),
            to_sql(m.sample_size),
            to_sql(m.plays),
            to_sql(m.likes),
            to_sql(m.comments),
            to_sql(m.shares),
            m.engagement_rate,
            m.virality,
            creators,
            s.credits_remaining.map(to_sql),
            to_sql(s.video_precision),
            to_sql(s.view_precision),
        ])?;
        tx.prepare_cached("DELETE FROM videos WHERE date = ?1 AND hashtag = ?2")?
            .execute(params![date_text(s.date), s.hashtag])?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO videos (date, hashtag, position, video_id, author, description, plays,
                 likes, comments, shares) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
            )?;
            for (pos, v) in videos.iter().enumerate() {
                stmt.execute(params![
                    date_text(s.date),
                    s.hashtag,
                    pos as i64,
                    v.id,
                    v.author,
                    v.desc,
                    to_sql(v.plays),
                    to_sql(v.likes),
                    to_sql(v.comments),
                    to_sql(v.shares),
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
        credits_remaining, video_precision, view_precision";

    fn snapshot_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Snapshot> {
        let date: String = r.get(0)?;
        let creators: String = r.get(12)?;
        let top_creators: Vec<Creator> = serde_json::from_str(&creators).unwrap_or_default();
        Ok(Snapshot {
            date: parse_day(&date)?,
            hashtag: r.get(1)?,
            fetched_at: r.get(2)?,
            video_count: r.get::<_, Option<i64>>(3)?.map(from_sql),
            view_count: from_sql(r.get(4)?),
            metrics: SampleMetrics {
                sample_size: from_sql(r.get(5)?),
                plays: from_sql(r.get(6)?),
                likes: from_sql(r.get(7)?),
                comments: from_sql(r.get(8)?),
                shares: from_sql(r.get(9)?),
                engagement_rate: r.get(10)?,
                virality: r.get(11)?,
                top_creators,
            },
            credits_remaining: r.get::<_, Option<i64>>(13)?.map(from_sql),
            video_precision: from_sql(r.get(14)?),
            view_precision: from_sql(r.get(15)?),
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
            .query_row(params![hashtag, date_text(date)], Self::snapshot_from_row)
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
            params![hashtag, date_text(from), date_text(to)],
            Self::snapshot_from_row,
        )?;
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
        let rows = stmt.query_map([date_text(date)], |r| {
            let snap = Self::snapshot_from_row(r)?;
            let has_signals: bool = r.get(16)?;
            let prev = match r.get_ref(17)?.as_str_or_null()? {
                Some(d) => Some(Previous {
                    date: parse_day(d)?,
                    video_count: r.get::<_, Option<i64>>(18)?.map(from_sql),
                    view_count: from_sql(r.get(19)?),
                    top_creators: serde_json::from_str(r.get_ref(20)?.as_str()?)
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
            .query_row(params![hashtag, date_text(date)], |r| r.get(0))?;
        d.map(|s| parse_day(&s)).transpose().map_err(Into::into)
    }

    /// How many hashtags have a snapshot on `date` (an index-only count).
    pub fn count_on(&self, date: NaiveDate) -> Result<u64> {
        Ok(from_sql(self.conn.query_row(
            "SELECT count(*) FROM snapshots WHERE date = ?1",
            [date_text(date)],
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
        let rows = stmt.query_map(params![date_text(date), hashtag], |r| {
            Ok(Video {
                id: r.get(0)?,
                desc: r.get(1)?,
                author: r.get(2)?,
                plays: from_sql(r.get(3)?),
                likes: from_sql(r.get(4)?),
                comments: from_sql(r.get(5)?),
                shares: from_sql(r.get(6)?),
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
        let since = since.map(date_text).unwrap_or_else(|| "0000-01-01".into());
        let until = until.map(date_text).unwrap_or_else(|| "9999-12-31".into());
        let mut rows = stmt.query(params![since, until])?;
        while let Some(row) = rows.next()? {
            let s = Self::snapshot_from_row(row)?;
            if tags.is_empty() || tags.contains(&s.hashtag) {
                each(s)?;
            }
        }
        Ok(())
    }
}
