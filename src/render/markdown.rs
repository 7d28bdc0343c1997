//! GitHub-flavoured Markdown tables, for pasting into issues, wikis and chat.

use super::{MarkupRenderer, Tabular};
use anyhow::Result;

pub struct MarkdownRenderer;

/// Pipes and newlines would break the table.
fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

impl MarkupRenderer for MarkdownRenderer {
    fn tabular(&self, t: &Tabular) -> Result<Vec<u8>> {
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
        Ok(out.into_bytes())
    }
}
