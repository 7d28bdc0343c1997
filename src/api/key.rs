//! The API key: never shown, and scrubbed from anything the server sends back.

use bytes::Bytes;
use std::fmt;
use std::sync::Arc;

/// The API key. It never appears in `Debug` or `Display`, and the client scrubs it from
/// anything the server echoes back.
#[derive(Clone)]
pub struct ApiKey(Arc<str>);
impl ApiKey {
    /// The key itself, for the `Authorization` header and nothing else.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    pub const ENV: &'static str = "SCAVIO_API_KEY";

    /// Reads `SCAVIO_API_KEY`; `None` when unset or blank.
    pub fn from_env() -> Option<ApiKey> {
        std::env::var(Self::ENV)
            .ok()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .map(|k| ApiKey(k.into()))
    }

    pub fn new(key: &str) -> ApiKey {
        ApiKey(key.into())
    }

    /// A key must fit an `Authorization` header: visible ASCII, no spaces or controls.
    pub fn is_well_formed(&self) -> bool {
        !self.0.is_empty() && self.0.chars().all(|c| c.is_ascii_graphic())
    }

    /// Replaces every spelling of the key in `text` (plain, JSON-escaped, percent-encoded),
    /// so even a server that echoes a wrong key back cannot make us print or store it.
    pub fn scrub(&self, text: &str) -> String {
        match self.redacted(text.as_bytes()) {
            // Redaction replaces ASCII runs only, so the text stays UTF-8.
            Some(bytes) => String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            None => text.to_string(),
        }
    }

    /// Replaces the key in a body, in every spelling [`scrub`](Self::scrub) knows: the
    /// parser decodes JSON escapes, so a message built from the body would otherwise show it.
    pub(crate) fn scrub_bytes(&self, body: Bytes) -> Bytes {
        self.redacted(&body).map_or(body, Bytes::from)
    }

    /// `body` with the key redacted, or `None` when it holds no copy of the key.
    pub(crate) fn redacted(&self, body: &[u8]) -> Option<Vec<u8>> {
        let key = self.0.as_bytes();
        (key.len() >= 4)
            .then(|| redact_spelled(body, key))
            .flatten()
    }
}
/// One byte of text as a decoder would read it, and where it sits in the raw body.
#[derive(Clone, Copy)]
struct Decoded {
    byte: Option<u8>,
    start: usize,
    end: usize,
}
/// Adds to `ranges` where `body` holds `key` as it is (the common case, searched directly).
fn find_plain(body: &[u8], key: &[u8], ranges: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    while let Some(at) = body
        .get(i..)
        .and_then(|rest| rest.windows(key.len()).position(|w| w == key))
    {
        ranges.push((i + at, i + at + key.len()));
        i += at + key.len();
    }
}
/// The body read as it is, byte by byte.
fn plain(body: &[u8]) -> impl Iterator<Item = Decoded> + '_ {
    body.iter().enumerate().map(|(i, &b)| Decoded {
        byte: Some(b),
        start: i,
        end: i + 1,
    })
}
/// The body read as a JSON string decoder would read it.
fn json_escaped(body: &[u8]) -> impl Iterator<Item = Decoded> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        (i < body.len()).then(|| {
            let d = decode_at(body, i);
            i = d.end;
            d
        })
    })
}
/// The decoded byte that starts at `i` (`None` for one that cannot be part of a key).
fn decode_at(body: &[u8], i: usize) -> Decoded {
    let (byte, len) = match (body[i], body.get(i + 1)) {
        (b'\\', Some(&c @ (b'/' | b'\\' | b'"'))) => (Some(c), 2),
        (b'\\', Some(b'u')) => match body.get(i + 2..i + 6).and_then(hex4) {
            Some(cp) => (u8::try_from(cp).ok().filter(u8::is_ascii), 6),
            None => (None, 1),
        },
        // Not an escape JSON knows (`\s` in a non-JSON body): only the backslash is read
        // here, so the character after it can still start the key.
        (b'\\', Some(_)) => (None, 1),
        (c, _) => (Some(c), 1),
    };
    Decoded {
        byte,
        start: i,
        end: i + len,
    }
}
/// `inner` with `%XX` (either case) read as the byte it encodes, as a URL decoder would.
fn percent_decoded(inner: impl Iterator<Item = Decoded>) -> impl Iterator<Item = Decoded> {
    let mut inner = inner.fuse();
    let mut ahead = std::collections::VecDeque::with_capacity(3);
    std::iter::from_fn(move || {
        while ahead.len() < 3 {
            match inner.next() {
                Some(d) => ahead.push_back(d),
                None => break,
            }
        }
        let hex = |d: &Decoded| d.byte.filter(u8::is_ascii_hexdigit);
        if let (Some(b'%'), Some(hi), Some(lo)) = (
            ahead.front().and_then(|d| d.byte),
            ahead.get(1).and_then(hex),
            ahead.get(2).and_then(hex),
        ) {
            let start = ahead.front().map_or(0, |d| d.start);
            let end = ahead.get(2).map_or(0, |d| d.end);
            ahead.clear();
            let byte = (hex_value(hi) << 4) | hex_value(lo);
            return Some(Decoded {
                byte: byte.is_ascii().then_some(byte),
                start,
                end,
            });
        }
        ahead.pop_front()
    })
}
fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit
            .to_ascii_lowercase()
            .wrapping_sub(b'a')
            .wrapping_add(10),
    }
}
/// Adds to `ranges` where the decoded `units` spell `key`. Decoded bytes are matched as
/// they are read, keeping only the last `key.len()`: memory stays small however big the body.
fn find_key(units: impl Iterator<Item = Decoded>, key: &[u8], ranges: &mut Vec<(usize, usize)>) {
    let Some(&last) = key.last() else { return };
    let mut window = std::collections::VecDeque::with_capacity(key.len());
    for d in units {
        if window.len() == key.len() {
            window.pop_front();
        }
        window.push_back(d);
        if d.byte == Some(last)
            && window.len() == key.len()
            && window.iter().zip(key).all(|(x, k)| x.byte == Some(*k))
        {
            ranges.push((window[0].start, d.end));
            window.clear();
        }
    }
}
/// `body` with every occurrence of `key` replaced by `[redacted]`, however the body spells
/// it: plainly, through JSON escapes, percent-encoded, or JSON-escaped and percent-encoded
/// at once; `None` when the key does not occur. Each reading is its own scan, so one
/// cannot hide a copy from another (`\` before a plain key reads as an escape in JSON).
/// The key is visible ASCII (see `is_well_formed`), so only escapes that decode to ASCII
/// can spell part of it.
fn redact_spelled(body: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    if key.is_empty() {
        return None;
    }
    let (backslash, percent) = (body.contains(&b'\\'), body.contains(&b'%'));
    let mut ranges = Vec::new();
    find_plain(body, key, &mut ranges);
    if backslash {
        find_key(json_escaped(body), key, &mut ranges);
    }
    if percent {
        find_key(percent_decoded(plain(body)), key, &mut ranges);
    }
    if percent && backslash {
        find_key(percent_decoded(json_escaped(body)), key, &mut ranges);
    }
    if ranges.is_empty() {
        return None;
    }
    ranges.sort_unstable();
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    for (start, end) in ranges {
        if end <= at {
            continue;
        }
        // Overlapping spellings are one redaction.
        out.extend_from_slice(&body[at..start.max(at)]);
        if start >= at {
            out.extend_from_slice(b"[redacted]");
        }
        at = end;
    }
    out.extend_from_slice(&body[at..]);
    Some(out)
}
fn hex4(digits: &[u8]) -> Option<u32> {
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    std::str::from_utf8(digits)
        .ok()
        .and_then(|s| u32::from_str_radix(s, 16).ok())
}
impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_never_shown() {
        let key = ApiKey::new("sk-secret-123");
        assert_eq!(format!("{key:?}"), "ApiKey([redacted])");
        assert_eq!(key.scrub("bad key sk-secret-123!"), "bad key [redacted]!");
        let b = key.scrub_bytes(Bytes::from_static(b"{\"k\":\"sk-secret-123\"}"));
        assert_eq!(&b[..], b"{\"k\":\"[redacted]\"}");
    }

    #[test]
    fn a_key_spelled_with_json_escapes_is_redacted_too() {
        let key = b"sk-live/S3CRET";
        let cases: [(&[u8], &[u8]); 5] = [
            (br#"{"e":"sk-live\/S3CRET!"}"#, br#"{"e":"[redacted]!"}"#),
            (
                br#"{"e":"\u0073\u006b-live/S3CRET"}"#,
                br#"{"e":"[redacted]"}"#,
            ),
            (
                b"plain sk-live/S3CRET and sk-live/S3CRET",
                b"plain [redacted] and [redacted]",
            ),
            // Cut off mid-escape, or not JSON at all: still found, never a panic.
            (br#"{"e":"sk-live\/S3CRET\u00"#, br#"{"e":"[redacted]\u00"#),
            (br#"sk-live\/S3CRE"#, br#"sk-live\/S3CRE"#),
        ];
        for (body, want) in cases {
            let got = redact_spelled(body, key).unwrap_or_else(|| body.to_vec());
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(want),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert_eq!(redact_spelled(br#"{"a":"\u12"}"#, key), None);
    }

    fn redact(body: &[u8], key: &[u8]) -> String {
        String::from_utf8_lossy(&redact_spelled(body, key).unwrap_or_else(|| body.to_vec()))
            .into_owned()
    }

    #[test]
    fn a_backslash_before_a_plain_key_does_not_hide_it() {
        let key = b"sk-live-S3CRET";
        assert_eq!(
            redact(br"Bearer\sk-live-S3CRET rejected", key),
            r"Bearer\[redacted] rejected"
        );
        assert_eq!(redact(br"x\nsk-live-S3CRET", key), r"x\n[redacted]");
    }

    #[test]
    fn a_key_holding_a_backslash_is_redacted_plain_and_escaped() {
        let key = br"ab\cd-1234";
        assert_eq!(redact(br"echo ab\cd-1234!", key), "echo [redacted]!");
        assert_eq!(
            redact(br#"{"e":"ab\\cd-1234"}"#, key),
            r#"{"e":"[redacted]"}"#
        );
        assert_eq!(redact(b"u=ab%5Ccd-1234", key), "u=[redacted]");
    }

    #[test]
    fn a_percent_encoded_key_is_redacted_in_either_case() {
        let key = b"sk/live+S3=x";
        for body in [
            "https://x/?k=sk%2Flive%2BS3%3Dx&a=1",
            "https://x/?k=sk%2flive%2bS3%3dx&a=1",
            "https://x/?k=%73k%2Flive+S3=x&a=1",
        ] {
            assert_eq!(
                redact(body.as_bytes(), key),
                "https://x/?k=[redacted]&a=1",
                "{body}"
            );
        }
        // JSON-escaped and percent-encoded at once.
        assert_eq!(
            redact(br#"{"u":"sk\/live%2BS3=x"}"#, key),
            r#"{"u":"[redacted]"}"#
        );
        // A `%` that encodes nothing, and a lone `%` at the end, are left alone.
        assert_eq!(redact(b"100% sure %", key), "100% sure %");
    }

    #[test]
    fn scrub_covers_every_spelling_and_keeps_other_text() {
        let key = ApiKey::new("sk/live+S3");
        assert_eq!(
            key.scrub("caf\u{e9} sk%2Flive%2BS3 \\sk/live+S3 sk\\/live+S3 \u{1F600}"),
            "caf\u{e9} [redacted] \\[redacted] [redacted] \u{1F600}"
        );
        assert_eq!(key.scrub("nothing here"), "nothing here");
    }
}
