//! `discover --probe K`: the totals of a few untracked candidates, one paid stats request
//! each. The answers go where `fetch` keeps them (run log, raw responses under the day they
//! were bought), so a candidate probed today and then tracked is not bought twice today, and
//! `costs` shows the spend.

use crate::api::client::Attempt;
use crate::api::payload::{HashtagStats, parse_stats_for};
use crate::api::{ApiError, Client, request};
use crate::model::{Endpoint, RunStatus, RunTotals};
use crate::store::{RequestRow, ResponseRow, Store};
use anyhow::{Result, bail};
use chrono::NaiveDate;

/// What a probe will do before it spends anything.
#[derive(Debug, Clone)]
pub struct ProbePlan {
    /// The day the totals are of (today): where their answers are stored.
    pub date: NaiveDate,
    /// Candidates whose readable answer is already stored for `date`, with it.
    pub stored: Vec<(String, Vec<u8>)>,
    /// Candidates to buy, one request each.
    pub to_buy: Vec<String>,
}

/// One candidate's totals, or why there are none.
#[derive(Debug, Clone)]
pub struct Probed {
    pub hashtag: String,
    pub totals: Result<HashtagStats, String>,
}

/// What the probe bought and what it cost.
#[derive(Debug, Clone, Default)]
pub struct ProbeSummary {
    pub probed: Vec<Probed>,
    pub paid: u64,
    pub cost_usd: f64,
    pub credits_remaining: Option<u64>,
}

/// Splits `hashtags` into stored (already bought on `date`) and to buy.
pub fn plan(store: &Store, date: NaiveDate, hashtags: &[String]) -> Result<ProbePlan> {
    let mut good = store.good_responses(date)?;
    let mut plan = ProbePlan {
        date,
        stored: Vec::new(),
        to_buy: Vec::new(),
    };
    for tag in hashtags {
        match good.remove(&(tag.clone(), Endpoint::Stats, 0)) {
            Some(body) if parse_stats_for(&body, tag).is_ok() => {
                plan.stored.push((tag.clone(), body));
            }
            _ => plan.to_buy.push(tag.clone()),
        }
    }
    Ok(plan)
}

/// Refuses a probe over the budget before anything is sent.
pub fn check_budget(plan: &ProbePlan, max_requests: Option<u64>, cost: f64) -> Result<()> {
    let needed = plan.to_buy.len() as u64;
    if let Some(max) = max_requests
        && needed > max
    {
        bail!(
            "probing needs {needed} requests (${:.3}) but the budget allows {max} \
             ([budget] max_requests_per_run); nothing was spent",
            needed as f64 * cost
        );
    }
    Ok(())
}

/// Buys what `plan` says, one request at a time, storing every attempt and answer as it
/// arrives. A rejected key stops the probe (and, when nothing was paid, leaves no trace).
pub async fn run(
    store: &mut Store,
    client: &Client,
    plan: ProbePlan,
    cost_per_request: f64,
) -> Result<ProbeSummary> {
    let mut summary = ProbeSummary::default();
    for (hashtag, body) in plan.stored {
        let totals = parse_stats_for(&body, &hashtag).map_err(|e| e.to_string());
        summary.probed.push(Probed { hashtag, totals });
    }
    if plan.to_buy.is_empty() {
        return Ok(summary);
    }
    let reused = summary.probed.len();
    let run_id = store.begin_run(plan.date)?;
    let mut auth: Option<ApiError> = None;
    for hashtag in plan.to_buy {
        if auth.is_some() || client.is_stopped() {
            break;
        }
        let outcome = client
            .call(Endpoint::Stats, &hashtag, &request::stats_body(&hashtag))
            .await;
        let parsed = outcome.result.as_ref().ok().map(|a| match &a.cut_off {
            Some(cut) => Err(cut.clone()),
            None => parse_stats_for(&a.body, &hashtag).map_err(|e| e.to_string()),
        });
        let credits = parsed
            .as_ref()
            .and_then(|p| p.as_ref().ok())
            .and_then(|s| s.credits_remaining);
        summary.paid += log_attempts(
            store,
            (run_id, plan.date),
            &hashtag,
            &outcome.attempts,
            credits,
            cost_per_request,
        )?;
        if credits.is_some() {
            summary.credits_remaining = credits;
        }
        let totals = match (outcome.result, parsed) {
            (Ok(answer), Some(parsed)) => {
                store.save_response(&ResponseRow {
                    date: plan.date,
                    hashtag: &hashtag,
                    endpoint: Endpoint::Stats,
                    page: 0,
                    run_id,
                    status: answer.status,
                    body: &answer.body,
                    parse_error: parsed.as_ref().err().map(String::as_str),
                })?;
                parsed.map_err(|e| format!("unreadable answer (HTTP {}): {e}", answer.status))
            }
            (Err(e @ ApiError::Unauthorized { .. }), _) => {
                auth = Some(e.clone());
                Err(e.to_string())
            }
            (Err(e), _) => Err(e.to_string()),
            (Ok(_), None) => Err("not read".into()),
        };
        summary.probed.push(Probed { hashtag, totals });
    }
    summary.cost_usd = summary.paid as f64 * cost_per_request;
    close_run(store, run_id, &summary, reused, auth.is_some())?;
    if let Some(e) = auth {
        bail!(
            "{e}; the probe stopped ({} paid request(s) stored)",
            summary.paid
        );
    }
    Ok(summary)
}

/// A call's attempts, into the run log; returns how many were paid.
fn log_attempts(
    store: &mut Store,
    (run_id, date): (i64, NaiveDate),
    hashtag: &str,
    attempts: &[Attempt],
    credits: Option<u64>,
    cost_per_request: f64,
) -> Result<u64> {
    let mut paid = 0;
    for a in attempts {
        if a.paid {
            paid += 1;
        }
        store.log_request(&RequestRow {
            run_id,
            date,
            hashtag,
            endpoint: Endpoint::Stats,
            attempt: a.attempt,
            status: a.status,
            error: a.error.as_deref(),
            elapsed_ms: a.elapsed.as_millis() as u64,
            cost_usd: if a.paid { cost_per_request } else { 0.0 },
            credits_remaining: if a.paid { credits } else { None },
        })?;
    }
    Ok(paid)
}

/// The run log's last line for the probe (one rejected before paying anything leaves none).
fn close_run(
    store: &mut Store,
    run_id: i64,
    summary: &ProbeSummary,
    reused: usize,
    rejected: bool,
) -> Result<()> {
    let bought = &summary.probed[reused..];
    let ok = bought.iter().filter(|p| p.totals.is_ok()).count();
    let failed = bought.len() - ok;
    if rejected && summary.paid == 0 {
        return store.discard_run(run_id);
    }
    let status = match (rejected, failed) {
        (true, _) => RunStatus::AuthFailed,
        (false, 0) => RunStatus::Ok,
        (false, _) => RunStatus::Partial,
    };
    store.finish_run(
        run_id,
        status,
        RunTotals {
            ok,
            failed,
            skipped: 0,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 14).unwrap()
    }

    fn store_stats(s: &Store, tag: &str, body: &str, parse_error: Option<&str>) {
        s.save_response(&ResponseRow {
            date: d(),
            hashtag: tag,
            endpoint: Endpoint::Stats,
            page: 0,
            run_id: 1,
            status: 200,
            body: body.as_bytes(),
            parse_error,
        })
        .unwrap();
    }

    #[test]
    fn a_readable_answer_bought_today_is_reused_and_the_rest_bought() {
        let s = Store::open_in_memory().unwrap();
        store_stats(&s, "a", r#"{"video_count": 1, "view_count": 2}"#, None);
        store_stats(&s, "b", "<html>", Some("not JSON"));
        let tags = ["a", "b", "c"].map(String::from);
        let plan = plan(&s, d(), &tags).unwrap();
        assert_eq!(plan.stored.len(), 1);
        assert_eq!(plan.stored[0].0, "a");
        assert_eq!(plan.to_buy, ["b", "c"]);
    }

    #[test]
    fn the_budget_counts_only_what_is_bought() {
        let plan = ProbePlan {
            date: d(),
            stored: vec![("a".into(), Vec::new())],
            to_buy: vec!["b".into(), "c".into()],
        };
        assert!(check_budget(&plan, Some(2), 0.005).is_ok());
        assert!(check_budget(&plan, None, 0.005).is_ok());
        let e = check_budget(&plan, Some(1), 0.005).unwrap_err().to_string();
        assert!(
            e.contains("needs 2 requests ($0.010)") && e.contains("nothing was spent"),
            "{e}"
        );
    }
}
