//! How much room a history of real-sized answers takes, measured in one command:
//!
//! ```sh
//! cargo run --release --example storage_bench            # or --example storage_bench -- --tags 20 --days 10
//! ```
//!
//! It generates pages shaped like the TikTok app API's `hashtag/videos` answers (30 items a
//! page; every item with the url lists of its video, bit rates, covers, music and the
//! author's avatars, each url signed with its own random tokens as the CDN signs them; the
//! caption with its `text_extra` markup; share info and status flags: several KB an item)
//! and hashtag-stats answers, stores 20 hashtags × 10 days of them through the real store
//! path (`Store::save_response`, then the parsed sample through `Store::save_snapshot` and
//! `refresh_signals`, as `fetch` does), checkpoints the WAL and prints the database's size
//! against the bytes served. Not a timed test: figures go to docs/benchmarks.md.
//!
//! Flags: `--tags N` (default 20), `--days N` (default 10), `--items N` (per page, default
//! 30), `--keep PATH` (write the database there instead of a temp folder), `--dump DIR`
//! (also write each answer as a file, to try other compressors on them).

#![recursion_limit = "512"]

mod pages;

use chrono::{Days, NaiveDate};
use pages::Tag;
use std::path::PathBuf;
use std::time::Instant;
use tracker::api::payload::{parse_stats, parse_videos};
use tracker::metrics::sample::sample_metrics;
use tracker::model::{Endpoint, Snapshot};
use tracker::refresh::refresh_signals;
use tracker::store::{ResponseRow, Store, codec};

/// Target: the checkpointed database at most this share of the bytes served.
const TARGET: f64 = 0.15;
const FIRST_DAY: &str = "2026-01-01";

struct Opts {
    tags: usize,
    days: usize,
    items: usize,
    keep: Option<PathBuf>,
    dump: Option<PathBuf>,
}

fn main() {
    match parse_args().and_then(|o| run(&o)) {
        Ok(pass) => std::process::exit(if pass { 0 } else { 1 }),
        Err(e) => {
            eprintln!("storage_bench: {e}");
            std::process::exit(2);
        }
    }
}

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        tags: 20,
        days: 10,
        items: 30,
        keep: None,
        dump: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let num = |v: String| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--tags" => o.tags = num(value()?)?.max(1),
            "--days" => o.days = num(value()?)?.max(1),
            "--items" => o.items = num(value()?)?.max(1),
            "--keep" => o.keep = Some(PathBuf::from(value()?)),
            "--dump" => o.dump = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!(
                    "usage: storage_bench [--tags N] [--days N] [--items N] [--keep DB] [--dump DIR]"
                );
                std::process::exit(0);
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(o)
}

fn run(o: &Opts) -> Result<bool, String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = o
        .keep
        .clone()
        .unwrap_or_else(|| tmp.path().join("tracker.db"));
    for f in [
        db.clone(),
        db.with_extension("db-wal"),
        db.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(f);
    }
    if let Some(dir) = &o.dump {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let err = |e: anyhow::Error| format!("{e:#}");
    let mut store = Store::open(&db).map_err(err)?;
    let first: NaiveDate = FIRST_DAY.parse().map_err(|e| format!("{e}"))?;
    let tags: Vec<Tag> = (0..o.tags).map(|i| Tag::new(i, o.items)).collect();
    let (mut served, mut answers, mut videos_served) = (0u64, 0u64, 0u64);
    let started = Instant::now();
    for day in 0..o.days {
        let date = first + Days::new(day as u64);
        let run_id = store.begin_run(date).map_err(err)?;
        store.begin_batch().map_err(err)?;
        for tag in &tags {
            let stats = tag.stats_page(day);
            let page = tag.videos_page(day);
            served += (stats.len() + page.len()) as u64;
            videos_served += page.len() as u64;
            answers += 2;
            if let Some(dir) = &o.dump {
                for (name, body) in [("stats", &stats), ("videos", &page)] {
                    let f = dir.join(format!("{}-{day:02}-{name}.json", tag.name));
                    std::fs::write(f, body).map_err(|e| e.to_string())?;
                }
            }
            let parsed_stats = parse_stats(&stats).map_err(|e| e.to_string())?;
            let sample = parse_videos(&page).map_err(|e| e.to_string())?;
            for (endpoint, body) in [(Endpoint::Stats, &stats), (Endpoint::Videos, &page)] {
                store
                    .save_response(&ResponseRow {
                        date,
                        hashtag: &tag.name,
                        endpoint,
                        page: 0,
                        run_id,
                        status: 200,
                        body,
                        parse_error: None,
                    })
                    .map_err(err)?;
            }
            let snapshot = Snapshot {
                date,
                hashtag: tag.name.clone(),
                fetched_at: format!("{date}T06:00:00Z"),
                video_count: parsed_stats.video_count,
                view_count: parsed_stats.view_count,
                video_precision: parsed_stats.precision.videos,
                view_precision: parsed_stats.precision.views,
                metrics: sample_metrics(&sample.videos),
                credits_remaining: parsed_stats.credits_remaining,
            };
            store
                .save_snapshot(&snapshot, &sample.videos, run_id)
                .map_err(err)?;
            refresh_signals(&store, &tag.name, date).map_err(err)?;
        }
        store.commit_batch().map_err(err)?;
    }
    let elapsed = started.elapsed();
    // Every answer back through the reader `tracker raw` uses, compared with what was
    // served; and the codec alone on each videos page, for its share of the store time.
    let (mut identical, mut encode_time, mut decode_time) = (0u64, 0f64, 0f64);
    for day in 0..o.days {
        let date = first + Days::new(day as u64);
        for tag in &tags {
            for (endpoint, body) in [
                (Endpoint::Stats, tag.stats_page(day)),
                (Endpoint::Videos, tag.videos_page(day)),
            ] {
                let back = store
                    .raw_response(&tag.name, endpoint, Some(date), 0)
                    .map_err(err)?;
                identical += u64::from(back.is_some_and(|a| a.body == body));
                if endpoint == Endpoint::Videos {
                    let t = Instant::now();
                    let stored = codec::encode(&body).map_err(|e| e.to_string())?;
                    encode_time += t.elapsed().as_secs_f64();
                    let t = Instant::now();
                    codec::decode(&stored).map_err(|e| e.to_string())?;
                    decode_time += t.elapsed().as_secs_f64();
                }
            }
        }
    }
    drop(store);
    let conn = rusqlite::Connection::open(&db).map_err(|e| e.to_string())?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(|e| e.to_string())?;
    let table_bytes = |table: &str| -> u64 {
        conn.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n as u64)
        .unwrap_or(0)
    };
    let body_bytes: i64 = conn
        .query_row(
            "SELECT coalesce(sum(length(body)), 0) FROM responses",
            [],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    let responses = table_bytes("responses") + table_bytes("sqlite_autoindex_responses_1");
    let videos = table_bytes("videos") + table_bytes("sqlite_autoindex_videos_1");
    drop(conn);
    let db_bytes = std::fs::metadata(&db).map_err(|e| e.to_string())?.len();
    let wal = std::fs::metadata(db.with_extension("db-wal")).map_or(0, |m| m.len());
    let hashtag_days = (o.tags * o.days) as f64;
    let share = (db_bytes + wal) as f64 / served as f64;
    let pass = share <= TARGET;
    let kib = |n: u64| format!("{:.1} KiB", n as f64 / 1024.0);
    println!(
        "| {} hashtags × {} days, {} items a page ({} answers) | |",
        o.tags, o.days, o.items, answers
    );
    println!("|---|---|");
    println!(
        "| bytes served | {} ({} a hashtag-day; videos pages {} each) |",
        kib(served),
        kib((served as f64 / hashtag_days) as u64),
        kib((videos_served as f64 / hashtag_days) as u64)
    );
    println!(
        "| database, checkpointed | {} ({} a hashtag-day; WAL {wal} B) |",
        kib(db_bytes),
        kib(((db_bytes + wal) as f64 / hashtag_days) as u64)
    );
    println!(
        "| of which responses table | {} (bodies as stored: {}) |",
        kib(responses),
        kib(body_bytes as u64)
    );
    println!("| of which videos table | {} |", kib(videos));
    println!(
        "| database / served | {:.1}% (target ≤ {:.0}%: {}) |",
        share * 100.0,
        TARGET * 100.0,
        if pass { "pass" } else { "FAIL" }
    );
    println!(
        "| store time (save_response + parse + save_snapshot + signals) | {:.0} ms ({:.2} ms a hashtag-day) |",
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e3 / hashtag_days
    );
    println!(
        "| of which compressing a videos page (zstd level {}) | {:.2} ms a page ({:.0} MB/s); decompressing {:.2} ms |",
        codec::LEVEL,
        encode_time * 1e3 / hashtag_days,
        videos_served as f64 / encode_time / 1e6,
        decode_time * 1e3 / hashtag_days
    );
    println!("| answers read back identical (`Store::raw_response`) | {identical} of {answers} |");
    Ok(pass && identical == answers)
}
