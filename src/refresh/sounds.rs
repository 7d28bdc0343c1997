//! The sounds of a stored day, counted from its stored videos answers: `fetch` counts each
//! day it stores, and a database from before the tables existed is filled once by the next
//! command that writes to it (`fetch`, `sounds`), with no request.

use crate::api::payload::sounds;
use crate::model::{Endpoint, UNKNOWN_AUTHOR, VideoSound};
use crate::store::{CountedSounds, SoundCount, Store};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// From this many stored days the fill takes long enough to say why the command waits.
const BACKFILL_NOTE_FROM: usize = 1000;
/// Days counted per transaction while filling: an interrupted fill keeps what it did, and
/// the next one starts over (every step replaces what it writes).
const BACKFILL_CHUNK: usize = 200;

/// Recounts the sounds of `tag` on `date` from every readable videos answer stored for it
/// (a repeated video counts once), replacing what was there. Nothing readable stored means
/// no rows, not zeros.
pub fn refresh(store: &Store, date: NaiveDate, tag: &str) -> Result<()> {
    let bodies = store.readable_answers(date, tag, Endpoint::Videos)?;
    let mut seen = HashSet::new();
    let mut videos = Vec::new();
    let mut parsed_any = false;
    for body in &bodies {
        match sounds(body) {
            Ok(found) => {
                parsed_any = true;
                videos.extend(
                    found
                        .into_iter()
                        .filter(|v| v.id.is_empty() || seen.insert(v.id.clone())),
                );
            }
            Err(e) => tracing::warn!("#{tag} on {date}: sounds not counted: {e}"),
        }
    }
    let counts = tally(&videos);
    let counted = parsed_any.then(|| CountedSounds {
        sample: videos.len(),
        with_sound: videos.iter().filter(|v| v.sound.is_some()).count(),
        counts: &counts,
    });
    store
        .save_sounds(date, tag, counted)
        .with_context(|| format!("could not count the sounds of #{tag} on {date}"))
}

/// One count per sound: its videos and their known authors. The first video naming it
/// gives its title and artist (one filled in later fills a blank).
fn tally(videos: &[VideoSound]) -> Vec<SoundCount> {
    let mut tally: BTreeMap<&str, SoundCount> = BTreeMap::new();
    for v in videos {
        let Some(sound) = &v.sound else {
            continue;
        };
        let entry = tally.entry(&sound.id).or_insert_with(|| SoundCount {
            sound: sound.clone(),
            videos: 0,
            authors: Default::default(),
        });
        entry.videos += 1;
        if entry.sound.title.is_empty() {
            entry.sound.title.clone_from(&sound.title);
        }
        if entry.sound.author.is_empty() {
            entry.sound.author.clone_from(&sound.author);
        }
        // An unnamed author may be anyone: it adds a video, never a creator.
        if v.author != UNKNOWN_AUTHOR {
            entry.authors.insert(v.author.clone());
        }
    }
    tally.into_values().collect()
}

/// Fills the sounds from every readable stored videos answer, once, when the migration
/// that created the tables asked for it. A failure is reported and left for the next writer.
pub fn backfill_if_pending(store: &mut Store) {
    if let Err(e) = backfill(store) {
        tracing::warn!("sound history not filled yet (will retry next time): {e:#}");
    }
}

fn backfill(store: &mut Store) -> Result<()> {
    if !store.sounds_backfill_pending()? {
        return Ok(());
    }
    let days = store.days_with_videos_answers()?;
    if days.len() >= BACKFILL_NOTE_FROM {
        tracing::warn!(
            "counting the sounds of {} stored answers (once, for `tracker sounds`)",
            days.len()
        );
    }
    for chunk in days.chunks(BACKFILL_CHUNK) {
        store.begin_batch()?;
        for (date, tag) in chunk {
            refresh(store, *date, tag)?;
        }
        store.commit_batch()?;
    }
    store.finish_sounds_backfill()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sound;

    fn video(id: &str, author: &str, sound: Option<(&str, &str)>) -> VideoSound {
        VideoSound {
            id: id.into(),
            author: author.into(),
            sound: sound.map(|(id, title)| Sound {
                id: id.into(),
                title: title.into(),
                ..Sound::default()
            }),
        }
    }

    #[test]
    fn each_sound_counts_its_videos_and_named_creators() {
        let counts = tally(&[
            video("1", "ana", Some(("s", ""))),
            video("2", "ana", Some(("s", "Song"))),
            video("3", UNKNOWN_AUTHOR, Some(("s", "Other"))),
            video("4", "bo", None),
            video("5", "bo", Some(("t", "T"))),
        ]);
        assert_eq!(counts.len(), 2);
        assert_eq!(counts[0].sound.title, "Song", "a blank title is filled in");
        assert_eq!(counts[0].videos, 3);
        assert_eq!(
            counts[0].authors.len(),
            1,
            "an unnamed author is no creator"
        );
        assert_eq!(counts[1].videos, 1);
    }

    #[test]
    fn a_day_is_counted_from_its_stored_pages_and_filled_once() {
        let mut store = Store::open_in_memory().unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        let run = store.begin_run(date).unwrap();
        for (page, body) in [
            r#"{"data": {"aweme_list": [{"aweme_id": "1", "author": {"unique_id": "ana"},
               "statistics": {"play_count": 10, "digg_count": 1}, "music": {"id_str": "77"}}]}}"#,
            r#"{"data": {"aweme_list": [{"aweme_id": "1", "author": {"unique_id": "ana"},
               "statistics": {"play_count": 10, "digg_count": 1}, "music": {"id_str": "77"}},
              {"aweme_id": "2", "author": {"unique_id": "bo"},
               "statistics": {"play_count": 10, "digg_count": 1}}]}}"#,
        ]
        .iter()
        .enumerate()
        {
            store
                .save_response(&crate::store::ResponseRow {
                    date,
                    hashtag: "x",
                    endpoint: Endpoint::Videos,
                    page: page as u32,
                    run_id: run,
                    status: 200,
                    body: body.as_bytes(),
                    parse_error: None,
                })
                .unwrap();
        }
        backfill_if_pending(&mut store);
        assert!(!store.sounds_backfill_pending().unwrap());
        let rows = store.sound_days(date, date, None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].sound.id.as_str(), rows[0].videos), ("77", 1));
        let samples = store.sound_samples(date, date, None).unwrap();
        assert_eq!(samples[0].videos, 2, "a repeat across pages counts once");
    }
}
