//! `tracker trends`: hashtags ranked by momentum (or growth), with multi-day signals.

use super::Ctx;
use crate::cli::{TrendSort, TrendsArgs};
use crate::exit;
use crate::render::renderer;
use crate::report::{build_trends, resolve_date};
use anyhow::{Result, bail};

pub fn run(ctx: &Ctx, args: TrendsArgs) -> Result<u8> {
    if !args.threshold.is_finite() {
        bail!("--threshold must be a number");
    }
    let store = ctx.open_db()?;
    let _read = store.read_txn()?;
    let date = resolve_date(&store, args.date)?;
    let view = build_trends(&store, date, args.threshold, args.sort == TrendSort::Growth)?;
    let bytes = renderer(args.format, ctx.color && args.output.is_none()).trends(&view)?;
    ctx.emit(&bytes, args.output.as_deref())?;
    Ok(exit::SUCCESS)
}
