//! The sound (TikTok's `music`) a sampled video uses: the raw material of `tracker sounds`.

/// One sound, as a video's answer names it. The id is TikTok's (19 digits, kept as text:
/// it never goes through a float).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sound {
    pub id: String,
    /// Empty when the answer gives none.
    pub title: String,
    /// The artist as the answer names it (`author` / `authorName`); empty when unnamed.
    pub author: String,
    /// A creator's own recording (`is_original_sound` / `original`), not a released track.
    pub original: bool,
    /// The handle of the account that uploaded it (`owner_handle`), when given.
    pub owner: Option<String>,
}

/// One sampled video's sound: `None` when the answer names none (never an empty sound).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VideoSound {
    pub id: String,
    /// [`crate::model::UNKNOWN_AUTHOR`] when the item names none.
    pub author: String,
    pub sound: Option<Sound>,
}

/// One sound in one tracked hashtag's sample on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoundDay {
    pub date: chrono::NaiveDate,
    /// The tracked hashtag whose sample it was heard in.
    pub hashtag: String,
    pub sound: Sound,
    /// Sampled videos using it.
    pub videos: u64,
    /// The distinct known authors of those videos (sorted).
    pub authors: Vec<String>,
}
