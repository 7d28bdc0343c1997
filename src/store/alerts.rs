//! The alert log: what was sent after each fetch (or tried and not delivered yet).

use super::*;
use crate::model::{AlertRecord, AlertSignal};

/// One alert of a delivery, as it is logged.
#[derive(Debug, Clone, Copy)]
pub struct AlertEntry<'a> {
    pub date: NaiveDate,
    pub hashtag: &'a str,
    pub signal: AlertSignal,
    /// The trend row it carries (JSON).
    pub row: &'a str,
}

/// How one delivery ended, for every alert it carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryOutcome {
    pub delivered: bool,
    /// POSTs it took.
    pub attempts: u32,
}

impl Store {
    /// Logs one delivery of `entries`: a new alert is added, one tried before counts the new
    /// attempts (and is marked delivered once it is). All in one transaction.
    pub fn log_alerts(
        &mut self,
        entries: &[AlertEntry<'_>],
        outcome: DeliveryOutcome,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO alerts (date, hashtag, signal, first_tried_at, last_tried_at, sent_at,
                                     delivered, attempts, row)
                 VALUES (?1, ?2, ?3, ?4, ?4, CASE WHEN ?5 THEN ?4 END, ?5, ?6, ?7)
                 ON CONFLICT (date, hashtag, signal) DO UPDATE SET
                     last_tried_at = excluded.last_tried_at,
                     sent_at = coalesce(alerts.sent_at, excluded.sent_at),
                     delivered = max(alerts.delivered, excluded.delivered),
                     attempts = alerts.attempts + excluded.attempts,
                     row = excluded.row",
            )?;
            let at = now();
            for e in entries {
                stmt.execute(params![
                    date_text(e.date),
                    e.hashtag,
                    e.signal.as_str(),
                    at,
                    outcome.delivered,
                    outcome.attempts,
                    e.row
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The logged alerts about dates in `[from, to]`, oldest first.
    pub fn alerts_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<AlertRecord>> {
        self.read_alerts(
            "WHERE date >= ?1 AND date <= ?2 ORDER BY date, hashtag, signal",
            params![date_text(from), date_text(to)],
        )
    }

    /// The last `limit` logged alerts, newest first.
    pub fn recent_alerts(&self, limit: u32) -> Result<Vec<AlertRecord>> {
        self.read_alerts(
            "ORDER BY date DESC, first_tried_at DESC, hashtag, signal LIMIT ?1",
            params![limit],
        )
    }

    /// The subjects (`hashtag` column) of every delivered alert for `signal`, ever: what a
    /// once-only signal (a sound) is not alerted for again.
    pub fn delivered_subjects(&self, signal: AlertSignal) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT hashtag FROM alerts WHERE signal = ?1 AND delivered = 1",
        )?;
        let rows = stmt.query_map([signal.as_str()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn read_alerts(&self, tail: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<AlertRecord>> {
        let sql = format!(
            "SELECT date, hashtag, signal, first_tried_at, sent_at, delivered, attempts, row
             FROM alerts {tail}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(args)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let signal: String = r.get(2)?;
            // A signal this build does not know (a newer tracker wrote it) is left out
            // rather than guessed.
            let Some(signal) = AlertSignal::parse(&signal) else {
                continue;
            };
            out.push(AlertRecord {
                date: parse_day(r.get_ref(0)?.as_str()?)?,
                hashtag: r.get(1)?,
                signal,
                first_tried_at: r.get(3)?,
                sent_at: r.get(4)?,
                delivered: r.get(5)?,
                attempts: u32::try_from(r.get::<_, i64>(6)?).unwrap_or(u32::MAX),
                row: r.get(7)?,
            });
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

    #[test]
    fn a_failed_alert_counts_its_attempts_until_it_is_delivered() {
        let mut store = Store::open_in_memory().unwrap();
        let entry = AlertEntry {
            date: day(3),
            hashtag: "jumper",
            signal: AlertSignal::Breakout,
            row: r#"{"hashtag":"jumper"}"#,
        };
        let failed = DeliveryOutcome {
            delivered: false,
            attempts: 3,
        };
        store.log_alerts(&[entry], failed).unwrap();
        let log = store.alerts_between(day(1), day(9)).unwrap();
        assert_eq!(log.len(), 1);
        assert!(!log[0].delivered);
        assert_eq!(log[0].sent_at, None);
        assert_eq!(log[0].attempts, 3);

        let ok = DeliveryOutcome {
            delivered: true,
            attempts: 1,
        };
        store.log_alerts(&[entry], ok).unwrap();
        // A later failure (a resend) never unmarks what arrived.
        store.log_alerts(&[entry], failed).unwrap();
        let log = store.recent_alerts(10).unwrap();
        assert_eq!(log.len(), 1);
        assert!(log[0].delivered);
        assert!(log[0].sent_at.is_some());
        assert_eq!(log[0].attempts, 7);
        assert_eq!(log[0].row, r#"{"hashtag":"jumper"}"#);
        assert!(store.alerts_between(day(4), day(9)).unwrap().is_empty());
    }
}
