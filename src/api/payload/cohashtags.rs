//! The co-hashtags of a `/tiktok/hashtag/videos` answer: per sampled video, the hashtags its
//! caption carries. Read from the same list [`super::parse_videos`] finds, so a body the
//! fetch stored as readable yields its co-hashtags without another paid call.

use super::ParseError;
use super::json::{parse_json, reported_failure};
use super::videos::{author, find_video_list, scalar_string, unwrap_item};
use crate::model::VideoTags;
use crate::model::hashtag::{hashtag_char, normalize};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashSet};

/// Lists of tagged entities and the key naming the hashtag in each entry: the app shape's
/// `text_extra[].hashtag_name` (mentions there carry an empty name) and `cha_list[].cha_name`,
/// the web shape's `challenges[].title` and `textExtra[].hashtagName`.
const TAG_LISTS: &[(&str, &[&str])] = &[
    ("text_extra", &["hashtag_name", "hashtagName"]),
    ("textExtra", &["hashtagName", "hashtag_name"]),
    ("challenges", &["title", "cha_name", "hashtag_name"]),
    ("cha_list", &["cha_name", "title"]),
];

/// Every sampled video's id, author and co-hashtags, in the answer's order. A repeated video
/// id is kept once (the first copy), as the sample itself keeps it; an id-less video is never
/// a repeat. Names that are not valid hashtags are skipped. A body without a video list has
/// no co-hashtags (an empty day); one that is not JSON or says it failed is an error.
pub fn cohashtags(body: &[u8]) -> Result<Vec<VideoTags>, ParseError> {
    let root = parse_json(body)?;
    reported_failure(&root)?;
    let Some(list) = find_video_list(&root) else {
        return Ok(Vec::new());
    };
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for item in list.iter().filter_map(Value::as_object) {
        let v = unwrap_item(item);
        let id = ["id", "aweme_id", "video_id"]
            .iter()
            .find_map(|k| v.get(*k))
            .map(scalar_string)
            .unwrap_or_default();
        if !id.trim().is_empty() && !seen.insert(id.clone()) {
            continue;
        }
        out.push(VideoTags {
            id,
            author: author(v),
            tags: tags_of(v),
        });
    }
    Ok(out)
}

/// The normalised hashtags a video names in its tag lists and in its caption.
fn tags_of(v: &Map<String, Value>) -> BTreeSet<String> {
    let mut tags = BTreeSet::new();
    for (list, keys) in TAG_LISTS {
        let Some(entries) = v.get(*list).and_then(Value::as_array) else {
            continue;
        };
        for entry in entries.iter().filter_map(Value::as_object) {
            if let Some(name) = keys.iter().find_map(|k| entry.get(*k)?.as_str()) {
                tags.extend(normalize(name).ok());
            }
        }
    }
    for key in ["desc", "description"] {
        if let Some(desc) = v.get(key).and_then(Value::as_str) {
            tags.extend(caption_tags(desc));
        }
    }
    tags
}

/// `#word` tokens of a caption: a `#` followed by hashtag characters (letters, digits,
/// marks, `_`); the tag ends at the first other character (`#a,#b` is two tags).
pub(super) fn caption_tags(desc: &str) -> impl Iterator<Item = String> + '_ {
    desc.split(['#', '＃']).skip(1).filter_map(|rest| {
        let end = rest
            .char_indices()
            .find(|&(_, c)| !hashtag_char(c))
            .map_or(rest.len(), |(i, _)| i);
        normalize(&rest[..end]).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tags(v: &VideoTags) -> Vec<&str> {
        v.tags.iter().map(String::as_str).collect()
    }

    #[test]
    fn app_shape_reads_text_extra_and_the_caption() {
        let body = json!({"data": {"aweme_list": [
            {"aweme_id": "1", "desc": "new drop #Skincare, #glow_up! #", "author": {"unique_id": "ana"},
             "statistics": {"play_count": 10},
             "text_extra": [{"hashtag_name": "GRWM"}, {"hashtag_name": ""}, {"user_id": "9"}]},
            {"aweme_id": "1", "desc": "#dup", "author": {"unique_id": "ana"}},
        ], "has_more": 1}});
        let out = cohashtags(body.to_string().as_bytes()).unwrap();
        assert_eq!(out.len(), 1, "a repeated id is kept once");
        assert_eq!(out[0].id, "1");
        assert_eq!(out[0].author, "ana");
        assert_eq!(tags(&out[0]), ["glow_up", "grwm", "skincare"]);
    }

    #[test]
    fn web_shape_reads_challenges() {
        let body = json!({"data": {"itemList": [
            {"id": "7", "desc": "", "author": {"uniqueId": "bo"}, "stats": {"playCount": 1},
             "challenges": [{"title": "Café"}, {"title": "not a tag"}]},
            {"id": "8", "desc": "#café"},
        ]}});
        let out = cohashtags(body.to_string().as_bytes()).unwrap();
        assert_eq!(tags(&out[0]), ["café"]);
        assert_eq!(out[1].author, crate::model::UNKNOWN_AUTHOR);
        assert_eq!(
            out[0].tags, out[1].tags,
            "normalised like configured hashtags"
        );
    }

    #[test]
    fn failures_are_errors_and_a_missing_list_is_empty() {
        assert!(cohashtags(b"<html>").is_err());
        assert!(cohashtags(br#"{"success": false, "message": "blocked"}"#).is_err());
        assert_eq!(cohashtags(br#"{"data": {"has_more": 0}}"#).unwrap(), []);
    }

    #[test]
    fn caption_tokens_end_at_punctuation() {
        let got: Vec<String> = caption_tags("C# is #fun.#rust,#日本 ＃full #a-b").collect();
        assert_eq!(got, ["fun", "rust", "日本", "full", "a"]);
    }
}
