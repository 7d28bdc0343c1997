//! The webhook's address. A Slack incoming-webhook URL is its own credential (whoever has
//! it can post to the channel), so it is handled like the API key: never printed, logged
//! or stored; messages name only its host.

use std::fmt;

/// Why a webhook URL was refused. The messages never repeat the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookUrlError {
    #[error("the webhook URL is not a valid URL")]
    Invalid,
    #[error("the webhook URL must be an http:// or https:// URL with a host")]
    NotHttp,
}

/// A webhook URL that never shows itself: `Debug` prints its host only.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookUrl(reqwest::Url);

impl WebhookUrl {
    /// `TRACKER_WEBHOOK_URL`: overrides `[alerts] webhook_url`.
    pub const ENV: &'static str = "TRACKER_WEBHOOK_URL";

    pub fn parse(s: &str) -> Result<WebhookUrl, WebhookUrlError> {
        let url = reqwest::Url::parse(s.trim()).map_err(|_| WebhookUrlError::Invalid)?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(WebhookUrlError::NotHttp);
        }
        Ok(WebhookUrl(url))
    }

    /// The URL itself, for the POST and nothing else.
    pub(crate) fn expose(&self) -> &reqwest::Url {
        &self.0
    }

    /// What messages may name: the host (and port, when one is given).
    pub fn host(&self) -> String {
        match (self.0.host_str(), self.0.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => "the webhook".to_string(),
        }
    }

    /// `text` with the URL, and the secret part after its host, replaced by `[redacted]`:
    /// reqwest's errors carry the URL they were for.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.replace(self.0.as_str(), "[redacted]");
        let mut secret = self.0.path().to_string();
        if let Some(q) = self.0.query() {
            secret = format!("{secret}?{q}");
        }
        // A bare "/" (or a short path) is no secret, and replacing it would mangle the text.
        if secret.len() >= 4 {
            out = out.replace(&secret, "[redacted]");
        }
        if let Some(pw) = self.0.password().filter(|p| p.len() >= 4) {
            out = out.replace(pw, "[redacted]");
        }
        out
    }
}

impl fmt::Debug for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebhookUrl({}, [redacted])", self.host())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://hooks.slack.com/services/T000/B000/XXXXsecret";

    #[test]
    fn the_url_is_never_shown() {
        let url = WebhookUrl::parse(URL).unwrap();
        let debug = format!("{url:?}");
        assert!(!debug.contains("XXXXsecret"), "{debug}");
        assert_eq!(url.host(), "hooks.slack.com");
        let e = format!("error sending request for url ({URL}): connection refused");
        assert_eq!(
            url.scrub(&e),
            "error sending request for url ([redacted]): connection refused"
        );
        assert_eq!(
            url.scrub("POST /services/T000/B000/XXXXsecret failed"),
            "POST [redacted] failed"
        );
    }

    #[test]
    fn a_bad_url_is_refused_without_repeating_it() {
        for bad in [
            "not a url XXXXsecret",
            "ftp://h/XXXXsecret",
            "file:///XXXXsecret",
        ] {
            let e = WebhookUrl::parse(bad).unwrap_err().to_string();
            assert!(!e.contains("XXXXsecret"), "{e}");
        }
        let local = WebhookUrl::parse("http://127.0.0.1:8080/hook").unwrap();
        assert_eq!(local.host(), "127.0.0.1:8080");
    }
}
