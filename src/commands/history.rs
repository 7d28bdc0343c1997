//! `tracker history TAG`: the daily series of one hashtag, oldest first.

use super::Ctx;
use crate::cli::HistoryArgs;
use crate::config::normalize_hashtag;
use crate::exit;
use crate::render::renderer;
use crate::report::build_history;
use anyhow::Result;

pub fn run(ctx: &Ctx, args: HistoryArgs) -> Result<u8> {
    let tag = normalize_hashtag(&args.tag)?;
    let store = ctx.open_db()?;
    let view = build_history(&store, &tag, args.days)?;
    ctx.emit(&renderer(args.format, ctx.color).history(&view)?, None)?;
    Ok(exit::SUCCESS)
}
