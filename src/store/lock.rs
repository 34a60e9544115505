//! One writer per log: an advisory lock on the log file itself (std `File::try_lock`), and a
//! `<log>.lock` side file that names the holder for the refusal message.
//!
//! The OS drops the lock when its holder dies, so a killed process leaves no stale lock; its
//! side file may linger, but it is read only while someone holds the lock, and every holder
//! rewrites it first thing. A merge replaces the log by rename, so after locking we check that
//! the path still names the file we locked, and start over if not.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::StoreError;
use super::file::{create_options, open_side, sibling, side_options};

/// Who holds a log, as recorded in its side file.
#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
struct Holder {
    pid: u32,
    host: String,
}

impl Holder {
    fn me() -> Self {
        Holder {
            pid: std::process::id(),
            host: hostname(),
        }
    }
}

fn hostname() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown host".into())
}

/// The side file naming the holder of `log`'s lock.
pub(crate) fn holder_path(log: &Path) -> PathBuf {
    sibling(log, ".lock")
}

/// A locked, open log file, and the side file to remove when done.
pub(crate) struct Locked {
    pub file: File,
    pub holder_file: PathBuf,
}

/// Opens (creating it with mode 0600 if missing) and locks `path` for writing.
pub(crate) fn acquire(path: &Path) -> Result<Locked, StoreError> {
    let io = |op, source| StoreError::Io {
        path: path.to_owned(),
        op,
        source,
    };
    // A few rounds at most: each retry means a merge replaced the file under us.
    for _ in 0..8 {
        let file = create_options()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|e| io("open", e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: path.to_owned(),
                    holder: describe_holder(path),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io("lock", e)),
        }
        if !same_file(&file, path).map_err(|e| io("inspect", e))? {
            continue;
        }
        let holder_file = holder_path(path);
        record_holder(&holder_file).map_err(|e| StoreError::Io {
            path: holder_file.clone(),
            op: "write",
            source: e,
        })?;
        return Ok(Locked { file, holder_file });
    }
    Err(io(
        "lock",
        io::Error::other("the file kept being replaced while locking it"),
    ))
}

fn record_holder(holder_file: &Path) -> io::Result<()> {
    let mut f = open_side(holder_file, side_options().write(true).truncate(true))?;
    let mut text = serde_json::to_string(&Holder::me()).map_err(io::Error::other)?;
    text.push('\n');
    f.write_all(text.as_bytes())
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

/// Says who holds the lock on `path`, as far as the side file tells.
fn describe_holder(path: &Path) -> String {
    let recorded = open_side(&holder_path(path), OpenOptions::new().read(true))
        .ok()
        .and_then(|f| serde_json::from_reader::<_, Holder>(io::BufReader::new(f)).ok());
    match recorded {
        Some(h) if h.host == hostname() && !pid_alive(h.pid) => {
            // The record is a dead process's: the live holder has not written its own yet.
            "another process that has not recorded its pid yet".into()
        }
        Some(h) => format!("pid {} on host {}", h.pid, crate::sanitize::escape(&h.host)),
        None => "another process (no holder recorded)".into(),
    }
}

fn pid_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    // Without /proc we cannot tell: trust the record.
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_record_roundtrips_and_names_me() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("p.jsonl");
        let held = acquire(&log).unwrap();
        let text = describe_holder(&log);
        assert_eq!(text, format!("pid {} on host {}", std::process::id(), hostname()));
        assert!(matches!(acquire(&log), Err(StoreError::Locked { .. })));
        drop(held);
        assert!(acquire(&log).is_ok());
    }

    #[test]
    fn record_of_a_dead_pid_is_not_blamed() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("p.jsonl");
        let _held = acquire(&log).unwrap();
        let dead = Holder {
            pid: u32::MAX - 1,
            host: hostname(),
        };
        std::fs::write(holder_path(&log), serde_json::to_string(&dead).unwrap()).unwrap();
        assert!(describe_holder(&log).contains("not recorded"));
    }
}
