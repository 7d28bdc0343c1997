//! Before any request: what is already stored for the date (nothing is bought twice), what
//! each hashtag still needs (the stats answer, pages of videos), the ids known from earlier
//! days, and whether the budget allows it.

use super::FetchOptions;
use super::worker::Job;
use crate::model::Endpoint;
use crate::store::Store;
use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The work of a run.
pub struct Plan {
    pub jobs: Vec<Job>,
    /// Already stored for the date: nothing to spend.
    pub skipped: Vec<String>,
}

impl Plan {
    /// Paid calls (credits) the plan needs, at most (retries and repeated videos aside).
    pub fn calls_needed(&self) -> u64 {
        self.jobs.iter().map(Job::calls_needed).sum()
    }
}

/// Every hashtag of `opts` not yet stored for the date, with the good answers a failed
/// run already paid for (unless `force`), sampling `sample` videos each.
pub fn plan(store: &Store, opts: &FetchOptions, sample: u32) -> Result<Plan> {
    let (stored, mut good) = if opts.force {
        Default::default()
    } else {
        (
            store.stored_hashtags(opts.date)?,
            store.good_responses(opts.date)?,
        )
    };
    let mut ids = store.hashtag_ids()?;
    let mut pages: BTreeMap<String, BTreeMap<u32, Vec<u8>>> = BTreeMap::new();
    let mut stats = BTreeMap::new();
    for ((tag, endpoint, page), body) in good.drain() {
        match endpoint {
            Endpoint::Stats => {
                stats.insert(tag, body);
            }
            Endpoint::Videos => {
                pages.entry(tag).or_default().insert(page, body);
            }
        }
    }
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
            known_id: ids.remove(tag),
            stats: stats.remove(tag),
            pages: pages.remove(tag).unwrap_or_default(),
            sample,
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

/// Refuses a plan the account cannot pay for, before spending anything.
pub fn check_balance(plan: &Plan, balance: u64, top_up: &str) -> Result<()> {
    let needed = plan.calls_needed();
    if needed > balance {
        bail!(
            "this run needs {needed} credits, the account has {balance}; top up at {top_up} \
             (or fetch fewer hashtags with --tag); nothing was spent"
        );
    }
    Ok(())
}
