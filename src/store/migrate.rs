//! Moving a single progress log into a progress folder: its events become this device's log
//! there, and the old file is renamed `<log>.migrated` (kept as a backup, read by nothing),
//! so no command goes on writing to it by mistake.
//!
//! The device's log is written by `merge` (a temp file synced and renamed into place), so it
//! appears whole or not at all; if the device already has a log in the folder, the old log's
//! events join it. The old log is held locked throughout, and renamed only after the folder
//! holds its events, so an interruption at any point loses nothing and running the command
//! again finishes the move.

use std::path::{Path, PathBuf};

use super::file::{sibling, sync_parent};
use super::folder::Folder;
use super::{Store, StoreError, io_err, merge};

/// What a move did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    /// Events in the old log.
    pub events: usize,
    /// Of those, events this device's folder log did not hold yet.
    pub added: usize,
    /// This device's log in the folder.
    pub into: PathBuf,
    /// Where the old log now is.
    pub kept: PathBuf,
    /// Things the user should hear about (a repaired torn line).
    pub warnings: Vec<String>,
}

/// The name the old log gets: `<log>.migrated`, or `<log>.migrated.N` if that is taken.
fn migrated_path(log: &Path) -> PathBuf {
    let first = sibling(log, ".migrated");
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| sibling(log, &format!(".migrated.{n}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// The old copy of a log that was moved into a folder, if it was.
pub fn migrated_copy(log: &Path) -> Option<PathBuf> {
    Some(sibling(log, ".migrated")).filter(|p| p.exists())
}

/// Moves the log at `log` into `folder` as this device's log (see the module doc).
pub fn migrate(log: &Path, folder: &Folder) -> Result<Migrated, StoreError> {
    match std::fs::metadata(log) {
        Ok(m) if m.is_file() => {}
        Ok(_) => {
            return Err(StoreError::NotDeckard {
                path: log.to_owned(),
                reason: "it is not a regular file".into(),
            });
        }
        Err(e) => return Err(io_err(log, "move")(e)),
    }
    // Locked and repaired (a torn last line set aside) like any log opened for writing.
    let opened = Store::open(log)?;
    let into = folder.own_path();
    let report = merge(&into, log)?;
    let kept = migrated_path(log);
    std::fs::rename(log, &kept)
        .and_then(|()| sync_parent(&kept))
        .map_err(io_err(log, "rename"))?;
    let mut warnings = opened.warnings.clone();
    warnings.extend(report.warnings);
    drop(opened);
    Ok(Migrated {
        events: report.added + report.already,
        added: report.added,
        into,
        kept,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DeviceId, Event, EventId, read};

    fn review(id: u64, secs: i64) -> Event {
        Event::study_answer(
            EventId::from_u64(id),
            jiff::Timestamp::from_second(secs).unwrap(),
            "d/c",
            3,
            900,
        )
    }

    #[test]
    fn the_single_log_becomes_this_devices_file_and_is_kept_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let log = tmp.path().join("progress.jsonl");
        let mut s = Store::open(&log).unwrap().store;
        for e in [review(1, 100), review(2, 200)] {
            s.append(&e).unwrap();
        }
        drop(s);
        let before = std::fs::read(&log).unwrap();
        let folder = Folder::new(tmp.path().join("sync"), DeviceId::from_random(9));
        let done = migrate(&log, &folder).unwrap();
        assert_eq!((done.events, done.added), (2, 2));
        assert_eq!(done.into, tmp.path().join("sync/0000000000000009.jsonl"));
        // The device file holds the same lines; the old file is untouched under its new name.
        assert_eq!(std::fs::read(&done.into).unwrap(), before);
        assert_eq!(std::fs::read(&done.kept).unwrap(), before);
        assert_eq!(done.kept, tmp.path().join("progress.jsonl.migrated"));
        assert!(!log.exists());
        assert!(!tmp.path().join("progress.jsonl.lock").exists());
        // A second move (a log made meanwhile) joins the first and keeps both backups.
        let mut s = Store::open(&log).unwrap().store;
        s.append(&review(3, 300)).unwrap();
        drop(s);
        let again = migrate(&log, &folder).unwrap();
        assert_eq!(again.kept, tmp.path().join("progress.jsonl.migrated.2"));
        let (events, _) = read(&done.into).unwrap();
        assert_eq!(events.len(), 3);
    }

    #[test]
    fn a_missing_log_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = Folder::new(tmp.path().join("sync"), DeviceId::from_random(9));
        let err = migrate(&tmp.path().join("none.jsonl"), &folder).unwrap_err();
        assert!(err.to_string().contains("cannot move"), "{err}");
        assert!(!tmp.path().join("sync").exists());
    }
}
