//! `tracker history TAG`: the daily series of one hashtag, oldest first.

use crate::cli::HistoryArgs;
use crate::exit;
use crate::model::hashtag;
use crate::settings::{Output, Settings};
use crate::views::build_history;
use anyhow::Result;

pub fn run(settings: &Settings, args: HistoryArgs) -> Result<u8> {
    let tag = hashtag::normalize(&args.tag)?;
    let store = settings.open_db()?;
    let view = build_history(&store, &tag, args.days)?;
    let output = Output::Stdout;
    settings.emit_view(&view, args.format.into(), &output)?;
    Ok(exit::SUCCESS)
}
