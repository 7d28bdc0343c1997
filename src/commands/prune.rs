//! `tracker prune`: the optional retention of raw answers. It says what it would remove;
//! only `--yes` removes.

use crate::cli::PruneArgs;
use crate::exit;
use crate::settings::{Output, Settings};
use crate::store::Store;
use crate::store::lock::FetchLock;
use anyhow::Result;
use chrono::{Days, Utc};

pub fn run(settings: &Settings, args: PruneArgs) -> Result<u8> {
    let keep = settings.config()?.keep_raw_days;
    // Removing writes: under the fetch lock, on a database opened for writing; a dry run
    // only reads.
    let db = settings.db_path()?;
    let _lock = args.yes.then(|| FetchLock::acquire(&db)).transpose()?;
    let store = if args.yes {
        Store::open_existing_for_writing(&db)?
    } else {
        settings.open_db()?
    };
    let mut out = String::new();
    match keep {
        None => out.push_str(
            "[storage] keep_raw_days is not set: raw answers are kept forever; nothing to remove.\n",
        ),
        Some(days) => {
            let cutoff = Utc::now().date_naive() - Days::new(u64::from(days));
            let plan = if args.yes {
                store.prune_raw(cutoff)?
            } else {
                store.prune_plan(cutoff)?
            };
            let range = match (plan.first_date, plan.last_date) {
                (Some(a), Some(b)) if a == b => format!(", of {a}"),
                (Some(a), Some(b)) => format!(", of {a} to {b}"),
                _ => String::new(),
            };
            out.push_str(&format!(
                "{} {} raw answers from before {cutoff} (keep_raw_days = {days}{range}; {:.1} KiB stored).\n",
                if args.yes { "Removed" } else { "Would remove" },
                plan.answers,
                plan.stored_bytes as f64 / 1024.0,
            ));
            if plan.kept > 0 {
                out.push_str(&format!(
                    "Kept {} older answers the parser could not read or whose day has no snapshot (a parser fix is checked against them).\n",
                    plan.kept
                ));
            }
            if !args.yes {
                out.push_str("Nothing was removed; run `tracker prune --yes` to remove them.\n");
            }
        }
    }
    if args.vacuum {
        store.vacuum()?;
        out.push_str("Vacuumed: the freed space went back to the file system.\n");
    }
    settings.emit(out.as_bytes(), &Output::Stdout)?;
    Ok(exit::SUCCESS)
}
