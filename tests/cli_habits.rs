//! Issue: a tool that fits a person's habits and a server's. Setup, tags editing,
//! completions, man page, quiet mode, closed pipes, platform folders and export.

mod common;

use assert_cmd::Command;
use common::{Env, KEY, STATS, VIDEOS};
use serde_json::{Value, json};
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The binary in `dir` with no config or database given, and platform folders inside `dir`.
fn bare(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("tracker").unwrap();
    c.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("NO_COLOR", "1")
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB")
        .env_remove("SCAVIO_API_KEY")
        .env_remove("SCAVIO_BASE_URL");
    c
}

async fn serve(server: &MockServer, videos: u64) {
    common::reset(server).await;
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(common::stats_answer(
            json!({"video_count": videos, "view_count": videos * 9, "credits_remaining": 77}),
        ))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(VIDEOS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"videos": [
            {"id": "1", "desc": "a, \"quoted\"\ndescription", "author": {"uniqueId": "amy"},
             "stats": {"playCount": 1000, "diggCount": 70, "commentCount": 7, "shareCount": 3}},
            {"id": "2", "author": {"uniqueId": "bob"},
             "stats": {"playCount": 3000, "diggCount": 30, "commentCount": 3, "shareCount": 9}}
        ]})))
        .mount(server)
        .await;
}

#[test]
fn init_then_tags_add_remove_keep_comments() {
    let dir = tempfile::tempdir().unwrap();
    bare(dir.path()).arg("init").assert().success();
    let file = dir.path().join("hashtags.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    assert!(original.contains("# Hashtags to fetch every day"));
    // Refuses to overwrite.
    let out = bare(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);

    bare(dir.path())
        .args(["tags", "add", "#Cursor", "vibecoding", "llm"])
        .assert()
        .success();
    let list = bare(dir.path()).args(["tags", "list"]).output().unwrap();
    assert_eq!(
        String::from_utf8(list.stdout).unwrap(),
        "aitools\nllm\ncursor\nvibecoding\n"
    );
    bare(dir.path())
        .args(["tags", "remove", "llm"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("# Hashtags to fetch every day"), "{text}");
    assert!(text.contains("# timeout_secs = 30"), "{text}");
    let list = bare(dir.path()).args(["tags", "list"]).output().unwrap();
    assert_eq!(
        String::from_utf8(list.stdout).unwrap(),
        "aitools\ncursor\nvibecoding\n"
    );
    // Bad input is refused and the file is left alone.
    let before = std::fs::read_to_string(&file).unwrap();
    let out = bare(dir.path())
        .args(["tags", "add", "two words"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("two words"));
    let out = bare(dir.path())
        .args(["tags", "remove", "absent"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn config_is_found_in_the_platform_config_folder() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("xdg-config").join("tracker");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("hashtags.toml"), "hashtags = [\"fromxdg\"]\n").unwrap();
    let out = bare(dir.path()).args(["tags", "list"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "fromxdg\n");
    // The current folder wins over the platform folder.
    std::fs::write(dir.path().join("hashtags.toml"), "hashtags = [\"local\"]\n").unwrap();
    let out = bare(dir.path()).args(["tags", "list"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "local\n");
}

#[test]
fn completions_for_each_shell_and_a_man_page() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = bare(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        for sub in ["fetch", "report", "trends", "history", "export"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let man = bare(dir.path()).arg("man").output().unwrap();
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(
        man.contains(".TH tracker") && man.contains("fetch"),
        "{man}"
    );
    // Help documents the exit codes.
    let help = bare(dir.path()).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("Exit codes") && help.contains("3  fetch: some hashtags failed"));
}

#[tokio::test(flavor = "multi_thread")]
async fn quiet_cron_runs_closed_pipes_doctor_and_export() {
    let server = common::server().await;
    let env = Env::new(&server.uri(), &["alpha", "beta"], "", "");
    for (i, day) in ["2026-06-01", "2026-06-02", "2026-06-03"]
        .iter()
        .enumerate()
    {
        serve(&server, 1000 + 100 * i as u64).await;
        let out = env
            .cmd()
            .args(["-q", "fetch", "--date", day])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(out.stdout.is_empty(), "-q prints only errors");
        assert!(out.stderr.is_empty(), "-q prints only errors");
    }
    // Without -q the summary goes to stdout, nothing to stderr (but the warning that a
    // past --date gets today's counts).
    let out = env
        .cmd()
        .args(["fetch", "--date", "2026-06-03"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("already stored"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines().all(|l| l.starts_with("warning: --backdate")),
        "{err}"
    );
    // -v logs go to stderr, never with the key.
    serve(&server, 5000).await;
    let out = env
        .cmd()
        .args(["-vv", "fetch", "--date", "2026-06-04"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("request"), "{err}");
    assert!(!err.contains(KEY));

    // A closed pipe is not an error.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tracker"))
        .arg("--db")
        .arg(&env.db)
        .args(["export", "--format", "ndjson"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "exit {status:?}: {err}");
    assert!(err.is_empty(), "{err}");

    // doctor: files in use, whether the key is set (never its value), what the db holds.
    let out = env.cmd().arg("doctor").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("SCAVIO_API_KEY: set") && !text.contains(KEY),
        "{text}"
    );
    assert!(
        text.contains("snapshots:      2 hashtags, 8 snapshots, 2026-06-01 to 2026-06-04"),
        "{text}"
    );
    assert!(text.contains("integrity:      ok"), "{text}");

    // export round-trips every stored figure: CSV, JSON and NDJSON agree with the reports.
    let csv_path = env.dir.path().join("all.csv");
    env.cmd()
        .args(["export", "--format", "csv", "--output"])
        .arg(&csv_path)
        .assert()
        .success();
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(rows.len(), 8);
    let json_rows = env.json(&["export", "--format", "json"]);
    assert_eq!(json_rows.as_array().unwrap().len(), 8);
    let nd = env
        .cmd()
        .args(["export", "--format", "ndjson"])
        .output()
        .unwrap();
    let nd: Vec<Value> = String::from_utf8(nd.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&nd, json_rows.as_array().unwrap());
    for (record, exported) in rows.iter().zip(json_rows.as_array().unwrap()) {
        let field = |name: &str| {
            let i = headers.iter().position(|h| h == name).unwrap();
            record.get(i).unwrap().to_string()
        };
        let date = field("date");
        let tag = field("hashtag");
        let report = env.json(&["report", "--date", &date, "--format", "json"]);
        let r = report["hashtags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["hashtag"] == tag.as_str())
            .unwrap()
            .clone();
        for key in [
            "video_count",
            "view_count",
            "sample_size",
            "plays",
            "likes",
            "comments",
            "shares",
        ] {
            assert_eq!(field(key), r[key].to_string(), "{date} {tag} {key}");
            assert_eq!(exported[key], r[key], "{date} {tag} {key}");
        }
        for key in ["engagement_rate", "virality"] {
            let v: f64 = field(key).parse().unwrap();
            assert_eq!(
                v,
                r[key].as_f64().unwrap(),
                "{date} {tag} {key}: full precision"
            );
            assert_eq!(exported[key], r[key]);
        }
        assert_eq!(field("top_creators"), "amy:1;bob:1");
        assert_eq!(field("credits_remaining"), "77");
    }
    // Filters.
    let some = env.json(&[
        "export",
        "--format",
        "json",
        "--since",
        "2026-06-02",
        "--until",
        "2026-06-03",
        "--tag",
        "#Beta",
    ]);
    let some = some.as_array().unwrap();
    assert_eq!(some.len(), 2);
    assert!(some.iter().all(|r| r["hashtag"] == "beta"));
}
