//! CSV with machine values (no separators, ratios as ratios, empty for null) for spreadsheets.

use super::Tabular;
use anyhow::Result;

pub fn render(t: &Tabular) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let shown = t.shown(false);
    w.write_record(shown.iter().map(|&i| t.columns[i].key))?;
    for row in &t.rows {
        w.write_record(t.cells(row, &shown).map(|c| c.raw.as_str()))?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}
