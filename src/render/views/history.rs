//! `history` as a table.

use crate::render::View;
use crate::render::format::{growth, int, ratio_pct, sparkline};
use crate::render::tabular::{Cell, Tabular, Tone, col, growth_tone, opt_num};
use crate::views::HistoryView;

impl View for HistoryView {
    fn table(&self) -> Tabular {
        let v = self;
        let columns = vec![
            col("date", "Date", false),
            col("video_count", "Videos", true),
            col("view_count", "Views", true),
            col("daily_video_growth_pct", "Videos Δ/day", true),
            col("daily_view_growth_pct", "Views Δ/day", true),
            col("engagement_rate", "ER", true),
            col("sample_size", "Sample", true),
            col("suspect", "Suspect", false),
        ];
        let rows = v
            .days
            .iter()
            .map(|d| {
                vec![
                    Cell::text(d.date.to_string()),
                    Cell::opt(
                        d.video_count,
                        crate::render::format::opt_count(d.video_count),
                    ),
                    Cell::num(d.view_count, int(d.view_count)),
                    Cell::opt(
                        opt_num(d.daily_video_growth_pct),
                        growth(d.daily_video_growth_pct),
                    )
                    .tone(growth_tone(d.daily_video_growth_pct)),
                    Cell::opt(
                        opt_num(d.daily_view_growth_pct),
                        growth(d.daily_view_growth_pct),
                    ),
                    Cell::num(d.engagement_rate, ratio_pct(d.engagement_rate)),
                    Cell::num(d.sample_size, int(d.sample_size)),
                    Cell::num(
                        d.suspect,
                        if d.suspect {
                            "suspect".into()
                        } else {
                            String::new()
                        },
                    )
                    .tone(if d.suspect { Tone::Bad } else { Tone::Plain }),
                ]
            })
            .collect();
        let counts: Vec<u64> = v.days.iter().filter_map(|d| d.video_count).collect();
        Tabular {
            title: format!(
                "#{} — {} days   videos {}",
                v.hashtag,
                v.days.len(),
                sparkline(&counts)
            ),
            columns,
            rows,
            notes: vec![],
        }
    }
}
