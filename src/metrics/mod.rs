//! Pure computation over what the API returned: sample metrics, growth and trend signals.
//! Nothing here does I/O, so every figure the tool prints can be unit-tested.

pub mod growth;
pub mod sample;
pub mod signals;
