//! Renderers: views in, bytes out; they never print.
//!
//! Every view is [`View`]: it serialises (JSON carries the view as it is) and lays itself
//! out as one [`Tabular`] (the table, markdown and csv formats share it). HTML is a page of
//! the report only, through [`report_page`].

mod csv;
pub mod format;
mod html;
mod json;
mod markdown;
mod table;
pub mod tabular;
mod views;

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

/// The bytes of `view` in `format`. `color` only matters to the terminal table.
pub fn render<V: View>(view: &V, format: DataFormat, color: Color) -> Result<Vec<u8>> {
    match format {
        DataFormat::Table => Ok(table::render(&view.table(), color)),
        DataFormat::Json => json::render(view),
        DataFormat::Csv => csv::render(&view.table()),
        DataFormat::Markdown => Ok(markdown::render(&view.table())),
    }
}

#[cfg(test)]
mod tests;
