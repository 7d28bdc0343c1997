//! `sounds` as a table: at 80 columns the title, its share and growth and the hashtags stay;
//! the artist, counts and first day go first as the terminal narrows.

use crate::render::View;
use crate::render::format::{growth, int, ratio_pct};
use crate::render::tabular::{Cell, Column, Tabular, Tone, col};
use crate::views::{SoundRow, SoundsView};

/// Tracked hashtags named per row for people; csv and JSON carry them all.
const HASHTAGS_SHOWN: usize = 3;

/// `#a #b #c +4 more`.
fn hashtags_pretty(tags: &[String]) -> String {
    let mut out: Vec<String> = tags
        .iter()
        .take(HASHTAGS_SHOWN)
        .map(|t| format!("#{t}"))
        .collect();
    if tags.len() > HASHTAGS_SHOWN {
        out.push(format!("+{} more", tags.len() - HASHTAGS_SHOWN));
    }
    out.join(" ")
}

/// A sound's name for people: its title, else its id.
pub(crate) fn sound_name(title: &str, id: &str) -> String {
    if title.trim().is_empty() {
        format!("sound {id}")
    } else {
        title.to_string()
    }
}

fn columns() -> Vec<Column> {
    vec![
        col("rank", "#", true).keep(2),
        col("title", "Sound", false).shorten().always(),
        col("author", "Artist", false).shorten().keep(3),
        col("videos", "Videos", true).keep(4),
        col("creators", "Creators", true).keep(6),
        col("share", "Share", true).keep(8),
        col("share_growth", "Growth", true).keep(9),
        col("hashtags", "Under", false).shorten().keep(7),
        col("first_seen", "First seen", false).keep(1),
        col("id", "Id", false).detail(),
        col("score", "Score", true).detail(),
    ]
}

fn cells(i: usize, r: &SoundRow) -> Vec<Cell> {
    let growth_cell = match r.share_growth {
        Some(g) => Cell::num(g, growth(Some(g * 100.0))),
        None => Cell::opt(None::<f64>, "new".into()),
    };
    let tone = if r.rising { Tone::Good } else { Tone::Plain };
    vec![
        Cell::text((i + 1).to_string()),
        Cell::num(&r.title, sound_name(&r.title, &r.id)),
        Cell::text(if r.author.is_empty() {
            "—"
        } else {
            &r.author
        }),
        Cell::num(r.videos, int(r.videos)),
        Cell::num(r.creators, int(r.creators as u64)),
        Cell::num(r.share, ratio_pct(r.share)),
        growth_cell.tone(tone),
        Cell::num(r.hashtags.join(" "), hashtags_pretty(&r.hashtags)),
        Cell::opt(
            r.first_seen,
            r.first_seen.map_or("—".into(), |d| d.to_string()),
        ),
        Cell::text(&r.id),
        Cell::num(r.score, format!("{:.2}", r.score)),
    ]
}

fn notes(v: &SoundsView) -> Vec<String> {
    let mut notes = vec![format!(
        "{} videos sampled in the last {} days, {} in the {} before.",
        int(v.sampled_now),
        v.now_days,
        int(v.sampled_before),
        v.days.saturating_sub(v.now_days)
    )];
    if let Some(why) = &v.not_enough {
        notes.push(format!("Not ranked yet: {why}."));
    } else if v.sounds.is_empty() {
        notes.push("No sound shared by several creators in this window.".into());
    }
    notes.push(
        "Growth: of the share, against the days before · Figures: `tracker sounds --help`.".into(),
    );
    notes
}

impl View for SoundsView {
    fn table(&self) -> Tabular {
        let under = match &self.hashtag {
            Some(t) => format!(" under #{t}"),
            None => String::new(),
        };
        Tabular {
            title: format!("Rising sounds{under} — {} ({} days)", self.date, self.days),
            columns: columns(),
            rows: self
                .sounds
                .iter()
                .enumerate()
                .map(|(i, r)| cells(i, r))
                .collect(),
            notes: notes(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Color, DataFormat, Width, render};

    fn view() -> SoundsView {
        let row = |id: &str, title: &str, growth: Option<f64>| SoundRow {
            id: id.into(),
            title: title.into(),
            author: "Sabrina Carpenter & the Extra Long Band Name".into(),
            videos: 1234,
            creators: 321,
            share: 0.125,
            share_growth: growth,
            hashtags: vec![
                "skincare".into(),
                "makeup".into(),
                "haircare".into(),
                "grwm".into(),
            ],
            first_seen: chrono::NaiveDate::from_ymd_opt(2026, 3, 8),
            share_before: 0.05,
            score: 3.2,
            original: false,
            rising: true,
        };
        SoundsView {
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
            days: 14,
            now_days: 3,
            hashtag: None,
            sampled_now: 360,
            sampled_before: 1320,
            not_enough: None,
            sounds: vec![
                row(
                    "7300000000000000001",
                    "Espresso (sped up) — a very long remix title indeed",
                    Some(1.5),
                ),
                row("7300000000000000002", "", None),
            ],
        }
    }

    fn table(v: &SoundsView, width: Width) -> String {
        String::from_utf8(render(v, DataFormat::Table, Color::Never, width).unwrap()).unwrap()
    }

    #[test]
    fn the_table_fits_80_columns_keeping_title_share_growth_and_hashtags() {
        let out = table(&view(), Width::Fit(80));
        assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
        let header = out.lines().nth(2).unwrap();
        for title in ["Sound", "Share", "Growth", "Under"] {
            assert!(header.contains(title), "{title}: {out}");
        }
        assert!(out.contains("Espresso"), "{out}");
        assert!(out.contains("+150.0%") && out.contains("new"), "{out}");
        assert!(
            out.contains("sound 7300000000000000002"),
            "an untitled sound: {out}"
        );
    }

    #[test]
    fn too_little_history_says_what_is_missing() {
        let mut v = view();
        v.sounds.clear();
        v.not_enough = Some("1 sampled day(s) before the last 3 days".into());
        let out = table(&v, Width::Full);
        assert!(out.contains("Not ranked yet: 1 sampled day(s)"), "{out}");
    }

    #[test]
    fn csv_carries_the_id_and_every_hashtag() {
        let out =
            String::from_utf8(render(&view(), DataFormat::Csv, Color::Never, Width::Full).unwrap())
                .unwrap();
        assert!(out.contains("7300000000000000001"), "{out}");
        assert!(out.contains("skincare makeup haircare grwm"), "{out}");
    }
}
