//! A derived cache that makes start-up cost follow what changed, not the size of the history:
//! compiled deck files ([`Cache::load_paths`]) and a snapshot of every card's progress as of
//! an offset of the log ([`Cache::open_progress`], [`Cache::read_progress`]).
//!
//! Never the truth: the log and the deck files are. Every cache file is checked (format,
//! checksum, deckard build, settings, and a stamp of the log or the deck file) before use;
//! anything that does not match is ignored and rebuilt, silently. Deleting the cache changes
//! nothing but speed. Files are written through a temp file and a rename, so a crash leaves
//! the old file, the new one, or a stray temp file, never a half-written cache.
//!
//! Format: postcard (serde, compact, no schema in the file) inside a header with an xxh3
//! checksum; see the README's performance section for why.

mod decks;
mod folder;
mod frame;
mod snapshot;

pub use folder::FolderReadStats;

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use xxhash_rust::const_xxh3::xxh3_64 as const_xxh3;
use xxhash_rust::xxh3::xxh3_64;

use crate::progress::{Progress, Renames};
use std::fmt::Debug;

use crate::schedule::Scheduler;
use crate::store::{self, Event, Resume, Store, StoreError};

use snapshot::{Body, BodyOut, Key, Stamp};

/// Events replayed after a snapshot before the snapshot is rewritten: below this, replaying
/// them costs less than writing a new snapshot.
pub const REWRITE_AFTER: usize = 2_000;

/// A fingerprint of the source of every type stored in the cache: a build that changes them
/// does not read an older build's files, even under the same version number.
const SCHEMA: u64 = const_xxh3(
    concat!(
        include_str!("../deck/model.rs"),
        include_str!("../deck/diag.rs"),
        include_str!("snapshot.rs"),
        include_str!("folder.rs"),
        include_str!("decks.rs"),
    )
    .as_bytes(),
);

/// The build a cache file was written by.
fn key_version() -> String {
    format!("{}-{:016x}-{}", env!("CARGO_PKG_VERSION"), SCHEMA, frame::FORMAT)
}

/// The log's path as one spelling, however it was given (relative, through a link).
fn absolute(log: &Path) -> PathBuf {
    std::fs::canonicalize(log).unwrap_or_else(|_| log.to_owned())
}

fn name_hash(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// The cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// A cache write still running in the background; dropping it waits for the write.
#[derive(Debug, Default)]
#[must_use = "dropping a Pending waits for the write: keep it until the command ends"]
pub struct Pending(Option<JoinHandle<()>>);

impl Pending {
    /// Waits for the write to finish.
    pub fn wait(mut self) {
        self.join();
    }

    fn join(&mut self) {
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.join();
    }
}

/// The learner's progress read through the cache.
#[derive(Debug)]
pub struct Loaded {
    /// Every card's progress, as a full replay of the log would give it.
    pub progress: Progress,
    /// Things the user should hear about from reading the log.
    pub warnings: Vec<String>,
    /// True when a snapshot was used (only the events after it were replayed).
    pub resumed: bool,
    /// The snapshot being rewritten, if it was stale.
    pub pending: Pending,
}

/// What was read from the log: everything, or the events after the snapshot.
struct Tail {
    events: Vec<Event>,
    warnings: Vec<String>,
    end: Option<Resume>,
}

/// A snapshot file read and checked against its key, its body not yet decoded.
struct Found {
    stamp: Stamp,
    payload: frame::Payload,
    /// Where the body starts in the payload.
    body: usize,
}

impl Cache {
    /// A cache in `dir` (created when first written).
    pub fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    /// `<OS cache dir>/deckard`, or `None` when the home directory cannot be found.
    pub fn default_dir() -> Option<PathBuf> {
        use etcetera::base_strategy::{BaseStrategy, choose_base_strategy};
        Some(choose_base_strategy().ok()?.cache_dir().join("deckard"))
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn snapshot_path(&self, log: &Path) -> PathBuf {
        let h = name_hash(absolute(log).as_os_str().as_encoded_bytes());
        self.dir.join(format!("progress-{h:016x}.bin"))
    }

    fn key(log: &Path, settings: &dyn Debug, renames: &Renames) -> Key {
        let mut renames: Vec<(String, String)> =
            renames.iter().map(|(a, b)| (a.clone(), b.clone())).collect();
        renames.sort_unstable();
        Key {
            version: key_version(),
            log: absolute(log).display().to_string(),
            // Debug prints every field, floats exactly and maps in order (the settings keep
            // per-deck ones in a BTreeMap): any change of settings shows.
            settings: format!("{settings:?}"),
            renames,
        }
    }

    fn find(&self, log: &Path, settings: &dyn Debug, renames: &Renames) -> Option<Found> {
        let payload = frame::read(&self.snapshot_path(log))?;
        let (key, rest) = postcard::take_from_bytes::<Key>(&payload).ok()?;
        if key != Cache::key(log, settings, renames) {
            return None;
        }
        let (stamp, body) = postcard::take_from_bytes::<Stamp>(rest).ok()?;
        let body = payload.len() - body.len();
        Some(Found { stamp, payload, body })
    }

    /// Removes the snapshot of `log`: for commands that rewrite it (`merge`).
    pub fn drop_progress(&self, log: &Path) {
        let _ = std::fs::remove_file(self.snapshot_path(log));
    }

    /// Opens the log for writing, like [`Store::open`], and its progress: from the snapshot
    /// plus the events after it when the snapshot matches, else from a full replay. `settings`
    /// are every setting that shapes the fold (per-deck ones included); their `Debug` form is
    /// part of the snapshot's key.
    pub fn open_progress(
        &self,
        log: &Path,
        settings: &dyn Debug,
        sched: &Scheduler,
        renames: &Renames,
    ) -> Result<(Store, Loaded), StoreError> {
        let found = self.find(log, settings, renames);
        let stamp = found.as_ref().map(|f| f.stamp);
        let mut used = false;
        let opened = Store::open_from(log, |file, len| {
            let at = stamp?.check(file, len);
            used = at.is_some();
            at
        })?;
        let tail = Tail {
            events: opened.events,
            warnings: opened.warnings,
            end: Some(opened.end),
        };
        let loaded = self.finish(log, (settings, sched, renames), found.filter(|_| used), tail)?;
        Ok((opened.store, loaded))
    }

    /// Reads the progress without locking the log, like [`store::read`], through the cache.
    pub fn read_progress(
        &self,
        log: &Path,
        settings: &dyn Debug,
        sched: &Scheduler,
        renames: &Renames,
    ) -> Result<Loaded, StoreError> {
        let found = self.find(log, settings, renames);
        let stamp = found.as_ref().map(|f| f.stamp);
        let mut used = false;
        let read = store::read_from(log, |file, len| {
            let at = stamp?.check(file, len);
            used = at.is_some();
            at
        })?;
        let tail = Tail {
            events: read.events,
            warnings: read.warnings,
            end: read.end,
        };
        self.finish(log, (settings, sched, renames), found.filter(|_| used), tail)
    }

    /// Builds the progress from the snapshot `found` (when the log was read from its stamp on)
    /// and the events read, and rewrites the snapshot in the background when it was unusable
    /// or far behind.
    fn finish(
        &self,
        log: &Path,
        (settings, sched, renames): (&dyn Debug, &Scheduler, &Renames),
        found: Option<Found>,
        tail: Tail,
    ) -> Result<Loaded, StoreError> {
        let Tail {
            events,
            mut warnings,
            end,
        } = tail;
        let was_tail = found.is_some();
        let base = found.and_then(|f| {
            postcard::from_bytes::<Body>(&f.payload[f.body..])
                .ok()?
                .into_progress(renames)
        });
        let (progress, resumed, replayed) = match base {
            Some(mut p) => {
                for e in &events {
                    p.apply(e, sched);
                }
                (p, true, events.len())
            }
            None if was_tail => {
                // The snapshot passed its checksum but does not decode: the events read are
                // only a tail, so read the whole log again.
                let (all, w) = store::read(log)?;
                warnings = w;
                (Progress::replay_renamed(&all, sched, renames), false, all.len())
            }
            None => (
                Progress::replay_renamed(&events, sched, renames),
                false,
                events.len(),
            ),
        };
        let mut pending = Pending::default();
        if let Some(end) = end.filter(|_| !resumed || replayed >= REWRITE_AFTER) {
            pending = self.save(log, Cache::key(log, settings, renames), &progress, end);
        }
        Ok(Loaded {
            progress,
            warnings,
            resumed,
            pending,
        })
    }

    /// Writes the snapshot of `progress`, which reflects the log up to `end`, in the background.
    fn save(&self, log: &Path, key: Key, progress: &Progress, end: Resume) -> Pending {
        let Ok(file) = std::fs::File::open(log) else {
            return Pending::default();
        };
        let len = file.metadata().map_or(0, |m| m.len());
        let Some(stamp) = Stamp::take(&file, len, end) else {
            return Pending::default();
        };
        let mut payload = match (postcard::to_allocvec(&key), postcard::to_allocvec(&stamp)) {
            (Ok(k), Ok(s)) => [k, s].concat(),
            _ => return Pending::default(),
        };
        // Serialized here (the progress is about to be moved into a session); written and
        // renamed in the background, so no answer waits for the disk.
        payload = match postcard::to_extend(&BodyOut::of(progress), payload) {
            Ok(p) => p,
            Err(_) => return Pending::default(),
        };
        let path = self.snapshot_path(log);
        Pending(Some(std::thread::spawn(move || {
            let _ = frame::write(&path, &payload);
        })))
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod folder_tests;
