//! Traffic control shared by every request of a run: the bound on requests in flight, the
//! optional global rate limit, a pause the API asked for (which holds for every hashtag),
//! and the stop signal that wakes every sleeper at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, Semaphore, SemaphorePermit};

/// Shared by every request of a run.
pub struct Throttle {
    /// Bounds requests in flight; held per attempt, never across a backoff sleep.
    permits: Semaphore,
    /// Next free slot of the optional global rate limit.
    next_slot: Option<(Mutex<tokio::time::Instant>, Duration)>,
    stopped: AtomicBool,
    /// Wakes every sleeping call (backoff, rate limit, pause) when the run is stopped.
    stop_signal: tokio::sync::watch::Sender<bool>,
    /// Until when every request waits: the API said it is overloaded (429 / 503 with
    /// `Retry-After`), which holds for all hashtags, not just the one that was told.
    paused_until: std::sync::Mutex<Option<tokio::time::Instant>>,
}

impl Throttle {
    /// `concurrency` requests in flight at most; `max_requests_per_second` spaces them.
    pub fn new(concurrency: usize, max_requests_per_second: Option<f64>) -> Throttle {
        let next_slot = max_requests_per_second.map(|rps| {
            (
                Mutex::new(tokio::time::Instant::now()),
                Duration::try_from_secs_f64(1.0 / rps).unwrap_or(Duration::from_secs(1000)),
            )
        });
        Throttle {
            permits: Semaphore::new(concurrency.max(1)),
            next_slot,
            stopped: AtomicBool::new(false),
            stop_signal: tokio::sync::watch::Sender::new(false),
            paused_until: std::sync::Mutex::new(None),
        }
    }

    /// A request slot; `None` only if the semaphore were closed, which it never is.
    pub async fn slot(&self) -> Option<SemaphorePermit<'_>> {
        self.permits.acquire().await.ok()
    }

    /// Stops every call not yet sent (a rejected key, Ctrl-C).
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.stop_signal.send_replace(true);
    }

    /// Sleeps until `until`; `false` (at once) when the run is stopped meanwhile.
    pub async fn sleep_until(&self, until: tokio::time::Instant) -> bool {
        let mut stop = self.stop_signal.subscribe();
        if *stop.borrow_and_update() {
            return false;
        }
        tokio::select! {
            () = tokio::time::sleep_until(until) => !self.is_stopped(),
            _ = stop.wait_for(|stopped| *stopped) => false,
        }
    }

    /// Makes every request wait until `until` (the longest pause asked for wins).
    pub fn pause_all(&self, until: tokio::time::Instant) {
        if let Ok(mut p) = self.paused_until.lock() {
            *p = Some(p.map_or(until, |t| t.max(until)));
        }
    }

    /// Waits out a pause the API asked for; `false` when the run was stopped meanwhile.
    pub async fn wait_for_pause(&self) -> bool {
        loop {
            let until = self.paused_until.lock().ok().and_then(|p| *p);
            match until {
                Some(t) if t > tokio::time::Instant::now() => {
                    if !self.sleep_until(t).await {
                        return false;
                    }
                }
                _ => return true,
            }
        }
    }

    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Waits for this request's turn under the global rate limit; `false` when stopped.
    /// Called just before sending, with the request slot held: a turn reserved earlier
    /// could pass while waiting for a slot, and several would then go out at once.
    pub async fn wait_for_slot(&self) -> bool {
        if let Some((next, spacing)) = &self.next_slot {
            let at = {
                let mut next = next.lock().await;
                let now = tokio::time::Instant::now();
                let at = (*next).max(now);
                *next = at + *spacing;
                at
            };
            return self.sleep_until(at).await;
        }
        true
    }
}
