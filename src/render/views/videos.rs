//! `videos` as a table.

use crate::render::View;
use crate::render::format::{int, ratio_pct};
use crate::render::tabular::{Cell, Tabular, col};
use crate::views::VideosView;

impl View for VideosView {
    fn table(&self) -> Tabular {
        let v = self;
        let columns = vec![
            col("rank", "#", true),
            col("author", "Author", false),
            col("plays", "Plays", true),
            col("likes", "Likes", true),
            col("comments", "Comments", true),
            col("shares", "Shares", true),
            col("engagement_rate", "ER", true),
            col("id", "Video", false).detail(),
            col("description", "Description", false).wrap(),
        ];
        let rows = v
            .videos
            .iter()
            .enumerate()
            .map(|(i, x)| {
                vec![
                    Cell::text((i + 1).to_string()),
                    Cell::num(&x.author, format!("@{}", x.author)),
                    Cell::num(x.plays, int(x.plays)),
                    Cell::num(x.likes, int(x.likes)),
                    Cell::num(x.comments, int(x.comments)),
                    Cell::num(x.shares, int(x.shares)),
                    Cell::num(x.engagement_rate, ratio_pct(x.engagement_rate)),
                    Cell::text(x.id.clone()),
                    Cell::num(
                        &x.description,
                        crate::text::truncate(&x.description.replace('\n', " "), 60),
                    ),
                ]
            })
            .collect();
        Tabular {
            title: format!("#{} — top sampled videos on {}", v.hashtag, v.date),
            columns,
            rows,
            notes: vec![],
        }
    }
}
