//! Renderers: views in, bytes out; they never print.
//!
//! Every view is [`View`]: it serialises (JSON carries the view as it is) and lays itself
//! out as one [`Tabular`] (the table, markdown and csv formats share it). HTML is a page of
//! the report only, through [`report_page`].

mod csv;
mod fit;
pub mod format;
mod html;
mod json;
mod markdown;
mod table;
mod tables;
pub mod tabular;

pub use self::csv::csv_cell;
pub use html::report_page;
pub use tabular::Tabular;

use anyhow::Result;
use serde::Serialize;

/// A read command's view: its JSON is the view itself, its table is [`View::table`].
pub trait View: Serialize {
    fn table(&self) -> Tabular;
}

/// The formats every view renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// Aligned columns for a terminal.
    Table,
    Json,
    Csv,
    Markdown,
}

/// Whether the terminal table may use colour (stdout is a terminal, `NO_COLOR` unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Never,
    Always,
}

/// How wide the terminal table may be: fitted to a terminal's columns, or as wide as its
/// content (a file, a pipe, `--wide`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Fit(u16),
    Full,
}

/// The columns of the terminal stdout is, when it is one: `COLUMNS` when set to a
/// number, else what the terminal reports. `None` for a file or a pipe.
pub fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0);
    // comfy-table asks the terminal (ioctl) when stdout is one.
    from_env
        .or_else(|| comfy_table::Table::new().width())
        .filter(|&c| c > 0)
}

/// The bytes of `view` in `format`. `color` and `width` only matter to the terminal table.
pub fn render<V: View>(
    view: &V,
    format: DataFormat,
    color: Color,
    width: Width,
) -> Result<Vec<u8>> {
    match format {
        DataFormat::Table => Ok(table::render(&view.table(), color, width)),
        DataFormat::Json => json::render(view),
        DataFormat::Csv => csv::render(&view.table()),
        DataFormat::Markdown => Ok(markdown::render(&view.table())),
    }
}

#[cfg(test)]
mod tests;
