//! Issue #24: the README is the front door, and what it says must work. Its fenced `sh`
//! blocks run here, in order, in one temporary folder, with the real binary as `tracker`
//! and the simulated Scavio API behind `SCAVIO_BASE_URL` (so `tracker fetch` runs as it would
//! with a key). `cargo run --release -- ARGS` runs as `tracker ARGS`; `cargo test` is this
//! very run. A block that cannot run here (an install, a download) is marked in the README
//! with `<!-- readme-test: skip (why) -->` on the line before it, and the skip is printed.

use std::path::{Path, PathBuf};
use std::process::Command;
use tracker::sim::{SimOptions, SimServer};

const README: &str = include_str!("../README.md");
const SKIP: &str = "<!-- readme-test: skip";

/// A fenced block: its language and body, and whether the README marks it as skipped.
struct Block {
    lang: String,
    body: String,
    skip: Option<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    let mut previous = "";
    while let Some(line) = lines.next() {
        if let Some(lang) = line.strip_prefix("```") {
            let mut body = String::new();
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            let skip = previous
                .strip_prefix(SKIP)
                .map(|why| why.trim_end_matches("-->").trim().to_string());
            out.push(Block {
                lang: lang.trim().to_string(),
                body,
                skip,
            });
        }
        previous = line;
    }
    out
}

/// A README line as this test runs it: `cargo run --release -- ARGS` is the binary;
/// `cargo test` is the run already going on.
fn runnable(line: &str) -> String {
    if let Some(args) = line.trim_start().strip_prefix("cargo run --release --") {
        return format!("tracker{args}");
    }
    if line.trim_start().starts_with("cargo test") {
        return ":".to_string();
    }
    line.to_string()
}

fn bin_dir() -> PathBuf {
    let bin = PathBuf::from(assert_cmd::cargo::cargo_bin!("tracker"));
    bin.parent().expect("binary folder").to_path_buf()
}

fn run_block(dir: &Path, base_url: &str, body: &str) -> std::process::Output {
    let script: Vec<String> = body.lines().map(runnable).collect();
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .args(["-e", "-c", &script.join("\n")])
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("SCAVIO_BASE_URL", base_url)
        .env("NO_COLOR", "1")
        .env_remove("SCAVIO_API_KEY")
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB")
        .env_remove("TRACKER_WEBHOOK_URL")
        .output()
        .expect("sh runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_shell_command_in_the_readme_runs() {
    let sim = SimServer::start(SimOptions {
        credits: 10_000,
        ..SimOptions::default()
    })
    .await
    .expect("simulated API");
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut ran, mut skipped) = (0, Vec::new());
    for block in blocks(README).iter().filter(|b| b.lang == "sh") {
        if let Some(why) = &block.skip {
            skipped.push(format!("{} {why}", block.body.trim()));
            continue;
        }
        let base = sim.base_url();
        let body = block.body.clone();
        let path = dir.path().to_path_buf();
        let out = tokio::task::spawn_blocking(move || run_block(&path, &base, &body))
            .await
            .expect("block ran");
        assert!(
            out.status.success(),
            "README block failed ({}):\n{}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            block.body,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 3, "only {ran} README blocks ran");
    assert!(dir.path().join("report.html").is_file(), "the HTML example");
    assert!(
        dir.path().join("tracker.db").is_file(),
        "the real-use fetch"
    );
    for s in &skipped {
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "readme: SKIPPED {s}");
    }
}

#[test]
fn the_quick_start_is_the_two_commands() {
    let quick = README
        .split("## Quick start")
        .nth(1)
        .expect("a Quick start section");
    let first = blocks(quick).into_iter().next().expect("a command block");
    let commands: Vec<&str> = first
        .body
        .lines()
        .map(|l| l.split("  #").next().unwrap_or(l).trim())
        .collect();
    assert_eq!(commands, ["cargo run --release -- demo", "cargo test"]);
}

#[test]
fn the_readme_is_a_front_door_of_at_most_200_lines() {
    let n = README.lines().count();
    assert!(n <= 200, "README.md has {n} lines");
    for needle in ["What it costs", "scavio.dev", "first build", "0 9 * * *"] {
        assert!(README.contains(needle), "README lacks {needle:?}");
    }
}

/// Pages other branches of this round write; they exist once merged.
const PAGES_TO_COME: &[&str] = &[
    "docs/sounds.md",
    "docs/forecast.md",
    "docs/budget.md",
    "docs/network.md",
    "docs/upgrade.md",
];

#[test]
fn every_docs_link_of_the_readme_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let links: Vec<&str> = README
        .split("](")
        .skip(1)
        .filter_map(|s| s.split([')', '#']).next())
        .filter(|l| l.starts_with("docs/"))
        .collect();
    assert!(links.len() >= 10, "{links:?}");
    for link in links {
        assert!(
            root.join(link).is_file() || PAGES_TO_COME.contains(&link),
            "README links to a missing {link}"
        );
    }
}

/// The trends sample in the README is what the demo shows (but for the date, which is the
/// day the sample was made): `scripts/readme-assets` makes it again.
#[test]
fn the_readme_trends_sample_is_the_demo_s() {
    let sample = README
        .split("<!-- readme-assets: trends -->\n```text\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the trends sample between its markers");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.db");
    let tracker = || {
        let mut c = Command::new(assert_cmd::cargo::cargo_bin!("tracker"));
        c.arg("-q")
            .arg("--db")
            .arg(&db)
            .env_remove("TRACKER_CONFIG");
        c
    };
    let demo = tracker()
        .args(["demo", "--days", "30"])
        .output()
        .expect("demo");
    assert!(demo.status.success());
    let trends = tracker().arg("trends").output().expect("trends");
    let now = String::from_utf8(trends.stdout).expect("utf-8");
    let undated = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| match l.strip_prefix("Trends — ") {
                Some(rest) => rest.get(10..).unwrap_or_default().to_string(),
                None => l.to_string(),
            })
            .collect()
    };
    assert_eq!(
        undated(sample),
        undated(&now),
        "README's trends sample is stale: run scripts/readme-assets"
    );
}
