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
        video_precision: 0,
        view_precision: 0,
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

/// A database as a tracker before compression left it: the schema up to the migration that
/// introduced compressed bodies, and plain bodies in `responses`.
fn legacy_db(path: &Path, bodies: &[Vec<u8>]) {
    let pos = migrations::MIGRATIONS
        .iter()
        .position(|m| m.contains("raw_encode_after_rowid"))
        .unwrap();
    let conn = Connection::open(path).unwrap();
    for m in &migrations::MIGRATIONS[..pos] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", pos as i64)
        .unwrap();
    for (i, body) in bodies.iter().enumerate() {
        conn.execute(
            "INSERT INTO responses (date, hashtag, endpoint, run_id, fetched_at, status,
             parsed_ok, error, body) VALUES ('2026-03-01', ?1, 'videos', 1, 'x', 200, 1, NULL, ?2)",
            params![format!("t{i}"), body],
        )
        .unwrap();
    }
}

fn legacy_bodies(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| format!("{{\"data\": {{\"aweme_list\": [], \"n\": {i}}}}}").into_bytes())
        .chain([vec![0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3], Vec::new()])
        .collect()
}

fn stored_bodies(conn: &Connection) -> Vec<Vec<u8>> {
    conn.prepare("SELECT body FROM responses ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn legacy_plain_bodies_are_compressed_at_open_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let bodies = legacy_bodies(450);
    legacy_db(&path, &bodies);
    let s = Store::open(&path).unwrap();
    let stored = stored_bodies(s.conn_for_tests());
    assert_eq!(stored.len(), bodies.len());
    for (stored, body) in stored.iter().zip(&bodies) {
        assert!(codec::is_encoded(stored));
        assert_eq!(&codec::decode(stored).unwrap(), body);
    }
    let good = s.good_responses(d("2026-03-01")).unwrap();
    assert_eq!(good[&("t7".to_string(), Endpoint::Videos, 0)], bodies[7]);
    let pending: i64 = s
        .conn_for_tests()
        .query_row(
            "SELECT count(*) FROM meta WHERE key = 'raw_encode_after_rowid'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pending, 0);
}

#[test]
fn an_interrupted_re_encoding_leaves_each_row_old_or_new_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let bodies = legacy_bodies(450);
    legacy_db(&path, &bodies);
    {
        // Schema up to date, then one batch, then the process "dies".
        let mut conn = Connection::open(&path).unwrap();
        migrations::migrate(&mut conn).unwrap();
        let s = Store {
            conn,
            pending: None,
        };
        assert_eq!(s.reencode_batch().unwrap(), Some(200));
        let stored = stored_bodies(s.conn_for_tests());
        let encoded = stored.iter().filter(|b| codec::is_encoded(b)).count();
        // The 200 done, plus the legacy body that merely starts like a frame.
        assert_eq!(encoded, 201);
        for (stored, body) in stored.iter().zip(&bodies) {
            assert_eq!(
                &codec::decode(stored).unwrap_or_else(|_| stored.clone()),
                body
            );
        }
    }
    let s = Store::open(&path).unwrap();
    let stored = stored_bodies(s.conn_for_tests());
    assert!(stored.iter().all(|b| codec::is_encoded(b)));
    let decoded: Vec<Vec<u8>> = stored.iter().map(|b| codec::decode(b).unwrap()).collect();
    assert_eq!(decoded, bodies);
}

#[test]
fn bodies_are_stored_compressed_and_read_back_exactly() {
    let s = Store::open_in_memory().unwrap();
    let date = d("2026-02-01");
    let run = s.begin_run(date).unwrap();
    let body = br#"{"data": {"aweme_list": [{"aweme_id": "1"}]}}"#.repeat(50);
    s.save_response(&ResponseRow {
        date,
        hashtag: "x",
        endpoint: Endpoint::Videos,
        page: 0,
        run_id: run,
        status: 200,
        body: &body,
        parse_error: Some("bad"),
    })
    .unwrap();
    let stored = &stored_bodies(s.conn_for_tests())[0];
    assert!(stored.len() * 10 < body.len());
    let raw = s
        .raw_response("x", Endpoint::Videos, None, 0)
        .unwrap()
        .unwrap();
    assert_eq!(raw.body, body);
    assert_eq!((raw.date, raw.parse_error.as_deref()), (date, Some("bad")));
    assert!(
        s.raw_response("x", Endpoint::Stats, None, 0)
            .unwrap()
            .is_none()
    );
    assert!(
        s.raw_response("x", Endpoint::Videos, Some(d("2026-02-02")), 0)
            .unwrap()
            .is_none()
    );
}

#[test]
fn prune_removes_only_read_answers_of_stored_days_before_the_cutoff() {
    let mut s = Store::open_in_memory().unwrap();
    let run = s.begin_run(d("2026-01-01")).unwrap();
    for (date, tag, parsed, snapshot) in [
        ("2026-01-01", "a", true, true),  // old, read, snapshot: removed
        ("2026-01-01", "b", false, true), // old but unparsed: kept
        ("2026-01-02", "c", true, false), // old, no snapshot that day: kept
        ("2026-01-10", "a", true, true),  // recent: kept
    ] {
        s.save_response(&ResponseRow {
            date: d(date),
            hashtag: tag,
            endpoint: Endpoint::Stats,
            page: 0,
            run_id: run,
            status: 200,
            body: b"{}",
            parse_error: (!parsed).then_some("bad"),
        })
        .unwrap();
        if snapshot {
            s.save_snapshot(&snap(date, tag, 1), &[], run).unwrap();
        }
    }
    let plan = s.prune_plan(d("2026-01-05")).unwrap();
    assert_eq!((plan.answers, plan.kept), (1, 2));
    assert_eq!(plan.first_date, Some(d("2026-01-01")));
    let count = |s: &Store| -> i64 {
        s.conn_for_tests()
            .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&s), 4, "a plan removes nothing");
    assert_eq!(s.prune_raw(d("2026-01-05")).unwrap(), plan);
    assert_eq!(count(&s), 3);
    assert!(
        s.raw_response("a", Endpoint::Stats, Some(d("2026-01-01")), 0)
            .unwrap()
            .is_none()
    );
    assert!(
        s.raw_response("b", Endpoint::Stats, Some(d("2026-01-01")), 0)
            .unwrap()
            .is_some()
    );
}

#[test]
fn a_reader_does_not_wait_for_a_writer_to_compress_old_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    legacy_db(&path, &legacy_bodies(3));
    drop(Store::open(&path).unwrap());
    let writer = Connection::open(&path).unwrap();
    writer
        .execute_batch(
            "INSERT INTO meta (key, value) VALUES ('raw_encode_after_rowid', '0');
             BEGIN IMMEDIATE;",
        )
        .unwrap();
    let started = std::time::Instant::now();
    let s = Store::open(&path).unwrap();
    assert!(
        started.elapsed() < BUSY_TIMEOUT / 2,
        "{:?}",
        started.elapsed()
    );
    let pending: i64 = s
        .conn_for_tests()
        .query_row(
            "SELECT count(*) FROM meta WHERE key = 'raw_encode_after_rowid'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pending, 1, "left for a later open");
    writer.execute_batch("COMMIT").unwrap();
    drop(s);
    drop(Store::open(&path).unwrap());
}

#[test]
fn precisions_are_stored_and_read_back_into_the_series() {
    let mut s = Store::open_in_memory().unwrap();
    let run = s.begin_run(d("2026-01-02")).unwrap();
    let mut rounded = snap("2026-01-02", "x", 1_200_000);
    rounded.video_precision = 50_000;
    rounded.view_precision = 50_000;
    s.save_snapshot(&rounded, &[], run).unwrap();
    let mut unreported = snap("2026-01-03", "x", 0);
    unreported.video_count = None;
    unreported.view_count = 12_000_000;
    s.save_snapshot(&unreported, &[], run).unwrap();
    let series = s.series("x", d("2026-01-01"), d("2026-01-03")).unwrap();
    assert_eq!(
        series,
        vec![
            Point::new(
                d("2026-01-02"),
                Some(Count::rounded(1_200_000, 50_000)),
                Some(Count::rounded(12_000_000, 50_000)),
            ),
            Point::new(d("2026-01-03"), None, Some(Count::exact(12_000_000))),
        ]
    );
    let back = s
        .snapshots_between("x", d("2026-01-02"), d("2026-01-02"))
        .unwrap();
    assert_eq!(back, vec![rounded]);
}
