//! Reading an Anki package (`.apkg`, `.colpkg`): a zip holding a SQLite collection and media.
//!
//! Packages come from anywhere, so every read is bounded: the declared and the actual size of
//! each entry, and the total, are capped (a zip bomb or a 1 GB media file is refused before it
//! fills memory or disk), and nothing is written anywhere while reading.

use std::io::{Cursor, Read};

use super::AnkiError;
use super::proto;

/// Caps on what a package may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest collection, uncompressed.
    pub collection: u64,
    /// The largest media file.
    pub media_file: u64,
    /// All media together.
    pub media_total: u64,
    /// The most zip entries.
    pub entries: usize,
}

impl Default for Limits {
    /// 512 MiB of collection, 100 MiB per media file, 1 GiB of media, 200 000 entries: far above
    /// real collections, far below what would exhaust a laptop.
    fn default() -> Self {
        Limits {
            collection: 512 << 20,
            media_file: 100 << 20,
            media_total: 1 << 30,
            entries: 200_000,
        }
    }
}

/// Which collection file the package held (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `collection.anki21b`: zstd-compressed schema-18 collection, protobuf media map,
    /// zstd-compressed media files (Anki 2.1.50+).
    Current,
    /// `collection.anki21`: schema 11, JSON media map.
    Legacy2,
    /// `collection.anki2`: the oldest layout.
    Legacy1,
}

impl Layout {
    /// The collection's file name in the zip.
    pub fn file_name(self) -> &'static str {
        match self {
            Layout::Current => "collection.anki21b",
            Layout::Legacy2 => "collection.anki21",
            Layout::Legacy1 => "collection.anki2",
        }
    }
}

/// A package read into memory: the collection's SQLite bytes and the media files.
pub struct Package {
    /// The layout the collection came in.
    pub layout: Layout,
    /// The SQLite database, uncompressed.
    pub collection: Vec<u8>,
    /// Media files: (name as Anki knows it, bytes), in the map's order.
    pub media: Vec<(String, Vec<u8>)>,
    /// Media entries left out, with the reason.
    pub media_skipped: Vec<String>,
}

/// Reads a package from its bytes (the file's name is only for messages).
pub fn read(name: &str, bytes: &[u8], limits: &Limits) -> Result<Package, AnkiError> {
    let bad = |message: String| AnkiError::Package {
        file: name.to_string(),
        message,
    };
    if !bytes.starts_with(b"PK\x03\x04") && !bytes.starts_with(b"PK\x05\x06") {
        return Err(bad(
            "not a zip archive (an Anki package is a zip file holding a collection)".into(),
        ));
    }
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(format!("damaged zip archive: {e}")))?;
    if zip.len() > limits.entries {
        return Err(bad(format!(
            "{} entries, more than the {} allowed",
            zip.len(),
            limits.entries
        )));
    }
    let layout = [Layout::Current, Layout::Legacy2, Layout::Legacy1]
        .into_iter()
        .find(|l| zip.index_for_name(l.file_name()).is_some())
        .ok_or_else(|| {
            bad(
                "no collection in the zip (collection.anki21b, collection.anki21 or collection.anki2): \
                 is it an Anki package?"
                    .into(),
            )
        })?;
    let raw = entry(&mut zip, layout.file_name(), limits.collection, name)?;
    let collection = if layout == Layout::Current {
        unzstd(&raw, limits.collection).map_err(|m| bad(format!("{}: {m}", layout.file_name())))?
    } else {
        raw
    };
    let mut package = Package {
        layout,
        collection,
        media: Vec::new(),
        media_skipped: Vec::new(),
    };
    if zip.index_for_name("media").is_none() {
        return Ok(package);
    }
    let map = entry(&mut zip, "media", 64 << 20, name)?;
    let list = media_list(&map, layout).map_err(|m| bad(format!("the media map: {m}")))?;
    let mut total: u64 = 0;
    for (zip_name, media_name) in list {
        if let Some(why) = unsafe_name(&media_name) {
            package.media_skipped.push(format!("media `{media_name}`: {why}"));
            continue;
        }
        if zip.index_for_name(&zip_name).is_none() {
            package.media_skipped.push(format!(
                "media `{media_name}`: listed in the map but missing from the zip"
            ));
            continue;
        }
        let raw = entry(&mut zip, &zip_name, limits.media_file, name)?;
        let data = if layout == Layout::Current {
            unzstd(&raw, limits.media_file).map_err(|m| bad(format!("media `{media_name}`: {m}")))?
        } else {
            raw
        };
        total += data.len() as u64;
        if total > limits.media_total {
            return Err(bad(format!(
                "the media files add up to more than {} (the limit)",
                human(limits.media_total)
            )));
        }
        package.media.push((media_name, data));
    }
    Ok(package)
}

/// One zip entry, refused when its declared or actual size passes `cap`.
fn entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    entry: &str,
    cap: u64,
    file: &str,
) -> Result<Vec<u8>, AnkiError> {
    let bad = |message: String| AnkiError::Package {
        file: file.to_string(),
        message: format!("`{entry}`: {message}"),
    };
    let f = zip
        .by_name(entry)
        .map_err(|e| bad(format!("cannot read it: {e}")))?;
    if f.size() > cap {
        return Err(bad(format!(
            "declares {} uncompressed, more than the {} allowed",
            human(f.size()),
            human(cap)
        )));
    }
    let declared = f.size();
    let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    f.take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| bad(format!("cannot be read whole ({e}): a damaged zip or a zip bomb")))?;
    if out.len() as u64 > cap {
        return Err(bad(format!(
            "expands past {} (declared {}): a zip bomb?",
            human(cap),
            human(declared)
        )));
    }
    if out.len() as u64 != declared {
        return Err(bad(format!(
            "holds {} bytes but declares {declared}: the zip is damaged",
            out.len()
        )));
    }
    Ok(out)
}

/// Decompresses a zstd frame, refusing output past `cap`.
fn unzstd(data: &[u8], cap: u64) -> Result<Vec<u8>, String> {
    let decoder = zstd::stream::read::Decoder::new(data).map_err(|e| format!("not zstd data: {e}"))?;
    let mut out = Vec::new();
    decoder
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("damaged zstd data: {e}"))?;
    if out.len() as u64 > cap {
        return Err(format!("expands past {} (a zip bomb?)", human(cap)));
    }
    Ok(out)
}

/// (zip entry name, media file name) pairs from the `media` entry: a JSON object
/// `{"0": "name.png"}` in legacy packages, a zstd-compressed protobuf `MediaEntries` in current
/// ones (entry `i` of the list is zip entry `i`, unless `legacy_zip_filename` (255) says
/// otherwise).
fn media_list(map: &[u8], layout: Layout) -> Result<Vec<(String, String)>, String> {
    if layout != Layout::Current {
        let m: std::collections::BTreeMap<String, String> =
            serde_json::from_slice(map).map_err(|e| format!("not the JSON map legacy packages hold: {e}"))?;
        let mut list: Vec<(String, String)> = m.into_iter().collect();
        list.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
        return Ok(list);
    }
    let data = unzstd(map, 64 << 20)?;
    let mut out = Vec::new();
    let entries = proto::fields(&data)?
        .into_iter()
        .filter_map(|(n, v)| match (n, v) {
            (1, proto::Value::Bytes(entry)) => Some(entry),
            _ => None,
        });
    for (i, entry) in entries.enumerate() {
        let fs = proto::fields(entry)?;
        let name = proto::string(&fs, 1)?.to_string();
        let index = if fs.iter().any(|(k, _)| *k == 255) {
            proto::uint(&fs, 255)
        } else {
            i as u64
        };
        out.push((index.to_string(), name));
    }
    Ok(out)
}

/// Why a media name cannot be a file name in `media/` (a path, hidden, or control characters).
fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.len() > 255 {
        Some("an empty or over-long name")
    } else if name.contains(['/', '\\']) || name == ".." || name == "." {
        Some("a name with a path in it")
    } else if name.starts_with('.') {
        Some("a hidden file name")
    } else if name.chars().any(char::is_control) {
        Some("control characters in the name")
    } else {
        None
    }
}

/// Bytes as KiB/MiB/GiB for messages.
fn human(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GiB", n as f64 / f64::from(1u32 << 30)),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}
