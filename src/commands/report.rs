//! `tracker report`: one row per hashtag for a date.

use crate::cli::{ReportArgs, ReportFormat};
use crate::exit;
use crate::render::{self, DataFormat};
use crate::settings::{Output, Settings};
use crate::views::{build_report, build_rising_section, chart::build_charts, resolve_date};
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
    let mut bytes = render::render(&view, data, settings.colour_for(&output))?;
    if data == DataFormat::Markdown {
        bytes.extend(rising_cohashtags(settings, &store, date)?);
    }
    emit(settings, &bytes, &output)
}

/// The markdown report's "Rising co-hashtags" section (`tracker discover`), when any.
fn rising_cohashtags(
    settings: &Settings,
    store: &crate::store::Store,
    date: chrono::NaiveDate,
) -> Result<Vec<u8>> {
    // The config's hashtags and `[discover] ignore` when there is one; `--db` alone works too.
    let config = match settings.config_path() {
        Ok(_) => Some(settings.config()?),
        Err(_) => None,
    };
    let (tracked, ignore) = config
        .map(|c| (c.hashtags.clone(), c.discover_ignore.clone()))
        .unwrap_or_default();
    match build_rising_section(store, date, &tracked, &ignore)? {
        Some(section) => {
            let mut out = b"\n".to_vec();
            out.extend(render::render(
                &section,
                DataFormat::Markdown,
                render::Color::Never,
            )?);
            Ok(out)
        }
        None => Ok(Vec::new()),
    }
}

fn emit(settings: &Settings, bytes: &[u8], output: &Output) -> Result<u8> {
    settings.emit(bytes, output)?;
    Ok(exit::SUCCESS)
}
