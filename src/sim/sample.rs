//! What the simulated videos carry besides their counts: a sound (`music`) and co-hashtags.
//!
//! Steady tracks are heard at the same rate under every hashtag; many videos use their
//! creator's own original sound (one creator each: never a trend); some name no sound. Under a
//! hashtag that breaks out, one track ([`SPREADING_SOUND`]) and one co-hashtag
//! ([`SPREADING_COHASHTAG`]) spread across its creators from [`SPREAD_LEAD_DAYS`] days before
//! the breakout, more each day: what `tracker sounds` and `tracker discover` find.

use super::model::{hash, unit};
use serde_json::{Value, json};

/// Days before a breakout that its sound and co-hashtag start to spread.
pub const SPREAD_LEAD_DAYS: u32 = 6;
/// The track that spreads under a breakout hashtag: (title, artist).
pub const SPREADING_SOUND: (&str, &str) = ("Midnight Prompt", "The Tokens");
/// The co-hashtag that spreads under a breakout hashtag.
pub const SPREADING_COHASHTAG: &str = "promptcore";
/// Tracks heard at a steady rate everywhere.
const STEADY_SOUNDS: &[(&str, &str)] = &[
    ("Lo-fi Study Beat", "Chillhop Collective"),
    ("Golden Hour (sped up)", "Sunset Trio"),
    ("Upbeat Corporate", "Stock Studio"),
];
/// Co-hashtags carried at a steady rate everywhere (generic ones and a topic).
const STEADY_COHASHTAGS: &[(&str, f64)] = &[("fyp", 0.5), ("viral", 0.3), ("techtok", 0.2)];

/// TikTok-like 19-digit ids, stable per name.
fn sound_id(name: &str) -> u64 {
    7_100_000_000_000_000_000 + hash(name) % 1_000_000_000_000_000
}

/// One video's sound and co-hashtags.
pub(super) struct Extras {
    /// (id, title, artist, original, uploader)
    sound: Option<(u64, String, String, bool, String)>,
    pub cohashtags: Vec<&'static str>,
}

/// How far the spread has gone on `day` (0 before it starts, up to 0.6).
fn spread(day: u32, breakout_day: Option<u32>) -> f64 {
    let Some(b) = breakout_day else {
        return 0.0;
    };
    let start = b.saturating_sub(SPREAD_LEAD_DAYS);
    if day < start {
        return 0.0;
    }
    (0.1 * f64::from(day - start + 1)).min(0.6)
}

/// The extras of the video drawn from seed `s`, by `author`, on `day`.
pub(super) fn extras(s: u64, author: &str, day: u32, breakout_day: Option<u32>) -> Extras {
    let spreading = spread(day, breakout_day);
    let roll = unit(s ^ 11);
    let sound = if roll < spreading {
        let (title, artist) = SPREADING_SOUND;
        Some((
            sound_id(title),
            title.into(),
            artist.into(),
            false,
            "thetokens".into(),
        ))
    } else if roll < spreading + 0.3 {
        let (title, artist) = STEADY_SOUNDS[(s % STEADY_SOUNDS.len() as u64) as usize];
        Some((
            sound_id(title),
            title.into(),
            artist.into(),
            false,
            String::new(),
        ))
    } else if roll < spreading + 0.85 {
        let title = format!("original sound - {author}");
        Some((sound_id(&title), title, author.into(), true, author.into()))
    } else {
        None
    };
    let mut cohashtags: Vec<&'static str> = STEADY_COHASHTAGS
        .iter()
        .enumerate()
        .filter(|(i, (_, rate))| unit(s ^ (20 + *i as u64)) < *rate)
        .map(|(_, (tag, _))| *tag)
        .collect();
    if unit(s ^ 30) < spreading {
        cohashtags.push(SPREADING_COHASHTAG);
    }
    Extras { sound, cohashtags }
}

impl Extras {
    /// `music` in the app shape: the id a number beside its exact `id_str`.
    pub fn app_music(&self) -> Option<Value> {
        let (id, title, artist, original, owner) = self.sound.as_ref()?;
        Some(
            json!({"id": id, "id_str": id.to_string(), "title": title, "author": artist,
                    "owner_handle": owner, "is_original_sound": original}),
        )
    }

    /// `music` in the web shape: the id a string.
    pub fn web_music(&self) -> Option<Value> {
        let (id, title, artist, original, _) = self.sound.as_ref()?;
        Some(
            json!({"id": id.to_string(), "title": title, "authorName": artist,
                    "original": original}),
        )
    }

    /// ` #fyp #techtok`: the co-hashtags as caption words.
    pub fn caption(&self) -> String {
        self.cohashtags.iter().map(|t| format!(" #{t}")).collect()
    }
}
