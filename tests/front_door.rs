//! Issue #24, part 5: the frictions a new user met on the way in, one test each, through
//! the real binary. And part 4: the demo shows the product once, and every read says when
//! the data is simulated.

use assert_cmd::Command;
use std::path::Path;
use std::sync::OnceLock;

/// The binary in `dir` with no config or database given, and platform folders inside `dir`.
fn bare(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("tracker").expect("binary");
    c.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("NO_COLOR", "1")
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB")
        .env_remove("SCAVIO_API_KEY")
        .env_remove("SCAVIO_BASE_URL")
        .env_remove("RUST_LOG");
    c
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A 30-day demo database, made once: (its folder, its path, the demo's stdout).
fn demo() -> &'static (tempfile::TempDir, std::path::PathBuf, String) {
    static DEMO: OnceLock<(tempfile::TempDir, std::path::PathBuf, String)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("demo.db");
        let out = bare(dir.path())
            .arg("--db")
            .arg(&db)
            .args(["demo", "--days", "30"])
            .output()
            .expect("demo");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        (dir, db, stdout)
    })
}

fn on_demo(args: &[&str]) -> std::process::Output {
    let (dir, db, _) = demo();
    bare(dir.path())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn the_demo_shows_the_breakout_discover_and_the_alert_it_would_post() {
    let (_, _, out) = demo();
    assert!(out.contains("BREAKOUT"), "{out}");
    assert!(out.contains("Rising co-hashtags"), "{out}");
    assert!(
        out.contains("Alert that would have been posted (printed, not sent")
            && out.contains("#vibecoding breakout"),
        "{out}"
    );
}

#[test]
fn every_read_command_says_the_data_is_simulated() {
    for args in [
        &["report"][..],
        &["trends"],
        &["history", "vibecoding"],
        &["videos", "vibecoding"],
        &["discover"],
        &["costs"],
        &["export"],
    ] {
        let out = on_demo(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("simulated data"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let json = on_demo(&["report", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["simulated"], true);
}

#[test]
fn the_html_page_says_the_data_is_simulated() {
    let out = on_demo(&["report", "--format", "html"]);
    let html = text(&out.stdout);
    assert!(html.contains("class=\"simulated\""), "no banner");
    assert!(html.contains("not real TikTok counts"));
}

#[test]
fn costs_group_the_demo_by_snapshot_day() {
    let out = on_demo(&["costs", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let days = v["days"].as_array().expect("days");
    assert_eq!(days.len(), 30, "one row per simulated day");
    assert!(days.iter().all(|d| d["requests"] == 12), "{days:?}");
}

#[test]
fn costs_on_an_empty_database_cost_zero_not_minus_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("empty.db");
    tracker::store::Store::open(&db).expect("a new database");
    let out = bare(dir.path())
        .arg("--db")
        .arg(&db)
        .arg("costs")
        .output()
        .expect("costs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("$0.000") && !s.contains("-0.000"), "{s}");
}

#[test]
fn costs_at_80_columns_keep_cost_and_collapse_identical_columns() {
    use tracker::render::{Color, DataFormat, Width, render};
    let (_, db, _) = demo();
    let store = tracker::store::Store::open_existing(db).expect("open");
    let view = tracker::views::build_costs(&store).expect("view");
    let table =
        text(&render(&view, DataFormat::Table, Color::Never, Width::Fit(80)).expect("table"));
    assert!(table.contains("Cost (USD)"), "{table}");
    assert!(table.contains("Requests = credits"), "{table}");
    assert!(
        !table.contains(" Paid ") && !table.contains(" Credits "),
        "{table}"
    );
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    // Scripts keep every column.
    let csv = text(&render(&view, DataFormat::Csv, Color::Never, Width::Full).expect("csv"));
    assert!(csv.starts_with(
        "per,period,runs,requests,paid_requests,credits_used,balance_after,possibly_charged,cost_usd\n"
    ));
}

#[test]
fn tags_add_leaves_no_lock_file_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("hashtags.toml"), "hashtags = [\"a\"]\n").expect("config");
    bare(dir.path())
        .args(["tags", "add", "b"])
        .assert()
        .success();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(names, ["hashtags.toml"]);
}

#[test]
fn a_toml_error_under_report_is_reported_as_a_config_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("hashtags.toml"), "hashtags = [\n").expect("config");
    let out = bare(dir.path()).arg("report").output().expect("report");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: invalid config file"), "{err}");
    assert!(!err.contains("cannot tell which database"), "{err}");
}

#[test]
fn doctor_prints_a_config_error_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("hashtags.toml"), "hashtags = [\n").expect("config");
    let out = bare(dir.path()).arg("doctor").output().expect("doctor");
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert_eq!(s.matches("TOML parse error").count(), 1, "{s}");
    assert!(
        s.contains("database:       unknown (fix the config above"),
        "{s}"
    );
}

#[test]
fn with_no_config_the_database_fallback_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fallback = dir
        .path()
        .join("xdg-data")
        .join("tracker")
        .join("tracker.db");
    let out = bare(dir.path()).arg("report").output().expect("report");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(&fallback.display().to_string()), "{err}");
    let doctor = text(
        &bare(dir.path())
            .arg("doctor")
            .output()
            .expect("doctor")
            .stdout,
    );
    assert!(doctor.contains(&fallback.display().to_string()), "{doctor}");
}

#[test]
fn doctor_reads_plainly_with_aligned_labels_and_absolute_paths() {
    let (dir, _, _) = demo();
    let out = bare(dir.path())
        .args(["--db", "demo.db", "doctor"])
        .output()
        .expect("doctor");
    let s = text(&out.stdout);
    assert!(
        s.contains("snapshots:      6 hashtags, 180 snapshots, "),
        "{s}"
    );
    let abs = dir.path().join("demo.db").display().to_string();
    assert!(s.contains(&format!("database:       {abs} (")), "{s}");
    // Every value starts in one column.
    for line in s.lines() {
        assert!(
            line[..16].trim_end().ends_with(':') && !line[16..].starts_with(' '),
            "{line:?} in\n{s}"
        );
    }
    let empty_db = dir.path().join("empty.db");
    tracker::store::Store::open(&empty_db).expect("a new database");
    let s = text(
        &bare(dir.path())
            .arg("--db")
            .arg(&empty_db)
            .arg("doctor")
            .output()
            .expect("doctor")
            .stdout,
    );
    assert!(s.contains("snapshots:      none yet"), "{s}");
    assert!(!s.contains("0 of 0") && !s.contains("- to -"), "{s}");
}

#[test]
fn help_shows_env_names_without_an_empty_value_and_aligns_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = bare(dir.path()).arg("--help").output().expect("help");
    let s = text(&out.stdout);
    assert!(!s.contains("=]"), "{s}");
    assert!(s.contains("[env:") && s.contains("TRACKER_CONFIG]"), "{s}");
    let env: Vec<&str> = s
        .split("Environment:\n")
        .nth(1)
        .expect("an Environment block")
        .lines()
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(env.len() >= 5, "{env:?}");
    // Where the text after the variable's name starts.
    let column = |l: &str| {
        let name_end = 2 + l[2..].find(' ').expect("name and text");
        name_end + l[name_end..].len() - l[name_end..].trim_start().len()
    };
    let starts: Vec<usize> = env.iter().map(|l| column(l)).collect();
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{env:?}");
}

#[test]
fn an_unreachable_api_says_one_short_line_and_the_detail_under_v() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("hashtags.toml"),
        format!("hashtags = [\"a\", \"b\"]\n[api]\nbase_url = \"{url}\"\nmax_retries = 0\n"),
    )
    .expect("config");
    let fetch = |verbose: bool| {
        let mut c = bare(dir.path());
        c.env("SCAVIO_API_KEY", "sk-test");
        if verbose {
            c.arg("-v");
        }
        c.arg("fetch").output().expect("fetch")
    };
    let out = fetch(false);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("([api] base_url in 'hashtags.toml')"), "{err}");
    assert!(err.contains("Connection refused"), "{err}");
    assert!(
        !err.contains("error sending request"),
        "the chain is for -v: {err}"
    );
    assert!(err.contains("-v shows the detail"), "{err}");
    let detail = text(&fetch(true).stderr);
    assert!(detail.contains("error sending request"), "{detail}");
}
