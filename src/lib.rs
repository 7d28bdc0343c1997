//! tracker: follow TikTok hashtags day by day through the Scavio API.
//!
//! The path of the data reads like the daily job: [`config`] and [`settings`] →
//! [`api`] (bytes in, [`model`] out) → [`metrics`] → [`store`] → [`fetch`] (the daily job),
//! then [`views`] → [`render`] for the read commands, driven by [`commands`]; after a
//! fetch, [`alerts`] posts what broke out to a webhook.
//!
//! The map, one room per idea:
//! - [`model`]: plain data, no crate imports.
//! - [`api`]: the Scavio client (calls, attempts, answers) and the payload parsers.
//! - [`metrics`]: pure computation over the model (sample figures, growth, signals, discover).
//! - [`store`]: SQLite, one file per table group, and its migrations.
//! - [`fetch`]: everything that spends credits: the daily job and `discover --probe`.
//! - [`views`]: what each read command shows, built from the store (its JSON contract).
//! - [`render`]: how a view is written out: `render/tables/` lays each view out as a table,
//!   one file per view; `table`, `csv`, `markdown`, `json` and `html` are the formats.
//! - [`commands`]: one thin adapter per subcommand; [`cli`] holds clap only, one file of
//!   arguments per command group.
//! - [`config`]: `hashtags.toml` alone (raw shape, defaults, validation); [`settings`] layers
//!   the environment and the command line on top.
//! - [`refresh`]: derived data kept in step with the stored answers (signals, co-hashtags,
//!   sounds); [`alerts`]: the webhook after a fetch; [`sim`]: the simulated API.
//!
//! Dependencies point one way: model ← metrics ← api, store ← fetch, views ← render ←
//! commands ← main (`tests/architecture.rs` checks it).

pub mod alerts;
pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod exit;
pub mod fetch;
pub mod files;
pub mod metrics;
pub mod model;
pub mod refresh;
pub mod render;
pub mod settings;
pub mod sim;
pub mod store;
pub mod text;
pub mod views;
