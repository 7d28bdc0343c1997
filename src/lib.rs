//! tracker: follow TikTok hashtags day by day through the Scavio API.
//!
//! The path of the data reads like the daily job: [`config`] and [`settings`] →
//! [`api`] (bytes in, [`model`] out) → [`metrics`] → [`store`] → [`fetch`] (the daily job),
//! then [`views`] → [`render`] for the read commands, driven by [`commands`]; after a
//! fetch, [`alerts`] posts what broke out to a webhook.
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
pub mod probe;
pub mod refresh;
pub mod render;
pub mod settings;
pub mod sim;
pub mod store;
pub mod text;
pub mod views;
