//! `tracker sounds`: the sounds rising under the tracked hashtags, from the samples already
//! paid for. It reads only what is stored and sends no request (no API key needed).

use crate::cli::SoundsArgs;
use crate::exit;
use crate::refresh::sounds;
use crate::settings::{Output, Settings};
use crate::store::Store;
use crate::views::{SoundsOptions, build_sounds, resolve_date};
use anyhow::Result;

pub fn run(settings: &Settings, args: SoundsArgs) -> Result<u8> {
    let mut store = settings.open_db()?;
    let needs_fill =
        store.pending_migration().is_some() || store.sounds_backfill_pending().unwrap_or(true);
    if needs_fill {
        store = fill_history(settings, store)?;
    }
    let view = {
        let _read = store.read_txn()?;
        let date = resolve_date(&store, args.date)?;
        build_sounds(
            &store,
            &SoundsOptions {
                date,
                days: args.days,
                top: crate::metrics::sounds::TOP,
                hashtag: args.hashtag,
            },
        )?
    };
    let output = Output::from_arg(args.output);
    settings.emit_view(&view, args.format.into(), &output)?;
    Ok(exit::SUCCESS)
}

/// A database from before the sounds (or with their fill pending) is upgraded and filled
/// from its stored answers once, when it can be written; a read-only one is read as it is.
fn fill_history(settings: &Settings, reader: Store) -> Result<Store> {
    let db = settings.db_path()?;
    let Ok(mut writer) = Store::open(&db) else {
        return Ok(reader);
    };
    drop(reader);
    sounds::backfill_if_pending(&mut writer);
    Ok(writer)
}
