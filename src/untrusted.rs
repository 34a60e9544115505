//! Reading files deckard did not write (decks, settings, files to import or replay) in
//! bounded time and memory: only regular files are read (a FIFO with no writer would hang the
//! open, `/dev/zero` never ends), and reading stops at a byte limit counted on what was
//! actually read, not on what the file system claims (a file can grow while it is read).

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Opens `path` for reading, refusing anything but a regular file (symlinks to one are
/// followed). The open itself cannot block: a FIFO is refused, not waited on.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Without O_NONBLOCK, opening a FIFO waits for a writer; on a regular file it changes
        // nothing.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe or device?)"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}; deckard reads only regular files"),
        ));
    }
    Ok(file)
}

/// Reads the regular file at `path`, refusing it once more than `max` bytes were read.
pub fn read_capped(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let hint = file.metadata().map_or(0, |m| m.len()).min(max);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is larger than {max} bytes, the limit for this kind of file"),
        ));
    }
    Ok(bytes)
}

/// [`read_capped`] for text: invalid UTF-8 is an `InvalidData` error saying at which byte.
pub fn read_capped_text(path: &Path, max: u64) -> io::Result<String> {
    String::from_utf8(read_capped(path, max)?).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is not valid UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_up_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_capped(&p, 5).unwrap(), b"12345");
        let err = read_capped(&p, 4).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
    }

    /// On main, `/dev/zero` as a deck or settings file was read until memory ran out.
    #[cfg(unix)]
    #[test]
    fn devices_and_folders_are_refused() {
        let err = read_capped(Path::new("/dev/zero"), 1 << 30).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let err = read_capped(Path::new("/"), 10).unwrap_err();
        assert!(err.to_string().contains("a folder"), "{err}");
    }

    /// On main a FIFO with no writer hung the reader for ever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_without_writer_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("fifo");
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_capped(&p, 10).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }
}
