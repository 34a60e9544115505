//! A progress folder started through the cache must give what a start without it gives (a
//! full read and replay of every device file), whatever the devices' files did in between;
//! only `resumed` and the bytes read may differ.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::*;
use crate::progress::{CardProgress, Progress, Renames};
use crate::schedule::Config;
use crate::store::{DeviceId, EventBody, EventId, Folder, Mode, QuizSummary, Review, Store};

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + secs).expect("time")
}

fn review(id: u64, secs: i64, card: &str, rating: u8) -> Event {
    Event {
        id: EventId::from_u64(id),
        time: at(secs),
        body: EventBody::Review(Review {
            card: card.into(),
            rating,
            answer: None,
            verdict: Some(if rating > 1 { "right" } else { "wrong" }.into()),
            score: None,
            ms: 900,
            mode: Mode::Study,
            reschedule: true,
            origin: None,
        }),
    }
}

fn undo(id: u64, secs: i64, target: u64) -> Event {
    Event {
        id: EventId::from_u64(id),
        time: at(secs),
        body: EventBody::Undo {
            target: EventId::from_u64(target),
        },
    }
}

fn quiz(id: u64, secs: i64) -> Event {
    Event {
        id: EventId::from_u64(id),
        time: at(secs),
        body: EventBody::Quiz(QuizSummary {
            decks: vec!["d".into()],
            questions: 3,
            answered: 3,
            score: 2.0,
            max_score: 3.0,
            ms: 4000,
        }),
    }
}

fn device(n: u64) -> DeviceId {
    DeviceId::from_random(n)
}

/// Days of answers to three cards, `n` of them from `first` on, one a day from `day`.
fn days(first: u64, n: u64, day: i64) -> Vec<Event> {
    (0..n)
        .map(|i| {
            let card = format!("d/c{}", (first + i) % 3);
            review(
                first + i,
                (day + i as i64) * 86_400,
                &card,
                1 + ((first + i) % 4) as u8,
            )
        })
        .collect()
}

/// A card's progress with the log positions left out: a snapshot keeps the positions it
/// folded with, and an event read later takes the next one, where a full replay numbers the
/// merged stream afresh. Positions only order events of one time, which these tests avoid.
fn comparable(c: &CardProgress) -> String {
    let history: Vec<String> = c
        .history
        .iter()
        .map(|h| format!("{} {} {:?} {:?}", h.event, h.time, h.rating, h.interval))
        .collect();
    let marks: Vec<String> = c
        .marks
        .iter()
        .map(|m| format!("{} {} {:?}", m.event, m.time, m.kind))
        .collect();
    format!(
        "{:?} {history:?} {marks:?} {:?} {}",
        c.state, c.buried_until, c.suspended
    )
}

fn assert_equivalent(cached: &Progress, cold: &Progress, what: &str) {
    let mut a: Vec<(&String, String)> = cached.cards().iter().map(|(k, c)| (k, comparable(c))).collect();
    let mut b: Vec<(&String, String)> = cold.cards().iter().map(|(k, c)| (k, comparable(c))).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "{what}: cards");
    assert_eq!(cached.quizzes(), cold.quizzes(), "{what}: quizzes");
}

struct Fixture {
    _dir: tempfile::TempDir,
    folder: Folder,
    cache: Cache,
    config: Config,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        Fixture {
            folder: Folder::new(dir.path().join("sync"), device(1)),
            cache: Cache::new(dir.path().join("cache")),
            _dir: dir,
            config: Config::default(),
        }
    }

    fn file(&self, d: u64) -> PathBuf {
        self.folder.dir().join(device(d).file_name())
    }

    /// Appends `events` to device `d`'s file, as that device (or its sync tool) would.
    fn append(&self, d: u64, events: &[Event]) {
        append(&self.file(d), events);
    }

    /// Reads through the cache, waits for its write, checks against a start without the
    /// cache, and says whether the snapshot was used and how much was read.
    fn read(&self, what: &str) -> (bool, FolderReadStats) {
        let s = Scheduler::new(self.config.clone()).expect("settings");
        let renames = Renames::new();
        let (mut loaded, stats) = self
            .cache
            .read_folder(&self.folder, &self.config, &s, &renames)
            .expect("read through the cache");
        std::mem::take(&mut loaded.pending).wait();
        let cold = self.folder.read().expect("read the folder");
        let replayed = Progress::replay_events(&cold.events, &s, &renames);
        assert_equivalent(&loaded.progress, &replayed, what);
        (loaded.resumed, stats)
    }

    /// As [`Fixture::read`], through [`Cache::open_folder`] (this device's file locked).
    fn open(&self, what: &str) -> (bool, FolderReadStats) {
        let s = Scheduler::new(self.config.clone()).expect("settings");
        let renames = Renames::new();
        let (store, mut loaded, stats) = self
            .cache
            .open_folder(&self.folder, &self.config, &s, &renames)
            .expect("open through the cache");
        std::mem::take(&mut loaded.pending).wait();
        drop(store);
        let cold = self.folder.read().expect("read the folder");
        let replayed = Progress::replay_events(&cold.events, &s, &renames);
        assert_equivalent(&loaded.progress, &replayed, what);
        (loaded.resumed, stats)
    }
}

fn append(path: &Path, events: &[Event]) {
    let mut store = Store::open(path).expect("open log").store;
    for e in events {
        store.append(e).expect("append");
    }
}

#[test]
fn appends_to_the_own_file_are_read_from_the_offset() {
    let f = Fixture::new();
    f.append(1, &days(1, 30, 0));
    f.append(2, &days(100, 30, 0));
    assert!(!f.open("first start").0, "no snapshot yet");
    let (resumed, stats) = f.open("unchanged");
    assert!(resumed, "unchanged folder");
    assert_eq!((stats.resumed, stats.whole, stats.bytes), (2, 0, 0));
    f.append(1, &days(200, 3, 40));
    let (resumed, stats) = f.read("own file grew");
    assert!(resumed);
    assert_eq!(stats.resumed, 2);
    let grown = std::fs::metadata(f.file(1)).unwrap().len();
    assert!(
        stats.bytes > 0 && stats.bytes < grown / 5,
        "read {} bytes",
        stats.bytes
    );
}

#[test]
fn another_devices_file_growing_with_older_times_refolds_its_cards() {
    let f = Fixture::new();
    f.append(1, &days(1, 30, 10));
    f.append(2, &days(100, 5, 0));
    f.read("first start");
    // Device 2 studied offline on days 5 to 25; its file arrives after device 1's answers
    // of days 10 to 39 were folded.
    f.append(2, &days(200, 20, 5));
    let (resumed, stats) = f.read("late answers");
    assert!(resumed, "late answers refold their cards, not the whole folder");
    assert_eq!(stats.whole, 0);
    // A quiz and an undo of one of device 1's answers, both late too.
    f.append(2, &[quiz(300, 7 * 86_400 + 5), undo(301, 12 * 86_400 + 5, 3)]);
    assert!(f.read("late quiz and undo").0);
}

#[test]
fn a_new_device_file_is_read_whole_and_the_others_from_their_offsets() {
    let f = Fixture::new();
    f.append(1, &days(1, 20, 0));
    f.read("first start");
    f.append(3, &days(500, 12, 3));
    let (resumed, stats) = f.read("a third device");
    assert!(resumed);
    assert_eq!((stats.resumed, stats.whole), (1, 1));
    // The same history imported on two devices: the copies count once.
    f.append(4, &days(500, 12, 3));
    assert!(f.read("copies of folded events").0);
    // A copy of an undone answer, arriving after the undo was folded, stays undone.
    f.append(3, &[undo(600, 40 * 86_400, 505)]);
    f.read("an undo");
    f.append(5, &days(505, 1, 8));
    assert!(f.read("a copy of an undone answer").0);
}

#[test]
fn a_file_replaced_wholesale_is_read_again() {
    let f = Fixture::new();
    f.append(1, &days(1, 20, 0));
    f.append(2, &days(100, 20, 1));
    f.read("first start");
    // A sync tool puts the grown file in place by a rename: the same bytes and more.
    let tmp = f.folder.dir().join("incoming");
    std::fs::copy(f.file(2), &tmp).unwrap();
    append(&tmp, &days(150, 2, 30));
    std::fs::rename(&tmp, f.file(2)).unwrap();
    assert!(
        f.read("replaced by a grown copy").0,
        "the bytes read before are the same"
    );
    // Replaced by other content (a device reset its history, a rewritten git history).
    let tmp = f.folder.dir().join("incoming");
    append(&tmp, &days(700, 25, 2));
    std::fs::rename(&tmp, f.file(2)).unwrap();
    let (resumed, stats) = f.read("replaced by other content");
    assert!(!resumed, "replayed in full");
    assert_eq!(stats.resumed, 0, "read whole");
    assert!(f.read("snapshot rewritten").0);
    // A stamped file that vanished takes its events with it.
    std::fs::remove_file(f.file(2)).unwrap();
    assert!(!f.read("a device file removed").0);
}

#[test]
fn a_torn_tail_is_read_once_it_is_complete() {
    let f = Fixture::new();
    f.append(1, &days(1, 10, 0));
    f.append(2, &days(100, 10, 0));
    f.read("first start");
    let line = review(150, 20 * 86_400, "d/c1", 3).to_line();
    let (head, rest) = line.split_at(line.len() / 2);
    let mut file = std::fs::OpenOptions::new().append(true).open(f.file(2)).unwrap();
    std::io::Write::write_all(&mut file, head.as_bytes()).unwrap();
    assert!(f.read("torn tail").0, "not yet arrived");
    f.append(1, &days(160, 3000, 30));
    f.read("snapshot rewritten while device 2's tail is torn");
    std::io::Write::write_all(&mut file, format!("{rest}\n").as_bytes()).unwrap();
    let (resumed, _) = f.read("tail completed");
    assert!(resumed);
    let s = Scheduler::new(f.config.clone()).unwrap();
    let (loaded, _) = f
        .cache
        .read_folder(&f.folder, &f.config, &s, &Renames::new())
        .unwrap();
    let c = loaded.progress.get("d/c1").expect("card");
    assert_eq!(c.history.iter().filter(|h| h.event.as_u64() == 150).count(), 1);
}

#[test]
fn an_event_clashing_with_a_folded_one_is_refused_as_without_the_cache() {
    let f = Fixture::new();
    f.append(1, &days(1, 10, 0));
    f.read("first start");
    // Another device's file holds another event under id 4.
    f.append(2, &[review(4, 60 * 86_400, "d/c2", 1)]);
    let s = Scheduler::new(f.config.clone()).unwrap();
    let cached = f.cache.read_folder(&f.folder, &f.config, &s, &Renames::new());
    let cold = f.folder.read();
    assert!(
        matches!(&cached, Err(StoreError::Conflict { id, .. }) if id.as_u64() == 4),
        "{cached:?}"
    );
    assert_eq!(cached.unwrap_err().to_string(), cold.unwrap_err().to_string());
}

/// Three devices' files change as sync tools change them (answers appended, some dated days
/// back; a file copied in halfway and completed later; a file put in place by a rename; a
/// history imported on two devices; undos of any device's answers), in a random order: after
/// every change a start through the cache equals a start without it.
#[test]
fn random_sync_traffic_starts_as_without_the_cache() {
    for seed in 1..=6u64 {
        let f = Fixture::new();
        let mut rng = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut next = move |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        let mut id = 1_000;
        // Every event's time is distinct (one second apart at least): ties are ordered by log
        // position, which a snapshot keeps and a full replay renumbers.
        let mut second = 0;
        let mut torn: Option<(u64, String)> = None;
        let mut answered: Vec<u64> = Vec::new();
        let mut resumed = 0;
        for step in 0..40 {
            let d = 1 + next(3);
            // A device writes only whole files: a copy still arriving is completed first.
            let action = next(6);
            if action != 2 {
                for dev in [d, 1 + (d % 3)] {
                    if let Some((_, rest)) = torn.take_if(|(t, _)| *t == dev) {
                        let mut file = std::fs::OpenOptions::new()
                            .append(true)
                            .open(f.file(dev))
                            .unwrap();
                        std::io::Write::write_all(&mut file, rest.as_bytes()).unwrap();
                    }
                }
            }
            match action {
                0 | 1 => {
                    // Answers, dated up to 20 days before the newest.
                    let events: Vec<Event> = (0..1 + next(5))
                        .map(|_| {
                            id += 1;
                            second += 1;
                            answered.push(id);
                            let day = 30 + step as i64 - next(20) as i64;
                            let card = format!("d/c{}", next(4));
                            review(id, day * 86_400 + second, &card, 1 + next(4) as u8)
                        })
                        .collect();
                    f.append(d, &events);
                }
                2 => {
                    // A line arrives in two halves, the second some steps later.
                    match torn.take() {
                        Some((t, rest)) => {
                            let mut file = std::fs::OpenOptions::new().append(true).open(f.file(t)).unwrap();
                            std::io::Write::write_all(&mut file, rest.as_bytes()).unwrap();
                        }
                        None if f.file(d).exists() => {
                            id += 1;
                            second += 1;
                            answered.push(id);
                            let line = review(id, (40 + step as i64) * 86_400 + second, "d/c1", 3).to_line();
                            let (head, rest) = line.split_at(line.len() / 3);
                            let mut file = std::fs::OpenOptions::new().append(true).open(f.file(d)).unwrap();
                            std::io::Write::write_all(&mut file, head.as_bytes()).unwrap();
                            torn = Some((d, format!("{rest}\n")));
                        }
                        None => {}
                    }
                }
                3 if f.file(d).exists() => {
                    // Put in place by a rename: the same bytes and one more answer.
                    let tmp = f.folder.dir().join("incoming");
                    std::fs::copy(f.file(d), &tmp).unwrap();
                    id += 1;
                    second += 1;
                    answered.push(id);
                    append(
                        &tmp,
                        &[review(id, (45 + step as i64) * 86_400 + second, "d/c2", 2)],
                    );
                    std::fs::rename(&tmp, f.file(d)).unwrap();
                }
                4 => {
                    // An imported history, on device d and later on another device too.
                    let first = 100_000 + 100 * step as u64;
                    let history = days(first, 4, next(10) as i64);
                    f.append(d, &history);
                    f.append(1 + (d % 3), &history);
                }
                _ if !answered.is_empty() => {
                    // An undo, by any device, of any answer.
                    id += 1;
                    second += 1;
                    let target = answered[next(answered.len() as u64) as usize];
                    f.append(d, &[undo(id, (50 + step as i64) * 86_400 + second, target)]);
                }
                _ => {}
            }
            resumed += usize::from(f.read(&format!("seed {seed}, step {step}")).0);
        }
        // Most starts read on from the offsets (a replaced file replays in full once).
        assert!(
            resumed >= 20,
            "seed {seed}: {resumed} of 40 starts from the snapshot"
        );
    }
}
