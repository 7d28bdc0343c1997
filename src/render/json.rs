//! JSON: the views serialised as they are. Field names are a contract scripts rely on.

use anyhow::Result;
use serde::Serialize;

pub fn render<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(v)?;
    out.push(b'\n');
    Ok(out)
}
