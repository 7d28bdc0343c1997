//! One self-contained HTML page for the report (inline CSS and SVG; nothing loaded from
//! anywhere). Only the report has a page; other views point to the formats that fit them.
//!
//! The page must open from a mail attachment or an air-gapped disk and must never run
//! anything, so it holds no `<script>`, no external font, image or stylesheet and no URL
//! at all (not even the SVG namespace: inline SVG in HTML does not need it). Hashtags and
//! creator names come from the network, so every piece of text goes through [`escape`].

mod chart;
mod rising;
mod sounds;
#[cfg(test)]
mod tests;

use super::format::{approx, decimal1, growth, int, plural, ratio_pct, signed1};
use crate::metrics::signals;
use crate::text::sanitize;
use crate::views::{Chart, DiscoverView, ReportRow, ReportView, SoundsView};
use chart::{Axes, svg_chart};
use std::fmt::Write as _;

/// Text made safe for HTML element content and quoted attribute values: no control or
/// bidi characters ([`sanitize`]), then the markup characters as entities.
fn escape(s: &str) -> String {
    sanitize(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The card's `id` (`tag-NAME`) so the header can link to it. IDs may not contain
/// whitespace, so anything that is not a letter, digit, `-` or `_` becomes `-`.
fn anchor(hashtag: &str) -> String {
    let slug: String = hashtag
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("tag-{}", escape(&slug))
}

/// `up` / `down` / `flat` so growth figures are coloured by sign.
fn trend_class(g: Option<f64>) -> &'static str {
    match g {
        Some(g) if g > 0.0 => "up",
        Some(g) if g < 0.0 => "down",
        _ => "flat",
    }
}

/// A growth figure when it is a real number; NaN or infinity would only print noise.
fn finite(g: Option<f64>) -> Option<f64> {
    g.filter(|g| g.is_finite())
}

/// The stylesheet. Colours: blue = video count, teal = growth, red = decline,
/// orange = breakout, grey = suspect snapshot; the same in the legend and the charts.
const CSS: &str = include_str!("style.css");

/// The report as one page: a card per hashtag with its chart (`charts[i]` belongs to
/// `v.hashtags[i]`), in the order `trends` ranks them (momentum: breakouts first), every
/// chart on the same axes so that cards compare at a glance; then the rising co-hashtags
/// and the rising sounds when there are any.
pub fn report_page(
    v: &ReportView,
    charts: &[Chart],
    rising: Option<&DiscoverView>,
    sounds: Option<&SoundsView>,
) -> Vec<u8> {
    let mut cards: Vec<Card<'_>> = v
        .hashtags
        .iter()
        .enumerate()
        .map(|(i, row)| Card {
            row,
            chart: charts.get(i),
        })
        .collect();
    cards.sort_by(|a, b| match (a.momentum(), b.momentum()) {
        (Some(x), Some(y)) => y
            .total_cmp(&x)
            .then_with(|| a.row.hashtag.cmp(&b.row.hashtag)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.row.hashtag.cmp(&b.row.hashtag),
    });
    let axes = Axes::shared(
        cards
            .iter()
            .filter_map(|c| c.chart)
            .map(|c| c.points.as_slice()),
    );
    let mut out = String::with_capacity(16_384 + v.hashtags.len() * 12_288);
    out.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    let _ = write!(
        out,
        "<title>{}</title><style>{CSS}</style></head>\n<body><main>\n",
        escape(&format!("Hashtag report — {}", v.date))
    );
    out.push_str(&page_header(v, &cards));
    if v.simulated {
        out.push_str(
            "<p class=\"simulated\">Simulated data: written by <code>tracker demo</code> \
             against a simulated Scavio API, not real TikTok counts.</p>\n",
        );
    }
    out.push_str("<div class=\"grid\">\n");
    for card in &cards {
        out.push_str(&hashtag_card(card, &axes));
    }
    out.push_str("</div>\n");
    if v.hashtags.is_empty() {
        out.push_str("<p class=\"none\">No hashtag has a snapshot for this date.</p>\n");
    }
    if let Some(rising) = rising {
        out.push_str(&rising::rising_section(rising));
    }
    if let Some(sounds) = sounds {
        out.push_str(&sounds::sounds_section(sounds));
    }
    // The breakout rule is quoted from the constants that decide it, so it cannot drift.
    let _ = writeln!(
        out,
        "<footer>Cards are in the order <code>tracker trends</code> ranks them (momentum: \
         breakouts first); every chart shares its scales, so lines and bars compare across \
         cards. Engagement rate = (likes + comments + shares) / plays of the sampled videos. \
         Shares per video = shares / sampled videos. Video growth = change in the video \
         count since the previous snapshot; growth per day spreads a gap between snapshots \
         evenly over its days. A breakout is growth per day at least {}σ and {} points \
         above the hashtag's own recent baseline, on what the counts guarantee. ≈ marks \
         a figure from a rounded count (TikTok's \"1.2M\"). Hover a point or bar for its exact \
         figures.</footer>",
        signals::BREAKOUT_SIGMAS,
        signals::BREAKOUT_MIN_PP
    );
    out.push_str("</main></body></html>\n");
    out.into_bytes()
}

/// A report row with the chart drawn for it.
struct Card<'a> {
    row: &'a ReportRow,
    chart: Option<&'a Chart>,
}

impl Card<'_> {
    fn is_breakout(&self) -> bool {
        self.chart.is_some_and(|c| c.breakout)
    }

    /// The `trends` ranking score of the card's hashtag, when it has one.
    fn momentum(&self) -> Option<f64> {
        finite(
            self.chart
                .and_then(|c| c.signals.as_ref())
                .and_then(|s| s.momentum),
        )
    }
}

/// Title, date, counts, links to the breakouts (what to look at first) and the legend
/// that explains the chart colours.
fn page_header(v: &ReportView, cards: &[Card<'_>]) -> String {
    let breakouts: Vec<&ReportRow> = cards
        .iter()
        .filter(|c| c.is_breakout())
        .map(|c| c.row)
        .collect();
    let n = v.hashtags.len();
    let mut sub = format!(
        "<strong>{}</strong> · {} hashtag{}",
        v.date,
        n,
        if n == 1 { "" } else { "s" }
    );
    if breakouts.is_empty() {
        sub.push_str(" · no breakout");
    } else {
        let links: Vec<String> = breakouts
            .iter()
            .map(|r| {
                format!(
                    "<a href=\"#{}\">#{}</a>",
                    anchor(&r.hashtag),
                    escape(&r.hashtag)
                )
            })
            .collect();
        let _ = write!(
            sub,
            " · {} breakout{}: {}",
            breakouts.len(),
            if breakouts.len() == 1 { "" } else { "s" },
            links.join(", ")
        );
    }
    if !v.missing_hashtags.is_empty() {
        let tags: Vec<String> = v
            .missing_hashtags
            .iter()
            .map(|t| format!("#{}", escape(t)))
            .collect();
        let _ = write!(
            sub,
            " · <span class=\"missing\">no snapshot for {}</span>",
            tags.join(", ")
        );
    }
    format!(
        "<header class=\"top\"><div><h1>Hashtag report</h1><p class=\"sub\">{sub}</p></div>\
         <ul class=\"legend\">\
         <li><span class=\"sw sw-line\"></span>Videos (index, first day = 100)</li>\
         <li><span class=\"sw sw-views\"></span>Views (index)</li>\
         <li><span class=\"sw sw-bar\"></span>Growth per day</li>\
         <li><span class=\"sw sw-neg\"></span>Decline</li>\
         <li><span class=\"sw sw-suspect\"></span>Suspect day (a gap, left out of signals)</li>\
         <li><span class=\"sw sw-breakout\"></span>Breakout</li>\
         </ul></header>\n"
    )
}

/// One metric tile; `class` colours the value (growth sign). The full value is repeated
/// as a tooltip because a huge number may be cut off with an ellipsis.
fn stat(label: &str, value: &str, class: &str) -> String {
    format!(
        "<div class=\"stat\"><dt>{}</dt><dd class=\"{class}\" title=\"{}\">{}</dd></div>",
        escape(label),
        escape(value),
        escape(value)
    )
}

/// The card of one hashtag: the day's figures, its chart, the signals behind a breakout
/// and the top creators.
fn hashtag_card(card: &Card<'_>, axes: &Axes) -> String {
    let r = card.row;
    let breakout = card.is_breakout();
    let chart = card.chart;
    let signals = chart.and_then(|c| c.signals.as_ref());
    let suspect = signals.is_some_and(|s| s.suspect);
    let mut out = format!(
        "<section class=\"hashtag{}\" id=\"{}\">\n<div class=\"head\"><h2>#{}</h2>",
        if breakout { " breakout" } else { "" },
        anchor(&r.hashtag),
        escape(&r.hashtag)
    );
    if breakout {
        out.push_str("<span class=\"badge hot\">BREAKOUT</span>");
    }
    if suspect {
        out.push_str(
            "<span class=\"badge warn\" title=\"Implausible jump or drop; kept out of the signals\">SUSPECT</span>",
        );
    }
    if let Some(d) = r.prev_date {
        let _ = write!(out, "<span class=\"since\">growth since {d}</span>");
    }
    out.push_str("</div>\n<dl class=\"stats\">");
    let vg = finite(r.video_growth_pct);
    let wg = finite(r.view_growth_pct);
    let today = finite(signals.and_then(|s| s.daily_growth_pct));
    // A figure resting on a rounded count ("1.2M") is an estimate: marked "≈".
    let ap = |text: String| {
        approx(
            text,
            r.approximate || signals.is_some_and(|s| s.approximate),
        )
    };
    out.push_str(&stat(
        "Videos",
        &crate::render::format::opt_count(r.video_count),
        "",
    ));
    out.push_str(&stat("Views", &int(r.view_count), ""));
    out.push_str(&stat("Video growth", &ap(growth(vg)), trend_class(vg)));
    out.push_str(&stat("View growth", &ap(growth(wg)), trend_class(wg)));
    out.push_str(&stat(
        "Engagement rate",
        &ratio_pct(r.metrics.engagement_rate),
        "",
    ));
    out.push_str(&stat("Shares per video", &decimal1(r.metrics.virality), ""));
    out.push_str(&stat("Sample", &plural(r.metrics.sample_size, "video"), ""));
    // On a breakout this tile is the reason for the badge, so it takes the badge colour.
    let today_class = if breakout { "hot" } else { trend_class(today) };
    out.push_str(&stat("Growth per day", &ap(growth(today)), today_class));
    out.push_str("</dl>\n");
    let points = chart.map(|c| c.points.as_slice()).unwrap_or_default();
    out.push_str(&svg_chart(points, breakout, axes));
    out.push('\n');
    if let Some(line) = chart.and_then(signals_line) {
        out.push_str(&line);
    }
    out.push_str(&creators(r));
    out.push_str("</section>\n");
    out
}

/// The multi-day signals under the chart, so a reader can see *why* a card is (or is
/// not) a breakout: today's rate against the baseline it was compared with.
fn signals_line(c: &Chart) -> Option<String> {
    let s = c.signals.as_ref()?;
    let mut parts = Vec::new();
    if let Some(g) = finite(s.video_growth_7d_pct) {
        parts.push(format!("7-day growth <b>{}</b>", escape(&growth(Some(g)))));
    }
    if s.streak > 0 {
        parts.push(format!(
            "rising <b>{}</b> day{} in a row",
            s.streak,
            if s.streak == 1 { "" } else { "s" }
        ));
    }
    if let Some(a) = finite(s.acceleration_pp) {
        parts.push(format!(
            "acceleration <b>{} pp</b> against the week before",
            signed1(a)
        ));
    }
    if let (Some(m), Some(sd)) = (finite(s.baseline_mean_pct), finite(s.baseline_std_pct)) {
        parts.push(format!(
            "baseline growth <b>{}%/day</b> (± {})",
            decimal1(m),
            decimal1(sd)
        ));
    }
    if let Some(m) = finite(s.momentum) {
        parts.push(format!("momentum <b>{}</b>", decimal1(m)));
    }
    if parts.is_empty() {
        return None;
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|p| format!("<span>{p}</span>"))
        .collect();
    Some(format!("<p class=\"signals\">{}</p>\n", parts.join(" · ")))
}

/// Top creators of the sample; those who were not in the previous snapshot's top get a
/// "new" marker (a new voice in a hashtag is often the first sign of a shift).
fn creators(r: &ReportRow) -> String {
    let mut out = String::from("<ul class=\"creators\"><li class=\"label\">Top creators</li>");
    if r.metrics.top_creators.is_empty() {
        out.push_str("<li class=\"none\">none in the sample</li>");
    }
    for c in &r.metrics.top_creators {
        let new = if r.new_top_creators.contains(&c.username) {
            "<span class=\"new\">new</span>"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<li class=\"who\">@{} <span class=\"n\">({} video{})</span>{new}</li>",
            escape(&c.username),
            int(c.videos),
            if c.videos == 1 { "" } else { "s" }
        );
    }
    out.push_str("</ul>\n");
    out
}
