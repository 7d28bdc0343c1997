//! The message one delivery POSTs: Slack-compatible JSON (`text` for notifications and
//! plain clients, `blocks` for Slack), plus a `tracker` field with the trend rows for
//! scripts (Slack ignores fields it does not know).

use super::Alert;
use crate::model::AlertSignal;
use crate::render::format::{decimal1, growth, int, ratio_pct};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// Slack allows 50 blocks a message; the rest are counted, and all are in `tracker`.
const MAX_SECTIONS: usize = 40;
/// Hashtags named in `text` before "and N more".
const MAX_IN_TEXT: usize = 10;

/// What a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Alerts after a fetch.
    Alerts,
    /// `tracker alerts test`: a sample, so the channel shows what alerts will look like.
    Test,
}

/// The message for `alerts`, sent after `date` was fetched.
pub fn build(date: NaiveDate, alerts: &[Alert], purpose: Purpose) -> Value {
    let n = alerts.len();
    let plural = if n == 1 { "" } else { "s" };
    let test = if purpose == Purpose::Test {
        "test message — "
    } else {
        ""
    };
    let mut named: Vec<String> = alerts
        .iter()
        .take(MAX_IN_TEXT)
        .map(|a| match a.signal {
            AlertSignal::Sound => format!("{} rising", sound_name(a)),
            _ => format!(
                "#{} {} (videos {})",
                escape(&a.hashtag),
                a.signal.as_str(),
                growth(a.video_growth_pct())
            ),
        })
        .collect();
    if n > MAX_IN_TEXT {
        named.push(format!("and {} more", n - MAX_IN_TEXT));
    }
    let text = format!(
        "tracker {test}{date}: {n} alert{plural}: {}",
        named.join(", ")
    );
    let mut blocks = vec![json!({
        "type": "header",
        "text": {"type": "plain_text", "text": format!("tracker: {test}{n} alert{plural} for {date}")}
    })];
    for a in alerts.iter().take(MAX_SECTIONS) {
        blocks.push(json!({
            "type": "section",
            "text": {"type": "mrkdwn", "text": line(a)}
        }));
    }
    let mut footer = String::from(match purpose {
        Purpose::Alerts => "Sent by `tracker` after the daily fetch.",
        Purpose::Test => {
            "A test from `tracker alerts test`: alerts after the daily fetch look like this."
        }
    });
    if n > MAX_SECTIONS {
        footer = format!(
            "…and {} more (every alert is in the message's `tracker` field). {footer}",
            n - MAX_SECTIONS
        );
    }
    blocks.push(json!({
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": footer}]
    }));
    let rows: Vec<Value> = alerts.iter().map(machine_row).collect();
    let mut tracker = json!({"date": date, "alerts": rows});
    if purpose == Purpose::Test {
        tracker["test"] = json!(true);
    }
    json!({"text": text, "blocks": blocks, "tracker": tracker})
}

/// One alert for people: `*#jumper* breakout on 2026-04-12: videos +12.0% since 2026-04-11 …`.
fn line(a: &Alert) -> String {
    if a.signal == AlertSignal::Sound {
        return sound_line(a);
    }
    let what = match a.signal {
        AlertSignal::Breakout => "breakout",
        AlertSignal::Trending => "trending",
        AlertSignal::Discover => "new",
        AlertSignal::Sound => "sound",
    };
    let since = a
        .prev_date()
        .map(|d| format!(" since {d}"))
        .unwrap_or_default();
    let mut out = format!(
        "*#{}* {what} on {}: videos {}{since}",
        escape(&a.hashtag),
        a.date,
        growth(a.video_growth_pct())
    );
    if let Some(count) = a.video_count() {
        out.push_str(&format!(", {} videos", int(count)));
    }
    if let Some(m) = a.momentum() {
        out.push_str(&format!(", momentum {}", decimal1(m)));
    }
    out
}

/// A sound alert's sound for people: `sound "Espresso" by Sabrina`.
fn sound_name(a: &Alert) -> String {
    let text = |k: &str| a.row[k].as_str().filter(|s| !s.is_empty()).map(escape);
    let title = text("title").unwrap_or_else(|| format!("id {}", text("id").unwrap_or_default()));
    match text("author") {
        Some(by) => format!("sound \"{title}\" by {by}"),
        None => format!("sound \"{title}\""),
    }
}

/// One sound alert for people: `*sound "Espresso" by Sabrina* rising on 2026-04-12 under
/// #a #b: 12 videos by 9 creators, 10.0% of the sample (+150.0%)`.
fn sound_line(a: &Alert) -> String {
    let under: Vec<String> = a.row["hashtags"]
        .as_array()
        .map(|tags| {
            tags.iter()
                .filter_map(Value::as_str)
                .map(|t| format!("#{}", escape(t)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = format!(
        "*{}* rising on {} under {}",
        sound_name(a),
        a.date,
        under.join(" ")
    );
    if let (Some(v), Some(c)) = (a.row["videos"].as_u64(), a.row["creators"].as_u64()) {
        out.push_str(&format!(": {} videos by {} creators", int(v), int(c)));
    }
    if let Some(share) = a.row["share"].as_f64() {
        let g = a.row["share_growth"].as_f64().map(|g| g * 100.0);
        let g = if g.is_some() { growth(g) } else { "new".into() };
        out.push_str(&format!(", {} of the sample ({g})", ratio_pct(share)));
    }
    out
}

/// The trend row, with the day and the signal it alerted for.
fn machine_row(a: &Alert) -> Value {
    let mut row = match &a.row {
        Value::Object(m) => m.clone(),
        _ => serde_json::Map::new(),
    };
    row.insert("hashtag".into(), json!(a.hashtag));
    row.insert("date".into(), json!(a.date));
    row.insert("signal".into(), json!(a.signal));
    Value::Object(row)
}

/// Slack's mrkdwn reads `&`, `<` and `>` as markup.
fn escape(s: &str) -> String {
    crate::text::sanitize(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(hashtag: &str, signal: AlertSignal) -> Alert {
        Alert {
            date: NaiveDate::from_ymd_opt(2026, 4, 12).unwrap(),
            signal,
            hashtag: hashtag.into(),
            row: json!({"hashtag": hashtag, "video_growth_pct": 12.04, "prev_date": "2026-04-11",
                        "video_count": 1234567, "momentum": 42.13, "breakout": true}),
        }
    }

    #[test]
    fn a_message_names_each_hashtag_signal_growth_and_date() {
        let date = NaiveDate::from_ymd_opt(2026, 4, 12).unwrap();
        let m = build(
            date,
            &[
                alert("jumper", AlertSignal::Breakout),
                alert("a<b>&c", AlertSignal::Trending),
            ],
            Purpose::Alerts,
        );
        let text = m["text"].as_str().unwrap();
        assert_eq!(
            text,
            "tracker 2026-04-12: 2 alerts: #jumper breakout (videos +12.0%), #a&lt;b&gt;&amp;c trending (videos +12.0%)"
        );
        let blocks = m["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), 4);
        assert_eq!(
            blocks[1]["text"]["text"],
            "*#jumper* breakout on 2026-04-12: videos +12.0% since 2026-04-11, 1,234,567 videos, momentum 42.1"
        );
        let rows = m["tracker"]["alerts"].as_array().unwrap();
        assert_eq!(m["tracker"]["date"], "2026-04-12");
        assert_eq!(rows[0]["signal"], "breakout");
        assert_eq!(rows[0]["date"], "2026-04-12");
        assert_eq!(rows[0]["video_count"], 1234567);
        assert_eq!(
            rows[1]["hashtag"], "a<b>&c",
            "the machine field is not escaped"
        );
        assert!(m["tracker"].get("test").is_none());
    }

    #[test]
    fn a_sound_alert_names_the_sound_its_hashtags_and_spread() {
        let a = Alert {
            date: NaiveDate::from_ymd_opt(2026, 4, 12).unwrap(),
            signal: AlertSignal::Sound,
            hashtag: "sound:7300000000000000001".into(),
            row: json!({"id": "7300000000000000001", "title": "Espresso", "author": "S<C>",
                        "videos": 12, "creators": 9, "share": 0.1, "share_growth": 1.5,
                        "hashtags": ["a", "b"]}),
        };
        let m = build(a.date, &[a], Purpose::Alerts);
        assert_eq!(
            m["text"],
            "tracker 2026-04-12: 1 alert: sound \"Espresso\" by S&lt;C&gt; rising"
        );
        assert_eq!(
            m["blocks"][1]["text"]["text"],
            "*sound \"Espresso\" by S&lt;C&gt;* rising on 2026-04-12 under #a #b: 12 videos by 9 creators, 10.0% of the sample (+150.0%)"
        );
        assert_eq!(m["tracker"]["alerts"][0]["signal"], "sound");
    }

    #[test]
    fn unknown_growth_shows_as_a_dash_not_zero() {
        let mut a = alert("x", AlertSignal::Breakout);
        a.row = json!({"hashtag": "x"});
        let m = build(a.date, &[a], Purpose::Test);
        assert_eq!(
            m["blocks"][1]["text"]["text"],
            "*#x* breakout on 2026-04-12: videos —"
        );
        assert_eq!(m["tracker"]["test"], true);
    }

    #[test]
    fn a_long_list_stays_within_slacks_block_limit() {
        let many: Vec<Alert> = (0..60)
            .map(|i| alert(&format!("t{i}"), AlertSignal::Trending))
            .collect();
        let m = build(many[0].date, &many, Purpose::Alerts);
        assert!(m["blocks"].as_array().unwrap().len() <= 50);
        assert_eq!(m["tracker"]["alerts"].as_array().unwrap().len(), 60);
        assert!(m["text"].as_str().unwrap().ends_with("and 50 more"));
    }
}
