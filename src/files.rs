//! Files written for people: whole or not at all, and never over a file tracker needs.

use anyhow::{Context, Result};
use std::io::{BufWriter, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Whether `a` and `b` name one file: the same device and inode when both exist (hard
/// links, symlinks, `..` all count), else the same canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        (Err(_), Err(_)) => canonical(a) == canonical(b),
        _ => false,
    }
}

/// `path`'s real path: the file itself if it exists, else its folder's real path and its name.
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_path_buf(),
    }
}

/// Writes `path` through a temporary file in the same folder and a rename, so a reader (or
/// a crash) never sees half a file and a failed write leaves the old one. A path that is
/// not a regular file (`/dev/stdout`, a pipe) is written directly; a symlink's target is
/// replaced, not the link.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let context = || format!("could not write '{}'", path.display());
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(context)?;
        write(&mut file).with_context(context)?;
        return file.flush().with_context(context);
    }
    let target = if existing.is_some() {
        std::fs::canonicalize(path).with_context(context)?
    } else {
        path.to_path_buf()
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".tracker-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(context)?;
    {
        let mut out = BufWriter::new(tmp.as_file_mut());
        write(&mut out).with_context(context)?;
        out.flush().with_context(context)?;
    }
    // Keep an existing file's permissions; a new one gets the usual rw-r--r--.
    let mode = existing.map_or(0o644, |m| m.permissions().mode());
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))
        .with_context(context)?;
    tmp.as_file().sync_all().with_context(context)?;
    tmp.persist(&target)
        .map_err(|e| e.error)
        .with_context(context)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_under_other_names_is_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.db");
        std::fs::write(&a, "x").unwrap();
        std::fs::hard_link(&a, dir.path().join("hard")).unwrap();
        std::os::unix::fs::symlink(&a, dir.path().join("soft")).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["hard", "soft", "sub/../a.db"] {
            assert!(same_file(&dir.path().join(name), &a), "{name}");
        }
        std::fs::write(dir.path().join("b"), "x").unwrap();
        assert!(!same_file(&dir.path().join("b"), &a));
        // Neither exists yet: compared by real path.
        let missing = dir.path().join("m-wal");
        assert!(same_file(&dir.path().join("sub/../m-wal"), &missing));
        assert!(!same_file(&dir.path().join("n-wal"), &missing));
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_atomic(&p, |w| Ok(w.write_all(b"old")?)).unwrap();
        let err = write_atomic(&p, |w| {
            w.write_all(b"half")?;
            anyhow::bail!("disk full")
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        write_atomic(&link, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert!(link.is_symlink());
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
    }
}
