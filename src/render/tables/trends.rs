//! `trends` as a table.

use crate::model::Basis;
use crate::render::View;
use crate::render::format::{APPROX_NOTE, approx, decimal1, growth, opt_int, signed1};
use crate::render::tabular::{Cell, Column, Tabular, Tone, col, growth_tone, opt_num};
use crate::views::{TrendRow, TrendsView};

impl View for TrendsView {
    fn table(&self) -> Tabular {
        let v = self;
        let rows = v
            .hashtags
            .iter()
            .enumerate()
            .map(|(i, r)| row(i + 1, r))
            .collect();
        Tabular {
            title: format!(
                "Trends — {} (by {}, trending above {}% growth)",
                v.date,
                v.sorted_by.replace('_', " "),
                v.threshold_pct
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
        col("rank", "#", true).always(),
        col("hashtag", "Hashtag", false).always(),
        col("direction", "Direction", false).keep(2),
        col("flag", "Flag", false).terminal().keep(8),
        col("trending", "Trending", false).detail(),
        col("breakout", "Breakout", false).detail(),
        col("suspect", "Suspect", false).detail(),
        col("momentum", "Momentum", true).keep(10),
        col("video_growth_pct", "Growth", true).detail(),
        col("daily_growth_pct", "Growth/day", true).keep(9),
        col("new_per_day", "New/day", true).keep(5),
        col("view_growth_pct", "Views growth", true).detail(),
        col("new_views", "New views/day", true).detail(),
        col("growth_7d_pct", "7-day", true).keep(7),
        col("acceleration_pp", "Accel.", true).keep(6),
        col("streak", "Streak", true).keep(4),
        col("video_count", "Videos", true).keep(3),
    ]
}

/// One hashtag's cells, ranked `rank`.
fn row(rank: usize, r: &TrendRow) -> Vec<Cell> {
    let s = &r.signals;
    let ap = |text: String| approx(text, s.approximate);
    // The basis count's figures: views where TikTok did not report videos.
    let new_per_day = match s.basis {
        Basis::Videos => s.new_videos,
        Basis::Views => s.new_views,
    };
    let dir = r.direction.as_str();
    let dir_tone = match r.direction.as_str() {
        "rising" => Tone::Good,
        "falling" => Tone::Bad,
        _ => Tone::Plain,
    };
    vec![
        Cell::text(rank.to_string()),
        Cell::num(&r.hashtag, format!("#{}", r.hashtag)),
        Cell::text(dir).tone(dir_tone),
        match (s.breakout, r.trending, s.suspect) {
            (true, _, _) => Cell::text("BREAKOUT").tone(Tone::Hot),
            (_, true, _) => Cell::text("trending").tone(Tone::Hot),
            (_, _, true) => Cell::text("suspect").tone(Tone::Bad),
            _ => Cell::text(""),
        },
        Cell::num(
            r.trending,
            if r.trending { "yes".into() } else { "".into() },
        )
        .tone(if r.trending { Tone::Hot } else { Tone::Plain }),
        // Detail columns (csv, markdown) say true / false; the table's Flag sums them up.
        Cell::num(s.breakout, s.breakout.to_string()),
        Cell::num(s.suspect, s.suspect.to_string()),
        Cell::opt(
            opt_num(s.momentum),
            s.momentum.map(decimal1).unwrap_or("—".into()),
        ),
        Cell::opt(opt_num(r.video_growth_pct), ap(growth(r.video_growth_pct)))
            .tone(growth_tone(r.video_growth_pct)),
        Cell::opt(opt_num(s.daily_growth_pct), ap(growth(s.daily_growth_pct)))
            .tone(growth_tone(s.daily_growth_pct)),
        Cell::opt(new_per_day, ap(opt_int(new_per_day))),
        Cell::opt(opt_num(r.view_growth_pct), ap(growth(r.view_growth_pct)))
            .tone(growth_tone(r.view_growth_pct)),
        Cell::opt(s.new_views, ap(opt_int(s.new_views))),
        Cell::opt(opt_num(s.growth_7d_pct), ap(growth(s.growth_7d_pct))),
        Cell::opt(
            opt_num(s.acceleration_pp),
            ap(s.acceleration_pp.map(signed1).unwrap_or("—".into())),
        ),
        Cell::num(s.streak, s.streak.to_string()),
        Cell::opt(
            r.video_count,
            crate::render::format::opt_count(r.video_count),
        ),
    ]
}

/// What the lines under the table explain: the columns, approximate counts, first days.
fn notes(v: &TrendsView) -> Vec<String> {
    let mut notes = vec![
        "Growth/day, New/day, 7-day: of videos (views where not reported) · Accel.: its speed-up, pp · see trends --help"
            .to_string(),
    ];
    if v.hashtags.iter().any(|r| r.signals.approximate) {
        notes.push(APPROX_NOTE.to_string());
    }
    let first_day: Vec<String> = v
        .hashtags
        .iter()
        .filter(|r| r.prev_date.is_none())
        .map(|r| format!("#{}", r.hashtag))
        .collect();
    if !v.hashtags.is_empty() && first_day.len() == v.hashtags.len() {
        notes.push(format!(
            "Empty cells: growth needs two days, and {} is the first stored.",
            v.date
        ));
    } else if !first_day.is_empty() {
        notes.push(format!(
            "—: growth needs two days ({} first stored on {})",
            first_day.join(", "),
            v.date
        ));
    }
    notes
}
