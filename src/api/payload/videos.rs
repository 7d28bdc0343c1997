//! The `/tiktok/hashtag/videos` answer: the day's sample of videos.

use super::counters::{Counters, Reading};
use super::json::{
    credits_remaining, error_message, holders_of, names_of, object_wrappers, parse_json,
    reported_failure, wrappers,
};
use super::vocab::{
    COMMENT_KEYS, ITEM_WRAPPERS, LIKE_KEYS, PLAY_KEYS, SHARE_KEYS, VIDEO_LIST_KEYS, WRAPPERS,
};
use super::{ParseError, VideoSample};
use crate::model::{UNKNOWN_AUTHOR, Video, hashtag};
use crate::text::truncate;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Parses the `/tiktok/hashtag/videos` answer. An empty list is a valid (empty) sample;
/// a body with no list at all, or a list none of whose items has readable counts, is an
/// error.
pub fn parse_videos(body: &[u8]) -> Result<VideoSample, ParseError> {
    videos_of(body, None)
}
/// [`parse_videos`] for `hashtag` (normalised, without '#'): an answer naming another
/// hashtag is an error, as for the stats answer (its videos would be stored under the
/// wrong name). An answer naming none is accepted.
pub fn parse_videos_for(body: &[u8], hashtag: &str) -> Result<VideoSample, ParseError> {
    videos_of(body, Some(&hashtag::fold(hashtag)))
}
fn videos_of(body: &[u8], tag: Option<&str>) -> Result<VideoSample, ParseError> {
    let root = parse_json(body)?;
    reported_failure(&root)?;
    // Only the answer's own wrappers and challenge descriptions name the hashtag: a
    // video's `title` in the list is the video's.
    if let Some(asked) = tag
        && let Some(got) = object_wrappers(&root)
            .into_iter()
            .flat_map(holders_of)
            .flat_map(|h| names_of(h).collect::<Vec<_>>())
            .find(|n| n != asked)
    {
        return Err(ParseError::OtherHashtag {
            got: truncate(&got, 100),
            asked: asked.to_string(),
        });
    }
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
                cursor: next_cursor(&root),
                has_more: has_more(&root),
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
        cursor: next_cursor(&root),
        has_more: has_more(&root),
    })
}
/// `data.cursor` (a number or a string; `nextCursor` in some shapes) as the string the next
/// request sends.
fn next_cursor(root: &Value) -> Option<String> {
    wrappers(root).iter().find_map(|o| {
        ["cursor", "next_cursor", "nextCursor"]
            .iter()
            .find_map(|k| match o.get(*k)? {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
                _ => None,
            })
    })
}
/// `has_more` as 0/1, a bool or such a string (`hasMore` in the web shape).
fn has_more(root: &Value) -> Option<bool> {
    wrappers(root).iter().find_map(|o| {
        ["has_more", "hasMore"]
            .iter()
            .find_map(|k| match o.get(*k)? {
                Value::Bool(b) => Some(*b),
                Value::Number(n) => n.as_f64().map(|f| f != 0.0),
                Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "1" | "true" => Some(true),
                    "0" | "false" => Some(false),
                    _ => None,
                },
                _ => None,
            })
    })
}
pub(super) fn find_video_list(root: &Value) -> Option<&Vec<Value>> {
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
pub(super) fn unwrap_item(mut v: &Map<String, Value>) -> &Map<String, Value> {
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
pub(super) fn parse_video(v: &Map<String, Value>) -> Option<Video> {
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
pub(super) fn author(v: &Map<String, Value>) -> String {
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
pub(super) fn scalar_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod other_hashtag_tests {
    use super::*;

    const VIDEO: &str =
        r#"{"id": "1", "title": "my video", "stats": {"playCount": 10, "diggCount": 1}}"#;

    #[test]
    fn a_videos_answer_naming_another_hashtag_is_refused() {
        for body in [
            format!(r#"{{"hashtag": "cats", "videos": [{VIDEO}]}}"#),
            format!(r#"{{"data": {{"challenge": {{"title": "Cats"}}, "videos": [{VIDEO}]}}}}"#),
        ] {
            let err = parse_videos_for(body.as_bytes(), "dogs").unwrap_err();
            assert!(
                matches!(&err, ParseError::OtherHashtag { got, asked } if got == "cats" && asked == "dogs"),
                "{body}: {err}"
            );
            assert_eq!(
                parse_videos_for(body.as_bytes(), "#Cats")
                    .unwrap()
                    .videos
                    .len(),
                1
            );
        }
    }

    #[test]
    fn a_videos_answer_naming_no_hashtag_is_read() {
        // A video's own title is not the answer's name.
        let body = format!(r#"{{"videos": [{VIDEO}]}}"#);
        assert_eq!(
            parse_videos_for(body.as_bytes(), "dogs")
                .unwrap()
                .videos
                .len(),
            1
        );
        let list = format!(r#"{{"data": [{VIDEO}]}}"#);
        assert_eq!(
            parse_videos_for(list.as_bytes(), "dogs")
                .unwrap()
                .videos
                .len(),
            1
        );
    }
}
