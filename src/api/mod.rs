//! The Scavio API, bytes in and model out: the HTTP client, traffic control, one place that
//! classifies statuses, the key and its redaction, and tolerant payload parsing.

pub mod client;
pub mod key;
pub mod payload;
pub mod reach;
pub mod request;
pub mod status;
pub mod throttle;

pub use client::{Client, UsageCheck};
pub use key::ApiKey;
pub use status::ApiError;
