//! Thin adapters, one per subcommand: settings and arguments in, the library called, bytes
//! out. No command imports another.

pub mod alerts;
pub mod completions;
pub mod costs;
pub mod demo;
pub mod discover;
pub mod doctor;
pub mod export;
pub mod fetch;
pub mod history;
pub mod init;
pub mod prune;
pub mod raw;
pub mod report;
pub mod sounds;
pub mod tags;
pub mod trends;
pub mod videos;

use crate::cli::{Cli, Command, DataFormat};
use crate::render;
use crate::settings::Settings;
use anyhow::Result;

/// Runs the parsed command; the exit code on success.
pub fn dispatch(settings: &Settings, command: Command) -> Result<u8> {
    match command {
        Command::Fetch(a) => fetch::run(settings, a),
        Command::Alerts(c) => alerts::run(settings, c),
        Command::Report(a) => report::run(settings, a),
        Command::Trends(a) => trends::run(settings, a),
        Command::History(a) => history::run(settings, a),
        Command::Videos(a) => videos::run(settings, a),
        Command::Discover(a) => discover::run(settings, a),
        Command::Sounds(a) => sounds::run(settings, a),
        Command::Costs(a) => costs::run(settings, a),
        Command::Demo(a) => demo::run(settings, a),
        Command::Init(a) => init::run(settings, a.path),
        Command::Tags(c) => tags::run(settings, c),
        Command::Doctor => doctor::run(settings),
        Command::Export(a) => export::run(settings, a),
        Command::Raw(a) => raw::run(settings, a),
        Command::Prune(a) => prune::run(settings, a),
        Command::Completions(a) => completions::completions::<Cli>(a.shell),
        Command::Man(a) => completions::man::<Cli>(settings, a.dir.as_deref()),
    }
}

impl From<DataFormat> for render::DataFormat {
    fn from(f: DataFormat) -> Self {
        match f {
            DataFormat::Table => Self::Table,
            DataFormat::Json => Self::Json,
            DataFormat::Csv => Self::Csv,
            DataFormat::Markdown => Self::Markdown,
        }
    }
}
