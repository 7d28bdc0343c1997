//! `tracker videos TAG`: the top sampled videos, from what was already paid for.

use super::Ctx;
use crate::cli::VideosArgs;
use crate::config::normalize_hashtag;
use crate::exit;
use crate::render::renderer;
use crate::report::build_videos;
use anyhow::Result;

pub fn run(ctx: &Ctx, args: VideosArgs) -> Result<u8> {
    let tag = normalize_hashtag(&args.tag)?;
    let store = ctx.open_db()?;
    let view = build_videos(&store, &tag, args.date, args.top as usize)?;
    ctx.emit(&renderer(args.format, ctx.color).videos(&view)?, None)?;
    Ok(exit::SUCCESS)
}
