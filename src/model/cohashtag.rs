//! The hashtags a sampled video carries besides the tracked one: the raw material of
//! `discover`.

use std::collections::BTreeSet;

/// One sampled video's co-hashtags, normalised like configured hashtags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VideoTags {
    pub id: String,
    /// [`crate::model::UNKNOWN_AUTHOR`] when the item names none.
    pub author: String,
    pub tags: BTreeSet<String>,
}
