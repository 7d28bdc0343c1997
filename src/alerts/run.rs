//! The glue between the rules and the world: after a fetch, alert what is new and log it;
//! `tracker alerts test` sends a sample. Nothing here fails a fetch: problems are warnings.

use super::deliver::{self, Delivery, Policy};
use super::message::{self, Purpose};
use super::{Alert, TRENDING_THRESHOLD_PCT, WebhookUrl, select, select_sounds};
use crate::config::AlertSettings;
use crate::fetch::FetchSummary;
use crate::metrics::growth::Direction;
use crate::model::{AlertSignal, Signals};
use crate::settings::Settings;
use crate::store::{AlertEntry, DeliveryOutcome, Store};
use crate::views::{TrendOrder, TrendRow, build_rising_sounds, build_trends};
use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};

/// After `fetch`: when the run stored its day (or found it stored) and a webhook is set,
/// sends one message with every new alert, logs it, and says so. Prints a warning, never
/// returns an error: the fetch's outcome is its own.
pub fn after_fetch(
    settings: &Settings,
    alerts: &AlertSettings,
    store: &mut Store,
    summary: &FetchSummary,
) {
    let Some(date) = summary.date else {
        return;
    };
    let day_is_stored = !(summary.stored.is_empty() && summary.skipped.is_empty());
    if !day_is_stored || summary.interrupted || summary.auth_error.is_some() {
        return;
    }
    let Some(url) = &alerts.webhook_url else {
        tracing::debug!("alerts: no webhook set");
        return;
    };
    let to_send = match due(store, alerts, date) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("warning: alerts skipped: {e:#}");
            return;
        }
    };
    if to_send.is_empty() {
        tracing::info!("alerts: nothing new for {date}");
        return;
    }
    let body = message::build(date, &to_send, Purpose::Alerts);
    let Delivery { attempts, result } = deliver::post_blocking(url, &body, Policy::default());
    let rows: Vec<String> = to_send.iter().map(|a| a.row.to_string()).collect();
    let entries: Vec<AlertEntry<'_>> = to_send
        .iter()
        .zip(&rows)
        .map(|(a, row)| AlertEntry {
            date: a.date,
            hashtag: &a.hashtag,
            signal: a.signal,
            row,
        })
        .collect();
    let outcome = DeliveryOutcome {
        delivered: result.is_ok(),
        attempts,
    };
    if let Err(e) = store.log_alerts(&entries, outcome) {
        eprintln!(
            "warning: the alert log could not be updated ({e:#}); a re-run may send these alerts again"
        );
    }
    let n = to_send.len();
    match result {
        Ok(()) => settings.note(format!(
            "alerts: sent {n} to {} ({})",
            url.host(),
            names(&to_send)
        )),
        Err(e) => eprintln!(
            "warning: {n} alert(s) not delivered ({}): {e}; the next `tracker fetch` tries again",
            names(&to_send)
        ),
    }
}

/// What is due after `date` was fetched. Only the newest stored day alerts: a day fetched
/// late is old news.
fn due(store: &Store, alerts: &AlertSettings, date: NaiveDate) -> Result<Vec<Alert>> {
    if store.latest_date()? != Some(date) {
        tracing::info!("alerts: {date} is not the latest stored day; nothing sent");
        return Ok(Vec::new());
    }
    let view = build_trends(store, date, TRENDING_THRESHOLD_PCT, TrendOrder::Momentum)?;
    // Far enough back for the alerts still to be retried and what holds those back.
    let window = Days::new(u64::from(alerts.cooldown_days.max(1)));
    let from = date
        .checked_sub_days(window)
        .and_then(|d| d.checked_sub_days(window))
        .unwrap_or(date);
    let to = date.checked_add_days(window).unwrap_or(date);
    let log = store.alerts_between(from, to)?;
    let mut due = select(alerts, date, &view.hashtags, &log);
    if alerts.on.contains(&AlertSignal::Sound) {
        let rising = build_rising_sounds(store, date)?.map_or_else(Vec::new, |v| v.sounds);
        let alerted = store.delivered_subjects(AlertSignal::Sound)?;
        due.extend(select_sounds(alerts, date, &rising, &alerted, &due));
    }
    Ok(due)
}

/// `#jumper breakout, #other trending`.
fn names(alerts: &[Alert]) -> String {
    let list: Vec<String> = alerts
        .iter()
        .map(|a| {
            let subject = match a.row["title"].as_str() {
                Some(title) if a.signal == AlertSignal::Sound => format!("\"{title}\""),
                _ => format!("#{}", a.hashtag),
            };
            format!("{} {}", crate::text::sanitize(&subject), a.signal.as_str())
        })
        .collect();
    list.join(", ")
}

/// `tracker alerts test`: POSTs a sample message; the host it reached, or why not.
pub fn send_test(alerts: &AlertSettings, today: NaiveDate) -> Result<String> {
    let Some(url) = &alerts.webhook_url else {
        bail!(
            "no webhook is set: add `webhook_url` under [alerts] in the config, or export {}",
            WebhookUrl::ENV
        );
    };
    let body = message::build(today, &sample(today), Purpose::Test);
    match deliver::post_blocking(url, &body, Policy::default()).result {
        Ok(()) => Ok(url.host()),
        Err(e) => bail!("the test message was not delivered: {e}"),
    }
}

/// A made-up breakout, shaped like the real thing.
fn sample(date: NaiveDate) -> Vec<Alert> {
    let row = TrendRow {
        hashtag: "example".into(),
        direction: Direction::Rising,
        trending: true,
        video_growth_pct: Some(12.0),
        view_growth_pct: Some(15.5),
        prev_date: date.checked_sub_days(Days::new(1)),
        video_count: Some(123_456),
        view_count: 98_765_432,
        signals: Signals {
            daily_video_growth_pct: Some(12.0),
            new_videos: Some(13_227),
            streak: 3,
            breakout: true,
            momentum: Some(42.0),
            ..Signals::empty(false)
        },
    };
    vec![Alert::new(date, AlertSignal::Breakout, &row)]
}
