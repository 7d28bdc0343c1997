//! Traffic control shared by every request of a run: the bound on requests in flight (which
//! adapts to the plan's limit, see [`Limiter`]), the optional global rate limit, a pause the
//! API asked for (which holds for every hashtag), and the stop signal that wakes every
//! sleeper at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, Notify};

/// Shared by every request of a run.
pub struct Throttle {
    /// Bounds requests in flight; held per attempt, never across a backoff sleep.
    permits: Limiter,
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
            permits: Limiter::new(concurrency),
            next_slot,
            stopped: AtomicBool::new(false),
            stop_signal: tokio::sync::watch::Sender::new(false),
            paused_until: std::sync::Mutex::new(None),
        }
    }

    /// A request slot, held until the answer is in.
    pub async fn slot(&self) -> Slot<'_> {
        self.permits.acquire().await
    }

    /// The limiter on requests in flight, to tell it what the API said.
    pub fn limiter(&self) -> &Limiter {
        &self.permits
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

/// Scavio caps requests in flight per plan (1 on Free and pay-as-you-go) and answers 429
/// beyond it. The limiter keeps the number in flight at what the API accepts: it starts at
/// the plan's limit when that is known (or what an earlier run learnt), else at 1 and
/// doubles while nothing is refused; a 429 cuts it (to the limit the 429 states, else by
/// half, once per round of requests), and it grows back by one only after a long run of
/// accepted requests. `concurrency` (config or `--concurrency`) is the upper bound.
pub struct Limiter {
    state: std::sync::Mutex<LimitState>,
    notify: Notify,
    upper: usize,
}
#[derive(Debug)]
struct LimitState {
    limit: usize,
    in_flight: usize,
    /// Requests accepted since the limit last changed.
    accepted: usize,
    /// Doubling (no 429 seen yet) or growing by one.
    slow_start: bool,
    /// Bumped on every cut: 429s to requests sent before the cut do not cut again.
    generation: u64,
    /// A limit the API stated (a 429 body's `concurrency`, the plan): never exceeded.
    ceiling: Option<usize>,
    refused: u64,
}
/// One request in flight; the slot is handed on when it is dropped.
pub struct Slot<'a> {
    limiter: &'a Limiter,
    generation: u64,
}
impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.limiter.state.lock() {
            s.in_flight = s.in_flight.saturating_sub(1);
        }
        self.limiter.notify.notify_one();
    }
}
impl Slot<'_> {
    /// The API accepted this request (any answer but a 429).
    pub fn accepted(&self) {
        self.limiter.accepted();
    }

    /// The API refused this request for too many in flight; `stated` is the plan's limit
    /// when the answer said it.
    pub fn refused(&self, stated: Option<u64>) {
        self.limiter.refused(self.generation, stated);
    }
}
/// Accepted requests per slot before the limit grows by one after a 429.
const GROW_AFTER: usize = 20;

impl Limiter {
    fn new(upper: usize) -> Limiter {
        let upper = upper.max(1);
        Limiter {
            state: std::sync::Mutex::new(LimitState {
                limit: upper,
                in_flight: 0,
                accepted: 0,
                slow_start: false,
                generation: 0,
                ceiling: None,
                refused: 0,
            }),
            notify: Notify::new(),
            upper,
        }
    }

    /// Starts from a limit known before the run (the plan's, or learnt by an earlier run):
    /// `known` is trusted as a ceiling, `learnt` only as a start.
    pub fn start_at(&self, known: Option<usize>, learnt: Option<usize>) {
        if let Ok(mut s) = self.state.lock() {
            match (known, learnt) {
                (Some(k), l) => {
                    s.ceiling = Some(k.max(1));
                    s.limit = l.unwrap_or(k).min(k).clamp(1, self.upper);
                    s.slow_start = false;
                }
                (None, Some(l)) => {
                    s.limit = l.clamp(1, self.upper);
                    s.slow_start = false;
                }
                (None, None) => {
                    s.limit = 1;
                    s.slow_start = true;
                }
            }
            s.accepted = 0;
        }
        self.notify.notify_waiters();
    }

    /// Requests in flight allowed now.
    pub fn limit(&self) -> usize {
        self.state.lock().map(|s| s.limit).unwrap_or(1)
    }

    /// The limit the API stated (the plan's, or a 429's `concurrency`), if any.
    pub fn ceiling(&self) -> Option<usize> {
        self.state.lock().ok().and_then(|s| s.ceiling)
    }

    /// 429s answered for too many requests in flight during this run.
    pub fn refusals(&self) -> u64 {
        self.state.lock().map(|s| s.refused).unwrap_or(0)
    }

    async fn acquire(&self) -> Slot<'_> {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Ok(mut s) = self.state.lock()
                && s.in_flight < s.limit
            {
                s.in_flight += 1;
                return Slot {
                    limiter: self,
                    generation: s.generation,
                };
            }
            notified.await;
        }
    }

    fn accepted(&self) {
        let grew = match self.state.lock() {
            Ok(mut s) => {
                s.accepted += 1;
                let cap = s.ceiling.unwrap_or(usize::MAX).min(self.upper);
                let due = if s.slow_start {
                    s.accepted >= s.limit
                } else {
                    s.accepted >= s.limit.saturating_mul(GROW_AFTER)
                };
                if due && s.limit < cap {
                    s.limit = if s.slow_start {
                        s.limit.saturating_mul(2).min(cap)
                    } else {
                        s.limit + 1
                    };
                    s.accepted = 0;
                    true
                } else {
                    false
                }
            }
            Err(_) => false,
        };
        if grew {
            self.notify.notify_waiters();
        }
    }

    fn refused(&self, generation: u64, stated: Option<u64>) {
        if let Ok(mut s) = self.state.lock() {
            s.refused += 1;
            s.slow_start = false;
            s.accepted = 0;
            if let Some(n) = stated
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n >= 1)
            {
                s.ceiling = Some(n);
                s.limit = s.limit.min(n).max(1);
                if generation == s.generation {
                    s.generation += 1;
                }
                return;
            }
            if generation == s.generation {
                s.limit = (s.limit / 2).max(1);
                s.generation += 1;
            }
        }
    }
}

/// Requests in flight each Scavio plan allows (`scavio-ai/skills` `skills/scavio/SKILL.md`,
/// "Plans"); `None` for a plan this build does not know.
pub fn plan_limit(plan: &str) -> Option<usize> {
    let p = plan
        .trim()
        .to_ascii_lowercase()
        .replace(['-', '_', ' '], "");
    match p.as_str() {
        "free" | "payasyougo" | "payg" => Some(1),
        "project" => Some(5),
        "bootstrap" => Some(10),
        "startup" => Some(15),
        "growth" => Some(50),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_limit_doubles_until_refused_then_halves_once_per_round() {
        let l = Limiter::new(16);
        l.start_at(None, None);
        assert_eq!(l.limit(), 1);
        for _ in 0..7 {
            l.acquire().await.accepted();
        }
        assert_eq!(l.limit(), 8, "1 -> 2 -> 4 -> 8");
        // Eight in flight, all refused: one cut, not eight.
        let slots: Vec<_> = futures_lite(&l, 8).await;
        for s in &slots {
            s.refused(None);
        }
        assert_eq!(l.limit(), 4);
        assert_eq!(l.refusals(), 8);
        drop(slots);
        // Growth after a 429 is slow: one more only after many accepted requests.
        for _ in 0..(4 * GROW_AFTER - 1) {
            l.acquire().await.accepted();
        }
        assert_eq!(l.limit(), 4);
        l.acquire().await.accepted();
        assert_eq!(l.limit(), 5);
    }

    #[tokio::test]
    async fn a_stated_limit_is_a_ceiling() {
        let l = Limiter::new(8);
        l.acquire().await.refused(Some(2));
        assert_eq!((l.limit(), l.ceiling()), (2, Some(2)));
        for _ in 0..1000 {
            l.acquire().await.accepted();
        }
        assert_eq!(l.limit(), 2);
        l.start_at(Some(5), None);
        assert_eq!(l.limit(), 5, "a known plan limit under the upper bound");
        assert_eq!(plan_limit("Pay As You Go"), Some(1));
        assert_eq!(plan_limit("startup"), Some(15));
        assert_eq!(plan_limit("enterprise"), None);
    }

    async fn futures_lite(l: &Limiter, n: usize) -> Vec<Slot<'_>> {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(l.acquire().await);
        }
        out
    }
}
