//! The TOML's raw shape, as written: every key optional, unknown keys refused so a typo
//! (`max_retry`) is an error rather than silently ignored. Validation lives in the modules
//! that own each section.

use serde::Deserialize;
use std::path::PathBuf;

/// The file as written. Unknown keys are errors so a typo (`max_retry`) is not silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) hashtags: Vec<String>,
    #[serde(default)]
    pub(super) api: RawApi,
    #[serde(default)]
    pub(super) storage: RawStorage,
    #[serde(default)]
    pub(super) budget: RawBudget,
    #[serde(default)]
    pub(super) alerts: RawAlerts,
    #[serde(default)]
    pub(super) discover: RawDiscover,
    #[serde(default)]
    pub(super) sample: RawSample,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSample {
    pub(super) videos: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawApi {
    pub(super) base_url: Option<String>,
    pub(super) timeout_secs: Option<u64>,
    pub(super) cost_per_request: Option<f64>,
    pub(super) max_retries: Option<u32>,
    pub(super) retry_base_ms: Option<u64>,
    pub(super) concurrency: Option<usize>,
    pub(super) max_requests_per_second: Option<f64>,
    pub(super) max_answer_mib: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStorage {
    pub(super) path: Option<PathBuf>,
    pub(super) keep_raw_days: Option<u32>,
}

/// `[discover] ignore = [...]`: more generic tags for `discover` to leave out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDiscover {
    #[serde(default)]
    pub(super) ignore: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBudget {
    pub(super) max_requests_per_run: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAlerts {
    pub(super) webhook_url: Option<String>,
    pub(super) on: Option<Vec<String>>,
    pub(super) cooldown_days: Option<u32>,
    pub(super) min_momentum: Option<f64>,
}
