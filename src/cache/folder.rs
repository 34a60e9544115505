//! The progress snapshot of a progress folder: one offset per device file, so a start reads
//! only what each device added since.
//!
//! Each file's stamp is its device, the offset just past the last whole line read, that
//! line's number, and hashes of the file's first bytes and of the bytes just before the
//! offset. Unlike a single log's stamp it leaves the inode out: sync tools replace a file that
//! grew by a new one (a rename), and reading on from the offset is right as long as the bytes
//! before it are the same. A file whose bytes before the offset changed (replaced wholesale by
//! other content), a stamped file that vanished or can no longer be read, or an event read
//! since that clashes with one the snapshot holds, all mean a full replay, as a start without
//! the cache would do. A device's torn last line is not yet arrived: its offset stays before
//! it.
//!
//! Events read since the snapshot are merged in (time, id) order and applied on top of it:
//! one older than what its card already folded (another device's file that arrived late)
//! refolds only that card, as [`Progress::apply`] does; an event undone earlier is skipped.
//! The snapshot keeps the sorted ids of every event it folded (after its body, 8 bytes each,
//! looked up in place): an event whose id is there is a copy (the same history imported on two
//! devices) when the snapshot's card holds the same answer or mark, and is left out; otherwise
//! only the files can say whether two events share an id, and the folder is replayed in full.
//!
//! Events of one instant on one card (only a pinned `--now` makes them) are ordered by log
//! position here and by id in a full replay, so they may fold in another order until the
//! snapshot is next rebuilt.

use std::collections::HashMap;
use std::fmt::Debug;
use std::fs::File;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::snapshot::{Body, BodyOut, Key, STAMP_BYTES, hash_range};
use super::{Cache, Loaded, Pending, REWRITE_AFTER, absolute, frame, key_version, name_hash};
use crate::progress::{Held, Progress, Renames};
use crate::schedule::Scheduler;
use crate::store::{
    DeviceId, Folder, FolderError, FolderOpened, FolderRead, Resume, ResumeAt, Store, StoreError,
};

/// Where the snapshot ends in one device's file.
#[derive(Serialize, Deserialize, PartialEq, Eq, Debug, Clone)]
pub(crate) struct FileStamp {
    device: String,
    offset: u64,
    line: u64,
    head: u64,
    tail: u64,
}

impl FileStamp {
    /// The stamp of `file` at `at`, or `None` if it cannot be taken.
    fn take(device: &DeviceId, file: &File, at: Resume) -> Option<FileStamp> {
        if at.offset == 0 {
            return None;
        }
        Some(FileStamp {
            device: device.to_string(),
            offset: at.offset,
            line: at.line as u64,
            head: hash_range(file, 0, at.offset.min(STAMP_BYTES))?,
            tail: hash_range(file, at.offset.saturating_sub(STAMP_BYTES), at.offset)?,
        })
    }

    /// Where to read on in `file` (of length `len`), if its bytes before the offset are still
    /// the ones stamped.
    fn check(&self, file: &File, len: u64) -> Option<Resume> {
        if len < self.offset {
            return None;
        }
        let at = Resume {
            offset: self.offset,
            line: usize::try_from(self.line).ok()?,
        };
        let device = DeviceId::parse(&self.device)?;
        (FileStamp::take(&device, file, at).as_ref() == Some(self)).then_some(at)
    }
}

/// How many files and bytes a start read (for benchmarks and tests: a cached start reads the
/// tails only).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FolderReadStats {
    /// Device files read from an offset of the snapshot.
    pub resumed: usize,
    /// Device files read from their start.
    pub whole: usize,
    /// Bytes read from the device files (past the offsets, for the resumed ones).
    pub bytes: u64,
}

/// The result of reading the folder through the snapshot's offsets.
struct Read<R> {
    got: R,
    stats: FolderReadStats,
    /// A stamped file was not read from its offset: the snapshot no longer describes it.
    stale: bool,
}

impl Cache {
    fn folder_key(folder: &Folder, settings: &dyn Debug, renames: &Renames) -> Key {
        let mut renames: Vec<(String, String)> =
            renames.iter().map(|(a, b)| (a.clone(), b.clone())).collect();
        renames.sort_unstable();
        Key {
            version: key_version(),
            // A folder as seen by one device: its own file is the one it writes.
            log: format!(
                "folder {} device {}",
                absolute(folder.dir()).display(),
                folder.device()
            ),
            settings: format!("{settings:?}"),
            renames,
        }
    }

    fn folder_snapshot_path(&self, key: &Key) -> PathBuf {
        let h = name_hash(key.log.as_bytes());
        self.dir.join(format!("progress-{h:016x}.bin"))
    }

    /// The snapshot's stamps and its payload, if it is there and its key matches.
    fn find_folder(&self, key: &Key) -> Option<(Vec<FileStamp>, frame::Payload, usize)> {
        let payload = frame::read(&self.folder_snapshot_path(key))?;
        let (found, rest) = postcard::take_from_bytes::<Key>(&payload).ok()?;
        if found != *key {
            return None;
        }
        let (stamps, body) = postcard::take_from_bytes::<Vec<FileStamp>>(rest).ok()?;
        let body = payload.len() - body.len();
        Some((stamps, payload, body))
    }

    /// Opens a progress folder for writing, like [`Folder::open`], and its progress: from the
    /// snapshot plus what each device file gained since, when the snapshot still describes the
    /// files, else from a full replay. `settings` as in [`Cache::open_progress`].
    pub fn open_folder(
        &self,
        folder: &Folder,
        settings: &dyn Debug,
        sched: &Scheduler,
        renames: &Renames,
    ) -> Result<(Store, Loaded, FolderReadStats), FolderError> {
        let (opened, loaded, stats) = self.load_folder(
            folder,
            (settings, sched, renames),
            |from| folder.open_from(from),
            |o: &mut FolderOpened| &mut o.read,
        )?;
        Ok((opened.store, loaded, stats))
    }

    /// Reads a progress folder's progress without locking, like [`Folder::read`], through the
    /// snapshot (see [`Cache::open_folder`]).
    pub fn read_folder(
        &self,
        folder: &Folder,
        settings: &dyn Debug,
        sched: &Scheduler,
        renames: &Renames,
    ) -> Result<(Loaded, FolderReadStats), StoreError> {
        let read = self.load_folder(
            folder,
            (settings, sched, renames),
            |from| folder.read_from(from).map_err(FolderError::Store),
            |r: &mut FolderRead| r,
        );
        match read {
            Ok((_, loaded, stats)) => Ok((loaded, stats)),
            Err(FolderError::Store(e)) => Err(e),
            // Reading never refuses: what it cannot read is reported in the warnings.
            Err(FolderError::Blocked { path, problem }) => Err(StoreError::NotDeckard {
                path,
                reason: problem.describe(),
            }),
        }
    }

    fn load_folder<R>(
        &self,
        folder: &Folder,
        (settings, sched, renames): (&dyn Debug, &Scheduler, &Renames),
        mut read: impl FnMut(ResumeAt<'_>) -> Result<R, FolderError>,
        part: impl Fn(&mut R) -> &mut FolderRead,
    ) -> Result<(R, Loaded, FolderReadStats), FolderError> {
        let key = Cache::folder_key(folder, settings, renames);
        let found = self.find_folder(&key);
        let stamps: HashMap<&str, &FileStamp> = found
            .iter()
            .flat_map(|(s, _, _)| s.iter().map(|s| (s.device.as_str(), s)))
            .collect();
        let mut first = read_through(&mut read, &part, &stamps)?;
        // The snapshot's progress and the ids of every event it folded.
        let mut base = None;
        if let Some((_, payload, body)) = found.as_ref().filter(|_| !first.stale) {
            base = postcard::take_from_bytes::<Body>(&payload[*body..])
                .ok()
                .filter(|(_, ids)| ids.len() % 8 == 0)
                .and_then(|(b, ids)| Some((b.into_progress(renames)?, Ids(ids))));
        }
        // Applied on top of the snapshot, unless something read may clash with what it holds.
        let mut resumed = None;
        if let Some((mut p, ids)) = base {
            let events = &part(&mut first.got).events;
            let mut new = Vec::new();
            let mut unsure = false;
            let mut quizzes = false;
            for e in events {
                if !ids.contains(e.id.as_u64()) {
                    quizzes |= matches!(e.body, crate::store::EventBody::Quiz(_));
                    p.apply(e, sched);
                    new.push(e.id.as_u64());
                } else if p.holds(e) == Held::Unsure {
                    unsure = true;
                    break;
                }
            }
            if !unsure {
                if quizzes {
                    p.sort_quizzes();
                }
                resumed = Some((p, ids, new));
            }
        }
        let (mut got, stats, progress, replayed) = match resumed {
            Some((p, old, new)) => (first.got, first.stats, p, Some((old, new))),
            None => {
                // Read again from the start if anything was read from an offset: the snapshot
                // does not describe the files (the lock on this device's file is let go first).
                let again = if first.stats.resumed > 0 {
                    drop(first.got);
                    read_through(&mut read, &part, &HashMap::new())?
                } else {
                    first
                };
                let mut got = again.got;
                let r = part(&mut got);
                let p = Progress::replay_events(&r.events, sched, renames);
                (got, again.stats, p, None)
            }
        };
        let r = part(&mut got);
        r.warnings.extend(r.left_out());
        let mut pending = Pending::default();
        let resumed = replayed.is_some();
        if replayed
            .as_ref()
            .is_none_or(|(_, new)| new.len() >= REWRITE_AFTER)
        {
            let ids = match replayed {
                Some((old, new)) => old.with(new),
                None => {
                    let mut ids: Vec<u64> = r.events.iter().map(|e| e.id.as_u64()).collect();
                    ids.sort_unstable();
                    ids
                }
            };
            pending = self.save_folder(&key, r, &progress, &ids);
        }
        let loaded = Loaded {
            progress,
            warnings: std::mem::take(&mut r.warnings),
            resumed,
            pending,
        };
        Ok((got, loaded, stats))
    }

    /// Writes the snapshot of `progress`, which reflects the files of `read` up to where they
    /// were read, in the background. Not while a file's last line was read before its newline
    /// arrived, or while a file holds what this deckard cannot read: the next start must read
    /// those again whole.
    fn save_folder(&self, key: &Key, read: &FolderRead, progress: &Progress, ids: &[u64]) -> Pending {
        let blocked = read
            .devices
            .iter()
            .any(|d| d.unread.iter().any(|u| u.blocks_writing()));
        if blocked || read.files.iter().any(|f| f.partial) {
            return Pending::default();
        }
        let mut stamps = Vec::with_capacity(read.files.len());
        for f in &read.files {
            let (Some(end), Some(handle)) = (f.end, &f.handle) else {
                continue;
            };
            match FileStamp::take(&f.device, handle, end) {
                Some(s) => stamps.push(s),
                None => return Pending::default(),
            }
        }
        let mut payload = match (postcard::to_allocvec(key), postcard::to_allocvec(&stamps)) {
            (Ok(k), Ok(s)) => [k, s].concat(),
            _ => return Pending::default(),
        };
        payload = match postcard::to_extend(&BodyOut::of(progress), payload) {
            Ok(p) => p,
            Err(_) => return Pending::default(),
        };
        payload.reserve(ids.len() * 8);
        for id in ids {
            payload.extend_from_slice(&id.to_le_bytes());
        }
        let path = self.folder_snapshot_path(key);
        Pending(Some(std::thread::spawn(move || {
            let _ = frame::write(&path, &payload);
        })))
    }
}

/// The ids of every event a folder snapshot folded, sorted, as stored after its body (8 bytes
/// each, little-endian): looked up where they lie, never decoded whole. An event read since
/// whose id is not there is new; one whose id is there is a copy, or a clash only a full read
/// can name.
struct Ids<'a>(&'a [u8]);

impl Ids<'_> {
    fn get(&self, i: usize) -> u64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.0[i * 8..i * 8 + 8]);
        u64::from_le_bytes(b)
    }

    fn len(&self) -> usize {
        self.0.len() / 8
    }

    fn contains(&self, id: u64) -> bool {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(&id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// These ids and `new` ones (none of them among these), sorted.
    fn with(&self, mut new: Vec<u64>) -> Vec<u64> {
        new.sort_unstable();
        let mut out = Vec::with_capacity(self.len() + new.len());
        let mut fresh = new.into_iter().peekable();
        for i in 0..self.len() {
            let id = self.get(i);
            while let Some(n) = fresh.next_if(|n| *n < id) {
                out.push(n);
            }
            out.push(id);
        }
        out.extend(fresh);
        out
    }
}

/// Reads the folder, each stamped file from its offset when its stamp still holds.
fn read_through<R>(
    read: &mut impl FnMut(ResumeAt<'_>) -> Result<R, FolderError>,
    part: &impl Fn(&mut R) -> &mut FolderRead,
    stamps: &HashMap<&str, &FileStamp>,
) -> Result<Read<R>, FolderError> {
    let mut refused = false;
    let mut from = |device: &DeviceId, file: &File, len: u64| {
        let stamp = stamps.get(device.to_string().as_str())?;
        let at = stamp.check(file, len);
        refused |= at.is_none();
        at
    };
    let mut got = read(&mut from)?;
    let r = part(&mut got);
    let mut stats = FolderReadStats::default();
    for f in &r.files {
        match f.from {
            Some(_) => stats.resumed += 1,
            None => stats.whole += 1,
        }
        let start = f.from.map_or(0, |r| r.offset);
        stats.bytes += f.end.map_or(0, |e| e.offset.saturating_sub(start));
    }
    // Every stamped file must have been read on from its offset.
    let resumed = |d: &str| {
        r.files
            .iter()
            .any(|f| f.from.is_some() && f.device.to_string() == d)
    };
    let stale = refused || !stamps.keys().all(|d| resumed(d));
    Ok(Read { got, stats, stale })
}
