//! How each view lays out as a table: one file per view.

mod alerts;
mod costs;
mod discover;
mod history;
mod report;
mod sounds;
mod trends;
mod videos;
