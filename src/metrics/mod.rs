//! Pure computation over the model: sample metrics, growth, trend signals and the window
//! they look back over. No I/O; most of the unit tests live here.

pub mod discover;
pub mod growth;
pub mod sample;
pub mod signals;
pub mod sounds;
pub mod window;
