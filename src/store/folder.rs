//! A progress folder: one append-only log per device, `<device-id>.jsonl`, read as one stream.
//!
//! A device appends only to its own file, so a file-sync tool (Syncthing, Dropbox, a git
//! repository) never sees two writers of one file and never makes a conflict. Reading takes
//! the union of every device's events, ordered by (time, id); the same event in two files
//! counts once, and two different events under one id are refused as `merge` refuses them.
//!
//! Only the device's own file gets the damage rules of a single log (a torn last line is
//! repaired, any other damage is an error). Other devices' files are written by a sync tool
//! at any moment, so they are read tolerantly: a torn last line is "not yet arrived" and left
//! alone, and anything this deckard cannot read (a newer format or event type, a damaged line)
//! is reported as unread, which stops this device from writing until it is resolved: states
//! computed without those events would differ from the other devices'.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::device::DeviceId;
use super::log::{self, Resume, Scan};
use super::union::{Events, Key, union};
use super::{Event, EventBody, EventId, Store, StoreError, io_err};

/// A progress folder as seen by one device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    dir: PathBuf,
    device: DeviceId,
}

/// Something in a device's file this deckard did not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unread {
    /// The last line has no newline yet: a sync tool is still copying the file, or (in this
    /// device's own file) a crash cut a write short.
    Torn {
        /// Its line number.
        line: usize,
        /// How many bytes of it are there.
        bytes: usize,
    },
    /// The file's format version is newer than this deckard's.
    NewerFormat {
        /// The version in its header.
        version: u64,
    },
    /// Events of types this deckard does not know (a newer deckard wrote them).
    NewerEvents {
        /// The unknown types.
        kinds: Vec<String>,
    },
    /// The file cannot be read as a progress log (a damaged line, a foreign file).
    Damaged {
        /// What is wrong, naming the line.
        reason: String,
    },
}

impl Unread {
    /// True when this device must not write while the problem lasts: its states would be
    /// computed without events the other devices use.
    pub fn blocks_writing(&self) -> bool {
        !matches!(self, Unread::Torn { .. })
    }

    /// The problem in words, for `sync status` and errors.
    pub fn describe(&self) -> String {
        match self {
            Unread::Torn { line, bytes } => {
                format!("line {line} has not fully arrived yet ({bytes} bytes so far)")
            }
            Unread::NewerFormat { version } => format!(
                "written by a newer deckard (progress format version {version}, this deckard reads {})",
                super::FORMAT_VERSION
            ),
            Unread::NewerEvents { kinds } => format!(
                "holds events of a type this deckard does not know ({}), written by a newer deckard",
                kinds
                    .iter()
                    .map(|k| format!("\"{}\"", crate::sanitize::escape(k)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Unread::Damaged { reason } => reason.clone(),
        }
    }
}

/// One device's file, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceLog {
    /// Whose file it is.
    pub device: DeviceId,
    /// The file.
    pub path: PathBuf,
    /// True for this device's own file.
    pub own: bool,
    /// Events of known types read from it (before removing copies found in other files).
    pub events: usize,
    /// Its latest event by (time, id): time, id and type.
    pub last: Option<(Timestamp, EventId, &'static str)>,
    /// What was not read.
    pub unread: Vec<Unread>,
}

/// The whole folder, read.
#[derive(Debug, Default)]
pub struct FolderRead {
    /// Every device's events, each once, ordered by (time, id).
    pub events: Events,
    /// Each device's file, ordered by device id (this device's file listed even before it
    /// exists).
    pub devices: Vec<DeviceLog>,
    /// `.jsonl` files that are not device logs (a sync tool's conflict copy, say): not read.
    pub ignored: Vec<PathBuf>,
    /// Events found in more than one file, counted once.
    pub repeated: usize,
    /// Things the user should hear about.
    pub warnings: Vec<String>,
    /// Where each device file was read from and to, in the order listed.
    pub files: Vec<FileRead>,
}

/// Where one device file was read from and to: for a reader that keeps an offset per file (the
/// start-up cache), which reads on from there next time.
#[derive(Debug)]
pub struct FileRead {
    /// Whose file it is.
    pub device: DeviceId,
    /// Where reading started: `None` from the start (a resume point refused, or none given).
    pub from: Option<Resume>,
    /// Just past the last whole line read; `None` when nothing was read to resume from (no
    /// header yet, or the file could not be read).
    pub end: Option<Resume>,
    /// The last line was read though its newline has not arrived: no offset past it is safe
    /// to keep (its bytes may still change while a sync tool copies the file).
    pub partial: bool,
    /// The file as opened for this read, so what is kept about it describes the bytes read
    /// even if a sync tool has since replaced the file.
    pub handle: Option<fs::File>,
}

/// Where to resume reading a device's file (given the file as opened and its length), or
/// `None` to read it whole.
pub type ResumeAt<'a> = &'a mut dyn FnMut(&DeviceId, &fs::File, u64) -> Option<Resume>;

impl FolderRead {
    /// A warning for each file whose events are left out because this deckard cannot read it
    /// (unknown event types are skipped with a warning of their own).
    pub fn left_out(&self) -> Vec<String> {
        let unread = |u: &&Unread| matches!(u, Unread::NewerFormat { .. } | Unread::Damaged { .. });
        self.devices
            .iter()
            .flat_map(|d| {
                d.unread.iter().filter(unread).map(move |u| {
                    format!(
                        "{}: {}; its events are left out (see `deckard sync status`)",
                        d.path.display(),
                        u.describe()
                    )
                })
            })
            .collect()
    }

    /// The first problem that stops this device from writing, with its file.
    pub fn blocking(&self) -> Option<(&DeviceLog, &Unread)> {
        self.devices
            .iter()
            .find_map(|d| d.unread.iter().find(|u| u.blocks_writing()).map(|u| (d, u)))
    }
}

/// The folder opened for writing: this device's log (locked) and everything read.
#[derive(Debug)]
pub struct FolderOpened {
    /// This device's log, locked for appending.
    pub store: Store,
    /// The folder's events and files.
    pub read: FolderRead,
}

/// Why a folder cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// Reading or writing a file failed, or this device's own file is damaged.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another device's file holds what this deckard cannot read, so it must not write.
    #[error(
        "{}: {}; this device will not write progress until it can read every device's events{}",
        path.display(), problem.describe(),
        if matches!(problem, Unread::NewerFormat { .. } | Unread::NewerEvents { .. }) { ": upgrade deckard" } else { "" }
    )]
    Blocked {
        /// The file.
        path: PathBuf,
        /// What could not be read.
        problem: Unread,
    },
}

impl Folder {
    /// The folder `dir` as device `device` sees it.
    pub fn new(dir: PathBuf, device: DeviceId) -> Folder {
        Folder { dir, device }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// This device's id.
    pub fn device(&self) -> &DeviceId {
        &self.device
    }

    /// This device's own log, the only file it writes.
    pub fn own_path(&self) -> PathBuf {
        self.dir.join(self.device.file_name())
    }

    /// The shared settings file, `settings.toml` in the folder.
    pub fn settings_path(&self) -> PathBuf {
        self.dir.join(SETTINGS_FILE)
    }

    /// The device logs in the folder (and other `.jsonl` files, which are not read), in name
    /// order. A missing folder has none.
    pub(crate) fn list(&self) -> Result<Listing, StoreError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
            Err(e) => return Err(io_err(&self.dir, "list")(e)),
        };
        let (mut logs, mut ignored) = (Vec::new(), Vec::new());
        for entry in entries {
            let entry = entry.map_err(io_err(&self.dir, "list"))?;
            let name = entry.file_name();
            let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".jsonl")) else {
                continue;
            };
            match DeviceId::parse(stem) {
                Some(id) => logs.push((id, entry.path())),
                None => ignored.push(entry.path()),
            }
        }
        logs.sort();
        ignored.sort();
        Ok((logs, ignored))
    }

    /// Reads every device's file without locking or repairing any: for commands that only
    /// look. Files that cannot be read are reported in [`DeviceLog::unread`].
    pub fn read(&self) -> Result<FolderRead, StoreError> {
        self.gather(None, &mut |_, _, _| None)
    }

    /// [`Folder::read`], each file read from where `from` says (see [`FolderRead::files`]):
    /// [`FolderRead::events`] then holds only what was read.
    pub fn read_from(&self, from: ResumeAt<'_>) -> Result<FolderRead, StoreError> {
        self.gather(None, from)
    }

    /// Opens this device's file for writing (creating the folder and the file if missing,
    /// repairing a torn last line as a single log is repaired) and reads every other device's
    /// file tolerantly. Refused while any file holds what this deckard cannot read.
    pub fn open(&self) -> Result<FolderOpened, FolderError> {
        self.open_from(&mut |_, _, _| None)
    }

    /// [`Folder::open`], each file read from where `from` says (see [`FolderRead::files`]):
    /// [`FolderRead::events`] then holds only what was read.
    pub fn open_from(&self, from: ResumeAt<'_>) -> Result<FolderOpened, FolderError> {
        let path = self.own_path();
        let (mut store, mut warnings) = Store::lock(&path)?;
        let size = store.file.metadata().map_or(0, |m| m.len());
        let start = from(&self.device, &store.file, size).filter(|r| r.offset > 0 && r.offset <= size);
        let (events, keys, read_warnings, scan) = read_at(&path, &store.file, size, start)?;
        warnings.extend(read_warnings);
        warnings.extend(store.repair(&scan)?);
        // The torn tail, if any, was just repaired: the own file is whole now.
        let mut own = device_log(self.device.clone(), path.clone(), true, &events, &scan);
        own.unread.retain(|u| !matches!(u, Unread::Torn { .. }));
        let handle = store.file.try_clone().ok();
        let file = FileRead {
            device: self.device.clone(),
            from: start,
            end: (store.len > 0).then_some(Resume {
                offset: store.len,
                line: scan.next_line.max(2),
            }),
            partial: false,
            handle,
        };
        let own = OwnRead {
            log: own,
            events,
            keys,
            warnings,
            file,
        };
        let read = self.gather(Some(own), from)?;
        if let Some((d, problem)) = read.blocking() {
            return Err(FolderError::Blocked {
                path: d.path.clone(),
                problem: problem.clone(),
            });
        }
        Ok(FolderOpened { store, read })
    }

    /// Reads every device's file; `own`, when given, is this device's file already read.
    fn gather(&self, own: Option<OwnRead>, from: ResumeAt<'_>) -> Result<FolderRead, StoreError> {
        let (logs, ignored) = self.list()?;
        let mut out = FolderRead {
            ignored,
            ..FolderRead::default()
        };
        let mut per_file: Vec<(PathBuf, Vec<Event>, Vec<Key>)> = Vec::with_capacity(logs.len() + 1);
        // The device of each of `per_file`, whose last event the union finds.
        let mut owners: Vec<DeviceId> = Vec::with_capacity(logs.len() + 1);
        let have_own = own.is_some();
        if let Some(OwnRead {
            log,
            events,
            keys,
            warnings,
            file,
        }) = own
        {
            out.warnings.extend(warnings);
            out.files.push(file);
            per_file.push((log.path.clone(), events, keys));
            owners.push(log.device.clone());
            out.devices.push(log);
        } else if !logs.iter().any(|(id, _)| *id == self.device) {
            // A device that has not written yet is still one of the folder's devices.
            out.devices.push(DeviceLog {
                device: self.device.clone(),
                path: self.own_path(),
                own: true,
                events: 0,
                last: None,
                unread: Vec::new(),
            });
        }
        for (id, path) in logs {
            let own = id == self.device;
            if own && have_own {
                continue;
            }
            match read_tolerantly(&path, |file, len| from(&id, file, len))? {
                Outcome::Read(events, keys, warnings, scan, start, handle) => {
                    out.warnings.extend(warnings);
                    out.files.push(file_read(id.clone(), &scan, start, handle));
                    out.devices
                        .push(device_log(id.clone(), path.clone(), own, &events, &scan));
                    per_file.push((path, events, keys));
                    owners.push(id);
                }
                Outcome::Unread(problem) => {
                    out.files.push(FileRead {
                        device: id.clone(),
                        from: None,
                        end: None,
                        partial: false,
                        handle: None,
                    });
                    out.devices.push(DeviceLog {
                        device: id,
                        path,
                        own,
                        events: 0,
                        last: None,
                        unread: vec![problem],
                    });
                }
                Outcome::Gone => {}
            }
        }
        let (events, repeated) = union(per_file)?;
        for (i, owner) in owners.iter().enumerate() {
            if let Some(d) = out.devices.iter_mut().find(|d| d.device == *owner) {
                d.last = events.last_of(i).map(|e| (e.time, e.id, kind(&e.body)));
            }
        }
        out.devices.sort_by(|a, b| a.device.cmp(&b.device));
        out.events = events;
        out.repeated = repeated;
        Ok(out)
    }
}

/// This device's file, read (and repaired) under its lock.
struct OwnRead {
    log: DeviceLog,
    events: Vec<Event>,
    keys: Vec<Key>,
    warnings: Vec<String>,
    file: FileRead,
}

/// A folder's device logs (id and path), and its other `.jsonl` files.
pub(crate) type Listing = (Vec<(DeviceId, PathBuf)>, Vec<PathBuf>);

/// The shared settings file's name in a progress folder.
pub const SETTINGS_FILE: &str = "settings.toml";

/// What reading one file gave.
enum Outcome {
    /// Its events, their keys, warnings, what the scan found, where reading started, and the
    /// file.
    Read(Vec<Event>, Vec<Key>, Vec<String>, Scan, Option<Resume>, fs::File),
    /// Nothing could be read, for this reason.
    Unread(Unread),
    /// It vanished between listing and opening (a sync tool removed it).
    Gone,
}

/// Reads another device's file (or this device's, read-only) from where `from` says; only I/O
/// errors are errors.
fn read_tolerantly(
    path: &Path,
    from: impl FnOnce(&fs::File, u64) -> Option<Resume>,
) -> Result<Outcome, StoreError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Outcome::Gone),
        Err(e) => return Err(io_err(path, "inspect")(e)),
    };
    if !meta.is_file() {
        return Ok(Outcome::Unread(Unread::Damaged {
            reason: "it is not a regular file".into(),
        }));
    }
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Outcome::Gone),
        Err(e) => return Err(io_err(path, "open")(e)),
    };
    // The length of the file opened (a sync tool may have replaced the one looked at).
    let size = file.metadata().map_or(meta.len(), |m| m.len());
    let start = from(&file, size).filter(|r| r.offset > 0 && r.offset <= size);
    Ok(match read_at(path, &file, size, start) {
        Ok((events, keys, warnings, scan)) => Outcome::Read(events, keys, warnings, scan, start, file),
        Err(e @ StoreError::Io { .. }) => return Err(e),
        Err(StoreError::FutureVersion { version, .. }) => Outcome::Unread(Unread::NewerFormat { version }),
        Err(e) => Outcome::Unread(Unread::Damaged {
            reason: e.to_string(),
        }),
    })
}

/// Reads the log `file` (of length `size`) whole, or from `start` on (its header checked),
/// with each event's (time, id) key for the merge.
fn read_at(
    path: &Path,
    mut file: &fs::File,
    size: u64,
    start: Option<Resume>,
) -> Result<log::Keyed, StoreError> {
    use std::io::Seek;
    match start {
        Some(at) => {
            let header = log::read_header(path, &mut file)?;
            file.seek(io::SeekFrom::Start(at.offset))
                .map_err(io_err(path, "read"))?;
            let mut read = log::read_keyed(path, &mut file, size, at)?;
            (read.3.version, read.3.header_len) = header;
            Ok(read)
        }
        None => log::read_keyed(path, &mut file, size, Resume::START),
    }
}

/// Where a file read ends, for [`FileRead`]: past its last whole line, and whether a last line
/// without its newline was read as an event.
fn file_read(device: DeviceId, scan: &Scan, from: Option<Resume>, handle: fs::File) -> FileRead {
    FileRead {
        device,
        from,
        end: (!scan.fresh).then_some(Resume {
            offset: scan.end,
            line: scan.next_line,
        }),
        partial: log::whole_tail(scan).is_some(),
        handle: Some(handle),
    }
}

/// The summary of one file read.
fn device_log(device: DeviceId, path: PathBuf, own: bool, events: &[Event], scan: &Scan) -> DeviceLog {
    let mut unread = Vec::new();
    if !scan.unknown.is_empty() {
        unread.push(Unread::NewerEvents {
            kinds: scan.unknown.clone(),
        });
    }
    if let Some((line, tail)) = &scan.torn {
        unread.push(Unread::Torn {
            line: *line,
            bytes: tail.len(),
        });
    }
    DeviceLog {
        device,
        path,
        own,
        events: events.len(),
        // Found after the union, which knows which files are in order.
        last: None,
        unread,
    }
}

/// The `type` of an event as written in the log.
pub fn kind(body: &EventBody) -> &'static str {
    match body {
        EventBody::Review(_) => "review",
        EventBody::Undo { .. } => "undo",
        EventBody::Bury { .. } => "bury",
        EventBody::Quiz(_) => "quiz",
        EventBody::Suspend { .. } => "suspend",
        EventBody::Unsuspend { .. } => "unsuspend",
        EventBody::Reset { .. } => "reset",
        EventBody::Reschedule { .. } => "reschedule",
    }
}
