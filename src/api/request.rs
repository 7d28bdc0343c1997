//! The request bodies, as Scavio's SDKs define them (`scavio-python` `scavio/_spec.py`,
//! `scavio-js` `src/namespaces/tiktok.ts`): the stats call names the hashtag (no `#`) or
//! gives its id; the videos call needs the id, with `cursor` a string and `count` 1-30.

use serde_json::{Value, json};

/// The most videos one page may ask for.
pub const MAX_PAGE: u32 = 30;

/// `POST /api/v1/tiktok/hashtag` for a normalised hashtag (never with its `#`).
pub fn stats_body(hashtag: &str) -> Value {
    json!({ "hashtag_name": hashtag.trim_start_matches('#') })
}

/// `POST /api/v1/tiktok/hashtag/videos`: `count` is clamped to 1..=30, `cursor` is sent as
/// the string the previous page gave ("0" for the first).
pub fn videos_body(hashtag_id: &str, cursor: &str, count: u32) -> Value {
    json!({
        "hashtag_id": hashtag_id,
        "cursor": cursor,
        "count": count.clamp(1, MAX_PAGE),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_follow_the_sdk_types() {
        assert_eq!(stats_body("#fyp"), json!({"hashtag_name": "fyp"}));
        let v = videos_body("229207", "0", 45);
        assert_eq!(
            v,
            json!({"hashtag_id": "229207", "cursor": "0", "count": 30})
        );
        assert!(v["cursor"].is_string() && v["count"].is_u64());
        assert_eq!(videos_body("1", "30", 0)["count"], 1);
    }
}
