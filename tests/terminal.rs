//! Issue: what an analyst sees in an 80-column terminal. The read commands of a 14-day demo
//! database run under a real pseudo-terminal (util-linux `script`), with and without
//! `NO_COLOR`: no line is wider than the terminal, no row is split over lines, and colour
//! never changes the layout. Piped, the same tables keep their full width.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn bin() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("tracker"))
}

/// A 14-day demo database, made once for every test here.
fn demo_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, db) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("demo.db");
        let out = Command::new(bin())
            .args(["-q", "--db"])
            .arg(&db)
            .args(["demo", "--days", "14"])
            .env_remove("TRACKER_CONFIG")
            .output()
            .expect("run demo");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (dir, db)
    });
    db
}

/// The read commands the issue names, as arguments after `--db DB`.
const COMMANDS: &[&[&str]] = &[
    &["report"],
    &["trends"],
    &["history", "vibecoding"],
    &["videos", "vibecoding"],
    &["costs"],
];

/// Single-quoted for `sh`.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// stdout of `tracker --db DB ARGS` run under a pseudo-terminal `columns` wide.
fn in_terminal(args: &[&str], columns: u16, no_color: bool) -> String {
    let db = demo_db();
    let mut line = vec![quote(&bin().to_string_lossy()), "--db".into()];
    line.push(quote(&db.to_string_lossy()));
    line.extend(args.iter().map(|a| quote(a)));
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c", &line.join(" "), "/dev/null"])
        .env("COLUMNS", columns.to_string())
        .env("TERM", "xterm")
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB");
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let out = cmd
        .output()
        .expect("util-linux `script` runs a command under a pseudo-terminal");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .replace("\r\n", "\n")
}

/// stdout of `tracker --db DB ARGS` into a pipe, with `COLUMNS` set all the same.
fn piped(args: &[&str]) -> String {
    let out = Command::new(bin())
        .arg("--db")
        .arg(demo_db())
        .args(args)
        .env("COLUMNS", "80")
        .env_remove("TRACKER_CONFIG")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `s` without ANSI colour sequences (`ESC [ … m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The widest line, in terminal cells (every character here is one cell wide but the
/// sparkline's, which are too).
fn widest(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn tables_fit_an_80_column_terminal_with_and_without_colour() {
    for args in COMMANDS {
        for no_color in [false, true] {
            let out = strip_ansi(&in_terminal(args, 80, no_color));
            assert!(widest(&out) <= 80, "{args:?} NO_COLOR={no_color}:\n{out}");
        }
    }
}

#[test]
fn no_row_is_split_over_lines() {
    for args in COMMANDS {
        // The terminal shows stderr too: the "simulated data" note is not a row.
        let fitted: String = strip_ansi(&in_terminal(args, 80, true))
            .lines()
            .filter(|l| !l.starts_with("note: "))
            .map(|l| format!("{l}\n"))
            .collect();
        let full = piped(args);
        // The same rows, one line each: at most the hidden-columns line and a wrapped note more.
        let (f, w) = (fitted.lines().count(), full.lines().count());
        assert!(
            f <= w + 2,
            "{args:?}: {f} lines against {w} full:\n{fitted}"
        );
        assert!(f >= w, "{args:?}: rows lost:\n{fitted}");
    }
}

#[test]
fn no_color_changes_colour_only() {
    for args in COMMANDS {
        let coloured = in_terminal(args, 80, false);
        let plain = in_terminal(args, 80, true);
        assert!(!plain.contains('\u{1b}'), "{args:?}: colour with NO_COLOR");
        assert_eq!(strip_ansi(&coloured), plain, "{args:?}");
    }
    assert!(in_terminal(&["trends"], 80, false).contains('\u{1b}'));
}

#[test]
fn hidden_columns_are_named_and_wide_shows_them() {
    let out = in_terminal(&["report"], 80, true);
    let note = out
        .lines()
        .find(|l| l.contains("hidden"))
        .unwrap_or_else(|| panic!("no hidden-columns line:\n{out}"));
    assert!(note.contains("--wide"), "{note}");
    assert!(note.contains("Sample"), "{note}");
    let wide = in_terminal(&["--wide", "report"], 80, true);
    assert!(widest(&wide) > 80, "{wide}");
    assert!(!wide.contains("hidden"), "{wide}");
    assert!(
        wide.contains("Sample") && wide.contains("Shares/video"),
        "{wide}"
    );
}

#[test]
fn a_wider_terminal_shows_more() {
    let narrow = in_terminal(&["trends"], 80, true);
    let wide = in_terminal(&["trends"], 160, true);
    assert!(widest(&wide) <= 160 && widest(&wide) > 80, "{wide}");
    assert!(!wide.contains("hidden") && narrow.contains("hidden"));
}

#[test]
fn piped_tables_keep_their_full_width() {
    let out = piped(&["report"]);
    assert!(widest(&out) > 80, "{out}");
    assert!(!out.contains("hidden"), "{out}");
    assert!(!out.contains('…'), "{out}");
}

#[test]
fn long_text_is_shortened_not_wrapped() {
    let out = in_terminal(&["report"], 72, true);
    assert!(widest(&out) <= 72, "{out}");
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with(" #")).collect();
    assert_eq!(rows.len(), 6, "{out}");
    assert!(rows.iter().any(|r| r.ends_with('…')), "{out}");
}
