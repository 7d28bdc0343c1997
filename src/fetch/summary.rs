//! What a run did: the end summary people read and the exit code scripts read.

use crate::api::ApiError;
use crate::exit;
use crate::model::RunStatus;
use crate::render::format::int;
use chrono::NaiveDate;
use std::fmt::Write as _;

/// A hashtag that could not be stored, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub hashtag: String,
    pub reason: String,
}
/// What a run did, for the end summary and the exit code.
#[derive(Debug, Default)]
pub struct FetchSummary {
    pub date: Option<NaiveDate>,
    pub stored: Vec<String>,
    /// Already stored for the date: nothing spent.
    pub skipped: Vec<String>,
    pub failed: Vec<Failure>,
    /// Every HTTP attempt, answered or not.
    pub requests: u64,
    /// Attempts answered with a 2xx: the ones the API charges.
    pub paid: u64,
    pub cost_usd: f64,
    /// Stored answers reused instead of bought again.
    pub reused: u64,
    pub credits_remaining: Option<u64>,
    /// The account's plan and balance before the run (the free usage check).
    pub plan: Option<String>,
    pub balance_before: Option<u64>,
    /// Requests in flight the API accepted at the end of the run, and its 429s for too many.
    pub concurrency: usize,
    pub rate_limited: u64,
    /// Set when the key was rejected or the credits ran out: the run stopped there.
    pub auth_error: Option<ApiError>,
    /// Hashtags the run stopped before (a rejected key, Ctrl-C): neither stored nor failed.
    pub not_fetched: usize,
    /// Ctrl-C stopped the run: no new request was sent after it.
    pub interrupted: bool,
    /// The API could not be reached at all (wrong base URL, no network): why. The run
    /// stopped after the first few tries.
    pub unreachable: Option<String>,
}
impl FetchSummary {
    pub fn exit_code(&self) -> u8 {
        if self.auth_error.is_some() || self.unreachable.is_some() {
            exit::ERROR
        } else if self.interrupted {
            exit::INTERRUPTED
        } else if !self.failed.is_empty() {
            exit::PARTIAL
        } else {
            exit::SUCCESS
        }
    }

    /// How the run log records this run.
    pub fn run_status(&self) -> RunStatus {
        if self.auth_error.is_some() {
            RunStatus::AuthFailed
        } else if self.not_fetched > 0 {
            RunStatus::Interrupted
        } else if self.failed.is_empty() {
            RunStatus::Ok
        } else {
            RunStatus::Partial
        }
    }
}
/// The summary printed at the end of a run.
pub fn summary_text(s: &FetchSummary, db: &std::path::Path) -> String {
    let mut out = String::new();
    let date = s.date.map(|d| d.to_string()).unwrap_or_default();
    let stopped = if s.not_fetched > 0 {
        format!(", {} not fetched (run stopped)", s.not_fetched)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "fetch {date}: {} stored, {} already stored, {} failed{stopped}  (database: {})",
        s.stored.len(),
        s.skipped.len(),
        s.failed.len(),
        db.display()
    );
    if !s.skipped.is_empty() {
        let tags: Vec<String> = s.skipped.iter().map(|t| format!("#{t}")).collect();
        let _ = writeln!(
            out,
            "already stored for {date}, nothing spent on: {} (--force to fetch again)",
            tags.join(" ")
        );
    }
    let _ = write!(
        out,
        "requests: {} made, {} paid; credits used: {} (${:.3})",
        int(s.requests),
        int(s.paid),
        int(s.paid),
        s.cost_usd
    );
    if s.reused > 0 {
        let _ = write!(out, "; {} stored answers reused at no cost", s.reused);
    }
    // What the API said last, else the balance before minus what was paid.
    let after = s
        .credits_remaining
        .or_else(|| s.balance_before.map(|b| b.saturating_sub(s.paid)));
    if let Some(c) = after {
        let _ = write!(out, "; balance after: {} credits", int(c));
    }
    if let Some(p) = &s.plan {
        let _ = write!(out, " ({} plan)", crate::text::sanitize(p));
    }
    if s.rate_limited > 0 && s.paid > 0 {
        let _ = write!(
            out,
            "\nthe API refused {} request(s) for too many in flight; {} at a time worked (remembered for the next run)",
            s.rate_limited, s.concurrency
        );
    } else if s.rate_limited > 0 {
        // Nothing was accepted: nothing learnt about the plan's limit either.
        let _ = write!(
            out,
            "\nthe API refused {} request(s) for too many in flight, and accepted none",
            s.rate_limited
        );
    }
    out.push('\n');
    out
}
