//! The progress snapshot: every card's state and history as of a byte offset of a log, with a
//! stamp that is cheap to check whatever the log's length, and the events after it replayed on
//! start.
//!
//! The stamp is the log's identity (device and inode), the offset and its line number, and
//! hashes of the log's first bytes (its header) and of the bytes just before the offset. A log
//! that only grew since keeps all of them; a rewritten one (`merge`, an edit by hand, a copy
//! from another device) changes its inode or those bytes, and is replayed in full.

use std::collections::HashMap;
use std::fs::File;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::progress::{CardProgress, HistoryEntry, Mark, MarkKind, Progress, Renames};
use crate::schedule::{CardState, Phase, Rating};
use crate::store::{EventId, Mode, QuizSummary, Resume};

/// Bytes hashed at each end of the stamped range.
pub(super) const STAMP_BYTES: u64 = 4096;

/// What a snapshot must match before it is even looked at: deckard's build and the settings
/// the states were folded with.
#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
pub(crate) struct Key {
    pub version: String,
    pub log: String,
    pub settings: String,
    /// Old card keys folded onto new ones (`renamed_from` in the decks), sorted.
    pub renames: Vec<(String, String)>,
}

/// Where in which log the snapshot ends.
#[derive(Serialize, Deserialize, PartialEq, Eq, Debug, Clone, Copy)]
pub(crate) struct Stamp {
    pub dev: u64,
    pub ino: u64,
    pub offset: u64,
    pub line: u64,
    pub head: u64,
    pub tail: u64,
}

#[cfg(unix)]
fn identity(file: &File) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = file.metadata().ok()?;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_: &File) -> Option<(u64, u64)> {
    None // no cheap identity: never resume
}

#[cfg(unix)]
pub(super) fn hash_range(file: &File, from: u64, to: u64) -> Option<u64> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; usize::try_from(to - from).ok()?];
    file.read_exact_at(&mut buf, from).ok()?;
    Some(xxh3_64(&buf))
}

#[cfg(not(unix))]
pub(super) fn hash_range(_: &File, _: u64, _: u64) -> Option<u64> {
    None
}

impl Stamp {
    /// The stamp of `file` (of length `len`) at `at`, or `None` if it cannot be taken.
    pub(crate) fn take(file: &File, len: u64, at: Resume) -> Option<Stamp> {
        if at.offset == 0 || at.offset > len {
            return None;
        }
        let (dev, ino) = identity(file)?;
        Some(Stamp {
            dev,
            ino,
            offset: at.offset,
            line: at.line as u64,
            head: hash_range(file, 0, at.offset.min(STAMP_BYTES))?,
            tail: hash_range(file, at.offset.saturating_sub(STAMP_BYTES), at.offset)?,
        })
    }

    /// The resume point, if `file` (of length `len`) still carries this stamp.
    pub(crate) fn check(&self, file: &File, len: u64) -> Option<Resume> {
        let at = Resume {
            offset: self.offset,
            line: usize::try_from(self.line).ok()?,
        };
        (Stamp::take(file, len, at).as_ref() == Some(self)).then_some(at)
    }
}

/// A time as seconds and nanoseconds (jiff's own serde form is text, slower to read).
#[derive(Serialize, Deserialize, Clone, Copy)]
struct Time(i64, i32);

impl Time {
    fn of(t: Timestamp) -> Time {
        Time(t.as_second(), t.subsec_nanosecond())
    }
    fn get(self) -> Option<Timestamp> {
        Timestamp::new(self.0, self.1).ok()
    }
}

#[derive(Serialize, Deserialize)]
struct StateRec {
    phase: u8,
    step: u32,
    due: Option<Time>,
    last_review: Option<Time>,
    stability: f64,
    difficulty: f64,
    ease: f64,
    interval_days: u32,
    reps: u32,
    lapses: u32,
    leech: bool,
}

#[derive(Serialize, Deserialize)]
struct EntryRec {
    event: u64,
    time: Time,
    rating: u8,
    /// Index in [`VERDICTS`], 0 for none.
    verdict: u8,
    quiz: bool,
    reschedule: bool,
    interval: (i64, i32),
    /// Position in the log, which orders events of one time.
    seq: u64,
}

/// A mark (suspend, unsuspend, reset, reschedule, bury) as stored.
#[derive(Serialize, Deserialize)]
struct MarkRec {
    event: u64,
    time: Time,
    /// 0 suspend, 1 unsuspend, 2 reset, 3 reschedule, 4 bury.
    kind: u8,
    /// The due time of a reschedule, the end of a burial.
    until: Option<Time>,
    seq: u64,
}

fn mark_rec(m: &Mark) -> MarkRec {
    let (kind, until) = match m.kind {
        MarkKind::Suspend => (0, None),
        MarkKind::Unsuspend => (1, None),
        MarkKind::Reset => (2, None),
        MarkKind::Reschedule(t) => (3, Some(Time::of(t))),
        MarkKind::Bury(t) => (4, Some(Time::of(t))),
    };
    MarkRec {
        event: m.event.as_u64(),
        time: Time::of(m.time),
        kind,
        until,
        seq: m.seq,
    }
}

fn mark_of(r: &MarkRec) -> Option<Mark> {
    let until = || r.until.and_then(Time::get);
    let kind = match r.kind {
        0 => MarkKind::Suspend,
        1 => MarkKind::Unsuspend,
        2 => MarkKind::Reset,
        3 => MarkKind::Reschedule(until()?),
        4 => MarkKind::Bury(until()?),
        _ => return None,
    };
    Some(Mark {
        event: EventId::from_u64(r.event),
        time: r.time.get()?,
        kind,
        seq: r.seq,
    })
}

/// One card as read; written as [`CardOut`].
#[derive(Deserialize)]
struct CardRec {
    key: String,
    state: StateRec,
    buried_until: Option<Time>,
    history: HistoryIn,
    suspended: bool,
    marks: Vec<MarkRec>,
}

/// A card's history as read: each entry converted as it is decoded, without a list of
/// [`EntryRec`] first.
struct HistoryIn(Vec<HistoryEntry>);

impl<'de> Deserialize<'de> for HistoryIn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = HistoryIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sequence of history entries")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<HistoryIn, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(h) = seq.next_element::<EntryRec>()? {
                    v.push(history_entry(h).ok_or_else(|| serde::de::Error::custom("a value out of range"))?);
                }
                Ok(HistoryIn(v))
            }
        }
        d.deserialize_seq(Entries)
    }
}

fn history_entry(h: EntryRec) -> Option<HistoryEntry> {
    Some(HistoryEntry {
        event: EventId::from_u64(h.event),
        time: h.time.get()?,
        rating: Rating::from_u8(h.rating)?,
        verdict: match h.verdict {
            0 => None,
            v => Some(*VERDICTS.get(usize::from(v) - 1)?),
        },
        mode: if h.quiz { Mode::Quiz } else { Mode::Study },
        reschedule: h.reschedule,
        interval: SignedDuration::new(h.interval.0, h.interval.1),
        seq: h.seq,
    })
}

#[derive(Serialize, Deserialize)]
struct QuizRec {
    time: Time,
    decks: Vec<String>,
    questions: u32,
    answered: u32,
    score: f64,
    max_score: f64,
    ms: u64,
}

/// Every card and quiz of a [`Progress`], as written: borrowed from it, converted as it is
/// written, so saving does not copy a million history entries first.
#[derive(Serialize)]
pub(crate) struct BodyOut<'a> {
    cards: CardsOut<'a>,
    quizzes: Vec<QuizRec>,
    next_seq: u64,
    undone: Vec<u64>,
}

/// The same layout as read back: cards go straight into the map [`Progress`] uses.
#[derive(Deserialize)]
pub(crate) struct Body {
    cards: CardsIn,
    quizzes: Vec<QuizRec>,
    /// Position of the next event in the log.
    next_seq: u64,
    /// Every event an undo names.
    undone: Vec<u64>,
}

struct CardsOut<'a>(&'a HashMap<String, CardProgress>);

/// One card as written; the same layout as [`CardRec`].
#[derive(Serialize)]
struct CardOut<'a> {
    key: &'a str,
    state: StateRec,
    buried_until: Option<Time>,
    history: HistoryOut<'a>,
    suspended: bool,
    marks: Vec<MarkRec>,
}

struct HistoryOut<'a>(&'a [HistoryEntry]);

impl Serialize for CardsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|(key, c)| CardOut {
            key,
            state: state_rec(&c.state),
            buried_until: c.buried_until.map(Time::of),
            history: HistoryOut(&c.history),
            suspended: c.suspended,
            marks: c.marks.iter().map(mark_rec).collect(),
        }))
    }
}

impl Serialize for HistoryOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(entry_rec))
    }
}

struct CardsIn(HashMap<String, CardProgress>);

impl<'de> Deserialize<'de> for CardsIn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Cards;
        impl<'de> serde::de::Visitor<'de> for Cards {
            type Value = CardsIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sequence of cards")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<CardsIn, A::Error> {
                // The length comes from the file: trust it only so far.
                let mut map = HashMap::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(c) = seq.next_element::<CardRec>()? {
                    let (key, card) = c
                        .into_card()
                        .ok_or_else(|| serde::de::Error::custom("a value out of range"))?;
                    map.insert(key, card);
                }
                Ok(CardsIn(map))
            }
        }
        d.deserialize_seq(Cards)
    }
}

/// The verdict names [`Progress`] interns, by index (0 is none).
const VERDICTS: [&str; 6] = ["right", "partial", "wrong", "timeout", "skipped", "other"];

const PHASES: [Phase; 4] = [Phase::New, Phase::Learning, Phase::Review, Phase::Relearning];

fn state_rec(s: &CardState) -> StateRec {
    StateRec {
        phase: PHASES.iter().position(|p| *p == s.phase).unwrap_or(0) as u8,
        step: s.step,
        due: s.due.map(Time::of),
        last_review: s.last_review.map(Time::of),
        stability: s.stability,
        difficulty: s.difficulty,
        ease: s.ease,
        interval_days: s.interval_days,
        reps: s.reps,
        lapses: s.lapses,
        leech: s.leech,
    }
}

fn state_of(r: &StateRec) -> Option<CardState> {
    let opt = |t: Option<Time>| t.map(Time::get).map_or(Some(None), |t| t.map(Some));
    Some(CardState {
        phase: *PHASES.get(usize::from(r.phase))?,
        step: r.step,
        due: opt(r.due)?,
        last_review: opt(r.last_review)?,
        stability: r.stability,
        difficulty: r.difficulty,
        ease: r.ease,
        interval_days: r.interval_days,
        reps: r.reps,
        lapses: r.lapses,
        leech: r.leech,
    })
}

fn entry_rec(h: &HistoryEntry) -> EntryRec {
    EntryRec {
        event: h.event.as_u64(),
        time: Time::of(h.time),
        rating: h.rating.as_u8(),
        verdict: h
            .verdict
            .and_then(|v| VERDICTS.iter().position(|n| *n == v))
            .map_or(0, |i| i as u8 + 1),
        quiz: h.mode == Mode::Quiz,
        reschedule: h.reschedule,
        interval: (h.interval.as_secs(), h.interval.subsec_nanos()),
        seq: h.seq,
    }
}

impl CardRec {
    /// The card's key and progress; `None` if any value is out of range (a damaged or foreign
    /// file that passed the checksum).
    fn into_card(self) -> Option<(String, CardProgress)> {
        let history = self.history.0;
        let buried_until = match self.buried_until {
            Some(t) => Some(t.get()?),
            None => None,
        };
        let mut marks = Vec::with_capacity(self.marks.len());
        for m in &self.marks {
            marks.push(mark_of(m)?);
        }
        let card = CardProgress {
            state: state_of(&self.state)?,
            history,
            buried_until,
            suspended: self.suspended,
            marks,
        };
        Some((self.key, card))
    }
}

impl<'a> BodyOut<'a> {
    /// The snapshot of `p`.
    pub(crate) fn of(p: &'a Progress) -> BodyOut<'a> {
        let quizzes = p
            .quizzes()
            .iter()
            .map(|(t, q)| QuizRec {
                time: Time::of(*t),
                decks: q.decks.clone(),
                questions: q.questions,
                answered: q.answered,
                score: q.score,
                max_score: q.max_score,
                ms: q.ms,
            })
            .collect();
        BodyOut {
            cards: CardsOut(p.cards()),
            quizzes,
            next_seq: p.next_seq,
            undone: p.undone().iter().map(|id| id.as_u64()).collect(),
        }
    }
}

impl Body {
    /// The progress this snapshot holds; `None` if a quiz's time is out of range.
    pub(crate) fn into_progress(self, renames: &Renames) -> Option<Progress> {
        let mut quizzes = Vec::with_capacity(self.quizzes.len());
        for q in self.quizzes {
            let summary = QuizSummary {
                decks: q.decks,
                questions: q.questions,
                answered: q.answered,
                score: q.score,
                max_score: q.max_score,
                ms: q.ms,
            };
            quizzes.push((q.time.get()?, summary));
        }
        Some(Progress::from_parts(
            renames.clone(),
            self.cards.0,
            quizzes,
            self.next_seq,
            self.undone.into_iter().map(EventId::from_u64).collect(),
        ))
    }
}
