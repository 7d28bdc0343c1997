//! One hashtag's history as an inline SVG chart, on axes every card of the page shares so
//! that cards can be compared at a glance.

use super::{escape, finite};
use crate::render::format::{growth, int, ratio_pct};
use crate::views::HistoryDay;
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The chart's coordinate system (viewBox units; the SVG scales to the card's width).
const W: f64 = 640.0;
const H: f64 = 292.0;
/// Upper band: videos and views as an index (first day = 100).
const LINE_TOP: f64 = 30.0;
const LINE_BOTTOM: f64 = 150.0;
/// Lower band: daily video growth as bars (a second band, not a second axis, so the two
/// scales can never be confused).
const BAR_TOP: f64 = 196.0;
const BAR_BOTTOM: f64 = 256.0;
const DATE_Y: f64 = 282.0;
/// Room right of the last point for its breakout halo, so it is never clipped.
const PAD_RIGHT: f64 = 16.0;
/// Approximate width of one label character at the largest font the page uses for chart
/// text (narrow screens), to size the left gutter to the labels.
const CHAR_W: f64 = 12.0;
/// Labels closer than this (vertically) would overlap, so the less useful one is dropped.
const LABEL_GAP: f64 = 22.0;
/// Date labels under a chart, at most.
const DATE_LABELS: i64 = 5;

/// The scales every card shares: the index of videos and views (first day = 100) and
/// the daily video growth, each as `(low, high)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axes {
    pub index: (f64, f64),
    pub growth: (f64, f64),
}

impl Axes {
    /// Wide enough for every series given: the index always includes 100 and the growth
    /// always includes 0 (bars grow from a visible baseline).
    pub fn shared<'a>(series: impl IntoIterator<Item = &'a [HistoryDay]>) -> Axes {
        let (mut lo, mut hi, mut g_lo, mut g_hi) = (100.0_f64, 100.0_f64, 0.0_f64, 0.0_f64);
        for points in series {
            for i in index(points, |p| p.video_count)
                .into_iter()
                .chain(index(points, |p| Some(p.view_count)))
                .flatten()
            {
                lo = lo.min(i);
                hi = hi.max(i);
            }
            for g in points
                .iter()
                .filter_map(|p| finite(p.daily_video_growth_pct))
            {
                g_lo = g_lo.min(g);
                g_hi = g_hi.max(g);
            }
        }
        if hi - lo < 2.0 {
            (lo, hi) = (lo - 1.0, hi + 1.0);
        }
        Axes {
            index: (lo, hi),
            growth: (g_lo, g_hi),
        }
    }
}

/// Each point as an index of its first clean, non-zero value (= 100); `None` for a suspect
/// point (a gap in the line) or when there is nothing to index against.
fn index(points: &[HistoryDay], value: fn(&HistoryDay) -> Option<u64>) -> Vec<Option<f64>> {
    let base = points
        .iter()
        .filter(|p| !p.suspect)
        .find_map(|p| value(p).filter(|v| *v > 0))
        .map(|v| v as f64);
    points
        .iter()
        .map(|p| match base {
            // A day without a reported count has no place on its line.
            Some(b) if !p.suspect => value(p)
                .map(|v| v as f64 / b * 100.0)
                .filter(|i| i.is_finite()),
            _ => None,
        })
        .collect()
}

/// `v` mapped from `[lo, hi]` onto `[bottom, top]` (SVG y grows downwards), clamped to
/// the band; a flat scale puts everything in the middle.
fn scale_y(v: f64, lo: f64, hi: f64, top: f64, bottom: f64) -> f64 {
    if hi > lo {
        (bottom - (v - lo) / (hi - lo) * (bottom - top)).clamp(top, bottom)
    } else {
        (top + bottom) / 2.0
    }
}

/// Round gridline values in `[lo, hi]`: steps of 1, 2 or 5 × 10ⁿ, about `n` steps.
fn ticks(lo: f64, hi: f64, n: f64) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![];
    }
    let raw = span / n;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut out = Vec::new();
    let mut v = (lo / step).ceil() * step;
    while v <= hi + step * 1e-9 && out.len() < 12 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

/// An index gridline's label: whole numbers unless the step is finer.
fn index_label(v: f64, step: f64) -> String {
    if step >= 1.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A growth gridline's label: `+10%`, `0%`, `-2.5%`, as fine as the step.
fn growth_label(v: f64, step: f64) -> String {
    let digits = if step >= 1.0 { 0 } else { 1 };
    let text = format!("{:.*}", digits, v.abs());
    let sign = if v > 0.0 {
        "+"
    } else if v < 0.0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{text}%")
}

/// A right-aligned label in the gutter, vertically centred on `y`.
fn gutter_label(out: &mut String, x: f64, y: f64, text: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>",
        escape(text)
    );
}

fn hline(out: &mut String, class: &str, x1: f64, x2: f64, y: f64) {
    let _ = write!(
        out,
        "<line class=\"{class}\" x1=\"{x1:.1}\" x2=\"{x2:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>"
    );
}

/// The tooltip of one day: every figure of that snapshot.
fn point_title(p: &HistoryDay, hot: bool) -> String {
    let mut t = format!(
        "{}: {} videos, {} views · growth {}/day · engagement rate {} · sample {}",
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

/// The runs of consecutive `Some` points as polyline coordinate lists (a `None` is a gap).
fn segments(xs: &[f64], ys: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for (x, y) in xs.iter().zip(ys) {
        match y {
            Some(y) => out.last_mut().map_or((), |s| s.push((*x, *y))),
            None => out.push(Vec::new()),
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn coords(seg: &[(f64, f64)]) -> String {
    let pts: Vec<String> = seg.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
    pts.join(" ")
}

/// One hashtag's history as an inline SVG: videos (line with points) and views (a second
/// line) as an index, first day = 100, in the upper band; the daily video growth as bars in
/// the lower band; both on `axes`, which every card shares. Gridlines are labelled and up
/// to five dates are written under the plot; every point and bar has a `<title>` tooltip
/// with the exact figures.
///
/// The x axis is calendar days, so a missed day shows as a gap. A suspect snapshot (a count
/// that fell to 0 or jumped) is a gap in both lines, marked by a dashed grey rule, never a
/// point at the axis minimum. With `breakout`, the last point (the report's day) and its
/// bar are drawn in the breakout colour.
///
/// Always returns exactly one `<svg class="chart">`, also for 0 or 1 points.
pub fn svg_chart(points: &[HistoryDay], breakout: bool, axes: &Axes) -> String {
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Videos and views as an index, and daily video growth, {} day{}\">",
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
    let frame = Frame::new(axes, first, last);
    frame.draw_gridlines(&mut out);
    frame.draw_dates(&mut out);
    frame.draw_suspect_days(&mut out, points);
    let last_idx = points
        .iter()
        .enumerate()
        .max_by_key(|(_, p)| p.date)
        .map(|(i, _)| i);
    let hot_idx = last_idx.filter(|_| breakout);
    frame.draw_growth_bars(&mut out, points, hot_idx);
    let videos_y = frame.draw_lines(&mut out, points);
    frame.draw_points(&mut out, points, &videos_y, last_idx, hot_idx);
    out.push_str("</svg>");
    out
}

/// Where things go on one chart: the shared axes' scales, the gutter the labels need, and
/// the calendar days across the plot.
struct Frame {
    first: NaiveDate,
    /// Days from the first to the last point.
    span: f64,
    index: (f64, f64),
    growth: (f64, f64),
    index_ticks: Vec<f64>,
    index_step: f64,
    growth_ticks: Vec<f64>,
    growth_step: f64,
    gutter: f64,
    plot_left: f64,
    plot_right: f64,
    bar_w: f64,
    /// The first and last points sit this far inside the plot, so no bar sticks out.
    inset: f64,
    x_left: f64,
    x_right: f64,
}

impl Frame {
    fn new(axes: &Axes, first: NaiveDate, last: NaiveDate) -> Frame {
        let (lo, hi) = axes.index;
        let (g_lo, g_hi) = axes.growth;
        let index_ticks = ticks(lo, hi, 4.0);
        let index_step = match index_ticks.as_slice() {
            [a, b, ..] => b - a,
            _ => 1.0,
        };
        let growth_ticks: Vec<f64> = ticks(g_lo, g_hi, 2.0);
        let growth_step = match growth_ticks.as_slice() {
            [a, b, ..] => b - a,
            _ => 1.0,
        };
        // Gutter: wide enough for the longest label, but never more than a quarter of the chart.
        let labels: Vec<String> = index_ticks
            .iter()
            .map(|v| index_label(*v, index_step))
            .chain(growth_ticks.iter().map(|g| growth_label(*g, growth_step)))
            .collect();
        let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(3) as f64;
        let gutter = (longest * CHAR_W + 8.0).clamp(40.0, W / 4.0);
        let plot_left = gutter + 6.0;
        let plot_right = W - PAD_RIGHT;
        // X: calendar days; bars get a slot each, and the first/last points are inset by half
        // a bar so that nothing sticks out of the plot.
        let span = (last - first).num_days().max(0) as f64;
        let slot = (plot_right - plot_left) / (span + 1.0);
        let bar_w = (slot * 0.62).clamp(1.5, 18.0);
        let inset = (bar_w / 2.0).max(6.0);
        Frame {
            first,
            span,
            index: axes.index,
            growth: axes.growth,
            index_ticks,
            index_step,
            growth_ticks,
            growth_step,
            gutter,
            plot_left,
            plot_right,
            bar_w,
            inset,
            x_left: plot_left + inset,
            x_right: plot_right - inset,
        }
    }

    fn x(&self, d: NaiveDate) -> f64 {
        if self.span > 0.0 {
            self.x_left
                + (d - self.first).num_days() as f64 / self.span * (self.x_right - self.x_left)
        } else {
            (self.x_left + self.x_right) / 2.0
        }
    }

    fn y(&self, i: f64) -> f64 {
        scale_y(i, self.index.0, self.index.1, LINE_TOP, LINE_BOTTOM)
    }

    fn gy(&self, g: f64) -> f64 {
        scale_y(g, self.growth.0, self.growth.1, BAR_TOP, BAR_BOTTOM)
    }

    /// Band titles, gridlines and their labels.
    fn draw_gridlines(&self, out: &mut String) {
        let (plot_left, plot_right) = (self.plot_left, self.plot_right);
        let _ = write!(
            out,
            "<text class=\"band\" x=\"{plot_left:.1}\" y=\"{:.1}\">VIDEOS AND VIEWS, INDEX (FIRST DAY = 100)</text>\
             <text class=\"band\" x=\"{plot_left:.1}\" y=\"{:.1}\">DAILY VIDEO GROWTH</text>",
            LINE_TOP - 16.0,
            BAR_TOP - 16.0
        );
        let label_x = self.gutter;
        let mut last_label_y = f64::NEG_INFINITY;
        for v in self.index_ticks.iter().rev() {
            let yy = self.y(*v);
            hline(out, "grid-l", plot_left, plot_right, yy);
            if yy - last_label_y >= LABEL_GAP {
                gutter_label(out, label_x, yy, &index_label(*v, self.index_step));
                last_label_y = yy;
            }
        }
        let zero = self.gy(0.0);
        let mut last_label_y = f64::NEG_INFINITY;
        for g in self.growth_ticks.iter().rev() {
            let yy = self.gy(*g);
            let class = if *g == 0.0 { "zero" } else { "grid-l" };
            hline(out, class, plot_left, plot_right, yy);
            if yy - last_label_y >= LABEL_GAP || *g == 0.0 {
                gutter_label(out, label_x, yy, &growth_label(*g, self.growth_step));
                last_label_y = yy;
            }
        }
        if self.growth_ticks.is_empty() {
            hline(out, "zero", plot_left, plot_right, zero);
            gutter_label(out, label_x, zero, "0%");
        }
    }

    /// Dates: up to five, evenly spread, with a light rule up through both bands.
    fn draw_dates(&self, out: &mut String) {
        let span = self.span;
        let n_dates = (span as i64 + 1).min(DATE_LABELS);
        let mut shown_dates = Vec::new();
        for k in 0..n_dates {
            let offset = if n_dates > 1 {
                (span * k as f64 / (n_dates - 1) as f64).round() as u64
            } else {
                0
            };
            if let Some(d) = self.first.checked_add_days(chrono::Days::new(offset)) {
                shown_dates.push(d);
            }
        }
        for (k, d) in shown_dates.iter().enumerate() {
            let xx = self.x(*d);
            let anchor = match (k, shown_dates.len()) {
                (_, 1) => "middle",
                (0, _) => "start",
                (k, n) if k + 1 == n => "end",
                _ => "middle",
            };
            let tx = match anchor {
                "start" => xx - self.inset.min(6.0),
                "end" => xx + self.inset.min(6.0),
                _ => xx,
            };
            let _ = write!(
                out,
                "<line class=\"grid-v\" x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{LINE_TOP}\" y2=\"{BAR_BOTTOM}\"/>\
                 <text x=\"{tx:.1}\" y=\"{DATE_Y}\" text-anchor=\"{anchor}\"><title>{d}</title>{}</text>",
                d.format("%b %-d")
            );
        }
    }

    /// A suspect day: a gap in the lines, marked so it is not mistaken for a missed day.
    fn draw_suspect_days(&self, out: &mut String, points: &[HistoryDay]) {
        for p in points.iter().filter(|p| p.suspect) {
            let xx = self.x(p.date);
            let _ = write!(
                out,
                "<line class=\"suspect-rule\" x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{LINE_TOP}\" y2=\"{LINE_BOTTOM}\"><title>{}</title></line>",
                point_title(p, false)
            );
        }
    }

    /// Growth bars (a day without a rate has no bar); the breakout day's in its colour.
    fn draw_growth_bars(&self, out: &mut String, points: &[HistoryDay], hot_idx: Option<usize>) {
        let zero = self.gy(0.0);
        let bar_w = self.bar_w;
        for (i, p) in points.iter().enumerate() {
            let Some(g) = finite(p.daily_video_growth_pct) else {
                continue;
            };
            let top = self.gy(g).min(zero);
            let h = (self.gy(g) - zero).abs().max(1.0);
            let class = if Some(i) == hot_idx {
                "bar hot"
            } else if g < 0.0 {
                "bar neg"
            } else {
                "bar"
            };
            let _ = write!(
                out,
                "<rect class=\"{class}\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" rx=\"1\"><title>{}</title></rect>",
                self.x(p.date) - bar_w / 2.0,
                escape(&format!("{}: growth {}/day", p.date, growth(Some(g))))
            );
        }
        if !points
            .iter()
            .any(|p| finite(p.daily_video_growth_pct).is_some())
        {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">no growth yet: needs two clean days</text>",
                (self.plot_left + self.plot_right) / 2.0,
                (BAR_TOP + BAR_BOTTOM) / 2.0 - 6.0
            );
        }
    }

    /// Views, then videos over them, each broken where a day is suspect. Returns where each
    /// day's videos point sits (none on a gap).
    fn draw_lines(&self, out: &mut String, points: &[HistoryDay]) -> Vec<Option<f64>> {
        let xs: Vec<f64> = points.iter().map(|p| self.x(p.date)).collect();
        let to_y = |v: Vec<Option<f64>>| -> Vec<Option<f64>> {
            v.into_iter().map(|i| i.map(|i| self.y(i))).collect()
        };
        let views_y = to_y(index(points, |p| Some(p.view_count)));
        let videos_y = to_y(index(points, |p| p.video_count));
        for seg in segments(&xs, &views_y).iter().filter(|s| s.len() >= 2) {
            let _ = write!(
                out,
                "<polyline class=\"line views\" points=\"{}\"/>",
                coords(seg)
            );
        }
        for seg in segments(&xs, &videos_y).iter().filter(|s| s.len() >= 2) {
            let (fx, lx) = (seg[0].0, seg[seg.len() - 1].0);
            let _ = write!(
                out,
                "<polygon class=\"area\" points=\"{fx:.1},{LINE_BOTTOM} {} {lx:.1},{LINE_BOTTOM}\"/>\
                 <polyline class=\"line\" points=\"{}\"/>",
                coords(seg),
                coords(seg)
            );
        }
        videos_y
    }

    /// Points: small while the history is dense, the report's day larger, a breakout marked.
    fn draw_points(
        &self,
        out: &mut String,
        points: &[HistoryDay],
        videos_y: &[Option<f64>],
        last_idx: Option<usize>,
        hot_idx: Option<usize>,
    ) {
        let r = if points.len() > 45 { 2.2 } else { 3.2 };
        for (i, p) in points.iter().enumerate() {
            let Some(cy) = videos_y.get(i).copied().flatten() else {
                continue;
            };
            let hot = Some(i) == hot_idx;
            let cx = self.x(p.date);
            let (class, radius) = match (hot, Some(i) == last_idx) {
                (true, _) => ("pt hot", 6.0),
                (false, true) => ("pt last", 5.0),
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
                    (cy - 6.0).max(LINE_TOP + 4.0)
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gridlines_fall_on_round_values() {
        assert_eq!(ticks(100.0, 145.0, 4.0), vec![100.0, 120.0, 140.0]);
        assert_eq!(ticks(100.0, 130.0, 4.0), vec![100.0, 110.0, 120.0, 130.0]);
        assert_eq!(ticks(-3.0, 12.0, 4.0), vec![0.0, 5.0, 10.0]);
        assert_eq!(ticks(0.0, 12.0, 2.0), vec![0.0, 10.0]);
        assert_eq!(ticks(0.0, 1.2, 4.0), vec![0.0, 0.5, 1.0]);
        assert!(ticks(1.0, 1.0, 4.0).is_empty());
        assert!(ticks(0.0, f64::INFINITY, 4.0).is_empty());
        assert_eq!(growth_label(10.0, 5.0), "+10%");
        assert_eq!(growth_label(0.0, 5.0), "0%");
        assert_eq!(growth_label(-2.5, 0.5), "-2.5%");
    }
}
