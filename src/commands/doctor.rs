//! `tracker doctor`: which files are in use, whether the key is set (never its value),
//! and what the database holds. A health check for scripts: exit 1 when the config is
//! missing or broken, or the database cannot be read, is from a newer tracker or fails its
//! integrity check. A missing key is reported, not an error (reading needs none).

use crate::api::{ApiKey, Client, UsageCheck};
use crate::config::{ApiSettings, Config};
use crate::exit;
use crate::model::StoreSummary;
use crate::settings::{Output, Settings, config_candidates, fallback_db_path};
use crate::store::Store;
use anyhow::Result;
use std::path::Path;

/// Wide enough for the longest label (`SCAVIO_API_KEY:`), so every value starts in one column.
const LABEL_WIDTH: usize = 16;

/// The checks' lines, and whether everything checked is healthy.
#[derive(Default)]
struct Checks {
    out: String,
    healthy: bool,
}

impl Checks {
    fn line(&mut self, label: &str, value: impl std::fmt::Display) {
        let label = format!("{label}:");
        self.out
            .push_str(&format!("{label:<LABEL_WIDTH$}{value}\n"));
    }
    fn fail(&mut self, label: &str, value: impl std::fmt::Display) {
        self.healthy = false;
        self.line(label, value);
    }
}

pub fn run(settings: &Settings) -> Result<u8> {
    let mut checks = Checks {
        healthy: true,
        ..Checks::default()
    };
    let config = config_lines(settings, &mut checks);
    key_lines(config, &mut checks);
    database_lines(settings, config.is_some(), &mut checks);
    settings.emit(checks.out.as_bytes(), &Output::Stdout)?;
    Ok(if checks.healthy {
        exit::SUCCESS
    } else {
        exit::ERROR
    })
}

/// A path as it is on disk, whatever folder doctor ran in.
fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// The config in use and what it says; the config when it reads.
fn config_lines<'a>(settings: &'a Settings, checks: &mut Checks) -> Option<&'a Config> {
    let Ok(path) = settings.config_path() else {
        let looked: Vec<String> = config_candidates().iter().map(|p| absolute(p)).collect();
        checks.fail(
            "config",
            format!("none found (looked in {})", looked.join(", ")),
        );
        return None;
    };
    checks.line("config", absolute(&path));
    let c = match settings.config() {
        Ok(c) => c,
        Err(e) => {
            checks.fail("config error", format!("{e:#}"));
            return None;
        }
    };
    checks.line(
        "hashtags",
        format!("{} ({})", c.hashtags.len(), c.hashtags.join(", ")),
    );
    checks.line("api", &c.api.base_url);
    let calls = c.hashtags.len() as u64
        * (1 + u64::from(c.sample_videos.div_ceil(crate::api::request::MAX_PAGE)));
    checks.line(
        "daily cost",
        format!(
            "{calls} credits = ${:.3} (stats + {} videos a hashtag)",
            calls as f64 * c.api.cost_per_request,
            c.sample_videos
        ),
    );
    // The webhook is a secret: its host only.
    let alerts = match &c.alerts.webhook_url {
        Some(url) => {
            let on: Vec<&str> = c.alerts.on.iter().map(|s| s.as_str()).collect();
            format!("to {} on {}", url.host(), on.join(", "))
        }
        None => "off (no webhook set)".to_string(),
    };
    checks.line("alerts", alerts);
    Some(c)
}

/// Whether the key is set (never its value), and the account it opens when a config says
/// where the API is.
fn key_lines(config: Option<&Config>, checks: &mut Checks) {
    let key = ApiKey::from_env();
    checks.line(ApiKey::ENV, if key.is_some() { "set" } else { "NOT set" });
    if let (Some(key), Some(c)) = (key, config) {
        // The API's own words reach the terminal: sanitised.
        checks.line("account", crate::text::sanitize(&account(&c.api, key)));
    }
}

/// The database in use and what it holds. A broken config was reported above: it is not
/// repeated here.
fn database_lines(settings: &Settings, config_ok: bool, checks: &mut Checks) {
    let db = match settings.db_path() {
        Ok(db) => db,
        Err(_) if settings.db_flag().is_none() && settings.config_path().is_ok() && !config_ok => {
            checks.fail(
                "database",
                "unknown (fix the config above, or pass --db FILE)",
            );
            return;
        }
        Err(_) if settings.db_flag().is_none() && settings.config_path().is_err() => {
            let fallback = fallback_db_path().map(|p| absolute(&p));
            checks.line(
                "database",
                format!(
                    "{} (the one used without a config; not created yet)",
                    fallback.as_deref().unwrap_or("none")
                ),
            );
            return;
        }
        Err(e) => {
            checks.fail("database", format!("unknown ({e:#})"));
            return;
        }
    };
    if !db.exists() {
        checks.line("database", format!("{} (not created yet)", absolute(&db)));
        return;
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    checks.line(
        "database",
        format!("{} ({} KiB)", absolute(&db), size / 1024),
    );
    // Read-only: a check must not change what it checks (no migration, no WAL switch).
    let opened = Store::open_existing(&db)
        .and_then(|s| Ok((s.pending_migration(), s.summary()?, s.integrity_check()?)));
    match opened {
        Ok((pending, summary, integrity)) => {
            if let Some(p) = pending {
                checks.line(
                    "schema",
                    format!(
                        "version {} of {} (the next `tracker fetch` upgrades it)",
                        p.have, p.want
                    ),
                );
            }
            checks.line("snapshots", snapshots(&summary));
            if integrity == "ok" {
                checks.line("integrity", integrity);
            } else {
                checks.fail("integrity", integrity);
            }
        }
        Err(e) => checks.fail("database error", format!("{e:#}")),
    }
}

/// "6 hashtags, 180 snapshots, 2026-11-05 to 2026-12-04", or "none yet".
fn snapshots(s: &StoreSummary) -> String {
    use crate::render::format::plural;
    match (&s.first_date, &s.last_date) {
        (Some(first), Some(last)) if s.snapshots > 0 => format!(
            "{}, {}, {first} to {last}",
            plural(s.hashtags, "hashtag"),
            plural(s.snapshots, "snapshot")
        ),
        _ => "none yet".to_string(),
    }
}

/// The plan and balance from the free usage endpoint (nothing is spent).
fn account(api: &ApiSettings, key: ApiKey) -> String {
    if !key.is_well_formed() {
        return "not checked (the key holds characters a header cannot carry)".into();
    }
    let check = Client::new(api, key).and_then(|client| {
        let runtime = crate::fetch::runtime()?;
        Ok(runtime.block_on(client.usage()))
    });
    match check {
        Ok(UsageCheck::Known(u)) => format!(
            "{} plan, {} credits",
            crate::text::sanitize(u.plan.as_deref().unwrap_or("unknown")),
            u.credit_balance
                .map(crate::render::format::int)
                .unwrap_or_else(|| "unknown".into())
        ),
        Ok(UsageCheck::Rejected(e)) => format!("{e}"),
        Ok(UsageCheck::Unavailable(why)) => format!("usage check unavailable ({why})"),
        Err(e) => format!("not checked ({e:#})"),
    }
}
