//! `tracker export`: the full snapshot history in one flat, documented schema
//! (see the README), streamed row by row.

use crate::cli::{ExportArgs, ExportFormat};
use crate::exit;
use crate::model::Snapshot;
use crate::model::hashtag;
use crate::render::csv_cell;
use crate::render::format::plural;
use crate::settings::{Output, Settings};
use crate::store::Store;
use anyhow::Result;
use serde::Serialize;
use std::borrow::Cow;
use std::io::{BufWriter, Write};

/// One exported row. Field names are the export's contract.
#[derive(Debug, Serialize)]
pub struct ExportRow<'a> {
    pub date: String,
    pub hashtag: Cow<'a, str>,
    /// Empty (CSV) / `null` (JSON) when TikTok did not report it.
    pub video_count: Option<u64>,
    pub view_count: u64,
    pub sample_size: u64,
    pub plays: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
    pub engagement_rate: f64,
    pub virality: f64,
    /// `name:videos` pairs joined by `;` (CSV) — JSON gets the same string for one flat schema.
    pub top_creators: String,
    pub credits_remaining: Option<u64>,
    pub fetched_at: Cow<'a, str>,
}

impl<'a> ExportRow<'a> {
    /// The row with its text made safe for a terminal, as every CSV cell is (see
    /// [`crate::render::csv`]); JSON escapes control characters itself.
    fn for_csv(self) -> ExportRow<'a> {
        let clean = |c: Cow<'a, str>| match c {
            Cow::Borrowed(b) => csv_cell(b),
            Cow::Owned(o) => Cow::Owned(csv_cell(&o).into_owned()),
        };
        ExportRow {
            hashtag: clean(self.hashtag),
            fetched_at: clean(self.fetched_at),
            top_creators: csv_cell(&self.top_creators).into_owned(),
            ..self
        }
    }

    fn from(s: &'a Snapshot) -> ExportRow<'a> {
        let m = &s.metrics;
        ExportRow {
            date: s.date.to_string(),
            hashtag: Cow::Borrowed(&s.hashtag),
            video_count: s.video_count,
            view_count: s.view_count,
            sample_size: m.sample_size,
            plays: m.plays,
            likes: m.likes,
            comments: m.comments,
            shares: m.shares,
            engagement_rate: m.engagement_rate,
            virality: m.virality,
            top_creators: m
                .top_creators
                .iter()
                .map(|c| format!("{}:{}", c.username, c.videos))
                .collect::<Vec<_>>()
                .join(";"),
            credits_remaining: s.credits_remaining,
            fetched_at: Cow::Borrowed(&s.fetched_at),
        }
    }
}

pub fn run(settings: &Settings, args: ExportArgs) -> Result<u8> {
    let tags = args
        .tags
        .iter()
        .map(|t| hashtag::normalize(t))
        .collect::<Result<Vec<_>, _>>()?;
    let store = settings.open_db()?;
    match Output::from_arg(args.output.clone()) {
        Output::File(p) => {
            // Whole or not at all, and never over the database being read.
            settings.check_output(&p)?;
            let mut n = 0;
            crate::files::write_atomic(&p, |w| {
                n = write_rows(&store, &args, &tags, w)?;
                Ok(())
            })?;
            settings.note(format!(
                "exported {} to '{}'",
                plural(n, "row"),
                p.display()
            ));
            explain_empty(settings, &store, &args, &tags, n)?;
        }
        Output::Stdout => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            let n = write_rows(&store, &args, &tags, &mut out)?;
            out.flush()?;
            explain_empty(settings, &store, &args, &tags, n)?;
        }
    }
    Ok(exit::SUCCESS)
}

/// Says why an export is empty, or which asked-for hashtag was never stored.
fn explain_empty(
    settings: &Settings,
    store: &Store,
    args: &ExportArgs,
    tags: &[String],
    n: u64,
) -> Result<()> {
    let stored = store.all_hashtags()?;
    let unknown: Vec<String> = tags
        .iter()
        .filter(|t| !stored.contains(t))
        .map(|t| format!("#{t}"))
        .collect();
    if !unknown.is_empty() {
        settings.note(format!("no snapshots of {} stored", unknown.join(", ")));
    } else if n == 0 {
        let range = match (args.since, args.until) {
            (Some(a), Some(b)) => format!(" from {a} to {b}"),
            (Some(a), None) => format!(" from {a} on"),
            (None, Some(b)) => format!(" up to {b}"),
            (None, None) => String::new(),
        };
        let latest = match store.latest_date()? {
            Some(d) => format!(" (the latest stored is {d})"),
            None => " (the database holds none yet)".to_string(),
        };
        settings.note(format!("no snapshots{range}{latest}"));
    }
    Ok(())
}

/// Streams the rows to `out`; how many there were.
fn write_rows(
    store: &Store,
    args: &ExportArgs,
    tags: &[String],
    mut out: &mut dyn Write,
) -> Result<u64> {
    let mut n = 0u64;
    match args.format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            store.all_snapshots(args.since, args.until, tags, |s| {
                n += 1;
                Ok(w.serialize(ExportRow::from(&s).for_csv())?)
            })?;
            w.flush()?;
            if n == 0 {
                // Headers even for an empty export, so readers see the schema.
                drop(w);
                out.write_all(HEADER.as_bytes())?;
            }
        }
        ExportFormat::Json => {
            out.write_all(b"[")?;
            store.all_snapshots(args.since, args.until, tags, |s| {
                out.write_all(if n == 0 { b"\n  " } else { b",\n  " })?;
                n += 1;
                let row = serde_json::to_string(&ExportRow::from(&s))?;
                out.write_all(crate::text::json_for_terminal(&row).as_bytes())?;
                Ok(())
            })?;
            out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        ExportFormat::Ndjson => {
            store.all_snapshots(args.since, args.until, tags, |s| {
                n += 1;
                let row = serde_json::to_string(&ExportRow::from(&s))?;
                out.write_all(crate::text::json_for_terminal(&row).as_bytes())?;
                out.write_all(b"\n")?;
                Ok(())
            })?;
        }
    }
    out.flush()?;
    Ok(n)
}

const HEADER: &str = "date,hashtag,video_count,view_count,sample_size,plays,likes,comments,shares,engagement_rate,virality,top_creators,credits_remaining,fetched_at\n";
