//! End to end: the demo's database rendered as the HTML report by the real binary, checked
//! as text (one chart per hashtag, the breakout highlighted, nothing loaded or run), then
//! rendered by headless Chromium to prove a real browser draws it.
//!
//! Chromium is required on CI (`CI` set): `.ci/run` must install it. Elsewhere the
//! browser step is skipped with a note when no Chromium is installed.

use assert_cmd::Command;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Where a Chromium-family browser may be (`CHROMIUM` overrides): Debian's package first.
const BROWSERS: &[&str] = &[
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
];

fn browser() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(p.into());
    }
    BROWSERS
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
}
/// The browser to render with; `None` (skip, said on stderr) only outside CI: on CI
/// (`CI` set) a missing browser fails the test instead of passing unseen.
fn browser_or_skip(
    found: Option<std::path::PathBuf>,
    ci: bool,
) -> Result<Option<std::path::PathBuf>, String> {
    match found {
        Some(b) => Ok(Some(b)),
        None if ci => Err("no Chromium on CI: .ci/run must install chromium \
             (apt-get install -y chromium) so the HTML report is rendered by a real browser"
            .to_string()),
        None => Ok(None),
    }
}

#[test]
fn a_missing_browser_fails_on_ci_and_is_skipped_elsewhere() {
    let chromium = std::path::PathBuf::from("/usr/bin/chromium");
    assert_eq!(
        browser_or_skip(Some(chromium.clone()), true),
        Ok(Some(chromium))
    );
    assert_eq!(browser_or_skip(None, false), Ok(None));
    assert!(browser_or_skip(None, true).is_err());
}

/// Headless Chromium normally finishes in a few seconds; past this it is hung.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);
/// The demo's own list: the page must have a section for each.
use tracker::commands::demo::DEMO_HASHTAGS;

/// The real binary in `dir`, isolated from the caller's environment.
fn tracker(dir: &Path, db: &Path) -> Command {
    let mut c = Command::cargo_bin("tracker").expect("binary");
    c.current_dir(dir)
        .arg("--db")
        .arg(db)
        .env("NO_COLOR", "1")
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB")
        .env_remove("SCAVIO_API_KEY")
        .env_remove("SCAVIO_BASE_URL")
        .env_remove("RUST_LOG");
    c
}

/// The opening tag of the `<section>` whose id is `id`.
fn section_tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let start = html[..at].rfind("<section").expect("id is on a <section>");
    let end = at + html[at..].find('>').expect("tag closes");
    &html[start..=end]
}

#[test]
fn demo_report_as_html() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("d.db");
    let html_path = tmp.path().join("r.html");

    tracker(tmp.path(), &db)
        .args(["demo", "--days", "12"])
        .assert()
        .success();
    tracker(tmp.path(), &db)
        .args(["report", "--format", "html", "--output"])
        .arg(&html_path)
        .assert()
        .success();

    assert!(html_path.exists(), "report not written");
    let html = std::fs::read_to_string(&html_path).expect("read report");
    assert!(html.starts_with("<!doctype html>"));
    assert_eq!(
        html.matches("<svg class=\"chart\"").count(),
        DEMO_HASHTAGS.len(),
        "one chart per hashtag"
    );
    for &tag in DEMO_HASHTAGS {
        let section = section_tag(&html, &format!("tag-{tag}"));
        assert!(section.contains("hashtag"), "{section}");
        assert_eq!(
            section.contains("breakout"),
            tag == "vibecoding",
            "only the demo's breakout is highlighted: {section}"
        );
    }
    assert_eq!(html.matches(">BREAKOUT</span>").count(), 1);
    assert!(!html.to_lowercase().contains("<script"), "page runs code");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "page refers to the network"
    );

    // A desktop window and a phone's: the page must render at both.
    for width in [1280, 420] {
        screenshot(tmp.path(), &html_path, width);
    }
}

/// The width and height a PNG says it is (its IHDR chunk).
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    Some((be(16)?, be(20)?))
}

/// Renders the page with headless Chromium `width` pixels wide and checks a real image of
/// that width came out (`HTML_SCREENSHOTS=DIR` keeps them, to look at).
fn screenshot(dir: &Path, html: &Path, width: u32) {
    let chromium = match browser_or_skip(browser(), std::env::var_os("CI").is_some()) {
        Ok(Some(chromium)) => chromium,
        Ok(None) => {
            // Straight to stderr: libtest captures `eprintln!` of a passing test, and a
            // skip nobody sees reads as a pass.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "html_report: SKIPPED the browser check ({width} px): no Chromium installed \
                 (looked for {BROWSERS:?}; set CHROMIUM=/path)"
            );
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let png = match std::env::var_os("HTML_SCREENSHOTS") {
        Some(keep) => Path::new(&keep).join(format!("report-{width}.png")),
        None => dir.join(format!("r-{width}.png")),
    };
    let profile = dir.join("chromium-profile");
    let log = std::fs::File::create(dir.join("chromium.log")).expect("log file");
    let mut cmd = std::process::Command::new(&chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--window-size={width},2400"))
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--screenshot={}", png.display()))
    .arg(format!("file://{}", html.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(log);
    // Its own process group, so a hung browser can be killed with all its helpers.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().expect("start chromium");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within {BROWSER_TIMEOUT:?}; log:\n{}",
                std::fs::read_to_string(dir.join("chromium.log")).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let log = std::fs::read_to_string(dir.join("chromium.log")).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}):\n{log}");
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("no screenshot ({e}):\n{log}"));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(png_size(&bytes), Some((width, 2400)), "screenshot size");
    assert!(
        bytes.len() > 10 * 1024,
        "screenshot is only {} bytes: the page probably did not render",
        bytes.len()
    );
}
