//! The learner's progress: an append-only, versioned, crash-safe log of events in one file,
//! locked against a second writer, mergeable with another device's copy; or a progress folder
//! of one such log per device, read as one stream ([`Folder`], [`ProgressSource`]).
//!
//! # File format (JSON Lines, UTF-8; full description in `docs/progress-format.md`)
//!
//! ```text
//! {"deckard":"progress","version":1}
//! {"id":"5c1f0e9a7b3d2c41","time":"2025-03-01T09:14:07Z","type":"review","card":"sco-founding/year","rating":3,"answer":"2001","verdict":"right","score":1.0,"ms":4210,"mode":"study"}
//! {"id":"0b7e4d2a9c6f1e83","time":"2025-03-01T09:14:30Z","type":"undo","target":"5c1f0e9a7b3d2c41"}
//! ```
//!
//! - Line 1 is the header. `version` changes only for changes an older reader must not
//!   misread; a version above [`FORMAT_VERSION`] is refused.
//! - Every other line is one event: `id` (16 lowercase hex digits, unique), `time` (RFC 3339),
//!   `type` (`review`, `undo`, `bury`, `quiz`) and the fields of that type. Optional fields
//!   are left out when absent; `reschedule` is written only when false.
//! - Readers ignore fields they do not know, and skip (with one warning) events of a `type`
//!   they do not know: newer writers may add both without a version change. Such lines are
//!   never rewritten or dropped: appends leave them alone and merges copy them verbatim.
//! - Each event is written as one `write` of the line and its newline, then `fsync`ed. A last
//!   line without its newline is a write cut short: [`Store::open`] moves it to
//!   `<log>.rejected` and truncates it off, with a warning; that is the only repair ever made.
//!   Any other damage is an error naming the line, and nothing is written.
//!
//! The module never reads the clock and draws no unseeded randomness: times are in the
//! events, and ids come from [`IdGen`] with a caller's seed.

mod device;
mod event;
mod fast;
mod file;
mod folder;
mod lock;
mod log;
mod merge;
mod migrate;
mod path;
mod source;
mod union;

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use event::{Event, EventBody, EventId, IdGen, Mode, ParseEventIdError, QuizSummary, Review};
pub use merge::{MergeReport, merge};
pub use path::{FILE_NAME, default_path};
// The progress folder (one log per device) and the source that hides which layout is used.
pub use device::{
    DEVICE_ID_FILE, DeviceId, DeviceIdError, default_device_id_path,
    load_or_create as load_or_create_device_id,
};
pub use folder::{
    DeviceLog, Folder, FolderError, FolderOpened, FolderRead, SETTINGS_FILE, Unread, kind as event_kind,
};
pub use migrate::{Migrated, migrate, migrated_copy};
pub use source::{FileIdentity, ProgressSource, SourceFile, SourceOpened, SourceRead};

use log::Scan;

/// The log format version this deckard reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Why the log cannot be opened, read, written or merged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file system refused an operation.
    #[error("cannot {op} {}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What was being done ("open", "append to", ...).
        op: &'static str,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// Another process holds the log.
    #[error("{} is in use by another deckard: {holder}; close it and try again", path.display())]
    Locked {
        /// The log.
        path: PathBuf,
        /// Who holds it, as recorded: "pid N on host H".
        holder: String,
    },
    /// The file is not a deckard progress log.
    #[error("{} is not a deckard progress log: {reason}; deckard will not write to it", path.display())]
    NotDeckard {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The log was written by a newer deckard.
    #[error(
        "{} uses progress format version {version}, newer than this deckard's {FORMAT_VERSION}; upgrade deckard",
        path.display()
    )]
    FutureVersion {
        /// The log.
        path: PathBuf,
        /// The version in its header.
        version: u64,
    },
    /// A complete line is damaged; deckard refuses to write until it is fixed by hand.
    #[error(
        "{}:{line}: damaged progress log line: {reason}; deckard will not write to this log until the line is fixed or removed",
        path.display()
    )]
    Corrupt {
        /// The log.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// An event failed the checks every line must pass, so it was not written.
    #[error("refusing to write an invalid event: {reason}")]
    InvalidEvent {
        /// The failed check.
        reason: String,
    },
    /// A failed write could not be cut back; the log must be reopened (which repairs it).
    #[error("{}: an earlier write failed and could not be undone; reopen the log", path.display())]
    Poisoned {
        /// The log.
        path: PathBuf,
    },
    /// Two logs hold different events under one id.
    #[error(
        "cannot merge: event {id} differs between {}:{first_line} and {}:{second_line}",
        first.display(), second.display()
    )]
    Conflict {
        /// The shared id.
        id: EventId,
        /// One file holding it.
        first: PathBuf,
        /// Its line there.
        first_line: usize,
        /// The other file.
        second: PathBuf,
        /// Its line there.
        second_line: usize,
    },
}

fn io_err<'a>(path: &'a Path, op: &'static str) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        path: path.to_owned(),
        op,
        source,
    }
}

/// An open, locked, writable log.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    file: File,
    /// Length of the valid content: a failed append is cut back to it.
    len: u64,
    poisoned: bool,
    holder_file: PathBuf,
}

/// A freshly opened log: the store, the events in file order, and warnings for the user.
#[derive(Debug)]
pub struct Opened {
    /// The log, locked for writing.
    pub store: Store,
    /// Every event of a known type, in file order.
    pub events: Vec<Event>,
    /// Things the user should hear about (a repaired torn line, skipped unknown events).
    pub warnings: Vec<String>,
}

impl Store {
    /// Opens the log at `path` for writing, creating it (and its directories) if missing.
    pub fn open(path: &Path) -> Result<Opened, StoreError> {
        let mut store = Store::lock(path)?;
        let size = store.file.metadata().map_or(0, |m| m.len());
        let (events, mut warnings, scan) = log::read_events(path, &mut &store.file, size)?;
        warnings.extend(store.repair(&scan)?);
        Ok(Opened {
            store,
            events,
            warnings,
        })
    }

    /// Locks the log at `path`; dropping the store on a later error releases the lock.
    fn lock(path: &Path) -> Result<Store, StoreError> {
        file::create_parents(path).map_err(io_err(path, "create the directory of"))?;
        let locked = lock::acquire(path)?;
        let store = Store {
            path: path.to_owned(),
            file: locked.file,
            len: 0,
            poisoned: false,
            holder_file: locked.holder_file,
        };
        let meta = store.file.metadata().map_err(io_err(path, "inspect"))?;
        if !meta.is_file() {
            return Err(StoreError::NotDeckard {
                path: path.to_owned(),
                reason: "it is not a regular file".into(),
            });
        }
        Ok(store)
    }

    /// Writes the header into a fresh log, or cuts a torn last line off into `.rejected`.
    /// Called only once every complete line has been checked.
    fn repair(&mut self, scan: &Scan) -> Result<Vec<String>, StoreError> {
        let path = self.path.clone();
        let mut warnings = Vec::new();
        if scan.fresh {
            // Empty, or a header cut short while being created: nothing of the learner's yet.
            if scan.torn.is_some() {
                self.file.set_len(0).map_err(io_err(&path, "truncate"))?;
                warnings.push(format!(
                    "{}: its header was cut short when it was created; rewrote it",
                    path.display()
                ));
            }
            let header = format!("{}\n", log::HEADER);
            (&self.file)
                .write_all(header.as_bytes())
                .and_then(|()| self.file.sync_data())
                .and_then(|()| file::sync_parent(&path))
                .map_err(io_err(&path, "write the header of"))?;
            self.len = header.len() as u64;
            return Ok(warnings);
        }
        self.len = scan.end;
        if let Some((line, tail)) = &scan.torn {
            let rejected = file::sibling(&path, ".rejected");
            let mut set_aside = file::create_options()
                .append(true)
                .open(&rejected)
                .map_err(io_err(&rejected, "open"))?;
            // The bytes must be safe in `.rejected` before they leave the log.
            set_aside
                .write_all(tail)
                .and_then(|()| set_aside.write_all(b"\n"))
                .and_then(|()| set_aside.sync_data())
                .and_then(|()| file::sync_parent(&rejected))
                .map_err(io_err(&rejected, "write"))?;
            self.file
                .set_len(self.len)
                .and_then(|()| self.file.sync_data())
                .map_err(io_err(&path, "truncate"))?;
            warnings.push(format!(
                "{}:{line}: the last line was cut short (a crash while writing?); \
                 moved its {} bytes to {} and repaired the log",
                path.display(),
                tail.len(),
                rejected.display()
            ));
        }
        Ok(warnings)
    }

    /// Appends one event and makes it durable (fsync) before returning.
    pub fn append(&mut self, event: &Event) -> Result<(), StoreError> {
        if self.poisoned {
            return Err(StoreError::Poisoned {
                path: self.path.clone(),
            });
        }
        event
            .check()
            .map_err(|reason| StoreError::InvalidEvent { reason })?;
        let mut line = event.to_line();
        line.push('\n');
        let written = (&self.file)
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            // A full disk may have taken part of the line: cut back so the log stays valid.
            let undone = self.file.set_len(self.len).and_then(|()| self.file.sync_data());
            self.poisoned = undone.is_err();
            return Err(io_err(&self.path, "append to")(e));
        }
        self.len += line.len() as u64;
        Ok(())
    }

    /// The log's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// An id generator seeded by `seed` and the log's current length, so two sessions run
    /// with the same fixed seed (tests, `--seed`) still draw different ids.
    pub fn id_gen(&self, seed: u64) -> IdGen {
        IdGen::new(seed ^ self.len.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Still locked here (the file closes after this runs), so no one else is writing it.
        let _ = std::fs::remove_file(&self.holder_file);
    }
}

/// Reads the log at `path` without locking or repairing it: for commands that only look.
/// A missing file reads as no events; a torn last line is ignored with a warning.
pub fn read(path: &Path) -> Result<(Vec<Event>, Vec<String>), StoreError> {
    // Looked at before opening: opening a named pipe would block.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => {
            return Err(StoreError::NotDeckard {
                path: path.to_owned(),
                reason: "it is not a regular file".into(),
            });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(io_err(path, "inspect")(e)),
    }
    let mut file = File::open(path).map_err(io_err(path, "open"))?;
    let meta = file.metadata().map_err(io_err(path, "inspect"))?;
    let (events, mut warnings, scan) = log::read_events(path, &mut file, meta.len())?;
    if let Some((line, _)) = scan.torn {
        warnings.push(format!(
            "{}:{line}: the last line is incomplete (being written, or cut short by a crash); ignored it",
            path.display()
        ));
    }
    Ok((events, warnings))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod folder_tests;
