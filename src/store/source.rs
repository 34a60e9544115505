//! Where a learner's progress lives: one log file, or a progress folder of device logs. The
//! commands read and write progress through this, and a reader that keeps offsets (the
//! start-up cache) asks it for the files with their lengths and identities.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::device::DeviceId;
use super::folder::{Folder, FolderError};
use super::union::Events;
use super::{Store, StoreError, io_err};

/// The progress of one learner: a single log, or a folder with one log per device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressSource {
    /// One log file (the layout of a single device).
    File(PathBuf),
    /// A progress folder, as this device sees it.
    Folder(Folder),
}

/// What tells a file's content apart from a replaced one: a reader that kept an offset into
/// it may read on from there only while the identity is unchanged and the length has not
/// shrunk; otherwise (a sync tool replaced the file wholesale) it must read it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileIdentity {
    /// Device number (0 where the OS has none).
    pub dev: u64,
    /// Inode number (0 where the OS has none).
    pub ino: u64,
    /// Last modification time, if the OS keeps one.
    pub modified: Option<SystemTime>,
}

/// One file of a progress source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The file.
    pub path: PathBuf,
    /// Whose log it is (`None` for a single log).
    pub device: Option<DeviceId>,
    /// True for the one file this device writes.
    pub own: bool,
    /// Its length in bytes when listed.
    pub len: u64,
    /// Its identity when listed.
    pub identity: FileIdentity,
}

/// Events read from a source and warnings for the user.
#[derive(Debug)]
pub struct SourceRead {
    /// Every event, each once: file order for a single log, (time, id) order for a folder.
    pub events: Events,
    /// Things the user should hear about.
    pub warnings: Vec<String>,
}

/// A source opened for writing.
#[derive(Debug)]
pub struct SourceOpened {
    /// The log this device appends to, locked.
    pub store: Store,
    /// Every event, as [`SourceRead::events`].
    pub events: Events,
    /// Things the user should hear about.
    pub warnings: Vec<String>,
}

impl ProgressSource {
    /// The log this device writes.
    pub fn own_path(&self) -> PathBuf {
        match self {
            ProgressSource::File(p) => p.clone(),
            ProgressSource::Folder(f) => f.own_path(),
        }
    }

    /// The files holding the progress, in a stable order, with their lengths and identities;
    /// a single log that does not exist yet is listed with length 0.
    pub fn files(&self) -> Result<Vec<SourceFile>, StoreError> {
        match self {
            ProgressSource::File(p) => Ok(vec![source_file(p, None, true)?]),
            ProgressSource::Folder(f) => {
                let (logs, _) = f.list()?;
                logs.into_iter()
                    .map(|(id, path)| {
                        let own = id == *f.device();
                        source_file(&path, Some(id), own)
                    })
                    .collect()
            }
        }
    }

    /// Reads every event without locking or repairing anything (for commands that only look).
    /// In a folder, files this deckard cannot read are left out with a warning each.
    pub fn read(&self) -> Result<SourceRead, StoreError> {
        match self {
            ProgressSource::File(p) => {
                let (events, warnings) = super::read(p)?;
                Ok(SourceRead {
                    events: events.into(),
                    warnings,
                })
            }
            ProgressSource::Folder(f) => {
                let read = f.read()?;
                let left_out = read.left_out();
                let mut warnings = read.warnings;
                warnings.extend(left_out);
                Ok(SourceRead {
                    events: read.events,
                    warnings,
                })
            }
        }
    }

    /// Opens the source for writing: locks this device's log and reads every event.
    pub fn open(&self) -> Result<SourceOpened, FolderError> {
        match self {
            ProgressSource::File(p) => {
                let opened = Store::open(p)?;
                Ok(SourceOpened {
                    store: opened.store,
                    events: opened.events.into(),
                    warnings: opened.warnings,
                })
            }
            ProgressSource::Folder(f) => {
                let opened = f.open()?;
                Ok(SourceOpened {
                    store: opened.store,
                    events: opened.read.events,
                    warnings: opened.read.warnings,
                })
            }
        }
    }
}

fn source_file(path: &Path, device: Option<DeviceId>, own: bool) -> Result<SourceFile, StoreError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(path, "inspect")(e)),
    };
    let identity = meta.as_ref().map_or(
        FileIdentity {
            dev: 0,
            ino: 0,
            modified: None,
        },
        identity,
    );
    Ok(SourceFile {
        path: path.to_owned(),
        device,
        own,
        len: meta.map_or(0, |m| m.len()),
        identity,
    })
}

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> FileIdentity {
    use std::os::unix::fs::MetadataExt;
    FileIdentity {
        dev: meta.dev(),
        ino: meta.ino(),
        modified: meta.modified().ok(),
    }
}

#[cfg(not(unix))]
fn identity(meta: &std::fs::Metadata) -> FileIdentity {
    FileIdentity {
        dev: 0,
        ino: 0,
        modified: meta.modified().ok(),
    }
}
