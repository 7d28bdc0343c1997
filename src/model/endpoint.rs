//! The paid calls made per hashtag per day.

/// One of the API's paid endpoints, as the run log and the stored answers name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    /// Total video and view counts.
    Stats,
    /// A sample of recent videos.
    Videos,
}

impl Endpoint {
    pub const ALL: [Endpoint; 2] = [Endpoint::Stats, Endpoint::Videos];

    /// The URL path below the base URL.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Stats => "api/v1/tiktok/hashtag",
            Endpoint::Videos => "api/v1/tiktok/hashtag/videos",
        }
    }

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Stats => "stats",
            Endpoint::Videos => "videos",
        }
    }

    pub fn from_name(s: &str) -> Option<Endpoint> {
        match s {
            "stats" => Some(Endpoint::Stats),
            "videos" => Some(Endpoint::Videos),
            _ => None,
        }
    }
}
