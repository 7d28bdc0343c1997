//! What a hashtag is: the one normalisation used for configured names, command-line names
//! and the names an API answer gives itself.

use unicode_normalization::UnicodeNormalization;

/// TikTok caps hashtags well below this; anything longer is a typo or pasted text.
pub const MAX_HASHTAG_LEN: usize = 100;

/// Why a string is not a hashtag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashtagError {
    #[error("hashtag {0:?} is empty")]
    Empty(String),
    #[error("hashtag {0:?} is longer than {MAX_HASHTAG_LEN} characters")]
    TooLong(String),
    #[error("hashtag {0:?} contains {1:?}; a hashtag holds only letters, digits, marks and '_'")]
    BadChar(String, char),
}

/// The comparison form of a name: leading `#` and whitespace stripped, lower-cased and
/// NFC-normalised (so `café` typed either way is one hashtag). Not validated: answers are
/// compared in this form, never stored.
pub fn fold(tag: &str) -> String {
    tag.trim()
        .trim_start_matches('#')
        .trim()
        .to_lowercase()
        .nfc()
        .collect()
}

/// [`fold`], then refuses what a hashtag cannot hold.
pub fn normalize(tag: &str) -> Result<String, HashtagError> {
    let t = fold(tag);
    if t.is_empty() {
        return Err(HashtagError::Empty(tag.to_string()));
    }
    if t.chars().count() > MAX_HASHTAG_LEN {
        return Err(HashtagError::TooLong(tag.to_string()));
    }
    if let Some(bad) = t.chars().find(|&c| !hashtag_char(c)) {
        return Err(HashtagError::BadChar(tag.to_string(), bad));
    }
    Ok(t)
}

/// Normalises a list, keeping the first occurrence of each tag.
pub fn normalize_all(tags: &[String]) -> Result<Vec<String>, HashtagError> {
    let mut seen = std::collections::HashSet::with_capacity(tags.len());
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let t = normalize(tag)?;
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    Ok(out)
}

/// Letters and digits of any script, their combining marks (Devanagari viramas, accents left
/// decomposed) and `_`; no spaces, punctuation, symbols or controls.
pub fn hashtag_char(c: char) -> bool {
    c == '_'
        || c.is_alphanumeric()
        || (!c.is_ascii()
            && !c.is_whitespace()
            && !c.is_control()
            && unicode_normalization::char::is_combining_mark(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_letters_are_hashtags() {
        assert_eq!(normalize("#Café_2").unwrap(), "café_2");
        // Decomposed and composed spellings are one hashtag.
        assert_eq!(normalize("cafe\u{301}").unwrap(), "café");
        assert_eq!(
            normalize_all(&["café".into(), "cafe\u{301}".into()]).unwrap(),
            ["café"]
        );
        for tag in ["हिन्दी", "İstanbul", "東京", "мемы"] {
            assert!(normalize(tag).is_ok(), "{tag}");
        }
        for tag in ["a-b", "a b", "a.b", "a#b", "a\u{200b}b", "a\u{7}"] {
            assert!(normalize(tag).is_err(), "{tag:?}");
        }
    }

    #[test]
    fn fold_strips_the_mark_and_case_without_validating() {
        assert_eq!(fold(" #AI Tools "), "ai tools");
    }
}
