//! The sounds of a `/tiktok/hashtag/videos` answer (the API calls a sound `music`): per
//! sampled video, the sound it uses. Read from the videos [`super::parse_videos`] keeps (the
//! same sample, the same repeats left out), so a stored answer yields its sounds without
//! another paid call.

use super::ParseError;
use super::json::{parse_json, reported_failure};
use super::videos::{find_video_list, parse_video, unwrap_item};
use super::vocab::{
    MUSIC_KEYS, SOUND_AUTHOR_KEYS, SOUND_ID_KEYS, SOUND_ORIGINAL_KEYS, SOUND_OWNER_KEYS,
    SOUND_TITLE_KEYS,
};
use crate::model::{Sound, VideoSound};
use crate::text::truncate;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Longest title or artist kept (a caption-sized field is not a sound's name).
const TEXT_MAX: usize = 200;
/// Longest id kept: TikTok's are 19 digits.
const ID_MAX: usize = 40;

/// Every sampled video's id, author and sound, in the answer's order: the videos the sample
/// keeps (readable counts, a repeated id once). A body without a video list has no sounds
/// (an empty day); one that is not JSON or says it failed is an error.
pub fn sounds(body: &[u8]) -> Result<Vec<VideoSound>, ParseError> {
    let root = parse_json(body)?;
    reported_failure(&root)?;
    let Some(list) = find_video_list(&root) else {
        return Ok(Vec::new());
    };
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for item in list.iter().filter_map(Value::as_object) {
        let Some(video) = parse_video(item) else {
            continue;
        };
        if !video.id.trim().is_empty() && !seen.insert(video.id.clone()) {
            continue;
        }
        out.push(VideoSound {
            id: video.id,
            author: video.author,
            sound: sound_of(unwrap_item(item)),
        });
    }
    Ok(out)
}

/// A video's sound, or `None` when it names none: no `music` object, or one without a
/// readable id (an unnamed sound cannot be counted across videos).
pub(super) fn sound_of(v: &Map<String, Value>) -> Option<Sound> {
    let music = MUSIC_KEYS.iter().find_map(|k| v.get(*k)?.as_object())?;
    Some(Sound {
        id: sound_id(music)?,
        title: text(music, SOUND_TITLE_KEYS).unwrap_or_default(),
        author: text(music, SOUND_AUTHOR_KEYS).unwrap_or_default(),
        original: SOUND_ORIGINAL_KEYS
            .iter()
            .find_map(|k| flag(music.get(*k)?))
            .unwrap_or(false),
        owner: text(music, SOUND_OWNER_KEYS),
    })
}

/// The id as text: a string as given, a number only when it is an exact integer (a 19-digit
/// id fits a `u64`; anything read as a float would have lost digits). `0` is no sound.
fn sound_id(music: &Map<String, Value>) -> Option<String> {
    SOUND_ID_KEYS.iter().find_map(|k| {
        let id = match music.get(*k)? {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.as_u64()?.to_string(),
            _ => return None,
        };
        let usable = !id.is_empty()
            && id != "0"
            && id.len() <= ID_MAX
            && !id.chars().any(|c| c.is_control() || c.is_whitespace());
        usable.then_some(id)
    })
}

/// The first non-blank string under `keys`, trimmed and bounded.
fn text(o: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match o.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(truncate(s.trim(), TEXT_MAX)),
        _ => None,
    })
}

/// A flag given as a bool, 0/1 or such a string.
fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_u64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests;
