//! Day-over-day growth against the most recent earlier snapshot.

use chrono::NaiveDate;
use serde::Serialize;

/// Which way a hashtag's video count moved since its previous snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Rising,
    Falling,
    Stable,
    /// No earlier snapshot to compare with.
    New,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rising => "rising",
            Direction::Falling => "falling",
            Direction::Stable => "stable",
            Direction::New => "new",
        }
    }
}

/// Growth of one snapshot against the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Growth {
    pub prev_date: Option<NaiveDate>,
    pub video_growth_pct: Option<f64>,
    pub view_growth_pct: Option<f64>,
}

/// `(current - previous) / previous × 100`; `None` when there is no previous value or it is 0.
pub fn growth_pct(previous: Option<u64>, current: u64) -> Option<f64> {
    match previous {
        Some(p) if p > 0 => Some((current as f64 - p as f64) / p as f64 * 100.0),
        _ => None,
    }
}

/// Growth of `(video_count, view_count)` against the previous snapshot, if any. A video
/// count not reported (`None`) on either day has no video growth.
pub fn growth(
    current: (Option<u64>, u64),
    previous: Option<(NaiveDate, Option<u64>, u64)>,
) -> Growth {
    Growth {
        prev_date: previous.map(|p| p.0),
        video_growth_pct: current
            .0
            .and_then(|c| growth_pct(previous.and_then(|p| p.1), c)),
        view_growth_pct: growth_pct(previous.map(|p| p.2), current.1),
    }
}

/// Direction by the sign of the video count's change. With an earlier snapshot whose
/// count was 0 the percentage is undefined but the direction still is.
pub fn direction(current_videos: u64, previous_videos: Option<u64>) -> Direction {
    match previous_videos {
        None => Direction::New,
        Some(p) if current_videos > p => Direction::Rising,
        Some(p) if current_videos < p => Direction::Falling,
        Some(_) => Direction::Stable,
    }
}

/// The trending threshold `trends` and the alerts use unless told otherwise, in percent.
pub const DEFAULT_TRENDING_PCT: f64 = 5.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn growth_against_previous() {
        let g = growth((Some(110), 2000), Some((d("2026-01-01"), Some(100), 1000)));
        assert_eq!(g.prev_date, Some(d("2026-01-01")));
        assert!((g.video_growth_pct.unwrap() - 10.0).abs() < 1e-12);
        assert!((g.view_growth_pct.unwrap() - 100.0).abs() < 1e-12);
    }

    #[test]
    fn growth_is_null_without_previous_or_from_zero() {
        assert_eq!(growth((Some(5), 5), None), Growth::default());
        let g = growth((Some(5), 5), Some((d("2026-01-01"), Some(0), 5)));
        assert_eq!(g.video_growth_pct, None);
        assert_eq!(g.view_growth_pct, Some(0.0));
        // An unreported video count has no video growth, on either side.
        let g = growth((None, 6), Some((d("2026-01-01"), Some(5), 5)));
        assert_eq!(g.video_growth_pct, None);
        assert!((g.view_growth_pct.unwrap() - 20.0).abs() < 1e-12);
        let g = growth((Some(6), 6), Some((d("2026-01-01"), None, 5)));
        assert_eq!(g.video_growth_pct, None);
    }

    #[test]
    fn direction_by_sign() {
        assert_eq!(direction(5, None), Direction::New);
        assert_eq!(direction(6, Some(5)), Direction::Rising);
        assert_eq!(direction(4, Some(5)), Direction::Falling);
        assert_eq!(direction(5, Some(5)), Direction::Stable);
        assert_eq!(direction(5, Some(0)), Direction::Rising);
    }
}
