//! `tracker videos TAG`: the top sampled videos, from what was already paid for.

use crate::cli::VideosArgs;
use crate::exit;
use crate::model::hashtag;
use crate::settings::{Output, Settings};
use crate::views::build_videos;
use anyhow::Result;

pub fn run(settings: &Settings, args: VideosArgs) -> Result<u8> {
    let tag = hashtag::normalize(&args.tag)?;
    let store = settings.open_db()?;
    let view = build_videos(&store, &tag, args.date, args.top as usize)?;
    let output = Output::Stdout;
    settings.emit_view(&view, args.format.into(), &output)?;
    Ok(exit::SUCCESS)
}
