//! Per-card progress derived from the event log: each card's review history folded through the
//! scheduler into its memory state, plus burials and quiz results.
//!
//! The log stays the only source of truth; this is a view rebuilt from it, or from a snapshot in
//! the derived cache (`crate::cache`) plus the events appended since. Undo removes a review from the view
//! and the card's state is refolded from its remaining history, so an undo is exact.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};

use crate::schedule::{CardState, Phase, Rating, Scheduler};
use crate::store::{Event, EventBody, EventId, Mode, QuizSummary};

/// One answer in a card's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The event that recorded it.
    pub event: EventId,
    /// When it was answered.
    pub time: Timestamp,
    /// The rating given.
    pub rating: Rating,
    /// The judge's verdict (`right`, `partial`, `wrong`, `timeout`, `skipped`), if judged.
    pub verdict: Option<&'static str>,
    /// Study or quiz.
    pub mode: Mode,
    /// Whether the answer moved the schedule.
    pub reschedule: bool,
    /// Time until the card was due again after this answer (zero when not rescheduled).
    pub interval: SignedDuration,
}

/// Everything known about one card.
#[derive(Debug, Clone, Default)]
pub struct CardProgress {
    /// The memory and scheduling state after the last answer.
    pub state: CardState,
    /// Every answer, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Hidden until this time (`:skip`).
    pub buried_until: Option<Timestamp>,
}

impl CardProgress {
    /// True when buried at `now`.
    pub fn is_buried(&self, now: Timestamp) -> bool {
        self.buried_until.is_some_and(|u| u > now)
    }

    /// True when it had a scheduled answer in `[from, to)`.
    pub fn answered_between(&self, from: Timestamp, to: Timestamp) -> bool {
        self.history
            .iter()
            .any(|h| h.reschedule && h.time >= from && h.time < to)
    }

    /// True when its first scheduled answer falls in `[from, to)`: introduced that day.
    pub fn introduced_between(&self, from: Timestamp, to: Timestamp) -> bool {
        self.history
            .iter()
            .find(|h| h.reschedule)
            .is_some_and(|h| h.time >= from && h.time < to)
    }
}

/// The seed of the fuzz for a card's `n`-th scheduled review: a replay gives the same dates.
pub fn fuzz_seed(key: &str, n: usize) -> u64 {
    // FNV-1a: stable across platforms and versions, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain((n as u64).to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The verdict names the log uses, interned: a replay of a million reviews allocates none.
fn intern_verdict(v: Option<&str>) -> Option<&'static str> {
    Some(match v? {
        "right" => "right",
        "partial" => "partial",
        "wrong" => "wrong",
        "timeout" => "timeout",
        "skipped" => "skipped",
        _ => "other",
    })
}

/// Replays `history` through the scheduler; returns the final state and fills in intervals.
fn fold(key: &str, history: &mut [HistoryEntry], sched: &Scheduler) -> (CardState, bool) {
    let mut state = CardState::new();
    let mut leech_now = false;
    let mut n = 0;
    for entry in history.iter_mut() {
        if !entry.reschedule {
            entry.interval = SignedDuration::ZERO;
            continue;
        }
        let out = sched.review(&state, entry.rating, entry.time, fuzz_seed(key, n));
        n += 1;
        entry.interval = out.interval;
        leech_now = out.became_leech;
        state = out.state;
    }
    (state, leech_now)
}

/// Former card keys and the keys their history now belongs to (`deck/old-id` → `deck/new-id`),
/// from the cards' `renamed_from`; see [`crate::deck::Library::renames`].
pub type Renames = HashMap<String, String>;

/// The progress of every card, derived from the log.
#[derive(Debug, Default)]
pub struct Progress {
    /// Old keys folded onto new ones, for events replayed and applied alike.
    renames: Renames,
    cards: HashMap<String, CardProgress>,
    quizzes: Vec<(Timestamp, QuizSummary)>,
    /// Reviews applied live (not replayed), so an undo finds its card without a search.
    review_of: HashMap<EventId, String>,
    /// Every burial in force, by event: an undo of one recomputes its card's `buried_until`
    /// from the others, as a replay that skips the undone event would.
    burials: HashMap<EventId, (String, Timestamp)>,
}

/// What applying one event changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// The card the event was about.
    pub card: Option<String>,
    /// The card became a leech with this answer.
    pub became_leech: bool,
}

impl Progress {
    /// Replays a whole log.
    pub fn replay(events: &[Event], sched: &Scheduler) -> Progress {
        Progress::replay_renamed(events, sched, &Renames::new())
    }

    /// Replays a whole log, folding the events of a renamed card's old keys onto its new key,
    /// so a renamed card keeps its schedule and history.
    pub fn replay_renamed(events: &[Event], sched: &Scheduler, renames: &Renames) -> Progress {
        let undone: HashSet<&EventId> = events
            .iter()
            .filter_map(|e| match &e.body {
                EventBody::Undo { target } => Some(target),
                _ => None,
            })
            .collect();
        let mut p = Progress {
            renames: renames.clone(),
            ..Progress::default()
        };
        for e in events {
            if undone.contains(&e.id) {
                continue;
            }
            match &e.body {
                EventBody::Review(r) => {
                    let Some(rating) = Rating::from_u8(r.rating) else {
                        continue;
                    };
                    let entry = HistoryEntry {
                        event: e.id,
                        time: e.time,
                        rating,
                        verdict: intern_verdict(r.verdict.as_deref()),
                        mode: r.mode,
                        reschedule: r.reschedule,
                        interval: SignedDuration::ZERO,
                    };
                    let key = renames.get(&r.card).unwrap_or(&r.card);
                    // Look up before inserting: most events are about a card seen before, and
                    // `entry` would allocate a key for each of them.
                    match p.cards.get_mut(key) {
                        Some(c) => c.history.push(entry),
                        None => {
                            let mut c = CardProgress::default();
                            c.history.push(entry);
                            p.cards.insert(key.clone(), c);
                        }
                    }
                }
                EventBody::Bury { card, until } => {
                    let key = renames.get(card).unwrap_or(card);
                    let c = p.cards.entry(key.clone()).or_default();
                    c.buried_until = Some(c.buried_until.map_or(*until, |u| u.max(*until)));
                    p.burials.insert(e.id, (key.clone(), *until));
                }
                EventBody::Quiz(q) => p.quizzes.push((e.time, q.clone())),
                EventBody::Undo { .. } => {}
            }
        }
        // Cards fold independently: spread them over the cores.
        let mut cards: Vec<(&String, &mut CardProgress)> = p.cards.iter_mut().collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = cards.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            for part in cards.chunks_mut(chunk) {
                scope.spawn(move || {
                    for (key, c) in part.iter_mut() {
                        // Logs merged from two devices may interleave; the schedule follows
                        // answer time.
                        c.history.sort_by_key(|h| h.time);
                        c.state = fold(key, &mut c.history, sched).0;
                    }
                });
            }
        });
        p
    }

    /// Applies one new event (appended after everything replayed so far).
    pub fn apply(&mut self, e: &Event, sched: &Scheduler) -> Applied {
        match &e.body {
            EventBody::Review(r) => {
                let Some(rating) = Rating::from_u8(r.rating) else {
                    return Applied::default();
                };
                let key = self.renames.get(&r.card).unwrap_or(&r.card).clone();
                self.review_of.insert(e.id, key.clone());
                let c = self.cards.entry(key.clone()).or_default();
                let n = c.history.iter().filter(|h| h.reschedule).count();
                let mut entry = HistoryEntry {
                    event: e.id,
                    time: e.time,
                    rating,
                    verdict: intern_verdict(r.verdict.as_deref()),
                    mode: r.mode,
                    reschedule: r.reschedule,
                    interval: SignedDuration::ZERO,
                };
                let mut became_leech = false;
                // An answer older than the card's last one (merged from another device, or a
                // clock set back) takes its place in time order and the card is refolded, as a
                // full replay would do.
                let at = c.history.partition_point(|h| h.time <= e.time);
                if at < c.history.len() {
                    c.history.insert(at, entry);
                    c.state = fold(&key, &mut c.history, sched).0;
                    return Applied {
                        card: Some(key),
                        became_leech: false,
                    };
                }
                if r.reschedule {
                    let out = sched.review(&c.state, rating, e.time, fuzz_seed(&key, n));
                    entry.interval = out.interval;
                    became_leech = out.became_leech;
                    c.state = out.state;
                }
                c.history.push(entry);
                Applied {
                    card: Some(key),
                    became_leech,
                }
            }
            EventBody::Undo { target } if self.burials.contains_key(target) => {
                let Some((key, _)) = self.burials.remove(target) else {
                    return Applied::default();
                };
                let latest = self
                    .burials
                    .values()
                    .filter(|(k, _)| *k == key)
                    .map(|&(_, until)| until)
                    .max();
                if let Some(c) = self.cards.get_mut(&key) {
                    c.buried_until = latest;
                    if c.history.is_empty() && c.buried_until.is_none() {
                        self.cards.remove(&key);
                    }
                }
                Applied {
                    card: Some(key),
                    became_leech: false,
                }
            }
            EventBody::Undo { target } => {
                // Reviews of this session are indexed; older ones (rare) are searched for.
                let found = self.review_of.remove(target).or_else(|| {
                    self.cards
                        .iter()
                        .find(|(_, c)| c.history.iter().any(|h| h.event == *target))
                        .map(|(k, _)| k.clone())
                });
                let Some(key) = found else {
                    return Applied::default();
                };
                if let Some(c) = self.cards.get_mut(&key) {
                    c.history.retain(|h| &h.event != target);
                    c.state = fold(&key, &mut c.history, sched).0;
                    // Nothing left to know about it: a replay would not list the card either.
                    if c.history.is_empty() && c.buried_until.is_none() {
                        self.cards.remove(&key);
                    }
                }
                Applied {
                    card: Some(key),
                    became_leech: false,
                }
            }
            EventBody::Bury { card, until } => {
                let key = self.renames.get(card).unwrap_or(card).clone();
                let c = self.cards.entry(key.clone()).or_default();
                // The latest `until` wins, whatever the order of the events (as in a replay).
                c.buried_until = Some(c.buried_until.map_or(*until, |u| u.max(*until)));
                self.burials.insert(e.id, (key.clone(), *until));
                Applied {
                    card: Some(key),
                    became_leech: false,
                }
            }
            EventBody::Quiz(q) => {
                self.quizzes.push((e.time, q.clone()));
                Applied::default()
            }
        }
    }

    /// Progress rebuilt from its parts (a snapshot of a derived cache).
    pub(crate) fn from_parts(
        renames: Renames,
        cards: HashMap<String, CardProgress>,
        quizzes: Vec<(Timestamp, QuizSummary)>,
        burials: HashMap<EventId, (String, Timestamp)>,
    ) -> Progress {
        Progress {
            renames,
            cards,
            quizzes,
            review_of: HashMap::new(),
            burials,
        }
    }

    /// Every burial in force, by event.
    pub(crate) fn burials(&self) -> &HashMap<EventId, (String, Timestamp)> {
        &self.burials
    }

    /// Every card with history, by key.
    pub(crate) fn cards(&self) -> &HashMap<String, CardProgress> {
        &self.cards
    }

    /// A card's progress, if it was ever answered or buried.
    pub fn get(&self, key: &str) -> Option<&CardProgress> {
        self.cards.get(key)
    }

    /// A card's scheduling state (new when never answered).
    pub fn state(&self, key: &str) -> CardState {
        self.cards.get(key).map(|c| c.state.clone()).unwrap_or_default()
    }

    /// Keys of every card with history.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.cards.keys().map(String::as_str)
    }

    /// Past quiz results, oldest first.
    pub fn quizzes(&self) -> &[(Timestamp, QuizSummary)] {
        &self.quizzes
    }

    /// True when the card is buried at `now`.
    pub fn is_buried(&self, key: &str, now: Timestamp) -> bool {
        self.cards.get(key).is_some_and(|c| c.is_buried(now))
    }

    /// True when the card had a scheduled answer in `[from, to)`.
    pub fn answered_between(&self, key: &str, from: Timestamp, to: Timestamp) -> bool {
        self.cards.get(key).is_some_and(|c| c.answered_between(from, to))
    }

    /// True when the card's first scheduled answer falls in `[from, to)`: introduced that day.
    pub fn introduced_between(&self, key: &str, from: Timestamp, to: Timestamp) -> bool {
        self.cards
            .get(key)
            .is_some_and(|c| c.introduced_between(from, to))
    }

    /// True when the card is still new (never answered in study).
    pub fn is_new(&self, key: &str) -> bool {
        self.cards.get(key).is_none_or(|c| c.state.phase == Phase::New)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Config;
    use crate::store::{Mode, Review};

    fn review(id: u64, t: &str, card: &str, rating: u8) -> Event {
        Event {
            id: EventId::from_u64(id),
            time: t.parse().unwrap(),
            body: EventBody::Review(Review {
                card: card.into(),
                rating,
                answer: None,
                verdict: None,
                score: None,
                ms: 1000,
                mode: Mode::Study,
                reschedule: true,
            }),
        }
    }

    #[test]
    fn undo_refolds_exactly() {
        let sched = Scheduler::new(Config::default()).unwrap();
        let a = review(1, "2026-01-01T10:00:00Z", "d/c", 3);
        let b = review(2, "2026-01-05T10:00:00Z", "d/c", 1);
        let mut live = Progress::replay(std::slice::from_ref(&a), &sched);
        let before = live.state("d/c");
        live.apply(&b, &sched);
        assert_ne!(live.state("d/c"), before);
        let undo = Event {
            id: EventId::from_u64(3),
            time: "2026-01-05T10:00:01Z".parse().unwrap(),
            body: EventBody::Undo { target: b.id },
        };
        live.apply(&undo, &sched);
        assert_eq!(live.state("d/c"), before);
        let replayed = Progress::replay(&[a, b, undo], &sched);
        assert_eq!(replayed.state("d/c"), before);
    }

    #[test]
    fn replay_equals_live_application() {
        let sched = Scheduler::new(Config::default()).unwrap();
        let events: Vec<Event> = (0..20)
            .map(|i| {
                review(
                    i as u64,
                    &format!("2026-01-{:02}T10:00:00Z", i + 1),
                    "d/c",
                    [3, 3, 1, 4, 2][i % 5],
                )
            })
            .collect();
        let mut live = Progress::default();
        for e in &events {
            live.apply(e, &sched);
        }
        assert_eq!(live.state("d/c"), Progress::replay(&events, &sched).state("d/c"));
    }
}

#[cfg(test)]
mod rename_tests {
    use super::*;
    use crate::schedule::Config;
    use crate::store::{Mode, Review};

    fn review(id: u64, t: &str, card: &str, rating: u8) -> Event {
        Event {
            id: EventId::from_u64(id),
            time: t.parse().unwrap(),
            body: EventBody::Review(Review {
                card: card.into(),
                rating,
                answer: None,
                verdict: None,
                score: None,
                ms: 1000,
                mode: Mode::Study,
                reschedule: true,
            }),
        }
    }

    #[test]
    fn renamed_history_folds_onto_the_new_key() {
        let sched = Scheduler::new(Config::default()).unwrap();
        let events = [
            review(1, "2026-01-01T10:00:00Z", "d/old", 3),
            review(2, "2026-01-04T10:00:00Z", "d/older", 3),
            review(3, "2026-01-12T10:00:00Z", "d/new", 1),
            review(4, "2026-01-02T10:00:00Z", "d/other", 3),
        ];
        let renames: Renames = [("d/old", "d/new"), ("d/older", "d/new")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let p = Progress::replay_renamed(&events, &sched, &renames);
        let mut keys: Vec<&str> = p.keys().collect();
        keys.sort_unstable();
        assert_eq!(keys, ["d/new", "d/other"]);
        let history = &p.get("d/new").unwrap().history;
        let ids: Vec<EventId> = history.iter().map(|h| h.event).collect();
        assert_eq!(ids, [1, 2, 3].map(EventId::from_u64));
        // The same answers under one key give the same state as under the new key alone.
        let same = [
            review(1, "2026-01-01T10:00:00Z", "d/new", 3),
            review(2, "2026-01-04T10:00:00Z", "d/new", 3),
            review(3, "2026-01-12T10:00:00Z", "d/new", 1),
        ];
        assert_eq!(p.state("d/new"), Progress::replay(&same, &sched).state("d/new"));
        // A later answer logged under the old key (another device) lands on the new one too.
        let mut live = p;
        let applied = live.apply(&review(5, "2026-01-20T10:00:00Z", "d/old", 3), &sched);
        assert_eq!(applied.card.as_deref(), Some("d/new"));
        assert_eq!(live.get("d/new").unwrap().history.len(), 4);
        assert!(live.get("d/old").is_none());
    }
}
