use super::*;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .checked_add_days(Days::new(n))
        .unwrap()
}

fn pt(n: u64, videos: u64, views: u64) -> Point {
    Point::exact(day(n), videos, views)
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
    let last = series.last().unwrap().video_count.unwrap().value;
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
        Point::exact(NaiveDate::MIN, 10, 10),
        Point::exact(NaiveDate::MAX, 20, 20),
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

// ---- rounded counts ---------------------------------------------------------------

/// A point whose counts come from TikTok's display-rounded legacy counters.
fn shown(n: u64, videos: u64, views: u64) -> Point {
    Point::new(
        day(n),
        Some(Count::display_rounded(videos)),
        Some(Count::display_rounded(views)),
    )
}

/// Consecutive daily points with display-rounded video counts; views 1000× videos.
fn shown_daily(videos: &[u64]) -> Vec<Point> {
    videos
        .iter()
        .enumerate()
        .map(|(i, &v)| shown(i as u64, v, v * 1000))
        .collect()
}

/// `((to / from)^(1 / days) − 1) × 100` in floating point, for expected values.
fn pct(from: f64, to: f64, days: f64) -> f64 {
    ((to / from).powf(1.0 / days) - 1.0) * 100.0
}

#[test]
fn display_rounded_precision_is_half_the_last_decimal_of_its_unit() {
    assert_eq!(Count::display_rounded(999), Count::exact(999));
    assert_eq!(Count::display_rounded(12_300).precision, 50);
    assert_eq!(Count::display_rounded(1_200_000).precision, 50_000);
    assert_eq!(
        Count::display_rounded(119_178_100_000_000).precision,
        50_000_000
    );
    let c = Count::display_rounded(1_200_000);
    assert_eq!((c.low(), c.high()), (1_150_000, 1_250_000));
    assert_eq!(Count::rounded(10, 50).low(), 0);
    assert_eq!(Count::rounded(u64::MAX, 50).high(), u64::MAX);
}

#[test]
fn rounded_step_after_flat_days_is_spread_over_the_days_since_the_last_change() {
    // 1.5M on days 0..=4, 1.6M on day 5: +6.7 % at face value, 1.3 %/day spread.
    let series = shown_daily(
        &[1_500_000; 5]
            .into_iter()
            .chain([1_600_000])
            .collect::<Vec<_>>(),
    );
    let s = compute(&series, day(5));
    assert_eq!(s.basis, Basis::Videos);
    assert!(s.approximate);
    assert_close(s.daily_growth_pct, pct(1.5, 1.6, 5.0), 1e-9);
    assert_close(s.daily_video_growth_pct, pct(1.5, 1.6, 5.0), 1e-9);
    assert_close(s.daily_growth_high_pct, pct(1.45, 1.65, 5.0), 1e-9);
    assert_eq!(s.new_videos, Some(20_000));
    // Every day of the spread step grew.
    assert_eq!(s.streak, 5);
}

#[test]
fn a_single_rounding_step_guarantees_no_growth_so_is_neither_trending_nor_breakout() {
    let series = shown_daily(
        &[1_500_000; 5]
            .into_iter()
            .chain([1_600_000])
            .collect::<Vec<_>>(),
    );
    let s = compute(&series, day(5));
    assert_close(s.daily_growth_low_pct, 0.0, 0.0);
    assert_close(s.recent_growth_low_pct, 0.0, 0.0);
    assert!(!is_trending(&s, 5.0));
    assert!(!is_trending(&s, 0.0));
    assert!(!s.breakout);
    // The same step on one day after a change yesterday: face value, still no guarantee.
    let series = shown_daily(&[
        1_400_000, 1_400_000, 1_400_000, 1_400_000, 1_500_000, 1_600_000,
    ]);
    let s = compute(&series, day(5));
    assert_close(s.daily_growth_pct, 100.0 / 15.0, 1e-9);
    assert_close(s.daily_growth_low_pct, 0.0, 0.0);
    assert!(!is_trending(&s, 5.0));
    assert!(!s.breakout);
}

#[test]
fn flat_day_on_a_rounded_counter_shows_no_growth_and_guarantees_none() {
    let series = shown_daily(&[1_200_000, 1_200_000]);
    let s = compute(&series, day(1));
    assert_close(s.daily_growth_pct, 0.0, 0.0);
    assert_close(s.daily_growth_low_pct, pct(1.25, 1.15, 1.0), 1e-9);
    assert_close(s.daily_growth_high_pct, pct(1.15, 1.25, 1.0), 1e-9);
    assert!(s.daily_growth_low_pct.unwrap() <= 0.0);
    assert!(s.approximate);
    assert_eq!(s.streak, 0);
}

#[test]
fn a_real_jump_on_a_rounded_counter_is_a_breakout_on_its_day() {
    // Flat at 1.5M for ten days, then 2.0M: far more than rounding can explain.
    let mut counts = vec![1_500_000; 10];
    counts.push(2_000_000);
    let series = shown_daily(&counts);
    let s = compute(&series, day(10));
    // Taken at face value on its day; the flat days before keep 0.
    assert_close(s.daily_growth_pct, 100.0 / 3.0, 1e-9);
    assert_close(s.daily_growth_low_pct, pct(1.55, 1.95, 1.0), 1e-9);
    assert_eq!(s.streak, 1);
    assert_close(s.baseline_mean_pct, 0.0, 0.0);
    assert!(s.breakout);
    assert!(is_trending(&s, 5.0));
    assert!(s.approximate);
}

#[test]
fn trending_rests_on_todays_own_guarantee_not_on_the_days_before() {
    // A jump (1.2M → 1.6M), then one ordinary step: 6.25 % at face value, and the last
    // three days guarantee far more, but today alone guarantees nothing.
    let mut counts = vec![1_200_000; 10];
    counts.extend([1_600_000, 1_700_000]);
    let series = shown_daily(&counts);
    assert!(compute(&series, day(10)).breakout);
    let s = compute(&series, day(11));
    assert_close(s.daily_growth_pct, 6.25, 1e-9);
    assert_close(s.daily_growth_low_pct, 0.0, 0.0);
    assert!(!is_trending(&s, 5.0));
}

#[test]
fn equal_exact_counts_are_real_flat_days_and_are_not_spread() {
    let series = daily(&[1000, 1000, 1000, 1100]);
    let s = compute(&series, day(3));
    assert_close(s.daily_video_growth_pct, 10.0, 1e-12);
    assert_eq!(s.streak, 1);
    assert!(!s.approximate);
}

#[test]
fn exact_counts_have_a_point_interval() {
    let series = geometric(1_000_000.0, 2.0, 10);
    let s = compute(&series, day(10));
    assert_eq!(s.daily_growth_low_pct, s.daily_growth_pct);
    assert_eq!(s.daily_growth_high_pct, s.daily_growth_pct);
    assert_eq!(s.recent_growth_low_pct, s.daily_growth_pct);
    assert_eq!(s.daily_growth_pct, s.daily_video_growth_pct);
    assert!(!s.approximate);
}

#[test]
fn a_ramp_on_a_rounded_counter_breaks_out_on_what_three_days_guarantee() {
    // ~0.7 %/day for two weeks (one step a week), then one step a day: no single day
    // guarantees growth, but 2.1M → 2.4M over three days guarantees ≥ 3 %/day.
    let mut counts = vec![2_000_000; 7];
    counts.extend([2_100_000; 7]);
    counts.extend([2_200_000, 2_300_000, 2_400_000]);
    let series = shown_daily(&counts);
    let s = compute(&series, day(16));
    assert_close(s.daily_growth_low_pct, 0.0, 0.0);
    assert!(!is_trending(&s, 2.0));
    assert_close(s.recent_growth_low_pct, pct(2.15, 2.35, 3.0), 1e-9);
    // The baseline stops where the evidence (day 13 → 16) starts.
    // Days 2..=7 from the first step, 8..=13 from the second.
    let mu = (pct(2.0, 2.1, 7.0) + pct(2.1, 2.2, 7.0)) / 2.0;
    assert_close(s.baseline_mean_pct, mu, 1e-9);
    assert!(s.breakout);
}

#[test]
fn a_gap_ending_today_is_judged_not_part_of_the_baseline() {
    // 1 %/day for six days, then no snapshot until +20 % three days later.
    let mut series = geometric(1_000_000.0, 1.0, 6);
    let last = series.last().unwrap().video_count.unwrap().value;
    series.push(pt(9, last * 12 / 10, last * 12));
    let s = compute(&series, day(9));
    assert_close(s.daily_growth_pct, pct(1.0, 1.2, 3.0), 1e-9);
    // Days 7 and 8 are the gap's own days: the baseline is days 1..=6.
    assert_close(s.baseline_mean_pct, 1.0, 1e-4);
    assert_close(s.baseline_std_pct, 0.0, 1e-4);
    assert!(s.breakout);
    // Acceleration, likewise, compares with the days before the gap.
    assert_close(s.acceleration_pp, pct(1.0, 1.2, 3.0) - 1.0, 1e-4);
}

#[test]
fn approximate_when_any_figure_rests_on_a_rounded_count() {
    let exact_videos_rounded_views: Vec<Point> = (0..3)
        .map(|n| {
            Point::new(
                day(n),
                Some(Count::exact(1000 + n)),
                Some(Count::display_rounded(2_000_000)),
            )
        })
        .collect();
    assert!(compute(&exact_videos_rounded_views, day(2)).approximate);
    assert!(!compute(&daily(&[1000, 1001, 1002]), day(2)).approximate);
}

// ---- unknown video counts -----------------------------------------------------------

/// A point whose video count is not reported, with exact views.
fn views_only(n: u64, views: u64) -> Point {
    Point::new(day(n), None, Some(Count::exact(views)))
}

#[test]
fn unknown_video_count_switches_the_basis_to_views() {
    let series: Vec<Point> = [1_000_000u64, 1_100_000, 1_210_000]
        .iter()
        .enumerate()
        .map(|(i, &w)| views_only(i as u64, w))
        .collect();
    let s = compute(&series, day(2));
    assert_eq!(s.basis, Basis::Views);
    assert!(!s.suspect);
    assert_close(s.daily_growth_pct, 10.0, 1e-9);
    assert_close(s.daily_view_growth_pct, 10.0, 1e-9);
    assert_eq!(s.daily_video_growth_pct, None);
    assert_eq!(s.new_videos, None);
    assert_eq!(s.new_views, Some(110_000));
    assert_eq!(s.streak, 2);
    assert_close(s.momentum, 10.0, 1e-9);
}

#[test]
fn an_unknown_video_count_is_not_a_drop() {
    let series = vec![pt(0, 1000, 1_000_000), views_only(1, 1_010_000)];
    assert_eq!(suspect_flags(&series), vec![false, false]);
    // A reported 0 still is.
    let series = vec![pt(0, 1000, 1_000_000), pt(1, 0, 1_010_000)];
    assert_eq!(suspect_flags(&series), vec![false, true]);
}

#[test]
fn view_counts_follow_the_suspect_rule_when_they_are_the_basis() {
    let series = vec![
        views_only(0, 1_000_000),
        views_only(1, 1_010_000),
        views_only(2, 400_000),
        views_only(3, 1_030_000),
    ];
    assert_eq!(suspect_flags(&series), vec![false, false, true, false]);
    let s = compute(&series, day(2));
    assert!(s.suspect);
    assert_eq!(s.basis, Basis::Views);
    assert_close(
        compute(&series, day(3)).daily_growth_pct,
        pct(1.01, 1.03, 2.0),
        1e-9,
    );
}

#[test]
fn a_view_count_breakout_is_flagged_on_its_day() {
    // Videos reported for the first days, then not: the views carry on.
    let mut series: Vec<Point> = geometric(1_000_000.0, 0.3, 10)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if i >= 3 {
                Point {
                    video_count: None,
                    ..p
                }
            } else {
                p
            }
        })
        .collect();
    let last = series.last().unwrap().view_count.unwrap().value;
    series.push(views_only(11, last * 112 / 100));
    for n in 0..=10 {
        assert!(!compute(&series, day(n)).breakout, "day {n}");
    }
    let s = compute(&series, day(11));
    assert_eq!(s.basis, Basis::Views);
    assert!(s.breakout);
    assert_close(s.daily_growth_pct, 12.0, 1e-4);
    // The view series' history covers the days videos were still reported.
    assert_close(s.baseline_mean_pct, 0.3, 1e-4);
    assert_close(s.growth_7d_pct, s.view_growth_7d_pct.unwrap(), 0.0);
    assert_eq!(s.video_growth_7d_pct, None);
}

#[test]
fn a_day_reporting_neither_count_has_no_signals() {
    let series = vec![pt(0, 1000, 1000), Point::new(day(1), None, None)];
    assert_eq!(compute(&series, day(1)), Signals::default());
    assert_eq!(suspect_flags(&series), vec![false, false]);
}

// ---- trending, text, output ----------------------------------------------------------

#[test]
fn trending_is_judged_on_the_lower_bound() {
    let mut s = Signals {
        daily_growth_pct: Some(6.7),
        daily_growth_low_pct: Some(4.9),
        ..Signals::default()
    };
    assert!(!is_trending(&s, 5.0));
    s.daily_growth_low_pct = Some(5.1);
    assert!(is_trending(&s, 5.0));
    s.daily_growth_low_pct = Some(5.0);
    assert!(!is_trending(&s, 5.0), "strictly above");
    s.daily_growth_low_pct = Some(9.0);
    s.suspect = true;
    assert!(!is_trending(&s, 5.0));
    assert!(!is_trending(&Signals::default(), -100.0));
}

#[test]
fn the_signals_page_quotes_the_formulas_verbatim() {
    let page = include_str!("../../../docs/signals.md");
    assert!(
        page.contains(&format!("```text\n{FORMULAS}\n```")),
        "docs/signals.md must quote FORMULAS (tracker trends --help) as it is"
    );
}

#[test]
fn formulas_quote_the_constants_the_code_uses() {
    for value in [
        format!("{BREAKOUT_SIGMAS:?} x std-dev"),
        format!(">= {BREAKOUT_MIN_PP:?} pp"),
        format!("D-{BREAKOUT_WINDOW_DAYS} .. D-1"),
        format!("needs {BREAKOUT_MIN_HISTORY}+"),
        format!("D-{ACCEL_WINDOW_DAYS} .. D-1"),
        format!("needs {ACCEL_MIN_RATES}+"),
        format!("exactly {GROWTH_WINDOW_DAYS} days"),
        format!("last {LOW_BOUND_WINDOW_DAYS} days"),
        format!("{MOMENTUM_ACCEL_WEIGHT:?} x acceleration_pp"),
        format!("{MOMENTUM_BREAKOUT_BONUS:?} if breakout"),
    ] {
        assert!(FORMULAS.contains(&value), "FORMULAS lacks {value:?}");
    }
}

#[test]
fn module_docs_quote_the_constants_the_code_uses() {
    let docs: String = include_str!("mod.rs")
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .collect::<Vec<_>>()
        .join(" ");
    let docs = docs.split_whitespace().collect::<Vec<_>>().join(" ");
    for (name, value) in [
        ("BREAKOUT_SIGMAS", BREAKOUT_SIGMAS.to_string()),
        ("BREAKOUT_MIN_PP", BREAKOUT_MIN_PP.to_string()),
        ("BREAKOUT_MIN_HISTORY", BREAKOUT_MIN_HISTORY.to_string()),
        ("ACCEL_MIN_RATES", ACCEL_MIN_RATES.to_string()),
        ("LOW_BOUND_WINDOW_DAYS", LOW_BOUND_WINDOW_DAYS.to_string()),
        ("MOMENTUM_ACCEL_WEIGHT", MOMENTUM_ACCEL_WEIGHT.to_string()),
        (
            "MOMENTUM_BREAKOUT_BONUS",
            MOMENTUM_BREAKOUT_BONUS.to_string(),
        ),
    ] {
        let quoted = format!("`{name}` ({value})");
        assert!(docs.contains(&quoted), "module docs lack {quoted}");
    }
    for (window, days) in [
        (BREAKOUT_WINDOW_DAYS, "D−14 … D−1"),
        (ACCEL_WINDOW_DAYS, "D−7 … D−1"),
        (GROWTH_WINDOW_DAYS, "D − 7"),
    ] {
        assert!(docs.contains(days) && days.contains(&window.to_string()));
    }
}

#[test]
fn basis_serializes_in_lowercase() {
    let s = Signals {
        basis: Basis::Views,
        ..Signals::default()
    };
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["basis"], "views");
    assert_eq!(json["approximate"], false);
    assert_eq!(json["daily_growth_low_pct"], serde_json::Value::Null);
    assert_eq!(Basis::Videos.as_str(), "videos");
}
