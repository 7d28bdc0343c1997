//! `tracker fetch`: the daily cron job. Checks the key and the date, takes the lock, runs
//! the daily job (`crate::fetch`), stops cleanly on Ctrl-C, and prints what it cost.

use crate::api::{ApiKey, Client};
use crate::cli::FetchArgs;
use crate::config::Config;
use crate::exit;
use crate::fetch::{self, FetchOptions, FetchSummary, summary_text};
use crate::model::hashtag;
use crate::settings::{Output, Settings, layered};
use crate::store::Store;
use crate::store::lock::FetchLock;
use anyhow::{Result, anyhow, bail};
use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// `tracker fetch`.
pub fn run(settings: &Settings, args: FetchArgs) -> Result<u8> {
    let mut config = settings.config()?.clone();
    let key = ApiKey::from_env().ok_or_else(|| {
        anyhow!(
            "{} is not set: export your Scavio API key in {} (no request was sent)",
            ApiKey::ENV,
            ApiKey::ENV
        )
    })?;
    if !key.is_well_formed() {
        bail!(
            "{} holds spaces or control characters an HTTP header cannot carry; check how it was exported (no request was sent)",
            ApiKey::ENV
        );
    }
    config.api.concurrency = layered(
        args.concurrency.map(|c| c as usize),
        None,
        config.api.concurrency,
    );
    let today = Utc::now().date_naive();
    if let Some(date) = args.date
        && date > today + chrono::Days::new(1)
    {
        bail!(
            "--date {date} is in the future: a snapshot holds the counts of the day it is fetched \
             (today is {today} UTC; nothing was sent)"
        );
    }
    let hashtags = select_hashtags(&config, &args.tags)?;
    let opts = FetchOptions {
        date: args.date.unwrap_or(today),
        hashtags,
        force: args.force,
        max_requests: args.max_requests.or(config.max_requests_per_run),
    };
    let db = settings.db_path()?;
    let _lock = FetchLock::acquire(&db)?;
    let mut store = Store::open(&db)?;
    if store.is_simulated()? {
        bail!(
            "'{}' holds the demo's simulated data; fetch real data into another database (--db)",
            db.display()
        );
    }
    let client = Arc::new(Client::new(&config.api, key)?);
    let runtime = fetch::runtime()?;
    let progress = settings
        .progress()
        .then(|| progress_bar(opts.hashtags.len() as u64));
    let summary = runtime.block_on(async {
        let interrupted = Arc::new(AtomicBool::new(false));
        let listener = tokio::spawn(stop_on_ctrl_c(
            Arc::clone(&client),
            Arc::clone(&interrupted),
        ));
        let result = fetch::execute(&config, &mut store, client, &opts, progress).await;
        listener.abort();
        result.map(|mut s| {
            s.interrupted = interrupted.load(Ordering::SeqCst);
            s
        })
    })?;
    report_summary(settings, &summary, &db)?;
    if summary.interrupted {
        settings.note(format!(
            "interrupted: the answers already paid for are stored; {} hashtag(s) not fetched \
             (re-run `tracker fetch` to fetch only those)",
            summary.not_fetched
        ));
    }
    if let Some(e) = &summary.auth_error {
        let stored = match summary.stored.len() {
            0 if summary.paid == 0 => "nothing was stored for this run".to_string(),
            0 => format!(
                "no hashtag was complete; the {} paid answer(s) are kept for a re-run",
                summary.paid
            ),
            n => format!(
                "the {n} hashtag(s) answered before that are stored; \
                 a re-run fetches only the {} missing",
                summary.not_fetched
            ),
        };
        if let crate::api::ApiError::OutOfCredits { billing_url, .. } = e {
            bail!(
                "{e}; top up at {} ({stored})",
                crate::text::sanitize(
                    billing_url
                        .as_deref()
                        .unwrap_or(crate::api::status::TOP_UP_HINT)
                )
            );
        }
        bail!("{e}; check {} ({stored})", ApiKey::ENV);
    }
    Ok(summary.exit_code())
}
/// The first Ctrl-C stops new requests; the answers in flight were paid for, so they are
/// still read and stored before the run ends. A second Ctrl-C quits at once.
async fn stop_on_ctrl_c(client: Arc<Client>, interrupted: Arc<AtomicBool>) {
    if tokio::signal::ctrl_c().await.is_err() {
        return;
    }
    interrupted.store(true, Ordering::SeqCst);
    client.stop();
    eprintln!("interrupted: storing the answers in flight (Ctrl-C again to quit now)");
    if tokio::signal::ctrl_c().await.is_ok() {
        std::process::exit(i32::from(exit::INTERRUPTED));
    }
}
/// `--tag` values, normalised, must be configured hashtags; none means all of them.
fn select_hashtags(config: &Config, tags: &[String]) -> Result<Vec<String>> {
    if tags.is_empty() {
        return Ok(config.hashtags.clone());
    }
    let mut out = Vec::new();
    for t in tags {
        let t = hashtag::normalize(t)?;
        if !config.hashtags.contains(&t) {
            bail!(
                "#{t} is not in '{}'; add it with `tracker tags add {t}`",
                config.path.display()
            );
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}
fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} fetching [{bar:30}] {pos}/{len} hashtags {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
/// The end summary: results on stdout (unless `-q`), failures on stderr.
fn report_summary(settings: &Settings, s: &FetchSummary, db: &std::path::Path) -> Result<()> {
    if !settings.quiet() {
        settings.emit(summary_text(s, db).as_bytes(), &Output::Stdout)?;
    }
    if !s.failed.is_empty() {
        let mut err = format!("{} hashtag(s) failed:\n", s.failed.len());
        for f in &s.failed {
            let _ = writeln!(err, "  #{}: {}", f.hashtag, f.reason);
        }
        err.push_str("Re-run `tracker fetch` to fetch only what is missing.");
        eprintln!("{err}");
    }
    Ok(())
}
