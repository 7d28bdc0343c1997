//! The single writer: it owns the database connection and stores each event as it arrives
//! (attempts in the run log, raw answers, snapshots with their signals), so memory stays
//! flat and nothing paid for waits on a later answer to be stored.

use super::summary::{Failure, FetchSummary};
use super::worker::{Event, HashtagOutcome};
use crate::api::client::Attempt;
use crate::metrics::sample::sample_metrics;
use crate::model::{Endpoint, Snapshot};
use crate::refresh::{refresh_samples, refresh_signals};
use crate::store::{RequestRow, ResponseRow, Store};
use anyhow::{Context, Result};
use chrono::{NaiveDate, Utc};
use indicatif::ProgressBar;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;

/// What the writer needs to know of the run.
pub struct Writer<'a> {
    pub store: &'a mut Store,
    pub run_id: i64,
    pub date: NaiveDate,
    pub cost_per_request: f64,
    pub progress: Option<&'a ProgressBar>,
    /// The "sent, no answer yet" rows of the calls in flight, replaced by their attempts.
    pub sending: HashMap<(Arc<str>, Endpoint), i64>,
}

impl Writer<'_> {
    /// Stores events until every task is done. Whatever is already queued is written in one
    /// transaction, committed as soon as the queue is empty.
    pub async fn run(
        &mut self,
        rx: &mut mpsc::Receiver<Event>,
        summary: &mut FetchSummary,
    ) -> Result<()> {
        let mut batch = false;
        loop {
            let event = match rx.try_recv() {
                Ok(event) => event,
                Err(_) => {
                    if batch {
                        self.store.commit_batch()?;
                        batch = false;
                    }
                    match rx.recv().await {
                        Some(event) => event,
                        None => return Ok(()),
                    }
                }
            };
            if !batch {
                self.store.begin_batch()?;
                batch = true;
            }
            if let Event::Sending {
                hashtag,
                endpoint,
                ack,
            } = event
            {
                let id = self
                    .store
                    .log_sending(self.run_id, self.date, &hashtag, endpoint)?;
                self.sending.insert((hashtag, endpoint), id);
                // On disk before the request goes: committed now, not with the next batch.
                self.store.commit_batch()?;
                batch = false;
                let _ = ack.send(());
                continue;
            }
            self.store_event(event, summary)?;
        }
    }

    fn store_event(&mut self, event: Event, summary: &mut FetchSummary) -> Result<()> {
        match event {
            Event::Attempt {
                hashtag,
                attempt,
                credits,
            } => self.log_attempt(&hashtag, &attempt, credits, summary)?,
            Event::Response {
                hashtag,
                endpoint,
                page,
                status,
                body,
                parse_error,
            } => {
                self.store.save_response(&ResponseRow {
                    date: self.date,
                    hashtag: &hashtag,
                    endpoint,
                    page,
                    run_id: self.run_id,
                    status,
                    body: &body,
                    parse_error: parse_error.as_deref(),
                })?;
            }
            Event::HashtagId { hashtag, id } => {
                self.store.save_hashtag_id(&hashtag, Some(&id))?;
            }
            // Handled (and committed) by `run` before anything else.
            Event::Sending { .. } => {}
            Event::NotSent { hashtag, endpoint } => {
                if let Some(id) = self.sending.remove(&(hashtag, endpoint)) {
                    self.store.forget_sending(id)?;
                }
            }
            Event::Reused => summary.reused += 1,
            Event::Done { hashtag, outcome } => self.finish_hashtag(&hashtag, outcome, summary)?,
        }
        Ok(())
    }

    /// An attempt, into the run log: what it cost and the balance it reported.
    fn log_attempt(
        &mut self,
        hashtag: &Arc<str>,
        attempt: &Attempt,
        credits: Option<u64>,
        summary: &mut FetchSummary,
    ) -> Result<()> {
        if let Some(id) = self
            .sending
            .remove(&(Arc::clone(hashtag), attempt.endpoint))
        {
            self.store.forget_sending(id)?;
        }
        summary.requests += 1;
        if attempt.paid {
            summary.paid += 1;
        }
        if let Some(c) = credits {
            summary.credits_remaining = Some(summary.credits_remaining.map_or(c, |p| p.min(c)));
        }
        self.store.log_request(&RequestRow {
            run_id: self.run_id,
            date: self.date,
            hashtag,
            endpoint: attempt.endpoint,
            attempt: attempt.attempt,
            status: attempt.status,
            error: attempt.error.as_deref(),
            elapsed_ms: attempt.elapsed.as_millis() as u64,
            cost_usd: if attempt.paid {
                self.cost_per_request
            } else {
                0.0
            },
            credits_remaining: credits,
        })?;
        Ok(())
    }

    /// A hashtag's outcome: its snapshot stored with the signals and samples derived from it,
    /// or why not.
    fn finish_hashtag(
        &mut self,
        hashtag: &Arc<str>,
        outcome: HashtagOutcome,
        summary: &mut FetchSummary,
    ) -> Result<()> {
        match outcome {
            HashtagOutcome::Fetched { stats, sample } => {
                let snapshot = Snapshot {
                    date: self.date,
                    hashtag: hashtag.to_string(),
                    fetched_at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    video_count: stats.video_count,
                    view_count: stats.view_count,
                    video_precision: stats.precision.videos,
                    view_precision: stats.precision.views,
                    metrics: sample_metrics(&sample.videos),
                    credits_remaining: stats.credits_remaining.or(sample.credits_remaining),
                };
                let store = &mut *self.store;
                store.save_hashtag_id(hashtag, None)?;
                store
                    .save_snapshot(&snapshot, &sample.videos, self.run_id)
                    .and_then(|()| refresh_signals(store, hashtag, self.date))
                    .and_then(|()| refresh_samples(store, self.date, hashtag))
                    .with_context(|| format!("could not store #{hashtag}"))?;
                summary.stored.push(hashtag.to_string());
            }
            HashtagOutcome::Auth(e) => {
                summary.auth_error.get_or_insert(e);
            }
            HashtagOutcome::Cancelled => {}
            HashtagOutcome::Failed(reason) => summary.failed.push(Failure {
                hashtag: hashtag.to_string(),
                reason,
            }),
        }
        if let Some(bar) = self.progress {
            bar.inc(1);
        }
        Ok(())
    }
}
