//! Terminal tables (comfy-table): aligned numbers, fitted to the screen's width, colour
//! only when asked for. Width and colour are separate choices: `NO_COLOR` never changes
//! the layout, and a table going to a file or a pipe keeps its full width.

use super::fit::{self, Need};
use super::tabular::{Column, Show, Tabular, Tone};
use super::{Color as Colour, Width};
use crate::text::sanitize;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ContentArrangement, LineStyle, Table, TableStyle,
};

/// Lines above, under the header and below; none between rows or columns, so a wide
/// table still fits a terminal.
const STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

/// The table; `colour` is `Always` only for a terminal without `NO_COLOR`, `width` is
/// `Fit` only for a terminal without `--wide`.
pub fn render(t: &Tabular, colour: Colour, width: Width) -> Vec<u8> {
    let color = colour == Colour::Always;
    let shown = shown_columns(t);
    let headers: Vec<String> = shown
        .iter()
        .map(|&i| sanitize(t.columns[i].title).into_owned())
        .collect();
    let cells = texts(t, &shown);
    let screen = match width {
        Width::Fit(w) => Some(usize::from(w)),
        Width::Full => None,
    };
    let layout = fit::layout(
        &needs(t, &shown, &headers, &cells),
        screen.unwrap_or(usize::MAX),
    );
    let table = build_table(t, &shown, &headers, &cells, &layout, color);
    let mut notes: Vec<String> = t.notes.iter().map(|n| sanitize(n).into_owned()).collect();
    if !layout.hidden.is_empty() && !t.rows.is_empty() {
        notes.push(hidden_note(&layout, &headers));
    }
    let mut out = String::new();
    prose(&mut out, &sanitize(&t.title), screen);
    if t.rows.is_empty() {
        prose(&mut out, "(nothing to show)", screen);
    } else {
        // Table lines are never wrapped (the layout made them fit); comfy-table pads the
        // last column, and trailing blanks only make a line wider.
        for l in table.to_string().lines() {
            out.push_str(&trim_end_styled(l));
            out.push('\n');
        }
    }
    for note in &notes {
        prose(&mut out, note, screen);
    }
    out.into_bytes()
}

/// What fits a screen: detail columns are for csv and markdown, and a terminal-only
/// summary (a Flag column) with nothing to say takes no room.
fn shown_columns(t: &Tabular) -> Vec<usize> {
    t.shown(true)
        .into_iter()
        .filter(|&i| {
            t.columns[i].show != Show::Terminal
                || t.rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(|c| !c.pretty.is_empty()))
        })
        .collect()
}

/// Each row's shown cells as sanitised text.
fn texts(t: &Tabular, shown: &[usize]) -> Vec<Vec<String>> {
    t.rows
        .iter()
        .map(|row| {
            shown
                .iter()
                .map(|&i| {
                    row.get(i)
                        .map(|c| sanitize(&c.pretty).into_owned())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

/// What the fitting needs to know of each shown column.
fn needs(t: &Tabular, shown: &[usize], headers: &[String], cells: &[Vec<String>]) -> Vec<Need> {
    shown
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let header = fit::width(&headers[pos]);
            let widest = cells.iter().map(|r| fit::width(&r[pos])).max();
            Need {
                natural: header.max(widest.unwrap_or(0)),
                header,
                shorten: t.columns[i].shorten,
                keep: t.columns[i].keep,
            }
        })
        .collect()
}

/// The comfy-table of the columns the layout kept, at the widths it chose.
fn build_table(
    t: &Tabular,
    shown: &[usize],
    headers: &[String],
    cells: &[Vec<String>],
    layout: &fit::Layout,
    color: bool,
) -> Table {
    let mut table = Table::new();
    // The width is decided above, never by comfy-table's own look at the terminal; styling
    // is switched on only for colour.
    table
        .load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    if color {
        table.enforce_styling();
    }
    table.set_header(layout.kept.iter().map(|&(pos, _)| {
        let cell = Cell::new(&headers[pos]);
        if color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for (row, texts) in t.rows.iter().zip(cells) {
        table.add_row(layout.kept.iter().map(|&(pos, w)| {
            let i = shown[pos];
            let tone = row.get(i).map_or(Tone::Plain, |c| c.tone);
            cell(&t.columns[i], &texts[pos], w, tone, color)
        }));
    }
    table
}

/// One cell at width `w`: long text shortened, numbers to the right, coloured by its tone.
fn cell(col: &Column, text: &str, w: usize, tone: Tone, color: bool) -> Cell {
    let text = if col.shorten {
        fit::shorten(text, w)
    } else {
        text.to_string()
    };
    let mut c = Cell::new(text);
    if col.numeric {
        c = c.set_alignment(CellAlignment::Right);
    }
    if !color {
        return c;
    }
    match tone {
        Tone::Plain => c,
        Tone::Good => c.fg(Color::Green),
        Tone::Bad => c.fg(Color::Red),
        Tone::Hot => c.fg(Color::Magenta).add_attribute(Attribute::Bold),
    }
}

/// "3 columns hidden (…): --wide shows them".
fn hidden_note(layout: &fit::Layout, headers: &[String]) -> String {
    let names: Vec<&str> = layout.hidden.iter().map(|&p| headers[p].as_str()).collect();
    let n = names.len();
    format!(
        "{n} column{} hidden ({}): --wide shows {}",
        if n == 1 { "" } else { "s" },
        names.join(", "),
        if n == 1 { "it" } else { "them" }
    )
}

/// A line of prose, wrapped at words to the screen's width when there is one.
fn prose(out: &mut String, text: &str, screen: Option<usize>) {
    let lines = match screen {
        Some(w) => fit::wrap(text, w),
        None => vec![text.to_string()],
    };
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
}

/// `line` without trailing blanks, also those inside a closing colour sequence
/// (`…text   ESC[0m` becomes `…textESC[0m`).
fn trim_end_styled(line: &str) -> String {
    let mut rest = line.trim_end();
    let mut codes = Vec::new();
    // Peel `ESC[…m` sequences off the end, trimming the blanks before each.
    while rest.ends_with('m') {
        match rest.rfind('\u{1b}') {
            Some(i)
                if rest[i..].starts_with("\u{1b}[")
                    && rest[i + 2..rest.len() - 1]
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b';') =>
            {
                codes.push(&rest[i..]);
                rest = rest[..i].trim_end();
            }
            _ => break,
        }
    }
    let mut out = rest.to_string();
    for c in codes.iter().rev() {
        out.push_str(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::trim_end_styled;

    #[test]
    fn trailing_blanks_go_also_inside_a_closing_colour() {
        assert_eq!(trim_end_styled(" a   "), " a");
        assert_eq!(
            trim_end_styled("\u{1b}[1m a   \u{1b}[0m"),
            "\u{1b}[1m a\u{1b}[0m"
        );
        assert_eq!(
            trim_end_styled("\u{1b}[32m +1% \u{1b}[39m  @llm"),
            "\u{1b}[32m +1% \u{1b}[39m  @llm"
        );
    }
}
