//! `tracker discover`: co-hashtags nobody tracks yet, from the samples already paid for;
//! with `--probe K`, the totals of the first K bought (K paid requests, said before and after).

use crate::api::{ApiKey, Client};
use crate::cli::DiscoverArgs;
use crate::config::Config;
use crate::exit;
use crate::fetch::probe::{self, ProbeSummary};
use crate::refresh::cohashtags;
use crate::settings::{Output, Settings};
use crate::store::Store;
use crate::store::lock::FetchLock;
use crate::views::{DiscoverOptions, DiscoverView, Totals, build_discover, resolve_date};
use anyhow::{Context, Result, anyhow, bail};
use std::sync::Arc;

pub fn run(settings: &Settings, args: DiscoverArgs) -> Result<u8> {
    // The config adds its hashtags and `[discover] ignore`; with only `--db` there is none.
    let config = match settings.config_path() {
        Ok(_) => Some(settings.config()?),
        Err(_) => None,
    };
    let mut store = settings.open_db()?;
    let needs_fill =
        store.pending_migration().is_some() || store.cohashtags_backfill_pending().unwrap_or(true);
    if needs_fill {
        store = fill_history(settings, store)?;
    }
    let mut view = {
        let _read = store.read_txn()?;
        let date = resolve_date(&store, args.date)?;
        build_discover(
            &store,
            &DiscoverOptions {
                date,
                days: args.days,
                top: args.top as usize,
                tracked: config.map(|c| c.hashtags.clone()).unwrap_or_default(),
                ignore: config
                    .map(|c| c.discover_ignore.clone())
                    .unwrap_or_default(),
            },
        )?
    };
    if let Some(k) = args.probe {
        let config = config.ok_or_else(|| {
            anyhow!("--probe needs a config file (the API settings and budget); nothing was sent")
        })?;
        probe_top(settings, config, &mut store, &mut view, k as usize)?;
    }
    let output = Output::from_arg(args.output);
    settings.emit_view(&view, args.format.into(), &output)?;
    Ok(exit::SUCCESS)
}

/// A database from before the co-hashtags (or with their fill pending) is upgraded and
/// filled from its stored answers once, when it can be written; a read-only one is read as
/// it is.
fn fill_history(settings: &Settings, reader: Store) -> Result<Store> {
    let db = settings.db_path()?;
    let Ok(mut writer) = Store::open(&db) else {
        return Ok(reader);
    };
    drop(reader);
    cohashtags::backfill_if_pending(&mut writer);
    Ok(writer)
}

/// Runs the probe's purchase; Ctrl-C stops new requests, and the answer in flight, paid
/// for, is still stored.
fn buy(
    store: &mut Store,
    client: &Arc<Client>,
    plan: probe::ProbePlan,
    cost: f64,
) -> Result<ProbeSummary> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    runtime.block_on(async {
        let stopper = Arc::clone(client);
        let listener = tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stopper.stop();
            }
        });
        let result = probe::run(store, client, plan, cost).await;
        listener.abort();
        result
    })
}

/// The bought totals onto their rows; a candidate without them is named.
fn put_totals(settings: &Settings, view: &mut DiscoverView, summary: &ProbeSummary) {
    for p in &summary.probed {
        match &p.totals {
            Ok(s) => view.set_totals(
                &p.hashtag,
                Totals {
                    video_count: s.video_count,
                    view_count: s.view_count,
                },
            ),
            Err(e) => settings.note(format!("#{}: no totals: {e}", p.hashtag)),
        }
    }
}

/// Buys the totals of the first `k` candidates and puts them on their rows.
fn probe_top(
    settings: &Settings,
    config: &Config,
    store: &mut Store,
    view: &mut DiscoverView,
    k: usize,
) -> Result<()> {
    let tags: Vec<String> = view
        .hashtags
        .iter()
        .take(k)
        .map(|r| r.hashtag.clone())
        .collect();
    if tags.is_empty() {
        settings.note("no candidate to probe; nothing was sent");
        return Ok(());
    }
    let key = ApiKey::from_env()
        .filter(ApiKey::is_well_formed)
        .ok_or_else(|| {
            anyhow!(
                "--probe needs a usable API key in {} (no request was sent)",
                ApiKey::ENV
            )
        })?;
    let db = settings.db_path()?;
    let _lock = FetchLock::acquire(&db)?;
    if store.is_simulated()? {
        bail!(
            "'{}' holds the demo's simulated data; probe real hashtags from another database (--db)",
            db.display()
        );
    }
    let cost = config.api.cost_per_request;
    let plan = probe::plan(store, chrono::Utc::now().date_naive(), &tags)?;
    probe::check_budget(&plan, config.max_requests_per_run, cost)?;
    settings.note(format!(
        "probing {} candidate(s): {} paid request(s), ${:.3}{}",
        tags.len(),
        plan.to_buy.len(),
        plan.to_buy.len() as f64 * cost,
        match plan.stored.len() {
            0 => String::new(),
            n => format!(" ({n} already bought today, reused)"),
        }
    ));
    let client = Arc::new(Client::new(&config.api, key)?);
    let summary = buy(store, &client, plan, cost)?;
    put_totals(settings, view, &summary);
    settings.note(format!(
        "probe spent {} paid request(s), ${:.3}{}; track one with `tracker tags add NAME`",
        summary.paid,
        summary.cost_usd,
        summary
            .credits_remaining
            .map(|c| format!(", {c} credits left"))
            .unwrap_or_default()
    ));
    Ok(())
}
