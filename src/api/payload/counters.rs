//! Reading counters: numbers or strings ("1,234", "1.2M"), exact `statsV2` before rounded
//! `stats`, and the difference between an absent counter and an unreadable one.

use super::vocab::{EXACT_STATS_KEYS, ROUNDED_STATS_KEYS};
use crate::model::Count;
use serde_json::{Map, Value};

/// What a counter reads as, wherever it was looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    Absent,
    /// Present under a known name, but not a valid count (null, "n/a", negative, ...).
    Unreadable,
    Count(u64),
}
impl Reading {
    pub(super) fn value(self) -> Option<u64> {
        match self {
            Reading::Count(n) => Some(n),
            _ => None,
        }
    }
}
/// The objects a counter is read from: exact `statsV2` first, then the possibly rounded
/// ones (`stats`, then the holders themselves).
pub(super) struct Counters<'a> {
    exact: Vec<&'a Map<String, Value>>,
    other: Vec<&'a Map<String, Value>>,
    /// How many of `other`, from the front, are rounded `stats` containers.
    rounded: usize,
}
impl<'a> Counters<'a> {
    pub(super) fn of(holders: &[&'a Map<String, Value>]) -> Self {
        let inner = |keys: &'static [&'static str]| {
            holders
                .iter()
                .flat_map(move |h| keys.iter().filter_map(move |k| h.get(*k)?.as_object()))
        };
        let rounded: Vec<_> = inner(ROUNDED_STATS_KEYS).collect();
        Counters {
            exact: inner(EXACT_STATS_KEYS).collect(),
            rounded: rounded.len(),
            other: rounded.into_iter().chain(holders.iter().copied()).collect(),
        }
    }

    /// The counter under `keys` with its precision: exact from `statsV2` or a plain number
    /// beside the stats; display-rounded ([`Count::display_rounded`]) when it is a suffixed
    /// string ("1.2M") or a legacy `stats` value carrying the rounding's trailing zeros with
    /// no exact source. `None` when absent or unreadable (see [`Counters::read`]).
    pub(super) fn read_count(&self, keys: &[&str]) -> Option<Count> {
        let value = self.read(keys).value()?;
        if self
            .exact
            .iter()
            .any(|o| keys.iter().any(|k| o.get(*k).and_then(count).is_some()))
        {
            return Some(Count::exact(value));
        }
        // The source the value was read from: the first non-exact object holding it.
        let rounded = self.other.iter().enumerate().any(|(i, o)| {
            keys.iter().any(|k| {
                o.get(*k).is_some_and(|raw| {
                    count(raw) == Some(value)
                        && (is_suffixed(raw) || (i < self.rounded && shows_rounding(value)))
                })
            })
        });
        Some(if rounded {
            Count::display_rounded(value)
        } else {
            Count::exact(value)
        })
    }

    /// An exact value wins wherever it sits. Otherwise the first object's value, unless
    /// a later object agrees with it to within rounding (5%) and is more precise: a
    /// rounded `stats` must not hide the exact count next to it.
    pub(super) fn read(&self, keys: &[&str]) -> Reading {
        let in_object =
            |o: &&Map<String, Value>| keys.iter().find_map(|k| o.get(*k).and_then(count));
        if let Some(n) = self.exact.iter().find_map(in_object) {
            return Reading::Count(n);
        }
        let mut values = self.other.iter().filter_map(in_object);
        if let Some(first) = values.next() {
            let best = values
                .filter(|&v| within_rounding(first, v))
                .fold(first, |best, v| {
                    if trailing_zeros(v) < trailing_zeros(best) {
                        v
                    } else {
                        best
                    }
                });
            return Reading::Count(best);
        }
        let present = self
            .exact
            .iter()
            .chain(&self.other)
            .any(|o| keys.iter().any(|k| is_counter(o, k)));
        if present {
            Reading::Unreadable
        } else {
            Reading::Absent
        }
    }
}
/// Whether `obj` has a value under `key` that claims to be that counter. A list or an
/// object under a bare name (`comments: [...]`) is something else with the same name.
pub(super) fn is_counter(obj: &Map<String, Value>, key: &str) -> bool {
    match obj.get(key) {
        None => false,
        Some(Value::Array(_) | Value::Object(_)) => key.to_ascii_lowercase().contains("count"),
        Some(_) => true,
    }
}
/// A string counter with a K/M/B suffix ("1.2M"): TikTok's display rounding.
fn is_suffixed(raw: &Value) -> bool {
    raw.as_str()
        .is_some_and(|t| t.trim().ends_with(['k', 'K', 'm', 'M', 'b', 'B']))
}
/// Whether `value` ends in the zeros of its display rounding (1,200,000 as "1.2M"): a
/// rounded counter cannot be told from an exact count that happens to be round.
fn shows_rounding(value: u64) -> bool {
    let step = Count::display_rounded(value).precision * 2;
    step > 0 && value.is_multiple_of(step)
}
/// The smaller within 5% of the larger.
pub(super) fn within_rounding(a: u64, b: u64) -> bool {
    let (lo, hi) = (u128::from(a.min(b)), u128::from(a.max(b)));
    lo * 100 >= hi * 95
}
/// Decimal trailing zeros: fewer means more significant digits.
pub(super) fn trailing_zeros(mut n: u64) -> u32 {
    if n == 0 {
        return u32::MAX;
    }
    let mut z = 0;
    while n.is_multiple_of(10) {
        n /= 10;
        z += 1;
    }
    z
}
/// Reads a counter given as a JSON number or a string ("12345", "1,234", "1.2M").
/// Negative, fractional garbage or absurdly large values are not counts.
pub fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return within_range(u);
            }
            n.as_f64().and_then(float_count)
        }
        Value::String(s) => count_str(s),
        _ => None,
    }
}
/// SQLite stores signed 64-bit integers; anything above is not a real counter.
pub(super) fn within_range(u: u64) -> Option<u64> {
    (u <= i64::MAX as u64).then_some(u)
}
pub(super) fn float_count(f: f64) -> Option<u64> {
    if f.is_finite() && f >= 0.0 && f < i64::MAX as f64 {
        Some(f.round() as u64)
    } else {
        None
    }
}
pub(super) fn count_str(s: &str) -> Option<u64> {
    let t = s.trim();
    let suffixed = t.ends_with(['k', 'K', 'm', 'M', 'b', 'B']);
    // "3,4B" is a decimal comma; "1,234,567" groups thousands.
    let decimal_comma = suffixed
        && !t.contains('.')
        && t.matches(',').count() == 1
        && t.split(',').nth(1).is_some_and(|tail| tail.len() != 4);
    let cleaned: String = t
        .chars()
        .filter_map(|c| match c {
            ',' if decimal_comma => Some('.'),
            ',' | '_' | ' ' => None,
            c => Some(c),
        })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    if let Ok(u) = cleaned.parse::<u64>() {
        return within_range(u);
    }
    let (digits, multiplier) = match cleaned.chars().last() {
        Some('k' | 'K') => (&cleaned[..cleaned.len() - 1], 1e3),
        Some('m' | 'M') => (&cleaned[..cleaned.len() - 1], 1e6),
        Some('b' | 'B') => (&cleaned[..cleaned.len() - 1], 1e9),
        _ => (cleaned.as_str(), 1.0),
    };
    let f: f64 = digits.parse().ok()?;
    float_count(f * multiplier)
}
