//! Every default and bound of `hashtags.toml`, in one place: what a key means when it is
//! left out, and how far it may go.

pub const DEFAULT_BASE_URL: &str = "https://api.scavio.dev";
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// A real page of 30 videos is a few hundred KiB; an answer past this is cut (and kept).
pub const DEFAULT_MAX_ANSWER_MIB: u32 = 4;
pub(super) const MAX_ANSWER_MIB: u32 = 64;
/// Scavio charges one credit, $0.005, for each call to either endpoint.
pub const DEFAULT_COST_PER_REQUEST: f64 = 0.005;
pub const DEFAULT_MAX_RETRIES: u32 = 3;
pub const DEFAULT_CONCURRENCY: usize = 8;
pub const DEFAULT_RETRY_BASE_MS: u64 = 500;
/// Videos sampled per hashtag per day: one page of 30 (one credit).
pub const DEFAULT_SAMPLE_VIDEOS: u32 = 30;
/// Ten pages at most: each page is a credit.
pub const MAX_SAMPLE_VIDEOS: u32 = 300;
/// Bounds of `[api]` values (the same as the `--concurrency` flag's).
pub(super) const MAX_CONCURRENCY: usize = 256;
pub(super) const MAX_RETRIES: u32 = 10;
/// An hour: beyond it a timer deadline is no longer a timeout (and far enough out, it
/// overflows the clock).
pub(super) const MAX_TIMEOUT_SECS: u64 = 3600;

/// A hashtag alerted for a signal is not alerted for it again within this many days.
pub const DEFAULT_COOLDOWN_DAYS: u32 = 7;
pub(super) const MAX_COOLDOWN_DAYS: u32 = 365;
/// `[storage] keep_raw_days` at most (a hundred years).
pub(super) const MAX_KEEP_RAW_DAYS: u32 = 36_500;
