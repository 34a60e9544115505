//! Small file-system helpers for the store: private creation modes, side-file names, and
//! making directory entries durable.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};

/// Options that create a missing file readable by its owner only (0600 on Unix).
pub(crate) fn create_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// `path` with `suffix` appended to its file name (`progress.jsonl` → `progress.jsonl.lock`).
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.file_name().unwrap_or_default().to_owned();
    name.push(suffix);
    path.with_file_name(name)
}

/// The directory holding `path` (`.` for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Creates the missing directories above `path` (0700 on Unix: progress is private).
pub(crate) fn create_parents(path: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(parent_dir(path))
}

/// Makes a new or renamed entry in `path`'s directory durable.
pub(crate) fn sync_parent(path: &Path) -> io::Result<()> {
    crate::fsio::sync_dir(parent_dir(path))
}
