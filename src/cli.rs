//! The command line (clap derive) and nothing else. Commands turn these types into plain
//! options and settings; no clap type travels past `commands/`.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
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

/// A date given as YYYY-MM-DD, exactly: chrono alone reads "26-05-01" as the year 26.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let shape_ok = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err("expected a date as YYYY-MM-DD, e.g. 2026-05-01".into());
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("expected a date as YYYY-MM-DD ({e})"))?;
    if chrono::Datelike::year(&d) < 2000 {
        return Err("expected a year from 2000 on".into());
    }
    Ok(d)
}

/// `--threshold`: a finite percentage.
fn parse_pct(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("expected a finite number (a percentage, e.g. 5 or 2.5)".into()),
    }
}

/// The output formats of every read command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// Aligned columns for a terminal
    Table,
    /// The view as JSON (a stable contract for scripts)
    Json,
    /// Machine values, one row per line
    Csv,
    /// A GitHub-flavoured table
    Markdown,
}

/// The report's formats: every data format, and a page with charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns for a terminal
    Table,
    /// The view as JSON (a stable contract for scripts)
    Json,
    /// Machine values, one row per line
    Csv,
    /// A GitHub-flavoured table
    Markdown,
    /// One self-contained page with charts
    Html,
}

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
pub struct ReportArgs {
    /// Date to report, YYYY-MM-DD [default: the latest date with snapshots]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
    /// Write to this file instead of stdout (`-` for stdout)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendSort {
    /// The momentum score (see below)
    Momentum,
    /// Day-over-day video growth
    Growth,
}

#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// Date to rank, YYYY-MM-DD [default: the latest date with snapshots]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table, value_name = "FORMAT")]
    pub format: DataFormat,
    /// Video growth (%) above which a hashtag is trending
    #[arg(long, default_value_t = crate::metrics::growth::DEFAULT_TRENDING_PCT, value_name = "PCT", value_parser = parse_pct)]
    pub threshold: f64,
    /// Ranking order
    #[arg(long, value_enum, default_value_t = TrendSort::Momentum, value_name = "ORDER")]
    pub sort: TrendSort,
    /// Only the hashtags showing this signal; a table prints nothing when none does (for cron mail)
    #[arg(long, value_enum, value_name = "SIGNAL")]
    pub only: Option<TrendSignal>,
    /// Write to this file instead of stdout (`-` for stdout)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A signal `trends --only` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendSignal {
    /// Growth far above the hashtag's own baseline
    Breakout,
    /// Video growth above --threshold
    Trending,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The hashtag (with or without `#`)
    #[arg(value_name = "TAG")]
    pub tag: String,
    /// Only the last N days up to the latest snapshot [default: every stored day]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub days: Option<u32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table, value_name = "FORMAT")]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Last day of the window [default: the latest date with snapshots]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Days in the window: its last days ("now") are compared with the ones before
    #[arg(
        long,
        value_name = "N",
        default_value_t = crate::metrics::discover::DEFAULT_DAYS,
        value_parser = clap::value_parser!(u32).range(i64::from(crate::metrics::discover::NOW_DAYS) + 1..=365)
    )]
    pub days: u32,
    /// How many co-hashtags
    #[arg(long, value_name = "N", default_value_t = crate::metrics::discover::DEFAULT_TOP, value_parser = clap::value_parser!(u32).range(1..))]
    pub top: u32,
    /// Buy the totals of the first K candidates: K paid stats requests (within the budget;
    /// one already bought today is reused)
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub probe: Option<u32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table, value_name = "FORMAT")]
    pub format: DataFormat,
    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SoundsArgs {
    /// Only the samples of this tracked hashtag (with or without `#`)
    #[arg(long, value_name = "TAG")]
    pub hashtag: Option<String>,
    /// Days in the window: its last days ("now") are compared with the ones before
    #[arg(
        long,
        value_name = "N",
        default_value_t = crate::metrics::sounds::DEFAULT_DAYS,
        value_parser = clap::value_parser!(u32).range(i64::from(crate::metrics::sounds::NOW_DAYS) + 1..=365)
    )]
    pub days: u32,
    /// Last day of the window [default: the latest date with snapshots]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table, value_name = "FORMAT")]
    pub format: DataFormat,
    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VideosArgs {
    /// The hashtag (with or without `#`)
    #[arg(value_name = "TAG")]
    pub tag: String,
    /// Date of the snapshot, YYYY-MM-DD [default: the hashtag's latest]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// How many videos, most played first
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub top: u32,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table, value_name = "FORMAT")]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct CostsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table, value_name = "FORMAT")]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Simulated days to fetch, 1-365 (keep them with the global --db FILE)
    #[arg(long, default_value_t = 14, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=365))]
    pub days: u32,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write [default: ./hashtags.toml]
    #[arg(value_name = "FILE")]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TagsCommand {
    /// Add hashtags
    Add {
        /// Hashtags to add (with or without `#`)
        #[arg(required = true, value_name = "TAG")]
        tags: Vec<String>,
    },
    /// Remove hashtags
    Remove {
        /// Hashtags to remove (with or without `#`)
        #[arg(required = true, value_name = "TAG")]
        tags: Vec<String>,
    },
    /// List the configured hashtags
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One row per snapshot
    Csv,
    /// One JSON array
    Json,
    /// One JSON object per line
    Ndjson,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// First date to export, YYYY-MM-DD [default: the first stored]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Last date to export, YYYY-MM-DD [default: the last stored]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Export only this hashtag (repeatable) [default: every stored hashtag]
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// File to write; `-` or nothing for stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Send a sample message to the webhook, to check the setup
    Test,
    /// The alerts sent after each fetch, newest first (and any not delivered yet)
    List(AlertsListArgs),
}

#[derive(Debug, Args)]
pub struct AlertsListArgs {
    /// How many, at most
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table, value_name = "FORMAT")]
    pub format: DataFormat,
}

/// The answer `raw` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RawEndpoint {
    /// The hashtag's totals (`/tiktok/hashtag`)
    Stats,
    /// The sampled videos (`/tiktok/hashtag/videos`)
    Videos,
}

#[derive(Debug, Args)]
pub struct RawArgs {
    /// The hashtag
    pub tag: String,
    /// The snapshot date [default: the latest with a stored answer]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Which of the day's answers
    #[arg(long, value_enum)]
    pub endpoint: RawEndpoint,
    /// Which page of the answer
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub page: u32,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Remove them; without it nothing is removed
    #[arg(long)]
    pub yes: bool,
    /// With --yes: then give the freed space back to the file system (rewrites the database)
    #[arg(long, requires = "yes")]
    pub vacuum: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write tracker.1 and tracker-SUBCOMMAND.1 into this folder [default: tracker.1 to stdout]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
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
