//! `tracker fetch`: the daily cron job. Checks the key and the date, takes the lock, runs
//! the daily job (`crate::fetch`), stops cleanly on Ctrl-C, and prints what it cost.

use crate::api::{ApiKey, Client};
use crate::cli::FetchArgs;
use crate::config::Config;
use crate::exit;
use crate::fetch::{self, FetchOptions, FetchSummary, summary_text};
use crate::model::hashtag;
use crate::refresh;
use crate::settings::{Output, Settings, layered};
use crate::store::Store;
use crate::store::lock::FetchLock;
use crate::text::sanitize;
use anyhow::{Result, anyhow, bail};
use chrono::{NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

/// `tracker fetch`.
pub fn run(settings: &Settings, args: FetchArgs) -> Result<u8> {
    let mut config = settings.config()?.clone();
    let key = api_key()?;
    config.api.concurrency = layered(
        args.concurrency.map(|c| c as usize),
        None,
        config.api.concurrency,
    );
    let today = Utc::now().date_naive();
    if let Some(date) = args.date
        && let Some(warning) = check_date(date, today, args.backdate)?
    {
        settings.note(warning);
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
    refresh::backfill_if_pending(&mut store);
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
    let stopped_by = Arc::new(AtomicU8::new(0));
    let summary = runtime.block_on(async {
        let listener = tokio::spawn(stop_on_signal(Arc::clone(&client), Arc::clone(&stopped_by)));
        let result = fetch::execute(&config, &mut store, client, &opts, progress).await;
        listener.abort();
        result.map(|mut s| {
            s.interrupted = stopped_by.load(Ordering::SeqCst) != 0;
            s
        })
    })?;
    let terminated = stopped_by.load(Ordering::SeqCst) == exit::TERMINATED;
    if let Some(why) = &summary.unreachable {
        return Err(unreachable_error(settings, &config, why, summary.paid));
    }
    report_summary(settings, &summary, &db)?;
    // Alerts (#18): a warning at worst, never a change to the exit code.
    if !args.no_alerts {
        crate::alerts::after_fetch(settings, &config.alerts, &mut store, &summary);
    }
    if summary.interrupted {
        settings.note(format!(
            "interrupted: the answers already paid for are stored; {} hashtag(s) not fetched \
             (re-run `tracker fetch` to fetch only those)",
            summary.not_fetched
        ));
    }
    if let Some(e) = &summary.auth_error {
        return Err(auth_error(e, &summary));
    }
    match summary.exit_code() {
        exit::INTERRUPTED if terminated => Ok(exit::TERMINATED),
        code => Ok(code),
    }
}
/// The key from the environment, refused before any request when missing or malformed.
fn api_key() -> Result<ApiKey> {
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
    Ok(key)
}

/// The key was rejected or the credits ran out mid-run: what was kept, and what to do.
fn auth_error(e: &crate::api::ApiError, summary: &FetchSummary) -> anyhow::Error {
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
        return anyhow!(
            "{e}; top up at {} ({stored})",
            crate::text::sanitize(
                billing_url
                    .as_deref()
                    .unwrap_or(crate::api::status::TOP_UP_HINT)
            )
        );
    }
    anyhow!("{e}; check {} ({stored})", ApiKey::ENV)
}

/// Every request failed the same way before reaching the API: one message, not one per
/// hashtag, naming the URL in use and where it came from, with the reason a person reads
/// first; the whole chain is logged under `-v`.
fn unreachable_error(settings: &Settings, config: &Config, why: &str, paid: u64) -> anyhow::Error {
    tracing::info!("could not reach the API: {}", sanitize(why));
    let from = base_url_source(
        settings.base_url_from_env(),
        config.api.base_url.as_str(),
        &config.path,
    );
    anyhow!(
        "could not reach the Scavio API at {} ({from}): {}; check the URL, the network, DNS \
         and any proxy or firewall ({paid} paid, nothing else was sent; -v shows the detail)",
        sanitize(config.api.base_url.as_str()),
        sanitize(&crate::api::reach::first_line(why)),
    )
}

/// Where the base URL in use came from: `SCAVIO_BASE_URL`, the config's `[api] base_url`,
/// or the built-in default when the config leaves it out (or says the same).
fn base_url_source(from_env: bool, url: &str, config: &std::path::Path) -> String {
    let default =
        reqwest::Url::parse(crate::config::DEFAULT_BASE_URL).is_ok_and(|d| d.as_str() == url);
    match (from_env, default) {
        (true, _) => crate::settings::BASE_URL_ENV.to_string(),
        (false, true) => format!(
            "the built-in default; [api] base_url in '{}' or {} changes it",
            config.display(),
            crate::settings::BASE_URL_ENV
        ),
        (false, false) => format!("[api] base_url in '{}'", config.display()),
    }
}

/// A `--date` must be a day whose counts can still be fetched: not in the future, and not
/// in the past unless `--backdate` says to store today's counts under it anyway (then the
/// warning to show).
fn check_date(date: NaiveDate, today: NaiveDate, backdate: bool) -> Result<Option<String>> {
    if date > today + chrono::Days::new(1) {
        bail!(
            "--date {date} is in the future: a snapshot holds the counts of the day it is fetched \
             (today is {today} UTC; nothing was sent)"
        );
    }
    if date < today {
        if !backdate {
            bail!(
                "--date {date} is before today ({today} UTC): the API only gives today's counts, \
                 which would be stored as {date}'s (and change the signals of the days after it). \
                 Pass --backdate to do that anyway, e.g. for tests (nothing was sent)"
            );
        }
        return Ok(Some(format!(
            "warning: --backdate: the counts fetched now are today's ({today}), stored under {date}"
        )));
    }
    Ok(None)
}
/// The first Ctrl-C or SIGTERM (systemd stop, `timeout`) stops new requests; the answers in
/// flight were paid for, so they are still read and stored before the run ends. A second
/// signal quits at once. `stopped_by` records which one came (its exit code).
async fn stop_on_signal(client: Arc<Client>, stopped_by: Arc<AtomicU8>) {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let code = next_signal(&mut term).await;
    if code == 0 {
        return;
    }
    stopped_by.store(code, Ordering::SeqCst);
    client.stop();
    eprintln!("interrupted: storing the answers in flight (Ctrl-C again to quit now)");
    let again = next_signal(&mut term).await;
    if again != 0 {
        std::process::exit(i32::from(again));
    }
}
/// Waits for Ctrl-C or SIGTERM: the exit code each stands for (0 when neither can be heard).
async fn next_signal(term: &mut Option<tokio::signal::unix::Signal>) -> u8 {
    let sigterm = async {
        match term {
            Some(t) => t.recv().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        r = tokio::signal::ctrl_c() => if r.is_ok() { exit::INTERRUPTED } else { 0 },
        r = sigterm => if r.is_some() { exit::TERMINATED } else { 0 },
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
            // The reason quotes the API: sanitised, one line each, so it cannot rewrite the
            // lines around it (`\r`, cursor moves, erase-line).
            let _ = writeln!(err, "  #{}: {}", sanitize(&f.hashtag), sanitize(&f.reason));
        }
        err.push_str("Re-run `tracker fetch` to fetch only what is missing.");
        eprintln!("{err}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_source_is_the_built_in_default_when_the_config_leaves_it_out() {
        let cfg = std::path::Path::new("hashtags.toml");
        let from = base_url_source(false, "https://api.scavio.dev/", cfg);
        assert!(from.starts_with("the built-in default"), "{from}");
        assert_eq!(
            base_url_source(false, "http://127.0.0.1:9/", cfg),
            "[api] base_url in 'hashtags.toml'"
        );
        assert_eq!(
            base_url_source(true, "https://api.scavio.dev/", cfg),
            "SCAVIO_BASE_URL"
        );
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_past_date_needs_backdate() {
        let today = d("2026-03-10");
        let err = check_date(d("2026-03-09"), today, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("--backdate"), "{err}");
        let warning = check_date(d("2026-03-09"), today, true).unwrap().unwrap();
        assert!(warning.contains("today's (2026-03-10)"), "{warning}");
        for backdate in [false, true] {
            assert_eq!(check_date(today, today, backdate).unwrap(), None);
            assert_eq!(check_date(d("2026-03-11"), today, backdate).unwrap(), None);
            assert!(check_date(d("2026-03-12"), today, backdate).is_err());
        }
    }
}
