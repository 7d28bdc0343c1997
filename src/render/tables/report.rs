//! `report` as a table.

use crate::render::View;
use crate::render::format::{APPROX_NOTE, approx, decimal1, growth, int, ratio_pct};
use crate::render::tabular::{Cell, Tabular, Tone, col, growth_tone, opt_num};
use crate::views::ReportView;

/// Marks a suspect figure in the terminal table and markdown (explained under the table).
const SUSPECT_MARK: &str = "*";

/// `@amy 5 · @bo 4`: the top creators with their videos in the sample; `new` marks one
/// who was not among the previous snapshot's top creators.
fn creators(r: &crate::views::ReportRow) -> String {
    let parts: Vec<String> = r
        .metrics
        .top_creators
        .iter()
        .map(|c| {
            let new = if r.new_top_creators.contains(&c.username) {
                " new"
            } else {
                ""
            };
            format!("@{} {}{new}", c.username, c.videos)
        })
        .collect();
    parts.join(" · ")
}

impl View for ReportView {
    fn table(&self) -> Tabular {
        let v = self;
        let columns = vec![
            col("hashtag", "Hashtag", false).always(),
            col("video_count", "Videos", true).keep(8),
            col("view_count", "Views", true).keep(5),
            col("video_growth_pct", "Growth", true).keep(9),
            col("view_growth_pct", "Views growth", true).keep(3),
            col("sample_size", "Sample", true).keep(2),
            col("plays", "Plays", true).detail(),
            col("likes", "Likes", true).detail(),
            col("comments", "Comments", true).detail(),
            col("shares", "Shares", true).detail(),
            col("engagement_rate", "ER", true).keep(7),
            col("virality", "Shares/video", true).keep(4),
            col("top_creators", "Top creators", false).shorten().keep(6),
            col("prev_date", "Since", false).detail(),
            col("suspect", "Suspect", false).detail(),
        ];
        let rows = v
            .hashtags
            .iter()
            .map(|r| {
                let mark = if r.suspect { SUSPECT_MARK } else { "" };
                let raw_creators: Vec<String> = r
                    .metrics
                    .top_creators
                    .iter()
                    .map(|c| format!("{}:{}", c.username, c.videos))
                    .collect();
                let suspect_tone = |t: Tone| if r.suspect { Tone::Bad } else { t };
                vec![
                    Cell::num(&r.hashtag, format!("#{}", r.hashtag)),
                    Cell::opt(
                        r.video_count,
                        format!("{}{mark}", crate::render::format::opt_count(r.video_count)),
                    )
                    .tone(suspect_tone(Tone::Plain)),
                    Cell::num(r.view_count, int(r.view_count)),
                    Cell::opt(
                        opt_num(r.video_growth_pct),
                        format!(
                            "{}{mark}",
                            approx(growth(r.video_growth_pct), r.approximate)
                        ),
                    )
                    .tone(suspect_tone(growth_tone(r.video_growth_pct))),
                    Cell::opt(
                        opt_num(r.view_growth_pct),
                        approx(growth(r.view_growth_pct), r.approximate),
                    )
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
                        pretty: creators(r),
                        tone: Tone::Plain,
                    },
                    Cell::opt(
                        r.prev_date,
                        r.prev_date.map(|d| d.to_string()).unwrap_or("—".into()),
                    ),
                    Cell::num(r.suspect, if r.suspect { "yes" } else { "" }.to_string()),
                ]
            })
            .collect();
        let mut notes = vec![
            "Growth: videos since the last snapshot · ER: engagement rate of the sample"
                .to_string(),
        ];
        if v.hashtags.iter().any(|r| r.approximate) {
            notes.push(APPROX_NOTE.to_string());
        }
        if v.hashtags.iter().any(|r| r.suspect) {
            notes.push(format!(
                "{SUSPECT_MARK} suspect: an implausible jump or drop, kept out of the trend signals"
            ));
        }
        if v.hashtags.iter().any(|r| r.prev_date.is_none()) {
            notes.push("—: growth needs two days of snapshots".to_string());
        }
        if !v.missing_hashtags.is_empty() {
            let tags: Vec<String> = v.missing_hashtags.iter().map(|t| format!("#{t}")).collect();
            notes.push(format!("No snapshot on {}: {}", v.date, tags.join(", ")));
        }
        Tabular {
            title: match v.hashtags.iter().find_map(|r| r.prev_date) {
                Some(prev) => format!("Hashtag report — {} (growth since {prev})", v.date),
                None => format!("Hashtag report — {}", v.date),
            },
            columns,
            rows,
            notes,
        }
    }
}
