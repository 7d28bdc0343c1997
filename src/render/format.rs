//! Number formatting for people: thousands separators, percentages, sparklines.

/// `1234567` → `1,234,567`.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Signed integers with separators; `—` for none.
pub fn opt_int(n: Option<i64>) -> String {
    match n {
        Some(n) if n < 0 => format!("-{}", int(n.unsigned_abs())),
        Some(n) => format!("+{}", int(n as u64)),
        None => "—".into(),
    }
}

/// A number with separators and one decimal: `2872.46` → `2,872.5`.
pub fn decimal1(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let tenths = (x.abs() * 10.0).round() as u64;
    let sign = if x < 0.0 && tenths > 0 { "-" } else { "" };
    format!("{sign}{}.{}", int(tenths / 10), tenths % 10)
}

/// A percentage with one decimal: `12.3%`.
pub fn pct(p: f64) -> String {
    format!("{p:.1}%")
}

/// A ratio shown as a percentage: `0.091` → `9.1%`.
pub fn ratio_pct(r: f64) -> String {
    pct(r * 100.0)
}

/// A signed number with one decimal; a value that rounds to zero shows as `0.0`, never `-0.0`.
pub fn signed1(x: f64) -> String {
    if (x * 10.0).round() == 0.0 {
        "0.0".into()
    } else {
        format!("{x:+.1}")
    }
}

/// A signed growth percentage, `—` when there is none.
pub fn growth(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{}%", signed1(p)),
        None => "—".into(),
    }
}

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
    fn sparklines() {
        assert_eq!(sparkline(&[1, 2, 3, 4, 5, 6, 7, 8]), "▁▂▃▄▅▆▇█");
        assert_eq!(sparkline(&[5, 5]), "▄▄");
        assert_eq!(sparkline(&[]), "");
    }
}
