//! `videos` as a table.

use crate::render::View;
use crate::render::format::{int, ratio_pct};
use crate::render::tabular::{Cell, Tabular, col};
use crate::views::VideosView;

impl View for VideosView {
    fn table(&self) -> Tabular {
        let v = self;
        let columns = vec![
            col("rank", "#", true).always(),
            col("author", "Author", false).shorten().keep(8),
            col("plays", "Plays", true).keep(9),
            col("likes", "Likes", true).keep(4),
            col("comments", "Comments", true).keep(2),
            col("shares", "Shares", true).keep(3),
            col("engagement_rate", "ER", true).keep(6),
            col("id", "Video", false).detail(),
            col("description", "Caption", false).shorten().keep(7),
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
                        crate::text::truncate(&x.description.replace('\n', " "), 120),
                    ),
                ]
            })
            .collect();
        let n = v.videos.len();
        Tabular {
            title: format!(
                "#{} — top {n} sampled video{} on {}",
                v.hashtag,
                if n == 1 { "" } else { "s" },
                v.date
            ),
            columns,
            rows,
            notes: vec!["ER: engagement rate, (likes + comments + shares) / plays".into()],
        }
    }
}
