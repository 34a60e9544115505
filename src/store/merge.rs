//! Merging another device's log into this one: the union of both by event id, ordered by
//! (time, id), written to a temp file beside the log, synced, and renamed over it.
//!
//! The result depends only on the set of lines, so merging is idempotent (a second merge finds
//! nothing new and leaves the file untouched) and commutative (a into b and b into a give the
//! same bytes). Lines are copied verbatim, so events of types this version does not know
//! survive. One id with two different events is a conflict, and nothing is written.
//!
//! # Renumbering (`merge --renumber`)
//!
//! Logs written before ids stopped following `--seed` can hold different events under one id.
//! With [`MergeOptions::renumber`], each such pair is settled by one rule that does not depend
//! on which log is merged into which: the line with the smaller bytes keeps the id, and the
//! other moves to an id derived from its own bytes ([`EventId::renumbered`]; a further attempt
//! number if that is taken). Undo events of the same log that withdrew the moved event follow
//! it to its new id. So a into b and b into a still agree, a second merge finds nothing new,
//! and a device that merges later renumbers the same line to the same id.

use std::collections::hash_map::Entry as Slot;
use std::collections::{HashMap, HashSet};
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
    /// Events moved to a new id because the other log held a different event under theirs.
    pub renumbered: usize,
}

/// How to merge.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MergeOptions {
    /// Settle ids that hold different events in the two logs by moving one of the two events
    /// to a new id (see the module doc) instead of refusing.
    pub renumber: bool,
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
    // A last line lacking only its newline is kept (`Store::repair` ends it in `into`).
    if let (Some(parsed), Some((number, tail))) = (log::whole_tail(&scan), &scan.torn) {
        let (id, time) = parsed.id_time();
        let range = bytes.len()..bytes.len() + tail.len();
        bytes.extend_from_slice(tail);
        lines.push(Line {
            time,
            id,
            range,
            from_other,
            number: *number,
        });
    }
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
    merge_with(into, other, MergeOptions::default())
}

/// [`merge`] with options.
pub fn merge_with(into: &Path, other: &Path, options: MergeOptions) -> Result<MergeReport, StoreError> {
    // Renaming over a symlink would replace the link, not the log it points to.
    let target: PathBuf = fs::canonicalize(into).unwrap_or_else(|_| into.to_owned());
    let (mut store, lock_warnings) = Store::lock(&target)?;
    let mut mine = index(&target, &mut &store.file, false)?;

    // Looked at before opening: opening a named pipe would block.
    let meta = fs::metadata(other).map_err(io_err(other, "open"))?;
    if !meta.is_file() {
        return Err(StoreError::NotDeckard {
            path: other.to_owned(),
            reason: "it is not a regular file".into(),
        });
    }
    let mut other_file = crate::untrusted::open_regular(other).map_err(io_err(other, "open"))?;
    let mut theirs = index(other, &mut other_file, true)?;

    // Both inputs are sound: only now may `into` be touched.
    let mut report = MergeReport {
        warnings: lock_warnings,
        ..MergeReport::default()
    };
    report.warnings.extend(store.repair(&mine.scan)?);
    if let (Some((line, _)), None) = (&theirs.scan.torn, log::whole_tail(&theirs.scan)) {
        report.warnings.push(format!(
            "{}:{line}: the last line is incomplete; left it out of the merge",
            other.display()
        ));
    }
    if options.renumber {
        report.renumbered = renumber(&mut mine, &mut theirs);
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

/// Moves one event of each pair that shares an id between the two logs but differs onto a new
/// id, and the undo events of its log that withdrew it (see the module doc). Returns how many
/// events moved.
fn renumber(mine: &mut Lines, theirs: &mut Lines) -> usize {
    // Where each id's line is, in either log: (side, index of its line).
    let mut first_of: HashMap<EventId, (usize, usize)> = HashMap::new();
    for (side, lines) in [&*mine, &*theirs].into_iter().enumerate() {
        for (i, l) in lines.lines.iter().enumerate() {
            first_of.entry(l.id).or_insert((side, i));
        }
    }
    let bytes_of = |(side, i): (usize, usize)| {
        let lines = if side == 0 { &*mine } else { &*theirs };
        &lines.bytes[lines.lines[i].range.clone()]
    };
    let mut taken: HashSet<EventId> = HashSet::new();
    // The moves of each side: old id → new id.
    let mut moves: [HashMap<EventId, EventId>; 2] = Default::default();
    // Undos last, compared as they will read once the events they withdraw have moved: an
    // undo that differs only by following its event is the same undo.
    let undos: Vec<bool> = theirs
        .lines
        .iter()
        .map(|l| is_undo(&theirs.bytes[l.range.clone()]))
        .collect();
    let order = (0..theirs.lines.len())
        .filter(|&j| !undos[j])
        .chain((0..theirs.lines.len()).filter(|&j| undos[j]));
    for j in order {
        let line = &theirs.lines[j];
        let Some(&(0, i)) = first_of.get(&line.id) else {
            continue;
        };
        let a = moved(bytes_of((0, i)), &moves[0]);
        let b = moved(&theirs.bytes[line.range.clone()], &moves[1]);
        if same_event(&a, &b) || moves.iter().any(|m| m.contains_key(&line.id)) {
            continue;
        }
        let (side, loser) = if a < b { (1, &*b) } else { (0, &*a) };
        // An id already holding this very event (moved by an earlier merge) is the one to take.
        let free = |id: &EventId| match first_of.get(id) {
            None => !taken.contains(id),
            Some(&at) => same_event(bytes_of(at), &rewrite_id(loser, *id)),
        };
        let new = (0u32..)
            .map(|attempt| EventId::renumbered(loser, attempt))
            .find(free)
            .unwrap_or(line.id);
        taken.insert(new);
        moves[side].insert(line.id, new);
    }
    let moved = moves[0].len() + moves[1].len();
    for (lines, moves) in [(mine, &moves[0]), (theirs, &moves[1])] {
        if moves.is_empty() {
            continue;
        }
        for i in 0..lines.lines.len() {
            let range = lines.lines[i].range.clone();
            if let Some(text) = rewrite_ids(&lines.bytes[range], moves) {
                let start = lines.bytes.len();
                lines.bytes.extend_from_slice(text.as_bytes());
                let line = &mut lines.lines[i];
                line.range = start..lines.bytes.len();
                line.id = moves.get(&line.id).copied().unwrap_or(line.id);
            }
        }
    }
    moved
}

fn is_undo(line: &[u8]) -> bool {
    matches!(
        log::parse_line(line),
        Some(Ok(super::event::Decoded::Known(super::Event {
            body: super::EventBody::Undo { .. },
            ..
        })))
    )
}

/// `line` with the moves applied (see [`rewrite_ids`]).
fn moved<'a>(line: &'a [u8], moves: &HashMap<EventId, EventId>) -> std::borrow::Cow<'a, [u8]> {
    match moves.is_empty() {
        true => line.into(),
        false => rewrite_ids(line, moves).map_or(line.into(), |s| s.into_bytes().into()),
    }
}

/// `line` moved to `id` (its bytes unchanged if it cannot be read).
fn rewrite_id(line: &[u8], id: EventId) -> Vec<u8> {
    let old = serde_json::from_slice::<serde_json::Value>(line)
        .ok()
        .and_then(|v| v.get("id")?.as_str()?.parse::<EventId>().ok());
    match old {
        Some(old) => {
            rewrite_ids(line, &HashMap::from([(old, id)])).map_or_else(|| line.to_vec(), String::into_bytes)
        }
        None => line.to_vec(),
    }
}

/// The line with its `id`, and an undo's `target`, moved as `moves` says; `None` when neither
/// moves. Known events are written back in their canonical layout, others field for field.
fn rewrite_ids(line: &[u8], moves: &HashMap<EventId, EventId>) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_slice(line).ok()?;
    let object = value.as_object_mut()?;
    let mut changed = false;
    let is_undo = object.get("type").and_then(serde_json::Value::as_str) == Some("undo");
    for field in ["id", "target"] {
        if field == "target" && !is_undo {
            continue;
        }
        let moved = object
            .get(field)
            .and_then(serde_json::Value::as_str)
            .and_then(|s| s.parse::<EventId>().ok())
            .and_then(|id| moves.get(&id));
        if let Some(new) = moved {
            object.insert(field.into(), new.to_string().into());
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let text = value.to_string();
    match log::parse_line(text.as_bytes()) {
        Some(Ok(super::event::Decoded::Known(e))) => Some(e.to_line()),
        _ => Some(text),
    }
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
