//! Raw answers as they were paid for, so a re-run reuses them instead of buying them again.

use super::*;

/// A raw body as it was paid for.
#[derive(Debug, Clone)]
pub struct ResponseRow<'a> {
    pub date: NaiveDate,
    pub hashtag: &'a str,
    pub endpoint: Endpoint,
    /// Which page of videos (0 = the first); 0 for stats.
    pub page: u32,
    pub run_id: i64,
    pub status: u16,
    pub body: &'a [u8],
    /// `None` when the parser read it; the reason when it did not.
    pub parse_error: Option<&'a str>,
}

impl Store {
    pub fn save_response(&self, r: &ResponseRow<'_>) -> Result<()> {
        let body = codec::encode(r.body)?;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO responses (date, hashtag, endpoint, page, run_id,
                 fetched_at, status, parsed_ok, error, body) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
            )?
            .execute(params![
                date_text(r.date),
                r.hashtag,
                r.endpoint.as_str(),
                r.page,
                r.run_id,
                now(),
                r.status,
                r.parse_error.is_none(),
                r.parse_error,
                body,
            ])?;
        Ok(())
    }

    /// Bodies already paid for and readable on `date`, per (hashtag, endpoint, page), so a
    /// re-run does not buy them again.
    pub fn good_responses(
        &self,
        date: NaiveDate,
    ) -> Result<HashMap<(String, Endpoint, u32), Vec<u8>>> {
        let mut stmt = self.conn.prepare(
            "SELECT hashtag, endpoint, page, body FROM responses WHERE date = ?1 AND parsed_ok = 1",
        )?;
        let mut out = HashMap::new();
        let mut rows = stmt.query([date_text(date)])?;
        while let Some(row) = rows.next()? {
            let endpoint: String = row.get(1)?;
            let page: i64 = row.get(2)?;
            if let (Some(e), Ok(page)) = (Endpoint::from_name(&endpoint), u32::try_from(page)) {
                let body = codec::decode(row.get_ref(3)?.as_bytes()?)?;
                out.insert((row.get(0)?, e, page), body);
            }
        }
        Ok(out)
    }

    /// The readable answers stored for one hashtag, day and endpoint (every page), as they
    /// were received.
    pub fn readable_answers(
        &self,
        date: NaiveDate,
        hashtag: &str,
        endpoint: Endpoint,
    ) -> Result<Vec<Vec<u8>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT body FROM responses
             WHERE date = ?1 AND hashtag = ?2 AND endpoint = ?3 AND parsed_ok = 1
             ORDER BY page",
        )?;
        let mut rows = stmt.query(params![date_text(date), hashtag, endpoint.as_str()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(codec::decode(row.get_ref(0)?.as_bytes()?)?);
        }
        Ok(out)
    }
}
