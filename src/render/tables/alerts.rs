//! `alerts list` as a table.

use crate::render::View;
use crate::render::format::{growth, int};
use crate::render::tabular::{Cell, Tabular, Tone, col, growth_tone, opt_num};
use crate::views::AlertsView;

impl View for AlertsView {
    fn table(&self) -> Tabular {
        let columns = vec![
            col("date", "Date", false),
            col("hashtag", "Hashtag", false),
            col("signal", "Signal", false),
            col("video_growth_pct", "Videos Δ", true),
            col("delivered", "Delivered", false),
            col("attempts", "Tries", true),
            col("sent_at", "Sent at (UTC)", false),
            col("first_tried_at", "First tried (UTC)", false).detail(),
        ];
        let rows = self
            .alerts
            .iter()
            .map(|a| {
                let delivered = if a.delivered {
                    Cell::num(true, "yes".into())
                } else {
                    Cell::num(false, "no: retried by the next fetch".into()).tone(Tone::Bad)
                };
                vec![
                    Cell::text(a.date.to_string()),
                    Cell::num(&a.hashtag, format!("#{}", a.hashtag)),
                    Cell::text(a.signal.as_str()),
                    Cell::opt(opt_num(a.video_growth_pct), growth(a.video_growth_pct))
                        .tone(growth_tone(a.video_growth_pct)),
                    delivered,
                    Cell::num(a.attempts, int(u64::from(a.attempts))),
                    Cell::text(a.sent_at.clone().unwrap_or_default()),
                    Cell::text(a.first_tried_at.clone()),
                ]
            })
            .collect();
        let notes = if self.alerts.is_empty() {
            vec!["No alert has been sent yet.".to_string()]
        } else {
            Vec::new()
        };
        Tabular {
            title: "Alerts sent after each fetch (newest first)".to_string(),
            columns,
            rows,
            notes,
        }
    }
}
