//! A fetch run as the run log records it.

/// How a run ended, as stored in `runs.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Still going, or killed before it could say otherwise.
    Running,
    /// Every hashtag stored or already stored.
    Ok,
    /// Some hashtags failed; the rest are stored.
    Partial,
    /// Stopped before every hashtag was fetched (Ctrl-C, SIGTERM, or a dead process).
    Interrupted,
    /// The API refused the key or the account part-way through.
    AuthFailed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Ok => "ok",
            RunStatus::Partial => "partial",
            RunStatus::Interrupted => "interrupted",
            RunStatus::AuthFailed => "auth_failed",
        }
    }
}

/// How many hashtags a finished run stored, failed and skipped.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunTotals {
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// Spending over one period, from the run log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CostRow {
    pub period: String,
    pub runs: u64,
    pub requests: u64,
    pub paid_requests: u64,
    /// Credits spent: one per paid request (each page of videos is one).
    pub credits_used: u64,
    /// The account's balance after the period's last answer that said, if any did.
    pub balance_after: Option<u64>,
    /// Requests sent that got no answer (a timeout, or a run killed before the answer):
    /// they may have been charged.
    pub possibly_charged: u64,
    pub cost_usd: f64,
}

/// What the database holds, for `doctor`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoreSummary {
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub snapshots: u64,
    pub hashtags: u64,
}
