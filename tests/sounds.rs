//! Issue #26: the sounds rising under the tracked hashtags, from the videos already bought.
//! Fourteen days are fetched by the real binary from a strict mock on loopback: one sound
//! spreads across creators under three hashtags from day 7, beside a steady sound, the
//! creators' own original sounds and a sound one account pushes. `tracker sounds` must rank
//! the spreading one first and send nothing.

mod common;

use chrono::{Days, NaiveDate};
use common::{Env, STATS, VIDEOS, for_tag, paid_requests, serve_usage, stats_answer};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TRACKED: [&str; 4] = ["skincare", "makeup", "haircare", "fitness"];
const DAYS: u32 = 14;
const SPREAD_FROM: u32 = 7;
/// Beyond 2^63: an id read through an i64 or an f64 would come back wrong.
const SPREADING: u64 = 9_300_000_000_000_000_001;
const STEADY: u64 = 7_200_000_000_000_000_002;
const PUSHED: u64 = 7_200_000_000_000_000_003;
/// The creators' own original sounds: this plus the creator's number.
const ORIGINALS: u64 = 7_400_000_000_000_000_000;
const VIDEOS_PER_SAMPLE: u32 = 30;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(u64::from(n))
}

/// One sampled video: id, author, and its sound (id, title, artist, original).
type Item = (String, String, Option<(u64, &'static str, String, bool)>);

fn sample(rng: &mut fastrand::Rng, d: u32, tracked: usize) -> Vec<Item> {
    let tag = TRACKED[tracked];
    let mut out = Vec::new();
    for i in 0..VIDEOS_PER_SAMPLE {
        let n = rng.u32(0..40);
        let author = format!("{tag}_creator{n}");
        let spreads = tracked < 3 && d >= SPREAD_FROM;
        let roll = rng.f64();
        let sound = if spreads && roll < 0.08 * f64::from(d - SPREAD_FROM + 1) {
            Some((SPREADING, "Slow Glow", "Nova Lane".to_string(), false))
        } else if rng.f64() < 0.25 {
            Some((STEADY, "Everyday Beat", "Steady Band".to_string(), false))
        } else if rng.f64() < 0.6 {
            let own = ORIGINALS + u64::from(n) + 100 * tracked as u64;
            Some((own, "original sound", author.clone(), true))
        } else {
            None
        };
        out.push((format!("{tag}-{d}-{i}"), author, sound));
    }
    if tracked == 0 && d >= 9 {
        for i in 0..(d - 7) * 2 {
            let jingle = (PUSHED, "Brand Jingle", "Brand".to_string(), false);
            out.push((
                format!("push-{d}-{i}"),
                "brand_official".into(),
                Some(jingle),
            ));
        }
    }
    out
}

/// The app shape (`aweme_list`, `music.id` a number beside `id_str`) for half the hashtags,
/// the web shape (`itemList`, `music.id` a string, `authorName`) for the others.
fn body(tracked: usize, videos: &[Item]) -> Value {
    let app = tracked.is_multiple_of(2);
    let items: Vec<Value> = videos
        .iter()
        .enumerate()
        .map(|(i, (id, author, sound))| {
            let mut item = if app {
                json!({"aweme_id": id, "desc": "look", "author": {"unique_id": author},
                       "statistics": {"play_count": 1000 + i, "digg_count": 50, "comment_count": 3, "share_count": 1}})
            } else {
                json!({"id": id, "desc": "look", "author": {"uniqueId": author},
                       "stats": {"playCount": 1000 + i, "diggCount": 50, "commentCount": 3, "shareCount": 1}})
            };
            if let Some((sid, title, artist, original)) = sound {
                item["music"] = if app {
                    let owner = if *original { author.as_str() } else { "" };
                    json!({"id": sid, "id_str": sid.to_string(), "title": title, "author": artist,
                           "owner_handle": owner, "is_original_sound": original})
                } else {
                    json!({"id": sid.to_string(), "title": title, "authorName": artist, "original": original})
                };
            }
            item
        })
        .collect();
    if app {
        json!({"data": {"aweme_list": items, "cursor": 30, "has_more": 0}, "credits_used": 1})
    } else {
        json!({"data": {"itemList": items, "cursor": "30", "hasMore": false}, "credits_used": 1})
    }
}

/// Serves day `d`: totals for every hashtag and its sample of videos.
async fn serve(server: &MockServer, rng: &mut fastrand::Rng, d: u32) {
    common::reset(server).await;
    serve_usage(server, "project", 1_000_000).await;
    Mock::given(method("POST"))
        .and(path(STATS))
        .respond_with(stats_answer(json!({"data": {"stats": {
            "video_count": 1000 + d, "view_count": 100_000 + d}}})))
        .mount(server)
        .await;
    for (t, tag) in TRACKED.iter().enumerate() {
        Mock::given(method("POST"))
            .and(path(VIDEOS))
            .and(for_tag(VIDEOS, tag))
            .respond_with(ResponseTemplate::new(200).set_body_json(body(t, &sample(rng, d, t))))
            .mount(server)
            .await;
    }
}

/// Fourteen days fetched by the real binary; the mock's request count after them.
async fn fetched(extra: &str) -> (MockServer, Env, usize) {
    let server = common::server().await;
    let env = Env::new(&server.uri(), &TRACKED, "", extra);
    let mut rng = fastrand::Rng::with_seed(26);
    let mut paid = 0;
    for d in 0..DAYS {
        serve(&server, &mut rng, d).await;
        let out = env
            .cmd()
            .args(["fetch", "--date", &day(d).to_string()])
            .output()
            .expect("run fetch");
        assert!(out.status.success(), "day {d}: {}", stderr(&out));
        paid += paid_requests(&server).await.len();
    }
    assert_eq!(paid, DAYS as usize * TRACKED.len() * 2, "stats + one page");
    let seen = received(&server).await;
    (server, env, seen)
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `tracker sounds --format json`, run without an API key.
fn sounds(env: &Env, extra: &[&str]) -> Value {
    let out = env
        .cmd()
        .env_remove("SCAVIO_API_KEY")
        .args(["sounds", "--format", "json"])
        .args(extra)
        .output()
        .expect("run sounds");
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn ids(view: &Value) -> Vec<String> {
    view["sounds"]
        .as_array()
        .expect("sounds")
        .iter()
        .map(|s| s["id"].as_str().expect("id as a string").to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_spreading_sound_ranks_first_under_its_three_hashtags_without_a_request() {
    let (server, env, seen) = fetched("").await;
    let view = sounds(&env, &[]);
    assert_eq!(view["date"], "2026-03-14");
    let top = &view["sounds"][0];
    assert_eq!(top["id"], SPREADING.to_string(), "{view:#}");
    assert_eq!(top["title"], "Slow Glow");
    assert_eq!(top["author"], "Nova Lane");
    assert_eq!(top["hashtags"], json!(["haircare", "makeup", "skincare"]));
    assert_eq!(top["first_seen"], day(SPREAD_FROM).to_string());
    assert!(top["creators"].as_u64().unwrap() >= 10, "{top}");
    assert!(top["share_growth"].as_f64().unwrap() > 0.5, "{top}");
    for key in ["videos", "creators", "share", "share_growth"] {
        assert!(top[key].is_number(), "{key}: {top}");
    }
    assert_eq!(received(&server).await, seen, "sounds sent a request");
}

#[tokio::test(flavor = "multi_thread")]
async fn single_creator_sounds_stay_out_and_the_steady_one_ranks_below() {
    let (_server, env, _) = fetched("").await;
    let view = sounds(&env, &[]);
    let ids = ids(&view);
    assert!(!ids.contains(&PUSHED.to_string()), "{ids:?}");
    assert!(
        !ids.iter().any(|id| id
            .parse::<u64>()
            .is_ok_and(|n| (ORIGINALS..ORIGINALS + 1000).contains(&n))),
        "an original sound used by its creator alone is listed: {ids:?}"
    );
    assert_eq!(ids.iter().position(|i| *i == STEADY.to_string()), Some(1));
    let steady = &view["sounds"][1];
    assert_eq!(steady["hashtags"].as_array().unwrap().len(), 4);
    assert!(
        view["sounds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["creators"].as_u64() >= Some(2))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn one_hashtag_ranks_only_its_own_samples() {
    let (_server, env, _) = fetched("").await;
    let fitness = sounds(&env, &["--hashtag", "#Fitness"]);
    assert_eq!(fitness["hashtag"], "fitness");
    assert!(!ids(&fitness).contains(&SPREADING.to_string()));
    let skincare = sounds(&env, &["--hashtag", "skincare"]);
    assert_eq!(skincare["sounds"][0]["hashtags"], json!(["skincare"]));
    assert_eq!(skincare["sounds"][0]["id"], SPREADING.to_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_before_the_sounds_shows_the_same_after_its_refresh() {
    let (server, env, seen) = fetched("").await;
    let now = sounds(&env, &[]);
    // As a tracker before this change left it: its schema, no sounds tables, no flag.
    let before = tracker::store::migrations::MIGRATIONS.len() - 1;
    env.conn()
        .execute_batch(&format!(
            "DROP TABLE sounds; DROP TABLE sound_samples;
             DELETE FROM meta WHERE key = 'sounds_backfill'; PRAGMA user_version = {before};"
        ))
        .unwrap();
    // Read as it is, the report works and names no sound.
    let report = env.json(&["report", "--format", "json"]);
    assert!(report["hashtags"][0]["top_sound"].is_null(), "{report}");
    assert_eq!(sounds(&env, &[]), now);
    assert_eq!(
        env.count("SELECT count(*) FROM meta WHERE key = 'sounds_backfill'"),
        0
    );
    assert_eq!(
        env.count("SELECT count(*) FROM sound_samples"),
        i64::from(DAYS) * TRACKED.len() as i64
    );
    assert_eq!(received(&server).await, seen, "the refresh sent a request");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_report_names_each_hashtags_top_sound_and_the_page_the_rising_ones() {
    let (_server, env, _) = fetched("").await;
    let report = env.json(&["report", "--format", "json"]);
    let top = |tag: &str| {
        report["hashtags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["hashtag"] == tag)
            .map(|r| r["top_sound"].clone())
            .unwrap()
    };
    assert_eq!(top("skincare")["title"], "Slow Glow");
    assert_eq!(top("fitness")["id"], STEADY.to_string());
    let out = env
        .cmd()
        .args(["report", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let section = html
        .split("<h2>Rising sounds</h2>")
        .nth(1)
        .unwrap_or_else(|| panic!("no section"));
    let first_row = section.split("<tr>").nth(2).unwrap_or_default();
    assert!(first_row.starts_with("<td>Slow Glow</td>"), "{section}");
    assert!(!section.contains("Brand Jingle"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sound_that_starts_rising_is_alerted_once() {
    let hook = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&hook)
        .await;
    let alerts = format!(
        "[alerts]\nwebhook_url = \"{}/hook\"\non = [\"sound\"]\n",
        hook.uri()
    );
    let (_server, env, _) = fetched(&alerts).await;
    let sent: Vec<Value> = hook
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let spreading: Vec<&Value> = sent
        .iter()
        .flat_map(|m| m["tracker"]["alerts"].as_array().unwrap())
        .filter(|a| a["id"].as_str() == Some(SPREADING.to_string().as_str()))
        .collect();
    assert_eq!(spreading.len(), 1, "{sent:#?}");
    assert_eq!(spreading[0]["signal"], "sound");
    assert!(
        sent.iter().all(|m| !m.to_string().contains("Brand Jingle")),
        "a pushed sound alerted"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM alerts WHERE signal = 'sound' AND delivered = 1"),
        sent.iter()
            .map(|m| m["tracker"]["alerts"].as_array().unwrap().len() as i64)
            .sum::<i64>()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_table_names_the_sound_and_where_the_figures_are_explained() {
    let (_server, env, _) = fetched("").await;
    let out = env.cmd().args(["sounds"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Slow Glow") && text.contains("#haircare"),
        "{text}"
    );
    assert!(text.contains("tracker sounds --help"), "{text}");
    let csv = env
        .cmd()
        .args(["sounds", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.contains(&SPREADING.to_string()), "{csv}");
}
