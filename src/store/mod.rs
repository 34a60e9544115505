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
//!   misread; a version above [`FORMAT_VERSION`] is refused. A log stays version 1 until its
//!   first `suspend`, `unsuspend`, `reset` or `reschedule`, when [`Store::append`] raises the
//!   header to 2 in place (same length, one write) before writing the event.
//! - Every other line is one event: `id` (16 lowercase hex digits, unique), `time` (RFC 3339),
//!   `type` (`review`, `undo`, `bury`, `quiz`; version 2: `suspend`, `unsuspend`, `reset`,
//!   `reschedule`) and the fields of that type. Optional fields
//!   are left out when absent; `reschedule` is written only when false.
//! - Readers ignore fields they do not know, and skip (with one warning) events of a `type`
//!   they do not know: newer writers may add both without a version change. Such lines are
//!   never rewritten or dropped: appends leave them alone and merges copy them verbatim.
//! - Each event is written as one `write` of the line and its newline, then `fsync`ed. A last
//!   line without its newline is a write cut short: [`Store::open`] moves it to
//!   `<log>.rejected` and truncates it off, with a warning, unless it is a whole valid line
//!   that lacks only the newline, which is kept and ended. Those are the only repairs made.
//!   Any other damage is an error naming the line, and nothing is written.
//! - An id is used once. A line repeating an earlier event is skipped with a warning; two
//!   different events under one id are refused naming both lines.
//!
//! The module never reads the clock and draws no unseeded randomness: times are in the
//! events, and ids come from [`IdGen::fresh`] with the caller's OS randomness and clock
//! (never from `--seed`), or from [`EventId::imported`] for events imported from elsewhere.

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
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};

pub use event::{Event, EventBody, EventId, IdGen, Mode, ParseEventIdError, QuizSummary, Review};
pub use merge::{MergeOptions, MergeReport, merge, merge_with};
pub use path::{FILE_NAME, default_path};
// The progress folder (one log per device) and the source that hides which layout is used.
pub use device::{
    DEVICE_ID_FILE, DeviceId, DeviceIdError, default_device_id_path,
    load_or_create as load_or_create_device_id,
};
pub use folder::{
    DeviceLog, FileRead, Folder, FolderError, FolderOpened, FolderRead, ResumeAt, SETTINGS_FILE, Unread,
    kind as event_kind,
};
pub use migrate::{Migrated, migrate, migrated_copy};
pub use source::{FileIdentity, ProgressSource, SourceFile, SourceOpened, SourceRead};
pub use union::{Events, Iter as EventsIter};

pub use log::Resume;
use log::Scan;

/// The newest log format version this deckard reads and writes. A log is written as version 1
/// until it receives its first event of a type that needs more ([`EventBody::min_version`]):
/// then its header is raised, so an older deckard refuses it instead of misreading it.
pub const FORMAT_VERSION: u32 = 2;

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
        "{} uses progress format version {version}, newer than this deckard's {reader}; upgrade deckard",
        path.display()
    )]
    FutureVersion {
        /// The log.
        path: PathBuf,
        /// The version in its header.
        version: u64,
        /// The newest version this reader knows ([`FORMAT_VERSION`]).
        reader: u32,
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
    /// One log holds two different events under one id.
    #[error(
        "{}: event {id} is recorded twice, differently, at lines {first_line} and {second_line}; \
         deckard cannot tell which is right and will not use this log until one is removed by hand",
        path.display()
    )]
    Duplicate {
        /// The log.
        path: PathBuf,
        /// The repeated id.
        id: EventId,
        /// The first line holding it.
        first_line: usize,
        /// The second.
        second_line: usize,
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
    /// The format version in the log's header.
    version: u32,
    /// The header line's length without its newline: raising the version keeps it.
    header_len: usize,
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
    /// Just past the last complete line: where a later reader may resume.
    pub end: Resume,
}

impl Store {
    /// Opens the log at `path` for writing, creating it (and its directories) if missing.
    pub fn open(path: &Path) -> Result<Opened, StoreError> {
        Store::open_from(path, |_, _| None)
    }

    /// [`Store::open`], reading only the events after the place `from` returns. Once the log is
    /// locked, `from` is shown the file and its length and may name a [`Resume`] point it has
    /// verified (a derived cache holds everything before it); `None` reads the whole log.
    pub fn open_from(
        path: &Path,
        from: impl FnOnce(&File, u64) -> Option<Resume>,
    ) -> Result<Opened, StoreError> {
        let (mut store, mut warnings) = Store::lock(path)?;
        let size = store.file.metadata().map_or(0, |m| m.len());
        let start = from(&store.file, size).filter(|r| r.offset > 0 && r.offset <= size);
        let (events, read_warnings, scan) = match start {
            Some(at) => {
                let header = log::read_header(path, &mut &store.file)?;
                (&store.file)
                    .seek(io::SeekFrom::Start(at.offset))
                    .map_err(io_err(path, "read"))?;
                let mut read = log::read_events_from(path, &mut &store.file, size, at)?;
                (read.2.version, read.2.header_len) = header;
                read
            }
            None => log::read_events(path, &mut &store.file, size)?,
        };
        warnings.extend(read_warnings);
        warnings.extend(store.repair(&scan)?);
        let end = Resume {
            offset: store.len,
            line: scan.next_line.max(2),
        };
        Ok(Opened {
            store,
            events,
            warnings,
            end,
        })
    }

    /// Locks the log at `path`; dropping the store on a later error releases the lock. Under
    /// the lock, tightens a log others could read and removes what a killed merge left.
    fn lock(path: &Path) -> Result<(Store, Vec<String>), StoreError> {
        file::create_parents(path).map_err(io_err(path, "create the directory of"))?;
        let locked = lock::acquire(path)?;
        let store = Store {
            path: path.to_owned(),
            file: locked.file,
            len: 0,
            poisoned: false,
            holder_file: locked.holder_file,
            version: 1,
            header_len: 0,
        };
        let meta = store.file.metadata().map_err(io_err(path, "inspect"))?;
        if !meta.is_file() {
            return Err(StoreError::NotDeckard {
                path: path.to_owned(),
                reason: "it is not a regular file".into(),
            });
        }
        let mut warnings: Vec<String> = tighten(path, &store.file, &meta)?.into_iter().collect();
        warnings.extend(file::remove_leftovers(path));
        Ok((store, warnings))
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
            self.header_len = log::HEADER.len();
            return Ok(warnings);
        }
        self.len = scan.end;
        self.version = scan.version;
        self.header_len = scan.header_len;
        if let (Some((line, tail)), Some(_)) = (&scan.torn, log::whole_tail(scan)) {
            // A whole line but for its newline (the crash came just before it, or an editor
            // saved the file without one): keep it, and end it.
            (&self.file)
                .write_all(b"\n")
                .and_then(|()| self.file.sync_data())
                .map_err(io_err(&path, "end the last line of"))?;
            self.len += tail.len() as u64 + 1;
            warnings.push(format!(
                "{}:{line}: the last line had no newline; kept it and added one",
                path.display()
            ));
        } else if let Some((line, tail)) = &scan.torn {
            let rejected = file::sibling(&path, ".rejected");
            let mut set_aside = file::open_side(&rejected, file::side_options().append(true))
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
        let needed = event.body.min_version();
        if needed > self.version {
            self.raise_version(needed)?;
        }
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

    /// Raises the header's version before the first event that needs it is written, so an
    /// older deckard refuses the log ("upgrade deckard") rather than skip that event and
    /// compute wrong card states. The header is rewritten in place at its own length (padded
    /// with spaces, which JSON allows), in one write of at most one disk sector, and synced
    /// before the event is appended: a crash leaves either header, never a torn one, and a
    /// raised header without the event is harmless.
    fn raise_version(&mut self, version: u32) -> Result<(), StoreError> {
        use std::io::{Seek, SeekFrom};
        let mut header = log::header(version);
        if self.header_len > log::MAX_HEADER_REWRITE || self.header_len < header.len() {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                line: 1,
                reason: format!(
                    "deckard must raise this log's version to {version} but its header line is \
                     {} bytes long; replace it by hand with {}",
                    self.header_len,
                    log::header(self.version)
                ),
            });
        }
        header.push_str(&" ".repeat(self.header_len - header.len()));
        // The locked handle appends (O_APPEND ignores offsets), so write through a second one.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&self.path)
            .map_err(io_err(&self.path, "open"))?;
        file.seek(SeekFrom::Start(0))
            .and_then(|_| file.write_all(header.as_bytes()))
            .and_then(|()| file.sync_data())
            .map_err(io_err(&self.path, "raise the format version of"))?;
        self.version = version;
        Ok(())
    }

    /// The format version of the log's header (raised when an event needs a newer one).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The log's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The generator of ids for events appended to this log. `random` must come from the OS
    /// and `nanos` from the clock (see [`IdGen::fresh`]); never pass a user's `--seed`, or two
    /// devices using one seed write the same ids. The log's length is mixed in as well.
    pub fn id_gen(&self, random: u64, nanos: u128) -> IdGen {
        IdGen::fresh(random ^ self.len.wrapping_mul(0x9e37_79b9_7f4a_7c15), nanos)
    }
}

/// A log others may read (0644, say) holds the learner's answers: warn and make it 0600.
#[cfg(unix)]
fn tighten(path: &Path, file: &File, meta: &std::fs::Metadata) -> Result<Option<String>, StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 == 0 {
        return Ok(None);
    }
    let tight = mode & 0o700 | 0o600;
    file.set_permissions(std::fs::Permissions::from_mode(tight))
        .map_err(io_err(path, "make private"))?;
    Ok(Some(format!(
        "{}: other users could read this progress log (mode {mode:04o}); made it private ({tight:04o})",
        path.display()
    )))
}

#[cfg(not(unix))]
fn tighten(_: &Path, _: &File, _: &std::fs::Metadata) -> Result<Option<String>, StoreError> {
    Ok(None)
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
    read_from(path, |_, _| None).map(|r| (r.events, r.warnings))
}

/// What [`read_from`] read.
#[derive(Debug)]
pub struct ReadLog {
    /// The events of a known type after the resume point, in file order.
    pub events: Vec<Event>,
    /// Things the user should hear about (an incomplete last line, skipped unknown events).
    pub warnings: Vec<String>,
    /// Just past the last complete line; `None` for a missing or empty log.
    pub end: Option<Resume>,
}

/// [`read`], only the events after the place `from` returns (see [`Store::open_from`]).
pub fn read_from(
    path: &Path,
    from: impl FnOnce(&File, u64) -> Option<Resume>,
) -> Result<ReadLog, StoreError> {
    // Looked at before opening: opening a named pipe would block.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => {
            return Err(StoreError::NotDeckard {
                path: path.to_owned(),
                reason: "it is not a regular file".into(),
            });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(ReadLog {
                events: Vec::new(),
                warnings: Vec::new(),
                end: None,
            });
        }
        Err(e) => return Err(io_err(path, "inspect")(e)),
    }
    // Opened without blocking, and refused unless regular: the file may have been swapped for a
    // FIFO since it was looked at.
    let mut file = crate::untrusted::open_regular(path).map_err(io_err(path, "open"))?;
    let meta = file.metadata().map_err(io_err(path, "inspect"))?;
    let size = meta.len();
    let start = from(&file, size).filter(|r| r.offset > 0 && r.offset <= size);
    let (events, mut warnings, scan) = match start {
        Some(at) => {
            let header = log::read_header(path, &mut file)?;
            file.seek(io::SeekFrom::Start(at.offset))
                .map_err(io_err(path, "read"))?;
            let mut read = log::read_events_from(path, &mut file, size, at)?;
            (read.2.version, read.2.header_len) = header;
            read
        }
        None => log::read_events(path, &mut file, size)?,
    };
    if let (Some((line, _)), None) = (&scan.torn, log::whole_tail(&scan)) {
        warnings.push(format!(
            "{}:{line}: the last line is incomplete (being written, or cut short by a crash); ignored it",
            path.display()
        ));
    }
    let end = (!scan.fresh).then_some(Resume {
        offset: scan.end,
        line: scan.next_line,
    });
    Ok(ReadLog {
        events,
        warnings,
        end,
    })
}

/// Reads a whole log held in memory, as [`read`] would from a file: for the fuzz targets.
#[cfg(test)]
pub(crate) fn fuzz_read(path: &Path, bytes: &[u8]) -> Result<Vec<Event>, StoreError> {
    log::read_events(path, &mut &*bytes, bytes.len() as u64).map(|(events, _, _)| events)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod folder_tests;
