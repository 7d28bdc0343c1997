//! The arguments of the commands that run the daily job: `fetch` (spends credits) and `demo`
//! (the same job against the simulated API).

use super::values::parse_date;
use chrono::NaiveDate;
use clap::Args;

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Label the snapshot with this date, YYYY-MM-DD [default: today, UTC]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Fetch only this hashtag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Fetch again even if stored for this date (spends money)
    #[arg(long)]
    pub force: bool,
    /// Most requests in flight at once, 1-256; the plan's own limit is kept below it [default: [api] concurrency, else 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: Option<u32>,
    /// Refuse to start a run that would need more requests than this
    #[arg(long, value_name = "N")]
    pub max_requests: Option<u64>,
    /// Send no alerts after this run, even when [alerts] has a webhook
    #[arg(long)]
    pub no_alerts: bool,
    /// Allow a --date before today (UTC): today's counts are stored under that date
    /// (tests, simulations); a warning says so
    #[arg(long, env = "TRACKER_BACKDATE", hide_env_values = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub backdate: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Simulated days to fetch, 1-365 (keep them with the global --db FILE)
    #[arg(long, default_value_t = 14, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=365))]
    pub days: u32,
}
