//! Text helpers every layer shares: shortening, and making network text harmless to show.

use std::borrow::Cow;

/// Cuts a string to at most `max` characters on a char boundary.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_string(),
    }
}

/// Text made harmless to show: hashtags, names, ids and descriptions come from the network
/// (or a config file) and could otherwise drive the terminal (ANSI colour, title and
/// clear-screen escapes, `\r`, bell), split a table row (`\n`) or reverse what follows
/// (bidi overrides). Line breaks and tabs become a space; other C0 controls, DEL, C1
/// controls and the bidi embedding/override/isolate controls become `�`. Everything else
/// (emoji, CJK, accents) is kept.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        // C0 controls; DEL and C1 controls; LRE RLE PDF LRO RLO; LRI RLI FSI PDI.
        matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if unsafe_char(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}
