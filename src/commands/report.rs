//! `tracker report`: one row per hashtag for a date.

use crate::cli::{ReportArgs, ReportFormat};
use crate::exit;
use crate::render::{self, DataFormat};
use crate::settings::{Output, Settings};
use crate::views::{
    DiscoverView, build_report, build_rising_section, build_rising_sounds, chart::build_charts,
    resolve_date,
};
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
            let rising = rising_view(settings, &store, date)?;
            let sounds = build_rising_sounds(&store, date)?;
            let page = render::report_page(&view, &charts, rising.as_ref(), sounds.as_ref());
            return emit(settings, &page, &output);
        }
        ReportFormat::Table => DataFormat::Table,
        ReportFormat::Json => DataFormat::Json,
        ReportFormat::Csv => DataFormat::Csv,
        ReportFormat::Markdown => DataFormat::Markdown,
    };
    let mut bytes = render::render(
        &view,
        data,
        settings.colour_for(&output),
        settings.width_for(&output),
    )?;
    if data == DataFormat::Markdown
        && let Some(rising) = rising_view(settings, &store, date)?
    {
        bytes.push(b'\n');
        bytes.extend(render::render(
            &rising,
            data,
            render::Color::Never,
            render::Width::Full,
        )?);
    }
    emit(settings, &bytes, &output)
}

/// The report's "Rising co-hashtags" (`tracker discover`'s first few), when any.
fn rising_view(
    settings: &Settings,
    store: &crate::store::Store,
    date: chrono::NaiveDate,
) -> Result<Option<DiscoverView>> {
    // The config's hashtags and `[discover] ignore` when there is one; `--db` alone works too.
    let config = match settings.config_path() {
        Ok(_) => Some(settings.config()?),
        Err(_) => None,
    };
    let (tracked, ignore) = config
        .map(|c| (c.hashtags.clone(), c.discover_ignore.clone()))
        .unwrap_or_default();
    build_rising_section(store, date, &tracked, &ignore)
}

fn emit(settings: &Settings, bytes: &[u8], output: &Output) -> Result<u8> {
    settings.emit(bytes, output)?;
    Ok(exit::SUCCESS)
}
