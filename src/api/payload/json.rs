//! Finding one's way through a JSON answer: wrappers, failure markers, the hashtag an object
//! names, the API's own message.

use super::ParseError;
use super::counters::count;
use super::vocab::{CHALLENGE_KEYS, NAME_KEYS, WRAPPERS};
use crate::model::hashtag;
use crate::text::truncate;
use serde_json::{Map, Value};

pub(super) fn parse_json(body: &[u8]) -> Result<Value, ParseError> {
    // Some proxies prepend a UTF-8 byte order mark, which serde_json rejects.
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let fixed = without_lone_surrogates(body);
    serde_json::from_slice(fixed.as_deref().unwrap_or(body))
        .map_err(|e| ParseError::NotJson(e.to_string()))
}
/// `body` with every lone UTF-16 surrogate escape (`"\ud83d"`: JavaScript cuts an emoji in
/// half that way) written as `\ufffd`, or `None` when there is none (no copy made). serde_json
/// refuses a lone surrogate, and one cut emoji in a caption must not make a paid answer
/// unreadable.
fn without_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    fn escape_at(body: &[u8], i: usize) -> Option<u32> {
        let digits = body.get(i + 2..i + 6)?;
        if body.get(i + 1) != Some(&b'u') || !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    }
    let is_high = |cp: u32| (0xD800..0xDC00).contains(&cp);
    let is_low = |cp: u32| (0xDC00..0xE000).contains(&cp);
    if !body.windows(2).any(|w| w == b"\\u") {
        return None;
    }
    let mut out: Option<Vec<u8>> = None;
    let (mut i, mut copied) = (0, 0);
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(cp) = escape_at(body, i) else {
            // `\\`, `\"`, ...: the escaped character is skipped with its backslash.
            i += 2;
            continue;
        };
        let paired = is_high(cp)
            && body.get(i + 6) == Some(&b'\\')
            && escape_at(body, i + 6).is_some_and(is_low);
        if paired {
            i += 12;
        } else if is_high(cp) || is_low(cp) {
            let out = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
            out.extend_from_slice(&body[copied..i]);
            out.extend_from_slice(b"\\ufffd");
            i += 6;
            copied = i;
        } else {
            i += 6;
        }
    }
    out.map(|mut out| {
        out.extend_from_slice(&body[copied..]);
        out
    })
}
/// Fails when the body itself says the call failed, even with a 200 status: at the top
/// and at every wrapper object the parser descends through, never inside list items.
pub(super) fn reported_failure(root: &Value) -> Result<(), ParseError> {
    if !object_wrappers(root).into_iter().any(says_failed) {
        return Ok(());
    }
    let message = error_message(root)
        .or_else(|| {
            wrappers(root).iter().find_map(|o| {
                ["status_msg", "statusMsg"]
                    .iter()
                    .find_map(|k| o.get(*k)?.as_str().map(|s| truncate(s, 200)))
            })
        })
        .unwrap_or_else(|| "no message".to_string());
    Err(ParseError::Reported(message))
}
/// One object's failure markers.
pub(super) fn says_failed(o: &Map<String, Value>) -> bool {
    let flag_false = ["success", "ok"].iter().any(|k| match o.get(*k) {
        Some(Value::Bool(b)) => !b,
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        Some(Value::String(s)) => matches!(s.trim().to_ascii_lowercase().as_str(), "false" | "0"),
        _ => false,
    });
    let bad_status = match o.get("status") {
        Some(Value::String(s)) if numeric(s).is_none() => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "error" | "fail" | "failed" | "failure"
        ),
        Some(v) => code_of(v).is_some_and(bad_code),
        None => false,
    };
    let bad_code = ["statusCode", "status_code", "code"]
        .iter()
        .any(|k| o.get(*k).and_then(code_of).is_some_and(bad_code));
    let errors = ["error", "errors"].iter().any(|k| match o.get(*k) {
        Some(Value::String(e)) => !e.trim().is_empty(),
        Some(Value::Object(e)) => !e.is_empty(),
        Some(Value::Array(e)) => !e.is_empty(),
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        _ => false,
    });
    flag_false || bad_status || bad_code || errors
}
/// A status code given as a number or a numeric string.
pub(super) fn code_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => numeric(s),
        _ => None,
    }
}
pub(super) fn numeric(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}
/// TikTok says 0 for success; HTTP-style wrappers echo 2xx.
pub(super) fn bad_code(c: f64) -> bool {
    c != 0.0 && !(200.0..300.0).contains(&c)
}
/// The root and every wrapper object below it (two levels deep: `data.data` exists in the wild).
pub(super) fn wrappers(root: &Value) -> Vec<&Map<String, Value>> {
    wrappers_for(root, None)
}
/// [`wrappers`], where a wrapper that is a list contributes its element naming `tag`
/// (else its first element).
pub(super) fn wrappers_for<'a>(root: &'a Value, tag: Option<&str>) -> Vec<&'a Map<String, Value>> {
    root.as_object()
        .map(|o| two_levels(o, WRAPPERS, |v| pick_object(v, tag)))
        .unwrap_or_default()
}
/// `obj`, the objects under its `keys`, and the objects under theirs: how far wrappers
/// and challenge descriptions nest. `step` says what a value under a key yields.
pub(super) fn two_levels<'a>(
    obj: &'a Map<String, Value>,
    keys: &[&str],
    step: impl Fn(&'a Value) -> Option<&'a Map<String, Value>>,
) -> Vec<&'a Map<String, Value>> {
    let mut out = vec![obj];
    for key in keys {
        if let Some(inner) = obj.get(*key).and_then(&step) {
            out.push(inner);
            out.extend(keys.iter().filter_map(|k| inner.get(*k).and_then(&step)));
        }
    }
    out
}
/// The root and its wrapper objects, lists excluded: where failure markers are looked for
/// (a list's elements are items, whose own `status` or `code` mean something else).
pub(super) fn object_wrappers(root: &Value) -> Vec<&Map<String, Value>> {
    root.as_object()
        .map(|o| two_levels(o, WRAPPERS, Value::as_object))
        .unwrap_or_default()
}
/// An object, or from an array of objects (`{"data": [{...}]}`) the element naming `tag`,
/// else the first element.
pub(super) fn pick_object<'a>(v: &'a Value, tag: Option<&str>) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(o) => Some(o),
        Value::Array(items) => tag
            .and_then(|tag| {
                items.iter().filter_map(Value::as_object).find(|o| {
                    holders_of(o)
                        .into_iter()
                        .any(|h| names_of(h).any(|n| n == tag))
                })
            })
            .or_else(|| items.first().and_then(Value::as_object)),
        _ => None,
    }
}
/// An object and the challenge descriptions inside it (TikTok nests once more:
/// `challengeInfo.challenge.stats`): every object that may carry the hashtag's counters.
pub(super) fn holders_of(obj: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    two_levels(obj, CHALLENGE_KEYS, Value::as_object)
}
/// The hashtag names an object gives itself, normalised like the configured hashtags.
pub(super) fn names_of(obj: &Map<String, Value>) -> impl Iterator<Item = String> + '_ {
    NAME_KEYS
        .iter()
        .filter_map(|k| obj.get(*k)?.as_str())
        .map(hashtag::fold)
        // A hashtag has no spaces: "Hashtag stats" or "AI Tools" is a label, not a name. A
        // name the key was scrubbed from cannot be compared either.
        .filter(|n| {
            !n.is_empty() && !n.chars().any(char::is_whitespace) && !n.contains("[redacted]")
        })
}
pub(super) fn credits_remaining(root: &Value) -> Option<u64> {
    wrappers(root).iter().find_map(|obj| {
        ["credits_remaining", "creditsRemaining"]
            .iter()
            .find_map(|k| obj.get(*k).and_then(count))
    })
}
/// The API's own explanation when a 200 carries no data or a failure (`{"error": "..."}`,
/// `{"message": ...}`, `{"errors": [{"message": ...}]}`).
pub(super) fn error_message(root: &Value) -> Option<String> {
    fn text(v: &Value) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(truncate(s.trim(), 200)),
            Value::Object(o) => ["message", "msg"].iter().find_map(|k| match o.get(*k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(truncate(s.trim(), 200)),
                _ => None,
            }),
            _ => None,
        }
    }
    wrappers(root).iter().find_map(|obj| {
        ["error", "errors", "message", "detail", "msg"]
            .iter()
            .find_map(|k| match obj.get(*k)? {
                // Only one level of list: `errors[0].message`.
                Value::Array(items) => items.first().filter(|v| !v.is_array()).and_then(text),
                v => text(v),
            })
    })
}

#[cfg(test)]
mod surrogate_tests {
    use super::*;

    #[test]
    fn a_lone_surrogate_is_read_as_a_replacement_character() {
        for (body, want) in [
            (r#"{"d":"cut \ud83d"}"#, "cut \u{fffd}"),
            (r#"{"d":"\ude00 low"}"#, "\u{fffd} low"),
            (r#"{"d":"\ud83d\ud83d\ude00"}"#, "\u{fffd}\u{1f600}"),
            (r#"{"d":"\ud83d\u0041"}"#, "\u{fffd}A"),
            (r#"{"d":"ok \ud83d\ude00"}"#, "ok \u{1f600}"),
            // An escaped backslash: the text `\ud83d`, not an escape.
            (r#"{"d":"\\ud83d"}"#, "\\ud83d"),
        ] {
            let v = parse_json(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(v["d"], want, "{body}");
        }
    }

    #[test]
    fn a_body_without_lone_surrogates_is_not_copied() {
        assert!(without_lone_surrogates(br#"{"d":"plain"}"#).is_none());
        assert!(without_lone_surrogates(br#"{"d":"\ud83d\ude00 \u0041"}"#).is_none());
        // Cut off mid-escape: left for serde_json to refuse, never a panic.
        assert!(without_lone_surrogates(br#"{"d":"\ud8"#).is_none());
        assert!(parse_json(br#"{"d":"\ud8"#).is_err());
    }
}
