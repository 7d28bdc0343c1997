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

    /// Replaces every occurrence of the key in `text`, so even a server that echoes a wrong
    /// key back cannot make us print or store it.
    pub fn scrub(&self, text: &str) -> String {
        if self.0.len() >= 4 && text.contains(&*self.0) {
            text.replace(&*self.0, "[redacted]")
        } else {
            text.to_string()
        }
    }

    /// Replaces the key in a body, also where JSON escapes spell it (`\/`, `\u0073`, ...):
    /// the parser decodes those, so a message built from the body would otherwise show it.
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
/// One byte of text as a JSON string decoder would read it, and where it sits in the raw body.
#[derive(Clone, Copy)]
struct Decoded {
    byte: Option<u8>,
    start: usize,
    end: usize,
}
/// The decoded byte that starts at `i` (`None` for one that cannot be part of a key).
fn decode_at(body: &[u8], i: usize) -> Decoded {
    let (byte, len) = match (body[i], body.get(i + 1)) {
        (b'\\', Some(&c @ (b'/' | b'\\' | b'"'))) => (Some(c), 2),
        (b'\\', Some(b'u')) => match body.get(i + 2..i + 6).and_then(hex4) {
            Some(cp) => (u8::try_from(cp).ok().filter(u8::is_ascii), 6),
            None => (None, 1),
        },
        (b'\\', Some(_)) => (None, 2),
        (c, _) => (Some(c), 1),
    };
    Decoded {
        byte,
        start: i,
        end: i + len,
    }
}
/// `body` with every occurrence of `key` replaced by `[redacted]`, whether written plainly or
/// through JSON escapes; `None` when the key does not occur. The key is visible ASCII (see
/// `is_well_formed`), so only escapes that decode to ASCII can spell part of it. Decoded
/// bytes are matched as they are read, keeping only the last `key.len()`: memory stays
/// small however big the body.
fn redact_spelled(body: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    // The common case: no escapes at all, and no plain copy of the key either.
    if key.is_empty() || (!body.contains(&b'\\') && !body.windows(key.len()).any(|w| w == key)) {
        return None;
    }
    let mut window = std::collections::VecDeque::with_capacity(key.len());
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let d = decode_at(body, i);
        i = d.end;
        if window.len() == key.len() {
            window.pop_front();
        }
        window.push_back(d);
        if window.len() == key.len() && window.iter().zip(key).all(|(x, k)| x.byte == Some(*k)) {
            ranges.push((window[0].start, d.end));
            window.clear();
        }
    }
    if ranges.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    for (start, end) in ranges {
        out.extend_from_slice(&body[at..start]);
        out.extend_from_slice(b"[redacted]");
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
}
