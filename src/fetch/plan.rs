//! Before any request: what is already stored for the date (nothing is bought twice), what
//! each hashtag still needs, and whether the budget allows it.

use super::FetchOptions;
use super::worker::Job;
use crate::model::Endpoint;
use crate::store::Store;
use anyhow::{Result, bail};
use std::sync::Arc;

/// The work of a run.
pub struct Plan {
    pub jobs: Vec<Job>,
    /// Already stored for the date: nothing to spend.
    pub skipped: Vec<String>,
}

impl Plan {
    /// Paid calls the plan needs, at most (retries aside).
    pub fn calls_needed(&self) -> u64 {
        self.jobs.iter().map(Job::calls_needed).sum()
    }
}

/// Every hashtag of `opts` not yet stored for the date, with the good answers a failed
/// run already paid for (unless `force`).
pub fn plan(store: &Store, opts: &FetchOptions) -> Result<Plan> {
    let (stored, mut good) = if opts.force {
        Default::default()
    } else {
        (
            store.stored_hashtags(opts.date)?,
            store.good_responses(opts.date)?,
        )
    };
    let mut plan = Plan {
        jobs: Vec::new(),
        skipped: Vec::new(),
    };
    for tag in &opts.hashtags {
        if stored.contains(tag) {
            plan.skipped.push(tag.clone());
            continue;
        }
        plan.jobs.push(Job {
            hashtag: Arc::from(tag.as_str()),
            stats: good.remove(&(tag.clone(), Endpoint::Stats)),
            videos: good.remove(&(tag.clone(), Endpoint::Videos)),
        });
    }
    Ok(plan)
}

/// Refuses a plan over `--max-requests` / `[budget] max_requests_per_run` before spending.
pub fn check_budget(plan: &Plan, max_requests: Option<u64>, cost_per_request: f64) -> Result<()> {
    let needed = plan.calls_needed();
    if let Some(max) = max_requests
        && needed > max
    {
        bail!(
            "this run needs {needed} requests (${:.3}) but the budget allows {max} \
             ([budget] max_requests_per_run or --max-requests); nothing was spent",
            needed as f64 * cost_per_request
        );
    }
    Ok(())
}
