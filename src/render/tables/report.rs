//! `report` as a table.

use crate::render::View;
use crate::render::format::{APPROX_NOTE, approx, decimal1, growth, int, opt_count, ratio_pct};
use crate::render::tabular::{Cell, Column, Tabular, Tone, col, growth_tone, opt_num};
use crate::text::truncate;
use crate::views::{ReportRow, ReportView};

/// Marks a suspect figure in the terminal table and markdown (explained under the table).
const SUSPECT_MARK: &str = "*";
/// Characters of a top sound's title and artist shown for people (csv carries the title
/// whole).
const TITLE_SHOWN: usize = 28;
const ARTIST_SHOWN: usize = 20;

/// `@amy 5 · @bo 4`: the top creators with their videos in the sample; `new` marks one
/// who was not among the previous snapshot's top creators.
fn creators(r: &ReportRow) -> String {
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

/// A hashtag's top sound of the day for people: `Title — Artist (5 creators)`.
fn top_sound(r: &ReportRow) -> String {
    match &r.top_sound {
        Some(t) => {
            let name = truncate(&super::sounds::sound_name(&t.title, &t.id), TITLE_SHOWN);
            let by = if t.author.is_empty() {
                String::new()
            } else {
                format!(" — {}", truncate(&t.author, ARTIST_SHOWN))
            };
            format!("{name}{by} ({} creators)", t.creators)
        }
        None => "—".into(),
    }
}

/// The report's columns; the top sound only when a hashtag has one (a database whose
/// sounds are not counted yet keeps its usual layout).
fn columns(sounds: bool) -> Vec<Column> {
    let mut columns = vec![
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
        // A column for csv and markdown; the terminal names it in a line under the table,
        // where it fits at 80 columns beside the top creators.
        col("top_sound", "Top sound", false).detail(),
        col("prev_date", "Since", false).detail(),
        col("suspect", "Suspect", false).detail(),
    ];
    if !sounds {
        columns.retain(|c| c.key != "top_sound");
    }
    columns
}

/// One hashtag's cells, in the order of [`columns`].
fn cells(r: &ReportRow, sounds: bool) -> Vec<Cell> {
    let mark = if r.suspect { SUSPECT_MARK } else { "" };
    let raw_creators: Vec<String> = r
        .metrics
        .top_creators
        .iter()
        .map(|c| format!("{}:{}", c.username, c.videos))
        .collect();
    let suspect_tone = |t: Tone| if r.suspect { Tone::Bad } else { t };
    let m = &r.metrics;
    let mut cells = vec![
        Cell::num(&r.hashtag, format!("#{}", r.hashtag)),
        Cell::opt(r.video_count, format!("{}{mark}", opt_count(r.video_count)))
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
        Cell::num(m.sample_size, int(m.sample_size)),
        Cell::num(m.plays, int(m.plays)),
        Cell::num(m.likes, int(m.likes)),
        Cell::num(m.comments, int(m.comments)),
        Cell::num(m.shares, int(m.shares)),
        Cell::num(m.engagement_rate, ratio_pct(m.engagement_rate)),
        Cell::num(m.virality, decimal1(m.virality)),
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
    ];
    if sounds {
        let at = cells.len() - 2;
        cells.insert(
            at,
            Cell::opt(r.top_sound.as_ref().map(|t| &t.title), top_sound(r)),
        );
    }
    cells
}

/// The lines under the table: what the figures mean, and what is missing.
fn notes(v: &ReportView) -> Vec<String> {
    let mut notes = vec![
        "Growth: videos since the last snapshot · ER: engagement rate of the sample".to_string(),
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
    // One short line per hashtag: a row of the table is never spread over lines.
    notes.extend(
        v.hashtags
            .iter()
            .filter(|r| r.top_sound.is_some())
            .map(|r| format!("Top sound of #{}: {}", r.hashtag, top_sound(r))),
    );
    if !v.missing_hashtags.is_empty() {
        let tags: Vec<String> = v.missing_hashtags.iter().map(|t| format!("#{t}")).collect();
        notes.push(format!("No snapshot on {}: {}", v.date, tags.join(", ")));
    }
    notes
}

impl View for ReportView {
    fn table(&self) -> Tabular {
        let sounds = self.hashtags.iter().any(|r| r.top_sound.is_some());
        Tabular {
            title: match self.hashtags.iter().find_map(|r| r.prev_date) {
                Some(prev) => format!("Hashtag report — {} (growth since {prev})", self.date),
                None => format!("Hashtag report — {}", self.date),
            },
            columns: columns(sounds),
            rows: self.hashtags.iter().map(|r| cells(r, sounds)).collect(),
            notes: notes(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Color, DataFormat, Width, render};

    #[test]
    fn the_top_sound_is_named_in_a_line_that_fits_80_and_a_csv_column() {
        let row = |tag: &str, sound: Option<crate::views::TopSound>| ReportRow {
            hashtag: tag.into(),
            video_count: Some(1_090_800),
            view_count: 1_346_047_200,
            basis: crate::model::Basis::Videos,
            approximate: false,
            metrics: Default::default(),
            video_growth_pct: Some(1.0),
            view_growth_pct: Some(0.5),
            prev_date: None,
            new_top_creators: vec![],
            top_sound: sound,
            fetched_at: String::new(),
            suspect: false,
        };
        let sound = crate::views::TopSound {
            id: "7300000000000000001".into(),
            title: "Slow Glow".into(),
            author: "Nova Lane".into(),
            videos: 17,
            creators: 12,
        };
        let mut v = ReportView {
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
            hashtags: vec![row("skincare", Some(sound)), row("fitness", None)],
            missing_hashtags: vec![],
            simulated: false,
        };
        let out = |v: &ReportView, w| {
            String::from_utf8(render(v, DataFormat::Table, Color::Never, w).unwrap()).unwrap()
        };
        let full = out(&v, Width::Full);
        assert!(
            full.contains("Slow Glow — Nova Lane (12 creators)"),
            "{full}"
        );
        let fitted = out(&v, Width::Fit(80));
        assert!(fitted.lines().all(|l| l.chars().count() <= 80), "{fitted}");
        assert!(fitted.contains("Slow Glow"), "{fitted}");
        v.hashtags[0].top_sound = None;
        assert!(!out(&v, Width::Full).contains("Top sound"));
    }
}
