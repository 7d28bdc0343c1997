//! The report page's "Rising co-hashtags" section: the first few of `tracker discover`.

use super::escape;
use crate::render::format::{decimal1, int, ratio_pct};
use crate::views::DiscoverView;
use std::fmt::Write as _;

/// Tracked hashtags named per row.
const UNDER_SHOWN: usize = 5;

/// A short table of the rising co-hashtags; every name escaped (they come from captions).
pub(super) fn rising_section(v: &DiscoverView) -> String {
    let mut out = String::from(
        "<section class=\"rising\"><h2>Rising co-hashtags</h2>\n<table><thead><tr>\
         <th>Hashtag</th><th>Score</th><th>Share now</th><th>Before</th><th>Creators</th>\
         <th>Under</th></tr></thead><tbody>\n",
    );
    for r in &v.hashtags {
        let mut under: Vec<String> = r
            .under
            .iter()
            .take(UNDER_SHOWN)
            .map(|t| format!("#{}", escape(t)))
            .collect();
        if r.under.len() > UNDER_SHOWN {
            under.push(format!("+{} more", r.under.len() - UNDER_SHOWN));
        }
        let _ = writeln!(
            out,
            "<tr><td>#{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&r.hashtag),
            decimal1(r.score),
            ratio_pct(r.share_now),
            r.share_before.map(ratio_pct).unwrap_or("—".into()),
            int(r.creators as u64),
            under.join(" ")
        );
    }
    let _ = writeln!(
        out,
        "</tbody></table><p class=\"none\">Co-hashtags not tracked yet, spreading in the samples \
         of the last {} days against the {} before; figures: <code>tracker discover --help</code>; \
         track one with <code>tracker tags add NAME</code>.</p></section>",
        v.now_days,
        v.days.saturating_sub(v.now_days)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::DiscoverRow;

    #[test]
    fn names_are_escaped_and_an_unknown_share_is_a_dash() {
        let view = DiscoverView {
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
            days: 14,
            now_days: 3,
            sampled_now: 10,
            sampled_before: 0,
            hashtags: vec![DiscoverRow {
                hashtag: "<b>x".into(),
                score: 2.0,
                videos: 3,
                creators: 2,
                under: vec!["a&b".into()],
                share_now: 0.3,
                share_before: None,
                totals: None,
            }],
        };
        let html = rising_section(&view);
        assert!(
            html.contains("<td>#&lt;b&gt;x</td><td>2.0</td><td>30.0%</td><td>—</td>"),
            "{html}"
        );
        assert!(html.contains("#a&amp;b"), "{html}");
        assert!(!html.contains("<b>"));
    }
}
