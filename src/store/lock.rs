//! One `fetch` at a time per database: a second run must not spend on the same day.
//!
//! The lock is an advisory file lock on `<db>.lock`; the OS drops it when the process dies,
//! even by `kill -9`, so a crashed run never blocks the next one.

use anyhow::{Context, Result, bail};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held for the whole run; released on drop or process exit.
#[derive(Debug)]
pub struct FetchLock {
    _file: File,
    pub path: PathBuf,
}

impl FetchLock {
    pub fn acquire(db: &Path) -> Result<FetchLock> {
        // One lock per database file, however it is named (relative path, symlink).
        let db = &canonical(db);
        let mut name = db.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("could not create folder '{}'", dir.display()))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("could not open lock file '{}'", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(FetchLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => bail!(
                "another `tracker fetch` is running on '{}'; exiting without spending anything",
                db.display()
            ),
            Err(TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("could not lock '{}'", path.display()))
            }
        }
    }
}

/// The database's real path: the file itself if it exists, else its folder's real path.
fn canonical(db: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(db) {
        return p;
    }
    match (db.parent(), db.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| db.to_path_buf()),
        _ => db.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let first = FetchLock::acquire(&db).unwrap();
        let err = FetchLock::acquire(&db).unwrap_err().to_string();
        assert!(err.contains("another `tracker fetch`"), "{err}");
        drop(first);
        FetchLock::acquire(&db).unwrap();
    }
}
