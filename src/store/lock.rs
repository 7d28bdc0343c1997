//! One `fetch` at a time per database: a second run must not spend on the same day.
//!
//! The lock is an advisory `flock` on the database file itself, so every name the file has
//! (a relative path, a symlink, a hard link, another mount of it) shares one lock. The OS
//! drops it when the process dies, even by `kill -9`, so a crashed run never blocks the next
//! one. SQLite's own locks are `fcntl` locks, which `flock` does not touch on Linux.

use anyhow::{Context, Result, bail};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held for the whole run; released on drop or process exit.
///
/// Drop it only after the `Store` on the same file: closing a descriptor of a file releases
/// the process's `fcntl` locks on it, SQLite's included.
#[derive(Debug)]
pub struct FetchLock {
    _file: File,
    /// The database file locked.
    pub path: PathBuf,
}

impl FetchLock {
    /// Locks the database file at `db`, creating it (empty: SQLite starts a new database in
    /// an empty file) and its folder when missing.
    pub fn acquire(db: &Path) -> Result<FetchLock> {
        super::check_db_path(db)?;
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("could not create folder '{}'", dir.display()))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(db)
            .with_context(|| format!("could not open database '{}'", db.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(FetchLock {
                _file: file,
                path: db.to_path_buf(),
            }),
            Err(TryLockError::WouldBlock) => bail!(
                "another `tracker fetch` is running on '{}'; exiting without spending anything",
                db.display()
            ),
            Err(TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("could not lock '{}'", db.display()))
            }
        }
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

    #[test]
    fn every_name_of_one_file_shares_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let _first = FetchLock::acquire(&db).unwrap();
        let hard = dir.path().join("hard.db");
        std::fs::hard_link(&db, &hard).unwrap();
        let soft = dir.path().join("soft.db");
        std::os::unix::fs::symlink(&db, &soft).unwrap();
        for other in [hard, soft, dir.path().join("sub/../t.db")] {
            std::fs::create_dir_all(dir.path().join("sub")).unwrap();
            let err = FetchLock::acquire(&other).unwrap_err().to_string();
            assert!(err.contains("another `tracker fetch`"), "{other:?}: {err}");
        }
    }

    #[test]
    fn a_name_that_is_not_a_file_is_refused() {
        for bad in ["", ":memory:", "file:x.db?mode=memory", "FILE:x.db"] {
            assert!(FetchLock::acquire(Path::new(bad)).is_err(), "{bad:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        assert!(FetchLock::acquire(dir.path()).is_err());
    }
}
