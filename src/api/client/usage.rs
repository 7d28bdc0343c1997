//! The free account check (`GET /api/v1/usage`): the plan and the balance, before anything
//! is bought.

use super::*;

/// The free account check's path below the base URL.
const USAGE_PATH: &str = "api/v1/usage";
/// What the usage endpoint said.
#[derive(Debug)]
pub enum UsageCheck {
    Known(Usage),
    /// 401 / 403: the key is wrong; the run stops before any paid request.
    Rejected(ApiError),
    /// 404, 5xx, a timeout, an unreadable answer: fall back to the paid first request.
    Unavailable(String),
}

impl Client {
    /// The free `GET /api/v1/usage`: the plan and the balance, before anything is bought.
    /// One attempt: when it is unavailable the run falls back to proving the key with its
    /// first paid request. An accepted key lets the run go concurrent at once.
    pub async fn usage(&self) -> UsageCheck {
        let url = match self.base.join(USAGE_PATH) {
            Ok(u) => u,
            Err(e) => return UsageCheck::Unavailable(format!("bad URL: {e}")),
        };
        let response = self
            .http
            .get(url)
            .bearer_auth(self.key.expose())
            .timeout(self.usage_timeout)
            .send()
            .await;
        let resp = match response {
            Ok(r) => r,
            Err(e) => {
                let why = self.key.scrub(&format!("no answer: {}", error_chain(&e)));
                if !e.is_timeout() {
                    self.reach.missed(&why);
                }
                return UsageCheck::Unavailable(why);
            }
        };
        let status = resp.status();
        let code = status.as_u16();
        let (body, _) = read_body(resp, self.max_answer_bytes).await;
        self.note_reach(code, &body);
        match verdict(status) {
            Verdict::Ok => match parse_usage(&body) {
                Some(usage) => {
                    self.probed.store(true, Ordering::SeqCst);
                    UsageCheck::Known(usage)
                }
                None => UsageCheck::Unavailable(format!("HTTP {code}: unreadable answer")),
            },
            Verdict::Auth => {
                self.stop();
                UsageCheck::Rejected(ApiError::Unauthorized {
                    status: code,
                    message: self.message(status, &body),
                })
            }
            Verdict::Credits => {
                self.probed.store(true, Ordering::SeqCst);
                UsageCheck::Known(Usage {
                    plan: None,
                    credit_balance: Some(0),
                })
            }
            _ => UsageCheck::Unavailable(format!("HTTP {code}: {}", self.message(status, &body))),
        }
    }
}
