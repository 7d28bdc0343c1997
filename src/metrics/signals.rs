//! Trend signals for one hashtag on one day, computed from its stored daily snapshots.
//!
//! Everything here is plain arithmetic over a list of daily totals (video count and
//! view count per date), so every figure the tool prints can be checked by hand.
//! The rules, exactly:
//!
//! **Input.** The points are sorted by date; when a date occurs more than once, the
//! last occurrence wins. Signals are computed for one day `D`; points dated after `D`
//! are ignored, so a day's signals never change when newer data arrives. If there is
//! no point dated `D`, every signal is empty (no value / `false` / `0`).
//!
//! **Suspect points.** Walking the points in date order while remembering the video
//! count `L` of the last *clean* point, a point with video count `v` is *suspect* when
//! it drops to `v = 0` (from `L > 0`) or below half, `v < L / 2`. The first point is clean
//! (there is no `L` yet). A low count confirmed by the next day (within a factor of two of
//! it) is the hashtag's real new level: that next point is clean again. A suspect point
//! never becomes `L`, and it is left out of every signal below: they all use the *clean
//! series* only. If the point on `D` is suspect, it is flagged and every other signal is
//! empty.
//!
//! **Daily growth** (`g`, in % per day). For consecutive clean points with counts `p` on
//! day `a` and `c` on day `b`:
//! `rate = ((c / p)^(1 / (b − a)) − 1) × 100` (no value when `p = 0`).
//! That rate is assigned to every day in `(a, b]`, so a gap of several days is spread
//! evenly, as compound growth, over the days it covers. Today's daily growth `g` is the
//! rate assigned to `D`: it has no value when there is no earlier clean point. Video and
//! view growth are computed the same way, each from its own counts.
//!
//! **New per day.** `(c − p) / (b − a)` for the clean pair ending on `D`, rounded to the
//! nearest whole number (halves away from zero); negative when the count fell.
//!
//! **7-day growth.** `(today − x) / x × 100`, where `x` is the clean point dated exactly
//! `D − 7`; no value when there is no such point or `x = 0`.
//!
//! **Acceleration** (percentage points). `g − mean(daily video growth rates assigned to
//! days D−7 … D−1)`, counting only the days that have a rate; no value when `g` has none
//! or fewer than 3 of those 7 days have a rate.
//!
//! **Streak.** The number of consecutive days ending on `D` whose daily video growth rate
//! is above 0. Every day of a spread gap counts; a day without a rate ends the streak.
//! It is 0 when `g ≤ 0` or `g` has no value.
//!
//! **Breakout.** The baseline is the daily video growth rates assigned to days
//! `D−14 … D−1`; at least 3 are needed — 4 earlier days — (otherwise no breakout and no
//! baseline is shown).
//! With their mean `μ` and population standard deviation `σ`, today is a breakout when
//! `g − μ ≥ 3σ` and `g − μ ≥ 2` percentage points and `g > 0`. A steady grower, however
//! fast, is never a breakout (`g ≈ μ`); a hashtag jumping from ~0.3 %/day to ~12 %/day is.
//!
//! **Momentum** (the default ranking, "look at this first"):
//! `g + 0.5 × acceleration (0 when it has no value) + 100 if breakout`; no value when `g`
//! has none.
//!
//! Values that are not finite numbers are never reported: they become "no value".

use crate::model::{Point, Signals};
use chrono::{Days, NaiveDate};

/// How many standard deviations above the baseline mean today's growth must be.
pub const BREAKOUT_SIGMAS: f64 = 3.0;
/// Minimum lift over the baseline mean, in percentage points, so that a near-zero
/// σ (a perfectly steady grower) cannot turn noise into a breakout.
pub const BREAKOUT_MIN_PP: f64 = 2.0;
/// Fewer baseline rates than this (4 earlier days) make σ meaningless: no breakout.
pub const BREAKOUT_MIN_HISTORY: usize = 3;
/// How much acceleration counts towards momentum relative to today's growth.
pub const MOMENTUM_ACCEL_WEIGHT: f64 = 0.5;
/// Added to momentum on a breakout so that a breakout ranks above any steady grower short
/// of one doubling every day: catching breakouts early is what the ranking is for.
pub const MOMENTUM_BREAKOUT_BONUS: f64 = 100.0;

/// The formulas, for `tracker trends --help` (the module doc above has the full rules).
pub const FORMULAS: &str = "\
Signals (per hashtag, for the chosen date D; a count that drops to 0 or below half the
previous clean count is marked `suspect` and kept out of every signal):
  video_growth_pct     (videos - prev) / prev x 100 against the previous snapshot
  daily growth g       ((c / p)^(1 / days) - 1) x 100: a gap between snapshots is spread per day
  new_videos/new_views (c - p) / days: absolute increase per day (velocity)
  video_growth_7d_pct  growth against the snapshot exactly 7 days earlier
  acceleration_pp      g - mean(daily growth of D-7 .. D-1), needs 3+ of those days
  streak               consecutive days, ending on D, with rising video count
  breakout             g - mean >= 3 x std-dev AND g - mean >= 2 pp over the baseline of
                       D-14 .. D-1 (needs 4+ earlier days): a steady grower never is
  momentum             g + 0.5 x acceleration_pp + 100 if breakout (default ranking:
                       breakouts first, then by growth and acceleration)
  trending             video_growth_pct above --threshold";

/// Days before `D` that acceleration compares today's growth with.
const ACCEL_WINDOW_DAYS: u64 = 7;
/// Below this many rates in the window, the mean is too noisy to compare with.
const ACCEL_MIN_RATES: usize = 3;
/// Days before `D` that form the breakout baseline.
const BREAKOUT_WINDOW_DAYS: u64 = 14;
/// Distance of the reference point for the week-over-week figures.
const GROWTH_WINDOW_DAYS: u64 = 7;

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
    if flags.get(today_idx).copied().unwrap_or(true) {
        return Signals::empty(true);
    }

    // Clean points up to and including today: today is the last one.
    let clean: Vec<Point> = points
        .iter()
        .zip(&flags)
        .filter(|(p, suspect)| !**suspect && p.date <= date)
        .map(|(p, _)| *p)
        .collect();
    let Some(today) = clean.last().copied() else {
        return Signals::empty(false);
    };
    let last_pair = match clean.as_slice() {
        [.., p, c] => Some((*p, *c)),
        _ => None,
    };

    let g = last_pair.and_then(|(p, c)| video_rate(&p, &c));
    let view_g = last_pair.and_then(|(p, c)| {
        per_day_growth_pct(p.view_count, c.view_count, days_between(p.date, c.date))
    });
    let new_videos = last_pair.and_then(|(p, c)| {
        per_day_delta(p.video_count, c.video_count, days_between(p.date, c.date))
    });
    let new_views = last_pair
        .and_then(|(p, c)| per_day_delta(p.view_count, c.view_count, days_between(p.date, c.date)));

    let week_ago = date
        .checked_sub_days(Days::new(GROWTH_WINDOW_DAYS))
        .and_then(|d| clean.binary_search_by_key(&d, |p| p.date).ok())
        .and_then(|i| clean.get(i));
    let video_growth_7d_pct = week_ago.and_then(|x| pct_change(x.video_count, today.video_count));
    let view_growth_7d_pct = week_ago.and_then(|x| pct_change(x.view_count, today.view_count));

    let acceleration_pp = g.and_then(|g| {
        let rates = rates_before(&clean, date, ACCEL_WINDOW_DAYS);
        if rates.len() < ACCEL_MIN_RATES {
            return None;
        }
        finite(g - mean(&rates)?)
    });

    let baseline = rates_before(&clean, date, BREAKOUT_WINDOW_DAYS);
    let (baseline_mean_pct, baseline_std_pct) = if baseline.len() >= BREAKOUT_MIN_HISTORY {
        match (mean(&baseline), std_dev(&baseline)) {
            (Some(m), Some(s)) => (Some(m), Some(s)),
            _ => (None, None),
        }
    } else {
        (None, None)
    };
    let breakout = match (g, baseline_mean_pct, baseline_std_pct) {
        (Some(g), Some(mu), Some(sigma)) => {
            let lift = g - mu;
            lift >= BREAKOUT_SIGMAS * sigma && lift >= BREAKOUT_MIN_PP && g > 0.0
        }
        _ => false,
    };

    let momentum = g.and_then(|g| {
        let bonus = if breakout {
            MOMENTUM_BREAKOUT_BONUS
        } else {
            0.0
        };
        finite(g + MOMENTUM_ACCEL_WEIGHT * acceleration_pp.unwrap_or(0.0) + bonus)
    });

    Signals {
        suspect: false,
        daily_video_growth_pct: g,
        daily_view_growth_pct: view_g,
        new_videos,
        new_views,
        video_growth_7d_pct,
        view_growth_7d_pct,
        acceleration_pp,
        streak: streak(&clean),
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

/// Suspect flags for an already sorted, deduplicated series.
fn flags_for_sorted(points: &[Point]) -> Vec<bool> {
    let mut last_clean: Option<u64> = None;
    let mut last_suspect: Option<u64> = None;
    points
        .iter()
        .map(|p| {
            let suspect = is_suspect(p.video_count, last_clean, last_suspect);
            if suspect {
                last_suspect = Some(p.video_count);
            } else {
                last_clean = Some(p.video_count);
                last_suspect = None;
            }
            suspect
        })
        .collect()
}

/// A drop to zero or below half of the last clean count is far likelier to be an API glitch
/// than a real day, and would poison every rate around it. A low count that the next day
/// confirms (within a factor of two of it) is taken as the hashtag's real new level, so a
/// genuine fall is not hidden for ever.
fn is_suspect(videos: u64, last_clean: Option<u64>, last_suspect: Option<u64>) -> bool {
    let Some(last) = last_clean else {
        return false;
    };
    if videos == 0 {
        return last > 0;
    }
    // u128 so the comparisons cannot overflow; `2v < L` is exactly `v < L/2`.
    let (v, l) = (u128::from(videos), u128::from(last));
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

/// Daily video growth rate of a clean pair; it applies to each day in `(p.date, c.date]`.
fn video_rate(p: &Point, c: &Point) -> Option<f64> {
    per_day_growth_pct(p.video_count, c.video_count, days_between(p.date, c.date))
}

/// The daily video growth rate assigned to `day`: that of the clean pair whose span
/// `(a, b]` contains it. `clean` must be sorted with unique dates.
fn video_rate_on(clean: &[Point], day: NaiveDate) -> Option<f64> {
    let idx = clean.partition_point(|p| p.date < day);
    let curr = clean.get(idx)?;
    let prev = clean.get(idx.checked_sub(1)?)?;
    video_rate(prev, curr)
}

/// The rates assigned to the `window` days just before `date`, skipping days without one.
fn rates_before(clean: &[Point], date: NaiveDate, window: u64) -> Vec<f64> {
    (1..=window)
        .filter_map(|k| date.checked_sub_days(Days::new(k)))
        .filter_map(|day| video_rate_on(clean, day))
        .collect()
}

/// Consecutive days of positive growth ending at the last clean point. Clean pairs tile
/// the days from the first clean point onward without holes, so walking pairs backwards
/// and adding their spans counts exactly those days.
fn streak(clean: &[Point]) -> u32 {
    let mut total: u32 = 0;
    for pair in clean.windows(2).rev() {
        let [p, c] = pair else { break };
        match video_rate(p, c) {
            Some(rate) if rate > 0.0 => {
                let span = u32::try_from(days_between(p.date, c.date)).unwrap_or(u32::MAX);
                total = total.saturating_add(span);
            }
            _ => break,
        }
    }
    total
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
mod tests {
    use super::*;

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .checked_add_days(Days::new(n))
            .unwrap()
    }

    fn pt(n: u64, videos: u64, views: u64) -> Point {
        Point {
            date: day(n),
            video_count: videos,
            view_count: views,
        }
    }

    /// Consecutive daily points with the given video counts; views are 10× videos.
    fn daily(videos: &[u64]) -> Vec<Point> {
        videos
            .iter()
            .enumerate()
            .map(|(i, &v)| pt(i as u64, v, v.saturating_mul(10)))
            .collect()
    }

    /// `days + 1` daily points growing at `pct` %/day, rounded to whole counts.
    fn geometric(start: f64, pct: f64, days: usize) -> Vec<Point> {
        let counts: Vec<u64> = (0..=days)
            .map(|i| (start * (1.0 + pct / 100.0).powi(i as i32)).round() as u64)
            .collect();
        daily(&counts)
    }

    #[track_caller]
    fn assert_close(actual: Option<f64>, expected: f64, tol: f64) {
        let a = actual.expect("expected a value, got None");
        assert!(
            (a - expected).abs() <= tol,
            "expected {expected} ± {tol}, got {a}"
        );
    }

    // ---- per_day_growth_pct -------------------------------------------------------

    #[test]
    fn per_day_growth_simple_and_compound() {
        assert_close(per_day_growth_pct(1000, 1100, 1), 10.0, 1e-12);
        assert_close(per_day_growth_pct(1000, 900, 1), -10.0, 1e-12);
        // 1000 · 1.1³ = 1331: 10 %/day over a 3-day gap.
        assert_close(per_day_growth_pct(1000, 1331, 3), 10.0, 1e-12);
        // 1000 → 4000 over 2 days is doubling each day.
        assert_close(per_day_growth_pct(1000, 4000, 2), 100.0, 1e-12);
        assert_close(per_day_growth_pct(500, 500, 4), 0.0, 0.0);
    }

    #[test]
    fn per_day_growth_edge_cases() {
        assert_eq!(per_day_growth_pct(0, 100, 1), None);
        assert_eq!(per_day_growth_pct(100, 100, 0), None);
        assert_eq!(per_day_growth_pct(100, 100, -3), None);
        assert_close(per_day_growth_pct(100, 0, 1), -100.0, 0.0);
        assert_close(per_day_growth_pct(100, 0, 5), -100.0, 0.0);
        // Extremes stay finite.
        assert!(per_day_growth_pct(1, u64::MAX, 1).is_some_and(f64::is_finite));
        assert!(per_day_growth_pct(u64::MAX, 1, 1).is_some_and(f64::is_finite));
        assert!(per_day_growth_pct(1, u64::MAX, i64::MAX).is_some_and(f64::is_finite));
        // One video on three billion is still visible.
        assert_close(
            per_day_growth_pct(3_000_000_000, 3_000_000_001, 1),
            100.0 / 3e9,
            1e-20,
        );
    }

    #[test]
    fn per_day_delta_rounds_half_away_from_zero() {
        assert_eq!(per_day_delta(1000, 1003, 2), Some(2)); // 1.5
        assert_eq!(per_day_delta(1000, 997, 2), Some(-2)); // -1.5
        assert_eq!(per_day_delta(1000, 1004, 3), Some(1)); // 1.33
        assert_eq!(per_day_delta(1000, 1005, 3), Some(2)); // 1.67
        assert_eq!(per_day_delta(1000, 1000, 3), Some(0));
        assert_eq!(per_day_delta(1000, 1005, 0), None);
        assert_eq!(per_day_delta(0, u64::MAX, 1), None); // does not fit i64
        // (2^64 − 1) / 2 = 2^63 − 0.5 rounds up to 2^63: one past i64::MAX.
        assert_eq!(per_day_delta(0, u64::MAX, 2), None);
        assert_eq!(
            per_day_delta(0, u64::MAX, 3),
            Some(6_148_914_691_236_517_205)
        );
        assert_eq!(
            per_day_delta(u64::MAX, 0, 3),
            Some(-6_148_914_691_236_517_205)
        );
    }

    // ---- steady growth never breaks out ------------------------------------------

    #[test]
    fn steady_growers_never_break_out() {
        for pct in [5.0, 30.0] {
            let series = geometric(1_000_000.0, pct, 20);
            for (i, p) in series.iter().enumerate() {
                let s = compute(&series, p.date);
                assert!(!s.suspect, "{pct}% day {i}");
                assert!(!s.breakout, "{pct}% day {i} must not be a breakout");
                if i == 0 {
                    assert_eq!(s.daily_video_growth_pct, None);
                    assert_eq!(s.momentum, None);
                } else {
                    assert_close(s.daily_video_growth_pct, pct, 1e-3);
                    assert_close(s.daily_view_growth_pct, pct, 1e-3);
                    assert_eq!(s.streak, i as u32);
                }
                if i > BREAKOUT_MIN_HISTORY {
                    assert_close(s.baseline_mean_pct, pct, 1e-3);
                    assert_close(s.baseline_std_pct, 0.0, 1e-3);
                }
                if i >= 4 {
                    // Steady: no acceleration, so momentum is just the growth.
                    assert_close(s.acceleration_pp, 0.0, 1e-3);
                    assert_close(s.momentum, pct, 1e-3);
                }
            }
        }
    }

    // ---- the jump from 0.3 %/day to 12 %/day ------------------------------------

    #[test]
    fn jump_from_slow_to_fast_is_a_breakout_on_the_jump_day_only() {
        let mut series = geometric(10_000_000.0, 0.3, 10); // days 0..=10
        let last = series.last().unwrap().video_count;
        let jumped = (last as f64 * 1.12).round() as u64;
        series.push(pt(11, jumped, jumped * 10));

        for n in 0..=10 {
            let s = compute(&series, day(n));
            assert!(!s.breakout, "day {n} is before the jump");
            if n >= 1 {
                assert_close(s.daily_video_growth_pct, 0.3, 1e-4);
            }
            // Days 1..=3 have fewer than 4 earlier rates.
            if n <= BREAKOUT_MIN_HISTORY as u64 {
                assert_eq!(s.baseline_mean_pct, None, "day {n}");
                assert_eq!(s.baseline_std_pct, None, "day {n}");
            } else {
                assert_close(s.baseline_mean_pct, 0.3, 1e-4);
            }
        }

        let s = compute(&series, day(11));
        assert!(s.breakout);
        assert_close(s.daily_video_growth_pct, 12.0, 1e-4);
        // 12 − mean(0.3 × 7) = 11.7
        assert_close(s.acceleration_pp, 11.7, 1e-3);
        assert_close(s.baseline_mean_pct, 0.3, 1e-4);
        assert_close(s.baseline_std_pct, 0.0, 1e-4);
        // 12 + 0.5 × 11.7 + 100 = 117.85
        assert_close(s.momentum, 117.85, 1e-3);
        assert_eq!(s.streak, 11);
    }

    // ---- breakout thresholds with exact numbers ----------------------------------

    #[test]
    fn breakout_needs_three_sigma() {
        // Rates on days 1..=4: 0, 4, 0, 4 %  →  μ = 2, σ = 2, so 3σ = 6 pp.
        let base = [10_000_000, 10_000_000, 10_400_000, 10_400_000, 10_816_000];
        // Day 5 at +8.1 %: lift 6.1 ≥ 6 → breakout.
        let mut up = base.to_vec();
        up.push(11_692_096);
        let s = compute(&daily(&up), day(5));
        assert_close(s.baseline_mean_pct, 2.0, 1e-9);
        assert_close(s.baseline_std_pct, 2.0, 1e-9);
        assert_close(s.daily_video_growth_pct, 8.1, 1e-9);
        assert!(s.breakout);
        // Acceleration over days -2..=4 uses the same four rates: 8.1 − 2 = 6.1.
        assert_close(s.acceleration_pp, 6.1, 1e-9);
        // 8.1 + 0.5 × 6.1 + 100 = 111.15
        assert_close(s.momentum, 111.15, 1e-9);

        // Day 5 at +7.9 %: lift 5.9 is above 2 pp but below 3σ → no breakout.
        let mut up = base.to_vec();
        up.push(11_670_464);
        let s = compute(&daily(&up), day(5));
        assert_close(s.daily_video_growth_pct, 7.9, 1e-9);
        assert!(!s.breakout);
        // 7.9 + 0.5 × 5.9 = 10.85
        assert_close(s.momentum, 10.85, 1e-9);
    }

    #[test]
    fn breakout_needs_two_percentage_points() {
        // Rates on days 1..=4: 1, 2, 1, 2 %  →  μ = 1.5, σ = 0.5, 3σ = 1.5 pp.
        let base = [
            100_000_000_000,
            101_000_000_000,
            103_020_000_000,
            104_050_200_000,
            106_131_204_000,
        ];
        // +3.6 %: lift 2.1 → breakout.
        let mut up = base.to_vec();
        up.push(109_951_927_344);
        let s = compute(&daily(&up), day(5));
        assert_close(s.baseline_mean_pct, 1.5, 1e-9);
        assert_close(s.baseline_std_pct, 0.5, 1e-9);
        assert_close(s.daily_video_growth_pct, 3.6, 1e-9);
        assert!(s.breakout);

        // +3.4 %: lift 1.9 clears 3σ but not 2 pp → no breakout.
        let mut up = base.to_vec();
        up.push(109_739_664_936);
        let s = compute(&daily(&up), day(5));
        assert_close(s.daily_video_growth_pct, 3.4, 1e-9);
        assert!(!s.breakout);
    }

    #[test]
    fn shrinking_less_fast_is_not_a_breakout() {
        // −10 %/day for 4 days, then −5 %: lift 5 pp, σ = 0, but g ≤ 0.
        let series = daily(&[1_000_000, 900_000, 810_000, 729_000, 656_100, 623_295]);
        let s = compute(&series, day(5));
        assert_close(s.daily_video_growth_pct, -5.0, 1e-9);
        assert_close(s.baseline_mean_pct, -10.0, 1e-9);
        assert!(!s.breakout);
        assert_eq!(s.streak, 0);
    }

    #[test]
    fn fewer_than_four_earlier_days_means_no_breakout() {
        // Three earlier days (two rates), then a huge jump on day 3.
        let series = daily(&[1000, 1001, 1002, 2000]);
        let s = compute(&series, day(3));
        assert!(!s.breakout);
        assert_eq!(s.baseline_mean_pct, None);
        assert_eq!(s.baseline_std_pct, None);
        assert_close(s.daily_video_growth_pct, 998.0 / 1002.0 * 100.0, 1e-9);
        // Acceleration needs 3 rates too.
        assert_eq!(s.acceleration_pp, None);
        assert_close(s.momentum, s.daily_video_growth_pct.unwrap(), 1e-12);
        // Four earlier days are enough.
        let series = daily(&[1000, 1001, 1002, 1003, 2000]);
        assert!(compute(&series, day(4)).breakout);
    }

    // ---- 7-day growth -------------------------------------------------------------

    #[test]
    fn seven_day_growth() {
        let series = vec![pt(0, 1000, 5000), pt(3, 1200, 9000), pt(7, 1500, 20000)];
        let s = compute(&series, day(7));
        assert_close(s.video_growth_7d_pct, 50.0, 1e-12);
        assert_close(s.view_growth_7d_pct, 300.0, 1e-12);

        // No point exactly 7 days earlier (day 0 is 8 days before day 8).
        let series = vec![pt(0, 1000, 5000), pt(8, 1500, 20000)];
        let s = compute(&series, day(8));
        assert_eq!(s.video_growth_7d_pct, None);
        assert_eq!(s.view_growth_7d_pct, None);

        // Zero views a week ago: nothing to divide by.
        let series = vec![pt(0, 1000, 0), pt(7, 1100, 100)];
        let s = compute(&series, day(7));
        assert_close(s.video_growth_7d_pct, 10.0, 1e-12);
        assert_eq!(s.view_growth_7d_pct, None);
    }

    #[test]
    fn seven_day_growth_ignores_a_suspect_reference() {
        // Day 0 clean, day 1 suspect (0), day 8 compares with day 1 → None.
        let series = vec![pt(0, 1000, 1), pt(1, 0, 1), pt(8, 1200, 1)];
        let s = compute(&series, day(8));
        assert_eq!(s.video_growth_7d_pct, None);
    }

    // ---- streak -------------------------------------------------------------------

    #[test]
    fn streak_counts_growing_days_and_resets() {
        let series = daily(&[100, 110, 120, 120, 130, 140, 130]);
        let streaks: Vec<u32> = (0..7).map(|n| compute(&series, day(n)).streak).collect();
        // day 3 is flat (0 %), day 6 shrinks.
        assert_eq!(streaks, vec![0, 1, 2, 0, 1, 2, 0]);
    }

    // ---- gaps -----------------------------------------------------------------------

    #[test]
    fn three_day_gap_is_spread_over_its_days() {
        // 1000 → 1331 over 3 days is 10 %/day; views 10000 → 13310 likewise.
        let series = vec![
            pt(0, 1000, 10_000),
            pt(3, 1331, 13_310),
            pt(4, 1464, 14_641),
        ];
        let s = compute(&series, day(3));
        assert_close(s.daily_video_growth_pct, 10.0, 1e-9);
        assert_close(s.daily_view_growth_pct, 10.0, 1e-9);
        assert_eq!(s.new_videos, Some(110)); // 331 / 3 = 110.33
        assert_eq!(s.new_views, Some(1103)); // 3310 / 3 = 1103.33
        assert_eq!(s.streak, 3); // days 1, 2 and 3 each grew 10 %

        let s = compute(&series, day(4));
        // 1464 / 1331 − 1 = 9.99248…%
        assert_close(s.daily_video_growth_pct, 133.0 / 1331.0 * 100.0, 1e-9);
        assert_eq!(s.new_videos, Some(133));
        assert_eq!(s.streak, 4);
        // Rates on days 1, 2, 3 (the spread gap) count towards acceleration:
        // 9.99248… − 10 = −0.00751…
        assert_close(s.acceleration_pp, 133.0 / 1331.0 * 100.0 - 10.0, 1e-9);

        // The days inside the gap have no point of their own.
        assert_eq!(compute(&series, day(2)), Signals::empty(false));
    }

    #[test]
    fn acceleration_needs_three_rates() {
        // Day 3 sees rates on days 1 and 2 only.
        let series = daily(&[100, 110, 121, 200]);
        assert_eq!(compute(&series, day(3)).acceleration_pp, None);
        assert!(compute(&series, day(3)).momentum.is_some());
        // Day 4 sees three.
        let series = daily(&[100, 110, 121, 133, 200]);
        assert!(compute(&series, day(4)).acceleration_pp.is_some());
    }

    // ---- suspect points -------------------------------------------------------------

    #[test]
    fn drop_to_zero_is_suspect_and_skipped() {
        let series = vec![
            pt(0, 1000, 10_000),
            pt(1, 1100, 11_000),
            pt(2, 0, 0),
            pt(3, 1210, 12_100),
        ];
        assert_eq!(suspect_flags(&series), vec![false, false, true, false]);

        let s = compute(&series, day(2));
        assert_eq!(s, Signals::empty(true));

        // Day 3 compares with day 1 over two days: √1.1 − 1 = 4.8808848…%.
        let s = compute(&series, day(3));
        assert!(!s.suspect);
        assert_close(s.daily_video_growth_pct, 4.880_884_817_015_2, 1e-9);
        assert_close(s.daily_view_growth_pct, 4.880_884_817_015_2, 1e-9);
        assert_eq!(s.new_videos, Some(55)); // 110 / 2
        assert_eq!(s.new_views, Some(550));
        assert_eq!(s.streak, 3);
    }

    #[test]
    fn drop_below_half_is_suspect_and_skipped() {
        let series = vec![
            pt(0, 1000, 10_000),
            pt(1, 1100, 11_000),
            pt(2, 549, 99),
            pt(3, 1210, 12_100),
        ];
        assert_eq!(suspect_flags(&series), vec![false, false, true, false]);
        let s = compute(&series, day(2));
        assert!(s.suspect);
        assert_eq!(s.daily_video_growth_pct, None);
        assert_eq!(s.new_videos, None);
        assert_eq!(s.momentum, None);
        assert_eq!(s.streak, 0);
        assert!(!s.breakout);

        let s = compute(&series, day(3));
        assert_close(s.daily_video_growth_pct, 4.880_884_817_015_2, 1e-9);
        assert_eq!(s.new_videos, Some(55));
    }

    #[test]
    fn suspect_boundaries() {
        // Exactly half is plausible; one below is not. Rises are never suspect.
        assert_eq!(suspect_flags(&daily(&[1000, 500])), vec![false, false]);
        assert_eq!(suspect_flags(&daily(&[1000, 499])), vec![false, true]);
        assert_eq!(suspect_flags(&daily(&[10, 150])), vec![false, false]);
        // Compared with the last *clean* point, not the suspect one.
        assert_eq!(
            suspect_flags(&daily(&[1000, 200, 900])),
            vec![false, true, false]
        );
        // A low level the next day confirms is real; a zero never confirms itself.
        assert_eq!(
            suspect_flags(&daily(&[1000, 400, 420, 430])),
            vec![false, true, false, false]
        );
        assert_eq!(
            suspect_flags(&daily(&[1000, 0, 0])),
            vec![false, true, true]
        );
        // Zero after zero is not a drop; growth from zero has no percentage.
        assert_eq!(
            suspect_flags(&daily(&[0, 0, 100, 120])),
            vec![false, false, false, false]
        );
        let series = daily(&[0, 100, 120]);
        assert_eq!(compute(&series, day(1)).daily_video_growth_pct, None);
        assert_close(compute(&series, day(2)).daily_video_growth_pct, 20.0, 1e-12);
        // Extremes do not overflow: ⌊MAX / 2⌋ is just below half of MAX, one more is not.
        assert_eq!(
            suspect_flags(&daily(&[u64::MAX, u64::MAX / 2, 1])),
            vec![false, true, true]
        );
        assert_eq!(
            suspect_flags(&daily(&[u64::MAX, u64::MAX / 2 + 1, u64::MAX])),
            vec![false, false, false]
        );
    }

    // ---- input hygiene ----------------------------------------------------------------

    #[test]
    fn unsorted_and_duplicate_input() {
        let messy = vec![
            pt(2, 1210, 12_100),
            pt(0, 1000, 10_000),
            pt(1, 5, 5), // superseded by the later day-1 entry
            pt(1, 1100, 11_000),
        ];
        let tidy = vec![
            pt(0, 1000, 10_000),
            pt(1, 1100, 11_000),
            pt(2, 1210, 12_100),
        ];
        assert_eq!(suspect_flags(&messy), vec![false, false, false]);
        for n in 0..3 {
            assert_eq!(compute(&messy, day(n)), compute(&tidy, day(n)));
        }
        let s = compute(&messy, day(2));
        assert_close(s.daily_video_growth_pct, 10.0, 1e-9);
        assert_eq!(s.new_videos, Some(110));
        assert_eq!(s.streak, 2);
    }

    #[test]
    fn empty_series() {
        assert_eq!(compute(&[], day(0)), Signals::empty(false));
        assert!(suspect_flags(&[]).is_empty());
    }

    #[test]
    fn date_not_in_series() {
        let series = daily(&[100, 110, 121]);
        let s = compute(&series, day(10));
        assert_eq!(s, Signals::empty(false));
        assert!(!s.suspect);
        assert_eq!(s.streak, 0);
        assert_eq!(s.momentum, None);
    }

    #[test]
    fn later_points_do_not_change_a_past_day() {
        let short = daily(&[100, 110, 121, 133]);
        let long = daily(&[100, 110, 121, 133, 1000, 10, 0, 5000]);
        assert_eq!(compute(&short, day(3)), compute(&long, day(3)));
    }

    #[test]
    fn single_point_has_no_growth() {
        let s = compute(&[pt(0, 100, 1000)], day(0));
        assert_eq!(s, Signals::empty(false));
    }

    #[test]
    fn extreme_counts_never_panic_or_yield_non_finite() {
        let series = vec![
            pt(0, 1, 0),
            pt(1, 10, u64::MAX),
            pt(2, 100, 0),
            pt(3, 1000, u64::MAX),
            pt(4, 10_000, 1),
            pt(5, 100_000, u64::MAX),
        ];
        for n in 0..6 {
            let s = compute(&series, day(n));
            for v in [
                s.daily_video_growth_pct,
                s.daily_view_growth_pct,
                s.video_growth_7d_pct,
                s.view_growth_7d_pct,
                s.acceleration_pp,
                s.baseline_mean_pct,
                s.baseline_std_pct,
                s.momentum,
            ]
            .into_iter()
            .flatten()
            {
                assert!(v.is_finite());
            }
        }
        // 0 → u64::MAX views in one day: no rate (from 0), velocity does not fit i64.
        let s = compute(&series, day(1));
        assert_eq!(s.daily_view_growth_pct, None);
        assert_eq!(s.new_views, None);
        // u64::MAX → 0: a fall of 2^64−1 per day does not fit i64 either.
        let s = compute(&series, day(2));
        assert_close(s.daily_view_growth_pct, -100.0, 0.0);
        assert_eq!(s.new_views, None);

        // Dates at the very ends of the calendar.
        let edge = vec![
            Point {
                date: NaiveDate::MIN,
                video_count: 10,
                view_count: 10,
            },
            Point {
                date: NaiveDate::MAX,
                video_count: 20,
                view_count: 20,
            },
        ];
        let s = compute(&edge, NaiveDate::MIN);
        assert_eq!(s, Signals::empty(false));
        let s = compute(&edge, NaiveDate::MAX);
        assert!(s.daily_video_growth_pct.is_some_and(f64::is_finite));
        assert_eq!(s.new_videos, Some(0));
    }

    #[test]
    fn serializes_with_null_for_missing_values() {
        let json = serde_json::to_value(Signals::empty(true)).unwrap();
        assert_eq!(json["suspect"], serde_json::json!(true));
        assert_eq!(json["momentum"], serde_json::Value::Null);
        assert_eq!(json["streak"], serde_json::json!(0));
        assert_eq!(json["breakout"], serde_json::json!(false));
    }
}
