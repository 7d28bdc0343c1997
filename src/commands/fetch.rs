//! `tracker fetch`: the daily job. For every hashtag not yet stored for the date, call what
//! is missing (both endpoints, or only the one a failed run did not get), concurrently, and
//! write each answer to SQLite as it arrives. A re-run never pays for stored data.

use super::Ctx;
use crate::api::client::{Attempt, CallOutcome};
use crate::api::parse::{self, HashtagStats, ParseError, VideoSample};
use crate::api::{ApiError, ApiKey, Client, Endpoint};
use crate::cli::FetchArgs;
use crate::config::{Config, normalize_hashtag};
use crate::exit;
use crate::metrics::sample::sample_metrics;
use crate::render::format::int;
use crate::report::refresh_signals;
use crate::store::lock::FetchLock;
use crate::store::{RequestRow, ResponseRow, RunTotals, Snapshot, Store};
use anyhow::{Context, Result, anyhow, bail};
use bytes::Bytes;
use chrono::{NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// What to fetch, decided from flags and config before any request.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub date: NaiveDate,
    /// Normalised hashtags to consider (already filtered by `--tag`).
    pub hashtags: Vec<String>,
    pub force: bool,
    pub max_requests: Option<u64>,
}

/// A hashtag that could not be stored, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub hashtag: String,
    pub reason: String,
}

/// What a run did, for the end summary and the exit code.
#[derive(Debug, Default)]
pub struct FetchSummary {
    pub date: Option<NaiveDate>,
    pub stored: Vec<String>,
    /// Already stored for the date: nothing spent.
    pub skipped: Vec<String>,
    pub failed: Vec<Failure>,
    /// Every HTTP attempt, answered or not.
    pub requests: u64,
    /// Attempts answered with a 2xx: the ones the API charges.
    pub paid: u64,
    pub cost_usd: f64,
    /// Stored answers reused instead of bought again.
    pub reused: u64,
    pub credits_remaining: Option<u64>,
    /// Set when the key was rejected: the run stopped there.
    pub auth_error: Option<ApiError>,
    /// Hashtags the run stopped before (a rejected key, Ctrl-C): neither stored nor failed.
    pub not_fetched: usize,
    /// Ctrl-C stopped the run: no new request was sent after it.
    pub interrupted: bool,
}

impl FetchSummary {
    pub fn exit_code(&self) -> u8 {
        if self.auth_error.is_some() {
            exit::ERROR
        } else if self.interrupted {
            exit::INTERRUPTED
        } else if !self.failed.is_empty() {
            exit::PARTIAL
        } else {
            exit::SUCCESS
        }
    }
}

/// How one hashtag's work ended.
enum Outcome {
    Fetched {
        stats: HashtagStats,
        sample: VideoSample,
    },
    Auth(ApiError),
    Cancelled,
    Failed(String),
}

/// What tasks send to the single writer that owns the database connection.
enum Event {
    Attempt {
        hashtag: Arc<str>,
        attempt: Attempt,
        credits: Option<u64>,
    },
    Response {
        hashtag: Arc<str>,
        endpoint: Endpoint,
        status: u16,
        body: Bytes,
        parse_error: Option<String>,
    },
    Reused,
    Done {
        hashtag: Arc<str>,
        outcome: Outcome,
    },
}

/// One hashtag's job: the stored bodies it can reuse; whatever is `None` must be bought.
struct Job {
    hashtag: Arc<str>,
    stats: Option<Vec<u8>>,
    videos: Option<Vec<u8>>,
}

impl Job {
    fn calls_needed(&self) -> u64 {
        u64::from(self.stats.is_none()) + u64::from(self.videos.is_none())
    }
}

/// `tracker fetch`.
pub fn run(ctx: &Ctx, args: FetchArgs) -> Result<u8> {
    let mut config = ctx.config()?;
    let key = ApiKey::from_env().ok_or_else(|| {
        anyhow!(
            "{} is not set: export your Scavio API key in {} (no request was sent)",
            ApiKey::ENV,
            ApiKey::ENV
        )
    })?;
    if !key.is_well_formed() {
        bail!(
            "{} holds spaces or control characters an HTTP header cannot carry; check how it was exported (no request was sent)",
            ApiKey::ENV
        );
    }
    if let Some(c) = args.concurrency {
        config.api.concurrency = c as usize;
    }
    let today = Utc::now().date_naive();
    if let Some(date) = args.date
        && date > today + chrono::Days::new(1)
    {
        bail!(
            "--date {date} is in the future: a snapshot holds the counts of the day it is fetched \
             (today is {today} UTC; nothing was sent)"
        );
    }
    let hashtags = select_hashtags(&config, &args.tags)?;
    let opts = FetchOptions {
        date: args.date.unwrap_or(today),
        hashtags,
        force: args.force,
        max_requests: args.max_requests.or(config.max_requests_per_run),
    };
    let db = ctx.db_path()?;
    let _lock = FetchLock::acquire(&db)?;
    let mut store = Store::open(&db)?;
    if store.is_simulated()? {
        bail!(
            "'{}' holds the demo's simulated data; fetch real data into another database (--db)",
            db.display()
        );
    }
    let client = Arc::new(Client::new(&config.api, key)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let progress = ctx
        .progress
        .then(|| progress_bar(opts.hashtags.len() as u64));
    let summary = runtime.block_on(async {
        let interrupted = Arc::new(AtomicBool::new(false));
        let listener = tokio::spawn(stop_on_ctrl_c(
            Arc::clone(&client),
            Arc::clone(&interrupted),
        ));
        let result = execute(&config, &mut store, client, &opts, progress).await;
        listener.abort();
        result.map(|mut s| {
            s.interrupted = interrupted.load(Ordering::SeqCst);
            s
        })
    })?;
    report_summary(ctx, &summary, &db)?;
    if summary.interrupted {
        ctx.note(format!(
            "interrupted: the answers already paid for are stored; {} hashtag(s) not fetched \
             (re-run `tracker fetch` to fetch only those)",
            summary.not_fetched
        ));
    }
    if let Some(e) = &summary.auth_error {
        let stored = match summary.stored.len() {
            0 if summary.paid == 0 => "nothing was stored for this run".to_string(),
            0 => format!(
                "no hashtag was complete; the {} paid answer(s) are kept for a re-run",
                summary.paid
            ),
            n => format!(
                "the {n} hashtag(s) answered before that are stored; \
                 a re-run fetches only the {} missing",
                summary.not_fetched
            ),
        };
        bail!("{e}; check {} ({stored})", ApiKey::ENV);
    }
    Ok(summary.exit_code())
}

/// The first Ctrl-C stops new requests; the answers in flight were paid for, so they are
/// still read and stored before the run ends. A second Ctrl-C quits at once.
async fn stop_on_ctrl_c(client: Arc<Client>, interrupted: Arc<AtomicBool>) {
    if tokio::signal::ctrl_c().await.is_err() {
        return;
    }
    interrupted.store(true, Ordering::SeqCst);
    client.stop();
    eprintln!("interrupted: storing the answers in flight (Ctrl-C again to quit now)");
    if tokio::signal::ctrl_c().await.is_ok() {
        std::process::exit(i32::from(exit::INTERRUPTED));
    }
}

/// `--tag` values, normalised, must be configured hashtags; none means all of them.
pub fn select_hashtags(config: &Config, tags: &[String]) -> Result<Vec<String>> {
    if tags.is_empty() {
        return Ok(config.hashtags.clone());
    }
    let mut out = Vec::new();
    for t in tags {
        let t = normalize_hashtag(t)?;
        if !config.hashtags.contains(&t) {
            bail!(
                "#{t} is not in '{}'; add it with `tracker tags add {t}`",
                config.path.display()
            );
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} fetching [{bar:30}] {pos}/{len} hashtags {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The daily job proper, shared by `fetch` and `demo`: plan, spend, store.
pub async fn execute(
    config: &Config,
    store: &mut Store,
    client: Arc<Client>,
    opts: &FetchOptions,
    progress: Option<ProgressBar>,
) -> Result<FetchSummary> {
    let mut summary = FetchSummary {
        date: Some(opts.date),
        ..FetchSummary::default()
    };
    let (stored, mut good) = if opts.force {
        Default::default()
    } else {
        (
            store.stored_hashtags(opts.date)?,
            store.good_responses(opts.date)?,
        )
    };
    let mut jobs = Vec::new();
    for tag in &opts.hashtags {
        if stored.contains(tag) {
            summary.skipped.push(tag.clone());
            continue;
        }
        jobs.push(Job {
            hashtag: Arc::from(tag.as_str()),
            stats: good.remove(&(tag.clone(), Endpoint::Stats)),
            videos: good.remove(&(tag.clone(), Endpoint::Videos)),
        });
    }
    let needed: u64 = jobs.iter().map(Job::calls_needed).sum();
    if let Some(max) = opts.max_requests
        && needed > max
    {
        bail!(
            "this run needs {needed} requests (${:.3}) but the budget allows {max} \
             ([budget] max_requests_per_run or --max-requests); nothing was spent",
            needed as f64 * config.api.cost_per_request
        );
    }
    if let Some(bar) = &progress {
        bar.set_length(jobs.len() as u64);
    }
    if jobs.is_empty() {
        return Ok(summary);
    }

    let jobs_total = jobs.len();
    let run_id = store.begin_run(opts.date)?;
    // Bounded: tasks wait for the writer rather than pile answers up in memory.
    let (tx, mut rx) = mpsc::channel::<Event>(64);
    // More hashtags in progress than request slots, so a hashtag waiting out a backoff
    // never holds back the others; still bounded, so memory does not grow with the list.
    let max_jobs = config.api.concurrency.max(1).saturating_mul(4);
    let dispatcher_client = Arc::clone(&client);
    let dispatcher = tokio::spawn(async move {
        let mut set = JoinSet::new();
        for job in jobs {
            while set.len() >= max_jobs {
                set.join_next().await;
            }
            if dispatcher_client.is_stopped() {
                break;
            }
            set.spawn(fetch_hashtag(
                Arc::clone(&dispatcher_client),
                job,
                tx.clone(),
            ));
        }
        drop(tx);
        while set.join_next().await.is_some() {}
    });

    let cost = config.api.cost_per_request;
    // Whatever is already queued is written in one transaction, committed as soon as the
    // queue is empty: no answer waits on a later one to be stored.
    let mut batch = false;
    loop {
        let event = match rx.try_recv() {
            Ok(event) => event,
            Err(_) => {
                if batch {
                    store.commit_batch()?;
                    batch = false;
                }
                match rx.recv().await {
                    Some(event) => event,
                    None => break,
                }
            }
        };
        if !batch {
            store.begin_batch()?;
            batch = true;
        }
        match event {
            Event::Attempt {
                hashtag,
                attempt,
                credits,
            } => {
                summary.requests += 1;
                if attempt.paid {
                    summary.paid += 1;
                }
                if let Some(c) = credits {
                    summary.credits_remaining =
                        Some(summary.credits_remaining.map_or(c, |p| p.min(c)));
                }
                store.log_request(&RequestRow {
                    run_id,
                    date: opts.date,
                    hashtag: &hashtag,
                    endpoint: attempt.endpoint,
                    attempt: attempt.attempt,
                    status: attempt.status,
                    error: attempt.error.as_deref(),
                    elapsed_ms: attempt.elapsed.as_millis() as u64,
                    cost_usd: if attempt.paid { cost } else { 0.0 },
                    credits_remaining: credits,
                })?;
            }
            Event::Response {
                hashtag,
                endpoint,
                status,
                body,
                parse_error,
            } => {
                store.save_response(&ResponseRow {
                    date: opts.date,
                    hashtag: &hashtag,
                    endpoint,
                    run_id,
                    status,
                    body: &body,
                    parse_error: parse_error.as_deref(),
                })?;
            }
            Event::Reused => summary.reused += 1,
            Event::Done { hashtag, outcome } => {
                match outcome {
                    Outcome::Fetched { stats, sample } => {
                        let snapshot = Snapshot {
                            date: opts.date,
                            hashtag: hashtag.to_string(),
                            fetched_at: Utc::now()
                                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                            video_count: stats.video_count,
                            view_count: stats.view_count,
                            metrics: sample_metrics(&sample.videos),
                            credits_remaining: stats.credits_remaining.or(sample.credits_remaining),
                        };
                        store
                            .save_snapshot(&snapshot, &sample.videos, run_id)
                            .and_then(|()| refresh_signals(store, &hashtag, opts.date))
                            .with_context(|| format!("could not store #{hashtag}"))?;
                        summary.stored.push(hashtag.to_string());
                    }
                    Outcome::Auth(e) => {
                        summary.auth_error.get_or_insert(e);
                    }
                    Outcome::Cancelled => {}
                    Outcome::Failed(reason) => summary.failed.push(Failure {
                        hashtag: hashtag.to_string(),
                        reason,
                    }),
                }
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
            }
        }
    }
    if let Err(e) = dispatcher.await {
        tracing::error!("fetch tasks ended abnormally: {e}");
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    summary.cost_usd = summary.paid as f64 * cost;
    summary.not_fetched = jobs_total.saturating_sub(summary.stored.len() + summary.failed.len());
    summary.stored.sort();
    summary.failed.sort_by(|a, b| a.hashtag.cmp(&b.hashtag));
    let totals = RunTotals {
        ok: summary.stored.len(),
        failed: summary.failed.len(),
        skipped: summary.skipped.len(),
    };
    if summary.auth_error.is_some() && summary.paid == 0 {
        // The key was wrong from the start: the run leaves nothing behind.
        store.discard_run(run_id)?;
    } else {
        let status = match (&summary.auth_error, summary.failed.is_empty()) {
            (Some(_), _) => "auth_failed",
            (None, _) if summary.not_fetched > 0 => "interrupted",
            (None, true) => "ok",
            (None, false) => "partial",
        };
        store.finish_run(run_id, status, totals)?;
    }
    Ok(summary)
}

/// Fetches (or reuses) both endpoints of one hashtag and reports how it ended.
async fn fetch_hashtag(client: Arc<Client>, job: Job, tx: mpsc::Sender<Event>) {
    let tag = Arc::clone(&job.hashtag);
    // Both calls at once: a good answer is stored even when the other call fails, and a
    // re-run then buys only the missing one, so nothing paid is wasted.
    let (stats, videos) = tokio::join!(
        endpoint(
            &client,
            &tx,
            &tag,
            Endpoint::Stats,
            job.stats,
            |body: &[u8]| parse::parse_stats_for(body, &tag),
            |s: &HashtagStats| s.credits_remaining,
        ),
        endpoint(
            &client,
            &tx,
            &tag,
            Endpoint::Videos,
            job.videos,
            parse::parse_videos,
            |s: &VideoSample| s.credits_remaining,
        ),
    );
    if let Ok(sample) = &videos
        && sample.dropped > 0
    {
        tracing::warn!(
            "#{tag}: {} of the sampled videos left out (no readable counts, or a repeated id)",
            sample.dropped
        );
    }
    let outcome = match (stats, videos) {
        (Ok(stats), Ok(sample)) => Outcome::Fetched { stats, sample },
        (Err(Outcome::Auth(e)), _) | (_, Err(Outcome::Auth(e))) => Outcome::Auth(e),
        (Err(Outcome::Failed(a)), Err(Outcome::Failed(b))) => Outcome::Failed(format!("{a}; {b}")),
        (Err(Outcome::Failed(a)), _) | (_, Err(Outcome::Failed(a))) => Outcome::Failed(a),
        _ => Outcome::Cancelled,
    };
    // The writer is gone only when the run is being torn down.
    let _ = tx
        .send(Event::Done {
            hashtag: tag,
            outcome,
        })
        .await;
}

/// One endpoint of one hashtag: a stored body if there is one, else a paid call whose
/// attempts and body go to the writer before the parsed value comes back.
async fn endpoint<T>(
    client: &Client,
    tx: &mpsc::Sender<Event>,
    tag: &Arc<str>,
    endpoint: Endpoint,
    stored: Option<Vec<u8>>,
    parse: impl Fn(&[u8]) -> Result<T, ParseError>,
    credits: fn(&T) -> Option<u64>,
) -> Result<T, Outcome> {
    if let Some(body) = stored
        && let Ok(value) = parse(&body)
    {
        let _ = tx.send(Event::Reused).await;
        return Ok(value);
    }
    let CallOutcome { attempts, result } = client.call(endpoint, tag).await;
    // A body cut off mid-way is unreadable whatever its first bytes say.
    let parsed: Option<Result<T, String>> =
        result.as_ref().ok().map(|answer| match &answer.cut_off {
            Some(cut) => Err(cut.clone()),
            None => parse(&answer.body).map_err(|e| e.to_string()),
        });
    let credit = match &parsed {
        Some(Ok(v)) => credits(v),
        _ => None,
    };
    for attempt in attempts {
        let credits = if attempt.paid { credit } else { None };
        let _ = tx
            .send(Event::Attempt {
                hashtag: Arc::clone(tag),
                attempt,
                credits,
            })
            .await;
    }
    match (result, parsed) {
        (Ok(answer), Some(parsed)) => {
            let parse_error = parsed.as_ref().err().cloned();
            let _ = tx
                .send(Event::Response {
                    hashtag: Arc::clone(tag),
                    endpoint,
                    status: answer.status,
                    body: answer.body,
                    parse_error,
                })
                .await;
            parsed.map_err(|e| {
                Outcome::Failed(format!(
                    "{}: unreadable answer (HTTP {}): {e}; raw body kept in the database",
                    endpoint.as_str(),
                    answer.status
                ))
            })
        }
        (Err(e @ ApiError::Unauthorized { .. }), _) => Err(Outcome::Auth(e)),
        (Err(ApiError::Cancelled), _) => Err(Outcome::Cancelled),
        (Err(e), _) => Err(Outcome::Failed(format!("{}: {e}", endpoint.as_str()))),
        (Ok(_), None) => Err(Outcome::Cancelled),
    }
}

/// The end summary: results on stdout (unless `-q`), failures on stderr.
fn report_summary(ctx: &Ctx, s: &FetchSummary, db: &std::path::Path) -> Result<()> {
    if !ctx.quiet {
        ctx.emit(summary_text(s, db).as_bytes(), None)?;
    }
    if !s.failed.is_empty() {
        let mut err = format!("{} hashtag(s) failed:\n", s.failed.len());
        for f in &s.failed {
            let _ = writeln!(err, "  #{}: {}", f.hashtag, f.reason);
        }
        err.push_str("Re-run `tracker fetch` to fetch only what is missing.");
        eprintln!("{err}");
    }
    Ok(())
}

/// The summary printed at the end of a run.
pub fn summary_text(s: &FetchSummary, db: &std::path::Path) -> String {
    let mut out = String::new();
    let date = s.date.map(|d| d.to_string()).unwrap_or_default();
    let stopped = if s.not_fetched > 0 {
        format!(", {} not fetched (run stopped)", s.not_fetched)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "fetch {date}: {} stored, {} already stored, {} failed{stopped}  (database: {})",
        s.stored.len(),
        s.skipped.len(),
        s.failed.len(),
        db.display()
    );
    if !s.skipped.is_empty() {
        let tags: Vec<String> = s.skipped.iter().map(|t| format!("#{t}")).collect();
        let _ = writeln!(
            out,
            "already stored for {date}, nothing spent on: {} (--force to fetch again)",
            tags.join(" ")
        );
    }
    let _ = write!(
        out,
        "requests: {} made, {} paid, cost ${:.3}",
        int(s.requests),
        int(s.paid),
        s.cost_usd
    );
    if s.reused > 0 {
        let _ = write!(out, "; {} stored answers reused at no cost", s.reused);
    }
    if let Some(c) = s.credits_remaining {
        let _ = write!(out, "; credits remaining: {}", int(c));
    }
    out.push('\n');
    out
}
