//! `tracker doctor`: which files are in use, whether the key is set (never its value),
//! and what the database holds. A health check for scripts: exit 1 when the config is
//! missing or broken, or the database cannot be read, is from a newer tracker or fails its
//! integrity check. A missing key is reported, not an error (reading needs none).

use crate::api::{ApiKey, Client, UsageCheck};
use crate::config::ApiSettings;
use crate::exit;
use crate::settings::{Output, Settings, config_candidates};
use crate::store::Store;
use anyhow::Result;
use std::fmt::Write as _;

pub fn run(settings: &Settings) -> Result<u8> {
    let mut out = String::new();
    let mut healthy = true;
    let config_path = settings.config_path();
    match &config_path {
        Ok(p) => {
            let _ = writeln!(out, "config:    {}", p.display());
            match settings.config() {
                Ok(c) => {
                    let _ = writeln!(
                        out,
                        "hashtags:  {} ({})",
                        c.hashtags.len(),
                        c.hashtags.join(", ")
                    );
                    let _ = writeln!(out, "api:       {}", c.api.base_url);
                    let calls = c.hashtags.len() as u64
                        * (1 + u64::from(c.sample_videos.div_ceil(crate::api::request::MAX_PAGE)));
                    let _ = writeln!(
                        out,
                        "daily cost: {calls} credits = ${:.3} (stats + {} video(s) a hashtag)",
                        calls as f64 * c.api.cost_per_request,
                        c.sample_videos
                    );
                    // The webhook is a secret: its host only.
                    let alerts = match &c.alerts.webhook_url {
                        Some(url) => {
                            let on: Vec<&str> = c.alerts.on.iter().map(|s| s.as_str()).collect();
                            format!("to {} on {}", url.host(), on.join(", "))
                        }
                        None => "off (no webhook set)".to_string(),
                    };
                    let _ = writeln!(out, "alerts:    {alerts}");
                }
                Err(e) => {
                    healthy = false;
                    let _ = writeln!(out, "config error: {e:#}");
                }
            }
        }
        Err(_) => {
            healthy = false;
            let looked: Vec<String> = config_candidates()
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let _ = writeln!(
                out,
                "config:    none found (looked in {})",
                looked.join(", ")
            );
        }
    }
    let key = if ApiKey::from_env().is_some() {
        "set"
    } else {
        "NOT set"
    };
    let _ = writeln!(out, "{}: {key}", ApiKey::ENV);
    if let (Some(key), Ok(c)) = (ApiKey::from_env(), settings.config()) {
        // The API's own words reach the terminal: sanitised.
        let _ = writeln!(
            out,
            "account:   {}",
            crate::text::sanitize(&account(&c.api, key))
        );
    }
    match settings.db_path() {
        Ok(db) if db.exists() => {
            let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
            let _ = writeln!(out, "database:  {} ({} KiB)", db.display(), size / 1024);
            // Read-only: a check must not change what it checks (no migration, no WAL switch).
            let opened = Store::open_existing(&db)
                .and_then(|s| Ok((s.pending_migration(), s.summary()?, s.integrity_check()?)));
            match opened {
                Ok((pending, summary, integrity)) => {
                    if let Some(p) = pending {
                        let _ = writeln!(
                            out,
                            "schema:    version {} of {} (the next `tracker fetch` upgrades it)",
                            p.have, p.want
                        );
                    }
                    let _ = writeln!(
                        out,
                        "snapshots: {} of {} hashtags, {} to {}",
                        summary.snapshots,
                        summary.hashtags,
                        summary.first_date.as_deref().unwrap_or("-"),
                        summary.last_date.as_deref().unwrap_or("-")
                    );
                    let _ = writeln!(out, "integrity: {integrity}");
                    healthy &= integrity == "ok";
                }
                Err(e) => {
                    healthy = false;
                    let _ = writeln!(out, "database error: {e:#}");
                }
            }
        }
        Ok(db) => {
            let _ = writeln!(out, "database:  {} (not created yet)", db.display());
        }
        Err(e) => {
            healthy = false;
            let _ = writeln!(out, "database:  unknown ({e:#})");
        }
    }
    settings.emit(out.as_bytes(), &Output::Stdout)?;
    Ok(if healthy { exit::SUCCESS } else { exit::ERROR })
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
