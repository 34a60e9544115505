//! The union of several logs' events: one stream ordered by (time, id), each event once.
//!
//! Each file is already (nearly always) in time order, so the files are merged rather than
//! sorted together, and the merge moves no event: it walks the files' own lists once and notes
//! the order to take them in as runs (a stretch of one file that comes before every other
//! file's next event), which [`Events`] replays. A start-up then costs about what it costs with
//! one file: no second list of a million events is built, filled and freed (see
//! `benches/folder.rs`). The ids go into a compact side list on the way, and the id check
//! works on that. The same event in two files (an import made on two devices, a log merged by
//! hand before moving in) sits next to itself in that order and is kept once. Two different
//! events under one id are a conflict, refused as `merge` refuses it. A file out of order (a
//! clock set back) is found on the way; then the files are sorted together and merged again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::log;
use super::{Event, EventId, StoreError};

/// The (time, id) order every device agrees on.
pub(crate) type Key = (jiff::Timestamp, EventId);

fn key(e: &Event) -> Key {
    (e.time, e.id)
}

/// A stretch of one file's list taken whole, in merged order.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Run {
    file: usize,
    start: usize,
    end: usize,
}

/// Every event of a progress source, each once and in order, held as the files' own lists
/// and the runs to take them in: iterating gives the merged stream without building it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Events {
    files: Vec<Vec<Event>>,
    /// Within one file the runs go forward; copies of an event found in another file lie in
    /// no run.
    runs: Vec<Run>,
    len: usize,
    /// Each file's latest event when the files were out of order and sorted together (they
    /// are empty then); none when each file is in order, its last event its latest.
    lasts: Option<Vec<Option<Event>>>,
}

impl From<Vec<Event>> for Events {
    /// One list, taken as it is.
    fn from(events: Vec<Event>) -> Events {
        let len = events.len();
        Events {
            runs: (len > 0)
                .then_some(Run {
                    file: 0,
                    start: 0,
                    end: len,
                })
                .into_iter()
                .collect(),
            files: vec![events],
            len,
            lasts: None,
        }
    }
}

impl Events {
    /// How many events there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The events in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            files: &self.files,
            runs: self.runs.iter(),
            cur: [].iter(),
            left: self.len,
        }
    }

    /// The events as one list, in order (moved, not copied; free for a single log).
    pub fn into_vec(self) -> Vec<Event> {
        let Events {
            mut files, runs, len, ..
        } = self;
        if let [only] = runs.as_slice()
            && only.start == 0
            && only.end == files[only.file].len()
        {
            return files.swap_remove(only.file);
        }
        let mut out = Vec::with_capacity(len);
        let mut iters: Vec<(std::vec::IntoIter<Event>, usize)> =
            files.into_iter().map(|f| (f.into_iter(), 0)).collect();
        for r in runs {
            let (it, at) = &mut iters[r.file];
            if r.start > *at {
                // Copies found in another file first: left out.
                it.nth(r.start - *at - 1);
            }
            out.extend(it.by_ref().take(r.end - r.start));
            *at = r.end;
        }
        out
    }

    /// The latest event of file `i` of those merged (in the order the files were given, empty
    /// ones included), by (time, id).
    pub(crate) fn last_of(&self, i: usize) -> Option<&Event> {
        match &self.lasts {
            Some(lasts) => lasts.get(i)?.as_ref(),
            None => self.files.get(i)?.last(),
        }
    }
}

/// The events of [`Events`] in order.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    files: &'a [Vec<Event>],
    runs: std::slice::Iter<'a, Run>,
    cur: std::slice::Iter<'a, Event>,
    left: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Event;

    fn next(&mut self) -> Option<&'a Event> {
        loop {
            if let Some(e) = self.cur.next() {
                self.left -= 1;
                return Some(e);
            }
            let r = self.runs.next()?;
            self.cur = self.files[r.file][r.start..r.end].iter();
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Events {
    type Item = &'a Event;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// A merge done: the runs, the ids of the events taken (for the id check), and the copies
/// left out.
struct Merged {
    runs: Vec<Run>,
    ids: Vec<u64>,
    repeated: usize,
}

/// How a merge ended.
enum Outcome {
    Done(Merged),
    /// Two different events under this id, side by side.
    Clash(EventId),
    /// A file was out of order.
    Unsorted,
}

/// Merges the events of several files (each with its path, for errors, and the events' keys,
/// taken when they were parsed) into one stream in (time, id) order; returns it and how many
/// repeated events were left out. Files keep their places: file `i` of `files` is file `i` of
/// [`Events::last_of`].
pub(crate) fn union(files: Vec<(PathBuf, Vec<Event>, Vec<Key>)>) -> Result<(Events, usize), StoreError> {
    let mut paths = Vec::with_capacity(files.len());
    let mut events = Vec::with_capacity(files.len());
    let mut keys = Vec::with_capacity(files.len());
    for (p, e, k) in files {
        paths.push(p);
        events.push(e);
        keys.push(k);
    }
    if events.iter().filter(|e| !e.is_empty()).count() <= 1 {
        let i = events.iter().position(|e| !e.is_empty()).unwrap_or(0);
        let mut files = events;
        let len = files.get(i).map_or(0, Vec::len);
        if let Some(only) = files.get_mut(i)
            && !only.is_sorted_by_key(key)
        {
            only.sort_by_key(key);
        }
        let runs = (len > 0)
            .then_some(Run {
                file: i,
                start: 0,
                end: len,
            })
            .into_iter()
            .collect();
        let lasts = None;
        return Ok((
            Events {
                files,
                runs,
                len,
                lasts,
            },
            0,
        ));
    }
    let clash = |id: EventId| conflict(id, &paths);
    let (files, merged, lasts) = match merge(&events, &keys) {
        Outcome::Done(m) => (events, m, None),
        Outcome::Clash(id) => return Err(clash(id)),
        Outcome::Unsorted => {
            // Rare (a clock set back): sort everything; copies end up side by side. The files
            // stay in their places, empty, for `last_of`.
            let lasts = events
                .iter()
                .map(|f| f.iter().max_by_key(|e| key(e)).cloned())
                .collect();
            let mut all = Vec::with_capacity(events.iter().map(Vec::len).sum());
            let mut files = events;
            for f in &mut files {
                all.append(f);
            }
            all.sort_by_key(key);
            let all_keys: Vec<Key> = all.iter().map(key).collect();
            let m = match merge(std::slice::from_ref(&all), std::slice::from_ref(&all_keys)) {
                Outcome::Done(m) => m,
                Outcome::Clash(id) => return Err(clash(id)),
                Outcome::Unsorted => unreachable!("a sorted list merges in order"),
            };
            let n = files.len();
            files.push(all);
            let runs = m.runs.into_iter().map(|r| Run { file: n, ..r }).collect();
            (files, Merged { runs, ..m }, Some(lasts))
        }
    };
    check_ids(&merged.ids).map_err(clash)?;
    let len = merged.ids.len();
    Ok((
        Events {
            files,
            runs: merged.runs,
            len,
            lasts,
        },
        merged.repeated,
    ))
}

/// Adds `file[start..end]` to the runs, joining it to the last run when it follows on.
fn push_run(runs: &mut Vec<Run>, file: usize, start: usize, end: usize) {
    if start == end {
        return;
    }
    match runs.last_mut() {
        Some(r) if r.file == file && r.end == start => r.end = end,
        _ => runs.push(Run { file, start, end }),
    }
}

/// Merges files that should each be in (time, id) order (see the module doc), noting the order
/// as runs; `keys` are the events' keys, so the walk reads a compact list rather than the
/// events. Copies of one event (equal keys) are kept once, also within a file.
fn merge(files: &[Vec<Event>], keys: &[Vec<Key>]) -> Outcome {
    let total = files.iter().map(Vec::len).sum();
    let mut m = Merged {
        runs: Vec::new(),
        ids: Vec::with_capacity(total),
        repeated: 0,
    };
    let mut pos = vec![0usize; files.len()];
    let mut last: Option<Key> = None;
    loop {
        // The file with the smallest next event.
        let mut best: Option<(usize, Key)> = None;
        for (f, k) in keys.iter().enumerate() {
            if let Some(&k) = k.get(pos[f])
                && best.is_none_or(|(_, b)| k < b)
            {
                best = Some((f, k));
            }
        }
        let Some((i, k)) = best else { break };
        if last.is_some_and(|l| k < l) {
            return Outcome::Unsorted;
        }
        let taken = pos[i];
        m.ids.push(k.1.as_u64());
        push_run(&mut m.runs, i, taken, taken + 1);
        pos[i] += 1;
        // Copies of it are next in their files: leave them out, or refuse a clash.
        let mut bound: Option<Key> = None;
        for (f, fk) in keys.iter().enumerate() {
            while let Some(&ek) = fk.get(pos[f]) {
                if ek != k {
                    bound = Some(bound.map_or(ek, |b| b.min(ek)));
                    break;
                }
                let e = &files[f][pos[f]];
                if *e != files[i][taken] {
                    return Outcome::Clash(e.id);
                }
                pos[f] += 1;
                m.repeated += 1;
            }
        }
        // The rest of this file's run, up to the next event of another file, taken as a
        // block; its ids are noted on the way.
        let mut prev = k;
        let start = pos[i];
        let mut end = start;
        for &ek in &keys[i][start..] {
            if ek <= prev || bound.is_some_and(|b| ek >= b) {
                break;
            }
            m.ids.push(ek.1.as_u64());
            prev = ek;
            end += 1;
        }
        push_run(&mut m.runs, i, start, end);
        pos[i] = end;
        last = Some(prev);
    }
    Outcome::Done(m)
}

/// Refuses two different events under one id: with the same time they were side by side in
/// the merge; these have different times. A bitmap flags the ids that may repeat, a second
/// one picks their other occurrences out, and only those are compared exactly.
fn check_ids(ids: &[u64]) -> Result<(), EventId> {
    let spread = |id: u64, bits: u32| (id.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize;
    // About 32 bits an id, at most 4 MiB: a million ids flag about 15,000 candidates, and a
    // small folder does not pay for a large one.
    let bits = (ids.len().max(1) * 32)
        .next_power_of_two()
        .trailing_zeros()
        .clamp(12, 25);
    let mut seen = Bitmap::new(bits);
    let mut maybe: Vec<u64> = Vec::new();
    for &id in ids {
        if seen.test_and_set(spread(id, bits)) {
            maybe.push(id);
        }
    }
    if maybe.is_empty() {
        return Ok(());
    }
    let mut flagged = Bitmap::new(20);
    let low = |id: u64| (id.rotate_left(29).wrapping_mul(0xbf58_476d_1ce4_e5b9) >> 44) as usize;
    let maybe: HashSet<u64> = maybe
        .into_iter()
        .inspect(|&id| _ = flagged.test_and_set(low(id)))
        .collect();
    let mut count: HashMap<u64, u32> = HashMap::with_capacity(maybe.len());
    for &id in ids {
        if flagged.test(low(id)) && maybe.contains(&id) {
            let n = count.entry(id).or_default();
            *n += 1;
            if *n > 1 {
                return Err(EventId::from_u64(id));
            }
        }
    }
    Ok(())
}

/// A fixed-size set of bits.
struct Bitmap(Vec<u64>);

impl Bitmap {
    fn new(bits: u32) -> Bitmap {
        Bitmap(vec![0; 1 << (bits - 6)])
    }

    fn test(&self, i: usize) -> bool {
        self.0[i >> 6] & (1 << (i & 63)) != 0
    }

    /// Sets bit `i`; says whether it was set already.
    fn test_and_set(&mut self, i: usize) -> bool {
        let was = self.test(i);
        self.0[i >> 6] |= 1 << (i & 63);
        was
    }
}

/// The conflict error, naming the first two files that hold the id, with its line in each.
fn conflict(id: EventId, paths: &[PathBuf]) -> StoreError {
    let mut found = paths.iter().filter_map(|p| line_of(p, id).map(|l| (p, l)));
    // Files that changed since (a sync tool at work) fall back to the first ones read.
    let (first, first_line) = found
        .next()
        .map_or((paths[0].clone(), 0), |(p, l)| (p.clone(), l));
    let (second, second_line) = found
        .next()
        .map_or((paths[paths.len() - 1].clone(), 0), |(p, l)| (p.clone(), l));
    StoreError::Conflict {
        id,
        first,
        first_line,
        second,
        second_line,
    }
}

/// The line of `path` holding the event `id` (read again: only for an error message).
fn line_of(path: &Path, id: EventId) -> Option<usize> {
    let bytes = std::fs::read(path).ok()?;
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .find_map(|(i, line)| match log::parse_line(line)? {
            Ok(d) if d.id_time().0 == id => Some(i + 1),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The union of files given without keys (taken here).
    fn union(files: Vec<(PathBuf, Vec<Event>)>) -> Result<(Events, usize), StoreError> {
        super::union(
            files
                .into_iter()
                .map(|(p, e)| {
                    let k = e.iter().map(key).collect();
                    (p, e, k)
                })
                .collect(),
        )
    }

    fn review(id: u64, secs: i64, card: &str) -> Event {
        Event::study_answer(
            EventId::from_u64(id),
            jiff::Timestamp::from_second(secs).unwrap(),
            card,
            3,
            900,
        )
    }

    fn ids(events: &Events) -> Vec<u64> {
        let listed: Vec<u64> = events.iter().map(|e| e.id.as_u64()).collect();
        // Iterated or moved into one list, the same order.
        let moved: Vec<u64> = events.clone().into_vec().iter().map(|e| e.id.as_u64()).collect();
        assert_eq!(listed, moved);
        assert_eq!(events.iter().len(), listed.len());
        listed
    }

    #[test]
    fn files_interleave_by_time_then_id() {
        let a = vec![review(5, 10, "d/a"), review(1, 30, "d/a")];
        let b = vec![review(2, 10, "d/b"), review(9, 20, "d/b"), review(3, 40, "d/b")];
        let (out, rep) = union(vec![("a".into(), a), ("b".into(), b)]).unwrap();
        assert_eq!((ids(&out), rep), (vec![2, 5, 9, 1, 3], 0));
    }

    #[test]
    fn a_file_out_of_order_is_put_in_order() {
        let a = vec![review(1, 30, "d/a"), review(2, 10, "d/a")];
        let (out, _) = union(vec![("a".into(), a.clone()), ("b".into(), Vec::new())]).unwrap();
        assert_eq!(ids(&out), vec![2, 1]);
        // Found midway through a merge: everything moved so far is merged again.
        let a = vec![
            review(1, 5, "d/a"),
            review(3, 30, "d/a"),
            review(4, 12, "d/a"),
            review(6, 40, "d/a"),
        ];
        let b = vec![review(2, 10, "d/b"), review(3, 30, "d/a"), review(5, 35, "d/b")];
        let (out, rep) = union(vec![("a".into(), a), ("b".into(), b)]).unwrap();
        assert_eq!((ids(&out), rep), (vec![1, 2, 4, 3, 5, 6], 1));
    }

    #[test]
    fn the_same_event_in_two_files_counts_once() {
        let a = vec![review(1, 10, "d/a"), review(2, 20, "d/a")];
        let b = vec![review(2, 20, "d/a"), review(3, 30, "d/a")];
        let c = vec![review(2, 20, "d/a")];
        let (out, rep) = union(vec![("a".into(), a), ("b".into(), b), ("c".into(), c)]).unwrap();
        assert_eq!((ids(&out), rep), (vec![1, 2, 3], 2));
    }

    #[test]
    fn two_events_under_one_id_are_refused_naming_both_files() {
        // Same time, different card: side by side in the merge.
        let a = vec![review(7, 10, "d/a")];
        let b = vec![review(7, 10, "d/b")];
        let err = union(vec![("a".into(), a), ("b".into(), b)]).unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict { id, first, second, .. }
            if id.as_u64() == 7 && first == Path::new("a") && second == Path::new("b")),
            "{err}"
        );
        // Different times: far apart, found by the id check.
        let a = vec![review(7, 10, "d/a"), review(8, 15, "d/a")];
        let b = vec![review(7, 20, "d/a")];
        let err = union(vec![("a".into(), a), ("b".into(), b)]).unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict { id, .. } if id.as_u64() == 7),
            "{err}"
        );
    }

    #[test]
    fn many_devices_merge_in_order() {
        let files: Vec<(PathBuf, Vec<Event>)> = (0..300u64)
            .map(|f| {
                (
                    format!("f{f}").into(),
                    vec![review(f, (f % 7) as i64, "d/a"), review(1000 + f, 50, "d/a")],
                )
            })
            .collect();
        let (out, rep) = union(files).unwrap();
        assert_eq!((out.len(), rep), (600, 0));
        let out = out.into_vec();
        assert!(out.windows(2).all(|w| key(&w[0]) < key(&w[1])));
    }
}
