//! `tracker demo`: the whole daily job for several simulated days against the built-in
//! simulated API on loopback — the same client, parser and store as a paid run — into a
//! temporary database (unless `--db`), then what the product shows on the last day: the
//! report, the trends with the breakout, `discover`, the rising sounds, and the alert it
//! would have posted.

use crate::alerts::message::{self, Purpose};
use crate::api::{ApiKey, Client};
use crate::cli::DemoArgs;
use crate::config::{AlertSettings, ApiSettings, Config};
use crate::exit;
use crate::fetch::{self, FetchOptions};
use crate::render::{self, DataFormat};
use crate::settings::{Output, Settings};
use crate::sim::{DEMO_KEY, SimOptions, SimServer};
use crate::store::Store;
use crate::store::lock::FetchLock;
use crate::text::sanitize;
use crate::views::{
    DiscoverOptions, TrendOrder, TrendsView, build_discover, build_report, build_rising_sounds,
    build_trends,
};
use anyhow::{Context, Result, bail};
use chrono::{Days, NaiveDate, Utc};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The demo's hashtags; the last one breaks out on the final day.
pub const DEMO_HASHTAGS: &[&str] = &[
    "aitools",
    "llm",
    "chatgpt",
    "claude",
    "cursor",
    "vibecoding",
];
const BREAKOUT_TAG: &str = "vibecoding";
/// Rising sounds the demo shows: a short section.
const DEMO_SOUNDS: usize = 3;

/// The demo: a store marked simulated, the daily job day by day against the simulated API,
/// then every read the product has, once, on the last day.
pub fn run(settings: &Settings, args: DemoArgs) -> Result<u8> {
    let tmp = tempfile::tempdir().context("could not create a temporary folder")?;
    let db = settings
        .db_flag()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tmp.path().join("demo.db"));
    let _lock = FetchLock::acquire(&db)?;
    let mut store = open_simulated(&db)?;
    let days = args.days.max(1);
    let today = Utc::now().date_naive();
    settings.note(format!(
        "demo: {} of {} hashtags against a simulated Scavio API on loopback (no key, no network)",
        crate::render::format::plural(u64::from(days), "simulated day"),
        DEMO_HASHTAGS.len()
    ));
    let (requests, cost) =
        fetch::runtime()?.block_on(simulate(settings, &mut store, &db, days, today))?;
    settings.note(format!(
        "demo: {requests} requests in all (${cost:.3} at the real API's price)\n"
    ));
    let out = sections(settings, &store, today)?;
    settings.emit(&out, &Output::Stdout)?;
    match settings.db_flag() {
        Some(p) => settings.note(format!("\ndemo database kept at '{}'", p.display())),
        None => settings.note(
            "\n(the demo database lived in a temporary folder and is gone; pass --db FILE to keep it)",
        ),
    }
    Ok(exit::SUCCESS)
}

/// The database at `db`, marked as the demo's; one holding real snapshots is refused.
fn open_simulated(db: &Path) -> Result<Store> {
    let store = Store::open(db)?;
    // Simulated data must never land among real snapshots.
    if !store.is_simulated()? && store.latest_date()?.is_some() {
        bail!(
            "'{}' holds real snapshots; the demo writes simulated data, so give --db a new file",
            db.display()
        );
    }
    store.mark_simulated()?;
    Ok(store)
}

/// The simulated API, and the daily job for each of `days` days ending `today`, as `fetch`
/// runs it; the requests and what they would have cost.
async fn simulate(
    settings: &Settings,
    store: &mut Store,
    db: &Path,
    days: u32,
    today: NaiveDate,
) -> Result<(u64, f64)> {
    let sim = SimServer::start(SimOptions {
        latency: Duration::from_millis(2),
        breakouts: HashMap::from([(BREAKOUT_TAG.to_string(), days - 1)]),
        credits: 10_000,
        plan: Some("project".into()),
        max_in_flight: Some(5),
    })
    .await
    .context("could not start the simulated API")?;
    let config = demo_config(&sim.base_url(), db)?;
    let client = Arc::new(Client::new(&config.api, ApiKey::new(DEMO_KEY))?);
    let first = today
        .checked_sub_days(Days::new(u64::from(days - 1)))
        .unwrap_or(today);
    let (mut requests, mut cost) = (0, 0.0);
    for day in 0..days {
        sim.set_day(day);
        let date = first
            .checked_add_days(Days::new(u64::from(day)))
            .unwrap_or(today);
        let opts = FetchOptions {
            date,
            hashtags: config.hashtags.clone(),
            force: false,
            max_requests: None,
        };
        let s = fetch::execute(&config, store, Arc::clone(&client), &opts, None).await?;
        requests += s.requests;
        cost += s.cost_usd;
        settings.note(format!(
            "  fetch {date}: {} stored, {} failed, {} requests (${:.3} if it were paid)",
            s.stored.len(),
            s.failed.len(),
            s.requests,
            s.cost_usd
        ));
    }
    Ok((requests, cost))
}

/// The config a real run would read, pointing at the simulated API.
fn demo_config(base_url: &str, db: &Path) -> Result<Config> {
    Ok(Config {
        path: "<demo>".into(),
        hashtags: DEMO_HASHTAGS.iter().map(|s| s.to_string()).collect(),
        api: ApiSettings {
            base_url: crate::config::parse_base_url(base_url)?,
            ..ApiSettings::default()
        },
        db_path: db.to_path_buf(),
        max_requests_per_run: None,
        alerts: Default::default(),
        discover_ignore: Vec::new(),
        sample_videos: crate::config::DEFAULT_SAMPLE_VIDEOS,
        keep_raw_days: None,
    })
}

/// What the product shows on the last day, each section once: the report, the trends (the
/// breakout), `discover`, the sounds rising under the hashtags (the simulated API spreads one
/// under the breakout hashtag), and the alert a webhook would have been sent.
fn sections(settings: &Settings, store: &Store, today: NaiveDate) -> Result<Vec<u8>> {
    let (colour, width) = (
        settings.colour_for(&Output::Stdout),
        settings.width_for(&Output::Stdout),
    );
    let report = build_report(store, today)?;
    let trends = build_trends(store, today, 5.0, TrendOrder::Momentum)?;
    let discover = build_discover(
        store,
        &DiscoverOptions {
            date: today,
            days: crate::metrics::discover::DEFAULT_DAYS,
            top: crate::metrics::discover::DEFAULT_TOP as usize,
            tracked: DEMO_HASHTAGS.iter().map(|s| s.to_string()).collect(),
            ignore: Vec::new(),
        },
    )?;
    let mut sounds = build_rising_sounds(store, today)?;
    if let Some(s) = sounds.as_mut() {
        s.sounds.truncate(DEMO_SOUNDS);
    }
    let mut out = render::render(&report, DataFormat::Table, colour, width)?;
    let mut parts = vec![
        render::render(&trends, DataFormat::Table, colour, width)?,
        render::render(&discover, DataFormat::Table, colour, width)?,
    ];
    if let Some(s) = &sounds {
        parts.push(render::render(s, DataFormat::Table, colour, width)?);
    }
    parts.push(alert_preview(&trends, today).into_bytes());
    for part in parts {
        out.push(b'\n');
        out.extend(part);
    }
    Ok(out)
}

/// The alert `fetch` would have posted after the last day, with the default `[alerts]`
/// (breakouts): printed, never sent.
fn alert_preview(trends: &TrendsView, today: NaiveDate) -> String {
    let alerts = crate::alerts::select(&AlertSettings::default(), today, &trends.hashtags, &[]);
    let mut out = String::from(
        "Alert that would have been posted (printed, not sent; [alerts] webhook_url sends it)\n",
    );
    if alerts.is_empty() {
        out.push_str("  (none: no breakout on the last day)\n");
        return out;
    }
    let message = message::build(today, &alerts, Purpose::Alerts);
    let text = message["text"].as_str().unwrap_or_default();
    out.push_str(&format!("  {}\n", sanitize(text)));
    out
}
