//! The performance targets, measured in one command:
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench   # or: scripts/bench.sh
//! ```
//!
//! It times the real release binary (`target/release/tracker`, found next to this example's
//! own executable) as a child process, against the crate's own simulated Scavio API
//! ([`tracker::sim::SimServer`]) running in this process on loopback:
//!
//! 1. `tracker fetch --concurrency 16` over 200 hashtags (400 paid requests: one stats call and
//!    one page of videos each, as Scavio's contract has them, plus the free usage check), 50 ms
//!    added per answer: the first day (fresh database, no ids known) and a later day on the same
//!    database, against the bound 400 / 16 × 50 ms + one usage round trip.
//! 2. The seeds' approach on the same mock in the same run: one blocking HTTP/1.1 request
//!    after another, a new TCP connection for each (`Connection: close`).
//! 3. `report --format json` and `trends --format json` (process start included, output to
//!    /dev/null, median of `--runs`) on generated databases: 100 hashtags × 10 days,
//!    100 × 365 and 1,000 × 365.
//! 4. Peak resident memory of `tracker fetch` over 1,000 hashtags (2 ms latency).
//!
//! It prints a markdown table with pass/fail per target and the machine it ran on, and exits
//! with 1 when a target is missed. Progress goes to stderr.
//!
//! Flags: `--runs N` (report/trends repetitions, default 41: the ratios compare ~4 ms figures, so medians need many runs), `--fetch-runs N` (default 5),
//! `--bin PATH` (the tracker binary; also `TRACKER_BIN`), `--work DIR` (keep the generated
//! configs and databases there, for profiling, instead of a temp folder), `--only SECTIONS`
//! (a comma-separated subset of `fetch`, `reports`, `memory`).

use chrono::{Days, NaiveDate};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};
use tracker::model::Endpoint;
use tracker::sim::{Model, SimOptions, SimServer, sim_id};
use tracker::store::Store;

/// Latency the mock adds to every answer for the fetch figures.
const LATENCY: Duration = Duration::from_millis(50);
const FETCH_TAGS: usize = 200;
const CONCURRENCY: usize = 16;
/// Target: fetch wall time within this factor of the ideal bound.
const FETCH_BOUND_FACTOR: f64 = 1.10;
/// Target: fetch at least this many times faster than the sequential baseline.
const SPEEDUP_TARGET: f64 = 15.0;
/// Target: 365 days stored cost at most this factor of 10 days stored.
const HISTORY_FACTOR: f64 = 1.3;
/// Target: report / trends for 1,000 hashtags × a year, process start included.
const READ_LIMIT: Duration = Duration::from_millis(25);
const RSS_TAGS: usize = 1_000;
const RSS_LATENCY: Duration = Duration::from_millis(2);
/// Target: peak resident memory of that fetch, KiB (20 MiB).
const RSS_LIMIT_KIB: u64 = 20 * 1024;
/// The date fetches are labelled with, and the last day of generated histories.
const DATE: &str = "2026-01-15";
/// The later day fetched on the same database (the hashtags' ids are known by then).
const LATER: &str = "2026-01-16";
/// Long and random-looking like a real key: the client scrubs the key from every answer, so a
/// key that is also a word of the payload ("bench", as in the hashtags) would be redacted there.
const KEY: &str = "sk-bench-7f3a9c2e51d04b8a";

type Res<T> = Result<T, String>;

struct Opts {
    runs: usize,
    fetch_runs: usize,
    bin: PathBuf,
    /// Keep the generated configs and databases here instead of a temp folder.
    work: Option<PathBuf>,
    /// Sections to run (`fetch`, `reports`, `memory`); empty means all.
    only: Vec<String>,
}

impl Opts {
    fn wants(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == section)
    }
}

/// One line of the results table.
struct Line {
    what: String,
    result: String,
    target: String,
    pass: Option<bool>,
}

impl Line {
    fn info(what: impl Into<String>, result: impl Into<String>) -> Line {
        Line {
            what: what.into(),
            result: result.into(),
            target: "—".into(),
            pass: None,
        }
    }

    fn check(
        what: impl Into<String>,
        result: impl Into<String>,
        target: impl Into<String>,
        pass: bool,
    ) -> Line {
        Line {
            what: what.into(),
            result: result.into(),
            target: target.into(),
            pass: Some(pass),
        }
    }
}

fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(2);
        }
    };
    match run(&opts) {
        Ok(all_pass) => std::process::exit(if all_pass { 0 } else { 1 }),
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(2);
        }
    }
}

fn parse_args() -> Res<Opts> {
    let mut opts = Opts {
        runs: 41,
        fetch_runs: 5,
        bin: default_bin(),
        work: None,
        only: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--runs" => opts.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--fetch-runs" => {
                opts.fetch_runs = value()?.parse().map_err(|e| format!("--fetch-runs: {e}"))?
            }
            "--bin" => opts.bin = PathBuf::from(value()?),
            "--work" => opts.work = Some(PathBuf::from(value()?)),
            "--only" => {
                for section in value()?.split(',') {
                    if !["fetch", "reports", "memory"].contains(&section) {
                        return Err(format!(
                            "--only: unknown section {section:?} (fetch, reports, memory)"
                        ));
                    }
                    opts.only.push(section.to_string());
                }
            }
            "-h" | "--help" => {
                println!(
                    "usage: bench [--runs N] [--fetch-runs N] [--bin PATH] [--work DIR] [--only fetch,reports,memory]"
                );
                std::process::exit(0);
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    opts.runs = opts.runs.max(1);
    opts.fetch_runs = opts.fetch_runs.max(1);
    Ok(opts)
}

/// `TRACKER_BIN`, else `tracker` beside this example (`target/<profile>/examples/bench` →
/// `target/<profile>/tracker`), else `target/release/tracker` in the crate.
fn default_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("TRACKER_BIN") {
        return PathBuf::from(p);
    }
    let beside = std::env::current_exe().ok().and_then(|exe| {
        let profile_dir = exe.parent()?.parent()?;
        let bin = profile_dir.join("tracker");
        bin.is_file().then_some(bin)
    });
    beside.unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("release")
            .join("tracker")
    })
}

fn run(opts: &Opts) -> Res<bool> {
    if !opts.bin.is_file() {
        return Err(format!(
            "no tracker binary at '{}'; run `cargo build --release` first (or pass --bin)",
            opts.bin.display()
        ));
    }
    if cfg!(debug_assertions) {
        eprintln!("bench: warning: built without --release; the figures are not representative");
    }
    warn_if_stale(&opts.bin);
    eprintln!("bench: measuring {}", opts.bin.display());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the async runtime: {e}"))?;
    let temp = tempfile::tempdir().map_err(|e| format!("could not create a temp folder: {e}"))?;
    let work = match &opts.work {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| format!("could not create {dir:?}: {e}"))?;
            eprintln!("bench: keeping configs and databases in {}", dir.display());
            dir.clone()
        }
        None => temp.path().to_path_buf(),
    };
    let work = work.as_path();
    let mut lines = Vec::new();

    let load_start = loadavg();
    if opts.wants("fetch") {
        bench_fetch(opts, &runtime, work, &mut lines)?;
    }
    if opts.wants("reports") {
        bench_reports(opts, work, &mut lines)?;
    }
    if opts.wants("memory") {
        bench_memory(opts, &runtime, work, &mut lines)?;
    }

    // ---- the table ------------------------------------------------------------------------
    let all_pass = lines.iter().all(|l| l.pass != Some(false));
    let mut out = String::new();
    out.push_str("## Results\n\n| Measurement | Result | Target | |\n|---|---|---|---|\n");
    for l in &lines {
        let verdict = match l.pass {
            Some(true) => "PASS",
            Some(false) => "**FAIL**",
            None => "",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {verdict} |\n",
            l.what, l.result, l.target
        ));
    }
    out.push_str("\n## Machine\n\n");
    for (k, v) in machine_info(&load_start) {
        out.push_str(&format!("- {k}: {v}\n"));
    }
    print!("{out}");
    Ok(all_pass)
}

/// Targets 1 and 2: `fetch` against 50 ms latency, and the sequential baseline.
fn bench_fetch(
    opts: &Opts,
    runtime: &tokio::runtime::Runtime,
    work: &Path,
    lines: &mut Vec<Line>,
) -> Res<()> {
    // ---- 1 + 2: fetch against 50 ms latency, and the sequential baseline -----------------
    let sim = start_sim(runtime, LATENCY)?;
    let tags = tag_names(FETCH_TAGS);
    let requests = 2 * FETCH_TAGS;
    // 25 waves of 16 paid requests, plus the usage check's round trip before them.
    let bound = LATENCY.mul_f64(requests as f64 / CONCURRENCY as f64) + LATENCY;

    let mut first_times = Vec::new();
    let mut later_times = Vec::new();
    for i in 0..opts.fetch_runs {
        let dir = work.join(format!("fetch{i}"));
        for (date, fresh, times) in [
            (DATE, true, &mut first_times),
            (LATER, false, &mut later_times),
        ] {
            let before = sim.paid();
            let t = run_fetch(
                &opts.bin,
                &dir,
                &sim.base_url(),
                &tags,
                CONCURRENCY,
                false,
                (date, fresh),
            )?
            .0;
            check_fetch(&dir, date, FETCH_TAGS, sim.paid() - before, requests as u64)?;
            eprintln!(
                "bench: fetch run {} ({date}): {:.3} s",
                i + 1,
                t.as_secs_f64()
            );
            times.push(t);
        }
    }
    let best = first_times.iter().min().copied().unwrap_or_default();
    for (label, times) in [
        ("first day, no ids known", &first_times),
        ("a later day, ids known", &later_times),
    ] {
        let best = times.iter().min().copied().unwrap_or_default();
        let factor = best.as_secs_f64() / bound.as_secs_f64();
        lines.push(Line::check(
            format!(
                "`fetch --concurrency {CONCURRENCY}`, {FETCH_TAGS} hashtags ({requests} paid requests + usage), {} ms latency, {label}, best of {}",
                LATENCY.as_millis(),
                opts.fetch_runs
            ),
            format!(
                "{:.3} s = {factor:.3}× bound (runs: {})",
                best.as_secs_f64(),
                times
                    .iter()
                    .map(|t| format!("{:.3}", t.as_secs_f64()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!(
                "≤ {FETCH_BOUND_FACTOR:.2} × {:.3} s = {:.3} s",
                bound.as_secs_f64(),
                bound.as_secs_f64() * FETCH_BOUND_FACTOR
            ),
            factor <= FETCH_BOUND_FACTOR,
        ));
    }

    eprintln!(
        "bench: sequential baseline, {requests} blocking requests (about {:.0} s)",
        requests as f64 * LATENCY.as_secs_f64()
    );
    let before = sim.paid();
    let baseline = sequential_baseline(&sim.base_url(), &tags)?;
    let sent = sim.paid() - before;
    if sent != requests as u64 {
        return Err(format!(
            "the baseline sent {sent} requests, expected {requests}"
        ));
    }
    let speedup = baseline.as_secs_f64() / best.as_secs_f64();
    lines.push(Line::info(
        "sequential baseline in Rust: same requests, blocking, new TCP connection each",
        format!(
            "{:.3} s ({:.2} ms/request); `fetch` is {speedup:.2}× faster",
            baseline.as_secs_f64(),
            baseline.as_secs_f64() * 1e3 / requests as f64
        ),
    ));
    // The seeds' own code: Python `requests.post` per call (a new connection each time),
    // `raise_for_status`, `.json()`, a SQLite commit per hashtag.
    eprintln!("bench: the seeds' Python loop over the same {requests} requests (about 21 s)");
    let before = sim.paid();
    match seeds_python_baseline(&sim.base_url(), &tags, work)? {
        Some(seeds) => {
            let sent = sim.paid() - before;
            if sent != requests as u64 {
                return Err(format!(
                    "the seeds' loop sent {sent} requests, expected {requests}"
                ));
            }
            let speedup = seeds.as_secs_f64() / best.as_secs_f64();
            lines.push(Line::info(
                "the seeds' approach (their Python loop, `requests`, a new connection each call)",
                format!(
                    "{:.3} s ({:.2} ms/request)",
                    seeds.as_secs_f64(),
                    seeds.as_secs_f64() * 1e3 / requests as f64
                ),
            ));
            lines.push(Line::check(
                "speed-up of `fetch` over the seeds' approach",
                format!("{speedup:.2}×"),
                format!("≥ {SPEEDUP_TARGET:.0}×"),
                speedup >= SPEEDUP_TARGET,
            ));
        }
        None => lines.push(Line::check(
            "speed-up of `fetch` over the sequential baseline (python3 with `requests` not found)",
            format!("{speedup:.2}×"),
            format!("≥ {SPEEDUP_TARGET:.0}×"),
            speedup >= SPEEDUP_TARGET,
        )),
    }
    drop(sim);

    // The fixed cost of a fetch run (start, config, DB, 400 answers stored) with no latency.
    let sim0 = start_sim(runtime, Duration::ZERO)?;
    let mut overhead = Vec::new();
    for i in 0..opts.fetch_runs {
        let dir = work.join(format!("fetch0_{i}"));
        let before = sim0.paid();
        let t = run_fetch(
            &opts.bin,
            &dir,
            &sim0.base_url(),
            &tags,
            CONCURRENCY,
            false,
            (DATE, true),
        )?
        .0;
        check_fetch(
            &dir,
            DATE,
            FETCH_TAGS,
            sim0.paid() - before,
            requests as u64,
        )?;
        overhead.push(t);
    }
    let overhead = overhead.iter().min().copied().unwrap_or_default();
    lines.push(Line::info(
        format!(
            "same fetch with 0 ms latency (fixed cost), best of {}",
            opts.fetch_runs
        ),
        format!("{:.1} ms", ms(overhead)),
    ));
    drop(sim0);

    Ok(())
}

/// Target 3: `report` and `trends` against the length of the stored history.
fn bench_reports(opts: &Opts, work: &Path, lines: &mut Vec<Line>) -> Res<()> {
    // ---- 3: report / trends against history length --------------------------------------
    let last: NaiveDate = DATE.parse().map_err(|e| format!("bad DATE: {e}"))?;
    let startup = median(&time_runs(&opts.bin, work, &["--version"], opts.runs)?);
    lines.push(Line::info(
        format!(
            "process start floor: `tracker --version`, median of {}",
            opts.runs
        ),
        format!("{:.2} ms", ms(startup)),
    ));

    let mut read_times = Vec::new();
    for (n_tags, days) in [(100, 10), (100, 365), (1_000, 365)] {
        let db = work.join(format!("hist_{n_tags}x{days}.db"));
        let t = Instant::now();
        build_history_db(&db, n_tags, days, last)?;
        eprintln!(
            "bench: generated {n_tags} hashtags × {days} days in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let db_arg = db.to_string_lossy().into_owned();
        for cmd in ["report", "trends"] {
            let args = ["--db", db_arg.as_str(), cmd, "--format", "json"];
            verify_json(&opts.bin, work, &args, n_tags)?;
            let times = time_runs(&opts.bin, work, &args, opts.runs)?;
            read_times.push((cmd, n_tags, days, median(&times), min(&times)));
        }
    }
    let find = |cmd: &str, n: usize, d: u32| {
        read_times
            .iter()
            .find(|r| r.0 == cmd && r.1 == n && r.2 == d)
            .map(|r| (r.3, r.4))
            .unwrap_or_default()
    };
    for cmd in ["report", "trends"] {
        let (short, short_min) = find(cmd, 100, 10);
        let (long, long_min) = find(cmd, 100, 365);
        let ratio = long.as_secs_f64() / short.as_secs_f64();
        lines.push(Line::info(
            format!(
                "`{cmd} --format json`, 100 hashtags × 10 days, median of {}",
                opts.runs
            ),
            format!("{:.2} ms (min {:.2})", ms(short), ms(short_min)),
        ));
        lines.push(Line::check(
            format!(
                "`{cmd} --format json`, 100 hashtags × 365 days, median of {}",
                opts.runs
            ),
            format!(
                "{:.2} ms (min {:.2}) = {ratio:.2}× the 10-day time",
                ms(long),
                ms(long_min)
            ),
            format!("≤ {HISTORY_FACTOR:.1}× the 10-day time"),
            ratio <= HISTORY_FACTOR,
        ));
    }
    for cmd in ["report", "trends"] {
        let (t, t_min) = find(cmd, 1_000, 365);
        lines.push(Line::check(
            format!(
                "`{cmd} --format json`, 1,000 hashtags × 365 days, median of {}",
                opts.runs
            ),
            format!("{:.2} ms (min {:.2})", ms(t), ms(t_min)),
            format!("< {} ms", READ_LIMIT.as_millis()),
            t < READ_LIMIT,
        ));
    }

    Ok(())
}

/// Target 4: peak resident memory of a 1,000-hashtag `fetch`.
fn bench_memory(
    opts: &Opts,
    runtime: &tokio::runtime::Runtime,
    work: &Path,
    lines: &mut Vec<Line>,
) -> Res<()> {
    // ---- 4: peak memory of a 1,000-hashtag fetch -----------------------------------------
    let sim_rss = start_sim(runtime, RSS_LATENCY)?;
    let rss_tags = tag_names(RSS_TAGS);
    let dir = work.join("rss");
    let before = sim_rss.paid();
    let (elapsed, rss) = run_fetch(
        &opts.bin,
        &dir,
        &sim_rss.base_url(),
        &rss_tags,
        CONCURRENCY,
        true,
        (DATE, true),
    )?;
    check_fetch(
        &dir,
        DATE,
        RSS_TAGS,
        sim_rss.paid() - before,
        2 * RSS_TAGS as u64,
    )?;
    drop(sim_rss);
    let (kib, method) = rss.ok_or("peak RSS was not measured")?;
    lines.push(Line::check(
        format!(
            "peak RSS of `fetch`, {RSS_TAGS} hashtags ({} requests), {} ms latency, --concurrency {CONCURRENCY}",
            2 * RSS_TAGS,
            RSS_LATENCY.as_millis()
        ),
        format!(
            "{:.1} MiB ({kib} KiB, via {method}; run took {:.2} s)",
            kib as f64 / 1024.0,
            elapsed.as_secs_f64()
        ),
        format!("≤ {} MiB", RSS_LIMIT_KIB / 1024),
        kib <= RSS_LIMIT_KIB,
    ));

    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(times: &[Duration]) -> Duration {
    let mut v = times.to_vec();
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn min(times: &[Duration]) -> Duration {
    times.iter().min().copied().unwrap_or_default()
}

fn tag_names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("bench_{i:04}")).collect()
}

fn start_sim(runtime: &tokio::runtime::Runtime, latency: Duration) -> Res<SimServer> {
    runtime
        .block_on(SimServer::start(SimOptions {
            latency,
            breakouts: Default::default(),
            credits: 1_000_000_000,
            ..SimOptions::default()
        }))
        .map_err(|e| format!("could not start the simulated API: {e}"))
}

/// A `tracker` command with a clean environment (no config, database or log overrides).
fn tracker(bin: &Path, cwd: &Path) -> Command {
    let mut c = Command::new(bin);
    c.current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SCAVIO_API_KEY", KEY)
        // The bench stores simulated days under fixed dates: today's counts under a past
        // date, which `fetch` refuses unless told.
        .env("TRACKER_BACKDATE", "1")
        .env_remove("TRACKER_WEBHOOK_URL")
        .env_remove("SCAVIO_BASE_URL")
        .env_remove("TRACKER_CONFIG")
        .env_remove("TRACKER_DB")
        .env_remove("RUST_LOG");
    c
}

/// Writes a config for `tags` in a fresh `dir` and times `tracker fetch` there. With
/// `measure_rss`, also returns the child's peak RSS in KiB and how it was read.
fn run_fetch(
    bin: &Path,
    dir: &Path,
    base_url: &str,
    tags: &[String],
    concurrency: usize,
    measure_rss: bool,
    (date, fresh): (&str, bool),
) -> Res<(Duration, Option<(u64, &'static str)>)> {
    if fresh && dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("could not clear {dir:?}: {e}"))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("could not create {dir:?}: {e}"))?;
    let config = dir.join("hashtags.toml");
    let list: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    let text = format!(
        "hashtags = [{}]\n\n[api]\nbase_url = \"{base_url}\"\nconcurrency = {concurrency}\nmax_retries = 0\ntimeout_secs = 30\n",
        list.join(", ")
    );
    std::fs::write(&config, text).map_err(|e| format!("could not write {config:?}: {e}"))?;
    let db = dir.join("tracker.db");
    let args: Vec<std::ffi::OsString> = vec![
        "--config".into(),
        config.into_os_string(),
        "--db".into(),
        db.into_os_string(),
        "fetch".into(),
        "--concurrency".into(),
        concurrency.to_string().into(),
        "--date".into(),
        date.into(),
    ];
    let time_v = Path::new("/usr/bin/time");
    if measure_rss && time_v.is_file() {
        // GNU time waits for the child and reports its ru_maxrss.
        let mut c = tracker(time_v, dir);
        c.arg("-v").arg(bin).args(&args);
        let started = Instant::now();
        let out = c
            .stdout(Stdio::null())
            .output()
            .map_err(|e| format!("could not run /usr/bin/time: {e}"))?;
        let elapsed = started.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(format!("tracker fetch failed ({}): {stderr}", out.status));
        }
        let kib = stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes):")
                    .and_then(|v| v.trim().parse::<u64>().ok())
            })
            .ok_or_else(|| format!("no maximum RSS in /usr/bin/time's output: {stderr}"))?;
        return Ok((elapsed, Some((kib, "/usr/bin/time -v"))));
    }
    let mut c = tracker(bin, dir);
    c.args(&args).stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = c
        .spawn()
        .map_err(|e| format!("could not run {}: {e}", bin.display()))?;
    let mut hwm = None;
    let status = if measure_rss {
        // No GNU time: poll the kernel's high-water mark until the child exits.
        let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
        loop {
            if let Ok(text) = std::fs::read_to_string(&status_file)
                && let Some(kib) = text.lines().find_map(|l| {
                    l.strip_prefix("VmHWM:")
                        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                })
            {
                hwm = Some(hwm.map_or(kib, |h: u64| h.max(kib)));
            }
            match child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) => std::thread::sleep(Duration::from_millis(1)),
                Err(e) => return Err(format!("waiting for tracker: {e}")),
            }
        }
    } else {
        child
            .wait()
            .map_err(|e| format!("waiting for tracker: {e}"))?
    };
    let elapsed = started.elapsed();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    if !status.success() {
        return Err(format!("tracker fetch failed ({status}): {stderr}"));
    }
    Ok((
        elapsed,
        hwm.map(|k| (k, "polling /proc/<pid>/status VmHWM")),
    ))
}

/// A fetch counts only if it stored every hashtag and sent exactly the requests expected.
fn check_fetch(dir: &Path, date: &str, tags: usize, sent: u64, expected: u64) -> Res<()> {
    if sent != expected {
        return Err(format!(
            "fetch sent {sent} requests to the mock, expected {expected}"
        ));
    }
    let conn = rusqlite::Connection::open(dir.join("tracker.db"))
        .map_err(|e| format!("could not open the fetched database: {e}"))?;
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM snapshots WHERE date = ?1",
            [date],
            |r| r.get(0),
        )
        .map_err(|e| format!("could not count snapshots: {e}"))?;
    if n != tags as i64 {
        return Err(format!("fetch stored {n} snapshots, expected {tags}"));
    }
    Ok(())
}

/// The seeds' approach: one blocking HTTP/1.1 POST after another, each on a new TCP
/// connection (`Connection: close`), the request written by hand, the answer read to EOF.
fn sequential_baseline(base_url: &str, tags: &[String]) -> Res<Duration> {
    let host = base_url
        .strip_prefix("http://")
        .ok_or_else(|| format!("unexpected base URL {base_url}"))?
        .trim_end_matches('/')
        .to_string();
    let started = Instant::now();
    let mut answer = Vec::with_capacity(16 * 1024);
    for tag in tags {
        for endpoint in Endpoint::ALL {
            // Scavio's contract: the stats call by name, the videos call by the id the stats
            // answer gave (the simulator's ids are known to the bench).
            let body = match endpoint {
                Endpoint::Stats => format!("{{\"hashtag_name\":\"{tag}\"}}"),
                Endpoint::Videos => format!(
                    "{{\"hashtag_id\":\"{}\",\"cursor\":\"0\",\"count\":30}}",
                    sim_id(tag)
                ),
            };
            let request = format!(
                "POST /{} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {KEY}\r\n\
                 Content-Type: application/json\r\nAccept: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                endpoint.path(),
                body.len()
            );
            let mut stream = TcpStream::connect(&host)
                .map_err(|e| format!("baseline: could not connect to {host}: {e}"))?;
            stream
                .write_all(request.as_bytes())
                .map_err(|e| format!("baseline: write failed: {e}"))?;
            answer.clear();
            stream
                .read_to_end(&mut answer)
                .map_err(|e| format!("baseline: read failed: {e}"))?;
            if !answer.starts_with(b"HTTP/1.1 200") {
                let head = String::from_utf8_lossy(&answer[..answer.len().min(200)]).into_owned();
                return Err(format!("baseline: unexpected answer for #{tag}: {head}"));
            }
        }
    }
    Ok(started.elapsed())
}

/// The seeds' daily loop as they wrote it (Python, `requests`, SQLite), timed inside Python
/// so interpreter start is not counted. `None` when python3 or `requests` is missing.
fn seeds_python_baseline(base_url: &str, tags: &[String], work: &Path) -> Res<Option<Duration>> {
    const SCRIPT: &str = r##"
import json, sqlite3, sys, time
import requests
base, key, db = sys.argv[1], sys.argv[2], sys.argv[3]
tags = sys.argv[4:]
TH = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
conn = sqlite3.connect(db)
conn.execute("CREATE TABLE IF NOT EXISTS snapshots (date TEXT, hashtag TEXT, video_count INTEGER, view_count INTEGER, PRIMARY KEY (date, hashtag))")
conn.commit()
start = time.perf_counter()
for tag in tags:
    # The seeds' loop with Scavio's real request bodies (theirs, {"hashtag": ...}, are a 400).
    r = requests.post(f"{base}/api/v1/tiktok/hashtag", json={"hashtag_name": tag.lstrip("#")}, headers=TH, timeout=15)
    r.raise_for_status()
    stats = r.json()
    d = stats.get("data") or {}
    hid = stats.get("hashtag_id") or d.get("hashtag_id") or d.get("id") or d["challengeInfo"]["challenge"]["id"]
    data = requests.post(f"{base}/api/v1/tiktok/hashtag/videos", headers=TH,
                         json={"hashtag_id": hid, "cursor": "0", "count": 30}).json()
    d = data.get("data") or {}
    videos = d.get("aweme_list") or d.get("itemList") or d.get("videos") or []
    plays = sum(v.get("stats", {}).get("playCount", 0) for v in videos if isinstance(v, dict))
    conn.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?)",
                 ("2026-01-15", tag, stats.get("video_count", 0), stats.get("view_count", 0)))
    conn.commit()
print(time.perf_counter() - start)
"##;
    let check = Command::new("python3")
        .args(["-c", "import requests"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !check.is_ok_and(|s| s.success()) {
        return Ok(None);
    }
    let script = work.join("seeds.py");
    std::fs::write(&script, SCRIPT).map_err(|e| format!("could not write {script:?}: {e}"))?;
    let db = work.join("seeds.db");
    let _ = std::fs::remove_file(&db);
    let out = Command::new("python3")
        .arg(&script)
        .arg(base_url.trim_end_matches('/'))
        .arg(KEY)
        .arg(&db)
        .args(tags)
        .output()
        .map_err(|e| format!("could not run python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the seeds' loop failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let secs: f64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|e| format!("the seeds' loop printed no time: {e}"))?;
    Ok(Some(Duration::from_secs_f64(secs)))
}

/// A database with `days` daily snapshots of `n_tags` hashtags ending on `last`, written the
/// way `fetch` would leave it (one run per day, date-major order), in one transaction.
/// The schema comes from the crate itself (`Store::open` runs the migrations).
fn build_history_db(path: &Path, n_tags: usize, days: u32, last: NaiveDate) -> Res<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    drop(Store::open(path).map_err(|e| format!("could not create {path:?}: {e:#}"))?);
    let mut conn =
        rusqlite::Connection::open(path).map_err(|e| format!("could not open {path:?}: {e}"))?;
    let sql_err = |e: rusqlite::Error| format!("generating {path:?}: {e}");
    conn.pragma_update(None, "synchronous", "OFF")
        .map_err(sql_err)?;
    let tags = tag_names(n_tags);
    // A few hashtags break out in the last days, so trends has something to find.
    let models: Vec<Model> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| Model::new(t, (i % 50 == 7).then_some(days.saturating_sub(3))))
        .collect();
    let tx = conn.transaction().map_err(sql_err)?;
    {
        let mut run = tx
            .prepare(
                "INSERT INTO runs (id, date, started_at, finished_at, status, hashtags_ok)
                 VALUES (?1, ?2, ?3, ?3, 'ok', ?4)",
            )
            .map_err(sql_err)?;
        let mut snap = tx
            .prepare(
                "INSERT INTO snapshots (date, hashtag, fetched_at, run_id, video_count, view_count,
                 sample_size, plays, likes, comments, shares, engagement_rate, virality,
                 top_creators, credits_remaining)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
            )
            .map_err(sql_err)?;
        let mut rng = fastrand::Rng::with_seed(42);
        let mut credits: i64 = 1_000_000;
        for day in 0..days {
            let date = last
                .checked_sub_days(Days::new(u64::from(days - 1 - day)))
                .ok_or("date out of range")?;
            let date_s = date.format("%Y-%m-%d").to_string();
            let at = format!("{date_s}T06:00:00Z");
            let run_id = i64::from(day) + 1;
            run.execute(rusqlite::params![run_id, date_s, at, n_tags as i64])
                .map_err(sql_err)?;
            for (tag, model) in tags.iter().zip(&models) {
                let sample = rng.i64(10..=20);
                let plays = sample * rng.i64(5_000..300_000);
                let likes = plays * rng.i64(30..120) / 1000;
                let comments = plays * rng.i64(1..11) / 1000;
                let shares = plays * rng.i64(1..21) / 1000;
                let creators = format!(
                    "[{{\"username\":\"{tag}_creator{}\",\"videos\":{}}},\
                     {{\"username\":\"{tag}_creator{}\",\"videos\":{}}},\
                     {{\"username\":\"{tag}_creator{}\",\"videos\":{}}}]",
                    rng.u8(0..8),
                    rng.u8(3..6),
                    rng.u8(0..8),
                    rng.u8(2..4),
                    rng.u8(0..8),
                    rng.u8(1..3)
                );
                credits -= 2;
                snap.execute(rusqlite::params![
                    date_s,
                    tag,
                    at,
                    run_id,
                    model.video_count(day) as i64,
                    model.view_count(day) as i64,
                    sample,
                    plays,
                    likes,
                    comments,
                    shares,
                    (likes + comments + shares) as f64 / plays as f64,
                    shares as f64 / sample as f64,
                    creators,
                    credits,
                ])
                .map_err(sql_err)?;
            }
        }
    }
    tx.commit().map_err(sql_err)?;
    drop(conn);
    // `fetch` stores each day's trend signals with the day: do the same for the generated days.
    {
        let store = Store::open(path).map_err(|e| format!("could not open {path:?}: {e:#}"))?;
        let tx = store
            .read_txn()
            .map_err(|e| format!("signals for {path:?}: {e:#}"))?;
        tracker::refresh::rebuild_signals(&store)
            .map_err(|e| format!("signals for {path:?}: {e:#}"))?;
        tx.commit()
            .map_err(|e| format!("signals for {path:?}: {e}"))?;
    }
    let conn =
        rusqlite::Connection::open(path).map_err(|e| format!("could not open {path:?}: {e}"))?;
    // A real database is checkpointed as it grows; leave no big WAL for readers to scan.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .map_err(sql_err)?;
    Ok(())
}

/// Runs a read command once and checks it printed JSON with one row per hashtag.
fn verify_json(bin: &Path, cwd: &Path, args: &[&str], n_tags: usize) -> Res<()> {
    let out = tracker(bin, cwd)
        .args(args)
        .output()
        .map_err(|e| format!("could not run tracker {args:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "tracker {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("tracker {args:?} did not print JSON: {e}"))?;
    let rows = v
        .get("hashtags")
        .and_then(|h| h.as_array())
        .map_or(0, Vec::len);
    if rows != n_tags {
        return Err(format!(
            "tracker {args:?} printed {rows} hashtags, expected {n_tags}"
        ));
    }
    Ok(())
}

/// Wall time of `runs` runs of a command (after 2 warm-ups), output to /dev/null.
fn time_runs(bin: &Path, cwd: &Path, args: &[&str], runs: usize) -> Res<Vec<Duration>> {
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs + 2 {
        let started = Instant::now();
        let out = tracker(bin, cwd)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("could not run tracker {args:?}: {e}"))?;
        let elapsed = started.elapsed();
        if !out.status.success() {
            return Err(format!(
                "tracker {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if i >= 2 {
            times.push(elapsed);
        }
    }
    Ok(times)
}

/// Warns when a source file is newer than the binary being measured.
fn warn_if_stale(bin: &Path) {
    fn newest(dir: &Path) -> Option<SystemTime> {
        let mut best = None;
        for entry in std::fs::read_dir(dir).ok()?.flatten() {
            let p = entry.path();
            let t = if p.is_dir() {
                newest(&p)
            } else {
                entry.metadata().ok()?.modified().ok()
            };
            best = best.max(t);
        }
        best
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let built = std::fs::metadata(bin).and_then(|m| m.modified()).ok();
    if let (Some(src), Some(built)) = (newest(&src), built)
        && src > built
    {
        eprintln!(
            "bench: warning: src/ changed after {} was built; run `cargo build --release` first",
            bin.display()
        );
    }
}

/// The 1, 5 and 15-minute load averages: other work on the machine skews every figure.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn machine_info(load_start: &str) -> Vec<(&'static str, String)> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "model name").then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let nproc = Command::new("nproc")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "unknown".into())
        });
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:").map(|v| v.trim().to_string()))
        })
        .unwrap_or_else(|| "unknown".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into());
    vec![
        ("cores (`nproc`)", nproc),
        ("CPU", model),
        ("memory", mem),
        ("kernel", kernel),
        (
            "load average (1, 5, 15 min) at the start / at the end",
            format!("{load_start} / {}", loadavg()),
        ),
        ("rustc", rustc),
    ]
}
