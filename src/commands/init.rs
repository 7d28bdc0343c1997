//! `tracker init`: write a commented `hashtags.toml` to start from (never overwrites).

use crate::config::CONFIG_FILE_NAME;
use crate::exit;
use crate::settings::Settings;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::PathBuf;

/// The starting config: every setting, commented, with its default.
pub const TEMPLATE: &str = r##"# tracker configuration: the hashtags to follow and how to reach the Scavio API.
# Each hashtag costs 2 requests a day ($0.010 at $0.005 a request).

# Hashtags to fetch every day. A leading '#' and capitals are fine; duplicates are fetched once.
hashtags = [
    "aitools",
    "llm",
]

[api]
# base_url = "https://api.scavio.dev"   # SCAVIO_BASE_URL overrides it
# timeout_secs = 30                     # per request
# max_retries = 3                       # extra tries on 429, 5xx, timeouts (with backoff)
# concurrency = 8                       # requests in flight at once
# max_requests_per_second = 10          # only if your plan caps the rate
# cost_per_request = 0.005              # USD, for the cost summary

[storage]
# path = "tracker.db"                   # relative to this file
# keep_raw_days = 365                   # `tracker prune` may remove older raw answers

[budget]
# max_requests_per_run = 200            # refuse a run that would need more

[alerts]
# webhook_url = "https://hooks.slack.com/services/..."  # a secret; TRACKER_WEBHOOK_URL overrides it
# on = ["breakout"]                     # also "trending", "sound" (a rising sound, once)
# cooldown_days = 7                     # alert a hashtag once per signal within this
# min_momentum = 20                     # only rows at least this strong
[discover]
# ignore = ["mybrand"]                  # more generic tags for `tracker discover` to leave out
"##;

pub fn run(settings: &Settings, path: Option<PathBuf>) -> Result<u8> {
    let path = path
        .or_else(|| settings.config_flag().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(CONFIG_FILE_NAME));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create folder '{}'", dir.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("'{}' already exists; not overwriting it", path.display())
        }
        Err(e) => return Err(e).with_context(|| format!("could not create '{}'", path.display())),
    };
    file.write_all(TEMPLATE.as_bytes())
        .with_context(|| format!("could not write '{}'", path.display()))?;
    settings.note(format!(
        "wrote '{}'; edit the hashtags (or use `tracker tags add`), export SCAVIO_API_KEY, then run `tracker fetch`",
        path.display()
    ));
    Ok(exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn template_is_a_valid_config() {
        let c = Config::parse(TEMPLATE, std::path::Path::new("hashtags.toml")).unwrap();
        assert_eq!(c.hashtags, ["aitools", "llm"]);
    }
}
