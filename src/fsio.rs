//! Durable file rewrites: the one way deckard replaces a file it did not only append to.
//!
//! The new content goes to a temporary file in the target's own folder (so the rename stays on
//! one file system), is synced, and is renamed over the target; then the folder is synced so
//! the rename itself survives a crash. Readers see the old file or the new, never half of
//! one. The target keeps its permissions (a private 0600 deck stays private), and a symlink
//! is written through: its real file gets the new content and the link stays a link.
//!
//! Temporary names are `.<name>.<pid>.<n>.tmp`, created exclusively (`O_EXCL`), so two
//! writers never share one and no randomness is needed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces `path` with `bytes` atomically (see the module doc).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Replaces `path` atomically with what `write` puts in the temporary file; for content too
/// large to build in memory first. Nothing is replaced when `write` fails.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let target = resolve(path)?;
    let keep = match fs::metadata(&target) {
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let (tmp, mut file) = temp_beside(&target, keep.is_some())?;
    let result = (|| {
        if let Some(p) = keep {
            file.set_permissions(p)?;
        }
        write(&mut file)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, &target)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(parent_dir(&target))
}

/// Creates `path` with `bytes`, failing with `AlreadyExists` if it exists: the file appears
/// whole or not at all (never empty after a failed write).
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve(path)?;
    let (tmp, mut file) = temp_beside(&target, false)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    // A hard link puts the finished file in place only if nothing is there (a rename would
    // replace a file created meanwhile).
    let linked = written.and_then(|()| fs::hard_link(&tmp, &target));
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => sync_dir(parent_dir(&target)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // Some file systems have no hard links: create exclusively, and remove on failure.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied
            ) =>
        {
            let mut file = OpenOptions::new().write(true).create_new(true).open(&target)?;
            let result = file.write_all(bytes).and_then(|()| file.sync_all());
            if let Err(e) = result {
                drop(file);
                let _ = fs::remove_file(&target);
                return Err(e);
            }
            sync_dir(parent_dir(&target))
        }
        Err(e) => Err(e),
    }
}

/// Makes the entries of `dir` (a new or renamed file) durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // Directories cannot be opened for syncing there; NTFS journals the rename.
        let _ = dir;
        Ok(())
    }
}

/// The folder holding `path` (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The file `path` stands for once symlinks are followed (it may not exist yet).
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // Linux gives up after 40 links too.
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = if link.is_absolute() {
                    link
                } else {
                    parent_dir(&p).join(link)
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// A new temporary file beside `target`. `private` creates it readable by its owner only
/// (0600 on Unix) until the target's own permissions are copied onto it; otherwise it gets
/// the usual mode for new files.
fn temp_beside(target: &Path, private: bool) -> io::Result<(PathBuf, File)> {
    let dir = parent_dir(target);
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut n = 0u32;
    loop {
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        let mut o = OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        match o.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests;
