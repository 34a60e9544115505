//! Read-modify-write of a deck file that loses nobody's edits.
//!
//! Every authoring command that changes a deck (`add`, `fmt`, `import --to`, `draft --to`)
//! goes through [`update`]:
//!
//! 1. An advisory lock on the deck file itself (std `File::lock`, `flock` on Unix), held until
//!    the new content is in place, so two deckard processes never interleave: the second waits,
//!    then reads what the first wrote. The first replaces the file by rename, so after locking
//!    we check that the path still names the file we locked, and start over if not.
//! 2. The change is computed from the file's content as it is now, under the lock (new cards
//!    are appended to the current content, never to a copy read earlier).
//! 3. Just before writing, the file is read again and compared with what the change was made
//!    from. Editors take no lock: if one saved the file meanwhile, nothing is written and the
//!    command says so, rather than overwrite that edit.
//! 4. The new content is written through [`crate::fsio::write_atomic`] (temp file, sync,
//!    rename; permissions and symlinks kept).
//!
//! A missing deck file is created empty first, so that there is a file to lock; if the
//! command then fails, the empty file is removed again.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use super::AuthorError;

/// Whether [`update`] may create a missing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Create it (`import --to`, `draft --to`, `add`).
    Create,
    /// Refuse (`fmt` changes existing files only).
    Refuse,
}

/// Changes the deck file at `path`: `change` gets its current text (`None` when it is missing
/// or empty) and returns the new text and a value for the caller. Nothing is written when the
/// text is unchanged, when `change` fails, or when the file changed underneath (see the module
/// doc); the error [`AuthorError::Changed`] says so.
pub fn update<T>(
    path: &Path,
    missing: Missing,
    change: impl FnOnce(Option<&str>) -> Result<(String, T), AuthorError>,
) -> Result<T, AuthorError> {
    let held = lock(path, missing)?;
    let result = (|| {
        let before = current(path)?;
        let (text, value) = change(before.as_deref())?;
        if before.as_deref() == Some(text.as_str()) {
            return Ok(value);
        }
        if current(path)? != before {
            return Err(AuthorError::Changed(path.to_path_buf()));
        }
        super::write_atomic(path, &text)?;
        Ok(value)
    })();
    if result.is_err() && held.created {
        // Only our own placeholder: the same file, still empty.
        if same_file(&held.file, path).unwrap_or(false) && held.file.metadata().is_ok_and(|m| m.len() == 0) {
            let _ = std::fs::remove_file(path);
        }
    }
    drop(held);
    result
}

/// The file's text now; `None` when it is empty.
fn current(path: &Path) -> Result<Option<String>, AuthorError> {
    let text = super::read_text(path)?;
    Ok((!text.is_empty()).then_some(text))
}

/// A locked deck file, and whether this process created it.
struct Held {
    file: File,
    created: bool,
}

/// Opens (or creates) and locks `path`, waiting for another deckard that holds it.
fn lock(path: &Path, missing: Missing) -> Result<Held, AuthorError> {
    let io_err = |e| AuthorError::io(path, e);
    // A few rounds at most: each retry means another deckard replaced the file while we waited.
    for _ in 0..64 {
        let (file, created) = match open(path) {
            Ok(f) => (f, false),
            Err(e) if e.kind() == io::ErrorKind::NotFound && missing == Missing::Create => {
                match OpenOptions::new().write(true).create_new(true).open(path) {
                    Ok(f) => (f, true),
                    // Someone else created it first: lock theirs.
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                    Err(e) => return Err(io_err(e)),
                }
            }
            Err(e) => return Err(io_err(e)),
        };
        file.lock().map_err(io_err)?;
        if same_file(&file, path).map_err(io_err)? {
            return Ok(Held { file, created });
        }
    }
    Err(io_err(io::Error::other(
        "the file kept being replaced while waiting to lock it",
    )))
}

/// Opens an existing deck file for locking; refuses anything but a regular file (a FIFO is
/// refused, not waited on).
fn open(path: &Path) -> io::Result<File> {
    crate::untrusted::open_regular(path)
}

/// True when `a` and `b` name one file (through links, `..` or symlinks); false when either is
/// missing.
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), crate::untrusted::open_regular(b)) {
        (Ok(_), Ok(f)) => same_file(&f, a).unwrap_or(false),
        _ => false,
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (a, b) = (file.metadata()?, std::fs::metadata(path));
    Ok(match b {
        Ok(b) => a.dev() == b.dev() && a.ino() == b.ino(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    })
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> io::Result<bool> {
    // Elsewhere an open file cannot be replaced by rename.
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_made_from_the_current_text_and_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.toml");
        let n = update(&p, Missing::Create, |t| {
            assert_eq!(t, None);
            Ok(("one\n".to_string(), 1))
        })
        .unwrap();
        assert_eq!(n, 1);
        update(&p, Missing::Create, |t| Ok((format!("{}two\n", t.unwrap()), ()))).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one\ntwo\n");
    }

    #[test]
    fn an_edit_saved_meanwhile_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.toml");
        std::fs::write(&p, "mine\n").unwrap();
        let err = update(&p, Missing::Create, |t| {
            // An editor saves while deckard works.
            std::fs::write(&p, "the editor's\n").unwrap();
            Ok((format!("{}added\n", t.unwrap()), ()))
        })
        .unwrap_err();
        assert!(matches!(err, AuthorError::Changed(_)), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "the editor's\n");
    }

    #[test]
    fn a_failed_change_leaves_no_empty_file_and_fmt_creates_none() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.toml");
        let err = update::<()>(&p, Missing::Create, |_| Err(AuthorError::Field("no".into())));
        assert!(err.is_err());
        assert!(!p.exists());
        assert!(update(&p, Missing::Refuse, |_| Ok((String::new(), ()))).is_err());
        assert!(!p.exists());
    }

    #[test]
    fn concurrent_updates_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.toml");
        std::thread::scope(|s| {
            for i in 0..8 {
                let p = &p;
                s.spawn(move || {
                    update(p, Missing::Create, |t| {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        Ok((format!("{}{i}\n", t.unwrap_or("")), ()))
                    })
                    .unwrap()
                });
            }
        });
        let mut lines: Vec<String> = std::fs::read_to_string(&p)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        lines.sort();
        assert_eq!(lines, (0..8).map(|i| i.to_string()).collect::<Vec<_>>());
    }
}
