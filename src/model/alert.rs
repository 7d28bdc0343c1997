//! What an alert is about, and one entry of the alert log.

use chrono::NaiveDate;
use serde::Serialize;

/// A signal a hashtag can be alerted for (`[alerts] on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertSignal {
    /// Today's growth stands far above the hashtag's own baseline.
    Breakout,
    /// Day-over-day video growth above the trending threshold.
    Trending,
    /// A hashtag new to the tracker. Accepted in the config, but nothing discovers hashtags
    /// yet, so it never alerts.
    Discover,
    /// A sound that starts rising under the tracked hashtags (#26): alerted once per sound.
    Sound,
}

impl AlertSignal {
    pub const ALL: [AlertSignal; 4] = [
        AlertSignal::Breakout,
        AlertSignal::Trending,
        AlertSignal::Discover,
        AlertSignal::Sound,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertSignal::Breakout => "breakout",
            AlertSignal::Trending => "trending",
            AlertSignal::Discover => "discover",
            AlertSignal::Sound => "sound",
        }
    }

    /// The signal a config or the alert log names, if it is one.
    pub fn parse(s: &str) -> Option<AlertSignal> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// What the alert log keeps in its `hashtag` column for a sound alert: the sound's id, so
/// that a sound is alerted once, whichever hashtags it rises under.
pub fn sound_subject(id: &str) -> String {
    format!("{SOUND_SUBJECT_PREFIX}{id}")
}
/// Marks a sound's id in the alert log's `hashtag` column (no hashtag holds a `:`).
pub const SOUND_SUBJECT_PREFIX: &str = "sound:";

/// One alert as the log keeps it: what was (or was to be) sent, and whether it arrived.
/// Never the webhook's address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRecord {
    /// The snapshot date the alert is about.
    pub date: NaiveDate,
    pub hashtag: String,
    pub signal: AlertSignal,
    /// When it was first tried (RFC 3339, UTC).
    pub first_tried_at: String,
    /// When the webhook accepted it; `None` while it has not.
    pub sent_at: Option<String>,
    pub delivered: bool,
    /// POSTs tried for it, over every run.
    pub attempts: u32,
    /// The trend row it was sent with (JSON), resent as it was when a delivery is retried.
    pub row: String,
}
