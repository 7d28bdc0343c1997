//! `discover` as a table.

use crate::render::View;
use crate::render::format::{decimal1, int, ratio_pct};
use crate::render::tabular::{Cell, Tabular, Tone, col, opt_num};
use crate::views::DiscoverView;

/// Tracked hashtags named per row for people; csv and JSON carry them all.
const UNDER_SHOWN: usize = 3;

/// `#a #b #c +4 more`.
fn under_pretty(under: &[String]) -> String {
    let mut out: Vec<String> = under
        .iter()
        .take(UNDER_SHOWN)
        .map(|t| format!("#{t}"))
        .collect();
    if under.len() > UNDER_SHOWN {
        out.push(format!("+{} more", under.len() - UNDER_SHOWN));
    }
    out.join(" ")
}

impl View for DiscoverView {
    fn table(&self) -> Tabular {
        let v = self;
        let probed = v.hashtags.iter().any(|r| r.totals.is_some());
        let mut columns = vec![
            col("rank", "#", true),
            col("hashtag", "Hashtag", false),
            col("score", "Score", true),
            col("share_now", "Share now", true),
            col("share_before", "Before", true),
            col("videos", "Videos", true),
            col("creators", "Creators", true),
            col("under", "Under", false).shorten(),
        ];
        if probed {
            columns.push(col("video_count", "Total videos", true));
            columns.push(col("view_count", "Total views", true));
        }
        let rows = v
            .hashtags
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut cells = vec![
                    Cell::text((i + 1).to_string()),
                    Cell::num(&r.hashtag, format!("#{}", r.hashtag)),
                    Cell::num(r.score, decimal1(r.score)).tone(if r.score > 0.0 {
                        Tone::Good
                    } else {
                        Tone::Plain
                    }),
                    Cell::num(r.share_now, ratio_pct(r.share_now)),
                    Cell::opt(
                        opt_num(r.share_before),
                        r.share_before.map(ratio_pct).unwrap_or("—".into()),
                    ),
                    Cell::num(r.videos, int(r.videos)),
                    Cell::num(r.creators, int(r.creators as u64)),
                    Cell::num(r.under.join(" "), under_pretty(&r.under)),
                ];
                if probed {
                    let t = r.totals;
                    let none = || "—".to_string();
                    cells.push(Cell::opt(
                        t.and_then(|t| t.video_count),
                        t.and_then(|t| t.video_count).map_or_else(none, int),
                    ));
                    cells.push(Cell::opt(
                        t.map(|t| t.view_count),
                        t.map_or_else(none, |t| int(t.view_count)),
                    ));
                }
                cells
            })
            .collect();
        let mut notes = vec![format!(
            "{} videos sampled in the last {} days, {} in the {} before.",
            int(v.sampled_now),
            v.now_days,
            int(v.sampled_before),
            v.days.saturating_sub(v.now_days)
        )];
        if v.hashtags.is_empty() {
            notes.push("No rising co-hashtag in this window.".into());
        } else {
            notes.push("Track one with `tracker tags add NAME`.".into());
        }
        notes.push("Figures: `tracker discover --help`.".into());
        Tabular {
            title: format!("Rising co-hashtags — {} ({} days)", v.date, v.days),
            columns,
            rows,
            notes,
        }
    }
}
