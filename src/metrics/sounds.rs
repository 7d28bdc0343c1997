//! Rising sounds: the sounds spreading under the tracked hashtags, scored by how fast their
//! share of the sampled videos grows, from the samples already paid for.
//!
//! The window of `days` days ending on D splits like `discover`'s: *now* is its last
//! [`NOW_DAYS`] days, *before* the days ahead of them. For each sound heard in the window:
//!
//! - `share` = videos using it now / videos sampled now; `share_before` likewise before;
//! - `share_growth` = share / share_before − 1 (`None` for a sound not heard before);
//! - `videos`, `creators` = its videos and distinct named creators over the whole window;
//!   the uploader of an original sound is not counted among its creators;
//! - `score` = log2((share + [`SHARE_PRIOR`]) / (share_before + [`SHARE_PRIOR`]))
//!   × ln(1 + creators now) × √(hashtags now): spreading across people and topics counts.
//!
//! Left out: sounds with fewer than [`MIN_CREATORS`] creators (a creator's own original
//! sound, one account's push) and sounds not heard now. Nothing is ranked until the window
//! holds [`MIN_DAYS_BEFORE`] sampled days before now and [`MIN_SAMPLED`] videos on each side.

use crate::model::{SampleDay, Sound, SoundDay};
use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The recent days whose share is compared with the days before them (as `discover`).
pub const NOW_DAYS: u32 = crate::metrics::discover::NOW_DAYS;
/// The window `sounds` looks at by default (now and before together).
pub const DEFAULT_DAYS: u32 = 14;
/// Sounds listed by `tracker sounds`.
pub const TOP: usize = 20;
/// Sounds shown beside the report (html): a short list.
pub const REPORT_TOP: usize = 5;
/// A sound fewer distinct creators use is one account's, not a trend.
pub const MIN_CREATORS: usize = 2;
/// Sampled days needed before "now" for a share to compare with.
pub const MIN_DAYS_BEFORE: usize = 3;
/// Videos needed in the samples now, and before, for a share to mean something.
pub const MIN_SAMPLED: u64 = 30;
/// Added to both shares before taking their ratio (1 % of the sample).
pub const SHARE_PRIOR: f64 = 0.01;
/// A sound is rising when its share (with the prior) is at least this many times what it
/// was before, and [`MIN_CREATORS`] use it now: what the report shows and an alert fires on.
pub const RISING_RATIO: f64 = 1.5;

/// The days a ranking looks at: `days` days ending on `date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub date: NaiveDate,
    pub days: u32,
}

impl Window {
    /// The first day of "now".
    pub fn now_from(self) -> NaiveDate {
        back(self.date, NOW_DAYS.min(self.days).saturating_sub(1))
    }
    /// The first day of the window.
    pub fn from(self) -> NaiveDate {
        back(self.date, self.days.max(1) - 1)
    }
}

fn back(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MIN)
}

/// Whether the window holds enough to judge a share's growth, and if not, what is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    Enough,
    /// Fewer sampled days before "now" than [`MIN_DAYS_BEFORE`].
    TooFewDays {
        have: usize,
    },
    /// Fewer videos sampled now or before than [`MIN_SAMPLED`].
    TooFewVideos {
        now: u64,
        before: u64,
    },
}

/// One sound and the figures its score is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct RisingSound {
    /// As the newest sample in the window names it.
    pub sound: Sound,
    pub score: f64,
    /// Sampled videos using it in the window.
    pub videos: u64,
    /// Distinct named creators using it in the window (an original sound's uploader aside).
    pub creators: usize,
    /// The same, now.
    pub creators_now: usize,
    /// Tracked hashtags whose samples use it now, sorted.
    pub hashtags: Vec<String>,
    pub share: f64,
    pub share_before: f64,
    /// `share / share_before - 1`; `None` when it was not heard before.
    pub share_growth: Option<f64>,
}

impl RisingSound {
    pub fn is_rising(&self) -> bool {
        self.creators_now >= MIN_CREATORS
            && (self.share + SHARE_PRIOR) >= RISING_RATIO * (self.share_before + SHARE_PRIOR)
    }
}

/// The sounds, best first, and the sample sizes their shares are taken of.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub judgement: Judgement,
    pub sounds: Vec<RisingSound>,
    pub sampled_now: u64,
    pub sampled_before: u64,
}

/// What one sound adds up to over the window.
#[derive(Default)]
struct Tally<'a> {
    sound: Option<(&'a NaiveDate, &'a Sound)>,
    now: u64,
    before: u64,
    creators: BTreeSet<&'a str>,
    creators_now: BTreeSet<&'a str>,
    hashtags_now: BTreeSet<&'a str>,
}

/// Ranks the sounds of `rows` (with `samples`, the sizes of the samples they were counted
/// in) over `window`.
pub fn rank(rows: &[SoundDay], samples: &[SampleDay], window: Window) -> Ranking {
    let (from, now_from, to) = (window.from(), window.now_from(), window.date);
    let in_window = |d: NaiveDate| d >= from && d <= to;
    let (mut sampled_now, mut sampled_before) = (0, 0);
    let mut days_before = HashSet::new();
    for s in samples.iter().filter(|s| in_window(s.date)) {
        if s.date >= now_from {
            sampled_now += s.videos;
        } else {
            sampled_before += s.videos;
            days_before.insert(s.date);
        }
    }
    let judgement = if days_before.len() < MIN_DAYS_BEFORE {
        Judgement::TooFewDays {
            have: days_before.len(),
        }
    } else if sampled_now < MIN_SAMPLED || sampled_before < MIN_SAMPLED {
        Judgement::TooFewVideos {
            now: sampled_now,
            before: sampled_before,
        }
    } else {
        Judgement::Enough
    };
    let mut sounds = Vec::new();
    if judgement == Judgement::Enough {
        let window_rows = rows.iter().filter(|r| in_window(r.date));
        let tallies = tally(window_rows, now_from);
        let shares = (sampled_now, sampled_before);
        sounds = tallies
            .into_values()
            .filter_map(|t| scored(t, shares))
            .collect();
        sounds.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.creators.cmp(&a.creators))
                .then_with(|| a.sound.id.cmp(&b.sound.id))
        });
    }
    Ranking {
        judgement,
        sounds,
        sampled_now,
        sampled_before,
    }
}

/// Whether `author` (a named one: the stored authors are) counts as a creator of `sound`: not the uploader of an
/// original sound (a creator using their own recording spreads nothing).
fn is_creator(sound: &Sound, author: &str) -> bool {
    !(sound.original && sound.owner.as_deref() == Some(author))
}

fn tally<'a>(
    rows: impl Iterator<Item = &'a SoundDay>,
    now_from: NaiveDate,
) -> BTreeMap<&'a str, Tally<'a>> {
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for r in rows {
        let t = tallies.entry(&r.sound.id).or_default();
        if t.sound.is_none_or(|(d, _)| *d <= r.date) {
            t.sound = Some((&r.date, &r.sound));
        }
        let creators = r
            .authors
            .iter()
            .map(String::as_str)
            .filter(|a| is_creator(&r.sound, a));
        if r.date >= now_from {
            t.now += r.videos;
            t.creators_now.extend(creators.clone());
            t.hashtags_now.insert(&r.hashtag);
        } else {
            t.before += r.videos;
        }
        t.creators.extend(creators);
    }
    tallies
}

/// A tallied sound's figures, or `None` when it is left out.
fn scored(t: Tally<'_>, (sampled_now, sampled_before): (u64, u64)) -> Option<RisingSound> {
    let (_, sound) = t.sound?;
    if t.now == 0 || t.creators.len() < MIN_CREATORS || sampled_now == 0 || sampled_before == 0 {
        return None;
    }
    let share = t.now as f64 / sampled_now as f64;
    let share_before = t.before as f64 / sampled_before as f64;
    let lift = ((share + SHARE_PRIOR) / (share_before + SHARE_PRIOR)).log2();
    let spread = (1.0 + t.creators_now.len() as f64).ln() * (t.hashtags_now.len() as f64).sqrt();
    Some(RisingSound {
        sound: sound.clone(),
        score: lift * spread,
        videos: t.now + t.before,
        creators: t.creators.len(),
        creators_now: t.creators_now.len(),
        hashtags: t.hashtags_now.into_iter().map(str::to_string).collect(),
        share,
        share_before,
        share_growth: (share_before > 0.0).then(|| share / share_before - 1.0),
    })
}

/// The day's top sound in one hashtag's sample: the one the most creators use (at least
/// [`MIN_CREATORS`]), then the most videos; `None` when no sound is shared.
pub fn top_of_day<'a>(rows: impl IntoIterator<Item = &'a SoundDay>) -> Option<&'a SoundDay> {
    rows.into_iter()
        .filter(|r| creators(r) >= MIN_CREATORS)
        .max_by(|a, b| {
            creators(a)
                .cmp(&creators(b))
                .then(a.videos.cmp(&b.videos))
                .then_with(|| b.sound.id.cmp(&a.sound.id))
        })
}

/// The distinct creators of one day's row (an original sound's uploader aside).
pub fn creators(r: &SoundDay) -> usize {
    r.authors.iter().filter(|a| is_creator(&r.sound, a)).count()
}

/// `sounds --help`: every figure, built from the constants the ranking uses.
pub fn help() -> String {
    format!(
        "\
Figures (the window is --days days ending on D; \"now\" is its last {NOW_DAYS} days, \"before\" the rest):
  share         videos using the sound now / videos sampled now (of --hashtag only, when given)
  share_growth  share / share before - 1 (null when it was not heard before)
  videos        sampled videos using it in the window
  creators      distinct named creators using it in the window (an original sound's uploader aside)
  hashtags      tracked hashtags whose samples use it now
  score         the order: log2((share + {SHARE_PRIOR}) / (share before + {SHARE_PRIOR}))
                x ln(1 + creators now) x sqrt(hashtags); about 0 for a steady sound
  rising        share + {SHARE_PRIOR} at least {RISING_RATIO} x (share before + {SHARE_PRIOR}), {MIN_CREATORS}+ creators now:
                what the report page, the demo and `[alerts] on = [\"sound\"]` show
Left out: sounds fewer than {MIN_CREATORS} creators use (a creator's own original sound, one account's push).
Nothing is ranked before the window holds {MIN_DAYS_BEFORE} sampled days before now and {MIN_SAMPLED} videos
on each side. `sounds` reads only what is stored and makes no API request."
    )
}

#[cfg(test)]
mod tests;
