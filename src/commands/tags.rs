//! `tracker tags add|remove|list`: edit the hashtag list in place, keeping the file's
//! comments and layout (toml_edit).

use crate::cli::TagsCommand;
use crate::config::Config;
use crate::exit;
use crate::model::hashtag;
use crate::settings::{Output, Settings};
use anyhow::{Context, Result, anyhow};
use toml_edit::{Array, DocumentMut, Item, Value};

/// An edit of the config text: the new text and what changed.
type EditFn = fn(&str, &[String]) -> Result<(String, String)>;

pub fn run(settings: &Settings, cmd: TagsCommand) -> Result<u8> {
    let path = settings.config_path()?;
    let edit = match cmd {
        TagsCommand::List => {
            let config = settings.config()?;
            let mut out = String::new();
            for t in &config.hashtags {
                out.push_str(t);
                out.push('\n');
            }
            settings.emit(out.as_bytes(), &Output::Stdout)?;
            return Ok(exit::SUCCESS);
        }
        TagsCommand::Add { tags } => (add as EditFn, tags),
        TagsCommand::Remove { tags } => (remove as EditFn, tags),
    };
    // One edit at a time: read, change and write under the lock, or two edits at once
    // would each write the list without the other's change.
    let _lock = EditLock::acquire(&path)?;
    let text = crate::config::read_text(&path)?;
    let (new_text, message) = (edit.0)(&text, &edit.1)?;
    // Never write a file that would not load.
    Config::parse(&new_text, &path)?;
    // Whole or not at all: a reader (a starting fetch) never sees half a list.
    crate::files::write_atomic(&path, |w| Ok(w.write_all(new_text.as_bytes())?))?;
    settings.note(format!("{message} in '{}'", path.display()));
    Ok(exit::SUCCESS)
}

/// The config's edit lock, held while this lives. The lock file is removed on release
/// (while still held), so an edit leaves nothing behind beside the config.
struct EditLock {
    file: std::fs::File,
    path: std::path::PathBuf,
}

impl EditLock {
    /// Waits for, then holds, the lock. A holder that finished removed the file this one
    /// waited on: then the lock is taken again on the file now at the path.
    fn acquire(config: &std::path::Path) -> Result<EditLock> {
        let path = crate::config::lock_path(config);
        loop {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .with_context(|| format!("could not open lock file '{}'", path.display()))?;
            file.lock()
                .with_context(|| format!("could not lock '{}'", path.display()))?;
            if still_at(&file, &path) {
                return Ok(EditLock { file, path });
            }
        }
    }
}

impl Drop for EditLock {
    fn drop(&mut self) {
        // Removed before the handle closes (which releases the lock): a waiter that then
        // gets the lock sees the file gone and locks a new one.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether `file` is still the file at `path` (not removed by the holder before).
#[cfg(unix)]
fn still_at(file: &std::fs::File, path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}
/// Elsewhere an open file cannot be removed, so it never changes under a waiter.
#[cfg(not(unix))]
fn still_at(_file: &std::fs::File, _path: &std::path::Path) -> bool {
    true
}

fn hashtags_array(doc: &mut DocumentMut) -> Result<&mut Array> {
    if !doc.contains_key("hashtags") {
        doc["hashtags"] = Item::Value(Value::Array(Array::new()));
    }
    doc["hashtags"]
        .as_array_mut()
        .ok_or_else(|| anyhow!("`hashtags` is not a list"))
}

fn existing(arr: &Array) -> Vec<Option<String>> {
    arr.iter()
        .map(|v| v.as_str().and_then(|s| hashtag::normalize(s).ok()))
        .collect()
}

/// Appends the tags not yet listed; returns the new text and what changed.
pub fn add(text: &str, tags: &[String]) -> Result<(String, String)> {
    let mut doc: DocumentMut = text.parse().context("the config is not valid TOML")?;
    let arr = hashtags_array(&mut doc)?;
    let mut have: std::collections::HashSet<String> = existing(arr).into_iter().flatten().collect();
    let mut added = Vec::new();
    let mut already = Vec::new();
    for t in tags {
        let t = hashtag::normalize(t)?;
        if have.contains(&t) {
            if !already.contains(&format!("#{t}")) {
                already.push(format!("#{t}"));
            }
        } else {
            // Match the layout of a one-per-line list.
            let multiline = arr.iter().next().is_some_and(|v| {
                v.decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .is_some_and(|p| p.contains('\n'))
            });
            let mut value = Value::from(t.clone());
            if multiline {
                value.decor_mut().set_prefix("\n    ");
            }
            arr.push_formatted(value);
            if multiline {
                arr.set_trailing("\n");
                arr.set_trailing_comma(true);
            }
            have.insert(t.clone());
            added.push(format!("#{t}"));
        }
    }
    let listed = format!("{} already listed", already.join(" "));
    let msg = match (added.is_empty(), already.is_empty()) {
        (true, _) => format!("nothing to add: {listed}"),
        (false, true) => format!("added {}", added.join(" ")),
        (false, false) => format!("added {} ({listed})", added.join(" ")),
    };
    Ok((doc.to_string(), msg))
}

/// Removes the tags; an unknown tag is an error naming it.
pub fn remove(text: &str, tags: &[String]) -> Result<(String, String)> {
    let mut doc: DocumentMut = text.parse().context("the config is not valid TOML")?;
    let arr = hashtags_array(&mut doc)?;
    let mut removed = Vec::new();
    for t in tags {
        let t = hashtag::normalize(t)?;
        let have = existing(arr);
        let idx = have
            .iter()
            .position(|h| h.as_deref() == Some(t.as_str()))
            .ok_or_else(|| anyhow!("#{t} is not in the hashtag list"))?;
        let gone = arr.remove(idx);
        // A comment after the previous element lives in this one's prefix: hand it on.
        let prefix = gone
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        if prefix.contains('#') {
            match arr.get_mut(idx) {
                Some(next) => next.decor_mut().set_prefix(prefix),
                None => {
                    let trailing = arr.trailing().as_str().unwrap_or("").to_string();
                    arr.set_trailing(format!("{}{}", prefix.trim_end(), trailing));
                }
            }
        }
        removed.push(format!("#{t}"));
    }
    Ok((doc.to_string(), format!("removed {}", removed.join(" "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# my tags\nhashtags = [\n    \"aitools\", # the main one\n    \"llm\",\n]\n\n[api]\n# keep me\n";

    #[test]
    fn add_and_remove_keep_comments() {
        let (t, msg) = add(FILE, &["#Cursor".into(), "llm".into()]).unwrap();
        assert_eq!(msg, "added #cursor (#llm already listed)");
        let (_, msg) = add(FILE, &["llm".into()]).unwrap();
        assert_eq!(msg, "nothing to add: #llm already listed");
        assert!(t.contains("# the main one") && t.contains("# keep me") && t.contains("# my tags"));
        let c = Config::parse(&t, std::path::Path::new("x.toml")).unwrap();
        assert_eq!(c.hashtags, ["aitools", "llm", "cursor"]);
        let (t, _) = remove(&t, &["llm".into()]).unwrap();
        let c = Config::parse(&t, std::path::Path::new("x.toml")).unwrap();
        assert_eq!(c.hashtags, ["aitools", "cursor"]);
        assert!(t.contains("# the main one"));
        assert!(remove(&t, &["nope".into()]).is_err());
        assert!(add(&t, &["two words".into()]).is_err());
    }
}
