//! `history` as a table.

use crate::render::View;
use crate::render::format::{APPROX_NOTE, approx, growth, int, ratio_pct, sparkline};
use crate::render::tabular::{Cell, Column, Tabular, Tone, col, growth_tone, opt_num};
use crate::views::{HistoryDay, HistoryView};

/// Days the title's sparkline covers (the latest), so it fits a line.
const SPARK_DAYS: usize = 30;

fn yes(b: bool) -> String {
    b.to_string()
}

impl View for HistoryView {
    fn table(&self) -> Tabular {
        let v = self;
        let rows = v.days.iter().map(row).collect();
        let counts: Vec<u64> = v.days.iter().filter_map(|d| d.video_count).collect();
        let recent = &counts[counts.len().saturating_sub(SPARK_DAYS)..];
        let n = v.days.len();
        Tabular {
            title: format!(
                "#{} — {n} day{}   videos {}{}",
                v.hashtag,
                if n == 1 { "" } else { "s" },
                sparkline(recent),
                if recent.len() < counts.len() {
                    format!(" (last {SPARK_DAYS})")
                } else {
                    String::new()
                }
            ),
            columns: columns(),
            rows,
            notes: notes(v),
        }
    }
}

/// Every column, with the widths at which the table keeps it.
fn columns() -> Vec<Column> {
    vec![
        col("date", "Date", false).always(),
        col("flag", "Flag", false).terminal().keep(9),
        col("video_count", "Videos", true).keep(8),
        col("view_count", "Views", true).keep(6),
        col("daily_video_growth_pct", "Growth/day", true).keep(9),
        col("daily_view_growth_pct", "Views growth", true).keep(3),
        col("engagement_rate", "ER", true).keep(5),
        col("sample_size", "Sample", true).keep(2),
        col("suspect", "Suspect", false).detail(),
        col("breakout", "Breakout", false).detail(),
        col("trending", "Trending", false).detail(),
    ]
}

/// One day's cells.
fn row(d: &HistoryDay) -> Vec<Cell> {
    let flag = match (d.suspect, d.breakout, d.trending) {
        (true, _, _) => Cell::text("suspect").tone(Tone::Bad),
        (_, true, _) => Cell::text("BREAKOUT").tone(Tone::Hot),
        (_, _, true) => Cell::text("trending").tone(Tone::Hot),
        _ => Cell::text(""),
    };
    vec![
        Cell::text(d.date.to_string()),
        flag,
        Cell::opt(
            d.video_count,
            crate::render::format::opt_count(d.video_count),
        ),
        Cell::num(d.view_count, int(d.view_count)),
        Cell::opt(
            opt_num(d.daily_video_growth_pct),
            approx(growth(d.daily_video_growth_pct), d.approximate),
        )
        .tone(growth_tone(d.daily_video_growth_pct)),
        Cell::opt(
            opt_num(d.daily_view_growth_pct),
            approx(growth(d.daily_view_growth_pct), d.approximate),
        ),
        Cell::num(d.engagement_rate, ratio_pct(d.engagement_rate)),
        Cell::num(d.sample_size, int(d.sample_size)),
        Cell::num(d.suspect, yes(d.suspect)),
        Cell::num(d.breakout, yes(d.breakout)),
        Cell::num(d.trending, yes(d.trending)),
    ]
}

/// What the lines under the table explain: growth, approximate counts, the flags.
fn notes(v: &HistoryView) -> Vec<String> {
    let mut notes =
        vec!["Growth/day: against the previous clean snapshot, a gap spread over its days".into()];
    if v.days.iter().any(|d| d.approximate) {
        notes.push(APPROX_NOTE.to_string());
    }
    if !v.days.is_empty() && v.days.iter().all(|d| d.daily_video_growth_pct.is_none()) {
        notes.push("—: growth needs two clean days of snapshots".into());
    }
    if v.days.iter().any(|d| d.suspect || d.breakout || d.trending) {
        notes.push(format!(
            "trending: guaranteed growth/day above {}% · suspect: an implausible jump or drop",
            crate::views::trends::DEFAULT_THRESHOLD_PCT
        ));
    }
    notes
}
