//! Metrics over one day's sample of videos: sums, engagement rate, virality, top creators.

use crate::model::{Creator, SampleMetrics, UNKNOWN_AUTHOR, Video};
use std::collections::HashMap;

/// How many creators the report names per hashtag.
pub const TOP_CREATORS: usize = 3;

/// Computes the sample metrics. Sums saturate rather than overflow on absurd counters.
pub fn sample_metrics(videos: &[Video]) -> SampleMetrics {
    let sum = |f: fn(&Video) -> u64| videos.iter().map(f).fold(0u64, u64::saturating_add);
    let plays = sum(|v| v.plays);
    let likes = sum(|v| v.likes);
    let comments = sum(|v| v.comments);
    let shares = sum(|v| v.shares);
    let sample_size = videos.len() as u64;
    SampleMetrics {
        sample_size,
        plays,
        likes,
        comments,
        shares,
        engagement_rate: engagement_rate(likes, comments, shares, plays),
        virality: ratio(shares, sample_size),
        top_creators: top_creators(videos, TOP_CREATORS),
    }
}

/// `(likes + comments + shares) / plays`, 0 when plays is 0.
pub fn engagement_rate(likes: u64, comments: u64, shares: u64, plays: u64) -> f64 {
    let interactions = likes as f64 + comments as f64 + shares as f64;
    if plays == 0 {
        0.0
    } else {
        interactions / plays as f64
    }
}

fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// The `n` authors with the most videos in the sample; ties broken by name so the
/// answer is the same every run. Videos whose author the API did not name are left out:
/// "unknown" is not a creator to follow.
pub fn top_creators(videos: &[Video], n: usize) -> Vec<Creator> {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for v in videos.iter().filter(|v| v.author != UNKNOWN_AUTHOR) {
        *counts.entry(v.author.as_str()).or_default() += 1;
    }
    let mut creators: Vec<Creator> = counts
        .into_iter()
        .map(|(username, videos)| Creator {
            username: username.to_string(),
            videos,
        })
        .collect();
    creators.sort_by(|a, b| {
        b.videos
            .cmp(&a.videos)
            .then_with(|| a.username.cmp(&b.username))
    });
    creators.truncate(n);
    creators
}

#[cfg(test)]
mod tests {
    use super::*;

    fn video(author: &str, plays: u64, likes: u64, comments: u64, shares: u64) -> Video {
        Video {
            author: author.into(),
            plays,
            likes,
            comments,
            shares,
            ..Video::default()
        }
    }

    #[test]
    fn sums_engagement_and_virality() {
        let vs = [video("a", 1000, 50, 10, 40), video("b", 3000, 100, 20, 60)];
        let m = sample_metrics(&vs);
        assert_eq!(
            (m.sample_size, m.plays, m.likes, m.comments, m.shares),
            (2, 4000, 150, 30, 100)
        );
        assert!((m.engagement_rate - 280.0 / 4000.0).abs() < 1e-12);
        assert!((m.virality - 50.0).abs() < 1e-12);
    }

    #[test]
    fn empty_sample_and_zero_plays_are_zero_not_nan() {
        let m = sample_metrics(&[]);
        assert_eq!(m.engagement_rate, 0.0);
        assert_eq!(m.virality, 0.0);
        assert!(m.top_creators.is_empty());
        let m = sample_metrics(&[video("a", 0, 5, 0, 0)]);
        assert_eq!(m.engagement_rate, 0.0);
    }

    #[test]
    fn top_creators_by_count_then_name() {
        let vs = [
            video("zed", 1, 0, 0, 0),
            video("bob", 1, 0, 0, 0),
            video("zed", 1, 0, 0, 0),
            video("amy", 1, 0, 0, 0),
            video("carl", 1, 0, 0, 0),
        ];
        let top = top_creators(&vs, 3);
        let names: Vec<_> = top
            .iter()
            .map(|c| (c.username.as_str(), c.videos))
            .collect();
        assert_eq!(names, [("zed", 2), ("amy", 1), ("bob", 1)]);
        // Unnamed authors never rank, however many videos they have.
        let vs = [
            video(UNKNOWN_AUTHOR, 1, 0, 0, 0),
            video(UNKNOWN_AUTHOR, 1, 0, 0, 0),
            video("amy", 1, 0, 0, 0),
        ];
        let top = top_creators(&vs, 3);
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].username, "amy");
    }

    #[test]
    fn sums_saturate() {
        let m = sample_metrics(&[video("a", u64::MAX, 0, 0, 0), video("a", 5, 0, 0, 0)]);
        assert_eq!(m.plays, u64::MAX);
    }
}
