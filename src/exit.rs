//! Process exit codes: a contract with cron jobs and scripts, documented in `--help` and the README.

use std::process::ExitCode;

/// Everything went as asked.
pub const SUCCESS: u8 = 0;
/// A fatal error: bad config, missing or rejected key, database problem, budget refused,
/// another fetch running.
pub const ERROR: u8 = 1;
/// The command line was wrong (clap's own code for usage errors).
pub const USAGE: u8 = 2;
/// `fetch` stored what it could but some hashtags failed; re-run to fetch only what is missing.
pub const PARTIAL: u8 = 3;
/// `fetch` was interrupted (Ctrl-C): the answers already paid for were stored, the rest not
/// asked for. 128 + SIGINT, as shells report it.
pub const INTERRUPTED: u8 = 130;
/// `fetch` was stopped by SIGTERM (systemd, `timeout`), handled like Ctrl-C. 128 + SIGTERM.
pub const TERMINATED: u8 = 143;

/// The table shown in `--help`.
pub const HELP: &str = "\
Exit codes:
    0  success
    1  error (config, key missing or rejected, database, budget, another fetch running)
    2  usage error (bad flag or value)
    3  fetch: some hashtags failed, the others were stored (re-run to fetch only what is missing)
  130  fetch: interrupted (Ctrl-C); what was paid for is stored (re-run to fetch the rest)
  143  fetch: stopped by SIGTERM, like Ctrl-C";

pub fn code(c: u8) -> ExitCode {
    ExitCode::from(c)
}
