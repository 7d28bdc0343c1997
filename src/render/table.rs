//! Terminal tables (comfy-table): aligned numbers, colour only when asked for.

use super::{MarkupRenderer, Tabular, Tone};
use anyhow::Result;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table, presets};

pub struct TableRenderer {
    /// Set by the caller only for a terminal without `NO_COLOR`.
    pub color: bool,
}

impl MarkupRenderer for TableRenderer {
    fn tabular(&self, t: &Tabular) -> Result<Vec<u8>> {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if !self.color {
            table.force_no_tty();
        }
        table.set_header(t.columns.iter().map(|c| {
            let cell = Cell::new(c.title);
            if self.color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        }));
        for row in &t.rows {
            table.add_row(row.iter().zip(&t.columns).map(|(cell, col)| {
                let mut c = Cell::new(&cell.pretty);
                if col.numeric {
                    c = c.set_alignment(CellAlignment::Right);
                }
                if self.color {
                    c = match cell.tone {
                        Tone::Plain => c,
                        Tone::Good => c.fg(Color::Green),
                        Tone::Bad => c.fg(Color::Red),
                        Tone::Hot => c.fg(Color::Magenta).add_attribute(Attribute::Bold),
                    };
                }
                c
            }));
        }
        let mut out = String::new();
        out.push_str(&t.title);
        out.push('\n');
        if t.rows.is_empty() {
            out.push_str("(nothing to show)\n");
        } else {
            out.push_str(&table.to_string());
            out.push('\n');
        }
        for note in &t.notes {
            out.push_str(note);
            out.push('\n');
        }
        Ok(out.into_bytes())
    }
}
