//! Terminal tables (comfy-table): aligned numbers, colour only when asked for.

use super::Color as Colour;
use super::tabular::{Tabular, Tone};
use crate::text::sanitize;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, LineStyle, Table,
    TableStyle,
};

/// Lines above, under the header and below; none between rows or columns, so a wide
/// table still fits a terminal.
const STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

/// The table; `colour` is `Always` only for a terminal without `NO_COLOR`.
pub fn render(t: &Tabular, colour: Colour) -> Vec<u8> {
    let color = colour == Colour::Always;
    let mut table = Table::new();
    table
        .load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if !color {
        table.force_no_tty();
    }
    // What fits a screen: detail columns are for csv and markdown.
    let shown = t.shown(true);
    table.set_header(shown.iter().map(|&i| {
        let cell = Cell::new(sanitize(t.columns[i].title));
        if color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for row in &t.rows {
        table.add_row(shown.iter().filter_map(|&i| {
            let (cell, col) = (row.get(i)?, &t.columns[i]);
            let mut c = Cell::new(sanitize(&cell.pretty));
            if col.numeric {
                c = c.set_alignment(CellAlignment::Right);
            }
            if color {
                c = match cell.tone {
                    Tone::Plain => c,
                    Tone::Good => c.fg(Color::Green),
                    Tone::Bad => c.fg(Color::Red),
                    Tone::Hot => c.fg(Color::Magenta).add_attribute(Attribute::Bold),
                };
            }
            Some(c)
        }));
    }
    // Numbers and names never wrap mid-value; only long text may.
    for (column, &i) in table.column_iter_mut().zip(&shown) {
        if !t.columns[i].wrap {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    let mut out = String::new();
    out.push_str(&sanitize(&t.title));
    out.push('\n');
    if t.rows.is_empty() {
        out.push_str("(nothing to show)\n");
    } else {
        out.push_str(&table.to_string());
        out.push('\n');
    }
    for note in &t.notes {
        out.push_str(&sanitize(note));
        out.push('\n');
    }
    out.into_bytes()
}
