//! `tracker report`: one row per hashtag for a date.

use super::Ctx;
use crate::cli::{Format, ReportArgs};
use crate::exit;
use crate::render::renderer;
use crate::report::{build_report, resolve_date};
use anyhow::Result;

pub fn run(ctx: &Ctx, args: ReportArgs) -> Result<u8> {
    let store = ctx.open_db()?;
    let _read = store.read_txn()?;
    let date = resolve_date(&store, args.date)?;
    let view = build_report(&store, date, args.format == Format::Html)?;
    // `-o -` is stdout, like no `-o` at all.
    let output = args.output.filter(|p| p.as_os_str() != "-");
    let bytes = renderer(args.format, ctx.color && output.is_none()).report(&view)?;
    ctx.emit(&bytes, output.as_deref())?;
    if let Some(p) = &output {
        ctx.note(format!("wrote {}", p.display()));
    }
    Ok(exit::SUCCESS)
}
