//! Text helpers every layer shares: shortening, and making network text harmless to show.

use crate::model::hashtag::is_default_ignorable;
use std::borrow::Cow;

/// Cuts a string to at most `max` characters on a char boundary.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_string(),
    }
}

/// What [`sanitize`] does with one character.
enum Treat {
    Keep,
    Space,
    Drop,
    Replace,
}

fn treat(c: char) -> Treat {
    match c {
        '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Treat::Space,
        // C0 controls; DEL and C1 controls; LRE RLE PDF LRO RLO (the isolates LRI RLI FSI
        // PDI are default-ignorable, below).
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' => Treat::Replace,
        // Joiners and variation selectors only shape the emoji before them (`❤️`, `👩‍💻`):
        // dropped, they leave the emoji readable instead of a `�` in every caption.
        '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}' => Treat::Drop,
        c if is_default_ignorable(c) => Treat::Replace,
        _ => Treat::Keep,
    }
}

/// Text made harmless to show: hashtags, names, ids, descriptions and error messages come
/// from the network (or a config file) and could otherwise drive the terminal (ANSI colour,
/// title and clear-screen escapes, `\r`, bell), split a table row (`\n`), reverse what
/// follows (bidi overrides) or hide a difference (zero-width and other invisible
/// characters). Line breaks and tabs become a space; other C0 controls, DEL, C1 controls,
/// bidi controls and invisible characters become `�`, except that joiners and variation
/// selectors are dropped. Everything else (emoji, CJK, accents) is kept.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| matches!(treat(c), Treat::Keep)) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .filter_map(|c| match treat(c) {
            Treat::Keep => Some(c),
            Treat::Space => Some(' '),
            Treat::Drop => None,
            Treat::Replace => Some('\u{fffd}'),
        })
        .collect()
}

/// Serialised JSON with every character a terminal could act on written as a `\uXXXX`
/// escape: DEL and C1 controls, bidi controls and invisible characters, which serde_json
/// leaves raw. They can only occur inside strings, so the JSON parses to exactly the same
/// data; only its bytes become safe to print.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}')
            || !matches!(treat(c), Treat::Keep | Treat::Space)
    };
    if !json.chars().any(unsafe_char) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An error with its sources, each once: `could not connect: tcp connect error: refused`.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_for_terminal_escapes_what_a_terminal_acts_on_and_keeps_the_data() {
        let data = "csi\u{9b}2J rlo\u{202e}x zw\u{200b} ok 🚀";
        let json = serde_json::to_string(&data).unwrap();
        let safe = json_for_terminal(&json);
        assert!(
            !safe
                .chars()
                .any(|c| matches!(c, '\u{9b}' | '\u{202e}' | '\u{200b}'))
        );
        assert!(safe.contains("🚀"));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, data);
        assert!(matches!(json_for_terminal("{\"a\": 1}"), Cow::Borrowed(_)));
    }

    use super::*;

    #[test]
    fn invisible_characters_are_shown_or_dropped_never_passed_on() {
        for c in [
            '\u{200b}',
            '\u{200c}',
            '\u{200e}',
            '\u{200f}',
            '\u{2060}',
            '\u{2064}',
            '\u{feff}',
            '\u{ad}',
            '\u{34f}',
            '\u{61c}',
            '\u{180e}',
            '\u{2066}',
            '\u{e0041}',
        ] {
            assert_eq!(sanitize(&format!("a{c}i")), "a\u{fffd}i", "{c:?}");
        }
        assert_eq!(sanitize("❤\u{fe0f} 👩\u{200d}💻"), "❤ 👩💻");
        assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a b c");
        assert!(matches!(
            sanitize("🚀 日本語 café ~\u{a0}"),
            Cow::Borrowed(_)
        ));
    }
}
