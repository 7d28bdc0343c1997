//! The run log: one row per fetch run and one per HTTP attempt, and the spending read back from it.

use super::*;

/// One HTTP attempt for the run log.
#[derive(Debug, Clone)]
pub struct RequestRow<'a> {
    pub run_id: i64,
    pub date: NaiveDate,
    pub hashtag: &'a str,
    pub endpoint: Endpoint,
    pub attempt: u32,
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub elapsed_ms: u64,
    pub cost_usd: f64,
    pub credits_remaining: Option<u64>,
}

/// What a call logged as sent, with no answer recorded, says in the run log.
pub const SENT_NO_ANSWER: &str = "sent; no answer recorded (the run was killed): possibly charged";

impl Store {
    /// Starts a run. Call it holding the fetch lock: a run still marked `running` then
    /// belongs to a process that died without finishing (`kill -9`, power loss), and is
    /// closed as interrupted first.
    pub fn begin_run(&self, date: NaiveDate) -> Result<i64> {
        self.conn.execute(
            "UPDATE runs SET status = ?1, finished_at = coalesce(finished_at, ?2)
             WHERE status = ?3",
            params![
                RunStatus::Interrupted.as_str(),
                now(),
                RunStatus::Running.as_str()
            ],
        )?;
        self.conn.execute(
            "INSERT INTO runs (date, started_at) VALUES (?1, ?2)",
            params![date_text(date), now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_run(&self, run_id: i64, status: RunStatus, totals: RunTotals) -> Result<()> {
        self.conn.execute(
            "UPDATE runs SET finished_at = ?2, status = ?3, hashtags_ok = ?4, hashtags_failed = ?5,
             hashtags_skipped = ?6 WHERE id = ?1",
            params![
                run_id,
                now(),
                status.as_str(),
                totals.ok as i64,
                totals.failed as i64,
                totals.skipped as i64
            ],
        )?;
        Ok(())
    }

    /// Removes every trace of a run that must store nothing (its key was rejected).
    pub fn discard_run(&mut self, run_id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM responses WHERE run_id = ?1", [run_id])?;
        tx.execute("DELETE FROM requests WHERE run_id = ?1", [run_id])?;
        tx.execute("DELETE FROM runs WHERE id = ?1", [run_id])?;
        tx.commit()?;
        Ok(())
    }

    pub fn log_request(&self, r: &RequestRow<'_>) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO requests (run_id, at, date, hashtag, endpoint, attempt, status, error,
                 elapsed_ms, cost_usd, credits_remaining) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
            )?
            .execute(params![
                r.run_id,
                now(),
                date_text(r.date),
                r.hashtag,
                r.endpoint.as_str(),
                r.attempt,
                r.status,
                r.error,
                to_sql(r.elapsed_ms),
                r.cost_usd,
                r.credits_remaining.map(to_sql),
            ])?;
        Ok(())
    }

    /// Logs a paid call as sent before it goes (attempt 0, no status): if the process dies
    /// before the answer, the run log still counts it as possibly charged. Its id, for
    /// [`Store::forget_sending`] once the call's attempts are logged.
    pub fn log_sending(
        &self,
        run_id: i64,
        date: NaiveDate,
        hashtag: &str,
        endpoint: Endpoint,
    ) -> Result<i64> {
        self.log_request(&RequestRow {
            run_id,
            date,
            hashtag,
            endpoint,
            attempt: 0,
            status: None,
            error: Some(SENT_NO_ANSWER),
            elapsed_ms: 0,
            cost_usd: 0.0,
            credits_remaining: None,
        })?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The call's attempts are logged: its "sent" row goes.
    pub fn forget_sending(&self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM requests WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Requests and spend per snapshot day (`"%Y-%m-%d"`, the day the data is for) or month
    /// (`"%Y-%m"`) of the run log: a back-filled or simulated day counts on its own date,
    /// not on the wall-clock day the run happened.
    pub fn costs(&self, monthly: bool) -> Result<Vec<CostRow>> {
        let len = if monthly { 7 } else { 10 };
        let mut stmt = self.conn.prepare(
            "SELECT substr(date, 1, ?1) AS period, count(DISTINCT run_id), count(*),
                    sum(cost_usd > 0), total(cost_usd),
                    sum(attempt = 0 OR (status IS NULL AND error LIKE 'timed out%')),
                    (SELECT b.credits_remaining FROM requests b
                     WHERE substr(b.date, 1, ?1) = substr(requests.date, 1, ?1)
                       AND b.credits_remaining IS NOT NULL
                     ORDER BY b.at DESC, b.id DESC LIMIT 1)
             FROM requests GROUP BY period ORDER BY period",
        )?;
        let rows = stmt.query_map([len], |r| {
            Ok(CostRow {
                period: r.get(0)?,
                runs: from_sql(r.get(1)?),
                requests: from_sql(r.get(2)?),
                paid_requests: from_sql(r.get(3)?),
                credits_used: from_sql(r.get(3)?),
                balance_after: r.get::<_, Option<i64>>(6)?.map(from_sql),
                possibly_charged: from_sql(r.get(5)?),
                cost_usd: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
