//! `report` as a table.

use crate::render::View;
use crate::render::format::{decimal1, growth, int, ratio_pct};
use crate::render::tabular::{Cell, Tabular, Tone, col, growth_tone, opt_num};
use crate::views::ReportView;

impl View for ReportView {
    fn table(&self) -> Tabular {
        let v = self;
        let columns = vec![
            col("hashtag", "Hashtag", false),
            col("video_count", "Videos", true),
            col("view_count", "Views", true),
            col("video_growth_pct", "Videos Δ", true),
            col("view_growth_pct", "Views Δ", true),
            col("sample_size", "Sample", true),
            col("plays", "Plays", true).detail(),
            col("likes", "Likes", true).detail(),
            col("comments", "Comments", true).detail(),
            col("shares", "Shares", true).detail(),
            col("engagement_rate", "ER", true),
            col("virality", "Shares/vid", true),
            col("top_creators", "Top creators", false).wrap(),
            col("prev_date", "Since", false).detail(),
        ];
        let rows = v
            .hashtags
            .iter()
            .map(|r| {
                let creators: Vec<String> = r
                    .metrics
                    .top_creators
                    .iter()
                    .map(|c| {
                        let new = if r.new_top_creators.contains(&c.username) {
                            " (new)"
                        } else {
                            ""
                        };
                        format!("@{} ({}){new}", c.username, c.videos)
                    })
                    .collect();
                let raw_creators: Vec<String> = r
                    .metrics
                    .top_creators
                    .iter()
                    .map(|c| format!("{}:{}", c.username, c.videos))
                    .collect();
                vec![
                    Cell::num(&r.hashtag, format!("#{}", r.hashtag)),
                    Cell::opt(
                        r.video_count,
                        crate::render::format::opt_count(r.video_count),
                    ),
                    Cell::num(r.view_count, int(r.view_count)),
                    Cell::opt(opt_num(r.video_growth_pct), growth(r.video_growth_pct))
                        .tone(growth_tone(r.video_growth_pct)),
                    Cell::opt(opt_num(r.view_growth_pct), growth(r.view_growth_pct))
                        .tone(growth_tone(r.view_growth_pct)),
                    Cell::num(r.metrics.sample_size, int(r.metrics.sample_size)),
                    Cell::num(r.metrics.plays, int(r.metrics.plays)),
                    Cell::num(r.metrics.likes, int(r.metrics.likes)),
                    Cell::num(r.metrics.comments, int(r.metrics.comments)),
                    Cell::num(r.metrics.shares, int(r.metrics.shares)),
                    Cell::num(
                        r.metrics.engagement_rate,
                        ratio_pct(r.metrics.engagement_rate),
                    ),
                    Cell::num(r.metrics.virality, decimal1(r.metrics.virality)),
                    Cell {
                        raw: raw_creators.join(";"),
                        pretty: creators.join(", "),
                        tone: Tone::Plain,
                    },
                    Cell::opt(
                        r.prev_date,
                        r.prev_date.map(|d| d.to_string()).unwrap_or("—".into()),
                    ),
                ]
            })
            .collect();
        Tabular {
        title: match v.hashtags.iter().find_map(|r| r.prev_date) {
            Some(prev) => format!("Hashtag report — {} (Δ since {prev})", v.date),
            None => format!("Hashtag report — {}", v.date),
        },
        columns,
        rows,
        notes: vec!["ER = (likes + comments + shares) / plays over the sampled videos; Δ = change since the previous snapshot.".into()],
    }
    }
}
