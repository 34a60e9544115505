//! The union of several logs' events: one stream ordered by (time, id), each event once.
//!
//! Each file is already (nearly always) in time order, so the files are merged rather than
//! sorted together, in one pass that moves each event once: a run of one file that comes
//! before every other file's next event is moved as a block. Start-up costs little more than
//! with one file because nothing else walks the million events: the ids go into a compact
//! side list as they are moved, and the id check works on that (see `benches/folder.rs`).
//! The same event in two files (an import made on two devices, a log merged by hand before
//! moving in) sits next to itself in that order and is kept once. Two different events under
//! one id are a conflict, refused as `merge` refuses it. A file out of order (a clock set
//! back) is found on the way; then the files are sorted and merged again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::log;
use super::{Event, EventId, StoreError};

/// The (time, id) order every device agrees on.
type Key = (jiff::Timestamp, EventId);

fn key(e: &Event) -> Key {
    (e.time, e.id)
}

/// A merge done: the events, their ids in a compact list beside them (for the id check),
/// and the copies left out.
struct Merged {
    out: Vec<Event>,
    ids: Vec<u64>,
    repeated: usize,
}

/// How a merge ended.
enum Outcome {
    Done(Merged),
    /// Two different events under this id, side by side.
    Clash(EventId),
    /// A file was out of order: every event, in some order, and the copies left out so far.
    Unsorted(Vec<Event>, usize),
}

/// Merges the events of several files (each with its path, for errors) into one stream in
/// (time, id) order; returns it and how many repeated events were left out.
pub(crate) fn union(files: Vec<(PathBuf, Vec<Event>)>) -> Result<(Vec<Event>, usize), StoreError> {
    let (paths, mut events): (Vec<PathBuf>, Vec<Vec<Event>>) =
        files.into_iter().filter(|(_, e)| !e.is_empty()).unzip();
    if events.len() <= 1 {
        let mut only = events.pop().unwrap_or_default();
        if !only.is_sorted_by_key(key) {
            only.sort_by_key(key);
        }
        return Ok((only, 0));
    }
    let clash = |id: EventId| conflict(id, &paths);
    let merged = match merge(events) {
        Outcome::Done(m) => m,
        Outcome::Clash(id) => return Err(clash(id)),
        Outcome::Unsorted(mut all, repeated) => {
            // Rare (a clock set back): sort everything; copies end up side by side.
            all.sort_by_key(key);
            match merge(vec![all]) {
                Outcome::Done(m) => Merged {
                    repeated: m.repeated + repeated,
                    ..m
                },
                Outcome::Clash(id) => return Err(clash(id)),
                Outcome::Unsorted(..) => unreachable!("a sorted list merges in order"),
            }
        }
    };
    check_ids(&merged.ids).map_err(clash)?;
    Ok((merged.out, merged.repeated))
}

/// Merges files that should each be in (time, id) order (see the module doc). Copies of one
/// event (equal keys) are kept once, also within a file.
fn merge(files: Vec<Vec<Event>>) -> Outcome {
    let total = files.iter().map(Vec::len).sum();
    let mut m = Merged {
        out: Vec::with_capacity(total),
        ids: Vec::with_capacity(total),
        repeated: 0,
    };
    let mut iters: Vec<std::vec::IntoIter<Event>> = files.into_iter().map(Vec::into_iter).collect();
    let head = |it: &std::vec::IntoIter<Event>| it.as_slice().first().map(key);
    loop {
        // The file with the smallest next event.
        let mut best: Option<(usize, Key)> = None;
        for (i, it) in iters.iter().enumerate() {
            if let Some(k) = head(it)
                && best.is_none_or(|(_, b)| k < b)
            {
                best = Some((i, k));
            }
        }
        let Some((i, k)) = best else { break };
        if m.out.last().is_some_and(|l| k < key(l)) {
            return unsorted(m, iters);
        }
        let Some(taken) = iters[i].next() else { break };
        // Copies of it are next in their files: leave them out, or refuse a clash.
        let mut bound: Option<Key> = None;
        for it in iters.iter_mut() {
            while let Some(e) = it.as_slice().first() {
                if key(e) != k {
                    bound = Some(bound.map_or(key(e), |b| b.min(key(e))));
                    break;
                }
                if *e != taken {
                    return Outcome::Clash(e.id);
                }
                it.next();
                m.repeated += 1;
            }
        }
        // The rest of this file's run, up to the next event of another file, moved as a
        // block; its ids are read while the events are still in cache.
        let mut prev = k;
        let run = iters[i]
            .as_slice()
            .iter()
            .take_while(|e| {
                let ek = key(e);
                let more = ek > prev && bound.is_none_or(|b| ek < b);
                prev = ek;
                more
            })
            .count();
        let start = m.out.len();
        m.out.push(taken);
        m.out.extend(iters[i].by_ref().take(run));
        m.ids.extend(m.out[start..].iter().map(|e| e.id.as_u64()));
    }
    Outcome::Done(m)
}

/// Every event of a merge that found a file out of order, for sorting.
fn unsorted(m: Merged, iters: Vec<std::vec::IntoIter<Event>>) -> Outcome {
    let mut all = m.out;
    for rest in iters {
        all.extend(rest);
    }
    Outcome::Unsorted(all, m.repeated)
}

/// Refuses two different events under one id: with the same time they were side by side in
/// the merge; these have different times. A bitmap flags the ids that may repeat, a second
/// one picks their other occurrences out, and only those are compared exactly.
fn check_ids(ids: &[u64]) -> Result<(), EventId> {
    let spread = |id: u64, bits: u32| (id.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize;
    // 4 MiB: a million ids flag about 15,000 candidates.
    let mut seen = Bitmap::new(25);
    let mut maybe: Vec<u64> = Vec::new();
    for &id in ids {
        if seen.test_and_set(spread(id, 25)) {
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

    fn review(id: u64, secs: i64, card: &str) -> Event {
        Event::study_answer(
            EventId::from_u64(id),
            jiff::Timestamp::from_second(secs).unwrap(),
            card,
            3,
            900,
        )
    }

    fn ids(events: &[Event]) -> Vec<u64> {
        events.iter().map(|e| e.id.as_u64()).collect()
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
        assert!(out.windows(2).all(|w| key(&w[0]) < key(&w[1])));
    }
}
