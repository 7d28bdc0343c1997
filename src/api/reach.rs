//! Whether the run reaches the API at all. A wrong base URL, no network, DNS or TLS trouble
//! or a path that is not the API's (a 404 without the API's error body) fail every request
//! the same way: after a few such misses with no answer from the API, the run stops and says
//! what to check, instead of retrying every hashtag and calling it a partial failure.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// Misses in a row, before any answer from the API, that stop the run.
pub const UNREACHABLE_AFTER: u32 = 3;

/// Shared by every request of a run.
#[derive(Debug, Default)]
pub struct Reach {
    /// Some answer came from the API itself: from then on a miss is that request's problem.
    reached: AtomicBool,
    misses: AtomicU32,
    /// Why the run stopped, once it did.
    verdict: Mutex<Option<String>>,
}

impl Reach {
    /// The API answered (any status with its own body): it is reachable.
    pub fn answered(&self) {
        self.reached.store(true, Ordering::SeqCst);
        self.misses.store(0, Ordering::SeqCst);
    }

    /// Whether any answer so far came from the API itself.
    pub fn has_answered(&self) -> bool {
        self.reached.load(Ordering::SeqCst)
    }

    /// A request failed before reaching the API; `true` when the run should stop now.
    pub fn missed(&self, why: &str) -> bool {
        if self.reached.load(Ordering::SeqCst) {
            return false;
        }
        let n = self.misses.fetch_add(1, Ordering::SeqCst) + 1;
        if n < UNREACHABLE_AFTER {
            return false;
        }
        if let Ok(mut v) = self.verdict.lock() {
            v.get_or_insert_with(|| why.to_string());
        }
        true
    }

    /// Set when the run stopped because the API could not be reached: the last reason.
    pub fn unreachable(&self) -> Option<String> {
        self.verdict.lock().ok().and_then(|v| v.clone())
    }
}

/// The part of a connection error's chain a person reads first: its innermost cause
/// ("Connection refused (os error 111)"), named as a DNS failure when it is one. The whole
/// chain is long and repeats the URL; it is for `-v`.
pub fn first_line(why: &str) -> String {
    let innermost = why.rsplit(": ").next().unwrap_or(why).trim();
    let dns = why.contains("dns error") || why.contains("failed to lookup address");
    if dns && !innermost.to_lowercase().contains("dns") {
        format!("DNS lookup failed ({innermost})")
    } else {
        innermost.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_is_the_innermost_cause_and_names_dns() {
        let refused = "could not connect: error sending request for url (http://127.0.0.1:9/api/v1/tiktok/hashtag): client error (Connect): tcp connect error: Connection refused (os error 111)";
        assert_eq!(first_line(refused), "Connection refused (os error 111)");
        let dns = "could not connect: error sending request for url (https://api.scavio.dev/api/v1/tiktok/hashtag): client error (Connect): dns error: error resolving DNS: failed to lookup address information: Name or service not known";
        assert_eq!(
            first_line(dns),
            "DNS lookup failed (Name or service not known)"
        );
        assert_eq!(
            first_line("HTTP 404 without the API's error body"),
            "HTTP 404 without the API's error body"
        );
    }

    #[test]
    fn misses_stop_the_run_only_before_the_api_ever_answered() {
        let r = Reach::default();
        assert!(!r.missed("refused"));
        assert!(!r.missed("refused"));
        assert!(r.missed("refused"));
        assert_eq!(r.unreachable().as_deref(), Some("refused"));

        let r = Reach::default();
        r.answered();
        for _ in 0..10 {
            assert!(!r.missed("refused"));
        }
        assert_eq!(r.unreachable(), None);
    }
}
