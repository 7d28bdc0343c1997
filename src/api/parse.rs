//! Tolerant parsing of Scavio payloads.
//!
//! The API's own examples disagree on where the counts sit, so the parser looks in every
//! known place instead of trusting one shape: top level, under a `data` (or `result`)
//! wrapper, under `stats`, or in TikTok's camelCase shape (`challengeInfo.stats`,
//! `statsV2`). Numbers may be JSON numbers or strings. Where both `stats` and `statsV2`
//! are present the exact `statsV2` strings win over the rounded legacy `stats`.
//!
//! What the parser never does is turn an unreadable answer into a zero: a body that is
//! not JSON, says it failed, has no recognisable counts, or names another hashtag is a
//! [`ParseError`]; a video without readable counts is dropped (and counted), not kept as
//! zeros, since a zero would skew the day's engagement.

use std::collections::HashSet;

use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

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
    /// Items left out: no readable counts, or a repeated video id. Kept so a sample
    /// thinned by bad data can be told from a small one.
    pub dropped: usize,
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
    /// The counts belong to another hashtag: storing them would corrupt the asked one.
    #[error("the answer is for #{got}, not #{asked}")]
    OtherHashtag { got: String, asked: String },
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
/// Objects a list item may be wrapped in (`{"item": {...}}`, GraphQL's `{"node": {...}}`).
const ITEM_WRAPPERS: &[&str] = &[
    "item",
    "itemStruct",
    "itemInfo",
    "aweme_info",
    "aweme",
    "node",
];
/// Objects that hold a hashtag's (challenge's) description in TikTok's shape.
const CHALLENGE_KEYS: &[&str] = &["challengeInfo", "challenge_info", "challenge", "hashtag"];
/// Fields naming the hashtag an object describes (`challenge.title` is reached through
/// [`CHALLENGE_KEYS`]).
const NAME_KEYS: &[&str] = &[
    "hashtag",
    "hashtag_name",
    "hashtagName",
    "challenge",
    "challengeName",
    "challenge_name",
    "cha_name",
    "title",
];
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
/// Where the day's videos sit; `edges` is a GraphQL connection (of `node` items).
const VIDEO_LIST_KEYS: &[&str] = &[
    "videos",
    "itemList",
    "item_list",
    "items",
    "aweme_list",
    "list",
    "edges",
];
/// Per-video counters.
const PLAY_KEYS: &[&str] = &[
    "playCount",
    "play_count",
    "plays",
    "viewCount",
    "view_count",
    "views",
];
const LIKE_KEYS: &[&str] = &[
    "diggCount",
    "digg_count",
    "likeCount",
    "like_count",
    "likes",
];
const COMMENT_KEYS: &[&str] = &["commentCount", "comment_count", "comments"];
const SHARE_KEYS: &[&str] = &["shareCount", "share_count", "shares"];

/// Parses the `/tiktok/hashtag` answer without checking which hashtag it describes.
pub fn parse_stats(body: &[u8]) -> Result<HashtagStats, ParseError> {
    stats_of(body, None)
}

/// Parses the `/tiktok/hashtag` answer for `hashtag` (normalised, without '#'): in a list
/// the element naming it is used, and an answer naming another hashtag is an error. An
/// answer naming none is accepted.
pub fn parse_stats_for(body: &[u8], hashtag: &str) -> Result<HashtagStats, ParseError> {
    stats_of(body, Some(&normalise_tag(hashtag)))
}

fn stats_of(body: &[u8], tag: Option<&str>) -> Result<HashtagStats, ParseError> {
    let root = parse_json(body)?;
    reported_failure(&root)?;
    let holders: Vec<_> = wrappers_for(&root, tag)
        .into_iter()
        .flat_map(holders_of)
        .collect();
    if let Some(asked) = tag
        && let Some(got) = holders
            .iter()
            .flat_map(|h| names_of(h))
            .find(|n| n != asked)
    {
        return Err(ParseError::OtherHashtag {
            got: truncate(&got, 100),
            asked: asked.to_string(),
        });
    }
    let counters = Counters::of(&holders);
    let video_count = counters.read(VIDEO_COUNT_KEYS).value();
    let view_count = counters.read(VIEW_COUNT_KEYS).value();
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
/// a body with no list at all, or a list none of whose items has readable counts, is an
/// error.
pub fn parse_videos(body: &[u8]) -> Result<VideoSample, ParseError> {
    let root = parse_json(body)?;
    reported_failure(&root)?;
    let Some(list) = find_video_list(&root) else {
        // TikTok leaves the list out when a hashtag has no videos, but still paginates. With
        // a message beside it ("blocked", "rate limited") it is an error, not an empty day.
        let paginates = wrappers(&root)
            .iter()
            .any(|o| o.contains_key("hasMore") || o.contains_key("has_more"));
        let unexplained = error_message(&root).is_none_or(|m| {
            let m = m.to_ascii_lowercase();
            [
                "ok",
                "success",
                "successful",
                "succeeded",
                "no videos",
                "no more",
            ]
            .iter()
            .any(|w| m.trim_end_matches(['.', '!']) == *w)
        });
        if paginates && unexplained {
            return Ok(VideoSample {
                videos: Vec::new(),
                credits_remaining: credits_remaining(&root),
                dropped: 0,
            });
        }
        return Err(ParseError::Missing {
            what: "video list",
            message: error_message(&root),
        });
    };
    let mut videos = Vec::with_capacity(list.len());
    let mut seen = HashSet::new();
    let mut dropped = 0;
    for item in list {
        match item.as_object().and_then(parse_video) {
            // The first copy of a repeated id is kept; an id-less video is never a repeat.
            Some(video) if video.id.trim().is_empty() || seen.insert(video.id.clone()) => {
                videos.push(video);
            }
            _ => dropped += 1,
        }
    }
    if videos.is_empty() && dropped > 0 {
        return Err(ParseError::Missing {
            what: "readable video counts",
            message: error_message(&root),
        });
    }
    Ok(VideoSample {
        videos,
        credits_remaining: credits_remaining(&root),
        dropped,
    })
}

/// Fails when the body itself says the call failed, even with a 200 status: at the top
/// and at every wrapper object the parser descends through, never inside list items.
fn reported_failure(root: &Value) -> Result<(), ParseError> {
    if !object_wrappers(root).into_iter().any(says_failed) {
        return Ok(());
    }
    let message = error_message(root)
        .or_else(|| {
            wrappers(root).iter().find_map(|o| {
                ["status_msg", "statusMsg"]
                    .iter()
                    .find_map(|k| o.get(*k)?.as_str().map(|s| truncate(s, 200)))
            })
        })
        .unwrap_or_else(|| "no message".to_string());
    Err(ParseError::Reported(message))
}

/// One object's failure markers.
fn says_failed(o: &Map<String, Value>) -> bool {
    let flag_false = ["success", "ok"].iter().any(|k| match o.get(*k) {
        Some(Value::Bool(b)) => !b,
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        Some(Value::String(s)) => matches!(s.trim().to_ascii_lowercase().as_str(), "false" | "0"),
        _ => false,
    });
    let bad_status = match o.get("status") {
        Some(Value::String(s)) if numeric(s).is_none() => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "error" | "fail" | "failed" | "failure"
        ),
        Some(v) => code_of(v).is_some_and(bad_code),
        None => false,
    };
    let bad_code = ["statusCode", "status_code", "code"]
        .iter()
        .any(|k| o.get(*k).and_then(code_of).is_some_and(bad_code));
    let errors = ["error", "errors"].iter().any(|k| match o.get(*k) {
        Some(Value::String(e)) => !e.trim().is_empty(),
        Some(Value::Object(e)) => !e.is_empty(),
        Some(Value::Array(e)) => !e.is_empty(),
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        _ => false,
    });
    flag_false || bad_status || bad_code || errors
}

/// A status code given as a number or a numeric string.
fn code_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => numeric(s),
        _ => None,
    }
}

fn numeric(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

/// TikTok says 0 for success; HTTP-style wrappers echo 2xx.
fn bad_code(c: f64) -> bool {
    c != 0.0 && !(200.0..300.0).contains(&c)
}

fn parse_json(body: &[u8]) -> Result<Value, ParseError> {
    // Some proxies prepend a UTF-8 byte order mark, which serde_json rejects.
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))
}

/// The root and every wrapper object below it (two levels deep: `data.data` exists in the wild).
fn wrappers(root: &Value) -> Vec<&Map<String, Value>> {
    wrappers_for(root, None)
}

/// [`wrappers`], where a wrapper that is a list contributes its element naming `tag`
/// (else its first element).
fn wrappers_for<'a>(root: &'a Value, tag: Option<&str>) -> Vec<&'a Map<String, Value>> {
    root.as_object()
        .map(|o| two_levels(o, WRAPPERS, |v| pick_object(v, tag)))
        .unwrap_or_default()
}

/// `obj`, the objects under its `keys`, and the objects under theirs: how far wrappers
/// and challenge descriptions nest. `step` says what a value under a key yields.
fn two_levels<'a>(
    obj: &'a Map<String, Value>,
    keys: &[&str],
    step: impl Fn(&'a Value) -> Option<&'a Map<String, Value>>,
) -> Vec<&'a Map<String, Value>> {
    let mut out = vec![obj];
    for key in keys {
        if let Some(inner) = obj.get(*key).and_then(&step) {
            out.push(inner);
            out.extend(keys.iter().filter_map(|k| inner.get(*k).and_then(&step)));
        }
    }
    out
}

/// The root and its wrapper objects, lists excluded: where failure markers are looked for
/// (a list's elements are items, whose own `status` or `code` mean something else).
fn object_wrappers(root: &Value) -> Vec<&Map<String, Value>> {
    root.as_object()
        .map(|o| two_levels(o, WRAPPERS, Value::as_object))
        .unwrap_or_default()
}

/// An object, or from an array of objects (`{"data": [{...}]}`) the element naming `tag`,
/// else the first element.
fn pick_object<'a>(v: &'a Value, tag: Option<&str>) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(o) => Some(o),
        Value::Array(items) => tag
            .and_then(|tag| {
                items.iter().filter_map(Value::as_object).find(|o| {
                    holders_of(o)
                        .into_iter()
                        .any(|h| names_of(h).any(|n| n == tag))
                })
            })
            .or_else(|| items.first().and_then(Value::as_object)),
        _ => None,
    }
}

/// An object and the challenge descriptions inside it (TikTok nests once more:
/// `challengeInfo.challenge.stats`): every object that may carry the hashtag's counters.
fn holders_of(obj: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    two_levels(obj, CHALLENGE_KEYS, Value::as_object)
}

/// The hashtag names an object gives itself, normalised like the configured hashtags.
fn names_of(obj: &Map<String, Value>) -> impl Iterator<Item = String> + '_ {
    NAME_KEYS
        .iter()
        .filter_map(|k| obj.get(*k)?.as_str())
        .map(normalise_tag)
        // A hashtag has no spaces: "Hashtag stats" or "AI Tools" is a label, not a name. A
        // name the key was scrubbed from cannot be compared either.
        .filter(|n| {
            !n.is_empty() && !n.chars().any(char::is_whitespace) && !n.contains("[redacted]")
        })
}

/// As `config::normalize_hashtag`, without its validation: only compared, never stored.
fn normalise_tag(s: &str) -> String {
    s.trim()
        .trim_start_matches('#')
        .trim()
        .to_lowercase()
        .nfc()
        .collect()
}

/// What a counter reads as, wherever it was looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Absent,
    /// Present under a known name, but not a valid count (null, "n/a", negative, ...).
    Unreadable,
    Count(u64),
}

impl Reading {
    fn value(self) -> Option<u64> {
        match self {
            Reading::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// The objects a counter is read from: exact `statsV2` first, then the possibly rounded
/// ones (`stats`, then the holders themselves).
struct Counters<'a> {
    exact: Vec<&'a Map<String, Value>>,
    other: Vec<&'a Map<String, Value>>,
}

impl<'a> Counters<'a> {
    fn of(holders: &[&'a Map<String, Value>]) -> Self {
        let inner = |keys: &'static [&'static str]| {
            holders
                .iter()
                .flat_map(move |h| keys.iter().filter_map(move |k| h.get(*k)?.as_object()))
        };
        Counters {
            exact: inner(EXACT_STATS_KEYS).collect(),
            other: inner(ROUNDED_STATS_KEYS)
                .chain(holders.iter().copied())
                .collect(),
        }
    }

    /// An exact value wins wherever it sits. Otherwise the first object's value, unless
    /// a later object agrees with it to within rounding (5%) and is more precise: a
    /// rounded `stats` must not hide the exact count next to it.
    fn read(&self, keys: &[&str]) -> Reading {
        let in_object =
            |o: &&Map<String, Value>| keys.iter().find_map(|k| o.get(*k).and_then(count));
        if let Some(n) = self.exact.iter().find_map(in_object) {
            return Reading::Count(n);
        }
        let mut values = self.other.iter().filter_map(in_object);
        if let Some(first) = values.next() {
            let best = values
                .filter(|&v| within_rounding(first, v))
                .fold(first, |best, v| {
                    if trailing_zeros(v) < trailing_zeros(best) {
                        v
                    } else {
                        best
                    }
                });
            return Reading::Count(best);
        }
        let present = self
            .exact
            .iter()
            .chain(&self.other)
            .any(|o| keys.iter().any(|k| is_counter(o, k)));
        if present {
            Reading::Unreadable
        } else {
            Reading::Absent
        }
    }
}

/// Whether `obj` has a value under `key` that claims to be that counter. A list or an
/// object under a bare name (`comments: [...]`) is something else with the same name.
fn is_counter(obj: &Map<String, Value>, key: &str) -> bool {
    match obj.get(key) {
        None => false,
        Some(Value::Array(_) | Value::Object(_)) => key.to_ascii_lowercase().contains("count"),
        Some(_) => true,
    }
}

/// The smaller within 5% of the larger.
fn within_rounding(a: u64, b: u64) -> bool {
    let (lo, hi) = (u128::from(a.min(b)), u128::from(a.max(b)));
    lo * 100 >= hi * 95
}

/// Decimal trailing zeros: fewer means more significant digits.
fn trailing_zeros(mut n: u64) -> u32 {
    if n == 0 {
        return u32::MAX;
    }
    let mut z = 0;
    while n.is_multiple_of(10) {
        n /= 10;
        z += 1;
    }
    z
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

/// The API's own explanation when a 200 carries no data or a failure (`{"error": "..."}`,
/// `{"message": ...}`, `{"errors": [{"message": ...}]}`).
fn error_message(root: &Value) -> Option<String> {
    fn text(v: &Value) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(truncate(s.trim(), 200)),
            Value::Object(o) => ["message", "msg"].iter().find_map(|k| match o.get(*k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(truncate(s.trim(), 200)),
                _ => None,
            }),
            _ => None,
        }
    }
    wrappers(root).iter().find_map(|obj| {
        ["error", "errors", "message", "detail", "msg"]
            .iter()
            .find_map(|k| match obj.get(*k)? {
                // Only one level of list: `errors[0].message`.
                Value::Array(items) => items.first().filter(|v| !v.is_array()).and_then(text),
                v => text(v),
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

/// A video, or `None` when its counts cannot be trusted: plays must be readable, and of
/// likes, comments and shares at least one must be readable and none unreadable (an
/// absent one is then 0).
fn parse_video(v: &Map<String, Value>) -> Option<Video> {
    let v = unwrap_item(v);
    let counters = Counters::of(&[v]);
    let plays = counters.read(PLAY_KEYS).value()?;
    let [likes, comments, shares] = [LIKE_KEYS, COMMENT_KEYS, SHARE_KEYS].map(|k| counters.read(k));
    let engagement = [likes, comments, shares];
    if engagement.contains(&Reading::Unreadable) || engagement.iter().all(|r| *r == Reading::Absent)
    {
        return None;
    }
    Some(Video {
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
        plays,
        likes: likes.value().unwrap_or(0),
        comments: comments.value().unwrap_or(0),
        shares: shares.value().unwrap_or(0),
    })
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
        let v = parse_videos(br#"{"data":{"items":[{"item":{"id":"9","author":{"uniqueId":"y"},"stats":{"playCount":5,"diggCount":1}}}]}}"#).unwrap();
        assert_eq!(
            (
                v.videos[0].id.as_str(),
                v.videos[0].author.as_str(),
                v.videos[0].plays
            ),
            ("9", "y", 5)
        );
        let v =
            parse_videos(br#"{"data":{"videos":{"cursor":30,"items":[{"id":"1","plays":3,"likes":1},{"id":"2","plays":4,"shares":0}]}}}"#)
                .unwrap();
        assert_eq!(v.videos.len(), 2);
        // No list but TikTok's pagination marker: a hashtag with no videos.
        let v = parse_videos(br#"{"data":{"hasMore":false,"cursor":0},"statusCode":0}"#).unwrap();
        assert!(v.videos.is_empty());
        let v = parse_videos(br#"{"message":"Success","data":{"hasMore":false}}"#).unwrap();
        assert!(v.videos.is_empty());
        // No list, but a reason: an error, not an empty day.
        let e = parse_videos(br#"{"hasMore":false,"message":"blocked"}"#).unwrap_err();
        assert!(e.to_string().contains("blocked"), "{e}");
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
            br#"{"data": {"list": [{"id": 1, "authorMeta": {"name": "ann"}, "playCount": 9, "diggCount": 1}]}}"#,
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
            r#"{"videos": [{"id": "1", "playCount": 2, "diggCount": 1}]}"#,
            r#"{"data": {"videos": [{"id": "1", "playCount": 2, "diggCount": 1}]}}"#,
            r#"{"data": {"itemList": [{"id": "1", "playCount": 2, "diggCount": 1}]}}"#,
            r#"{"itemList": [{"id": "1", "playCount": 2, "diggCount": 1}]}"#,
            r#"{"data": [{"id": "1", "playCount": 2, "diggCount": 1}]}"#,
            r#"{"data": {"videos": {"edges": [{"node": {"id": "1", "playCount": 2, "diggCount": 1}}]}}}"#,
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
        // "c" has no counts at all: dropped, not kept as zeros.
        assert_eq!((s.videos.len(), s.dropped), (2, 1));
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

    fn videos(json: &str) -> Result<VideoSample, ParseError> {
        parse_videos(json.as_bytes())
    }

    fn plays(s: &VideoSample) -> Vec<u64> {
        s.videos.iter().map(|v| v.plays).collect()
    }

    #[test]
    fn videos_without_readable_counts_are_dropped_not_zeroed() {
        let body = r#"{"videos": [
            {"id": "ok", "playCount": 100, "diggCount": 10, "commentCount": 2, "shareCount": 1},
            {"id": "unknown-names", "impressions": 100, "hearts": 10},
            {"id": "null-plays", "playCount": null, "diggCount": 10},
            {"id": "na-plays", "playCount": "n/a", "diggCount": 10},
            {"id": "negative-plays", "playCount": -5, "diggCount": 10},
            {"id": "bool-plays", "playCount": true, "diggCount": 10},
            {"id": "null-likes", "playCount": 100, "diggCount": null},
            {"id": "garbage-comments", "playCount": 100, "diggCount": 1, "commentCount": "abc"},
            {"id": "negative-shares", "playCount": 100, "diggCount": 1, "shareCount": -1},
            {"id": "over-range-likes", "playCount": 100, "diggCount": 18446744073709551615},
            {"id": "plays-only", "playCount": 100},
            {"id": "ok2", "stats": {"playCount": "50"}, "commentCount": 3}
        ]}"#;
        let s = videos(body).unwrap();
        let ids: Vec<_> = s.videos.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["ok", "ok2"]);
        assert_eq!(s.dropped, 10);
        let ok2 = &s.videos[1];
        // An absent engagement counter is 0 once another one is readable.
        assert_eq!(
            (ok2.plays, ok2.likes, ok2.comments, ok2.shares),
            (50, 0, 3, 0)
        );
        assert_eq!(ok2.author, UNKNOWN_AUTHOR);
        // A list under a bare counter name is something else, not an unreadable counter.
        let s = videos(
            r#"{"videos": [{"id": "1", "plays": 5, "likes": 1, "comments": [{"text": "hi"}]}]}"#,
        )
        .unwrap();
        assert_eq!((s.videos.len(), s.videos[0].comments, s.dropped), (1, 0, 0));
    }

    #[test]
    fn video_counter_aliases() {
        for item in [
            r#"{"id": "1", "view_count": 7, "like_count": 3, "comment_count": 2, "share_count": 1}"#,
            r#"{"id": "1", "viewCount": 7, "likeCount": 3, "commentCount": 2, "shareCount": 1}"#,
            r#"{"id": "1", "views": 7, "likes": 3, "comments": 2, "shares": 1}"#,
            r#"{"id": "1", "play_count": "7", "digg_count": "3", "comments": 2, "shares": 1}"#,
            r#"{"id": "1", "plays": 7, "diggCount": 3, "commentCount": 2, "shareCount": 1}"#,
            r#"{"id": "1", "statistics": {"view_count": 7, "like_count": 3, "comment_count": 2, "share_count": 1}}"#,
            r#"{"id": "1", "stats": {"views": 7, "likes": 3, "comments": 2, "shares": 1}}"#,
            r#"{"id": "1", "statsV2": {"playCount": "7", "diggCount": "3", "commentCount": "2", "shareCount": "1"}, "stats": {"playCount": 10}}"#,
            r#"{"node": {"id": "1", "playCount": 7, "diggCount": 3, "commentCount": 2, "shareCount": 1}}"#,
            r#"{"item": {"node": {"id": "1", "stats": {"playCount": 7, "diggCount": 3, "commentCount": 2, "shareCount": 1}}}}"#,
        ] {
            let s = videos(&format!(r#"{{"videos": [{item}]}}"#)).unwrap();
            let v = &s.videos[0];
            assert_eq!(
                (v.id.as_str(), v.plays, v.likes, v.comments, v.shares),
                ("1", 7, 3, 2, 1),
                "{item}"
            );
        }
    }

    #[test]
    fn a_list_without_one_readable_video_is_an_error() {
        for body in [
            r#"{"videos": ["7301", "7302"]}"#,
            r#"[null, null]"#,
            r#"{"data": {"itemList": [{"id": "1", "author": {"uniqueId": "a"}}, {"id": "2"}]}}"#,
            r#"{"videos": [{"wrapped": {"id": "1", "playCount": 5, "diggCount": 1}}]}"#,
            r#"{"videos": [{"id": "1", "playCount": null, "diggCount": 1}]}"#,
        ] {
            let err = videos(body).unwrap_err();
            assert!(
                matches!(err, ParseError::Missing { .. })
                    && err.to_string().contains("no readable video counts"),
                "{body}: {err}"
            );
        }
        // A genuinely empty list is still a valid, empty sample.
        let s = videos(r#"{"videos": []}"#).unwrap();
        assert_eq!((s.videos.len(), s.dropped), (0, 0));
    }

    #[test]
    fn repeated_video_ids_keep_the_first() {
        let s = videos(
            r#"{"videos": [
                {"id": 1, "playCount": 10, "diggCount": 1},
                {"id": "1", "playCount": 99, "diggCount": 9},
                {"id": "2", "playCount": 20, "diggCount": 2},
                {"playCount": 30, "diggCount": 3},
                {"id": "", "playCount": 30, "diggCount": 3},
                {"id": "2", "playCount": 21, "diggCount": 2}
            ]}"#,
        )
        .unwrap();
        assert_eq!(plays(&s), [10, 20, 30, 30]);
        assert_eq!(s.dropped, 2);
        // An unreadable copy is dropped for that; the readable one is then the first.
        let s = videos(
            r#"{"videos": [{"id": "1", "playCount": "n/a", "diggCount": 1}, {"id": "1", "playCount": 8, "diggCount": 1}]}"#,
        )
        .unwrap();
        assert_eq!((plays(&s), s.dropped), (vec![8], 1));
    }

    #[test]
    fn more_failure_markers_on_both_endpoints() {
        let counts = r#""video_count": 1, "view_count": 2, "videos": [{"id": "1", "playCount": 5, "diggCount": 1}]"#;
        for (marker, message) in [
            (r#""success": "False""#, None),
            (r#""success": 0"#, None),
            (r#""ok": "false""#, None),
            (r#""status": "FAILURE", "msg": "boom""#, Some("boom")),
            (r#""status": 500"#, None),
            (r#""status": "500""#, None),
            (
                r#""statusCode": "10201", "message": "challenge not found""#,
                Some("challenge not found"),
            ),
            (
                r#""code": 1001, "msg": "rate limited""#,
                Some("rate limited"),
            ),
            (r#""status_code": -1"#, None),
            (r#""errors": [{"message": "bad key"}]"#, Some("bad key")),
            (r#""errors": {"key": "invalid"}"#, None),
            (r#""error": ["quota"]"#, Some("quota")),
            (r#""error": {"code": 5, "message": "nope"}"#, Some("nope")),
            (r#""error": true, "message": "it broke""#, Some("it broke")),
        ] {
            for body in [
                format!("{{{marker}, {counts}}}"),
                format!(r#"{{"data": {{{marker}, {counts}}}}}"#),
                format!(r#"{{"result": {{"data": {{{marker}, {counts}}}}}}}"#),
            ] {
                for err in [
                    stats(&body).unwrap_err(),
                    videos(&body).unwrap_err(),
                    parse_stats_for(body.as_bytes(), "x").unwrap_err(),
                ] {
                    let ParseError::Reported(said) = &err else {
                        panic!("{body}: {err}");
                    };
                    if let Some(m) = message {
                        assert_eq!(said, m, "{body}");
                    }
                }
            }
        }
        let long = "x".repeat(500);
        let err = stats(&format!(r#"{{"code": 3, "msg": "{long}", {counts}}}"#)).unwrap_err();
        assert!(err.to_string().chars().count() < 260, "{err}");
        // Success markers, at any level, are fine.
        for marker in [
            r#""success": "true", "status": "ok", "code": 0"#,
            r#""code": 200, "statusCode": "0", "status": 0"#,
            r#""status": 201, "status_code": "200", "errors": [], "error": {}"#,
            r#""error": false, "errors": null, "success": 1, "status": "success""#,
        ] {
            for body in [
                format!("{{{marker}, {counts}}}"),
                format!(r#"{{"data": {{{marker}, {counts}}}}}"#),
            ] {
                assert!(stats(&body).is_ok(), "{body}");
                assert!(videos(&body).is_ok(), "{body}");
            }
        }
        // Inside a video item, `status` or `code` is the item's own business.
        let s = videos(
            r#"{"data": [{"id": "1", "status": 1, "code": 9, "playCount": 5, "diggCount": 1}]}"#,
        )
        .unwrap();
        assert_eq!(s.videos.len(), 1);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let s = parse_stats(b"\xEF\xBB\xBF{\"video_count\": 1, \"view_count\": 2}").unwrap();
        assert_eq!((s.video_count, s.view_count), (1, 2));
        let v = parse_videos(
            b"\xEF\xBB\xBF{\"videos\": [{\"id\": \"1\", \"plays\": 3, \"likes\": 1}]}",
        )
        .unwrap();
        assert_eq!(plays(&v), [3]);
        assert!(parse_stats(b"\xEF\xBB\xBF").is_err());
    }

    #[test]
    fn stats_for_the_asked_hashtag() {
        let for_tag = |body: &str, tag: &str| parse_stats_for(body.as_bytes(), tag);
        // In a list, the element naming the hashtag, wherever it sits.
        let list = r##"{"data":[{"hashtag":"aitoolsdaily","video_count":5,"view_count":6},{"hashtag":"#AITools","video_count":1000000,"view_count":2}]}"##;
        let s = for_tag(list, "aitools").unwrap();
        assert_eq!((s.video_count, s.view_count), (1_000_000, 2));
        let s = for_tag(list, "aitoolsdaily").unwrap();
        assert_eq!((s.video_count, s.view_count), (5, 6));
        let err = for_tag(list, "llm").unwrap_err();
        assert_eq!(err.to_string(), "the answer is for #aitoolsdaily, not #llm");
        // An object naming another hashtag, under each name field.
        for body in [
            r#"{"data": {"hashtag": "aitoolsdaily", "video_count": 5, "view_count": 6}}"#,
            r#"{"title": "AIToolsDaily", "video_count": 5, "view_count": 6}"#,
            r#"{"data": {"challengeName": "aitoolsdaily", "video_count": 5, "view_count": 6}}"#,
            r#"{"data": {"cha_name": "aitoolsdaily", "video_count": 5, "view_count": 6}}"#,
            r#"{"data": {"challenge": {"title": "aitoolsdaily"}, "video_count": 5, "view_count": 6}}"#,
            r#"{"data": {"challengeInfo": {"challenge": {"title": "aitoolsdaily"}, "stats": {"videoCount": 5, "viewCount": 6}}}}"#,
        ] {
            let err = for_tag(body, "aitools").unwrap_err();
            assert!(
                matches!(&err, ParseError::OtherHashtag { got, asked } if got == "aitoolsdaily" && asked == "aitools"),
                "{body}: {err}"
            );
            assert!(parse_stats(body.as_bytes()).is_ok(), "{body}");
            assert!(for_tag(body, "aitoolsdaily").is_ok(), "{body}");
        }
        // The same name, differently written, or no name at all: accepted.
        for body in [
            r##"{"data": {"hashtag": " #AiTools ", "video_count": 5, "view_count": 6}}"##,
            r#"{"data": {"challengeInfo": {"challenge": {"title": "aitools"}, "statsV2": {"videoCount": "5", "viewCount": "6"}}}}"#,
            r#"{"data": [{"video_count": 5, "view_count": 6}, {"video_count": 7, "view_count": 8}]}"#,
            r#"{"video_count": 5, "view_count": 6, "hashtag": null}"#,
            // Labels, not hashtag names: a bare `name`, or a title with spaces.
            r#"{"data": {"name": "tiktok", "video_count": 5, "view_count": 6}}"#,
            r#"{"title": "Hashtag stats", "video_count": 5, "view_count": 6}"#,
            // The key was scrubbed out of the name (a key that is also a word of the hashtag).
            r#"{"hashtag": "[redacted]_0164", "video_count": 5, "view_count": 6}"#,
        ] {
            let s = for_tag(body, "aitools").unwrap();
            assert_eq!((s.video_count, s.view_count), (5, 6), "{body}");
        }
    }

    #[test]
    fn the_precise_of_two_agreeing_counts_wins() {
        let s = stats(r#"{"data":{"video_count":1234567,"view_count":4512345678,"stats":{"videoCount":1200000,"viewCount":4500000000}}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (1_234_567, 4_512_345_678));
        // statsV2 still wins outright, even over a more precise-looking value.
        let s = stats(r#"{"video_count":1234567,"view_count":7,"statsV2":{"videoCount":"1200000","viewCount":"8"}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (1_200_000, 8));
        // Values that disagree by more than rounding keep the usual order (`stats` first).
        let s = stats(r#"{"video_count":1234567,"view_count":4512345678,"stats":{"videoCount":1000000,"viewCount":4000000000}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (1_000_000, 4_000_000_000));
        // Same precision: the usual order.
        let s = stats(r#"{"video_count":1210000,"view_count":6,"stats":{"videoCount":1200000,"viewCount":6}}"#).unwrap();
        assert_eq!((s.video_count, s.view_count), (1_210_000, 6));
        let s = stats(r#"{"video_count":1210000,"view_count":6,"stats":{"videoCount":1220000,"viewCount":6}}"#).unwrap();
        assert_eq!(s.video_count, 1_220_000);
        // Videos too.
        let v = videos(r#"{"videos":[{"id":"1","playCount":1234567,"diggCount":45123,"stats":{"playCount":1200000,"diggCount":45000}}]}"#).unwrap();
        assert_eq!((v.videos[0].plays, v.videos[0].likes), (1_234_567, 45_123));
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
            which in 0usize..2,
            cut in 0usize..400,
            flip in 0usize..400,
            byte in any::<u8>(),
        ) {
            let bases: [&[u8]; 2] = [
                br#"{"data":{"challengeInfo":{"challenge":{"title":"a"},"stats":{"videoCount":12,"viewCount":"34"},"statsV2":{"videoCount":"12","viewCount":"34"}},"itemList":[{"id":"1","author":{"uniqueId":"a"},"stats":{"playCount":5,"diggCount":"1.2K"}}]},"credits_remaining":3}"#,
                b"\xEF\xBB\xBF{\"code\":\"0\",\"data\":[{\"hashtag\":\"b\",\"video_count\":1},{\"name\":\"a\",\"video_count\":5,\"views\":6}],\"result\":{\"edges\":[{\"node\":{\"id\":1,\"plays\":2,\"likes\":null}},{\"node\":{\"id\":1,\"plays\":2,\"shares\":0}}]}}",
            ];
            let mut bytes = bases[which].to_vec();
            if flip < bytes.len() { bytes[flip] = byte; }
            bytes.truncate(cut.min(bytes.len()));
            let _ = parse_stats(&bytes);
            let _ = parse_stats_for(&bytes, "a");
            let _ = parse_videos(&bytes);
        }

        /// Every item is either kept with the counts it carried, or counted as dropped;
        /// never a zero standing in for an unreadable counter.
        #[test]
        fn kept_videos_carry_their_own_counts(
            items in proptest::collection::vec((0usize..6, 0usize..6, 0usize..6, 0u64..1_000_000), 0..12),
        ) {
            // 0: absent, 1..=2: readable, 3..: present but unreadable.
            let value = |kind: usize, n: u64| match kind {
                0 => None,
                1 => Some(n.to_string()),
                2 => Some(format!("\"{n}\"")),
                3 => Some("null".to_string()),
                4 => Some("\"n/a\"".to_string()),
                _ => Some("-1".to_string()),
            };
            let body: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, &(p, l, c, n))| {
                    let fields: Vec<String> = [("playCount", p), ("diggCount", l), ("commentCount", c)]
                        .iter()
                        .filter_map(|&(k, kind)| Some(format!("\"{k}\": {}", value(kind, n)?)))
                        .chain([format!("\"id\": \"{i}\"")])
                        .collect();
                    format!("{{{}}}", fields.join(", "))
                })
                .collect();
            let body = format!("{{\"videos\": [{}]}}", body.join(", "));
            let usable = |&&(p, l, c, _): &&(usize, usize, usize, u64)| {
                (1..=2).contains(&p) && l < 3 && c < 3 && (l > 0 || c > 0)
            };
            let expected: Vec<u64> = items.iter().filter(usable).map(|x| x.3).collect();
            match parse_videos(body.as_bytes()) {
                Ok(s) => {
                    prop_assert_eq!(plays(&s), expected);
                    prop_assert_eq!(s.videos.len() + s.dropped, items.len());
                    for (v, item) in s.videos.iter().zip(items.iter().filter(usable)) {
                        prop_assert_eq!(v.likes, if item.1 == 0 { 0 } else { item.3 });
                        prop_assert_eq!(v.comments, if item.2 == 0 { 0 } else { item.3 });
                    }
                }
                Err(e) => {
                    prop_assert!(expected.is_empty() && !items.is_empty(), "{}: {}", body, e);
                }
            }
        }

        #[test]
        fn string_and_number_counts_agree(n in 0u64..(i64::MAX as u64)) {
            prop_assert_eq!(count(&Value::from(n)), Some(n));
            prop_assert_eq!(count(&Value::from(n.to_string())), Some(n));
        }
    }
}
