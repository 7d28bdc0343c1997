use super::*;
use crate::model::{SampleMetrics, Snapshot};
use crate::refresh::{rebuild_signals, refresh_signals};
use chrono::Days;

fn d(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(n)
}

fn store_day(store: &mut Store, run: i64, tag: &str, day: u64, videos: u64) {
    let snap = Snapshot {
        date: d(day),
        hashtag: tag.into(),
        fetched_at: "t".into(),
        video_count: Some(videos),
        view_count: videos * 3,
        video_precision: 0,
        view_precision: 0,
        metrics: SampleMetrics::default(),
        credits_remaining: None,
    };
    store.save_snapshot(&snap, &[], run).unwrap();
    refresh_signals(store, tag, d(day)).unwrap();
}

fn json(v: &TrendsView) -> String {
    serde_json::to_string(v).unwrap()
}

#[test]
fn stored_signals_equal_signals_computed_from_the_series() {
    let mut store = Store::open_in_memory().unwrap();
    let run = store.begin_run(d(0)).unwrap();
    for day in 0..40 {
        let jump = if day >= 35 { 1.12f64 } else { 1.003 };
        store_day(
            &mut store,
            run,
            "a",
            day,
            (1000.0 * jump.powi(day as i32)) as u64,
        );
        store_day(&mut store, run, "b", day, 5000 + day * 50);
    }
    for day in [0, 1, 20, 35, 39] {
        let stored = build_trends(&store, d(day), 5.0, TrendOrder::Momentum).unwrap();
        store
            .conn_for_tests()
            .execute("DELETE FROM signals", [])
            .unwrap();
        let computed = build_trends(&store, d(day), 5.0, TrendOrder::Momentum).unwrap();
        assert_eq!(json(&stored), json(&computed), "day {day}");
        rebuild_signals(&store).unwrap();
        assert_eq!(
            json(&build_trends(&store, d(day), 5.0, TrendOrder::Momentum).unwrap()),
            json(&stored)
        );
    }
    let t = build_trends(&store, d(35), 5.0, TrendOrder::Momentum).unwrap();
    assert_eq!(t.hashtags[0].hashtag, "a");
    assert!(t.hashtags[0].signals.breakout);
}

#[test]
fn the_day_after_a_glitch_is_not_trending_and_history_judges_like_the_full_series() {
    let mut store = Store::open_in_memory().unwrap();
    let run = store.begin_run(d(0)).unwrap();
    for (day, videos) in [(0, 1000), (1, 1010), (2, 1020), (3, 10), (4, 1030)] {
        store_day(&mut store, run, "g", day, videos);
        store_day(&mut store, run, "steady", day, 1000 + day * 100);
    }
    for stored in [true, false] {
        if !stored {
            store
                .conn_for_tests()
                .execute("DELETE FROM signals", [])
                .unwrap();
        }
        let t = build_trends(&store, d(4), 5.0, TrendOrder::Momentum).unwrap();
        let g = t.hashtags.iter().find(|r| r.hashtag == "g").unwrap();
        // The contract's growth is against the previous snapshot, glitch or not...
        assert_eq!(g.prev_date, Some(d(3)));
        assert!((g.video_growth_pct.unwrap() - 10_200.0).abs() < 1e-9);
        // ...but a recovery from a suspect count is not a trend.
        assert!(!g.trending, "stored signals: {stored}");
        let steady = t.hashtags.iter().find(|r| r.hashtag == "steady").unwrap();
        assert!(steady.trending, "7.7 % > 5 %");
    }
    rebuild_signals(&store).unwrap();
    // `history --days 2` shows the same flags and growth as the full history.
    let full = build_history(&store, "g", None).unwrap();
    let last2 = build_history(&store, "g", Some(2)).unwrap();
    assert_eq!(last2.days.len(), 2);
    assert_eq!(
        serde_json::to_value(&last2.days[..]).unwrap(),
        serde_json::to_value(&full.days[3..]).unwrap()
    );
    assert!(last2.days[0].suspect);
}

#[test]
fn a_back_filled_day_updates_the_days_after_it() {
    let mut store = Store::open_in_memory().unwrap();
    let run = store.begin_run(d(0)).unwrap();
    for (day, videos) in [(0, 1000), (1, 1100), (2, 1210), (4, 1464)] {
        store_day(&mut store, run, "x", day, videos);
    }
    let before = build_trends(&store, d(4), 5.0, TrendOrder::Momentum).unwrap();
    assert_eq!(before.hashtags[0].prev_date, Some(d(2)));
    store_day(&mut store, run, "x", 3, 1331);
    let after = build_trends(&store, d(4), 5.0, TrendOrder::Momentum).unwrap();
    let row = &after.hashtags[0];
    assert_eq!(row.prev_date, Some(d(3)));
    assert_eq!(row.signals.new_videos, Some(133));
    assert!((row.signals.daily_video_growth_pct.unwrap() - 10.0).abs() < 0.01);
    assert_eq!(row.signals.streak, 4);
}

#[test]
fn a_back_fill_far_before_the_next_day_still_becomes_its_previous() {
    let mut store = Store::open_in_memory().unwrap();
    let run = store.begin_run(d(0)).unwrap();
    store_day(&mut store, run, "x", 0, 1000);
    store_day(&mut store, run, "x", 50, 2000);
    store_day(&mut store, run, "x", 10, 1500);
    let t = build_trends(&store, d(50), 5.0, TrendOrder::Momentum).unwrap();
    assert_eq!(t.hashtags[0].prev_date, Some(d(10)));
    let r = build_report(&store, d(50)).unwrap();
    assert_eq!(r.hashtags[0].prev_date, Some(d(10)));
    assert!((r.hashtags[0].video_growth_pct.unwrap() - 100.0 / 3.0).abs() < 1e-9);
    // Without stored signals the report looks the previous snapshot up itself.
    store
        .conn_for_tests()
        .execute("DELETE FROM signals", [])
        .unwrap();
    let r = build_report(&store, d(50)).unwrap();
    assert_eq!(r.hashtags[0].prev_date, Some(d(10)));
}

#[test]
fn history_spreads_a_rounding_step_and_does_not_call_it_trending() {
    // 1.2M on legacy counters for four days, then 1.3M: +8.3 % at face value.
    let shown = [1_200_000u64, 1_200_000, 1_200_000, 1_200_000, 1_300_000];
    let snaps: Vec<Snapshot> = shown
        .iter()
        .enumerate()
        .map(|(i, &v)| Snapshot {
            date: d(i as u64),
            hashtag: "x".into(),
            fetched_at: "t".into(),
            video_count: Some(v),
            view_count: v * 100,
            video_precision: 50_000,
            view_precision: 50_000,
            metrics: SampleMetrics::default(),
            credits_remaining: None,
        })
        .collect();
    let days = crate::views::history::history_days(&snaps);
    let step = &days[4];
    let spread = ((1.3f64 / 1.2).powf(1.0 / 4.0) - 1.0) * 100.0;
    assert!((step.daily_video_growth_pct.unwrap() - spread).abs() < 1e-9);
    assert!(step.approximate);
    assert!(!step.trending);
    assert!(!step.breakout);
    // The flat days show no growth, not a guess.
    assert_eq!(days[2].daily_video_growth_pct, Some(0.0));
}
