use super::*;
use crate::store::ResponseRow;
use rusqlite::OptionalExtension;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn save_videos(s: &Store, date: &str, tag: &str, body: &str, parse_error: Option<&str>) {
    s.save_response(&ResponseRow {
        date: d(date),
        hashtag: tag,
        endpoint: Endpoint::Videos,
        page: 0,
        run_id: 1,
        status: 200,
        body: body.as_bytes(),
        parse_error,
    })
    .unwrap();
}

const BODY: &str = r##"{"data": {"aweme_list": [
    {"aweme_id": "1", "desc": "#Glow #skin", "author": {"unique_id": "ana"}},
    {"aweme_id": "2", "desc": "#glow #skin", "author": {"unique_id": "bo"}},
    {"aweme_id": "3", "desc": "#glow", "author": {"unique_id": "bo"}},
    {"aweme_id": "4", "desc": "#glow"}
]}}"##;

#[test]
fn a_day_counts_videos_and_distinct_known_creators_without_the_tracked_tag() {
    let s = Store::open_in_memory().unwrap();
    save_videos(&s, "2026-01-01", "skin", BODY, None);
    refresh(&s, d("2026-01-01"), "skin").unwrap();
    let rows = s.cohashtag_days(d("2026-01-01"), d("2026-01-01")).unwrap();
    assert_eq!(
        rows.len(),
        1,
        "the tracked hashtag is not its own co-hashtag"
    );
    assert_eq!(rows[0].cohashtag, "glow");
    assert_eq!(rows[0].videos, 4);
    assert_eq!(rows[0].authors, ["ana", "bo"]);
    let samples = s
        .cohashtag_samples(d("2026-01-01"), d("2026-01-01"))
        .unwrap();
    assert_eq!(samples[0].videos, 4);
    // Refreshing again replaces, never adds.
    refresh(&s, d("2026-01-01"), "skin").unwrap();
    assert_eq!(
        s.cohashtag_days(d("2026-01-01"), d("2026-01-01")).unwrap(),
        rows
    );
}

#[test]
fn an_unreadable_answer_counts_nothing() {
    let s = Store::open_in_memory().unwrap();
    save_videos(&s, "2026-01-01", "skin", "<html>", Some("not JSON"));
    refresh(&s, d("2026-01-01"), "skin").unwrap();
    assert!(
        s.cohashtag_samples(d("2026-01-01"), d("2026-01-01"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_backfill_fills_history_once_and_again_after_an_interruption() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let s = Store::open(&path).unwrap();
        save_videos(&s, "2026-01-01", "skin", BODY, None);
        save_videos(&s, "2026-01-02", "skin", BODY, None);
        save_videos(&s, "2026-01-02", "hair", "{}", Some("no video list"));
        // As after the migration on a database that already held answers.
        s.conn_for_tests()
            .execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, 'pending')",
                ["cohashtags_backfill"],
            )
            .unwrap();
    }
    let count = |s: &Store| {
        s.cohashtag_samples(d("2026-01-01"), d("2026-01-31"))
            .unwrap()
            .len()
    };
    {
        let mut s = Store::open(&path).unwrap();
        backfill_if_pending(&mut s);
        assert_eq!(count(&s), 2);
        // A later change is not undone by another open: the backfill ran once.
        s.conn_for_tests()
            .execute(
                "DELETE FROM cohashtag_samples WHERE date = '2026-01-01'",
                [],
            )
            .unwrap();
        // An interrupted fill left its flag and part of its rows: the next open redoes it.
        s.conn_for_tests()
            .execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, 'pending')",
                ["cohashtags_backfill"],
            )
            .unwrap();
        s.conn_for_tests()
            .execute("DELETE FROM cohashtags WHERE date = '2026-01-02'", [])
            .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    backfill_if_pending(&mut s);
    assert_eq!(count(&s), 2);
    assert_eq!(
        s.cohashtag_days(d("2026-01-01"), d("2026-01-31"))
            .unwrap()
            .len(),
        2
    );
    let flag: Option<String> = s
        .conn_for_tests()
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            ["cohashtags_backfill"],
            |r| r.get(0),
        )
        .optional()
        .unwrap();
    assert_eq!(flag, None);
}
