//! `tracker costs`: requests and spend per day or month, from the stored run log.

use crate::cli::CostsArgs;
use crate::exit;
use crate::settings::{Output, Settings};
use crate::views::build_costs;
use anyhow::Result;

pub fn run(settings: &Settings, args: CostsArgs) -> Result<u8> {
    let store = settings.open_db()?;
    let view = build_costs(&store)?;
    let output = Output::Stdout;
    settings.emit_view(&view, args.format.into(), &output)?;
    Ok(exit::SUCCESS)
}
