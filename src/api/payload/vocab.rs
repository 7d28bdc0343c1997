//! The names Scavio's (and TikTok's) payloads use for the same things, documented ones first.

/// Keys under which a payload may be wrapped.
pub(super) const WRAPPERS: &[&str] = &["data", "result", "response", "body", "payload"];
/// Containers of exact counters (TikTok's `statsV2` strings).
pub(super) const EXACT_STATS_KEYS: &[&str] = &["statsV2", "stats_v2"];
/// Containers of counters that may be rounded (`stats`; `statistics` in the aweme shape).
pub(super) const ROUNDED_STATS_KEYS: &[&str] = &["stats", "statistics"];
/// Objects a list item may be wrapped in (`{"item": {...}}`, GraphQL's `{"node": {...}}`).
pub(super) const ITEM_WRAPPERS: &[&str] = &[
    "item",
    "itemStruct",
    "itemInfo",
    "aweme_info",
    "aweme",
    "node",
];
/// Objects that hold a hashtag's (challenge's) description in TikTok's shape.
pub(super) const CHALLENGE_KEYS: &[&str] =
    &["challengeInfo", "challenge_info", "challenge", "hashtag"];
/// Fields naming the hashtag an object describes (`challenge.title` is reached through
/// [`CHALLENGE_KEYS`]).
pub(super) const NAME_KEYS: &[&str] = &[
    "hashtag",
    "hashtag_name",
    "hashtagName",
    "challenge",
    "challengeName",
    "challenge_name",
    "cha_name",
    "title",
];
/// Counter names, the documented ones first; bare `videos` / `views` last (a list named
/// `videos` is never read as a count: only numbers and numeric strings are).
pub(super) const VIDEO_COUNT_KEYS: &[&str] = &[
    "video_count",
    "videoCount",
    "videos_count",
    "videoCnt",
    "total_videos",
    "totalVideos",
    "videos",
];
pub(super) const VIEW_COUNT_KEYS: &[&str] = &[
    "view_count",
    "viewCount",
    "views_count",
    "viewCnt",
    "total_views",
    "totalViews",
    "views",
];
/// Where the day's videos sit; `edges` is a GraphQL connection (of `node` items).
pub(super) const VIDEO_LIST_KEYS: &[&str] = &[
    "videos",
    "itemList",
    "item_list",
    "items",
    "aweme_list",
    "list",
    "edges",
];
/// Per-video counters.
pub(super) const PLAY_KEYS: &[&str] = &[
    "playCount",
    "play_count",
    "plays",
    "viewCount",
    "view_count",
    "views",
];
pub(super) const LIKE_KEYS: &[&str] = &[
    "diggCount",
    "digg_count",
    "likeCount",
    "like_count",
    "likes",
];
pub(super) const COMMENT_KEYS: &[&str] = &["commentCount", "comment_count", "comments"];
pub(super) const SHARE_KEYS: &[&str] = &["shareCount", "share_count", "shares"];
/// Where a video names its sound: `music` in both the app and the web shape.
pub(super) const MUSIC_KEYS: &[&str] = &["music", "musicInfo", "music_info"];
/// A sound's id: the app shape's exact `id_str` first (its `id` is a number), then `id`
/// (a string in the web shape).
pub(super) const SOUND_ID_KEYS: &[&str] = &["id_str", "idStr", "id", "mid"];
pub(super) const SOUND_TITLE_KEYS: &[&str] = &["title", "musicName", "music_name"];
/// The artist: the app shape's `author`, the web shape's `authorName`.
pub(super) const SOUND_AUTHOR_KEYS: &[&str] = &["author", "authorName", "author_name"];
/// The handle of the account the sound was uploaded from (app shape).
pub(super) const SOUND_OWNER_KEYS: &[&str] = &["owner_handle", "ownerHandle"];
/// A creator's own recording: the app shape's `is_original_sound`, the web shape's `original`.
pub(super) const SOUND_ORIGINAL_KEYS: &[&str] = &[
    "is_original_sound",
    "isOriginalSound",
    "original",
    "is_original",
];
