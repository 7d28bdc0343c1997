//! Rising co-hashtags: the hashtags nobody tracks yet, scored by how fast their presence
//! grows in the samples already paid for.
//!
//! The window of `days` days ending on D splits in two: *now* is the last [`NOW_DAYS`] days,
//! *before* the days ahead of them. For each co-hashtag seen now:
//!
//! - `share_now` = videos carrying it now / videos sampled now (over every tracked hashtag),
//!   `share_before` likewise over the days before (`None` when nothing was sampled then);
//! - `lift` = log2((share_now + [`SHARE_PRIOR`]) / (share_before + [`SHARE_PRIOR`])): the
//!   prior keeps a tag seen once from a zero base from looking infinitely fast, and makes a
//!   steady tag score about 0 whatever its size;
//! - `creators` = distinct named authors carrying it now, `under` = tracked hashtags whose
//!   samples carry it now;
//! - `score` = lift × ln(1 + creators) × √under: spreading across people and across the
//!   tracked topics counts, one account repeating itself does not.
//!
//! Left out: tracked hashtags, the generic tags of [`GENERIC`] (plus the config's
//! `[discover] ignore`), and tags with fewer than [`MIN_CREATORS`] creators now.

use crate::model::{CohashtagDay, SampleDay};
use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Rising co-hashtags shown beside the report (markdown, html): a short list.
pub const REPORT_TOP: usize = 5;

/// The recent days whose share is compared with the days before them.
pub const NOW_DAYS: u32 = 3;
/// The window `discover` looks at by default (now and before together).
pub const DEFAULT_DAYS: u32 = 14;
/// Candidates shown by default.
pub const DEFAULT_TOP: u32 = 20;
/// A tag carried by fewer distinct creators than this is one account's push, not a trend.
pub const MIN_CREATORS: usize = 2;
/// Added to both shares before taking their ratio (1 % of the sample).
pub const SHARE_PRIOR: f64 = 0.01;
/// Tags put on videos to reach a feed rather than to say what a video is about: present
/// everywhere, they would top every list. Extend with `[discover] ignore = [...]`.
pub const GENERIC: &[&str] = &[
    "fyp",
    "fy",
    "fypシ",
    "fypage",
    "foryou",
    "foryoupage",
    "foryourpage",
    "parati",
    "xyzbca",
    "viral",
    "viralvideo",
    "viraltiktok",
    "tiktok",
    "tiktokviral",
    "trending",
    "trend",
    "explore",
    "explorepage",
    "capcut",
    "duet",
    "stitch",
    "greenscreen",
];

/// The days a ranking looks at: `days` days ending on `date`, the last [`NOW_DAYS`] of them "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub date: NaiveDate,
    pub days: u32,
}

impl Window {
    /// The first day of "now".
    fn now_from(self) -> NaiveDate {
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

/// One candidate and the figures its score is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub hashtag: String,
    pub score: f64,
    /// Sampled videos carrying it now.
    pub videos: u64,
    /// Distinct named creators carrying it now.
    pub creators: usize,
    /// Tracked hashtags whose samples carry it now, sorted.
    pub under: Vec<String>,
    pub share_now: f64,
    /// `None` when nothing was sampled before "now".
    pub share_before: Option<f64>,
}

/// The candidates, best first, and the sample sizes their shares are taken of.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    pub candidates: Vec<Candidate>,
    pub sampled_now: u64,
    pub sampled_before: u64,
}

/// Whether `tag` (normalised) is generic: in [`GENERIC`] or in `extra`.
pub fn is_generic(tag: &str, extra: &HashSet<String>) -> bool {
    GENERIC.contains(&tag) || extra.contains(tag)
}

/// Ranks the co-hashtags of `rows` (with `samples`, the sizes of the samples they were counted
/// in) over `window`, leaving out the `tracked` hashtags, the generic ones and `ignore`.
pub fn rank(
    rows: &[CohashtagDay],
    samples: &[SampleDay],
    window: Window,
    tracked: &HashSet<String>,
    ignore: &HashSet<String>,
) -> Ranking {
    let (from, now_from, to) = (window.from(), window.now_from(), window.date);
    let in_window = |d: NaiveDate| d >= from && d <= to;
    let is_now = |d: NaiveDate| d >= now_from && d <= to;
    let mut sampled = [0u64; 2];
    for s in samples.iter().filter(|s| in_window(s.date)) {
        sampled[usize::from(is_now(s.date))] += s.videos;
    }
    let [sampled_before, sampled_now] = sampled;
    #[derive(Default)]
    struct Tally<'a> {
        before: u64,
        now: u64,
        authors: BTreeSet<&'a str>,
        under: BTreeSet<&'a str>,
    }
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for r in rows.iter().filter(|r| in_window(r.date)) {
        let t = tallies.entry(&r.cohashtag).or_default();
        if is_now(r.date) {
            t.now += r.videos;
            t.authors.extend(r.authors.iter().map(String::as_str));
            t.under.insert(&r.hashtag);
        } else {
            t.before += r.videos;
        }
    }
    let share = |n: u64, of: u64| (of > 0).then(|| n as f64 / of as f64);
    let mut candidates: Vec<Candidate> = tallies
        .into_iter()
        .filter(|(tag, t)| {
            t.now > 0
                && t.authors.len() >= MIN_CREATORS
                && !tracked.contains(*tag)
                && !is_generic(tag, ignore)
        })
        .filter_map(|(tag, t)| {
            let share_now = share(t.now, sampled_now)?;
            let share_before = share(t.before, sampled_before);
            let lift =
                ((share_now + SHARE_PRIOR) / (share_before.unwrap_or(0.0) + SHARE_PRIOR)).log2();
            let creators = t.authors.len();
            let score = lift * (1.0 + creators as f64).ln() * (t.under.len() as f64).sqrt();
            Some(Candidate {
                hashtag: tag.to_string(),
                score,
                videos: t.now,
                creators,
                under: t.under.into_iter().map(str::to_string).collect(),
                share_now,
                share_before,
            })
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.creators.cmp(&a.creators))
            .then_with(|| a.hashtag.cmp(&b.hashtag))
    });
    Ranking {
        candidates,
        sampled_now,
        sampled_before,
    }
}

/// `discover --help`: every figure, built from the constants the ranking uses.
pub fn help() -> String {
    format!(
        "\
Figures (the window is --days days ending on D; \"now\" is its last {NOW_DAYS} days, \"before\" the rest):
  share_now     videos carrying the tag now / videos sampled now, over every tracked hashtag
  share_before  the same over the days before (null when nothing was sampled then)
  videos        sampled videos carrying it now
  creators      distinct named creators carrying it now (an unnamed author counts for none)
  under         tracked hashtags whose samples carry it now
  score         log2((share_now + {SHARE_PRIOR}) / (share_before + {SHARE_PRIOR})) x ln(1 + creators) x sqrt(under):
                about 0 for a tag at a steady share, high for one spreading across creators and topics
Left out: tracked hashtags, tags with fewer than {MIN_CREATORS} creators now (one account's push),
and generic tags (extend with `[discover] ignore = [...]` in the config):
  {}
`discover` reads only what is stored and makes no API request; `--probe K` makes K (one per
candidate not already bought today), within `[budget] max_requests_per_run`, and says so before and after.",
        GENERIC.join(", ")
    )
}

#[cfg(test)]
mod tests;
