//! Plain data the whole crate speaks: hashtags, videos and their sounds, a day's sample, snapshots, trend
//! signals and runs. Nothing here does I/O or imports another module of the crate, so every
//! layer (api, metrics, store, views, render) can depend on it and on nothing above it.

pub mod alert;
pub mod cohashtag;
pub mod endpoint;
pub mod hashtag;
pub mod run;
pub mod sample;
pub mod signals;
pub mod snapshot;
pub mod sound;
pub mod video;
pub mod webhook;

pub use alert::{AlertRecord, AlertSignal};
pub use cohashtag::{CohashtagDay, SampleDay, VideoTags};
pub use endpoint::Endpoint;
pub use run::{CostRow, RunStatus, RunTotals, StoreSummary};
pub use sample::{Creator, SampleMetrics};
pub use signals::{Basis, Count, Point, Signals};
pub use snapshot::{Previous, Snapshot};
pub use sound::{Sound, SoundDay, VideoSound};
pub use video::{UNKNOWN_AUTHOR, Video};
pub use webhook::{WebhookUrl, WebhookUrlError};
