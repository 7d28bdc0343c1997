//! One self-contained HTML page for the report (inline CSS and SVG; nothing loaded from
//! anywhere). Only the report has a page; other views point to the formats that fit them.
//!
//! The page must open from a mail attachment or an air-gapped disk and must never run
//! anything, so it holds no `<script>`, no external font, image or stylesheet and no URL
//! at all (not even the SVG namespace: inline SVG in HTML does not need it). Hashtags and
//! creator names come from the network, so every piece of text goes through [`escape`].

use super::format::{decimal1, growth, int, ratio_pct, signed1};
use super::{Renderer, sanitize};
use crate::metrics::signals;
use crate::report::{
    Chart, CostsView, HistoryDay, HistoryView, ReportRow, ReportView, TrendsView, VideosView,
};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::fmt::Write as _;

pub struct HtmlRenderer;

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
const CSS: &str = r#"
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f1f5f9;--card:#fff;
--blue:#2563eb;--teal:#0d9488;--red:#dc2626;--orange:#ea580c;--grey:#94a3b8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1240px;margin:0 auto;padding:24px 20px 40px}
header.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:flex-end;gap:12px 32px;
margin-bottom:20px}
h1{font-size:24px;margin:0 0 4px;letter-spacing:-.01em}
.sub{margin:0;color:var(--muted)}
.sub strong{color:var(--ink)}
.sub a{color:var(--orange);font-weight:600;text-decoration:none}
.legend{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px 16px;color:var(--muted);
font-size:12px}
.legend li{display:flex;align-items:center;gap:6px}
.sw{display:inline-block;width:14px;height:10px;border-radius:2px}
.sw-line{height:3px;background:var(--blue)}
.sw-bar{background:var(--teal);opacity:.75}
.sw-neg{background:var(--red);opacity:.75}
.sw-suspect{width:10px;height:10px;border-radius:50%;border:2px solid var(--grey);background:#fff}
.sw-breakout{width:10px;height:10px;border-radius:50%;background:var(--orange)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:18px}
.hashtag{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px 12px;
box-shadow:0 1px 2px rgba(15,23,42,.05)}
.hashtag.breakout{border:2px solid var(--orange);box-shadow:0 2px 10px rgba(234,88,12,.18)}
.head{display:flex;align-items:center;gap:10px;margin-bottom:10px}
.head h2{font-size:18px;margin:0;word-break:break-all}
.head .since{margin-left:auto;color:var(--muted);font-size:12px;white-space:nowrap}
.badge{font-size:11px;font-weight:700;letter-spacing:.06em;padding:2px 8px;border-radius:999px;color:#fff}
.badge.hot{background:var(--orange)}
.badge.warn{background:var(--grey)}
.stats{display:grid;grid-template-columns:1fr 1.3fr .85fr .85fr;gap:8px;margin:0 0 10px}
.stat{background:#f8fafc;border-radius:6px;padding:6px 9px;min-width:0;margin:0}
.stat dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.stat dd{margin:0;font-size:16px;font-weight:600;font-variant-numeric:tabular-nums;
overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.up{color:#047857}.down{color:var(--red)}.flat{color:var(--muted)}
.stat dd.hot{color:var(--orange)}
svg.chart{display:block;width:100%;height:auto;margin:4px 0 2px}
.chart text{font-size:12px;fill:var(--muted);font-variant-numeric:tabular-nums}
.chart .band{font-size:11px;letter-spacing:.06em;fill:#94a3b8;font-weight:600}
.chart .grid-l{stroke:var(--line);stroke-width:1}
.chart .zero{stroke:#cbd5e1;stroke-width:1}
.chart .area{fill:var(--blue);opacity:.07}
.chart .line{fill:none;stroke:var(--blue);stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
.chart .pt{fill:var(--blue);stroke:#fff;stroke-width:1}
.chart .pt.suspect{fill:#fff;stroke:var(--grey);stroke-width:2}
.chart .pt.last{stroke:#fff;stroke-width:2}
.chart .pt.hot{fill:var(--orange);stroke:#fff;stroke-width:2}
.chart .halo{fill:var(--orange);opacity:.2}
.chart .bar{fill:var(--teal);opacity:.75}
.chart .bar.neg{fill:var(--red)}
.chart .bar.hot{fill:var(--orange);opacity:1}
.chart .hotlbl{fill:var(--orange);font-weight:700;font-size:11px;letter-spacing:.06em}
.chart .empty{font-size:13px}
.chart .halo-text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.signals{margin:2px 0 8px;color:var(--muted);font-size:12px}
.signals b{color:var(--ink);font-weight:600}
.signals span{white-space:nowrap}
.creators{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:0;padding:8px 0 0;
border-top:1px solid var(--line);list-style:none;font-size:13px}
.creators .label{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.04em;margin-right:2px}
.creators .who{background:#f1f5f9;border-radius:999px;padding:1px 9px;max-width:100%;
overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.creators .n{color:var(--muted)}
.new{font-size:10px;font-weight:700;color:#fff;background:var(--teal);border-radius:4px;padding:0 4px;
margin-left:3px;text-transform:uppercase}
.none{color:var(--muted)}
footer{margin-top:22px;color:var(--muted);font-size:12px}
"#;

impl Renderer for HtmlRenderer {
    fn report(&self, v: &ReportView) -> Result<Vec<u8>> {
        let mut out = String::with_capacity(16_384 + v.hashtags.len() * 12_288);
        out.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        let _ = write!(
            out,
            "<title>{}</title><style>{CSS}</style></head>\n<body><main>\n",
            escape(&format!("Hashtag report — {}", v.date))
        );
        out.push_str(&page_header(v));
        out.push_str("<div class=\"grid\">\n");
        for r in &v.hashtags {
            out.push_str(&hashtag_card(r));
        }
        out.push_str("</div>\n");
        if v.hashtags.is_empty() {
            out.push_str("<p class=\"none\">No hashtag has a snapshot for this date.</p>\n");
        }
        // The breakout rule is quoted from the constants that decide it, so it cannot drift.
        let _ = writeln!(
            out,
            "<footer>ER = (likes + comments + shares) / plays over the sampled videos. \
             Virality = shares per sampled video. Δ = change since the previous snapshot; \
             Δ/day spreads a gap between snapshots evenly over its days. A breakout is daily \
             growth at least {}σ and {} points above the hashtag's own recent baseline. \
             Hover a point or bar for its exact figures.</footer>",
            signals::BREAKOUT_SIGMAS,
            signals::BREAKOUT_MIN_PP
        );
        out.push_str("</main></body></html>\n");
        Ok(out.into_bytes())
    }
    fn trends(&self, _: &TrendsView) -> Result<Vec<u8>> {
        bail!("--format html is available for `report`; use table, json, csv or markdown here")
    }
    fn history(&self, _: &HistoryView) -> Result<Vec<u8>> {
        bail!("--format html is available for `report`; use table, json, csv or markdown here")
    }
    fn videos(&self, _: &VideosView) -> Result<Vec<u8>> {
        bail!("--format html is available for `report`; use table, json, csv or markdown here")
    }
    fn costs(&self, _: &CostsView) -> Result<Vec<u8>> {
        bail!("--format html is available for `report`; use table, json, csv or markdown here")
    }
}

fn is_breakout(r: &ReportRow) -> bool {
    r.chart.as_ref().is_some_and(|c| c.breakout)
}

/// Title, date, counts, links to the breakouts (what to look at first) and the legend
/// that explains the chart colours.
fn page_header(v: &ReportView) -> String {
    let breakouts: Vec<&ReportRow> = v.hashtags.iter().filter(|r| is_breakout(r)).collect();
    let n = v.hashtags.len();
    let mut sub = format!(
        "<strong>{}</strong> · {} hashtag{}",
        v.date,
        n,
        if n == 1 { "" } else { "s" }
    );
    if breakouts.is_empty() {
        sub.push_str(" · no breakout today");
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
    format!(
        "<header class=\"top\"><div><h1>Hashtag report</h1><p class=\"sub\">{sub}</p></div>\
         <ul class=\"legend\">\
         <li><span class=\"sw sw-line\"></span>Video count (total)</li>\
         <li><span class=\"sw sw-bar\"></span>Daily video growth</li>\
         <li><span class=\"sw sw-neg\"></span>Decline</li>\
         <li><span class=\"sw sw-suspect\"></span>Suspect snapshot (left out of signals)</li>\
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
fn hashtag_card(r: &ReportRow) -> String {
    let breakout = is_breakout(r);
    let chart = r.chart.as_ref();
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
        let _ = write!(out, "<span class=\"since\">Δ since {d}</span>");
    }
    out.push_str("</div>\n<dl class=\"stats\">");
    let vg = finite(r.video_growth_pct);
    let wg = finite(r.view_growth_pct);
    let today = finite(signals.and_then(|s| s.daily_video_growth_pct));
    out.push_str(&stat("Videos", &int(r.video_count), ""));
    out.push_str(&stat("Views", &int(r.view_count), ""));
    out.push_str(&stat("Videos Δ", &growth(vg), trend_class(vg)));
    out.push_str(&stat("Views Δ", &growth(wg), trend_class(wg)));
    out.push_str(&stat("Engagement", &ratio_pct(r.engagement_rate), ""));
    out.push_str(&stat("Shares / video", &decimal1(r.virality), ""));
    out.push_str(&stat(
        "Sample",
        &format!("{} videos", int(r.sample_size)),
        "",
    ));
    // On a breakout this tile is the reason for the badge, so it takes the badge colour.
    let today_class = if breakout { "hot" } else { trend_class(today) };
    out.push_str(&stat("Videos Δ/day", &growth(today), today_class));
    out.push_str("</dl>\n");
    let points = chart.map(|c| c.points.as_slice()).unwrap_or_default();
    out.push_str(&svg_chart(points, breakout));
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
        parts.push(format!("7-day <b>{}</b>", escape(&growth(Some(g)))));
    }
    if s.streak > 0 {
        parts.push(format!(
            "rising <b>{}</b> day{} in a row",
            s.streak,
            if s.streak == 1 { "" } else { "s" }
        ));
    }
    if let Some(a) = finite(s.acceleration_pp) {
        parts.push(format!("acceleration <b>{} pp</b>", signed1(a)));
    }
    if let (Some(m), Some(sd)) = (finite(s.baseline_mean_pct), finite(s.baseline_std_pct)) {
        parts.push(format!(
            "baseline <b>{} ± {} %/day</b>",
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
    if r.top_creators.is_empty() {
        out.push_str("<li class=\"none\">none in the sample</li>");
    }
    for c in &r.top_creators {
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

// ---- chart -------------------------------------------------------------------------------

/// The chart's coordinate system (viewBox units; the SVG scales to the card's width).
const W: f64 = 640.0;
const H: f64 = 262.0;
/// Upper band: the video count as a line.
const LINE_TOP: f64 = 28.0;
const LINE_BOTTOM: f64 = 146.0;
/// Lower band: daily video growth as bars (a second band, not a second axis, so the two
/// scales can never be confused).
const BAR_TOP: f64 = 182.0;
const BAR_BOTTOM: f64 = 230.0;
const DATE_Y: f64 = 250.0;
const PAD_RIGHT: f64 = 8.0;
/// Approximate width of one 12px label character, to size the left gutter to the labels
/// (so `12,345` leaves more room for the plot than `18,446,744,073,709,551,615`).
const CHAR_W: f64 = 7.0;
/// Labels closer than this (vertically) would overlap, so the less useful one is dropped.
const LABEL_GAP: f64 = 12.0;

/// `v` mapped from `[lo, hi]` onto `[bottom, top]` (SVG y grows downwards), clamped to
/// the band; a flat series sits in the middle.
fn scale_y(v: f64, lo: f64, hi: f64, top: f64, bottom: f64) -> f64 {
    if hi > lo {
        (bottom - (v - lo) / (hi - lo) * (bottom - top)).clamp(top, bottom)
    } else {
        (top + bottom) / 2.0
    }
}

/// A right-aligned label in the gutter, vertically centred on `y`.
fn gutter_label(out: &mut String, x: f64, y: f64, text: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>",
        escape(text)
    );
}

/// The tooltip of one day: every figure of that snapshot.
fn point_title(p: &HistoryDay, hot: bool) -> String {
    let mut t = format!(
        "{}: {} videos, {} views · {}/day · ER {} · sample {}",
        p.date,
        int(p.video_count),
        int(p.view_count),
        growth(finite(p.daily_video_growth_pct)),
        ratio_pct(p.engagement_rate),
        int(p.sample_size)
    );
    if p.suspect {
        t.push_str(" · suspect: left out of the signals");
    }
    if hot {
        t.push_str(" · BREAKOUT");
    }
    escape(&t)
}

/// One hashtag's history as an inline SVG: the video count as a line (upper band) and the
/// daily video growth as bars (lower band), with min/max and first/last-date labels and a
/// `<title>` tooltip on every point and bar.
///
/// The x axis is calendar days, so a missed day shows as a gap rather than being hidden.
/// The count scale is set by the clean points only: a suspect snapshot (a count that
/// fell to 0 or jumped tenfold) would otherwise flatten the real curve, so it is drawn
/// hollow and grey, clamped to the band, and left out of the line. With `breakout`, the
/// last point (the report's day) and its bar are drawn in the breakout colour.
///
/// Always returns exactly one `<svg class="chart">`, also for 0 or 1 points.
fn svg_chart(points: &[HistoryDay], breakout: bool) -> String {
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Video count and daily growth, {} day{}\">",
        points.len(),
        if points.len() == 1 { "" } else { "s" }
    );
    let (Some(first), Some(last)) = (
        points.iter().map(|p| p.date).min(),
        points.iter().map(|p| p.date).max(),
    ) else {
        let _ = write!(
            out,
            "<text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">No stored history yet</text></svg>",
            W / 2.0,
            H / 2.0
        );
        return out;
    };

    // Scales: counts from the clean points (all points if none is clean), growth from
    // every finite rate and always including 0 so bars grow from a visible baseline.
    let clean: Vec<u64> = points
        .iter()
        .filter(|p| !p.suspect)
        .map(|p| p.video_count)
        .collect();
    let counts = if clean.is_empty() {
        points.iter().map(|p| p.video_count).collect()
    } else {
        clean
    };
    let lo = counts.iter().copied().min().unwrap_or(0);
    let hi = counts.iter().copied().max().unwrap_or(0);
    let rates: Vec<f64> = points
        .iter()
        .filter_map(|p| finite(p.daily_video_growth_pct))
        .collect();
    let g_lo = rates.iter().copied().fold(0.0_f64, f64::min);
    let g_hi = rates.iter().copied().fold(0.0_f64, f64::max);

    // Gutter: wide enough for the longest label, but never more than a third of the chart.
    let labels = [int(hi), int(lo), growth(Some(g_hi)), growth(Some(g_lo))];
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    let gutter = (longest * CHAR_W + 12.0).clamp(40.0, W / 3.0);
    let plot_left = gutter + 6.0;
    let plot_right = W - PAD_RIGHT;

    // X: calendar days; bars get a slot each, and the first/last points are inset by half
    // a bar so that nothing sticks out of the plot.
    let span = (last - first).num_days().max(0) as f64;
    let slot = (plot_right - plot_left) / (span + 1.0);
    let bar_w = (slot * 0.62).clamp(1.5, 18.0);
    let inset = (bar_w / 2.0).max(6.0);
    let (x_left, x_right) = (plot_left + inset, plot_right - inset);
    let x = |d: NaiveDate| -> f64 {
        if span > 0.0 {
            x_left + (d - first).num_days() as f64 / span * (x_right - x_left)
        } else {
            (x_left + x_right) / 2.0
        }
    };
    let y = |v: u64| scale_y(v as f64, lo as f64, hi as f64, LINE_TOP, LINE_BOTTOM);
    let gy = |g: f64| scale_y(g, g_lo, g_hi, BAR_TOP, BAR_BOTTOM);

    // Band titles and gridlines with their labels.
    let _ = write!(
        out,
        "<text class=\"band\" x=\"{plot_left:.1}\" y=\"{:.1}\">VIDEO COUNT</text>\
         <text class=\"band\" x=\"{plot_left:.1}\" y=\"{:.1}\">DAILY GROWTH</text>",
        LINE_TOP - 14.0,
        BAR_TOP - 14.0
    );
    let label_x = gutter;
    if hi > lo {
        for (v, yy) in [(hi, LINE_TOP), (lo, LINE_BOTTOM)] {
            let _ = write!(
                out,
                "<line class=\"grid-l\" x1=\"{plot_left:.1}\" x2=\"{plot_right:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/>"
            );
            gutter_label(&mut out, label_x, yy, &int(v));
        }
    } else {
        let yy = y(hi);
        let _ = write!(
            out,
            "<line class=\"grid-l\" x1=\"{plot_left:.1}\" x2=\"{plot_right:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/>"
        );
        gutter_label(&mut out, label_x, yy, &int(hi));
    }
    let zero = gy(0.0);
    let _ = write!(
        out,
        "<line class=\"zero\" x1=\"{plot_left:.1}\" x2=\"{plot_right:.1}\" y1=\"{zero:.1}\" y2=\"{zero:.1}\"/>"
    );
    gutter_label(&mut out, label_x, zero, "0%");
    if g_hi > 0.0 && zero - BAR_TOP >= LABEL_GAP {
        gutter_label(&mut out, label_x, BAR_TOP, &growth(Some(g_hi)));
    }
    if g_lo < 0.0 && BAR_BOTTOM - zero >= LABEL_GAP {
        gutter_label(&mut out, label_x, BAR_BOTTOM, &growth(Some(g_lo)));
    }

    // Growth bars (a day without a rate has no bar).
    let last_idx = points
        .iter()
        .enumerate()
        .max_by_key(|(_, p)| p.date)
        .map(|(i, _)| i);
    for (i, p) in points.iter().enumerate() {
        let Some(g) = finite(p.daily_video_growth_pct) else {
            continue;
        };
        let hot = breakout && Some(i) == last_idx;
        let top = gy(g).min(zero);
        let h = (gy(g) - zero).abs().max(1.0);
        let class = if hot {
            "bar hot"
        } else if g < 0.0 {
            "bar neg"
        } else {
            "bar"
        };
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" rx=\"1\"><title>{}</title></rect>",
            x(p.date) - bar_w / 2.0,
            escape(&format!("{}: {}/day", p.date, growth(Some(g))))
        );
    }
    if rates.is_empty() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">no growth yet: needs two clean days</text>",
            (plot_left + plot_right) / 2.0,
            (BAR_TOP + BAR_BOTTOM) / 2.0 - 6.0
        );
    }

    // The count line through the clean points, with a light area under it.
    let line: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| !p.suspect)
        .map(|p| (x(p.date), y(p.video_count)))
        .collect();
    if line.len() >= 2 {
        let pts: Vec<String> = line.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
        let (fx, lx) = (line[0].0, line[line.len() - 1].0);
        let _ = write!(
            out,
            "<polygon class=\"area\" points=\"{fx:.1},{LINE_BOTTOM} {} {lx:.1},{LINE_BOTTOM}\"/>\
             <polyline class=\"line\" points=\"{}\"/>",
            pts.join(" "),
            pts.join(" ")
        );
    }

    // Points: small while the history is dense, the report's day larger.
    let r = if points.len() > 45 { 2.2 } else { 3.2 };
    for (i, p) in points.iter().enumerate() {
        let is_last = Some(i) == last_idx;
        let hot = breakout && is_last;
        let (cx, cy) = (x(p.date), y(p.video_count));
        let (class, radius) = match (p.suspect, hot, is_last) {
            (true, _, _) => ("pt suspect", r + 1.3),
            (false, true, _) => ("pt hot", 6.0),
            (false, false, true) => ("pt last", 5.0),
            _ => ("pt", r),
        };
        if hot {
            let _ = write!(
                out,
                "<circle class=\"halo\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"12\"/>"
            );
        }
        let _ = write!(
            out,
            "<circle class=\"{class}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{radius:.1}\"><title>{}</title></circle>",
            point_title(p, hot)
        );
        if hot {
            // Left of the point, above it: the line comes from below, so this stays clear.
            let _ = write!(
                out,
                "<text class=\"hotlbl halo-text\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">BREAKOUT</text>",
                cx - 14.0,
                (cy - 6.0).max(LINE_TOP - 2.0)
            );
        }
    }

    // Dates: first and last under their points (one centred date for a single day).
    if span > 0.0 {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{DATE_Y}\" text-anchor=\"start\">{first}</text>\
             <text x=\"{:.1}\" y=\"{DATE_Y}\" text-anchor=\"end\">{last}</text>",
            x(first) - inset.min(6.0),
            x(last) + inset.min(6.0)
        );
    } else {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{DATE_Y}\" text-anchor=\"middle\">{first}</text>",
            x(first)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::sample::Creator;

    fn day(n: u32, videos: u64, g: Option<f64>, suspect: bool) -> HistoryDay {
        HistoryDay {
            date: NaiveDate::from_ymd_opt(2025, 3, n).unwrap(),
            video_count: videos,
            view_count: videos.saturating_mul(40),
            daily_video_growth_pct: g,
            daily_view_growth_pct: g,
            engagement_rate: 0.091,
            sample_size: 30,
            suspect,
        }
    }

    fn row(tag: &str, points: Vec<HistoryDay>, breakout: bool) -> ReportRow {
        let date = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        let mut sig = signals::compute(&[], date);
        sig.breakout = breakout;
        sig.daily_video_growth_pct = Some(if breakout { 12.0 } else { 0.4 });
        sig.baseline_mean_pct = Some(0.3);
        sig.baseline_std_pct = Some(0.1);
        sig.streak = 3;
        ReportRow {
            hashtag: tag.into(),
            video_count: 1_234_567,
            view_count: 98_765_432_100,
            sample_size: 30,
            plays: 1000,
            likes: 80,
            comments: 5,
            shares: 6,
            engagement_rate: 0.091,
            virality: 0.2,
            top_creators: vec![
                Creator {
                    username: "<script>alert(1)</script>".into(),
                    videos: 4,
                },
                Creator {
                    username: "old_friend".into(),
                    videos: 1,
                },
            ],
            video_growth_pct: Some(2.5),
            view_growth_pct: Some(-1.25),
            prev_date: Some(NaiveDate::from_ymd_opt(2025, 3, 11).unwrap()),
            new_top_creators: vec!["<script>alert(1)</script>".into()],
            fetched_at: "2025-03-12T06:00:00Z".into(),
            chart: Some(Chart {
                points,
                breakout,
                signals: Some(sig),
            }),
        }
    }

    fn history(n: u32) -> Vec<HistoryDay> {
        (1..=n)
            .map(|d| day(d, 1000 + u64::from(d) * 10, (d > 1).then_some(1.0), false))
            .collect()
    }

    fn render(rows: Vec<ReportRow>) -> String {
        let view = ReportView {
            date: NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
            hashtags: rows,
        };
        String::from_utf8(HtmlRenderer.report(&view).unwrap()).unwrap()
    }

    fn assert_self_contained(html: &str) {
        assert!(
            !html.to_lowercase().contains("<script"),
            "script tag in output"
        );
        assert!(!html.contains("http"), "URL in output");
        assert!(!html.contains("url("), "CSS url() in output");
    }

    #[test]
    fn escapes_network_text() {
        let html = render(vec![row("ai\"tools<img src=x>", history(5), false)]);
        assert!(html.contains("@&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("#ai&quot;tools&lt;img src=x&gt;"));
        assert!(html.contains("id=\"tag-ai-tools-img-src-x-\""));
        assert!(!html.contains("<img"));
        assert_self_contained(&html);
    }

    #[test]
    fn no_control_characters_reach_the_page() {
        let hostile = "\u{1b}[31m\u{1b}]0;t\u{7}\u{0}\u{9b}\u{7f}\r\u{202e}x\u{2066}";
        let mut r = row(&format!("tag{hostile}"), history(3), true);
        r.top_creators[0].username = format!("me{hostile}🚀 日本語");
        let html = render(vec![r]);
        for c in html.chars() {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            assert!(c == '\n' || !(c.is_control() || bidi), "{c:?} in the page");
        }
        assert!(html.contains("🚀 日本語"));
        assert_self_contained(&html);
    }

    #[test]
    fn figures_that_round_to_zero_have_no_sign() {
        let mut r = row("ai", history(3), false);
        let sig = r.chart.as_mut().unwrap().signals.as_mut().unwrap();
        sig.acceleration_pp = Some(-0.04);
        sig.momentum = Some(-0.017);
        sig.baseline_mean_pct = Some(-0.01);
        let html = render(vec![r]);
        assert!(html.contains("acceleration <b>0.0 pp</b>"), "{html}");
        assert!(html.contains("momentum <b>0.0</b>"), "{html}");
        assert!(html.contains("baseline <b>0.0 ± 0.1 %/day</b>"), "{html}");
        assert!(!html.contains("-0.0"));
    }

    #[test]
    fn new_creators_are_marked() {
        let html = render(vec![row("ai", history(3), false)]);
        let creators = &html[html.find("class=\"creators\"").unwrap()..];
        let script = creators.find("alert(1)").unwrap();
        let old = creators.find("old_friend").unwrap();
        let new = creators.find("class=\"new\"").unwrap();
        assert!(script < new && new < old, "only the new creator is marked");
        assert_eq!(creators.matches("class=\"new\"").count(), 1);
    }

    #[test]
    fn one_chart_per_hashtag_and_self_contained() {
        let mut no_chart = row("nochart", vec![], false);
        no_chart.chart = None;
        let html = render(vec![
            row("a", history(12), false),
            row("b", history(1), false),
            row("c", vec![], false),
            no_chart,
        ]);
        assert_eq!(html.matches("<svg class=\"chart\"").count(), 4);
        assert_eq!(html.matches("<section class=\"hashtag").count(), 4);
        assert_eq!(html.matches("</svg>").count(), 4);
        assert_self_contained(&html);
        // Metrics with their sign and as percentages.
        assert!(html.contains("1,234,567"));
        assert!(html.contains("+2.5%"));
        assert!(html.contains("-1.2%"));
        assert!(html.contains("9.1%"));
    }

    #[test]
    fn breakout_highlights_card_and_last_point() {
        let html = render(vec![
            row("calm", history(12), false),
            row("vibecoding", history(12), true),
        ]);
        assert!(html.contains("<section class=\"hashtag breakout\" id=\"tag-vibecoding\">"));
        assert!(html.contains("<section class=\"hashtag\" id=\"tag-calm\">"));
        assert_eq!(html.matches("class=\"badge hot\">BREAKOUT<").count(), 1);
        assert_eq!(html.matches("class=\"pt hot\"").count(), 1);
        assert!(html.contains("href=\"#tag-vibecoding\""));
        let calm = &html
            [html.find("id=\"tag-calm\"").unwrap()..html.find("id=\"tag-vibecoding\"").unwrap()];
        assert!(!calm.contains("pt hot") && !calm.contains("BREAKOUT"));
    }

    #[test]
    fn charts_with_zero_or_one_point() {
        let empty = svg_chart(&[], false);
        assert!(empty.starts_with("<svg class=\"chart\"") && empty.ends_with("</svg>"));
        assert!(empty.contains("No stored history"));
        let one = svg_chart(&[day(1, 500, None, false)], true);
        assert!(one.ends_with("</svg>"));
        assert_eq!(one.matches("<circle class=\"pt").count(), 1);
        assert!(one.contains("pt hot"));
        assert!(!one.contains("NaN") && !one.contains("inf"));
    }

    #[test]
    fn edge_values_do_not_break_the_chart() {
        // All equal, missing growth, a suspect zero, a suspect giant, non-finite rates.
        let pts = vec![
            day(1, 7, None, false),
            day(2, 7, Some(0.0), false),
            day(3, 0, None, true),
            day(4, u64::MAX, Some(f64::INFINITY), true),
            day(6, 7, Some(f64::NAN), false),
        ];
        let svg = svg_chart(&pts, false);
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert_eq!(svg.matches("pt suspect").count(), 2);
        // Huge numbers: the gutter is capped so the plot keeps its width.
        let huge = vec![
            day(1, u64::MAX / 2, Some(-50.0), false),
            day(2, u64::MAX - 1, Some(1e9), false),
        ];
        let svg = svg_chart(&huge, true);
        assert!(svg.contains("18,446,744,073,709,551,614"));
        assert!(!svg.contains("NaN"));
    }
}
