//! Data derived from what is stored, kept in step with it: the trend signals stored with
//! each snapshot, and the co-hashtags and sounds counted from each stored videos answer. All are pure
//! functions of stored data, so they are recomputed, never bought again.

pub mod cohashtags;
pub mod signals;
pub mod sounds;

pub use signals::{rebuild_signals, refresh_signals, signals_from};

use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;

/// Recounts what a stored day's videos answers carry (co-hashtags, sounds): `fetch` calls
/// it in the transaction that stores the day.
pub fn refresh_samples(store: &Store, date: NaiveDate, tag: &str) -> Result<()> {
    cohashtags::refresh(store, date, tag)?;
    sounds::refresh(store, date, tag)
}

/// Fills whatever derived tables a migration left pending from the stored answers, once
/// (no request); failures are warnings, left for the next writer.
pub fn backfill_if_pending(store: &mut Store) {
    cohashtags::backfill_if_pending(store);
    sounds::backfill_if_pending(store);
}
