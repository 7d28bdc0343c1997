//! Everything that spends credits. The daily job as a library, used by `fetch` and `demo`:
//! plan what is missing for the date, buy it concurrently, and store each answer as it
//! arrives through a single writer; and [`probe`], the `discover --probe` purchase.
//! A re-run never pays for stored data.
//!
//! Words used here: a hashtag's **outcome** (`worker::HashtagOutcome`) is what the daily job got
//! for it (its stats and sample, or why not), built from the client's calls (see
//! [`crate::api::client`]: a call, its attempts and their answers); an **event** is what a worker
//! tells the single writer.

mod plan;
pub mod probe;
mod summary;
mod worker;
mod writer;

pub use summary::{Failure, FetchSummary, summary_text};

use crate::api::status::TOP_UP_HINT;
use crate::api::throttle::plan_limit;
use crate::api::{Client, UsageCheck};
use crate::config::Config;
use crate::model::RunTotals;
use crate::store::Store;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::ProgressBar;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use worker::{Event, fetch_hashtag};
use writer::Writer;

/// What to fetch, decided from flags and config before any request.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub date: NaiveDate,
    /// Normalised hashtags to consider (already filtered by `--tag`).
    pub hashtags: Vec<String>,
    /// Buy again what is already stored for the date.
    pub force: bool,
    pub max_requests: Option<u64>,
}

/// The async runtime a fetch runs on: two workers are plenty for a network-bound job.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the async runtime")
}

/// Plans, spends and stores one day.
pub async fn execute(
    config: &Config,
    store: &mut Store,
    client: Arc<Client>,
    opts: &FetchOptions,
    progress: Option<ProgressBar>,
) -> Result<FetchSummary> {
    let mut plan = plan::plan(store, opts, config.sample_videos)?;
    plan::check_budget(&plan, opts.max_requests, config.api.cost_per_request)?;
    let mut summary = FetchSummary {
        date: Some(opts.date),
        skipped: std::mem::take(&mut plan.skipped),
        ..FetchSummary::default()
    };
    if plan.jobs.is_empty() {
        return Ok(summary);
    }
    // The free account check first: a wrong key or too small a balance costs nothing.
    let learnt = store.recall(LEARNT_KEY)?;
    if !check_account(&client, &plan, learnt.as_deref(), &mut summary).await? {
        return Ok(summary);
    }
    let jobs = plan.jobs;
    if let Some(bar) = &progress {
        bar.set_length(jobs.len() as u64);
    }

    let jobs_total = jobs.len();
    let run_id = store.begin_run(opts.date)?;
    // Bounded: tasks wait for the writer rather than pile answers up in memory.
    let (tx, mut rx) = mpsc::channel::<Event>(64);
    // More hashtags in progress than request slots, so a hashtag waiting out a backoff
    // never holds back the others; still bounded, so memory does not grow with the list.
    let max_jobs = config.api.concurrency.max(1).saturating_mul(4);
    let dispatcher = dispatch(Arc::clone(&client), jobs, max_jobs, tx);

    let cost = config.api.cost_per_request;
    Writer {
        store,
        run_id,
        date: opts.date,
        cost_per_request: cost,
        progress: progress.as_ref(),
        sending: Default::default(),
    }
    .run(&mut rx, &mut summary)
    .await?;
    if let Err(e) = dispatcher.await {
        tracing::error!("fetch tasks ended abnormally: {e}");
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    summary.cost_usd = summary.paid as f64 * cost;
    finish(
        store,
        &client,
        &mut summary,
        run_id,
        jobs_total,
        learnt.as_deref(),
    )?;
    Ok(summary)
}

/// The free usage check: sets the plan's concurrency, refuses a run the balance cannot pay
/// for. `false` when the key was rejected (the run stops, having spent nothing).
async fn check_account(
    client: &Client,
    plan: &plan::Plan,
    learnt: Option<&str>,
    summary: &mut FetchSummary,
) -> Result<bool> {
    match client.usage().await {
        UsageCheck::Known(usage) => {
            let plan_name = usage.plan.clone().unwrap_or_else(|| "?".into());
            let (limit, stated) = learnt_limit(learnt, &plan_name).unzip();
            client.limiter().start_at(
                usage
                    .plan
                    .as_deref()
                    .and_then(plan_limit)
                    .or(limit.filter(|_| stated == Some(true))),
                limit,
            );
            if let Some(balance) = usage.credit_balance {
                plan::check_balance(plan, balance, TOP_UP_HINT)?;
            }
            summary.plan = usage.plan;
            summary.balance_before = usage.credit_balance;
        }
        UsageCheck::Rejected(e) => {
            summary.not_fetched = plan.jobs.len();
            summary.auth_error = Some(e);
            return Ok(false);
        }
        UsageCheck::Unavailable(why) => {
            tracing::info!("usage check unavailable ({why}); the first request proves the key");
            let (limit, stated) = learnt_limit(learnt, "?").unzip();
            client
                .limiter()
                .start_at(limit.filter(|_| stated == Some(true)), limit);
        }
    }
    Ok(true)
}

/// Starts a task per hashtag, at most `max_jobs` at once, each sending what it gets to the
/// writer; stops starting them once the client is stopped.
fn dispatch(
    client: Arc<Client>,
    jobs: Vec<worker::Job>,
    max_jobs: usize,
    tx: mpsc::Sender<Event>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut set = JoinSet::new();
        for job in jobs {
            while set.len() >= max_jobs {
                set.join_next().await;
            }
            if client.is_stopped() {
                break;
            }
            set.spawn(fetch_hashtag(Arc::clone(&client), job, tx.clone()));
        }
        drop(tx);
        while set.join_next().await.is_some() {}
    })
}

/// After the last answer: what the run learnt of the plan's limits, the counts, and the run
/// log's last line (a run that never got past the key leaves none).
fn finish(
    store: &mut Store,
    client: &Client,
    summary: &mut FetchSummary,
    run_id: i64,
    jobs_total: usize,
    learnt: Option<&str>,
) -> Result<()> {
    summary.unreachable = client.unreachable();
    summary.concurrency = client.limiter().limit();
    summary.rate_limited = client.limiter().refusals();
    remember_limit(store, client, summary, learnt)?;
    summary.not_fetched = jobs_total.saturating_sub(summary.stored.len() + summary.failed.len());
    summary.stored.sort();
    summary.failed.sort_by(|a, b| a.hashtag.cmp(&b.hashtag));
    let totals = RunTotals {
        ok: summary.stored.len(),
        failed: summary.failed.len(),
        skipped: summary.skipped.len(),
    };
    if (summary.auth_error.is_some() || summary.unreachable.is_some()) && summary.paid == 0 {
        // The key was wrong, or the API out of reach, from the start: the run leaves
        // nothing behind.
        store.discard_run(run_id)?;
    } else {
        store.finish_run(run_id, summary.run_status(), totals)?;
    }
    Ok(())
}

/// Where a run leaves the limit on requests in flight it found: `plan:limit`, or
/// `plan:limit:stated` when a 429 said what the plan's limit is.
const LEARNT_KEY: &str = "api.concurrency";

/// The limit an earlier run learnt on the same plan, and whether the API stated it.
fn learnt_limit(stored: Option<&str>, plan: &str) -> Option<(usize, bool)> {
    let (rest, stated) = match stored?.strip_suffix(":stated") {
        Some(rest) => (rest, true),
        None => (stored?, false),
    };
    let (p, n) = rest.rsplit_once(':')?;
    let n: usize = n.parse().ok().filter(|n| *n >= 1)?;
    (p == plan).then_some((n, stated))
}

/// Keeps what this run learnt about the plan's limit for the next run: after a 429, or when
/// more in flight than remembered went through.
fn remember_limit(
    store: &Store,
    client: &Client,
    s: &FetchSummary,
    stored: Option<&str>,
) -> Result<()> {
    let plan = s.plan.as_deref().unwrap_or("?");
    let before = learnt_limit(stored, plan).map(|(n, _)| n);
    // Only what some accepted request showed is worth remembering.
    if s.paid > 0 && (s.rate_limited > 0 || before.is_some_and(|b| s.concurrency > b)) {
        let value = match client.limiter().ceiling() {
            Some(c) if plan_limit(plan).is_none() => format!("{plan}:{c}:stated"),
            _ => format!("{plan}:{}", s.concurrency),
        };
        store.remember(LEARNT_KEY, &value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::learnt_limit;

    #[test]
    fn a_learnt_limit_holds_only_for_its_plan() {
        assert_eq!(learnt_limit(Some("free:1"), "free"), Some((1, false)));
        assert_eq!(
            learnt_limit(Some("custom:3:stated"), "custom"),
            Some((3, true))
        );
        assert_eq!(
            learnt_limit(Some("free:1"), "growth"),
            None,
            "an upgraded plan"
        );
        assert_eq!(learnt_limit(Some("?:0"), "?"), None);
        assert_eq!(learnt_limit(Some("garbage"), "?"), None);
        assert_eq!(learnt_limit(None, "free"), None);
    }
}
