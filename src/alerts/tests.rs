use super::*;
use crate::metrics::growth::Direction;
use crate::model::Signals;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, d).unwrap()
}

fn row(hashtag: &str, breakout: bool, trending: bool, momentum: Option<f64>) -> TrendRow {
    TrendRow {
        hashtag: hashtag.to_string(),
        direction: Direction::Rising,
        trending,
        video_growth_pct: Some(12.5),
        view_growth_pct: Some(3.0),
        prev_date: Some(day(1)),
        video_count: Some(1000),
        view_count: 5000,
        signals: Signals {
            breakout,
            momentum,
            ..Signals::empty(false)
        },
    }
}

fn logged(date: NaiveDate, hashtag: &str, signal: AlertSignal, delivered: bool) -> AlertRecord {
    AlertRecord {
        date,
        hashtag: hashtag.to_string(),
        signal,
        first_tried_at: "2026-04-01T09:00:00.000Z".into(),
        sent_at: delivered.then(|| "2026-04-01T09:00:00.000Z".into()),
        delivered,
        attempts: 1,
        row: format!(r#"{{"hashtag":"{hashtag}","video_growth_pct":9.0}}"#),
    }
}

fn settings(on: &[AlertSignal]) -> AlertSettings {
    AlertSettings {
        on: on.to_vec(),
        ..AlertSettings::default()
    }
}

fn names(alerts: &[Alert]) -> Vec<(String, AlertSignal, NaiveDate)> {
    alerts
        .iter()
        .map(|a| (a.hashtag.clone(), a.signal, a.date))
        .collect()
}

#[test]
fn only_the_configured_signals_alert() {
    let rows = [
        row("jumper", true, true, Some(50.0)),
        row("steady", false, true, Some(8.0)),
        row("flat", false, false, Some(0.0)),
    ];
    let breakout = select(&settings(&[AlertSignal::Breakout]), day(9), &rows, &[]);
    assert_eq!(
        names(&breakout),
        [("jumper".into(), AlertSignal::Breakout, day(9))]
    );
    let both = settings(&[AlertSignal::Breakout, AlertSignal::Trending]);
    assert_eq!(select(&both, day(9), &rows, &[]).len(), 3);
}

#[test]
fn discover_is_accepted_but_never_alerts() {
    let rows = [row("jumper", true, true, Some(50.0))];
    assert!(select(&settings(&[AlertSignal::Discover]), day(9), &rows, &[]).is_empty());
}

#[test]
fn min_momentum_keeps_weak_and_unknown_momentum_out() {
    let rows = [
        row("strong", true, false, Some(40.0)),
        row("weak", true, false, Some(5.0)),
        row("unknown", true, false, None),
    ];
    let s = AlertSettings {
        min_momentum: Some(10.0),
        ..AlertSettings::default()
    };
    let got = select(&s, day(9), &rows, &[]);
    assert_eq!(
        names(&got),
        [("strong".into(), AlertSignal::Breakout, day(9))]
    );
}

#[test]
fn a_delivered_alert_holds_the_same_hashtag_and_signal_back_for_the_cooldown() {
    let rows = [row("jumper", true, true, Some(50.0))];
    let both = settings(&[AlertSignal::Breakout, AlertSignal::Trending]);
    let log = [logged(day(3), "jumper", AlertSignal::Breakout, true)];
    // 6 days later: still within the 7-day cooldown; the other signal is not held back.
    let got = select(&both, day(9), &rows, &log);
    assert_eq!(
        names(&got),
        [("jumper".into(), AlertSignal::Trending, day(9))]
    );
    // 7 days later it alerts again.
    assert_eq!(select(&both, day(10), &rows, &log).len(), 2);
    // A day fetched late, before the delivered one, is held back too.
    assert_eq!(select(&both, day(1), &rows, &log).len(), 1);
}

#[test]
fn the_same_day_never_alerts_twice_even_without_cooldown() {
    let rows = [row("jumper", true, false, Some(50.0))];
    let s = AlertSettings {
        cooldown_days: 0,
        ..AlertSettings::default()
    };
    let log = [logged(day(9), "jumper", AlertSignal::Breakout, true)];
    assert!(select(&s, day(9), &rows, &log).is_empty());
    assert_eq!(select(&s, day(10), &rows, &log).len(), 1);
}

#[test]
fn an_undelivered_alert_is_tried_again() {
    let rows = [row("jumper", true, false, Some(50.0))];
    let s = settings(&[AlertSignal::Breakout]);
    // The same day, re-run: sent again from today's row.
    let failed_today = [logged(day(9), "jumper", AlertSignal::Breakout, false)];
    let got = select(&s, day(9), &rows, &failed_today);
    assert_eq!(
        names(&got),
        [("jumper".into(), AlertSignal::Breakout, day(9))]
    );
    assert_eq!(got[0].video_growth_pct(), Some(12.5));
    // The next day, when the row no longer shows it: sent from the logged row.
    let failed_before = [
        logged(day(7), "calm", AlertSignal::Breakout, false),
        logged(day(8), "calm", AlertSignal::Breakout, false),
    ];
    let got = select(&s, day(9), &[], &failed_before);
    assert_eq!(
        names(&got),
        [("calm".into(), AlertSignal::Breakout, day(8))]
    );
    assert_eq!(got[0].video_growth_pct(), Some(9.0));
    // Not when it is older than the cooldown, delivered since, or superseded today.
    assert!(select(&s, day(16), &[], &failed_before).is_empty());
    let delivered_since = [
        logged(day(8), "calm", AlertSignal::Breakout, false),
        logged(day(9), "calm", AlertSignal::Breakout, true),
    ];
    assert!(select(&s, day(10), &[], &delivered_since).is_empty());
    let superseded = [logged(day(8), "jumper", AlertSignal::Breakout, false)];
    let got = select(&s, day(9), &rows, &superseded);
    assert_eq!(
        names(&got),
        [("jumper".into(), AlertSignal::Breakout, day(9))]
    );
}

#[test]
fn the_docs_state_the_defaults_the_code_uses() {
    let readme = concat!(
        include_str!("../../docs/alerts.md"),
        include_str!("../../docs/configuration.md")
    );
    let cooldown = format!("cooldown_days = {}", crate::config::DEFAULT_COOLDOWN_DAYS);
    let tries = format!("tried {} times", deliver::Policy::default().tries);
    for rule in [cooldown, tries] {
        assert!(
            readme.contains(&rule),
            "docs/alerts.md or configuration.md lacks {rule:?}"
        );
    }
}

fn sound_row(id: &str, rising: bool) -> SoundRow {
    SoundRow {
        id: id.into(),
        title: format!("song {id}"),
        author: "artist".into(),
        videos: 12,
        creators: 9,
        share: 0.1,
        share_growth: Some(1.5),
        hashtags: vec!["a".into()],
        first_seen: Some(day(1)),
        share_before: 0.04,
        score: if rising { 3.0 } else { 0.1 },
        original: false,
        rising,
    }
}

#[test]
fn a_rising_sound_alerts_once_and_only_when_asked_for() {
    let rising = [sound_row("1", true), sound_row("2", false)];
    let none = HashSet::new();
    assert!(
        select_sounds(
            &settings(&[AlertSignal::Breakout]),
            day(9),
            &rising,
            &none,
            &[]
        )
        .is_empty()
    );
    let on = settings(&[AlertSignal::Sound]);
    let due = select_sounds(&on, day(9), &rising, &none, &[]);
    assert_eq!(
        names(&due),
        [("sound:1".to_string(), AlertSignal::Sound, day(9))]
    );
    assert_eq!(due[0].row["title"], "song 1");
    // Delivered once (any day before): never again; already due (a retry): not twice.
    let alerted = HashSet::from(["sound:1".to_string()]);
    assert!(select_sounds(&on, day(20), &rising, &alerted, &[]).is_empty());
    assert!(select_sounds(&on, day(9), &rising, &none, &due).is_empty());
}
