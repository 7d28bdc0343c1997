//! The co-hashtags of a stored day, counted from its stored videos answers: `fetch` counts
//! each day it stores, and a database from before the table existed is filled once by the
//! next command that writes to it.

use crate::api::payload::cohashtags;
use crate::model::{Endpoint, UNKNOWN_AUTHOR, hashtag};
use crate::store::{CohashtagCount, Store};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// From this many stored answers the fill takes long enough to say why the command waits.
const BACKFILL_NOTE_FROM: usize = 1000;
/// Days counted per transaction while filling: an interrupted fill keeps what it did, and
/// the next one starts over (every step replaces what it writes).
const BACKFILL_CHUNK: usize = 200;

/// Recounts the co-hashtags of `tag` on `date` from every readable videos answer stored for
/// it (a repeated video counts once), replacing what was there. Nothing readable stored
/// means no rows, not zeros.
pub fn refresh(store: &Store, date: NaiveDate, tag: &str) -> Result<()> {
    let bodies = store.readable_answers(date, tag, Endpoint::Videos)?;
    let mut seen = HashSet::new();
    let mut videos = Vec::new();
    let mut parsed_any = false;
    for body in &bodies {
        match cohashtags(body) {
            Ok(found) => {
                parsed_any = true;
                videos.extend(
                    found
                        .into_iter()
                        .filter(|v| v.id.is_empty() || seen.insert(v.id.clone())),
                );
            }
            Err(e) => tracing::warn!("#{tag} on {date}: co-hashtags not counted: {e}"),
        }
    }
    let own = hashtag::fold(tag);
    let mut tally: BTreeMap<String, CohashtagCount> = BTreeMap::new();
    for v in &videos {
        for t in v.tags.iter().filter(|t| **t != own) {
            let entry = tally.entry(t.clone()).or_insert_with(|| CohashtagCount {
                cohashtag: t.clone(),
                videos: 0,
                authors: Default::default(),
            });
            entry.videos += 1;
            // An unnamed author may be anyone: it adds a video, never a creator.
            if v.author != UNKNOWN_AUTHOR {
                entry.authors.insert(v.author.clone());
            }
        }
    }
    let counts: Vec<CohashtagCount> = tally.into_values().collect();
    let counted = parsed_any.then_some((videos.len(), counts.as_slice()));
    store
        .save_cohashtags(date, tag, counted)
        .with_context(|| format!("could not count the co-hashtags of #{tag} on {date}"))
}

/// Fills the co-hashtags from every readable stored videos answer, once, when the migration
/// that created the table asked for it. A failure is reported and left for the next writer.
pub fn backfill_if_pending(store: &mut Store) {
    if let Err(e) = backfill(store) {
        tracing::warn!("co-hashtag history not filled yet (will retry next time): {e:#}");
    }
}

fn backfill(store: &mut Store) -> Result<()> {
    if !store.cohashtags_backfill_pending()? {
        return Ok(());
    }
    let days = store.days_with_videos_answers()?;
    if days.len() >= BACKFILL_NOTE_FROM {
        tracing::warn!(
            "counting the co-hashtags of {} stored answers (once, for `tracker discover`)",
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
    store.finish_cohashtags_backfill()
}

#[cfg(test)]
mod tests;
