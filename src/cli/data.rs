//! The arguments of the commands over the stored data itself: `export`, `raw`, `prune`.

use super::values::parse_date;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

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
