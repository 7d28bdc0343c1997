//! `tracker trends`: hashtags ranked by momentum (or growth), with multi-day signals.

use crate::cli::{DataFormat, TrendSignal, TrendSort, TrendsArgs};
use crate::exit;
use crate::settings::{Output, Settings};
use crate::views::{TrendOrder, build_trends, resolve_date};
use anyhow::{Result, bail};

pub fn run(settings: &Settings, args: TrendsArgs) -> Result<u8> {
    if !args.threshold.is_finite() {
        bail!("--threshold must be a number");
    }
    let store = settings.open_db()?;
    let _read = store.read_txn()?;
    let date = resolve_date(&store, args.date)?;
    let order = match args.sort {
        TrendSort::Momentum => TrendOrder::Momentum,
        TrendSort::Growth => TrendOrder::Growth,
    };
    let mut view = build_trends(&store, date, args.threshold, order)?;
    let output = Output::from_arg(args.output);
    if let Some(only) = args.only {
        view.hashtags.retain(|r| match only {
            TrendSignal::Breakout => r.signals.breakout,
            TrendSignal::Trending => r.trending,
        });
        // Cron mails whatever is printed: no breakout, no mail.
        if view.hashtags.is_empty() && args.format == DataFormat::Table && output == Output::Stdout
        {
            return Ok(exit::SUCCESS);
        }
    }
    settings.emit_view(&view, args.format.into(), &output)?;
    Ok(exit::SUCCESS)
}
