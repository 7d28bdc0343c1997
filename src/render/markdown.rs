//! GitHub-flavoured Markdown tables, for pasting into issues, wikis and chat.

use super::Tabular;
use crate::text::sanitize;

/// Text made safe for a table cell. Control and bidi characters go first ([`sanitize`]);
/// `&`, `<` and `>` become entities, so network text can never be read as raw HTML (a
/// viewer shows the entities as the characters); pipes and newlines would break the table,
/// and a backslash is doubled so that it cannot turn the `\|` escape back into a cell
/// separator.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn render(t: &Tabular) -> Vec<u8> {
    let mut out = format!("## {}\n\n", escape(&t.title));
    let shown = t.shown(false);
    let titles: Vec<String> = shown.iter().map(|&i| escape(t.columns[i].title)).collect();
    out.push_str(&format!("| {} |\n", titles.join(" | ")));
    let rules: Vec<&str> = shown
        .iter()
        .map(|&i| if t.columns[i].numeric { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", rules.join(" | ")));
    for row in &t.rows {
        let cells: Vec<String> = t.cells(row, &shown).map(|c| escape(&c.pretty)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    for note in &t.notes {
        out.push_str(&format!("\n{}\n", escape(note)));
    }
    out.into_bytes()
}
