//! Alerts after the daily fetch: which trend rows alert (this file: pure rules, no I/O),
//! the Slack-compatible message ([`message`]), one POST with retries ([`deliver`]), and the
//! glue `fetch` and `tracker alerts` call ([`run`]).
//!
//! The rules: a row alerts for each signal of `[alerts] on` it shows (`breakout`,
//! `trending`; `discover` never, until discovery exists) when its momentum reaches
//! `min_momentum`; `sound` alerts a sound that starts rising under the tracked hashtags,
//! once per sound, whatever its momentum; a hashtag delivered for a signal is not alerted for it again within
//! `cooldown_days` (nor twice for one day, whatever the cooldown); an alert that was not
//! delivered is tried again by the next run while it is within the cooldown.

pub mod deliver;
pub mod message;
pub mod run;

pub use crate::model::webhook::{WebhookUrl, WebhookUrlError};
pub use run::{after_fetch, send_test};

use crate::config::AlertSettings;
use crate::model::alert::sound_subject;
use crate::model::{AlertRecord, AlertSignal};
use crate::views::{SoundRow, TrendRow};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashSet;

/// Alerts judge trending with the same threshold `trends` shows by default.
pub use crate::metrics::growth::DEFAULT_TRENDING_PCT as TRENDING_THRESHOLD_PCT;

/// One alert to send: a hashtag, the signal it showed, the day, and its trend row as JSON
/// (a retried alert is resent with the row it was first tried with).
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub date: NaiveDate,
    pub signal: AlertSignal,
    pub hashtag: String,
    pub row: Value,
}

impl Alert {
    pub fn new(date: NaiveDate, signal: AlertSignal, row: &TrendRow) -> Alert {
        Alert {
            date,
            signal,
            hashtag: row.hashtag.clone(),
            row: serde_json::to_value(row).unwrap_or(Value::Null),
        }
    }

    /// Day-over-day video growth (%) against the previous snapshot, when there was one.
    pub fn video_growth_pct(&self) -> Option<f64> {
        self.row["video_growth_pct"].as_f64()
    }

    pub fn momentum(&self) -> Option<f64> {
        self.row["momentum"].as_f64()
    }

    pub fn video_count(&self) -> Option<u64> {
        self.row["video_count"].as_u64()
    }

    pub fn prev_date(&self) -> Option<&str> {
        self.row["prev_date"].as_str()
    }
}

/// Whether `row` shows `signal`.
fn shows(row: &TrendRow, signal: AlertSignal) -> bool {
    match signal {
        AlertSignal::Breakout => row.signals.breakout,
        AlertSignal::Trending => row.trending,
        // Nothing discovers hashtags yet.
        AlertSignal::Discover => false,
        // Sounds are judged on their own rows ([`select_sounds`]).
        AlertSignal::Sound => false,
    }
}

/// Days between two dates, either way round.
fn days_apart(a: NaiveDate, b: NaiveDate) -> u64 {
    (a - b).num_days().unsigned_abs()
}

/// A delivered alert of the same hashtag and signal holds this one back: the same day, or
/// less than `cooldown_days` away (either side: a day fetched late is held back too).
fn held_back(
    log: &[AlertRecord],
    hashtag: &str,
    signal: AlertSignal,
    date: NaiveDate,
    cooldown: u32,
) -> bool {
    log.iter().any(|r| {
        r.delivered
            && r.signal == signal
            && r.hashtag == hashtag
            && (r.date == date || days_apart(r.date, date) < u64::from(cooldown))
    })
}

/// The alerts to send after `date` was fetched: what its rows show that the cooldown does
/// not hold back, then alerts of earlier days that were never delivered and are still
/// within the cooldown (at most one per hashtag and signal, the newest). `log` is the
/// alert log around `date` (twice `cooldown_days` before it, `cooldown_days` after).
pub fn select(
    settings: &AlertSettings,
    date: NaiveDate,
    rows: &[TrendRow],
    log: &[AlertRecord],
) -> Vec<Alert> {
    let cooldown = settings.cooldown_days;
    let mut out: Vec<Alert> = Vec::new();
    for row in rows {
        let strong_enough = settings
            .min_momentum
            .is_none_or(|min| row.signals.momentum.is_some_and(|m| m >= min));
        if !strong_enough {
            continue;
        }
        for &signal in &settings.on {
            if shows(row, signal) && !held_back(log, &row.hashtag, signal, date, cooldown) {
                out.push(Alert::new(date, signal, row));
            }
        }
    }
    let mut pending: Vec<&AlertRecord> = log
        .iter()
        .filter(|r| {
            !r.delivered
                && r.date < date
                && days_apart(date, r.date) < u64::from(cooldown)
                && settings.on.contains(&r.signal)
                && !held_back(log, &r.hashtag, r.signal, r.date, cooldown)
        })
        .collect();
    // Newest first, so the first of each hashtag and signal is the one kept.
    pending.sort_by_key(|r| std::cmp::Reverse(r.date));
    for r in pending {
        if out
            .iter()
            .any(|a| a.hashtag == r.hashtag && a.signal == r.signal)
        {
            continue;
        }
        let Ok(row) = serde_json::from_str::<Value>(&r.row) else {
            continue;
        };
        out.push(Alert {
            date: r.date,
            signal: r.signal,
            hashtag: r.hashtag.clone(),
            row,
        });
    }
    out
}

/// The sound alerts to send after `date` was fetched, when `[alerts] on` has `sound`: each
/// rising sound under the tracked hashtags that was never alerted (`alerted`: the subjects
/// of the sound alerts delivered, ever) and is not already among `due`.
pub fn select_sounds(
    settings: &AlertSettings,
    date: NaiveDate,
    rising: &[SoundRow],
    alerted: &HashSet<String>,
    due: &[Alert],
) -> Vec<Alert> {
    if !settings.on.contains(&AlertSignal::Sound) {
        return Vec::new();
    }
    rising
        .iter()
        .filter(|s| s.rising && !s.hashtags.is_empty())
        .map(|s| (sound_subject(&s.id), s))
        .filter(|(key, _)| {
            !alerted.contains(key)
                && !due
                    .iter()
                    .any(|a| a.signal == AlertSignal::Sound && &a.hashtag == key)
        })
        .map(|(key, s)| Alert {
            date,
            signal: AlertSignal::Sound,
            hashtag: key,
            row: serde_json::to_value(s).unwrap_or(Value::Null),
        })
        .collect()
}

#[cfg(test)]
mod tests;
