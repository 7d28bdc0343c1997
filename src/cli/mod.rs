//! The command line (clap derive) and nothing else. Commands turn these types into plain
//! options and settings; no clap type travels past `commands/`. One file of arguments per
//! command group (as fd and uv keep them): [`fetch`] (the daily job), [`read`] (the read
//! commands), [`data`] (the stored data itself), [`setup`], and the [`values`] they share.

mod data;
mod fetch;
mod read;
mod setup;
mod values;

pub use data::{ExportArgs, ExportFormat, PruneArgs, RawArgs, RawEndpoint};
pub use fetch::{DemoArgs, FetchArgs};
pub use read::{
    CostsArgs, DiscoverArgs, HistoryArgs, ReportArgs, SoundsArgs, TrendSignal, TrendSort,
    TrendsArgs, VideosArgs,
};
pub use setup::{AlertsCommand, AlertsListArgs, CompletionsArgs, InitArgs, ManArgs, TagsCommand};
pub use values::{DataFormat, ReportFormat, parse_date};

use clap::{Parser, Subcommand};
use std::path::PathBuf;

const AFTER_HELP: &str = concat!(
    "Environment:\n",
    "  SCAVIO_API_KEY       API key for `fetch` (never printed, logged or stored)\n",
    "  SCAVIO_BASE_URL      overrides [api] base_url\n",
    "  TRACKER_WEBHOOK_URL  overrides [alerts] webhook_url (never printed, logged or stored)\n",
    "  TRACKER_CONFIG       same as --config\n",
    "  TRACKER_DB           same as --db\n",
    "  NO_COLOR             disables colour (tables still fit the terminal)\n",
    "  COLUMNS              the terminal width tables fit (when stdout is a terminal)\n\n",
);

/// Track TikTok hashtags day by day: fetch daily snapshots from the Scavio API into SQLite,
/// then report engagement, growth and trends.
#[derive(Debug, Parser)]
#[command(name = "tracker", version, about, after_help = after_help(), propagate_version = true)]
pub struct Cli {
    /// Config file [default: ./hashtags.toml, then the platform config folder]
    #[arg(long, global = true, env = "TRACKER_CONFIG", hide_env_values = true, value_name = "FILE", help_heading = GLOBAL)]
    pub config: Option<PathBuf>,

    /// Database file [default: the config's [storage] path, else tracker.db beside the config; with no config, $XDG_DATA_HOME/tracker/tracker.db]
    #[arg(long, global = true, env = "TRACKER_DB", hide_env_values = true, value_name = "FILE", help_heading = GLOBAL)]
    pub db: Option<PathBuf>,

    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = GLOBAL)]
    pub quiet: bool,

    /// Log requests, retries and timings to stderr (-vv for more)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = GLOBAL)]
    pub verbose: u8,

    /// Tables show every column, however wide the terminal
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub wide: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The heading the options every subcommand takes stand under.
const GLOBAL: &str = "Global options";

fn after_help() -> String {
    format!("{AFTER_HELP}{}", crate::exit::HELP)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Call the API for every configured hashtag and store today's snapshot (the daily cron job)
    Fetch(FetchArgs),
    /// One row per hashtag for a date: counts, engagement, virality, top creators, growth
    Report(ReportArgs),
    /// Hashtags ranked by momentum: growth, velocity, 7-day growth, acceleration, streaks, breakouts
    #[command(after_help = crate::metrics::signals::FORMULAS)]
    Trends(TrendsArgs),
    /// The daily series of one hashtag
    History(HistoryArgs),
    /// Co-hashtags nobody tracks yet, ranked by how fast they spread in the stored samples (spends nothing)
    #[command(after_help = crate::metrics::discover::help())]
    Discover(DiscoverArgs),
    /// Sounds rising under the tracked hashtags, from the stored samples (spends nothing)
    #[command(after_help = crate::metrics::sounds::help())]
    Sounds(SoundsArgs),
    /// The top sampled videos of a hashtag on a date, from what was already paid for
    Videos(VideosArgs),
    /// Requests and spend per day and per month, from the run log
    Costs(CostsArgs),
    /// Run the whole daily job for several simulated days against a built-in simulated API
    Demo(DemoArgs),
    /// Write a commented hashtags.toml to start from
    Init(InitArgs),
    /// Add, remove or list the configured hashtags (keeps the file's comments)
    #[command(subcommand)]
    Tags(TagsCommand),
    /// Show which files are in use, whether the key is set, and what the database holds
    #[command(visible_alias = "config")]
    Doctor,
    /// Write the full snapshot history as CSV, JSON or NDJSON
    Export(ExportArgs),
    /// Alerts after each fetch ([alerts] in the config): send a test message, list what was sent
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// Print a stored answer exactly as it was received (to check a parser fix against history)
    Raw(RawArgs),
    /// Remove raw answers older than [storage] keep_raw_days (says what it would remove unless --yes)
    Prune(PruneArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Write the man pages (roff): tracker.1 and one per subcommand
    Man(ManArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every option and argument of every (sub)command, with the command's path.
    fn all_args(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Arg)>) {
        for a in cmd.get_arguments() {
            out.push((path.to_string(), a.clone()));
        }
        for sub in cmd.get_subcommands() {
            all_args(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_option_and_argument_is_described() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut args = Vec::new();
        all_args(&cmd, "tracker", &mut args);
        assert!(args.len() > 30, "{}", args.len());
        let undescribed: Vec<String> = args
            .iter()
            .filter(|(_, a)| !a.is_hide_set())
            .filter(|(_, a)| a.get_help().is_none_or(|h| h.to_string().trim().is_empty()))
            .map(|(path, a)| format!("{path}: {}", a.get_id()))
            .collect();
        assert!(undescribed.is_empty(), "no help text: {undescribed:?}");
    }

    #[test]
    fn value_names_are_consistent() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut args = Vec::new();
        all_args(&cmd, "tracker", &mut args);
        for (path, a) in &args {
            let names: Vec<String> = a
                .get_value_names()
                .unwrap_or_default()
                .iter()
                .map(|n| n.to_string())
                .collect();
            let id = a.get_id().as_str();
            if matches!(id, "date" | "since" | "until") {
                assert_eq!(names, ["DATE"], "{path} --{id}");
            }
            if matches!(id, "tag" | "tags") {
                assert_eq!(names, ["TAG"], "{path} {id}");
            }
            if matches!(id, "days" | "top" | "max_requests" | "concurrency") {
                assert_eq!(names, ["N"], "{path} --{id}");
            }
        }
    }

    #[test]
    fn global_options_stand_under_their_own_heading() {
        let cmd = Cli::command();
        for id in ["config", "db", "quiet", "verbose", "wide"] {
            let a = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
            assert_eq!(a.get_help_heading(), Some(GLOBAL), "{id}");
        }
        let doctor = cmd.find_subcommand("doctor").unwrap();
        assert!(doctor.get_visible_aliases().any(|a| a == "config"));
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for args in [
            &["tracker", "fetch", "--date", "2026-13-40"][..],
            &["tracker", "fetch", "--concurrency", "0"],
            &["tracker", "report", "--format", "xml"],
        ] {
            let err = Cli::try_parse_from(args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}");
        }
    }
}
