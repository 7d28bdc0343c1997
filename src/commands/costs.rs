//! `tracker costs`: requests and spend per day or month, from the stored run log.

use super::Ctx;
use crate::cli::CostsArgs;
use crate::exit;
use crate::render::renderer;
use crate::report::build_costs;
use anyhow::Result;

pub fn run(ctx: &Ctx, args: CostsArgs) -> Result<u8> {
    let store = ctx.open_db()?;
    let view = build_costs(&store)?;
    ctx.emit(&renderer(args.format, ctx.color).costs(&view)?, None)?;
    Ok(exit::SUCCESS)
}
