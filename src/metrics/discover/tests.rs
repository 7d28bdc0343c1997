use super::*;

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(u64::from(day))
}

fn row(day: u32, under: &str, tag: &str, videos: u64, authors: &[&str]) -> CohashtagDay {
    CohashtagDay {
        date: d(day),
        hashtag: under.into(),
        cohashtag: tag.into(),
        videos,
        authors: authors.iter().map(|a| a.to_string()).collect(),
    }
}

/// 10 days of 20-video samples under "a" and "b".
fn samples() -> Vec<SampleDay> {
    (0..10)
        .flat_map(|day| {
            ["a", "b"].map(|h| SampleDay {
                date: d(day),
                hashtag: h.into(),
                videos: 20,
            })
        })
        .collect()
}

const W: Window = Window {
    date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
    days: 10,
};

fn none() -> HashSet<String> {
    HashSet::new()
}

fn tags(r: &Ranking) -> Vec<&str> {
    r.candidates.iter().map(|c| c.hashtag.as_str()).collect()
}

#[test]
fn a_spreading_tag_outranks_a_steady_one() {
    let mut rows = Vec::new();
    for day in 0..10 {
        rows.push(row(day, "a", "steady", 4, &["s1", "s2", "s3"]));
        if day >= 7 {
            rows.push(row(day, "a", "rising", 6, &["r1", "r2", "r3"]));
            rows.push(row(day, "b", "rising", 6, &["r4", "r5"]));
        }
    }
    let r = rank(&rows, &samples(), W, &none(), &none());
    assert_eq!(tags(&r), ["rising", "steady"]);
    let (rising, steady) = (&r.candidates[0], &r.candidates[1]);
    assert_eq!(r.sampled_now, 120);
    assert_eq!(r.sampled_before, 280);
    assert_eq!(rising.videos, 36);
    assert_eq!(rising.creators, 5);
    assert_eq!(rising.under, ["a", "b"]);
    assert_eq!(rising.share_now, 0.3);
    assert_eq!(rising.share_before, Some(0.0));
    let want = (0.31f64 / 0.01).log2() * 6f64.ln() * 2f64.sqrt();
    assert!((rising.score - want).abs() < 1e-9, "{}", rising.score);
    // A steady share lifts nothing.
    assert!(steady.score.abs() < 1e-9, "{}", steady.score);
}

#[test]
fn one_creators_push_is_left_out() {
    let rows: Vec<_> = (7..10)
        .map(|day| row(day, "a", "mybrand", 15, &["shop"]))
        .collect();
    assert!(
        rank(&rows, &samples(), W, &none(), &none())
            .candidates
            .is_empty()
    );
}

#[test]
fn generic_tracked_and_ignored_tags_are_left_out() {
    let rows: Vec<_> = ["fyp", "foryou", "viral", "b", "mine", "kept"]
        .into_iter()
        .map(|t| row(9, "a", t, 5, &["x", "y"]))
        .collect();
    let tracked = HashSet::from(["b".to_string()]);
    let ignore = HashSet::from(["mine".to_string()]);
    let r = rank(&rows, &samples(), W, &tracked, &ignore);
    assert_eq!(tags(&r), ["kept"]);
}

#[test]
fn without_earlier_samples_the_share_before_is_unknown() {
    let samples: Vec<_> = samples().into_iter().filter(|s| s.date >= d(8)).collect();
    let rows = [row(9, "a", "new", 5, &["x", "y"])];
    let r = rank(&rows, &samples, W, &none(), &none());
    assert_eq!(r.sampled_before, 0);
    assert_eq!(r.candidates[0].share_before, None);
}

#[test]
fn only_the_window_counts_and_a_tag_gone_quiet_is_no_candidate() {
    let rows = [
        row(0, "a", "old", 20, &["x", "y"]),
        row(3, "a", "faded", 20, &["x", "y"]),
        // After D: not yet.
        row(10, "a", "later", 20, &["x", "y"]),
    ];
    let short = Window {
        date: d(9),
        days: 8,
    };
    let r = rank(&rows, &samples(), short, &none(), &none());
    assert!(r.candidates.is_empty());
    assert_eq!(r.sampled_before, 5 * 40);
}

#[test]
fn help_is_built_from_the_constants() {
    let h = help();
    for g in GENERIC {
        assert!(h.contains(g), "{g}");
    }
    assert!(h.contains(&format!("fewer than {MIN_CREATORS} creators")));
    assert!(h.contains(&format!("last {NOW_DAYS} days")));
    assert!(h.contains(&SHARE_PRIOR.to_string()));
}

#[test]
fn the_signals_page_quotes_the_constants() {
    let page = include_str!("../../../docs/signals.md");
    let section = page
        .split("### Rising co-hashtags")
        .nth(1)
        .expect("docs/signals.md section");
    assert!(section.contains(&format!("the last {NOW_DAYS} days")));
    assert!(section.contains(&format!("(share_now + {SHARE_PRIOR})")));
    assert!(section.contains(&format!("fewer than {MIN_CREATORS} creators")));
    assert!(section.contains(&format!("shows the first {}", REPORT_TOP)));
}
