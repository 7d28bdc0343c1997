//! `videos`: the top sampled videos of a hashtag on a date, from what was already paid for.

use crate::metrics::sample::engagement_rate;
use crate::model::Video;
use crate::store::Store;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct VideosView {
    pub hashtag: String,
    pub date: NaiveDate,
    pub videos: Vec<VideoRow>,
}
#[derive(Debug, Clone, Serialize)]
pub struct VideoRow {
    pub id: String,
    pub author: String,
    pub plays: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
    pub engagement_rate: f64,
    pub description: String,
}
/// The top `n` sampled videos by plays on `date` (default: the hashtag's latest snapshot).
pub fn build_videos(
    store: &Store,
    hashtag: &str,
    date: Option<NaiveDate>,
    n: usize,
) -> Result<VideosView> {
    let date = match date {
        Some(d) => d,
        None => match store.last_date_of(hashtag)? {
            Some(d) => d,
            None => {
                let stored: Vec<String> = store
                    .all_hashtags()?
                    .iter()
                    .map(|h| format!("#{h}"))
                    .collect();
                bail!(
                    "no snapshots stored for #{hashtag} (stored: {})",
                    if stored.is_empty() {
                        "none yet".to_string()
                    } else {
                        stored.join(", ")
                    }
                )
            }
        },
    };
    if store.snapshots_between(hashtag, date, date)?.is_empty() {
        let near = super::nearest_dates(store, &[hashtag.to_string()], date)?;
        bail!("no snapshot of #{hashtag} stored for {date}{near}");
    }
    let mut videos: Vec<Video> = store.videos(date, hashtag)?;
    videos.sort_by(|a, b| b.plays.cmp(&a.plays).then_with(|| a.id.cmp(&b.id)));
    videos.truncate(n);
    Ok(VideosView {
        hashtag: hashtag.to_string(),
        date,
        videos: videos
            .into_iter()
            .map(|v| VideoRow {
                engagement_rate: engagement_rate(v.likes, v.comments, v.shares, v.plays),
                id: v.id,
                author: v.author,
                plays: v.plays,
                likes: v.likes,
                comments: v.comments,
                shares: v.shares,
                description: v.desc,
            })
            .collect(),
    })
}
