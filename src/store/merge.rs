//! Merging another device's log into this one: the union of both by event id, ordered by
//! (time, id), written to a temp file beside the log, synced, and renamed over it.
//!
//! The result depends only on the set of lines, so merging is idempotent (a second merge finds
//! nothing new and leaves the file untouched) and commutative (a into b and b into a give the
//! same bytes). Lines are copied verbatim, so events of types this version does not know
//! survive. One id with two different events is a conflict, and nothing is written.

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::log::{self, Scan};
use super::{EventId, Store, StoreError, io_err};

/// What a merge did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MergeReport {
    /// Events of the other log that were new here.
    pub added: usize,
    /// Events of the other log already here.
    pub already: usize,
    /// Things the user should hear about (a repaired or ignored torn line).
    pub warnings: Vec<String>,
}

/// One event line of either log; its bytes are `bytes[range]` of its log's [`Lines`].
#[derive(Clone)]
struct Line {
    time: Timestamp,
    id: EventId,
    range: Range<usize>,
    from_other: bool,
    number: usize,
}

impl Line {
    fn key(&self) -> (Timestamp, EventId) {
        (self.time, self.id)
    }
}

/// The validated event lines of one log, and their bytes.
struct Lines {
    bytes: Vec<u8>,
    lines: Vec<Line>,
    scan: Scan,
}

/// Reads, indexes and validates every complete line of a log; blank lines are dropped.
fn index(path: &Path, r: &mut impl Read, from_other: bool) -> Result<Lines, StoreError> {
    let mut bytes = Vec::new();
    let mut lines = Vec::new();
    let scan = log::scan(path, r, |first, run| {
        log::for_each_line(run, first, |number, line| {
            let Some(parsed) = log::parse_line(line) else {
                return Ok(());
            };
            let (id, time) = parsed
                .map_err(|reason| StoreError::Corrupt {
                    path: path.to_owned(),
                    line: number,
                    reason,
                })?
                .id_time();
            let range = bytes.len()..bytes.len() + line.len();
            bytes.extend_from_slice(line);
            lines.push(Line {
                time,
                id,
                range,
                from_other,
                number,
            });
            Ok(())
        })
    })?;
    Ok(Lines { bytes, lines, scan })
}

/// True when two lines carrying one id record the same event (byte-equal, or equal JSON).
fn same_event(a: &[u8], b: &[u8]) -> bool {
    a == b
        || matches!(
            (
                serde_json::from_slice::<serde_json::Value>(a),
                serde_json::from_slice::<serde_json::Value>(b),
            ),
            (Ok(x), Ok(y)) if x == y
        )
}

/// Merges the log at `other` into the log at `into` (created if missing), under `into`'s lock.
pub fn merge(into: &Path, other: &Path) -> Result<MergeReport, StoreError> {
    // Renaming over a symlink would replace the link, not the log it points to.
    let target: PathBuf = fs::canonicalize(into).unwrap_or_else(|_| into.to_owned());
    let mut store = Store::lock(&target)?;
    let mine = index(&target, &mut &store.file, false)?;

    // Looked at before opening: opening a named pipe would block.
    let meta = fs::metadata(other).map_err(io_err(other, "open"))?;
    if !meta.is_file() {
        return Err(StoreError::NotDeckard {
            path: other.to_owned(),
            reason: "it is not a regular file".into(),
        });
    }
    let mut other_file = fs::File::open(other).map_err(io_err(other, "open"))?;
    let theirs = index(other, &mut other_file, true)?;

    // Both inputs are sound: only now may `into` be touched.
    let mut report = MergeReport {
        warnings: store.repair(&mine.scan)?,
        ..MergeReport::default()
    };
    if let Some((line, _)) = theirs.scan.torn {
        report.warnings.push(format!(
            "{}:{line}: the last line is incomplete; left it out of the merge",
            other.display()
        ));
    }

    let text = |l: &Line| match l.from_other {
        false => &mine.bytes[l.range.clone()],
        true => &theirs.bytes[l.range.clone()],
    };
    let sorted = mine.lines.windows(2).all(|w| w[0].key() < w[1].key());
    let mut rewrite = !sorted;
    let mut by_id: HashMap<EventId, Line> = HashMap::with_capacity(mine.lines.len() + theirs.lines.len());
    for line in mine.lines.iter().chain(&theirs.lines) {
        match by_id.entry(line.id) {
            Slot::Vacant(slot) => {
                report.added += usize::from(line.from_other);
                slot.insert(line.clone());
            }
            Slot::Occupied(mut slot) => {
                let kept = slot.get_mut();
                if !same_event(text(kept), text(line)) {
                    let name = |l: &Line| if l.from_other { other } else { &target }.to_owned();
                    return Err(StoreError::Conflict {
                        id: line.id,
                        first: name(kept),
                        first_line: kept.number,
                        second: name(line),
                        second_line: line.number,
                    });
                }
                if line.from_other {
                    report.already += 1;
                } else {
                    rewrite = true; // a duplicate within `into`
                }
                // Of two spellings of one event keep the smaller, whichever side it came from.
                if (line.time, text(line)) < (kept.time, text(kept)) {
                    *kept = line.clone();
                    rewrite = true;
                }
            }
        }
    }
    if report.added > 0 || rewrite {
        let mut lines: Vec<Line> = by_id.into_values().collect();
        lines.sort_unstable_by_key(Line::key);
        // The merged log holds both logs' events, so it needs the newer of their versions.
        let version = mine.scan.version.max(theirs.scan.version);
        replace(&target, version, lines.iter().map(text))?;
    }
    drop(store);
    Ok(report)
}

/// Writes the merged log beside `target` and renames it over `target` (keeping its mode: 0600
/// when deckard created it).
fn replace<'a>(target: &Path, version: u32, lines: impl Iterator<Item = &'a [u8]>) -> Result<(), StoreError> {
    crate::fsio::write_atomic_with(target, |file| {
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(log::header(version).as_bytes())?;
        out.write_all(b"\n")?;
        for line in lines {
            out.write_all(line)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    })
    .map_err(io_err(target, "rewrite"))
}
