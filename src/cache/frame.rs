//! One cache file on disk: a fixed header (magic, format, length, checksum) around a postcard
//! payload, read whole and checked, written through a temp file and a rename.
//!
//! Anything that does not check out (a foreign file, another format, a short or damaged file)
//! reads as absent: the caller rebuilds from the truth and never shows an error.

use std::io::Write;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

/// First bytes of every cache file.
const MAGIC: &[u8; 8] = b"DKRDCACH";

/// The layout of cache files; raised when the payloads change shape.
pub(crate) const FORMAT: u32 = 1;

const HEADER_LEN: usize = 8 + 4 + 8 + 8;

/// A cache file's bytes, of which the payload is used.
pub(crate) struct Payload(Vec<u8>);

impl std::ops::Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        // Kept whole: cutting the header off would move every byte of a large snapshot.
        &self.0[HEADER_LEN..]
    }
}

/// The payload of the cache file at `path`, if it is one of ours, whole and undamaged.
pub(crate) fn read(path: &Path) -> Option<Payload> {
    let bytes = std::fs::read(path).ok()?;
    let header = bytes.get(..HEADER_LEN)?;
    let (magic, rest) = header.split_at(8);
    let (format, rest) = rest.split_at(4);
    let (len, sum) = rest.split_at(8);
    let format = u32::from_le_bytes(format.try_into().ok()?);
    let len = u64::from_le_bytes(len.try_into().ok()?);
    let sum = u64::from_le_bytes(sum.try_into().ok()?);
    if magic != MAGIC || format != FORMAT || len != (bytes.len() - HEADER_LEN) as u64 {
        return None;
    }
    if xxh3_64(&bytes[HEADER_LEN..]) != sum {
        return None;
    }
    Some(Payload(bytes))
}

/// The temp file a write of `path` goes through: unique to this process, in the same folder,
/// so the rename is atomic and two deckards never write one temp file.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// Writes `payload` to `path` atomically: a reader sees the old file or the new one, never a
/// part. Not synced: a crash may leave a damaged file, which the checksum turns into a rebuild.
pub(crate) fn write(path: &Path, payload: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temp = temp_path(path);
    let written = (|| {
        let mut f = std::fs::File::create(&temp)?;
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&FORMAT.to_le_bytes());
        header.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        header.extend_from_slice(&xxh3_64(payload).to_le_bytes());
        f.write_all(&header)?;
        f.write_all(payload)?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_damage_reads_as_absent() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/x.bin");
        write(&p, b"hello payload").unwrap();
        assert_eq!(read(&p).as_deref(), Some(&b"hello payload"[..]));
        assert!(read(&dir.path().join("missing")).is_none());
        let good = std::fs::read(&p).unwrap();
        // Truncated anywhere, one bit flipped anywhere, or another file entirely.
        for cut in 0..good.len() {
            std::fs::write(&p, &good[..cut]).unwrap();
            assert!(read(&p).is_none(), "cut at {cut}");
        }
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x10;
            std::fs::write(&p, &bad).unwrap();
            assert!(read(&p).is_none(), "flip at {i}");
        }
        std::fs::write(&p, b"{\"deckard\":\"progress\",\"version\":1}\n").unwrap();
        assert!(read(&p).is_none());
        assert!(!temp_path(&p).exists());
    }
}
