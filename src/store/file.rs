//! Small file-system helpers for the store: private creation modes, side files opened without
//! following symlinks, side-file names, and making directory entries durable.

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

/// Options for a side file (`<log>.lock`, `<log>.rejected`): created 0600, and never opened
/// through a symlink, which could point the write at any file the learner can write. Use
/// [`open_side`], which also refuses anything but a regular file.
pub(crate) fn side_options() -> OpenOptions {
    let mut o = create_options();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK too: opening a FIFO planted under the name must not hang.
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    o
}

/// Opens a side file with `options` (from [`side_options`]), refusing a symlink, a FIFO, a
/// device or a folder under its name: only a regular file (or a new one) is written.
pub(crate) fn open_side(path: &Path, options: &OpenOptions) -> io::Result<std::fs::File> {
    // Checked first as well, for systems where O_NOFOLLOW is not available.
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.file_type().is_file()
    {
        return Err(not_regular());
    }
    let file = options.open(path).map_err(|e| {
        // ELOOP: the name is a symlink.
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return not_regular();
        }
        e
    })?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

fn not_regular() -> io::Error {
    io::Error::other(
        "it is not a regular file (a symlink, folder or device); deckard will not write through it",
    )
}

/// Removes what a merge of `log` killed midway left beside it (a full-size copy of the log):
/// `<log>.merging` from older versions, and the temporary files of [`crate::fsio`]
/// (`.<name>.<pid>.<n>.tmp`). Called under the log's lock, so no merge is running. Says what
/// it removed.
pub(crate) fn remove_leftovers(log: &Path) -> Option<String> {
    let real = std::fs::canonicalize(log).unwrap_or_else(|_| log.to_owned());
    let name = real.file_name()?.to_string_lossy().into_owned();
    let mut removed = Vec::new();
    let old = sibling(&real, ".merging");
    // A symlink under the name is removed too (the link, not its target).
    if std::fs::symlink_metadata(&old).is_ok_and(|m| m.file_type().is_file() || m.file_type().is_symlink())
        && std::fs::remove_file(&old).is_ok()
    {
        removed.push(old);
    }
    let prefix = format!(".{name}.");
    for entry in std::fs::read_dir(parent_dir(&real)).ok()?.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let is_temp = rest
            .strip_suffix(".tmp")
            .and_then(|mid| mid.split_once('.'))
            .is_some_and(|(pid, n)| {
                [pid, n]
                    .iter()
                    .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            });
        if is_temp
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    let first = removed.first()?;
    Some(format!(
        "removed {}{}, left by a merge that was interrupted (the log itself is whole)",
        first.display(),
        match removed.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        }
    ))
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
