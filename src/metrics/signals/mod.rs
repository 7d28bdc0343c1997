//! Trend signals for one hashtag on one day, computed from its stored daily snapshots.
//!
//! Everything here is plain arithmetic over a list of daily totals (video count and
//! view count per date), so every figure the tool prints can be checked by hand.
//! The rules, exactly (each constant's value is in parentheses):
//!
//! **Input.** A point is a date and two counts, videos and views. Each count is either
//! *not reported* or a value with a *precision*: the half-width of the interval the value
//! stands for. An exact count has precision 0. TikTok's legacy counters show one decimal of
//! K/M/B, so "1.2M" is stored as 1,200,000 with precision 50,000: it stands for anything from
//! 1,150,000 up to 1,250,000 ([`Count::display_rounded`]). Below, for a count `x` with
//! precision `e`, `x↓ = x − e` (not below 0) and `x↑ = x + e`; a count is *rounded* when
//! `e > 0`. The points are sorted by date; when a date occurs more than once, the last
//! occurrence wins. Signals are computed for one day `D`; points dated after `D` are
//! ignored, so a day's signals never change when newer data arrives. If there is no point
//! dated `D`, or it reports neither count, every signal is empty (no value / `false` / `0`).
//!
//! **Basis.** The signals run on the video counts when the point on `D` reports one, and
//! on the view counts otherwise (`basis`: `videos` | `views`), with the same rules: where
//! TikTok stops reporting a hashtag's video count, its views still carry growth, streak,
//! breakout and momentum.
//!
//! **Suspect points.** Walking the points in date order, each point is judged on its video
//! count, or on its view count when its video count is not reported (a point reporting
//! neither is never suspect). Remembering the count `L` of the same kind at the last
//! *clean* point that reported one, a count `v` is *suspect* when it drops to `v = 0` (from
//! `L > 0`) or below half, `v < L / 2`. The first count of each kind is clean (there is no
//! `L` yet). A low count confirmed by the next point judged on the same kind (within a
//! factor of two of it) is the hashtag's real new level: that next point is clean again. A
//! suspect point never provides `L`, and it is left out of every signal below: they all use
//! the *clean* points only. A count that is not reported is never a drop: the signals switch
//! basis instead. If the point on `D` is suspect, it is flagged and every other signal is
//! empty.
//!
//! **Series.** The *video series* is the clean points up to `D` that report a video count,
//! in date order; the *view series* likewise for views. Every rule below applies to either
//! series; the *basis series* is the one named by the basis. Two consecutive readings of a
//! series that are both rounded and show the same value are *flat*: the true count may have
//! grown inside the interval. A *flat run* is a longest chain of flat consecutive readings.
//!
//! **Daily growth** (`g`, in % per day). The rate from count `p` on day `a` to count `c` on
//! day `b` is `rate = ((c / p)^(1 / (b − a)) − 1) × 100` (no value when `p = 0`). Each
//! consecutive pair of readings, `p` on day `a` and `c` on day `b`, assigns a rate to the
//! days `(a, b]` — its *span* — in date order:
//! - normally the pair's own rate, so a gap of several days is spread evenly, as compound
//!   growth, over the days it covers; a flat pair assigns 0;
//! - when `c` ends a flat run — `p` and the readings before it back to day `r < a` all show
//!   the same rounded value — the step is spread like a gap over the days since the count
//!   last changed: the rate from `p` over `(r, b]` replaces the run's rates on those days,
//!   which become the span. Unless that spread rate lies outside the *day interval*
//!   `[rate from p↑ to c↓, rate from p↓ to c↑]` over `(a, b]` (the upper end is unbounded
//!   when `p↓ = 0`): then the step is more than growth inside the rounding can explain — a
//!   jump — and it keeps its own rate on `(a, b]`, the run keeping its zeros.
//!
//! Today's growth `g` is the rate assigned to `D`, its span the span that assigned it and
//! its *reference* the reading at the start of that span; `g` has no value when there is no
//! earlier reading. Video and view daily growth are computed the same way, each from its
//! own series (no value when the point on `D` does not report that count); `daily_growth_pct`
//! is the basis series' `g`.
//!
//! **Growth interval.** What the readings guarantee and allow for `g`: `low` is the rate
//! from the reference's `↑` to `c↓` over the span, never above `g`; `high` is the rate from
//! the reference's `↓` to `c↑` over the span (no value when unbounded), never below `g`.
//! For exact counts `low = high = g`. A single step of a rounded counter (1.5M to 1.6M)
//! guarantees no growth at all: its `low` is at most 0, and so is a flat day's.
//!
//! **Evidence.** A ramp on a rounded counter shows over a few readings before any single
//! day does. The evidence for `D` is today's span with its `low`, and every earlier reading
//! `q` of the series dated at most `LOW_BOUND_WINDOW_DAYS` (3) days before `D` with the rate
//! from `q↑` to `c↓` over the days from `q` to `D`, never above `g` (what those days
//! guarantee, and so today's growth as long as growth is not slowing). For exact counts no
//! piece of evidence guarantees more than `g = low`.
//!
//! `approximate` is true when any figure of either series rests on a rounded count.
//!
//! **New per day.** `(c − ref) / days of the span`, for the reference and today's reading,
//! rounded to the nearest whole number (halves away from zero); negative when the count fell.
//!
//! **7-day growth.** `(today − x) / x × 100`, where `x` is the series' reading dated exactly
//! `D − 7`; no value when there is no such reading or `x = 0`.
//!
//! **Earlier rates.** The basis series' rates assigned to days before `D` that lie before
//! today's span (a gap or a flat run ending today has no information of its own: its days
//! are today's figure).
//!
//! **Acceleration** (percentage points). `g − mean(earlier rates of days D−7 … D−1)`,
//! counting only the days that have a rate; no value when `g` has none or fewer than
//! `ACCEL_MIN_RATES` (3) of those days have a rate.
//!
//! **Streak.** The number of consecutive days ending on `D` whose assigned basis rate is
//! above 0. Every day of a span counts; a day without a rate ends the streak. It is 0 when
//! `g ≤ 0` or `g` has no value.
//!
//! **Breakout.** Each piece of evidence is judged against its own baseline: the earlier
//! rates of days `D−14 … D−1` dated no later than the reading it starts from (the days it
//! covers are what is judged, not history); at least `BREAKOUT_MIN_HISTORY` (3) are needed.
//! With their mean `μ` and population standard deviation `σ`, and `lift = guarantee − μ`,
//! the piece makes a breakout when `lift ≥ k × σ` with `k` = `BREAKOUT_SIGMAS` (3), and
//! `lift ≥` `BREAKOUT_MIN_PP` (2) percentage points, and the guarantee is above 0. Today is
//! a breakout when any piece makes one: judged on what the readings guarantee, so a rounding
//! step never is one. `recent_growth_low_pct` and the baseline shown (`baseline_mean_pct`,
//! `baseline_std_pct`; none without enough rates) are those of the breakout piece with the
//! greatest lift or, without a breakout, of the piece guaranteeing the most (today's span
//! on a tie). A steady grower, however fast, is never a breakout (`g ≈ μ`); a hashtag
//! jumping from ~0.3 %/day to ~12 %/day is, and so is a rounded counter leaping
//! 1.5M → 2.0M in a day.
//!
//! **Momentum** (the default ranking, "look at this first"):
//! `g + a × acceleration (0 when it has no value) + b if breakout`, with `a` =
//! `MOMENTUM_ACCEL_WEIGHT` (0.5) and `b` = `MOMENTUM_BREAKOUT_BONUS` (100); no value when `g`
//! has none.
//!
//! **Trending** ([`is_trending`]): not suspect and `low` strictly above the threshold.
//!
//! Values that are not finite numbers are never reported: they become "no value".

use crate::model::{Basis, Count, Point, Signals};
use chrono::{Days, NaiveDate};

mod series;
use series::{Judgement, SeriesSignals, Span};

// The tunable numbers are written once, here, as macros: the constants below and the
// `FORMULAS` text are both built from them, so the help text cannot drift from the code.
macro_rules! breakout_sigmas {
    () => {
        3.0
    };
}
macro_rules! breakout_min_pp {
    () => {
        2.0
    };
}
macro_rules! breakout_min_history {
    () => {
        3
    };
}
macro_rules! breakout_window_days {
    () => {
        14
    };
}
macro_rules! accel_window_days {
    () => {
        7
    };
}
macro_rules! accel_min_rates {
    () => {
        3
    };
}
macro_rules! growth_window_days {
    () => {
        7
    };
}
macro_rules! low_bound_window_days {
    () => {
        3
    };
}
macro_rules! momentum_accel_weight {
    () => {
        0.5
    };
}
macro_rules! momentum_breakout_bonus {
    () => {
        100.0
    };
}

/// How many standard deviations above the baseline mean today's guaranteed growth must be.
pub const BREAKOUT_SIGMAS: f64 = breakout_sigmas!();
/// Minimum lift over the baseline mean, in percentage points, so that a near-zero
/// σ (a perfectly steady grower) cannot turn noise into a breakout.
pub const BREAKOUT_MIN_PP: f64 = breakout_min_pp!();
/// Fewer baseline rates than this make σ meaningless: no breakout.
pub const BREAKOUT_MIN_HISTORY: usize = breakout_min_history!();
/// How much acceleration counts towards momentum relative to today's growth.
pub const MOMENTUM_ACCEL_WEIGHT: f64 = momentum_accel_weight!();
/// Added to momentum on a breakout so that a breakout ranks above any steady grower short
/// of one doubling every day: catching breakouts early is what the ranking is for.
pub const MOMENTUM_BREAKOUT_BONUS: f64 = momentum_breakout_bonus!();
/// How far back (days before `D`) the recent guaranteed growth looks for the reading that
/// guarantees the most: a ramp shows over a few rounded readings before any single day does.
pub const LOW_BOUND_WINDOW_DAYS: u64 = low_bound_window_days!();
/// Days before `D` that acceleration compares today's growth with.
pub const ACCEL_WINDOW_DAYS: u64 = accel_window_days!();
/// Below this many rates in the window, the mean is too noisy to compare with.
pub const ACCEL_MIN_RATES: usize = accel_min_rates!();
/// Days before `D` that form the breakout baseline.
pub const BREAKOUT_WINDOW_DAYS: u64 = breakout_window_days!();
/// Distance of the reference point for the week-over-week figures.
pub const GROWTH_WINDOW_DAYS: u64 = growth_window_days!();

/// The formulas, for `tracker trends --help` (the module doc above has the full rules).
pub const FORMULAS: &str = concat!(
    "\
Signals (per hashtag, for the chosen date D). They run on the video count, or on the view
count when TikTok does not report the video count (`basis`: videos | views). A count that
drops to 0 or below half the previous clean count is marked `suspect` and kept out of every
signal. A rounded count (\"1.2M\": anything from 1,150,000 to 1,249,999) is an interval, and
every figure built on one is `approximate`.
  video_growth_pct     (videos - prev) / prev x 100 against the previous snapshot
  daily growth g       ((c / p)^(1 / days) - 1) x 100: a gap between snapshots is spread per
                       day; a step of a rounded count after flat days is spread over the days
                       since it last changed, unless it is more than rounding explains (a jump)
  daily_growth_low_pct the growth g's readings guarantee (with the interval ends that make it
                       smallest); daily_growth_high_pct the most they allow
  recent_growth_low_pct what breakout was judged on: daily_growth_low_pct, or the growth per
                       day the readings of the last ",
    low_bound_window_days!(),
    " days guarantee (at most g)
  new_videos/new_views (c - p) / days: absolute increase per day (velocity)
  growth_7d_pct        growth against the snapshot exactly ",
    growth_window_days!(),
    " days earlier
  acceleration_pp      g - mean(daily growth of D-",
    accel_window_days!(),
    " .. D-1 before g's days), needs ",
    accel_min_rates!(),
    "+ of them
  streak               consecutive days, ending on D, with a rising count
  breakout             recent_growth_low_pct - mean >= ",
    breakout_sigmas!(),
    " x std-dev AND >= ",
    breakout_min_pp!(),
    " pp over the
                       baseline of D-",
    breakout_window_days!(),
    " .. D-1 up to the readings it rests on (needs ",
    breakout_min_history!(),
    "+
                       rates): a steady grower never is a breakout, nor is a rounding step
  momentum             g + ",
    momentum_accel_weight!(),
    " x acceleration_pp + ",
    momentum_breakout_bonus!(),
    " if breakout (default ranking:
                       breakouts first, then by growth and acceleration)
  trending             daily_growth_low_pct above --threshold (never on a suspect day, nor on
                       the day after one: its growth is the recovery from the glitch)"
);

/// Trending: not suspect, and the growth the readings guarantee (the lower bound) strictly
/// above the threshold, in percent per day. A rounding step is never trending.
pub fn is_trending(signals: &Signals, threshold_pct: f64) -> bool {
    !signals.suspect
        && signals
            .daily_growth_low_pct
            .is_some_and(|low| low > threshold_pct)
}

/// Today's rate against the mean of the rates before it, in points; none without enough
/// earlier rates to judge.
fn acceleration(main: &SeriesSignals, g: Option<f64>, date: NaiveDate) -> Option<f64> {
    let g = g?;
    let rates = main.earlier_rates(date, ACCEL_WINDOW_DAYS);
    if rates.len() < ACCEL_MIN_RATES {
        return None;
    }
    finite(g - mean(&rates)?)
}

/// Each piece of evidence is judged against the baseline before it; the one shown is the
/// breakout with the greatest lift or, without one, the greatest guarantee.
fn strongest(judged: &[Judgement]) -> Option<&Judgement> {
    judged
        .iter()
        .filter(|j| j.breakout)
        .max_by(|a, b| a.lift().total_cmp(&b.lift()))
        .or_else(|| {
            // The first (today's span) wins ties: it keeps the most baseline.
            judged
                .iter()
                .rev()
                .max_by(|a, b| a.guaranteed.total_cmp(&b.guaranteed))
        })
}

/// The ranking score: growth, plus its speed-up, plus a bonus for a breakout.
fn momentum(g: Option<f64>, acceleration_pp: Option<f64>, breakout: bool) -> Option<f64> {
    let bonus = if breakout {
        MOMENTUM_BREAKOUT_BONUS
    } else {
        0.0
    };
    finite(g? + MOMENTUM_ACCEL_WEIGHT * acceleration_pp.unwrap_or(0.0) + bonus)
}

/// `series`: the hashtag's stored points in ascending date order (may contain gaps;
/// unsorted or duplicated input is sorted and deduplicated by date, keeping the last).
/// Signals are computed for the point dated `date`; if there is no point on `date`, every
/// signal is empty.
pub fn compute(series: &[Point], date: NaiveDate) -> Signals {
    let points = normalize(series);
    let flags = flags_for_sorted(&points);
    let Ok(today_idx) = points.binary_search_by_key(&date, |p| p.date) else {
        return Signals::empty(false);
    };
    let today = points[today_idx];
    let basis = if today.video_count.is_some() {
        Basis::Videos
    } else if today.view_count.is_some() {
        Basis::Views
    } else {
        return Signals::empty(false);
    };
    if flags.get(today_idx).copied().unwrap_or(true) {
        return Signals {
            basis,
            ..Signals::empty(true)
        };
    }

    // Clean points up to and including today.
    let clean: Vec<Point> = points[..=today_idx]
        .iter()
        .zip(&flags)
        .filter(|(_, suspect)| !**suspect)
        .map(|(p, _)| *p)
        .collect();
    let videos = SeriesSignals::of(&clean, Basis::Videos, date);
    let views = SeriesSignals::of(&clean, Basis::Views, date);
    let Some(main) = (match basis {
        Basis::Videos => videos.as_ref(),
        Basis::Views => views.as_ref(),
    }) else {
        return Signals::empty(false);
    };

    let g = main.today.rate;
    let acceleration_pp = acceleration(main, g, date);
    let judged: Vec<Judgement> = main
        .today
        .evidence
        .iter()
        .map(|e| main.judge(e, date))
        .collect();
    let shown = strongest(&judged);
    let breakout = shown.is_some_and(|j| j.breakout);
    let recent_low = shown.map(|j| j.guaranteed);
    let (baseline_mean_pct, baseline_std_pct) = shown
        .and_then(|j| j.baseline)
        .map_or((None, None), |(m, s)| (Some(m), Some(s)));

    let momentum = momentum(g, acceleration_pp, breakout);

    let approximate = main.rests_on_rounding(date, true)
        || [videos.as_ref(), views.as_ref()]
            .into_iter()
            .flatten()
            .any(|s| s.rests_on_rounding(date, false));

    Signals {
        suspect: false,
        basis,
        approximate,
        daily_growth_pct: g,
        daily_growth_low_pct: main.today.low,
        daily_growth_high_pct: main.today.high,
        recent_growth_low_pct: recent_low,
        daily_video_growth_pct: videos.as_ref().and_then(|s| s.today.rate),
        daily_view_growth_pct: views.as_ref().and_then(|s| s.today.rate),
        new_videos: videos.as_ref().and_then(|s| s.today.per_day),
        new_views: views.as_ref().and_then(|s| s.today.per_day),
        growth_7d_pct: main.growth_7d,
        video_growth_7d_pct: videos.as_ref().and_then(|s| s.growth_7d),
        view_growth_7d_pct: views.as_ref().and_then(|s| s.growth_7d),
        acceleration_pp,
        streak: main.streak(),
        breakout,
        baseline_mean_pct,
        baseline_std_pct,
        momentum,
    }
}

/// Marks which points are suspect, in the order of the series after sorting and
/// deduplicating by date (the same cleanup `compute` applies), so for sorted input with
/// one point per date — what the store returns — it lines up with the input.
/// Exposed for `history`.
pub fn suspect_flags(series: &[Point]) -> Vec<bool> {
    flags_for_sorted(&normalize(series))
}

/// Per-day compound growth in percent from `prev` to `curr` over `days` days:
/// `((curr/prev)^(1/days) - 1) * 100`. None when prev == 0 or days <= 0.
pub fn per_day_growth_pct(prev: u64, curr: u64, days: i64) -> Option<f64> {
    if prev == 0 || days <= 0 {
        return None;
    }
    // Work on the relative change rather than the ratio: with counts in the billions a
    // one-video change would otherwise drown in rounding of `curr / prev`.
    let change = (i128::from(curr) - i128::from(prev)) as f64 / prev as f64;
    let rate = if days == 1 {
        change
    } else {
        (change.ln_1p() / days as f64).exp_m1()
    };
    finite(rate * 100.0)
}

/// Sorts by date and keeps the last point of each date, so callers may pass anything.
fn normalize(series: &[Point]) -> Vec<Point> {
    let mut points = series.to_vec();
    // Stable sort: points sharing a date stay in input order, so "last" means last given.
    points.sort_by_key(|p| p.date);
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        match out.last_mut() {
            Some(last) if last.date == p.date => *last = p,
            _ => out.push(p),
        }
    }
    out
}

/// What the suspect rule remembers about one kind of count.
#[derive(Debug, Default)]
struct LastSeen {
    clean: Option<u64>,
    suspect: Option<u64>,
}

impl LastSeen {
    fn judge(&self, value: u64) -> bool {
        is_suspect(value, self.clean, self.suspect)
    }
}

/// Suspect flags for an already sorted, deduplicated series.
fn flags_for_sorted(points: &[Point]) -> Vec<bool> {
    let mut videos = LastSeen::default();
    let mut views = LastSeen::default();
    points
        .iter()
        .map(|p| {
            // Judged on the video count; on the view count when videos are not reported.
            let (judged, count) = match (p.video_count, p.view_count) {
                (Some(c), _) => (&mut videos, c),
                (None, Some(c)) => (&mut views, c),
                (None, None) => return false,
            };
            let suspect = judged.judge(count.value);
            if suspect {
                judged.suspect = Some(count.value);
            } else {
                for (seen, count) in [(&mut videos, p.video_count), (&mut views, p.view_count)] {
                    if let Some(c) = count {
                        seen.clean = Some(c.value);
                        seen.suspect = None;
                    }
                }
            }
            suspect
        })
        .collect()
}

/// A drop to zero or below half of the last clean count is far likelier to be an API glitch
/// than a real day, and would poison every rate around it. A low count that the next day
/// confirms (within a factor of two of it) is taken as the hashtag's real new level, so a
/// genuine fall is not hidden for ever.
fn is_suspect(count: u64, last_clean: Option<u64>, last_suspect: Option<u64>) -> bool {
    let Some(last) = last_clean else {
        return false;
    };
    if count == 0 {
        return last > 0;
    }
    // u128 so the comparisons cannot overflow; `2v < L` is exactly `v < L/2`.
    let (v, l) = (u128::from(count), u128::from(last));
    if v * 2 >= l {
        return false;
    }
    match last_suspect {
        Some(s) if s > 0 => {
            let s = u128::from(s);
            !(v * 2 >= s && v <= s * 2)
        }
        _ => true,
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    b.signed_duration_since(a).num_days()
}

/// The daily rate from `prev` on day `a` to `curr` on day `b`.
fn rate_between(prev: u64, curr: u64, a: NaiveDate, b: NaiveDate) -> Option<f64> {
    per_day_growth_pct(prev, curr, days_between(a, b))
}

/// The rate assigned to `day`: that of the span `(start, end]` containing it.
fn rate_on(spans: &[Span], day: NaiveDate) -> Option<f64> {
    let idx = spans.partition_point(|s| s.end < day);
    spans
        .get(idx)
        .filter(|s| s.start < day)
        .and_then(|s| s.rate)
}
/// `(curr - prev) / days` rounded to nearest, halves away from zero. Done in integers so
/// it stays exact for any u64 counts; None when it does not fit an i64.
fn per_day_delta(prev: u64, curr: u64, days: i64) -> Option<i64> {
    if days <= 0 {
        return None;
    }
    let diff = i128::from(curr) - i128::from(prev);
    let days = i128::from(days);
    let mut quotient = diff / days;
    let remainder = diff % days;
    if remainder.abs() * 2 >= days {
        quotient += diff.signum();
    }
    i64::try_from(quotient).ok()
}

/// Plain percentage change; None when there is nothing to divide by.
fn pct_change(from: u64, to: u64) -> Option<f64> {
    if from == 0 {
        return None;
    }
    finite((i128::from(to) - i128::from(from)) as f64 / from as f64 * 100.0)
}

fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    finite(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Population standard deviation: the baseline is all the history we judge by, not a
/// sample of a larger one.
fn std_dev(xs: &[f64]) -> Option<f64> {
    let mu = mean(xs)?;
    let var = mean(&xs.iter().map(|x| (x - mu) * (x - mu)).collect::<Vec<_>>())?;
    finite(var.sqrt())
}

/// Keeps NaN and infinities from ever reaching output.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

#[cfg(test)]
mod tests;
