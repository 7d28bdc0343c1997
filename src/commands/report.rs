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
    let view = build_report(&store, date)?;
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
    let bytes = render::render(&view, data, settings.colour_for(&output))?;
    emit(settings, &bytes, &output)
}

fn emit(settings: &Settings, bytes: &[u8], output: &Output) -> Result<u8> {
    settings.emit(bytes, output)?;
    Ok(exit::SUCCESS)
}
