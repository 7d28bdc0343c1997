//! The arguments of the setup commands: `init`, `tags`, `alerts`, `completions`, `man`.

use super::values::DataFormat;
use clap::{Args, Subcommand};
use std::path::PathBuf;

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
