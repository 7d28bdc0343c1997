//! Tolerant parsing of Scavio payloads.
//!
//! The API's own examples disagree on where the counts sit, so the parser looks in every
//! known place instead of trusting one shape: top level, under a `data` (or `result`)
//! wrapper, under `stats`, or in TikTok's camelCase shape (`challengeInfo.stats`,
//! `statsV2`). Numbers may be JSON numbers or strings. Where both `stats` and `statsV2`
//! are present the exact `statsV2` strings win over the rounded legacy `stats`.
//!
//! What the parser never does is turn an unreadable answer into a zero: a body that is
//! not JSON, or has no recognisable counts, is a [`ParseError`].

use serde_json::{Map, Value};

/// A hashtag's totals from the `/tiktok/hashtag` endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashtagStats {
    pub video_count: u64,
    pub view_count: u64,
    pub credits_remaining: Option<u64>,
}

/// One sampled video from the `/tiktok/hashtag/videos` endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Video {
    pub id: String,
    pub desc: String,
    pub author: String,
    pub plays: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
}

/// The day's sample of recent videos.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VideoSample {
    pub videos: Vec<Video>,
    pub credits_remaining: Option<u64>,
}

/// Why a body could not be read. The raw body is kept by the caller for inspection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("response is not JSON ({0})")]
    NotJson(String),
    /// A 200 whose body says the call failed (`success: false`, a non-zero `statusCode`,
    /// an `error`): whatever counts it carries are not to be believed.
    #[error("the API reported a failure: {0}")]
    Reported(String),
    #[error("no {what} found in the response{}", api_message(.message))]
    Missing {
        what: &'static str,
        message: Option<String>,
    },
}

fn api_message(message: &Option<String>) -> String {
    match message {
        Some(m) => format!(" (the API said: {m})"),
        None => String::new(),
    }
}

/// Author name used when a video carries none, so creators still add up.
pub const UNKNOWN_AUTHOR: &str = "unknown";

/// Keys under which a payload may be wrapped.
const WRAPPERS: &[&str] = &["data", "result", "response", "body", "payload"];
/// Containers of exact counters (TikTok's `statsV2` strings).
const EXACT_STATS_KEYS: &[&str] = &["statsV2", "stats_v2"];
/// Containers of counters that may be rounded (`stats`; `statistics` in the aweme shape).
const ROUNDED_STATS_KEYS: &[&str] = &["stats", "statistics"];
/// Objects a list item may be wrapped in (`{"item": {...}}`).
const ITEM_WRAPPERS: &[&str] = &["item", "itemStruct", "itemInfo", "aweme_info", "aweme"];
/// Objects that hold a hashtag's (challenge's) description in TikTok's shape.
const CHALLENGE_KEYS: &[&str] = &["challengeInfo", "challenge_info", "challenge", "hashtag"];
/// Counter names, the documented ones first; bare `videos` / `views` last (a list named
/// `videos` is never read as a count: only numbers and numeric strings are).
const VIDEO_COUNT_KEYS: &[&str] = &[
    "video_count",
    "videoCount",
    "videos_count",
    "videoCnt",
    "total_videos",
    "totalVideos",
    "videos",
];
const VIEW_COUNT_KEYS: &[&str] = &[
    "view_count",
    "viewCount",
    "views_count",
    "viewCnt",
    "total_views",
    "totalViews",
    "views",
];
const VIDEO_LIST_KEYS: &[&str] = &[
    "videos",
    "itemList",
    "item_list",
    "items",
    "aweme_list",
    "list",
];

/// Parses the `/tiktok/hashtag` answer.
pub fn parse_stats(body: &[u8]) -> Result<HashtagStats, ParseError> {
    let root = parse_json(body)?;
    reported_failure(&root)?;
    let candidates = stats_candidates(&root);
    let video_count = first_count(&candidates, VIDEO_COUNT_KEYS);
    let view_count = first_count(&candidates, VIEW_COUNT_KEYS);
    match (video_count, view_count) {
        (Some(video_count), Some(view_count)) => Ok(HashtagStats {
            video_count,
            view_count,
            credits_remaining: credits_remaining(&root),
        }),
        (None, _) => Err(ParseError::Missing {
            what: "video count",
            message: error_message(&root),
        }),
        (Some(_), None) => Err(ParseError::Missing {
            what: "view count",
            message: error_message(&root),
        }),
    }
}

/// Parses the `/tiktok/hashtag/videos` answer. An empty list is a valid (empty) sample;
/// a body with no list at all is an error.
pub fn parse_videos(body: &[u8]) -> Result<VideoSample, ParseError> {
    let root = parse_json(body)?;
    reported_failure(&root)?;
    let Some(list) = find_video_list(&root) else {
        // TikTok leaves the list out when a hashtag has no videos, but still paginates.
        if wrappers(&root)
            .iter()
            .any(|o| o.contains_key("hasMore") || o.contains_key("has_more"))
        {
            return Ok(VideoSample {
                videos: Vec::new(),
                credits_remaining: credits_remaining(&root),
            });
        }
        return Err(ParseError::Missing {
            what: "video list",
            message: error_message(&root),
        });
    };
    let videos = list
        .iter()
        .filter_map(Value::as_object)
        .map(parse_video)
        .collect();
    Ok(VideoSample {
        videos,
        credits_remaining: credits_remaining(&root),
    })
}

/// Fails when the body itself says the call failed, even with a 200 status.
fn reported_failure(root: &Value) -> Result<(), ParseError> {
    let failed = wrappers(root).iter().take(2).any(|o| {
        let flag_false = matches!(o.get("success"), Some(Value::Bool(false)))
            || matches!(o.get("ok"), Some(Value::Bool(false)));
        let bad_code = ["statusCode", "status_code"]
            .iter()
            // TikTok says 0 for success; HTTP-style wrappers echo 200.
            .any(|k| {
                o.get(*k)
                    .and_then(Value::as_i64)
                    .is_some_and(|c| c != 0 && !(200..300).contains(&c))
            });
        let bad_status = o.get("status").and_then(Value::as_str).is_some_and(|s| {
            matches!(s.to_ascii_lowercase().as_str(), "error" | "fail" | "failed")
        });
        let error = match o.get("error") {
            Some(Value::String(e)) => !e.trim().is_empty(),
            Some(Value::Object(e)) => !e.is_empty(),
            Some(Value::Bool(b)) => *b,
            _ => false,
        };
        flag_false || bad_code || bad_status || error
    });
    if failed {
        let message = error_message(root)
            .or_else(|| {
                wrappers(root).iter().find_map(|o| {
                    ["status_msg", "statusMsg"]
                        .iter()
                        .find_map(|k| o.get(*k)?.as_str().map(|s| truncate(s, 200)))
                })
            })
            .unwrap_or_else(|| "no message".to_string());
        return Err(ParseError::Reported(message));
    }
    Ok(())
}

fn parse_json(body: &[u8]) -> Result<Value, ParseError> {
    serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))
}

/// The root and every wrapper object below it (two levels deep: `data.data` exists in the wild).
fn wrappers(root: &Value) -> Vec<&Map<String, Value>> {
    let mut out = Vec::new();
    if let Some(obj) = root.as_object() {
        out.push(obj);
        for key in WRAPPERS {
            if let Some(inner) = obj.get(*key).and_then(first_object) {
                out.push(inner);
                for key in WRAPPERS {
                    if let Some(inner2) = inner.get(*key).and_then(first_object) {
                        out.push(inner2);
                    }
                }
            }
        }
    }
    out
}

/// An object, or the first element of an array of objects (`{"data": [{...}]}`).
fn first_object(v: &Value) -> Option<&Map<String, Value>> {
    match v {
        Value::Object(o) => Some(o),
        Value::Array(items) => items.first().and_then(Value::as_object),
        _ => None,
    }
}

/// Every object that may carry the hashtag's counters: every exact `statsV2` first, then
/// every possibly rounded `stats`, then the objects themselves — so an exact count wins
/// wherever it sits.
fn stats_candidates(root: &Value) -> Vec<&Map<String, Value>> {
    let mut holders = Vec::new();
    for obj in wrappers(root) {
        holders.push(obj);
        for key in CHALLENGE_KEYS {
            if let Some(ch) = obj.get(*key).and_then(Value::as_object) {
                holders.push(ch);
                // TikTok nests once more: challengeInfo.challenge.stats
                for key in CHALLENGE_KEYS {
                    if let Some(inner) = ch.get(*key).and_then(Value::as_object) {
                        holders.push(inner);
                    }
                }
            }
        }
    }
    with_counters(&holders)
}

/// The exact counter objects of `holders`, then the rounded ones, then the holders.
fn with_counters<'a>(holders: &[&'a Map<String, Value>]) -> Vec<&'a Map<String, Value>> {
    let inner = |keys: &'static [&'static str]| {
        holders
            .iter()
            .flat_map(move |h| keys.iter().filter_map(move |k| h.get(*k)?.as_object()))
    };
    inner(EXACT_STATS_KEYS)
        .chain(inner(ROUNDED_STATS_KEYS))
        .chain(holders.iter().copied())
        .collect()
}

fn first_count(candidates: &[&Map<String, Value>], keys: &[&str]) -> Option<u64> {
    candidates
        .iter()
        .find_map(|obj| keys.iter().find_map(|k| obj.get(*k).and_then(count)))
}

/// Reads a counter given as a JSON number or a string ("12345", "1,234", "1.2M").
/// Negative, fractional garbage or absurdly large values are not counts.
pub fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return within_range(u);
            }
            n.as_f64().and_then(float_count)
        }
        Value::String(s) => count_str(s),
        _ => None,
    }
}

/// SQLite stores signed 64-bit integers; anything above is not a real counter.
fn within_range(u: u64) -> Option<u64> {
    (u <= i64::MAX as u64).then_some(u)
}

fn float_count(f: f64) -> Option<u64> {
    if f.is_finite() && f >= 0.0 && f < i64::MAX as f64 {
        Some(f.round() as u64)
    } else {
        None
    }
}

fn count_str(s: &str) -> Option<u64> {
    let t = s.trim();
    let suffixed = t.ends_with(['k', 'K', 'm', 'M', 'b', 'B']);
    // "3,4B" is a decimal comma; "1,234,567" groups thousands.
    let decimal_comma = suffixed
        && !t.contains('.')
        && t.matches(',').count() == 1
        && t.split(',').nth(1).is_some_and(|tail| tail.len() != 4);
    let cleaned: String = t
        .chars()
        .filter_map(|c| match c {
            ',' if decimal_comma => Some('.'),
            ',' | '_' | ' ' => None,
            c => Some(c),
        })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    if let Ok(u) = cleaned.parse::<u64>() {
        return within_range(u);
    }
    let (digits, multiplier) = match cleaned.chars().last() {
        Some('k' | 'K') => (&cleaned[..cleaned.len() - 1], 1e3),
        Some('m' | 'M') => (&cleaned[..cleaned.len() - 1], 1e6),
        Some('b' | 'B') => (&cleaned[..cleaned.len() - 1], 1e9),
        _ => (cleaned.as_str(), 1.0),
    };
    let f: f64 = digits.parse().ok()?;
    float_count(f * multiplier)
}

fn credits_remaining(root: &Value) -> Option<u64> {
    wrappers(root).iter().find_map(|obj| {
        ["credits_remaining", "creditsRemaining"]
            .iter()
            .find_map(|k| obj.get(*k).and_then(count))
    })
}

/// The API's own explanation when a 200 carries no data (`{"error": "..."}`, `{"message": ...}`).
fn error_message(root: &Value) -> Option<String> {
    wrappers(root).iter().find_map(|obj| {
        ["error", "message", "detail", "msg"]
            .iter()
            .find_map(|k| match obj.get(*k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(truncate(s.trim(), 200)),
                Some(Value::Object(o)) => o
                    .get("message")
                    .and_then(Value::as_str)
                    .map(|s| truncate(s, 200)),
                _ => None,
            })
    })
}

/// Cuts a string to at most `max` characters on a char boundary.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_string(),
    }
}

fn find_video_list(root: &Value) -> Option<&Vec<Value>> {
    if let Some(list) = root.as_array() {
        return Some(list);
    }
    for obj in wrappers(root) {
        for key in VIDEO_LIST_KEYS {
            match obj.get(*key) {
                Some(Value::Array(list)) => return Some(list),
                // `{"videos": {"cursor": 30, "items": [...]}}`
                Some(Value::Object(page)) => {
                    if let Some(list) = VIDEO_LIST_KEYS
                        .iter()
                        .find_map(|k| page.get(*k)?.as_array())
                    {
                        return Some(list);
                    }
                }
                _ => {}
            }
        }
        // `{"data": [...]}`
        for key in WRAPPERS {
            if let Some(list) = obj.get(*key).and_then(Value::as_array) {
                return Some(list);
            }
        }
    }
    None
}

/// The video inside `{"item": {...}}`-style wrappers.
fn unwrap_item(mut v: &Map<String, Value>) -> &Map<String, Value> {
    const OWN: &[&str] = &[
        "id",
        "aweme_id",
        "video_id",
        "stats",
        "statsV2",
        "statistics",
    ];
    for _ in 0..3 {
        if OWN.iter().any(|k| v.contains_key(*k)) {
            break;
        }
        match ITEM_WRAPPERS.iter().find_map(|k| v.get(*k)?.as_object()) {
            Some(inner) => v = inner,
            None => break,
        }
    }
    v
}

fn parse_video(v: &Map<String, Value>) -> Video {
    let v = unwrap_item(v);
    let counters = with_counters(&[v]);
    let counter = |keys: &[&str]| first_count(&counters, keys).unwrap_or(0);
    Video {
        id: v
            .get("id")
            .or_else(|| v.get("aweme_id"))
            .or_else(|| v.get("video_id"))
            .map(scalar_string)
            .unwrap_or_default(),
        desc: v
            .get("desc")
            .or_else(|| v.get("description"))
            .map(scalar_string)
            .unwrap_or_default(),
        author: author(v),
        plays: counter(&["playCount", "play_count", "plays", "views", "viewCount"]),
        likes: counter(&[
            "diggCount",
            "digg_count",
            "likeCount",
            "like_count",
            "likes",
        ]),
        comments: counter(&["commentCount", "comment_count", "comments"]),
        shares: counter(&["shareCount", "share_count", "shares"]),
    }
}

fn author(v: &Map<String, Value>) -> String {
    let from_object = |a: &Map<String, Value>| {
        ["uniqueId", "unique_id", "username", "name", "nickname"]
            .iter()
            .find_map(|k| a.get(*k).and_then(Value::as_str).map(str::to_string))
    };
    let name = match v.get("author") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(a)) => from_object(a),
        _ => None,
    }
    .or_else(|| {
        v.get("authorMeta")
            .and_then(Value::as_object)
            .and_then(from_object)
    })
    .or_else(|| {
        [
            "authorUniqueId",
            "author_unique_id",
            "username",
            "author_name",
            "authorName",
        ]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_string))
    });
    match name {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => UNKNOWN_AUTHOR.to_string(),
    }
}

fn scalar_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stats(json: &str) -> Result<HashtagStats, ParseError> {
        parse_stats(json.as_bytes())
    }

    #[test]
    fn stats_at_top_level() {
        let s = stats(r#"{"video_count": 1200, "view_count": 98000, "credits_used": 1, "credits_remaining": 499}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (1200, 98000));
        assert_eq!(s.credits_remaining, Some(499));
    }

    #[test]
    fn stats_under_data_wrapper() {
        let s = stats(r#"{"data": {"video_count": "77", "view_count": 5}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (77, 5));
        assert_eq!(s.credits_remaining, None);
    }

    #[test]
    fn stats_under_data_stats() {
        let s = stats(r#"{"data": {"stats": {"video_count": 10, "view_count": 20}}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (10, 20));
    }

    #[test]
    fn tiktok_camel_case_prefers_exact_stats_v2() {
        let body = r#"{"data": {"challengeInfo": {
            "challenge": {"id": "1", "title": "aitools"},
            "stats": {"videoCount": 1200000, "viewCount": 4500000000},
            "statsV2": {"videoCount": "1234567", "viewCount": "4512345678"}}},
            "credits_remaining": "12"}"#;
        let s = stats(body).unwrap();
        assert_eq!((s.video_count, s.view_count), (1_234_567, 4_512_345_678));
        assert_eq!(s.credits_remaining, Some(12));
    }

    #[test]
    fn camel_case_without_v2_uses_stats() {
        let s =
            stats(r#"{"challengeInfo": {"stats": {"videoCount": 3, "viewCount": 4.0}}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (3, 4));
    }

    #[test]
    fn unparseable_v2_falls_back_to_stats() {
        let s = stats(
            r#"{"stats": {"videoCount": 5, "viewCount": 6}, "statsV2": {"videoCount": "n/a", "viewCount": "7"}}"#,
        )
        .unwrap();
        assert_eq!((s.video_count, s.view_count), (5, 7));
    }

    #[test]
    fn exact_counts_win_wherever_they_sit() {
        let s = stats(r#"{"data":{"challengeInfo":{"challenge":{"statsV2":{"videoCount":"1234567","viewCount":"89012345"}},"stats":{"videoCount":1200000,"viewCount":89000000}}}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (1_234_567, 89_012_345));
    }

    #[test]
    fn a_reported_failure_is_never_a_zero() {
        for body in [
            r#"{"success": false, "error": "upstream timeout", "data": {"video_count": 0, "view_count": 0}}"#,
            r#"{"statusCode": 10201, "status_msg": "challenge not found", "data": {"video_count": 0, "view_count": 0}}"#,
            r#"{"status": "error", "message": "quota", "video_count": 1, "view_count": 1}"#,
        ] {
            let err = stats(body).unwrap_err();
            assert!(matches!(err, ParseError::Reported(_)), "{body}: {err}");
        }
        let err =
            parse_videos(br#"{"data": {"videos": []}, "error": "quota exceeded"}"#).unwrap_err();
        assert_eq!(err, ParseError::Reported("quota exceeded".into()));
        // Success markers are fine.
        assert!(stats(r#"{"success": true, "statusCode": 0, "error": null, "video_count": 1, "view_count": 2}"#).is_ok());
        assert!(
            stats(r#"{"error": "", "status": "ok", "video_count": 1, "view_count": 2}"#).is_ok()
        );
        assert!(
            stats(r#"{"statusCode": 200, "data": {"video_count": 1, "view_count": 2}}"#).is_ok()
        );
    }

    #[test]
    fn aweme_items_wrappers_and_paged_lists() {
        let v = parse_videos(br#"{"aweme_list":[{"aweme_id":"7","author":{"unique_id":"x"},"statistics":{"play_count":1000,"digg_count":50,"comment_count":3,"share_count":2}}]}"#).unwrap();
        let x = &v.videos[0];
        assert_eq!(
            (
                x.id.as_str(),
                x.author.as_str(),
                x.plays,
                x.likes,
                x.comments,
                x.shares
            ),
            ("7", "x", 1000, 50, 3, 2)
        );
        let v = parse_videos(br#"{"data":{"items":[{"item":{"id":"9","author":{"uniqueId":"y"},"stats":{"playCount":5}}}]}}"#).unwrap();
        assert_eq!(
            (
                v.videos[0].id.as_str(),
                v.videos[0].author.as_str(),
                v.videos[0].plays
            ),
            ("9", "y", 5)
        );
        let v =
            parse_videos(br#"{"data":{"videos":{"cursor":30,"items":[{"id":"1"},{"id":"2"}]}}}"#)
                .unwrap();
        assert_eq!(v.videos.len(), 2);
        // No list but TikTok's pagination marker: a hashtag with no videos.
        let v = parse_videos(br#"{"data":{"hasMore":false,"cursor":0},"statusCode":0}"#).unwrap();
        assert!(v.videos.is_empty());
    }

    #[test]
    fn other_wrappers_and_names() {
        let s = stats(r#"{"success": true, "result": {"hashtag": {"name": "x", "total_videos": "12", "total_views": 34}}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (12, 34));
        let s = stats(r#"{"data": [{"videoCount": 5, "viewCount": 6}]}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (5, 6));
        let s = stats(r#"{"data": {"videos": 7, "views": "8"}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (7, 8));
        let v = parse_videos(
            br#"{"data": {"list": [{"id": 1, "authorMeta": {"name": "ann"}, "playCount": 9}]}}"#,
        )
        .unwrap();
        assert_eq!((v.videos[0].author.as_str(), v.videos[0].plays), ("ann", 9));
    }

    #[test]
    fn not_json_is_an_error() {
        assert!(matches!(
            stats("<html>502 Bad Gateway</html>"),
            Err(ParseError::NotJson(_))
        ));
        assert!(matches!(
            stats(r#"{"video_count": 12"#),
            Err(ParseError::NotJson(_))
        ));
    }

    #[test]
    fn no_counts_is_an_error_not_zero() {
        let err = stats(r#"{"data": {}, "credits_used": 1}"#).unwrap_err();
        assert_eq!(
            err,
            ParseError::Missing {
                what: "video count",
                message: None
            }
        );
        let err = stats(r#"{"video_count": 5}"#).unwrap_err();
        assert!(err.to_string().contains("view count"));
        let err = stats(r#"{"error": "hashtag not found"}"#).unwrap_err();
        assert!(err.to_string().contains("hashtag not found"), "{err}");
        assert!(stats("[]").is_err());
        assert!(stats("null").is_err());
        assert!(stats(r#"{"video_count": -4, "view_count": 1}"#).is_err());
    }

    #[test]
    fn counter_strings() {
        assert_eq!(count(&Value::from("1,234")), Some(1234));
        assert_eq!(count(&Value::from(" 42 ")), Some(42));
        assert_eq!(count(&Value::from("1.5M")), Some(1_500_000));
        assert_eq!(count(&Value::from("2k")), Some(2000));
        assert_eq!(count(&Value::from("3,4B")), Some(3_400_000_000));
        assert_eq!(count(&Value::from("1,234,567")), Some(1_234_567));
        assert_eq!(count(&Value::from("1,234K")), Some(1_234_000));
        assert_eq!(count(&Value::from("12,5M")), Some(12_500_000));
        assert_eq!(count(&Value::from("")), None);
        assert_eq!(count(&Value::from("abc")), None);
        assert_eq!(count(&Value::from("-3")), None);
        assert_eq!(count(&Value::from(u64::MAX)), None);
        assert_eq!(count(&serde_json::json!(12.6)), Some(13));
        assert_eq!(count(&Value::Bool(true)), None);
    }

    #[test]
    fn videos_in_each_place() {
        for body in [
            r#"{"videos": [{"id": "1"}]}"#,
            r#"{"data": {"videos": [{"id": "1"}]}}"#,
            r#"{"data": {"itemList": [{"id": "1"}]}}"#,
            r#"{"itemList": [{"id": "1"}]}"#,
            r#"{"data": [{"id": "1"}]}"#,
        ] {
            let s = parse_videos(body.as_bytes()).unwrap();
            assert_eq!(s.videos.len(), 1, "{body}");
            assert_eq!(s.videos[0].id, "1");
        }
    }

    #[test]
    fn video_fields_and_exact_counters() {
        let body = r#"{"data": {"itemList": [
            {"id": 7301, "desc": "hello", "author": {"uniqueId": "alice"},
             "stats": {"playCount": 1200000, "diggCount": 45000, "commentCount": 300, "shareCount": 12},
             "statsV2": {"playCount": "1234567", "diggCount": "45123", "commentCount": "301", "shareCount": "12"}},
            {"id": "b", "author": {"uniqueId": "bob"}, "stats": {"playCount": "10", "diggCount": 1}},
            {"id": "c"}
        ]}, "credits_remaining": 99}"#;
        let s = parse_videos(body.as_bytes()).unwrap();
        assert_eq!(s.credits_remaining, Some(99));
        let v = &s.videos[0];
        assert_eq!(v.id, "7301");
        assert_eq!(v.desc, "hello");
        assert_eq!(v.author, "alice");
        assert_eq!(
            (v.plays, v.likes, v.comments, v.shares),
            (1_234_567, 45_123, 301, 12)
        );
        let b = &s.videos[1];
        assert_eq!((b.plays, b.likes, b.comments, b.shares), (10, 1, 0, 0));
        let c = &s.videos[2];
        assert_eq!(c.author, UNKNOWN_AUTHOR);
        assert_eq!((c.plays, c.likes), (0, 0));
    }

    #[test]
    fn empty_list_is_valid_missing_list_is_not() {
        assert!(
            parse_videos(br#"{"videos": []}"#)
                .unwrap()
                .videos
                .is_empty()
        );
        assert!(parse_videos(br#"{"data": {}}"#).is_err());
        assert!(parse_videos(b"{\"videos\": [").is_err());
        let err = parse_videos(br#"{"message": "quota exceeded"}"#).unwrap_err();
        assert!(err.to_string().contains("quota exceeded"));
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("hi", 5), "hi");
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_stats(&bytes);
            let _ = parse_videos(&bytes);
        }

        #[test]
        fn never_panics_on_mutated_payloads(
            cut in 0usize..400,
            flip in 0usize..400,
            byte in any::<u8>(),
        ) {
            let base = br#"{"data":{"challengeInfo":{"stats":{"videoCount":12,"viewCount":"34"},"statsV2":{"videoCount":"12","viewCount":"34"}},"itemList":[{"id":"1","author":{"uniqueId":"a"},"stats":{"playCount":5,"diggCount":"1.2K"}}]},"credits_remaining":3}"#;
            let mut bytes = base.to_vec();
            if flip < bytes.len() { bytes[flip] = byte; }
            bytes.truncate(cut.min(bytes.len()));
            let _ = parse_stats(&bytes);
            let _ = parse_videos(&bytes);
        }

        #[test]
        fn string_and_number_counts_agree(n in 0u64..(i64::MAX as u64)) {
            prop_assert_eq!(count(&Value::from(n)), Some(n));
            prop_assert_eq!(count(&Value::from(n.to_string())), Some(n));
        }
    }
}
