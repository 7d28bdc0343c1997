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

/// The comparison form of a name: leading `#` and whitespace stripped, invisible characters
/// removed (zero-width spaces and joiners, variation selectors, soft hyphens: see
/// [`is_default_ignorable`]), NFKC-normalised and lower-cased, so that names that look the
/// same are one hashtag: `café` typed either way, full-width `ａｉ` and `ai`, `a\u{200b}i`
/// and `ai`. Not validated: answers are compared in this form, never stored.
pub fn fold(tag: &str) -> String {
    let visible: String = tag.chars().filter(|&c| !is_default_ignorable(c)).collect();
    // NFKC, then lower case, then NFKC again: lower-casing can undo the normal form.
    let lower: String = visible
        .trim()
        .trim_start_matches(['#', '\u{ff03}'])
        .trim()
        .nfkc()
        .collect::<String>()
        .to_lowercase();
    lower.nfkc().collect()
}

/// Unicode's default-ignorable code points (and the deprecated format controls among
/// them): characters that render as nothing, so two names differing only by them look the
/// same. Kept here, with what a hashtag is; `text::sanitize` shows them as `�`.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
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
        for tag in ["a-b", "a b", "a.b", "a#b", "a\u{7}", "\u{200b}"] {
            assert!(normalize(tag).is_err(), "{tag:?}");
        }
    }

    #[test]
    fn look_alike_names_are_one_hashtag() {
        for tag in [
            "ａｉ",
            "ＡＩ",
            "＃ai",
            "a\u{200b}i",
            "a\u{200d}i",
            "a\u{fe0f}i",
            "a\u{34f}i",
            "a\u{ad}i",
            "\u{feff}ai",
            "a\u{2060}i",
            "a\u{e0041}i",
        ] {
            assert_eq!(normalize(tag).unwrap(), "ai", "{tag:?}");
        }
        assert_eq!(
            normalize_all(&["ai".into(), "ａｉ".into(), "a\u{200b}i".into()]).unwrap(),
            ["ai"]
        );
        // NFKC keeps scripts apart: Cyrillic `а` is not Latin `a`.
        assert_ne!(fold("\u{430}i"), "ai");
    }

    #[test]
    fn fold_strips_the_mark_and_case_without_validating() {
        assert_eq!(fold(" #AI Tools "), "ai tools");
    }
}
