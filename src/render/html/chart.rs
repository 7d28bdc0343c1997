//! One hashtag's history as an inline SVG chart.

use super::{escape, finite};
use crate::render::format::{growth, int, ratio_pct};
use crate::views::HistoryDay;
use chrono::NaiveDate;
use std::fmt::Write as _;

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
        crate::render::format::opt_count(p.video_count),
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
pub fn svg_chart(points: &[HistoryDay], breakout: bool) -> String {
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
        .filter_map(|p| p.video_count)
        .collect();
    let counts = if clean.is_empty() {
        points.iter().filter_map(|p| p.video_count).collect()
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
        .filter_map(|p| Some((x(p.date), y(p.video_count?))))
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
        // A day without a reported count has no place on the count line.
        let Some(count) = p.video_count else { continue };
        let (cx, cy) = (x(p.date), y(count));
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
