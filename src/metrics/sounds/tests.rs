use super::*;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(u64::from(n))
}

fn sound(id: &str) -> Sound {
    Sound {
        id: id.into(),
        title: format!("title {id}"),
        author: "artist".into(),
        original: false,
        owner: None,
    }
}

fn row(d: u32, tag: &str, s: Sound, authors: &[&str]) -> SoundDay {
    SoundDay {
        date: day(d),
        hashtag: tag.into(),
        sound: s,
        videos: authors.len() as u64,
        authors: authors.iter().map(|a| a.to_string()).collect(),
    }
}

fn samples(days: u32, tags: &[&str], videos: u64) -> Vec<SampleDay> {
    (0..days)
        .flat_map(|d| {
            tags.iter().map(move |t| SampleDay {
                date: day(d),
                hashtag: t.to_string(),
                videos,
            })
        })
        .collect()
}

const WINDOW: Window = Window {
    date: match NaiveDate::from_ymd_opt(2026, 3, 14) {
        Some(d) => d,
        None => NaiveDate::MIN,
    },
    days: 14,
};

/// A steady sound (two creators a day everywhere), one spreading from day 7 under two
/// hashtags, one creator's pushed sound, and an original sound used only by its uploader.
fn world() -> Vec<SoundDay> {
    let mut rows = Vec::new();
    for d in 0..14 {
        for tag in ["a", "b"] {
            rows.push(row(d, tag, sound("steady"), &["s1", "s2"]));
        }
        if d >= 7 {
            let n = (d - 6) as usize;
            let people: Vec<String> = (0..n).map(|i| format!("p{d}{i}")).collect();
            let people: Vec<&str> = people.iter().map(String::as_str).collect();
            rows.push(row(d, "a", sound("spread"), &people));
            rows.push(row(d, "b", sound("spread"), &people));
        }
        if d >= 9 {
            let mut r = row(d, "a", sound("pushed"), &["brand"]);
            r.videos = u64::from(d);
            rows.push(r);
        }
        let mut own = sound(&format!("own{d}"));
        own.original = true;
        own.owner = Some("solo".into());
        rows.push(row(d, "a", own, &["solo"]));
    }
    rows
}

#[test]
fn the_spreading_sound_ranks_first_and_names_its_hashtags() {
    let r = rank(&world(), &samples(14, &["a", "b"], 30), WINDOW);
    assert_eq!(r.judgement, Judgement::Enough);
    let top = &r.sounds[0];
    assert_eq!(top.sound.id, "spread");
    assert_eq!(top.hashtags, ["a", "b"]);
    assert!(top.is_rising(), "{top:?}");
    assert!(top.share > top.share_before);
    assert!(top.share_growth.unwrap() > 0.0);
    assert_eq!(r.sampled_now, 180);
    assert_eq!(r.sampled_before, 660);
}

#[test]
fn a_steady_sound_scores_about_zero() {
    let r = rank(&world(), &samples(14, &["a", "b"], 30), WINDOW);
    let steady = r.sounds.iter().find(|s| s.sound.id == "steady").unwrap();
    assert!(steady.score.abs() < 0.01, "{steady:?}");
    assert!(!steady.is_rising());
    assert_eq!(steady.creators, 2);
    assert_eq!(steady.videos, 56);
}

#[test]
fn single_creator_and_own_original_sounds_are_left_out() {
    let r = rank(&world(), &samples(14, &["a", "b"], 30), WINDOW);
    let ids: Vec<&str> = r.sounds.iter().map(|s| s.sound.id.as_str()).collect();
    assert_eq!(ids, ["spread", "steady"]);
    // An original sound others pick up is a sound like any other.
    let mut rows = world();
    let mut picked = sound("picked");
    picked.original = true;
    picked.owner = Some("solo".into());
    rows.push(row(13, "a", picked, &["solo", "fan1", "fan2"]));
    let r = rank(&rows, &samples(14, &["a", "b"], 30), WINDOW);
    let picked = r.sounds.iter().find(|s| s.sound.id == "picked").unwrap();
    assert_eq!(
        picked.creators, 2,
        "the uploader is not one of its creators"
    );
    assert_eq!(picked.share_growth, None, "not heard before");
}

#[test]
fn too_little_history_ranks_nothing() {
    let rows = world();
    let r = rank(&rows, &samples(14, &["a"], 30)[11..], WINDOW);
    assert_eq!(r.judgement, Judgement::TooFewDays { have: 0 });
    assert!(r.sounds.is_empty());
    let r = rank(&rows, &samples(14, &["a"], 5), WINDOW);
    assert_eq!(
        r.judgement,
        Judgement::TooFewVideos {
            now: 15,
            before: 55
        }
    );
    assert!(r.sounds.is_empty());
}

#[test]
fn rows_outside_the_window_are_ignored() {
    let mut rows = world();
    rows.push(row(20, "a", sound("later"), &["x", "y"]));
    let r = rank(&rows, &samples(14, &["a", "b"], 30), WINDOW);
    assert!(r.sounds.iter().all(|s| s.sound.id != "later"));
}

#[test]
fn the_newest_sample_names_the_sound() {
    let mut rows = world();
    let mut renamed = sound("spread");
    renamed.title = "Renamed".into();
    rows.push(row(13, "c", renamed, &["q1"]));
    let r = rank(&rows, &samples(14, &["a", "b"], 30), WINDOW);
    assert_eq!(r.sounds[0].sound.title, "Renamed");
}

#[test]
fn the_top_of_a_day_is_the_sound_most_creators_use() {
    let rows = world();
    let day13: Vec<&SoundDay> = rows
        .iter()
        .filter(|r| r.date == day(13) && r.hashtag == "a")
        .collect();
    assert_eq!(top_of_day(day13).unwrap().sound.id, "spread");
    let day0 = rows.iter().filter(|r| r.date == day(0) && r.hashtag == "a");
    assert_eq!(top_of_day(day0).unwrap().sound.id, "steady");
    let only_pushed = [row(9, "a", sound("pushed"), &["brand"])];
    assert!(top_of_day(&only_pushed).is_none());
}
