//! tracker: follow TikTok hashtags day by day through the Scavio API.
//!
//! The path of the data reads like the daily job:
//! [`config`] → [`api`] → [`metrics`] → [`store`] → [`render`], driven by [`commands`].

pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod exit;
pub mod metrics;
pub mod render;
pub mod report;
pub mod sim;
pub mod store;
