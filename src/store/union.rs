//! The union of several logs' events: one stream ordered by (time, id), each event once.
//!
//! Each file is already (nearly always) in time order, so the files are merged rather than
//! sorted together: one pass that moves each event once. The same event in two files (an
//! import made on two devices, a log merged by hand before moving in) sits next to itself in
//! that order and is kept once. Two different events under one id are a conflict, refused as
//! `merge` refuses it; finding them needs every id, which are sorted as plain numbers (much
//! cheaper than hashing a million ids) and looked at closely only if two are equal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::log;
use super::{Event, EventId, StoreError};

/// The (time, id) order every device agrees on.
fn key(e: &Event) -> (jiff::Timestamp, EventId) {
    (e.time, e.id)
}

/// Merges the events of several files (each with its path, for errors) into one stream in
/// (time, id) order; returns it and how many repeated events were left out.
pub(crate) fn union(files: Vec<(PathBuf, Vec<Event>)>) -> Result<(Vec<Event>, usize), StoreError> {
    let mut files: Vec<(PathBuf, Vec<Event>)> = files.into_iter().filter(|(_, e)| !e.is_empty()).collect();
    for (_, events) in &mut files {
        // A clock set back leaves a file out of order; the agreed order is (time, id).
        if !events.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
            events.sort_by_key(key);
        }
    }
    if files.len() <= 1 {
        return Ok((files.pop().map(|f| f.1).unwrap_or_default(), 0));
    }
    let total = files.iter().map(|f| f.1.len()).sum();
    let mut out: Vec<Event> = Vec::with_capacity(total);
    // Where each event came from, for a conflict's message.
    let mut origin: Vec<u32> = Vec::with_capacity(total);
    let mut heads: Vec<std::iter::Peekable<std::vec::IntoIter<Event>>> = Vec::new();
    let paths: Vec<PathBuf> = files.iter().map(|f| f.0.clone()).collect();
    for (_, events) in files {
        heads.push(events.into_iter().peekable());
    }
    let mut repeated = 0;
    loop {
        let mut best: Option<(usize, (jiff::Timestamp, EventId))> = None;
        for (i, h) in heads.iter_mut().enumerate() {
            if let Some(e) = h.peek()
                && best.is_none_or(|(_, k)| key(e) < k)
            {
                best = Some((i, key(e)));
            }
        }
        let Some((i, k)) = best else { break };
        let Some(e) = heads[i].next() else { break };
        match out.last() {
            Some(prev) if key(prev) == k => {
                if *prev != e {
                    let first = &paths[origin[out.len() - 1] as usize];
                    return Err(conflict(e.id, first, &paths[i]));
                }
                repeated += 1;
            }
            _ => {
                out.push(e);
                origin.push(i as u32);
            }
        }
    }
    check_ids(&out, &origin, &paths)?;
    Ok((out, repeated))
}

/// Refuses two different events under one id (different times, so not side by side).
fn check_ids(events: &[Event], origin: &[u32], paths: &[PathBuf]) -> Result<(), StoreError> {
    let mut ids: Vec<u64> = events.iter().map(|e| e.id.as_u64()).collect();
    ids.sort_unstable();
    if ids.windows(2).all(|w| w[0] != w[1]) {
        return Ok(());
    }
    // Rare: find the pair to name it.
    let mut seen: HashMap<EventId, usize> = HashMap::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        if let Some(&j) = seen.get(&e.id) {
            return Err(conflict(
                e.id,
                &paths[origin[j] as usize],
                &paths[origin[i] as usize],
            ));
        }
        seen.insert(e.id, i);
    }
    Ok(())
}

/// The conflict error, with the line of the id in each file.
fn conflict(id: EventId, first: &Path, second: &Path) -> StoreError {
    StoreError::Conflict {
        id,
        first: first.to_owned(),
        first_line: line_of(first, id).unwrap_or(0),
        second: second.to_owned(),
        second_line: line_of(second, id).unwrap_or(0),
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
    use crate::store::{EventBody, Mode, Review};

    fn review(id: u64, secs: i64, card: &str) -> Event {
        Event {
            id: EventId::from_u64(id),
            time: jiff::Timestamp::from_second(secs).unwrap(),
            body: EventBody::Review(Review {
                card: card.into(),
                rating: 3,
                answer: None,
                verdict: None,
                score: None,
                ms: 900,
                mode: Mode::Study,
                reschedule: true,
            }),
        }
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
        let (out, _) = union(vec![("a".into(), a), ("b".into(), Vec::new())]).unwrap();
        assert_eq!(ids(&out), vec![2, 1]);
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
}
