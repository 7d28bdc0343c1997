//! `[alerts]`: which signals are alerted after a fetch, and where to, validated into
//! [`AlertSettings`].

use super::defaults::*;
use super::raw::RawAlerts;
use crate::model::{AlertSignal, WebhookUrl};
use anyhow::{Context, Result, bail};

/// Which signals are alerted after a fetch, and where to (`[alerts]`).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertSettings {
    /// Where alerts are POSTed; `None` sends none. `TRACKER_WEBHOOK_URL` overrides it.
    pub webhook_url: Option<WebhookUrl>,
    /// The signals that alert, without repeats.
    pub on: Vec<AlertSignal>,
    pub cooldown_days: u32,
    /// A row alerts only when its momentum is known and at least this.
    pub min_momentum: Option<f64>,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            webhook_url: None,
            on: vec![AlertSignal::Breakout],
            cooldown_days: DEFAULT_COOLDOWN_DAYS,
            min_momentum: None,
        }
    }
}

/// `[alerts]`, validated. No message repeats the webhook URL.
pub(super) fn parse(raw: RawAlerts) -> Result<AlertSettings> {
    let mut alerts = AlertSettings::default();
    if let Some(url) = raw.webhook_url.filter(|u| !u.trim().is_empty()) {
        alerts.webhook_url = Some(WebhookUrl::parse(&url).context("[alerts] webhook_url")?);
    }
    if let Some(on) = raw.on {
        alerts.on.clear();
        for name in &on {
            let Some(signal) = AlertSignal::parse(name.trim()) else {
                let known: Vec<&str> = AlertSignal::ALL.iter().map(|s| s.as_str()).collect();
                bail!(
                    "[alerts] on: unknown signal {name:?} (expected {})",
                    known.join(", ")
                );
            };
            if !alerts.on.contains(&signal) {
                alerts.on.push(signal);
            }
        }
    }
    if let Some(days) = raw.cooldown_days {
        if days > MAX_COOLDOWN_DAYS {
            bail!("[alerts] cooldown_days must be at most {MAX_COOLDOWN_DAYS}");
        }
        alerts.cooldown_days = days;
    }
    if let Some(m) = raw.min_momentum {
        if !m.is_finite() {
            bail!("[alerts] min_momentum must be a finite number");
        }
        alerts.min_momentum = Some(m);
    }
    Ok(alerts)
}
