//! `sounds`: the sounds rising under the tracked hashtags, from the stored samples only
//! (see [`crate::metrics::sounds`] for the figures); the report's top sound of each hashtag.

use crate::metrics::sounds::{self, Judgement, MIN_DAYS_BEFORE, MIN_SAMPLED, Window, rank};
use crate::model::hashtag;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SoundsView {
    pub date: NaiveDate,
    /// The window: `days` days ending on `date`, the last `now_days` of them "now".
    pub days: u32,
    pub now_days: u32,
    /// The one tracked hashtag the samples were limited to (`--hashtag`), if any.
    pub hashtag: Option<String>,
    /// Videos sampled now and before: the shares' denominators.
    pub sampled_now: u64,
    pub sampled_before: u64,
    /// Why nothing was ranked (too little history), `null` when the window was enough.
    pub not_enough: Option<String>,
    pub sounds: Vec<SoundRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SoundRow {
    /// TikTok's music id, as text.
    pub id: String,
    pub title: String,
    pub author: String,
    pub videos: u64,
    pub creators: usize,
    pub share: f64,
    pub share_growth: Option<f64>,
    pub hashtags: Vec<String>,
    pub first_seen: Option<NaiveDate>,
    pub share_before: f64,
    pub score: f64,
    /// A creator's own recording (picked up by others, or it would not be listed).
    pub original: bool,
    /// Its share grew by [`sounds::RISING_RATIO`] or more: what an alert fires on.
    pub rising: bool,
}

/// What to rank: the window, how many to keep, and the one hashtag to look under.
#[derive(Debug, Clone)]
pub struct SoundsOptions {
    pub date: NaiveDate,
    pub days: u32,
    pub top: usize,
    pub hashtag: Option<String>,
}

/// The top sounds of the window ending on `opts.date`, from stored counts only.
pub fn build_sounds(store: &Store, opts: &SoundsOptions) -> Result<SoundsView> {
    let window = Window {
        date: opts.date,
        days: opts.days,
    };
    let tag = opts.hashtag.as_deref().map(hashtag::fold);
    let rows = store.sound_days(window.from(), window.date, tag.as_deref())?;
    let samples = store.sound_samples(window.from(), window.date, tag.as_deref())?;
    let mut ranking = rank(&rows, &samples, window);
    ranking.sounds.truncate(opts.top);
    let ids: Vec<&str> = ranking.sounds.iter().map(|s| s.sound.id.as_str()).collect();
    let first_seen = store.sounds_first_seen(&ids, tag.as_deref(), window.date)?;
    let sounds = ranking
        .sounds
        .iter()
        .map(|s| SoundRow {
            id: s.sound.id.clone(),
            title: s.sound.title.clone(),
            author: s.sound.author.clone(),
            videos: s.videos,
            creators: s.creators,
            share: s.share,
            share_growth: s.share_growth,
            hashtags: s.hashtags.clone(),
            first_seen: first_seen.get(&s.sound.id).copied(),
            share_before: s.share_before,
            score: s.score,
            original: s.sound.original,
            rising: s.is_rising(),
        })
        .collect();
    Ok(SoundsView {
        date: opts.date,
        days: opts.days,
        now_days: sounds::NOW_DAYS.min(opts.days),
        hashtag: tag,
        sampled_now: ranking.sampled_now,
        sampled_before: ranking.sampled_before,
        not_enough: not_enough(ranking.judgement),
        sounds,
    })
}

fn not_enough(j: Judgement) -> Option<String> {
    match j {
        Judgement::Enough => None,
        Judgement::TooFewDays { have } => Some(format!(
            "{have} sampled day(s) before the last {} days; {MIN_DAYS_BEFORE} are needed to judge a sound's growth",
            sounds::NOW_DAYS
        )),
        Judgement::TooFewVideos { now, before } => Some(format!(
            "{now} videos sampled now and {before} before; {MIN_SAMPLED} are needed on each side"
        )),
    }
}

/// The rising sounds of the default window ending on `date` (the report's section, the
/// demo's and the alerts'), or `None` when none is rising.
pub fn build_rising_sounds(store: &Store, date: NaiveDate) -> Result<Option<SoundsView>> {
    let mut view = build_sounds(
        store,
        &SoundsOptions {
            date,
            days: sounds::DEFAULT_DAYS,
            top: sounds::TOP,
            hashtag: None,
        },
    )?;
    view.sounds.retain(|s| s.rising);
    view.sounds.truncate(sounds::REPORT_TOP);
    Ok((!view.sounds.is_empty()).then_some(view))
}

/// A hashtag's top sound of the day, as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopSound {
    pub id: String,
    pub title: String,
    pub author: String,
    pub videos: u64,
    pub creators: usize,
}

/// The sound most creators used in `hashtag`'s sample on `date` (at least two), if any.
pub fn top_sound(store: &Store, date: NaiveDate, hashtag: &str) -> Result<Option<TopSound>> {
    let rows = store.sound_days(date, date, Some(hashtag))?;
    Ok(sounds::top_of_day(&rows).map(|r| TopSound {
        id: r.sound.id.clone(),
        title: r.sound.title.clone(),
        author: r.sound.author.clone(),
        videos: r.videos,
        creators: sounds::creators(r),
    }))
}
