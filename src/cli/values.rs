//! What several commands' arguments share: the date and percentage parsers, the output formats.

use chrono::NaiveDate;
use clap::ValueEnum;

/// A date given as YYYY-MM-DD, exactly: chrono alone reads "26-05-01" as the year 26.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let shape_ok = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err("expected a date as YYYY-MM-DD, e.g. 2026-05-01".into());
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("expected a date as YYYY-MM-DD ({e})"))?;
    if chrono::Datelike::year(&d) < 2000 {
        return Err("expected a year from 2000 on".into());
    }
    Ok(d)
}

/// `--threshold`: a finite percentage.
pub(super) fn parse_pct(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("expected a finite number (a percentage, e.g. 5 or 2.5)".into()),
    }
}

/// The output formats of every read command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// Aligned columns for a terminal
    Table,
    /// The view as JSON (a stable contract for scripts)
    Json,
    /// Machine values, one row per line
    Csv,
    /// A GitHub-flavoured table
    Markdown,
}

/// The report's formats: every data format, and a page with charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns for a terminal
    Table,
    /// The view as JSON (a stable contract for scripts)
    Json,
    /// Machine values, one row per line
    Csv,
    /// A GitHub-flavoured table
    Markdown,
    /// One self-contained page with charts
    Html,
}
