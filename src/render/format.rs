//! Number formatting for people: thousands separators, percentages, sparklines.

/// `1234567` → `1,234,567`.
pub fn int(n: u64) -> String {
    group(&n.to_string())
}

/// A string of ASCII digits with a comma every three from the right.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with separators; `—` when it was not reported.
pub fn opt_count(n: Option<u64>) -> String {
    n.map(int).unwrap_or_else(|| "—".into())
}

/// `1 day`, `2 days`, `1,000 videos`: a count with its noun, singular for one.
pub fn plural(n: u64, noun: &str) -> String {
    format!("{} {noun}{}", int(n), if n == 1 { "" } else { "s" })
}

/// Signed integers with separators, `0` without a sign; `—` for none.
pub fn opt_int(n: Option<i64>) -> String {
    match n {
        Some(0) => "0".into(),
        Some(n) if n < 0 => format!("-{}", int(n.unsigned_abs())),
        Some(n) => format!("+{}", int(n.unsigned_abs())),
        None => "—".into(),
    }
}

/// From this magnitude on a figure is shown in scientific notation (`1.00e300`): its
/// digits would fill a screen and say nothing an f64 really holds.
const SCIENTIFIC: f64 = 1e21;
/// From this magnitude on the shortest digits that identify the f64 are shown (then
/// zeros), rather than the exact binary value's: `6.1e18` → `6100000000000000000.0`.
const IMPRECISE: f64 = 1e15;

/// `a` (finite, ≥ 0) × 10^`shift` with one decimal, without sign; digits grouped with
/// `sep`. Built from the float's own formatting, never through an integer type, so it
/// cannot wrap or saturate. The shift lets a ratio be shown as a percentage even where
/// `a × 100` would overflow.
fn magnitude1(a: f64, shift: i32, sep: bool) -> String {
    let scaled = a * 10f64.powi(shift);
    if scaled >= SCIENTIFIC {
        let sci = format!("{a:.2e}");
        let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
        return format!("{mantissa}e{}", exp.parse::<i32>().unwrap_or(0) + shift);
    }
    let fixed = if scaled < IMPRECISE {
        format!("{scaled:.1}")
    } else {
        format!("{}.0", scaled.round())
    };
    match fixed.split_once('.') {
        Some((whole, tenths)) if sep => format!("{}.{tenths}", group(whole)),
        _ => fixed,
    }
}

/// `x` × 10^`shift` with one decimal: `-` when negative, `+` when positive and `plus`,
/// no sign at all when it shows as zero (`0.0`, never `-0.0` or `+0.0`); `—` when `x` is
/// not a number.
fn number1(x: f64, shift: i32, sep: bool, plus: bool) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let shown = magnitude1(x.abs(), shift, sep);
    let zero = shown.bytes().all(|b| matches!(b, b'0' | b'.' | b','));
    let sign = if zero {
        ""
    } else if x < 0.0 {
        "-"
    } else if plus {
        "+"
    } else {
        ""
    };
    format!("{sign}{shown}")
}

/// A number with separators and one decimal: `2872.46` → `2,872.5`.
pub fn decimal1(x: f64) -> String {
    number1(x, 0, true, false)
}

/// A percentage with one decimal: `12.3%`.
pub fn pct(p: f64) -> String {
    with_percent(number1(p, 0, false, false))
}

/// A ratio shown as a percentage: `0.091` → `9.1%`.
pub fn ratio_pct(r: f64) -> String {
    with_percent(number1(r, 2, false, false))
}

/// `%` after a figure, not after the dash that stands for none.
fn with_percent(s: String) -> String {
    if s == "—" { s } else { s + "%" }
}

/// A signed number with one decimal; a value that rounds to zero shows as `0.0`, never `-0.0`.
pub fn signed1(x: f64) -> String {
    number1(x, 0, false, true)
}

/// A signed growth percentage, `—` when there is none.
pub fn growth(p: Option<f64>) -> String {
    match p {
        Some(p) => with_percent(signed1(p)),
        None => "—".into(),
    }
}

/// Marks a figure that rests on a rounded count ("≈+1.3%"); "—" (no value) stays as it is.
pub fn approx(text: String, approximate: bool) -> String {
    if approximate && text != "—" {
        format!("{APPROX_MARK}{text}")
    } else {
        text
    }
}

/// The mark of an approximate figure, explained in each table's legend.
pub const APPROX_MARK: &str = "≈";

/// The legend line of a table showing approximate figures.
pub const APPROX_NOTE: &str =
    "≈: approximate, from a rounded count (TikTok's \"1.2M\" stands for 1.15M–1.25M)";

/// A one-line chart of a series: `▁▂▃▅▇`.
pub fn sparkline(values: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (Some(min), Some(max)) = (values.iter().min(), values.iter().max()) else {
        return String::new();
    };
    let span = (max - min) as f64;
    values
        .iter()
        .map(|v| {
            let level = if span == 0.0 {
                3
            } else {
                (((v - min) as f64 / span) * 7.0).round() as usize
            };
            BARS[level.min(7)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1,000");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(opt_int(Some(-1234)), "-1,234");
        assert_eq!(opt_int(Some(5)), "+5");
        assert_eq!(opt_int(None), "—");
        assert_eq!(decimal1(2872.46), "2,872.5");
        assert_eq!(decimal1(0.04), "0.0");
        assert_eq!(decimal1(-1234.56), "-1,234.6");
    }

    #[test]
    fn counts_take_their_noun() {
        assert_eq!(plural(1, "day"), "1 day");
        assert_eq!(plural(0, "video"), "0 videos");
        assert_eq!(plural(1200, "request"), "1,200 requests");
    }

    #[test]
    fn percentages() {
        assert_eq!(ratio_pct(0.0912), "9.1%");
        assert_eq!(growth(Some(3.25)), "+3.2%");
        assert_eq!(growth(Some(-0.05)), "-0.1%");
        assert_eq!(growth(Some(-0.04)), "0.0%");
        assert_eq!(signed1(-0.0001), "0.0");
        assert_eq!(signed1(11.66), "+11.7");
        assert_eq!(growth(None), "—");
    }

    #[test]
    fn huge_figures_never_wrap() {
        assert_eq!(int(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(opt_int(Some(i64::MAX)), "+9,223,372,036,854,775,807");
        assert_eq!(opt_int(Some(i64::MIN)), "-9,223,372,036,854,775,808");
        assert_eq!(
            decimal1(6.148914691236517e18),
            "6,148,914,691,236,517,000.0"
        );
        assert_eq!(decimal1(-6.1e18), "-6,100,000,000,000,000,000.0");
        assert_eq!(decimal1(u64::MAX as f64), "18,446,744,073,709,552,000.0");
        assert_eq!(decimal1(1e300), "1.00e300");
        assert_eq!(decimal1(-1e300), "-1.00e300");
        assert_eq!(decimal1(f64::MAX), "1.80e308");
        assert_eq!(decimal1(123_456_789_012.34), "123,456,789,012.3");
        assert_eq!(ratio_pct(6.1e18), "610000000000000000000.0%");
        assert_eq!(ratio_pct(1e300), "1.00e302%");
        assert_eq!(ratio_pct(f64::MAX), "1.80e310%");
        assert_eq!(signed1(1e300), "+1.00e300");
        assert_eq!(signed1(-6.1e18), "-6100000000000000000.0");
        assert_eq!(growth(Some(f64::MAX)), "+1.80e308%");
        assert_eq!(pct(-1e300), "-1.00e300%");
        for x in [1e300, 6.1e18, u64::MAX as f64, f64::MAX] {
            assert!(!decimal1(x).contains("1,844,674,407,370,955,161"));
        }
    }

    #[test]
    fn zero_has_no_sign() {
        assert_eq!(decimal1(-0.017), "0.0");
        assert_eq!(decimal1(-0.0), "0.0");
        assert_eq!(signed1(-0.04), "0.0");
        assert_eq!(signed1(0.04), "0.0");
        assert_eq!(signed1(-0.0), "0.0");
        assert_eq!(pct(-0.04), "0.0%");
        assert_eq!(ratio_pct(-0.0001), "0.0%");
        assert_eq!(opt_int(Some(0)), "0");
        assert_eq!(opt_int(Some(1)), "+1");
        assert_eq!(opt_int(Some(-1)), "-1");
        assert_eq!(signed1(0.05), "+0.1");
        assert_eq!(signed1(-0.05), "-0.1");
    }

    #[test]
    fn non_finite_figures_show_a_dash() {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(decimal1(x), "—");
            assert_eq!(signed1(x), "—");
            assert_eq!(pct(x), "—");
            assert_eq!(ratio_pct(x), "—");
            assert_eq!(growth(Some(x)), "—");
        }
    }

    #[test]
    fn sparklines() {
        assert_eq!(sparkline(&[1, 2, 3, 4, 5, 6, 7, 8]), "▁▂▃▄▅▆▇█");
        assert_eq!(sparkline(&[5, 5]), "▄▄");
        assert_eq!(sparkline(&[]), "");
    }
}
