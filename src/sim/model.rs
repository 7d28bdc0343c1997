//! The simulated API's deterministic world: each hashtag's counts day by day and the
//! payloads (in four shapes) that describe them.

use super::sim_id;
use serde_json::{Value, json};

/// A deterministic pseudo-random number from a seed (splitmix64).
pub(super) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

pub(super) fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A value in [0, 1) from a seed.
pub(super) fn unit(seed: u64) -> f64 {
    (mix(seed) >> 11) as f64 / (1u64 << 53) as f64
}

/// One hashtag's synthetic world.
pub struct Model {
    tag: String,
    seed: u64,
    base_videos: f64,
    rate: f64,
    views_per_video: f64,
    breakout_day: Option<u32>,
}

/// Daily growth of a hashtag before and after it breaks out.
pub const BREAKOUT_BEFORE: f64 = 0.003;
pub const BREAKOUT_AFTER: f64 = 0.12;

impl Model {
    pub fn new(tag: &str, breakout_day: Option<u32>) -> Model {
        let seed = hash(tag);
        Model {
            tag: tag.to_string(),
            seed,
            base_videos: 20_000.0 + unit(seed) * 2_000_000.0,
            // 0.2 % to 6 % a day
            rate: 0.002 + unit(seed ^ 1) * 0.058,
            views_per_video: 800.0 + unit(seed ^ 2) * 6_000.0,
            breakout_day,
        }
    }

    fn rate_on(&self, day: u32) -> f64 {
        match self.breakout_day {
            Some(b) if day >= b => BREAKOUT_AFTER,
            Some(_) => BREAKOUT_BEFORE,
            None => self.rate,
        }
    }

    /// Total videos on `day`: compound growth from the base.
    pub fn video_count(&self, day: u32) -> u64 {
        let growth: f64 = (1..=day).map(|d| 1.0 + self.rate_on(d)).product();
        (self.base_videos * growth).round() as u64
    }

    pub fn view_count(&self, day: u32) -> u64 {
        let wobble = 1.0 + (unit(self.seed ^ u64::from(day) ^ 3) - 0.5) * 0.01;
        (self.video_count(day) as f64 * self.views_per_video * wobble).round() as u64
    }

    /// Which of the four payload shapes this hashtag is served in (3: the documented one;
    /// `fyp`, the SDK probe's hashtag, gets it).
    fn shape(&self) -> u64 {
        (self.seed + 3) % 4
    }

    pub fn stats_payload(&self, day: u32, credits: u64) -> Value {
        let (videos, views) = (self.video_count(day), self.view_count(day));
        let id = sim_id(&self.tag);
        let mut v = match self.shape() {
            0 => json!({"hashtag_id": id, "video_count": videos, "view_count": views}),
            1 => {
                json!({"data": {"hashtag": self.tag, "hashtag_id": id, "video_count": videos.to_string(), "view_count": views}})
            }
            2 => json!({"data": {"id": id, "stats": {"video_count": videos, "view_count": views}}}),
            // The documented shape (`scavio-ai/skills` SKILL.md), with exact `statsV2`
            // strings beside the rounded counts.
            _ => json!({"data": {"challengeInfo": {
                "challenge": {"id": id, "title": self.tag, "desc": "",
                    "stats": {"videoCount": round_sig(videos), "viewCount": round_sig(views)}},
                "statsV2": {"videoCount": videos.to_string(), "viewCount": views.to_string()}
            }}}),
        };
        add_credits(&mut v, credits);
        v
    }

    /// Videos posted under the hashtag that day (what the pages go through).
    pub fn videos_on(&self, day: u32) -> usize {
        let seed = mix(self.seed ^ (u64::from(day) << 32));
        20 + (seed % 61) as usize
    }

    /// The first page of 30, as the default sample asks for it.
    pub fn videos_payload(&self, day: u32, credits: u64) -> Value {
        self.videos_page(day, 0, 30, credits)
    }

    /// One page: `count` videos from offset `cursor`. Some hashtags repeat the previous
    /// page's last video at the top of the next, as TikTok does.
    pub fn videos_page(&self, day: u32, cursor: usize, count: usize, credits: u64) -> Value {
        let seed = mix(self.seed ^ (u64::from(day) << 32));
        let total = self.videos_on(day);
        let repeats = self.shape() == 2 && cursor > 0;
        let start = if repeats { cursor - 1 } else { cursor }.min(total);
        let end = (start + count).min(total);
        // A small pool of creators so the top creators repeat day to day.
        let creators = 4 + (self.seed % 5);
        let shape = self.shape();
        let videos: Vec<Value> = (start..end)
            .map(|i| self.video(mix(seed ^ i as u64), i, day, creators))
            .collect();
        let more = end < total;
        let mut v = match shape {
            // TikTok's web shape: `hasMore` a bool, `cursor` a string.
            3 => json!({"data": {"itemList": videos, "hasMore": more, "cursor": end.to_string()}}),
            2 => json!({"data": {"videos": videos, "has_more": u8::from(more), "cursor": end}}),
            _ => json!({"data": {"aweme_list": videos, "has_more": u8::from(more), "cursor": end}}),
        };
        add_credits(&mut v, credits);
        v
    }
}

impl Model {
    /// One video of the page, drawn from seed `s`: its counts, sound and co-hashtags in
    /// this hashtag's shape.
    fn video(&self, s: u64, i: usize, day: u32, creators: u64) -> Value {
        let author = format!("{}_creator{}", self.tag, mix(s) % creators);
        let plays = 1_000 + (unit(s) * unit(s ^ 9) * 900_000.0) as u64;
        let likes = (plays as f64 * (0.03 + unit(s ^ 4) * 0.09)) as u64;
        let comments = (plays as f64 * (0.001 + unit(s ^ 5) * 0.01)) as u64;
        let shares = (plays as f64 * (0.001 + unit(s ^ 6) * 0.02)) as u64;
        let id = format!("{}", 7_300_000_000_000_000_000u64 + (s % 1_000_000_000_000));
        let extras = super::sample::extras(s, &author, day, self.breakout_day);
        let desc = format!(
            "#{} video {} of day {}{}",
            self.tag,
            i + 1,
            day + 1,
            extras.caption()
        );
        let mut v = match self.shape() {
            3 => json!({"id": id, "desc": desc, "author": {"uniqueId": author},
                "stats": {"playCount": round_sig(plays), "diggCount": round_sig(likes),
                          "commentCount": comments, "shareCount": shares},
                "statsV2": {"playCount": plays.to_string(), "diggCount": likes.to_string(),
                            "commentCount": comments.to_string(), "shareCount": shares.to_string()}}),
            2 => json!({"id": id, "desc": desc, "author": {"uniqueId": author},
                "stats": {"playCount": plays, "diggCount": likes,
                          "commentCount": comments, "shareCount": shares}}),
            _ => {
                let mut tags = vec![json!({"hashtag_name": self.tag})];
                tags.extend(extras.cohashtags.iter().map(|t| json!({"hashtag_name": t})));
                json!({"aweme_id": id, "desc": desc, "create_time": 1_767_000_000 + u64::from(day) * 86_400,
                    "author": {"unique_id": author, "nickname": author},
                    "statistics": {"play_count": plays, "digg_count": likes, "comment_count": comments,
                                   "share_count": shares, "collect_count": likes / 10},
                    "text_extra": tags})
            }
        };
        let music = match self.shape() {
            2 | 3 => extras.web_music(),
            _ => extras.app_music(),
        };
        if let (Some(music), Some(obj)) = (music, v.as_object_mut()) {
            obj.insert("music".into(), music);
        }
        v
    }
}

/// TikTok's legacy counters are rounded to a few significant figures.
pub(super) fn round_sig(n: u64) -> u64 {
    if n < 10_000 {
        return n;
    }
    let digits = n.ilog10();
    let unit = 10u64.pow(digits - 2);
    (n / unit) * unit
}

fn add_credits(v: &mut Value, credits: u64) {
    if let Some(obj) = v.as_object_mut() {
        obj.insert("credits_used".into(), json!(1));
        obj.insert("credits_remaining".into(), json!(credits));
        obj.insert("response_time".into(), json!(42));
    }
}
