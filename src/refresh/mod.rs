//! Data derived from what is stored, kept in step with it: the trend signals stored with
//! each snapshot, and the co-hashtags and sounds counted from each stored videos answer. All are pure
//! functions of stored data, so they are recomputed, never bought again.

pub mod cohashtags;
pub mod signals;
pub mod sounds;

pub use signals::{rebuild_signals, refresh_signals, signals_from};
