//! The arguments of the read commands, which spend nothing: `report`, `trends`, `history`,
//! `discover`, `sounds`, `videos`, `costs`.

use super::values::{DataFormat, ReportFormat, parse_date, parse_pct};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

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
