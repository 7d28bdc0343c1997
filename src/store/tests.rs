use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn snap(date: &str, tag: &str, videos: u64) -> Snapshot {
    Snapshot {
        date: d(date),
        hashtag: tag.into(),
        fetched_at: now(),
        video_count: Some(videos),
        view_count: videos * 10,
        metrics: SampleMetrics {
            sample_size: 1,
            top_creators: vec![Creator {
                username: "a".into(),
                videos: 1,
            }],
            ..SampleMetrics::default()
        },
        credits_remaining: Some(5),
    }
}

#[test]
fn snapshot_round_trip_and_previous() {
    let mut s = Store::open_in_memory().unwrap();
    let run = s.begin_run(d("2026-01-02")).unwrap();
    let v = Video {
        id: "1".into(),
        author: "a".into(),
        plays: 3,
        ..Video::default()
    };
    s.save_snapshot(&snap("2026-01-01", "x", 100), &[], run)
        .unwrap();
    s.save_snapshot(&snap("2026-01-03", "x", 120), std::slice::from_ref(&v), run)
        .unwrap();
    s.save_snapshot(&snap("2026-01-03", "x", 130), std::slice::from_ref(&v), run)
        .unwrap();
    assert_eq!(s.latest_date().unwrap(), Some(d("2026-01-03")));
    let today = s
        .snapshots_between("x", d("2026-01-03"), d("2026-01-03"))
        .unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!(today[0], snap_with_time(&today[0], "2026-01-03", "x", 130));
    let prev = s.previous_snapshot("x", d("2026-01-03")).unwrap().unwrap();
    assert_eq!(prev.date, d("2026-01-01"));
    assert_eq!(s.videos(d("2026-01-03"), "x").unwrap(), vec![v]);
    assert_eq!(
        s.series("x", d("2026-01-01"), d("2026-01-31"))
            .unwrap()
            .len(),
        2
    );
}

fn snap_with_time(got: &Snapshot, date: &str, tag: &str, videos: u64) -> Snapshot {
    Snapshot {
        fetched_at: got.fetched_at.clone(),
        ..snap(date, tag, videos)
    }
}

#[test]
fn responses_resume_and_costs() {
    let mut s = Store::open_in_memory().unwrap();
    let date = d("2026-02-01");
    let run = s.begin_run(date).unwrap();
    let row = |endpoint, err| ResponseRow {
        date,
        hashtag: "x",
        endpoint,
        page: 0,
        run_id: run,
        status: 200,
        body: b"{}",
        parse_error: err,
    };
    s.save_response(&row(Endpoint::Stats, None)).unwrap();
    s.save_response(&row(Endpoint::Videos, Some("bad")))
        .unwrap();
    let good = s.good_responses(date).unwrap();
    assert_eq!(good.len(), 1);
    assert!(good.contains_key(&("x".to_string(), Endpoint::Stats, 0)));
    // Each page of videos is its own stored answer.
    for page in [0, 1] {
        s.save_response(&ResponseRow {
            page,
            ..row(Endpoint::Videos, None)
        })
        .unwrap();
    }
    let good = s.good_responses(date).unwrap();
    assert_eq!(good.len(), 3);
    assert!(good.contains_key(&("x".to_string(), Endpoint::Videos, 1)));
    for status in [Some(200), Some(500)] {
        s.log_request(&RequestRow {
            run_id: run,
            date,
            hashtag: "x",
            endpoint: Endpoint::Stats,
            attempt: 1,
            status,
            error: None,
            elapsed_ms: 3,
            cost_usd: if status == Some(200) { 0.005 } else { 0.0 },
            credits_remaining: None,
        })
        .unwrap();
    }
    let costs = s.costs(false).unwrap();
    assert_eq!(costs.len(), 1);
    assert_eq!((costs[0].requests, costs[0].paid_requests), (2, 1));
    assert!((costs[0].cost_usd - 0.005).abs() < 1e-12);
    s.discard_run(run).unwrap();
    assert!(s.good_responses(date).unwrap().is_empty());
    assert!(s.costs(true).unwrap().is_empty());
}

#[test]
fn a_run_left_running_by_a_dead_process_is_closed_as_interrupted() {
    let s = Store::open_in_memory().unwrap();
    let dead = s.begin_run(d("2026-01-01")).unwrap();
    let live = s.begin_run(d("2026-01-02")).unwrap();
    let status = |id: i64| -> (String, Option<String>) {
        s.conn_for_tests()
            .query_row(
                "SELECT status, finished_at FROM runs WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (st, finished) = status(dead);
    assert_eq!(st, "interrupted");
    assert!(finished.is_some());
    assert_eq!(status(live).0, "running");
}

#[test]
fn a_reader_opens_read_only_and_reports_a_pending_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let s = Store::open(&path).unwrap();
    let known = migrations::MIGRATIONS.len() as i64;
    s.conn_for_tests()
        .pragma_update(None, "user_version", known - 1)
        .unwrap();
    drop(s);
    let r = Store::open_existing(&path).unwrap();
    assert_eq!(
        r.pending_migration(),
        Some(PendingMigration {
            have: known - 1,
            want: known
        })
    );
    // Read-only: neither a write nor a migration happens through it.
    assert!(r.begin_run(d("2026-01-01")).is_err());
    drop(r);
    let v: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, known - 1);
}

#[test]
fn only_a_plain_file_path_is_a_database() {
    for bad in [
        "",
        "  ",
        ":memory:",
        "file:x.db",
        "File:x.db?mode=memory",
        "dir/",
    ] {
        let err = check_db_path(Path::new(bad)).unwrap_err().to_string();
        assert!(err.contains("plain file path"), "{bad:?}: {err}");
    }
    for good in ["tracker.db", "./data/t.db", "/tmp/x/file:y.db", "memory.db"] {
        check_db_path(Path::new(good)).unwrap();
    }
}
