//! `hashtags.toml` → a validated [`Config`]: the file alone (no environment, no command
//! line; `settings` layers those on top). The TOML's raw shape is in `raw`, the defaults and
//! bounds in `defaults`, each section's validation beside its settings type.

mod alerts;
mod api;
mod defaults;
mod raw;
mod redact;
#[cfg(test)]
mod tests;

pub use alerts::AlertSettings;
pub use api::{ApiSettings, parse_base_url};
pub use defaults::*;

use crate::model::hashtag;
use anyhow::{Context, Result, bail};
use raw::{RawConfig, RawSample, RawStorage};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE_NAME: &str = "hashtags.toml";
pub const DB_FILE_NAME: &str = "tracker.db";
/// A config is a short list of hashtags; anything bigger is the wrong file (`/dev/zero`).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The text of a config file, refused when larger than [`MAX_CONFIG_BYTES`] (read through a
/// cap, so an endless file is not read to the end).
pub fn read_text(path: &Path) -> Result<String> {
    use std::io::Read;
    let context = || {
        format!(
            "could not read config file '{}'; create one with `tracker init`",
            path.display()
        )
    };
    let file = std::fs::File::open(path).with_context(context)?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(context)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        bail!(
            "config file '{}' is larger than {} KiB; is it the right file?",
            path.display(),
            MAX_CONFIG_BYTES / 1024
        );
    }
    String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("config file '{}' is not UTF-8 text", path.display()))
}

/// The lock file that `tracker tags add|remove` hold while they edit `config`: beside the
/// config's real path, so every name for the file shares it.
pub fn lock_path(config: &Path) -> std::path::PathBuf {
    let mut name = crate::files::canonical(config).into_os_string();
    name.push(".lock");
    name.into()
}

/// A validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file it came from (for messages).
    pub path: PathBuf,
    /// Normalised, deduplicated, in file order.
    pub hashtags: Vec<String>,
    pub api: ApiSettings,
    /// Where the database lives when `--db` does not say.
    pub db_path: PathBuf,
    pub max_requests_per_run: Option<u64>,
    pub alerts: AlertSettings,
    /// Generic tags `discover` leaves out beyond its built-in list, normalised.
    pub discover_ignore: Vec<String>,
    /// Videos sampled per hashtag per day (`[sample] videos`, 1-300; 30 per page).
    pub sample_videos: u32,
    /// `tracker prune` removes raw answers older than this many days; `None`: kept forever.
    pub keep_raw_days: Option<u32>,
}

impl Config {
    /// Reads and validates a config file; every error names the file.
    pub fn load(path: &Path) -> Result<Config> {
        Config::parse(&read_text(path)?, path)
    }

    /// Parses config text; `path` names the file in messages and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}", redact::redact_urls(e.to_string().trim_end())))
            .with_context(|| format!("invalid config file '{}'", path.display()))?;
        let invalid = format!("invalid config file '{}'", path.display());
        let hashtags = hashtag::normalize_all(&raw.hashtags).with_context(|| invalid.clone())?;
        if hashtags.is_empty() {
            bail!(
                "config file '{}' lists no hashtags; add some, e.g. hashtags = [\"aitools\"]",
                path.display()
            );
        }
        let api = api::parse(raw.api, &invalid)?;
        let discover_ignore = hashtag::normalize_all(&raw.discover.ignore)
            .with_context(|| format!("{invalid}: [discover] ignore"))?;
        let sample_videos = sample_videos(&raw.sample, &invalid)?;
        let keep_raw_days = keep_raw_days(&raw.storage, &invalid)?;
        let db_path = db_path(raw.storage.path, path, &invalid)?;
        let alerts = alerts::parse(raw.alerts).with_context(|| invalid.clone())?;
        Ok(Config {
            path: path.to_path_buf(),
            hashtags,
            api,
            db_path,
            max_requests_per_run: raw.budget.max_requests_per_run,
            alerts,
            discover_ignore,
            sample_videos,
            keep_raw_days,
        })
    }
}

/// `[sample] videos`, 1-300 (each page of 30 costs a credit).
fn sample_videos(raw: &RawSample, invalid: &str) -> Result<u32> {
    let videos = raw.videos.unwrap_or(DEFAULT_SAMPLE_VIDEOS);
    if !(1..=MAX_SAMPLE_VIDEOS).contains(&videos) {
        bail!(
            "{invalid}: [sample] videos must be between 1 and {MAX_SAMPLE_VIDEOS} (each page of 30 costs a credit)"
        );
    }
    Ok(videos)
}

/// `[storage] keep_raw_days`; `None` keeps raw answers forever.
fn keep_raw_days(raw: &RawStorage, invalid: &str) -> Result<Option<u32>> {
    if let Some(days) = raw.keep_raw_days
        && !(1..=MAX_KEEP_RAW_DAYS).contains(&days)
    {
        bail!(
            "{invalid}: [storage] keep_raw_days must be between 1 and {MAX_KEEP_RAW_DAYS} (leave it out to keep raw answers forever)"
        );
    }
    Ok(raw.keep_raw_days)
}

/// `[storage] path`, relative to the config's folder; by default `tracker.db` beside it.
fn db_path(path: Option<PathBuf>, config: &Path, invalid: &str) -> Result<PathBuf> {
    let dir = config.parent().unwrap_or(Path::new("."));
    Ok(match path {
        Some(p) if p.as_os_str().to_string_lossy().trim().is_empty() => bail!(
            "{invalid}: [storage] path is empty; name a database file (e.g. path = \"tracker.db\") \
             or leave the line out"
        ),
        Some(p) if p.is_absolute() => p,
        Some(p) => dir.join(p),
        None => dir.join(DB_FILE_NAME),
    })
}
