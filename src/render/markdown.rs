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
        let titles: Vec<String> = t.columns.iter().map(|c| escape(c.title)).collect();
        out.push_str(&format!("| {} |\n", titles.join(" | ")));
        let rules: Vec<&str> = t
            .columns
            .iter()
            .map(|c| if c.numeric { "---:" } else { "---" })
            .collect();
        out.push_str(&format!("| {} |\n", rules.join(" | ")));
        for row in &t.rows {
            let cells: Vec<String> = row.iter().map(|c| escape(&c.pretty)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        for note in &t.notes {
            out.push_str(&format!("\n{}\n", escape(note)));
        }
        Ok(out.into_bytes())
    }
}
