//! How each view lays out as a table: one file per view.

mod alerts;
mod costs;
mod discover;
mod history;
mod report;
mod sounds;

pub(crate) use sounds::sound_name;
mod trends;
mod videos;
