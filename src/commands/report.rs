//! `tracker report`: one row per hashtag for a date.

use crate::cli::{ReportArgs, ReportFormat};
use crate::exit;
use crate::render::{self, DataFormat};
use crate::settings::{Output, Settings};
use crate::views::{build_report, chart::build_charts, resolve_date};
use anyhow::Result;

pub fn run(settings: &Settings, args: ReportArgs) -> Result<u8> {
    let store = settings.open_db()?;
    let _read = store.read_txn()?;
    let date = resolve_date(&store, args.date)?;
    let mut view = build_report(&store, date)?;
    // Which configured hashtags have no snapshot that day (when a config is at hand; the
    // demo's simulated hashtags are not the config's).
    if !store.is_simulated()?
        && let Ok(config) = settings.config()
    {
        view.missing_hashtags = config
            .hashtags
            .iter()
            .filter(|t| !view.hashtags.iter().any(|r| &r.hashtag == *t))
            .cloned()
            .collect();
    }
    let output = Output::from_arg(args.output);
    let data = match args.format {
        ReportFormat::Html => {
            let charts = build_charts(&store, &view)?;
            return emit(settings, &render::report_page(&view, &charts), &output);
        }
        ReportFormat::Table => DataFormat::Table,
        ReportFormat::Json => DataFormat::Json,
        ReportFormat::Csv => DataFormat::Csv,
        ReportFormat::Markdown => DataFormat::Markdown,
    };
    let bytes = render::render(
        &view,
        data,
        settings.colour_for(&output),
        settings.width_for(&output),
    )?;
    emit(settings, &bytes, &output)
}

fn emit(settings: &Settings, bytes: &[u8], output: &Output) -> Result<u8> {
    settings.emit(bytes, output)?;
    Ok(exit::SUCCESS)
}
