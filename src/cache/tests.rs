//! The cache must give exactly what a full replay or a fresh parse gives, whatever happened to
//! the log, the decks or the cache files in between; only `resumed` may differ.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use proptest::prelude::*;

use super::*;
use crate::progress::{Progress, Renames};
use crate::schedule::Config;
use crate::store::{EventBody, EventId, Mode, QuizSummary, Review, Store};

fn sched(c: &Config) -> Scheduler {
    Scheduler::new(c.clone()).expect("valid settings")
}

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
            answer: Some("x".into()),
            verdict: Some(if rating > 1 { "right" } else { "wrong" }.into()),
            score: Some(1.0),
            ms: 1000,
            mode: if id.is_multiple_of(7) {
                Mode::Quiz
            } else {
                Mode::Study
            },
            reschedule: !id.is_multiple_of(11),
            origin: None,
        }),
    }
}

fn append(log: &Path, events: &[Event]) {
    let mut store = Store::open(log).expect("open log").store;
    for e in events {
        store.append(e).expect("append");
    }
}

/// Asserts two progresses hold the same cards (state, history, burial) and quizzes.
fn assert_same(a: &Progress, b: &Progress) {
    assert_eq!(a.cards().len(), b.cards().len(), "card count");
    for (key, ca) in a.cards() {
        let cb = b.get(key).unwrap_or_else(|| panic!("{key} missing"));
        assert_eq!(ca.state, cb.state, "{key} state");
        assert_eq!(ca.history, cb.history, "{key} history");
        assert_eq!(ca.buried_until, cb.buried_until, "{key} burial");
        assert_eq!(ca.suspended, cb.suspended, "{key} suspension");
        assert_eq!(ca.marks, cb.marks, "{key} marks");
    }
    assert_eq!(a.quizzes(), b.quizzes());
    assert_eq!(a.next_seq, b.next_seq);
}

struct Fixture {
    _dir: tempfile::TempDir,
    log: PathBuf,
    cache: Cache,
    config: Config,
    renames: Renames,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        Fixture {
            log: dir.path().join("progress.jsonl"),
            cache: Cache::new(dir.path().join("cache")),
            _dir: dir,
            config: Config::default(),
            renames: Renames::new(),
        }
    }

    /// Reads through the cache, waits for its write, and checks against a full replay.
    fn read(&self) -> Loaded {
        let s = sched(&self.config);
        let mut loaded = self
            .cache
            .read_progress(&self.log, &self.config, &s, &self.renames)
            .expect("read");
        std::mem::take(&mut loaded.pending).wait();
        let (events, _) = store::read(&self.log).expect("read log");
        let replayed = Progress::replay_renamed(&events, &s, &self.renames);
        assert_same(&loaded.progress, &replayed);
        loaded
    }

    fn snapshot(&self) -> PathBuf {
        self.cache.snapshot_path(&self.log)
    }
}

fn history(n: u64) -> Vec<Event> {
    (0..n)
        .map(|i| {
            review(
                i + 1,
                i as i64 * 86_400,
                &format!("d/c{}", i % 3),
                1 + (i % 4) as u8,
            )
        })
        .collect()
}

#[test]
fn a_grown_log_resumes_and_rewritten_ones_do_not() {
    let f = Fixture::new();
    append(&f.log, &history(20));
    assert!(!f.read().resumed, "no cache yet");
    assert!(f.read().resumed, "unchanged log");
    append(&f.log, &[review(100, 30 * 86_400, "d/c1", 3)]);
    assert!(f.read().resumed, "appended log");
    // Rewritten with the same content: another inode.
    let copy = f.log.with_extension("copy");
    std::fs::copy(&f.log, &copy).unwrap();
    std::fs::rename(&copy, &f.log).unwrap();
    assert!(!f.read().resumed, "replaced log");
    assert!(f.read().resumed, "snapshot rewritten");
    // A byte before the offset changed in place (same inode, same length): rating 3 → 2.
    let text = std::fs::read_to_string(&f.log).unwrap();
    let i = text.rfind("\"rating\":3").unwrap();
    let mut bytes = text.into_bytes();
    bytes[i + 9] = b'2';
    std::fs::OpenOptions::new()
        .write(true)
        .open(&f.log)
        .and_then(|mut file| std::io::Write::write_all(&mut file, &bytes))
        .unwrap();
    assert!(!f.read().resumed, "edited log");
    // Cut shorter than the snapshot.
    let len = std::fs::metadata(&f.log).unwrap().len();
    let keep = std::fs::read(&f.log).unwrap()[..len as usize - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap() as u64
        + 1;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&f.log)
        .unwrap()
        .set_len(keep)
        .unwrap();
    assert!(!f.read().resumed, "truncated log");
}

#[test]
fn changed_settings_or_build_replay_in_full() {
    let mut f = Fixture::new();
    append(&f.log, &history(12));
    f.read();
    assert!(f.read().resumed);
    f.config.desired_retention = 0.85;
    assert!(!f.read().resumed, "other retention");
    assert!(f.read().resumed);
    f.config.params[3] += 0.5;
    assert!(!f.read().resumed, "other FSRS parameters");
    assert!(f.read().resumed);
    // A card renamed in its deck: its old key's history now folds onto the new key.
    f.renames.insert("d/c1".into(), "d/one".into());
    let loaded = f.read();
    assert!(!loaded.resumed, "a rename");
    assert!(loaded.progress.get("d/one").is_some() && loaded.progress.get("d/c1").is_none());
    append(&f.log, &[review(500, 50 * 86_400, "d/c1", 3)]);
    let loaded = f.read();
    assert!(loaded.resumed, "the same renames");
    assert_eq!(loaded.progress.get("d/one").map(|c| c.history.len()), Some(5));
    // A snapshot written by another build: same layout, another version in its key.
    let payload = frame::read(&f.snapshot()).unwrap();
    let (mut key, rest) = postcard::take_from_bytes::<Key>(&payload).unwrap();
    key.version = "0.0.0-other".into();
    let forged = [postcard::to_allocvec(&key).unwrap(), rest.to_vec()].concat();
    frame::write(&f.snapshot(), &forged).unwrap();
    assert!(!f.read().resumed, "other build");
}

#[test]
fn damaged_foreign_and_half_written_caches_are_rebuilt_silently() {
    let f = Fixture::new();
    append(&f.log, &history(30));
    f.read();
    let good = std::fs::read(f.snapshot()).unwrap();
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("bit flipped", {
            let mut b = good.clone();
            let n = b.len() - 5;
            b[n] ^= 1;
            b
        }),
        ("foreign", b"{\"deckard\":\"progress\",\"version\":1}\n".to_vec()),
    ];
    for (what, bytes) in damages {
        std::fs::write(f.snapshot(), &bytes).unwrap();
        assert!(!f.read().resumed, "{what}");
        assert!(f.read().resumed, "{what}: rebuilt");
    }
    // A kill during a write leaves its temp file (and here a cut-short cache as well).
    let temp = f.snapshot().with_extension("bin.4242.tmp");
    std::fs::write(&temp, &good[..good.len() / 3]).unwrap();
    std::fs::write(f.snapshot(), &good[..good.len() - 1]).unwrap();
    assert!(!f.read().resumed, "killed writer");
    assert!(f.read().resumed, "after a killed writer");
}

/// A snapshot whose checksum and stamp pass but whose body does not decode: the log was read
/// only after the stamp, so the whole log must be read again.
#[test]
fn an_undecodable_body_reads_the_whole_log_again() {
    let f = Fixture::new();
    append(&f.log, &history(25));
    f.read();
    let payload = frame::read(&f.snapshot()).unwrap();
    let (_, rest) = postcard::take_from_bytes::<Key>(&payload).unwrap();
    let (_, body) = postcard::take_from_bytes::<Stamp>(rest).unwrap();
    let head = payload.len() - body.len();
    let broken = [&payload[..head], &[0xff; 3][..]].concat();
    frame::write(&f.snapshot(), &broken).unwrap();
    append(&f.log, &[review(200, 40 * 86_400, "d/c2", 4)]);
    assert!(!f.read().resumed);
}

#[test]
fn writing_through_the_lock_resumes_too() {
    let f = Fixture::new();
    append(&f.log, &history(10));
    let c = Config::default();
    let s = sched(&c);
    let (store, loaded) = f.cache.open_progress(&f.log, &c, &s, &f.renames).unwrap();
    assert!(!loaded.resumed);
    drop((store, loaded));
    append(&f.log, &[review(300, 20 * 86_400, "d/c0", 2)]);
    let (_store, loaded) = f.cache.open_progress(&f.log, &c, &s, &f.renames).unwrap();
    assert!(loaded.resumed);
    let (events, _) = store::read(&f.log).unwrap();
    assert_same(&loaded.progress, &Progress::replay(&events, &s));
}

#[derive(Debug, Clone)]
enum Op {
    Review {
        card: u8,
        rating: u8,
        back: bool,
    },
    Undo(usize),
    Bury {
        card: u8,
        days: u8,
    },
    /// Suspend, unsuspend, reset or reschedule (by `kind` 0 to 3).
    Mark {
        card: u8,
        kind: u8,
    },
    Quiz,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..4, 1u8..=4, proptest::bool::weighted(0.15))
            .prop_map(|(card, rating, back)| Op::Review { card, rating, back }),
        1 => (0usize..50).prop_map(Op::Undo),
        1 => (0u8..4, 0u8..5).prop_map(|(card, days)| Op::Bury { card, days }),
        1 => (0u8..4, 0u8..4).prop_map(|(card, kind)| Op::Mark { card, kind }),
        1 => Just(Op::Quiz),
    ]
}

/// Turns ops into events with rising times, some reviews dated back (late arrivals).
fn events(ops: &[Op]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    // Reviews and burials: what an undo may withdraw.
    let mut reviews = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let id = i as u64 + 1;
        let t = i as i64 * 20_000;
        let e = match op {
            Op::Review { card, rating, back } => {
                reviews.push(id);
                review(
                    id,
                    if *back { t - 300_000 } else { t },
                    &format!("d/c{card}"),
                    *rating,
                )
            }
            Op::Undo(n) if !reviews.is_empty() => Event {
                id: EventId::from_u64(id),
                time: at(t),
                body: EventBody::Undo {
                    target: EventId::from_u64(reviews[n % reviews.len()]),
                },
            },
            Op::Undo(_) => continue,
            Op::Bury { card, days } => {
                reviews.push(id);
                Event {
                    id: EventId::from_u64(id),
                    time: at(t),
                    body: EventBody::Bury {
                        card: format!("d/c{card}"),
                        until: at(t + i64::from(*days) * 86_400),
                    },
                }
            }
            Op::Mark { card, kind } => {
                reviews.push(id);
                let card = format!("d/c{card}");
                Event {
                    id: EventId::from_u64(id),
                    time: at(t),
                    body: match kind {
                        0 => EventBody::Suspend { card },
                        1 => EventBody::Unsuspend { card },
                        2 => EventBody::Reset { card },
                        _ => EventBody::Reschedule {
                            card,
                            due: at(t + 3 * 86_400),
                        },
                    },
                }
            }
            Op::Quiz => Event {
                id: EventId::from_u64(id),
                time: at(t),
                body: EventBody::Quiz(QuizSummary {
                    decks: vec!["d".into()],
                    questions: 3,
                    answered: 2,
                    score: 1.5,
                    max_score: 3.0,
                    ms: 9000,
                }),
            },
        };
        out.push(e);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the log and wherever the snapshot was taken, the cached start (snapshot plus
    /// the events after it) gives the states a full replay gives.
    #[test]
    fn cached_start_equals_full_replay(ops in proptest::collection::vec(op(), 1..60), cuts in proptest::collection::vec(0usize..60, 1..4), rename: bool) {
        let mut f = Fixture::new();
        if rename {
            // Two cards' histories folded into one: late events interleave across old keys.
            f.renames.insert("d/c3".into(), "d/c0".into());
        }
        let all = events(&ops);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(all.len())).collect();
        cuts.sort_unstable();
        cuts.push(all.len());
        let mut done = 0;
        let header = |log: &Path| std::fs::read_to_string(log).ok().and_then(|t| t.lines().next().map(str::to_owned));
        for (n, cut) in cuts.into_iter().enumerate() {
            let before = header(&f.log);
            append(&f.log, &all[done..cut]);
            done = cut;
            let loaded = f.read(); // asserts equality with a full replay
            // A newer event type raises the header's version in place: the stamp's first
            // bytes change and the log is replayed in full, once.
            if n > 0 {
                prop_assert_eq!(loaded.resumed, header(&f.log) == before);
            }
        }
    }
}

mod decks {
    use super::*;
    use crate::deck::{Library, load_paths};

    fn deck_text(cards: &[(String, String)]) -> String {
        let mut s = String::from("[deck]\nid = \"d\"\ntitle = \"T\"\n");
        for (id, q) in cards {
            s.push_str(&format!("\n[[card]]\nid = \"{id}\"\nq = \"{q}\"\na = \"x\"\n"));
        }
        s
    }

    /// Equal decks and diagnostics; a deck the cache compiled knows its refused cards, which a
    /// fresh parse leaves to be checked, so the check is run on those first.
    fn same(a: &Library, b: &Library) -> bool {
        let checked = |l: &Library| {
            let decks: Vec<_> = l
                .decks
                .iter()
                .cloned()
                .map(|mut d| {
                    d.refused = Some(
                        d.refused
                            .clone()
                            .unwrap_or_else(|| crate::answer::refused_cards(&d)),
                    );
                    d
                })
                .collect();
            format!("{decks:?}{:?}", l.diagnostics)
        };
        checked(a) == checked(b)
    }

    /// The judge's self-check runs once, when the cache compiles a deck: a warm start reads
    /// which cards it refuses instead of judging every card again.
    #[test]
    fn a_compiled_deck_knows_the_cards_the_judge_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        let file = dir.path().join("e.toml");
        std::fs::write(
            &file,
            "[deck]\nid = \"e\"\ntitle = \"E\"\n[[card]]\nid = \"empty\"\nq = \"Never right?\"\na = \"\"\n[[card]]\nid = \"ok\"\nq = \"Fine?\"\na = \"yes\"\n",
        )
        .unwrap();
        let paths = vec![file];
        assert_eq!(load_paths(&paths).decks[0].refused, None);
        for _ in ["cold", "warm"] {
            let lib = cache.load_paths(&paths);
            assert_eq!(lib.decks[0].refused, Some(vec!["empty".to_string()]));
        }
    }

    /// An edit that keeps the size and the modification time is still seen: the content hash.
    #[test]
    fn an_edit_of_the_same_size_and_time_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        let file = dir.path().join("d.toml");
        std::fs::write(&file, deck_text(&[("a".into(), "first?".into())])).unwrap();
        let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
        let paths = vec![file.clone()];
        assert!(same(&cache.load_paths(&paths), &load_paths(&paths)));
        std::fs::write(&file, deck_text(&[("a".into(), "other?".into())])).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let cached = cache.load_paths(&paths);
        assert_eq!(cached.decks[0].cards[0].prompt, "other?");
        assert!(same(&cached, &load_paths(&paths)));
    }

    #[test]
    fn damaged_deck_caches_are_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        let file = dir.path().join("d.toml");
        std::fs::write(
            &file,
            deck_text(&[("a".into(), "q?".into()), ("b".into(), "r?".into())]),
        )
        .unwrap();
        let paths = vec![file.clone()];
        let fresh = load_paths(&paths);
        assert!(same(&cache.load_paths(&paths), &fresh));
        let entry = std::fs::read_dir(cache.dir())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let good = std::fs::read(&entry).unwrap();
        for bytes in [good[..good.len() / 2].to_vec(), b"garbage".to_vec(), Vec::new()] {
            std::fs::write(&entry, &bytes).unwrap();
            assert!(same(&cache.load_paths(&paths), &fresh));
            assert_eq!(std::fs::read(&entry).unwrap(), good, "rewritten");
        }
    }

    #[test]
    fn bundled_decks_load_the_same_through_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let fresh = crate::deck::load_bundled();
        assert!(same(&cache.load_bundled(), &fresh), "cold");
        assert!(same(&cache.load_bundled(), &fresh), "warm");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Random decks, edited between loads: the cached load equals a fresh parse each time,
        /// errors and warnings included.
        #[test]
        fn cached_decks_equal_fresh_parses(versions in proptest::collection::vec(
            proptest::collection::vec(("[a-c]{1,2}", "[a-z ?\"]{0,8}"), 0..5), 1..4)) {
            let dir = tempfile::tempdir().unwrap();
            let cache = Cache::new(dir.path().join("cache"));
            let file = dir.path().join("d.toml");
            let paths = vec![file.clone()];
            for cards in versions {
                std::fs::write(&file, deck_text(&cards)).unwrap();
                let fresh = load_paths(&paths);
                prop_assert!(same(&cache.load_paths(&paths), &fresh));
                prop_assert!(same(&cache.load_paths(&paths), &fresh));
            }
        }
    }
}
