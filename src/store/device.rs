//! The id of this device in a progress folder: 16 lowercase hex digits, made once from the
//! caller's OS randomness and kept in a small file in the device's local data directory
//! (`<data dir>/deckard/device-id`), never in the synced folder: a folder copied to a new
//! device must not make it write under another device's name.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use etcetera::base_strategy::{BaseStrategy, choose_native_strategy};

/// The file holding the device id, in the local data directory.
pub const DEVICE_ID_FILE: &str = "device-id";

/// One device's id: its log in a progress folder is `<id>.jsonl`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(String);

impl DeviceId {
    /// The id made from 64 random bits (drawn from the OS by the caller).
    pub fn from_random(bits: u64) -> DeviceId {
        DeviceId(format!("{bits:016x}"))
    }

    /// The id named by a device log's file stem, if it is one (16 lowercase hex digits).
    pub fn parse(s: &str) -> Option<DeviceId> {
        let ok = s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| DeviceId(s.to_owned()))
    }

    /// The id as written in file names.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name of this device's log in a progress folder.
    pub fn file_name(&self) -> String {
        format!("{}.jsonl", self.0)
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The default place of the device id file: `<OS data dir>/deckard/device-id`.
pub fn default_device_id_path() -> Option<PathBuf> {
    let dirs = choose_native_strategy().ok()?;
    Some(dirs.data_dir().join("deckard").join(DEVICE_ID_FILE))
}

/// Why the device id could not be read or kept.
#[derive(Debug, thiserror::Error)]
pub enum DeviceIdError {
    /// The file could not be read or written.
    #[error("cannot {op} the device id file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        op: &'static str,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// The file holds something else than an id.
    #[error(
        "{}: not a deckard device id (16 lowercase hex digits); delete the file to make a new one, \
         but only if no progress folder has a log under the old id",
        path.display()
    )]
    Invalid {
        /// The file.
        path: PathBuf,
    },
}

/// Reads the device id kept at `path`, or makes one from `random` (OS randomness, never a
/// user's seed) and keeps it there, atomically: two processes starting at once agree on one.
pub fn load_or_create(path: &Path, random: u64) -> Result<DeviceId, DeviceIdError> {
    let io = |op| {
        move |source| DeviceIdError::Io {
            path: path.to_owned(),
            op,
            source,
        }
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            return DeviceId::parse(text.trim()).ok_or_else(|| DeviceIdError::Invalid {
                path: path.to_owned(),
            });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io("read")(e)),
    }
    super::file::create_parents(path).map_err(io("create the directory of"))?;
    let id = DeviceId::from_random(random);
    match crate::fsio::write_new(path, format!("{id}\n").as_bytes()) {
        Ok(()) => Ok(id),
        // Another process made it first: use theirs.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => load_or_create(path, random),
        Err(e) => Err(io("write")(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/deckard/device-id");
        let a = load_or_create(&path, 0xabc).unwrap();
        assert_eq!(a.as_str(), "0000000000000abc");
        assert_eq!(load_or_create(&path, 0xdef).unwrap(), a);
        assert_eq!(a.file_name(), "0000000000000abc.jsonl");
    }

    #[test]
    fn a_foreign_id_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device-id");
        std::fs::write(&path, "laptop\n").unwrap();
        assert!(matches!(
            load_or_create(&path, 1),
            Err(DeviceIdError::Invalid { .. })
        ));
    }

    #[test]
    fn only_hex_stems_are_device_ids() {
        assert!(DeviceId::parse("0123456789abcdef").is_some());
        for bad in ["0123456789ABCDEF", "0123", "0123456789abcdeg", "settings"] {
            assert!(DeviceId::parse(bad).is_none(), "{bad}");
        }
    }
}
