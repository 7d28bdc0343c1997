//! CSV with machine values (no separators, ratios as ratios, empty for null) for spreadsheets.
//!
//! Every cell goes through [`csv_cell`]: CSV usually ends up on a terminal (`export` writes
//! it to stdout by default), so network text must not carry control characters there.
//! Cells that start like a formula (`=`, `+`, `-`, `@`) are written as they are: CSV is
//! data for scripts, and a negative growth stays a number (see the README).

use super::Tabular;
use crate::text::sanitize;
use anyhow::Result;
use std::borrow::Cow;

/// A cell's text made safe for a terminal: the same sanitising as the tables (controls,
/// line breaks, bidi and invisible characters).
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    sanitize(s)
}

pub fn render(t: &Tabular) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let shown = t.shown(false);
    w.write_record(
        shown
            .iter()
            .map(|&i| csv_cell(t.columns[i].key).into_owned()),
    )?;
    for row in &t.rows {
        w.write_record(
            t.cells(row, &shown)
                .map(|c| csv_cell(&c.raw).into_owned().into_bytes()),
        )?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}
