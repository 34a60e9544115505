//! Tests of the progress folder on real files: tolerant reading of other devices' files, the
//! own file's damage rules, refusals, and a simulation of three devices whose copies of the
//! folder are kept in step by a sync tool that copies files in random order, sometimes torn.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::log::HEADER;
use super::*;
use crate::progress::Progress;
use crate::schedule::{Config, Scheduler};

fn review(id: u64, secs: i64, card: &str, rating: u8) -> Event {
    Event::study_answer(
        EventId::from_u64(id),
        Timestamp::from_second(secs).unwrap(),
        card,
        rating,
        900,
    )
}

fn device(n: u64) -> DeviceId {
    DeviceId::from_random(n)
}

/// Appends events to `dev`'s own file in `dir`.
fn write(dir: &Path, dev: u64, events: &[Event]) {
    let mut opened = Folder::new(dir.to_owned(), device(dev)).open().unwrap();
    for e in events {
        opened.store.append(e).unwrap();
    }
}

fn ids<'a>(events: impl IntoIterator<Item = &'a Event>) -> Vec<u64> {
    events.into_iter().map(|e| e.id.as_u64()).collect()
}

#[test]
fn reading_is_the_union_in_time_order_and_a_device_writes_only_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sync");
    write(&dir, 1, &[review(10, 100, "d/a", 3), review(11, 300, "d/a", 3)]);
    write(&dir, 2, &[review(20, 200, "d/a", 1)]);
    let names: BTreeSet<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["0000000000000001.jsonl".into(), "0000000000000002.jsonl".into()])
    );
    let read = Folder::new(dir.clone(), device(3)).read().unwrap();
    assert_eq!(ids(&read.events), vec![10, 20, 11]);
    let devs: Vec<(&str, bool, usize)> = read
        .devices
        .iter()
        .map(|d| (d.device.as_str(), d.own, d.events))
        .collect();
    assert_eq!(
        devs,
        vec![
            ("0000000000000001", false, 2),
            ("0000000000000002", false, 1),
            ("0000000000000003", true, 0),
        ]
    );
    assert_eq!(read.devices[0].last.map(|l| l.1.as_u64()), Some(11));
}

#[test]
fn another_devices_torn_tail_is_not_yet_arrived_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    write(&dir, 2, &[review(20, 200, "d/a", 1)]);
    let other = dir.join(device(2).file_name());
    let mut bytes = fs::read(&other).unwrap();
    let line = review(21, 250, "d/a", 3).to_line();
    bytes.extend_from_slice(&line.as_bytes()[..30]);
    fs::write(&other, &bytes).unwrap();
    let opened = Folder::new(dir.clone(), device(1)).open().unwrap();
    assert_eq!(ids(&opened.read.events), vec![20]);
    let theirs = &opened.read.devices[1];
    assert_eq!(theirs.unread, vec![Unread::Torn { line: 3, bytes: 30 }]);
    assert!(opened.read.blocking().is_none());
    drop(opened);
    // Never rewritten, no side file made for it.
    assert_eq!(fs::read(&other).unwrap(), bytes);
    assert!(!dir.join(format!("{}.rejected", device(2).file_name())).exists());
    // Once the rest arrives, it is read.
    bytes.extend_from_slice(&line.as_bytes()[30..]);
    bytes.push(b'\n');
    fs::write(&other, &bytes).unwrap();
    let read = Folder::new(dir, device(1)).read().unwrap();
    assert_eq!(ids(&read.events), vec![20, 21]);
}

#[test]
fn the_own_torn_tail_is_repaired_as_in_a_single_log() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    write(&dir, 1, &[review(10, 100, "d/a", 3)]);
    let own = dir.join(device(1).file_name());
    let mut f = fs::OpenOptions::new().append(true).open(&own).unwrap();
    std::io::Write::write_all(&mut f, b"{\"id\":\"00").unwrap();
    let opened = Folder::new(dir.clone(), device(1)).open().unwrap();
    assert!(
        opened.read.warnings.iter().any(|w| w.contains("cut short")),
        "{:?}",
        opened.read.warnings
    );
    assert!(opened.read.devices[0].unread.is_empty());
    drop(opened);
    assert!(fs::read_to_string(&own).unwrap().ends_with("}\n"));
}

#[test]
fn a_newer_deckard_in_the_folder_stops_writing_but_not_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    write(&dir, 1, &[review(10, 100, "d/a", 3)]);
    let newer = dir.join(device(2).file_name());
    fs::write(&newer, "{\"deckard\":\"progress\",\"version\":99}\n").unwrap();
    let folder = Folder::new(dir.clone(), device(1));
    let err = folder.open().unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(
            &err,
            FolderError::Blocked {
                problem: Unread::NewerFormat { version: 99 },
                ..
            }
        ),
        "{text}"
    );
    assert!(text.contains("upgrade deckard"), "{text}");
    let read = folder.read().unwrap();
    assert_eq!(ids(&read.events), vec![10]);
    // An event type this deckard does not know blocks writing too.
    let line = r#"{"id":"00000000000000aa","time":"2025-01-01T00:00:00Z","type":"teleport","card":"d/a"}"#;
    fs::write(&newer, format!("{HEADER}\n{line}\n")).unwrap();
    match folder.open().unwrap_err() {
        FolderError::Blocked {
            problem: Unread::NewerEvents { kinds },
            ..
        } => assert_eq!(kinds, vec!["teleport".to_string()]),
        other => panic!("{other}"),
    }
    // A damaged complete line in another device's file: named, and blocks writing.
    fs::write(&newer, format!("{HEADER}\n{{oops}}\n")).unwrap();
    let text = folder.open().unwrap_err().to_string();
    assert!(text.contains(":2: damaged"), "{text}");
}

#[test]
fn two_events_under_one_id_in_two_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    write(&dir, 1, &[review(10, 100, "d/a", 3)]);
    write(&dir, 2, &[review(10, 500, "d/b", 3)]);
    let err = Folder::new(dir.clone(), device(3)).read().unwrap_err();
    let text = err.to_string();
    assert!(text.contains("0000000000000001.jsonl:2"), "{text}");
    assert!(text.contains("0000000000000002.jsonl:2"), "{text}");
}

#[test]
fn a_file_replaced_wholesale_is_read_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    write(&dir, 2, &[review(20, 200, "d/a", 1), review(21, 300, "d/a", 1)]);
    let folder = Folder::new(dir.clone(), device(1));
    let source = ProgressSource::Folder(folder.clone());
    let before = source.files().unwrap();
    assert_eq!(ids(&folder.read().unwrap().events), vec![20, 21]);
    // A sync tool puts a new copy in place by rename (another device merged by hand).
    let other = tmp.path().join("elsewhere");
    write(&other, 2, &[review(22, 100, "d/a", 4), review(20, 200, "d/a", 1)]);
    fs::rename(other.join(device(2).file_name()), dir.join(device(2).file_name())).unwrap();
    let after = source.files().unwrap();
    assert_ne!(before[0].identity, after[0].identity);
    assert_eq!(ids(&folder.read().unwrap().events), vec![22, 20]);
}

#[test]
fn files_that_are_not_device_logs_are_listed_and_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    write(&dir, 1, &[review(10, 100, "d/a", 3)]);
    fs::write(dir.join("0000000000000001.sync-conflict-20260101.jsonl"), "junk").unwrap();
    fs::write(dir.join("settings.toml"), "").unwrap();
    let read = Folder::new(dir.clone(), device(1)).read().unwrap();
    assert_eq!(read.ignored.len(), 1);
    assert_eq!(ids(&read.events), vec![10]);
}

/// A small deterministic generator for the simulation (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The card states and histories a replay gives, comparable across devices.
fn states(events: &[Event], sched: &Scheduler) -> BTreeMap<String, String> {
    describe(&Progress::replay(events, sched))
}

/// Each card's state, history and burial, as text.
fn describe(p: &Progress) -> BTreeMap<String, String> {
    p.keys()
        .map(|k| {
            let c = p.get(k).unwrap();
            let hist: Vec<String> = c.history.iter().map(|h| h.event.to_string()).collect();
            (
                k.to_owned(),
                format!("{:?} {:?} {:?}", c.state, hist, c.buried_until),
            )
        })
        .collect()
}

/// Copies `file` from one copy of the folder to another as a sync tool would: whole, by
/// rename (so a reader sees the old file or the new), or torn: a prefix, written in place.
fn sync_file(from: &Path, to: &Path, name: &str, rng: &mut Rng) {
    let Ok(bytes) = fs::read(from.join(name)) else {
        return;
    };
    fs::create_dir_all(to).unwrap();
    if rng.below(3) == 0 {
        let cut = rng.below(bytes.len() as u64 + 1) as usize;
        fs::write(to.join(name), &bytes[..cut]).unwrap();
    } else {
        let tmp = to.join(format!(".{name}.syncing"));
        fs::write(&tmp, &bytes).unwrap();
        fs::rename(&tmp, to.join(name)).unwrap();
    }
}

/// Three devices study the same cards offline and in turns, each in its own copy of the
/// folder; a sync tool copies files between the copies in random order, sometimes torn.
/// After everything arrives, all three compute the same states, equal to those of the single
/// log merged from the same events, with every event applied once.
#[test]
fn three_devices_synced_in_random_order_agree_with_the_merged_log() {
    let sched = Scheduler::new(Config::default()).unwrap();
    for run in 0..12u64 {
        let tmp = tempfile::tempdir().unwrap();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (run + 1).wrapping_mul(0x1000_0000_01b3));
        let copies: Vec<PathBuf> = (0..3)
            .map(|d| tmp.path().join(format!("device{d}/sync")))
            .collect();
        let devices: Vec<DeviceId> = (0..3).map(|d| device(0x100 + d)).collect();
        let mut ids_of = (0..3).map(|d| IdGen::new(run * 10 + d)).collect::<Vec<_>>();
        let mut written: BTreeMap<u64, Event> = BTreeMap::new();
        let mut clock = 1_767_000_000i64;
        for _step in 0..60 {
            if rng.below(2) == 0 {
                // A sync tool moves one file from one copy to another.
                let (from, to) = (rng.below(3) as usize, rng.below(3) as usize);
                let owner = rng.below(3) as usize;
                if from != to && owner != to {
                    sync_file(&copies[from], &copies[to], &devices[owner].file_name(), &mut rng);
                }
                continue;
            }
            // A device studies: it opens the folder (never refused: torn copies are only
            // "not yet arrived"), and answers, undoes or buries a few times.
            let d = rng.below(3) as usize;
            let folder = Folder::new(copies[d].clone(), devices[d].clone());
            let others_before: Vec<(PathBuf, Vec<u8>)> = folder
                .list()
                .unwrap()
                .0
                .into_iter()
                .filter(|(id, _)| *id != devices[d])
                .map(|(_, p)| (p.clone(), fs::read(&p).unwrap()))
                .collect();
            let mut opened = folder.open().unwrap();
            let seen: Vec<EventId> = opened.read.events.iter().map(|e| e.id).collect();
            for _ in 0..1 + rng.below(3) {
                // Devices' clocks disagree by up to an hour, so arrival order is not time order.
                clock += 60 + rng.below(6 * 3600) as i64;
                let time = Timestamp::from_second(clock + rng.below(3600) as i64 - 1800).unwrap();
                let id = ids_of[d].next();
                let card = format!("d/c{}", rng.below(6));
                let body = match rng.below(10) {
                    0 if !seen.is_empty() => EventBody::Undo {
                        target: seen[rng.below(seen.len() as u64) as usize],
                    },
                    1 => EventBody::Bury {
                        card,
                        until: Timestamp::from_second(clock + 86_400).unwrap(),
                    },
                    _ => match review(0, 0, &card, 1 + rng.below(4) as u8).body {
                        b @ EventBody::Review(_) => b,
                        _ => unreachable!(),
                    },
                };
                let e = Event { id, time, body };
                opened.store.append(&e).unwrap();
                written.insert(id.as_u64(), e);
            }
            drop(opened);
            // Another device's files are never touched by this one.
            for (p, bytes) in others_before {
                assert_eq!(fs::read(&p).unwrap(), bytes, "run {run}: {} changed", p.display());
            }
        }
        // Everything arrives: each device's file, whole, in every copy.
        for (owner, dev) in devices.iter().enumerate() {
            for to in 0..3 {
                if to != owner {
                    let bytes = fs::read(copies[owner].join(dev.file_name())).unwrap_or_default();
                    if !bytes.is_empty() {
                        fs::create_dir_all(&copies[to]).unwrap();
                        fs::write(copies[to].join(dev.file_name()), bytes).unwrap();
                    }
                }
            }
        }
        // The single log merged from the device files, as `deckard merge` makes it.
        let merged = tmp.path().join("merged.jsonl");
        for dev in &devices {
            let own = copies[0].join(dev.file_name());
            if own.exists() {
                merge(&merged, &own).unwrap();
            }
        }
        let (single, _) = read(&merged).unwrap();
        let expected = states(&single, &sched);
        let mut written_ids: Vec<u64> = written.keys().copied().collect();
        written_ids.sort_unstable();
        for (d, copy) in copies.iter().enumerate() {
            let read = Folder::new(copy.clone(), devices[d].clone()).read().unwrap();
            assert!(read.devices.iter().all(|x| x.unread.is_empty()), "run {run}");
            let mut got = ids(&read.events);
            got.sort_unstable();
            assert_eq!(got, written_ids, "run {run}, device {d}: events lost or doubled");
            // Replayed straight from the device files in merged order, and from one list.
            let renames = crate::progress::Renames::new();
            let direct = describe(&Progress::replay_events(&read.events, &sched, &renames));
            assert_eq!(direct, expected, "run {run}, device {d}");
            assert_eq!(
                states(&read.events.into_vec(), &sched),
                expected,
                "run {run}, device {d}"
            );
        }
        assert!(
            expected.len() >= 3,
            "run {run}: the simulation should study several cards"
        );
    }
}
