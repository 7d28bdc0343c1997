//! The simulated API: its payloads parse to its model, and it is as strict as the contract.

mod shapes {
    use super::super::model::*;
    use super::super::*;
    use crate::api::payload::{parse_stats, parse_videos};

    #[test]
    fn every_shape_parses_to_the_model_counts() {
        for tag in [
            "aitools", "llm", "chatgpt", "claude", "openai", "cursor", "nocode", "devtools",
        ] {
            let m = Model::new(tag, None);
            let body = m.stats_payload(3, 10).to_string();
            let s = parse_stats(body.as_bytes()).unwrap();
            assert_eq!(s.video_count, Some(m.video_count(3)), "{tag}");
            assert_eq!(s.view_count, m.view_count(3), "{tag}");
            let v = parse_videos(m.videos_payload(3, 10).to_string().as_bytes()).unwrap();
            assert!(v.videos.len() >= 10);
            assert!(v.videos.iter().all(|v| v.plays >= 1000));
        }
    }

    #[test]
    fn breakout_jumps_on_its_day() {
        let m = Model::new("x", Some(5));
        let g = |d: u32| m.video_count(d) as f64 / m.video_count(d - 1) as f64 - 1.0;
        assert!((g(4) - BREAKOUT_BEFORE).abs() < 0.001);
        assert!((g(5) - BREAKOUT_AFTER).abs() < 0.001);
    }

    /// The added latency is a floor: an answer never leaves before its deadline, whether
    /// the deadline is further than the fine part (2 ms) or closer.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn wait_until_never_returns_early() {
        for ms in [0, 1, 3, 7] {
            let deadline = Instant::now() + Duration::from_millis(ms);
            wait_until(deadline).await;
            assert!(Instant::now() >= deadline, "{ms} ms");
        }
    }

    #[test]
    fn rounding_keeps_three_figures() {
        assert_eq!(round_sig(1_234_567), 1_230_000);
        assert_eq!(round_sig(999), 999);
    }
}

mod contract {
    use super::super::model::*;
    use super::super::*;

    fn client() -> reqwest::Client {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder()
            .tls_certs_only(std::iter::empty())
            .build()
            .unwrap()
    }

    async fn post(base: &str, path: &str, body: Value) -> (u16, Value) {
        let r = client()
            .post(format!("{base}{path}"))
            .bearer_auth("k")
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// As strict as the real API: the SDKs' bodies pass, anything else is a 400 with the
    /// error body; a balance at zero is a 402 with where to top up.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bodies_outside_the_contract_are_refused() {
        let sim = SimServer::start(SimOptions {
            credits: 2,
            ..SimOptions::default()
        })
        .await
        .unwrap();
        let base = sim.base_url();
        let stats = "/api/v1/tiktok/hashtag";
        let videos = "/api/v1/tiktok/hashtag/videos";
        let id = sim_id("fyp");
        for (path, body) in [
            (stats, json!({"hashtag": "fyp"})),
            (videos, json!({"cursor": "0", "count": 30})),
            (videos, json!({"hashtag_id": id, "cursor": 0})),
            (videos, json!({"hashtag_id": id, "count": 31})),
            (videos, json!({"hashtag_id": id, "count": "30"})),
        ] {
            let (status, answer) = post(&base, path, body.clone()).await;
            assert_eq!(status, 400, "{body}");
            assert_eq!(answer["error"]["code"], "bad_request", "{body}");
        }
        let (status, answer) = post(&base, stats, json!({"hashtag_name": "fyp"})).await;
        assert_eq!(status, 200);
        assert_eq!(answer["data"]["challengeInfo"]["challenge"]["id"], id);
        let (status, _) = post(
            &base,
            videos,
            json!({"hashtag_id": id, "cursor": "0", "count": 30}),
        )
        .await;
        assert_eq!(status, 200);
        let (status, answer) = post(&base, stats, json!({"hashtag_id": id})).await;
        assert_eq!(status, 402);
        assert_eq!(answer["error"]["billing_url"], BILLING_URL);
        assert_eq!(sim.paid(), 2);
        let usage: Value = client()
            .get(format!("{base}/api/v1/usage"))
            .bearer_auth("k")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (usage["plan"].clone(), usage["credit_balance"].clone()),
            (json!("growth"), json!(0))
        );
    }

    #[test]
    fn pages_follow_the_cursor_to_the_end() {
        let m = Model::new("fyp", None);
        let total = m.videos_on(0);
        let mut cursor = 0;
        let mut seen = 0;
        loop {
            let page = m.videos_page(0, cursor, 30, 1);
            let d = &page["data"];
            let list = d["itemList"]
                .as_array()
                .or(d["aweme_list"].as_array())
                .unwrap();
            seen += list.len();
            let more = d["hasMore"]
                .as_bool()
                .or(d["has_more"].as_u64().map(|n| n == 1))
                .unwrap();
            if !more {
                break;
            }
            cursor = d["cursor"].as_str().map_or_else(
                || d["cursor"].as_u64().unwrap() as usize,
                |s| s.parse().unwrap(),
            );
        }
        assert_eq!(seen, total);
    }
}
