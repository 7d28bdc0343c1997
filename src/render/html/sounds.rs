//! The report page's "Rising sounds" section: the rising ones of `tracker sounds`.

use super::escape;
use crate::render::format::{growth, int, ratio_pct};
use crate::views::SoundsView;
use std::fmt::Write as _;

/// Tracked hashtags named per row.
const HASHTAGS_SHOWN: usize = 5;

/// A short table of the rising sounds; every name escaped (they come from the answers).
pub(super) fn sounds_section(v: &SoundsView) -> String {
    let mut out = String::from(
        "<section class=\"rising\"><h2>Rising sounds</h2>\n<table><thead><tr>\
         <th>Sound</th><th>Artist</th><th>Share now</th><th>Growth</th><th>Creators</th>\
         <th>Under</th><th>First seen</th></tr></thead><tbody>\n",
    );
    for r in &v.sounds {
        let mut under: Vec<String> = r
            .hashtags
            .iter()
            .take(HASHTAGS_SHOWN)
            .map(|t| format!("#{}", escape(t)))
            .collect();
        if r.hashtags.len() > HASHTAGS_SHOWN {
            under.push(format!("+{} more", r.hashtags.len() - HASHTAGS_SHOWN));
        }
        let title = crate::render::tables::sound_name(&r.title, &r.id);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&title),
            if r.author.is_empty() {
                "—".to_string()
            } else {
                escape(&r.author)
            },
            ratio_pct(r.share),
            r.share_growth
                .map_or("new".into(), |g| growth(Some(g * 100.0))),
            int(r.creators as u64),
            under.join(" "),
            r.first_seen.map_or("—".into(), |d| d.to_string())
        );
    }
    let _ = writeln!(
        out,
        "</tbody></table><p class=\"none\">Sounds spreading across creators in the samples of \
         the last {} days against the {} before; figures: <code>tracker sounds --help</code>.</p></section>",
        v.now_days,
        v.days.saturating_sub(v.now_days)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::SoundRow;

    #[test]
    fn names_are_escaped_and_a_new_sound_says_so() {
        let view = SoundsView {
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
            days: 14,
            now_days: 3,
            hashtag: None,
            sampled_now: 90,
            sampled_before: 300,
            not_enough: None,
            sounds: vec![SoundRow {
                id: "7300000000000000001".into(),
                title: "<i>Espresso</i>".into(),
                author: "A&B".into(),
                videos: 12,
                creators: 9,
                share: 0.1,
                share_growth: None,
                hashtags: vec!["skincare".into()],
                first_seen: None,
                share_before: 0.0,
                score: 4.0,
                original: false,
                rising: true,
            }],
        };
        let html = sounds_section(&view);
        assert!(
            html.contains(
                "<td>&lt;i&gt;Espresso&lt;/i&gt;</td><td>A&amp;B</td><td>10.0%</td><td>new</td>"
            ),
            "{html}"
        );
        assert!(html.contains("#skincare"));
        assert!(!html.contains("<i>"));
    }
}
