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
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::file::{create_options, sibling, sync_parent};
use super::log::{self, Layout};
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

/// One event line of either log.
#[derive(Clone, Copy)]
struct Line<'b> {
    time: Timestamp,
    id: EventId,
    bytes: &'b [u8],
    from_other: bool,
    number: usize,
}

impl Line<'_> {
    fn key(&self) -> (Timestamp, EventId) {
        (self.time, self.id)
    }
}

/// Indexes and validates every complete line; blank lines are dropped.
fn index<'b>(
    path: &Path,
    buf: &'b [u8],
    layout: &Layout,
    from_other: bool,
) -> Result<Vec<Line<'b>>, StoreError> {
    let mut lines = Vec::new();
    log::for_each_line(&buf[layout.body..layout.end], 2, |number, bytes| {
        let Some(parsed) = log::parse_line(bytes) else {
            return Ok(());
        };
        let (id, time) = parsed
            .map_err(|reason| StoreError::Corrupt {
                path: path.to_owned(),
                line: number,
                reason,
            })?
            .id_time();
        lines.push(Line {
            time,
            id,
            bytes,
            from_other,
            number,
        });
        Ok(())
    })?;
    Ok(lines)
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
    let (mut store, buf) = Store::lock(&target)?;
    let layout = log::layout(&target, &buf)?;
    let mine = index(&target, &buf, &layout, false)?;

    let meta = fs::metadata(other).map_err(io_err(other, "open"))?;
    if !meta.is_file() {
        return Err(StoreError::NotDeckard {
            path: other.to_owned(),
            reason: "it is not a regular file".into(),
        });
    }
    let other_buf = fs::read(other).map_err(io_err(other, "read"))?;
    let other_layout = log::layout(other, &other_buf)?;
    let theirs = index(other, &other_buf, &other_layout, true)?;

    // Both inputs are sound: only now may `into` be touched.
    let mut report = MergeReport {
        warnings: store.repair(&buf, &layout)?,
        ..MergeReport::default()
    };
    if let Some(line) = other_layout.torn_line {
        report.warnings.push(format!(
            "{}:{line}: the last line is incomplete; left it out of the merge",
            other.display()
        ));
    }

    let sorted = mine.windows(2).all(|w| w[0].key() < w[1].key());
    let mut rewrite = !sorted;
    let mut by_id: HashMap<EventId, Line> = HashMap::with_capacity(mine.len() + theirs.len());
    for line in mine.into_iter().chain(theirs) {
        match by_id.entry(line.id) {
            Slot::Vacant(slot) => {
                report.added += usize::from(line.from_other);
                slot.insert(line);
            }
            Slot::Occupied(mut slot) => {
                let kept = slot.get_mut();
                if !same_event(kept.bytes, line.bytes) {
                    let (first, second) = (*kept, line);
                    let name = |l: &Line| if l.from_other { other } else { &target }.to_owned();
                    return Err(StoreError::Conflict {
                        id: line.id,
                        first: name(&first),
                        first_line: first.number,
                        second: name(&second),
                        second_line: second.number,
                    });
                }
                if line.from_other {
                    report.already += 1;
                } else {
                    rewrite = true; // a duplicate within `into`
                }
                // Of two spellings of one event keep the smaller, whichever side it came from.
                if (line.time, line.bytes) < (kept.time, kept.bytes) {
                    *kept = line;
                    rewrite = true;
                }
            }
        }
    }
    if report.added > 0 || rewrite {
        let mut lines: Vec<Line> = by_id.into_values().collect();
        lines.sort_unstable_by_key(Line::key);
        replace(&target, &lines)?;
    }
    drop(store);
    Ok(report)
}

/// Writes the merged log beside `target` and renames it over `target`.
fn replace(target: &Path, lines: &[Line]) -> Result<(), StoreError> {
    let tmp = sibling(target, ".merging");
    let result = (|| -> io::Result<()> {
        let file = create_options().write(true).truncate(true).open(&tmp)?;
        // Keep whatever mode the learner's log has (0600 when deckard created it).
        file.set_permissions(fs::metadata(target)?.permissions())?;
        let mut out = BufWriter::with_capacity(1 << 20, &file);
        out.write_all(log::HEADER.as_bytes())?;
        out.write_all(b"\n")?;
        for line in lines {
            out.write_all(line.bytes)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        drop(out);
        file.sync_all()?;
        fs::rename(&tmp, target)?;
        sync_parent(target)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_err(target, "rewrite")(e)
    })
}
