//! The `/tiktok/hashtag` answer: a hashtag's totals.

use super::counters::Counters;
use super::json::{
    credits_remaining, error_message, holders_of, names_of, parse_json, reported_failure,
    wrappers_for,
};
use super::vocab::{VIDEO_COUNT_KEYS, VIEW_COUNT_KEYS};
use super::{HashtagStats, ParseError, Precision};
use crate::model::hashtag;
use crate::text::truncate;

/// Parses the `/tiktok/hashtag` answer without checking which hashtag it describes.
pub fn parse_stats(body: &[u8]) -> Result<HashtagStats, ParseError> {
    stats_of(body, None)
}
/// Parses the `/tiktok/hashtag` answer for `hashtag` (normalised, without '#'): in a list
/// the element naming it is used, and an answer naming another hashtag is an error. An
/// answer naming none is accepted.
pub fn parse_stats_for(body: &[u8], hashtag: &str) -> Result<HashtagStats, ParseError> {
    stats_of(body, Some(&hashtag::fold(hashtag)))
}
pub(super) fn stats_of(body: &[u8], tag: Option<&str>) -> Result<HashtagStats, ParseError> {
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
    let video_count = counters.read_count(VIDEO_COUNT_KEYS);
    let view_count = counters.read_count(VIEW_COUNT_KEYS);
    match (video_count, view_count) {
        (Some(videos), Some(views)) => {
            // TikTok stopped reporting videoCount for some hashtags and sends 0 beside
            // billions of views: not a collapse, an unknown.
            let videos = (videos.value > 0 || views.value == 0).then_some(videos);
            Ok(HashtagStats {
                id: hashtag_id(&holders),
                video_count: videos.map(|c| c.value),
                view_count: views.value,
                precision: Precision {
                    videos: videos.map_or(0, |c| c.precision),
                    views: views.precision,
                },
                credits_remaining: credits_remaining(&root),
            })
        }
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
/// The hashtag's id: `challenge.id` (any holder but the root, whose `id` may name the
/// request), or an explicit `hashtag_id` / `challenge_id` anywhere. Numbers become strings:
/// the videos call sends it as one.
fn hashtag_id(holders: &[&serde_json::Map<String, serde_json::Value>]) -> Option<String> {
    use serde_json::Value;
    let read = |v: &Value| {
        match v {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) if n.is_u64() => Some(n.to_string()),
            _ => None,
        }
        .filter(|s| {
            !s.is_empty()
                && s.len() <= 128
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        })
    };
    let explicit = [
        "hashtag_id",
        "hashtagId",
        "challenge_id",
        "challengeId",
        "cid",
    ];
    holders.iter().rev().enumerate().find_map(|(i, h)| {
        let is_root = i + 1 == holders.len();
        explicit
            .iter()
            .chain(if is_root { &[][..] } else { &["id"][..] })
            .find_map(|k| h.get(*k).and_then(read))
    })
}
