//! JSON: the views serialised as they are. Field names are a contract scripts rely on.

use anyhow::Result;
use serde::Serialize;

pub fn render<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    let json = serde_json::to_string_pretty(v)?;
    let mut out = crate::text::json_for_terminal(&json)
        .into_owned()
        .into_bytes();
    out.push(b'\n');
    Ok(out)
}
