//! JSON: the views serialised as they are. Field names are a contract scripts rely on.

use super::Renderer;
use crate::report::{CostsView, HistoryView, ReportView, TrendsView, VideosView};
use anyhow::Result;
use serde::Serialize;

pub struct JsonRenderer;

fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(v)?;
    out.push(b'\n');
    Ok(out)
}

impl Renderer for JsonRenderer {
    fn report(&self, v: &ReportView) -> Result<Vec<u8>> {
        to_json(v)
    }
    fn trends(&self, v: &TrendsView) -> Result<Vec<u8>> {
        to_json(v)
    }
    fn history(&self, v: &HistoryView) -> Result<Vec<u8>> {
        to_json(v)
    }
    fn videos(&self, v: &VideosView) -> Result<Vec<u8>> {
        to_json(v)
    }
    fn costs(&self, v: &CostsView) -> Result<Vec<u8>> {
        to_json(v)
    }
}
