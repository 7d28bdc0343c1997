//! `tracker discover`: co-hashtags nobody tracks yet, from the samples already paid for.

use crate::cli::DiscoverArgs;
use crate::exit;
use crate::render;
use crate::settings::{Output, Settings};
use crate::views::{DiscoverOptions, build_discover, resolve_date};
use anyhow::Result;

pub fn run(settings: &Settings, args: DiscoverArgs) -> Result<u8> {
    // The config adds its hashtags and `[discover] ignore`; with only `--db` there is none.
    let config = match settings.config_path() {
        Ok(_) => Some(settings.config()?),
        Err(_) => None,
    };
    let store = settings.open_db()?;
    let _read = store.read_txn()?;
    let date = resolve_date(&store, args.date)?;
    let view = build_discover(
        &store,
        &DiscoverOptions {
            date,
            days: args.days,
            top: args.top as usize,
            tracked: config.map(|c| c.hashtags.clone()).unwrap_or_default(),
            ignore: config
                .map(|c| c.discover_ignore.clone())
                .unwrap_or_default(),
        },
    )?;
    let output = Output::from_arg(args.output);
    let bytes = render::render(&view, args.format.into(), settings.colour_for(&output))?;
    settings.emit(&bytes, &output)?;
    Ok(exit::SUCCESS)
}
