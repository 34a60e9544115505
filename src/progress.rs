//! Per-card progress derived from the event log: each card's review history folded through the
//! scheduler into its memory state, plus burials and quiz results.
//!
//! The log stays the only source of truth; this is a view rebuilt from it on every start, or
//! from a snapshot in the derived cache (`crate::cache`) plus the events since. Undo removes a
//! review from the view
//! and the card's state is refolded from its remaining history, so an undo is exact.
//!
//! Besides answers, a card's state follows its [`Mark`]s: `reset` starts it over as new and
//! `reschedule` moves its due date (both folded in time order with the answers, so history
//! before a reset is kept but no longer counts), `suspend`/`unsuspend` keep it out of sessions,
//! `bury` hides it until a time. Undoing any of them removes the mark and refolds.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};

use crate::schedule::{CardState, Phase, Rating, Scheduler};
use crate::store::{Event, EventBody, EventId, Events, Mode, QuizSummary};

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
    /// Position in the log, which orders events of one time (a pinned clock); a snapshot of
    /// the progress must keep it.
    pub(crate) seq: u64,
}

/// A state change of a card recorded in the log other than an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The event that recorded it (an `undo` of this id removes it).
    pub event: EventId,
    /// When it was recorded.
    pub time: Timestamp,
    /// What it does.
    pub kind: MarkKind,
    /// Position in the log, which orders events of one time.
    pub(crate) seq: u64,
}

/// What a [`Mark`] does to its card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MarkKind {
    /// Out of every session until unsuspended.
    Suspend,
    /// Back in sessions.
    Unsuspend,
    /// New again from here on; earlier answers stay in the history.
    Reset,
    /// Due at this time, memory kept.
    Reschedule(Timestamp),
    /// Hidden until this time.
    Bury(Timestamp),
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
    /// Kept out of every session (`deckard suspend`).
    pub suspended: bool,
    /// Suspensions, resets, reschedules and burials, in log order.
    pub marks: Vec<Mark>,
}

impl CardProgress {
    /// True when the card had a scheduled answer in `[from, to)`.
    pub fn answered_between(&self, from: Timestamp, to: Timestamp) -> bool {
        self.history
            .iter()
            .any(|h| h.reschedule && h.time >= from && h.time < to)
    }

    /// True when the card's first scheduled answer falls in `[from, to)`: introduced that day.
    pub fn introduced_between(&self, from: Timestamp, to: Timestamp) -> bool {
        self.history
            .iter()
            .find(|h| h.reschedule)
            .is_some_and(|h| h.time >= from && h.time < to)
    }

    /// True when a bury keeps the card hidden at `now`.
    pub fn is_buried(&self, now: Timestamp) -> bool {
        self.buried_until.is_some_and(|u| u > now)
    }

    /// Recomputes what the marks decide besides the schedule: suspension (the latest
    /// suspend or unsuspend wins) and burial (the latest `until` of any bury).
    fn settle_marks(&mut self) {
        self.marks.sort_by_key(|m| (m.time, m.seq));
        self.suspended = false;
        self.buried_until = None;
        for m in &self.marks {
            match m.kind {
                MarkKind::Suspend => self.suspended = true,
                MarkKind::Unsuspend => self.suspended = false,
                MarkKind::Bury(until) => {
                    self.buried_until = Some(self.buried_until.map_or(until, |u| u.max(until)));
                }
                MarkKind::Reset | MarkKind::Reschedule(_) => {}
            }
        }
    }

    /// True when the card has marks that change its schedule (reset, reschedule).
    fn has_schedule_marks(&self) -> bool {
        self.marks
            .iter()
            .any(|m| matches!(m.kind, MarkKind::Reset | MarkKind::Reschedule(_)))
    }
}

/// What a reset or reschedule mark does to a state during a fold.
fn apply_mark(state: &mut CardState, mark: &Mark) {
    match mark.kind {
        MarkKind::Reset => *state = CardState::new(),
        MarkKind::Reschedule(due) => {
            state.due = Some(due);
            if state.phase != Phase::Review {
                // Due at a date means a review card (as Anki's "set due date"); a card without
                // an interval gets the wait as its interval, so the next one grows from it.
                state.phase = Phase::Review;
                state.step = 0;
                if state.interval_days == 0 {
                    // Rounded: `--days 3` asked at 9 a.m. for a day starting at 4 a.m. is 3 days.
                    let days = (due.duration_since(mark.time).as_secs() + 43_200).div_euclid(86_400);
                    state.interval_days = u32::try_from(days.max(1)).unwrap_or(u32::MAX);
                }
            }
        }
        MarkKind::Suspend | MarkKind::Unsuspend | MarkKind::Bury(_) => {}
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

/// Replays `history` and the resets and reschedules among `marks` (both in log order) through
/// the scheduler; returns the final state and fills in intervals.
fn fold(key: &str, history: &mut [HistoryEntry], marks: &[Mark], sched: &Scheduler) -> (CardState, bool) {
    let sched = sched.for_key(key);
    let mut state = CardState::new();
    let mut leech_now = false;
    let mut n = 0;
    let mut marks = marks
        .iter()
        .filter(|m| matches!(m.kind, MarkKind::Reset | MarkKind::Reschedule(_)))
        .peekable();
    for entry in history.iter_mut() {
        while let Some(m) = marks.next_if(|m| (m.time, m.seq) < (entry.time, entry.seq)) {
            apply_mark(&mut state, m);
            leech_now = false;
        }
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
    for m in marks {
        apply_mark(&mut state, m);
        leech_now = false;
    }
    (state, leech_now)
}

/// The card and mark of a suspend, unsuspend, reset, reschedule or bury event.
fn mark_of(body: &EventBody) -> Option<(&String, MarkKind)> {
    Some(match body {
        EventBody::Suspend { card } => (card, MarkKind::Suspend),
        EventBody::Unsuspend { card } => (card, MarkKind::Unsuspend),
        EventBody::Reset { card } => (card, MarkKind::Reset),
        EventBody::Reschedule { card, due } => (card, MarkKind::Reschedule(*due)),
        EventBody::Bury { card, until } => (card, MarkKind::Bury(*until)),
        EventBody::Review(_) | EventBody::Undo { .. } | EventBody::Quiz(_) => return None,
    })
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
    /// Position of the next event in the log (orders events of one time).
    pub(crate) next_seq: u64,
    /// Every event an undo names: one read later (in a progress folder, a copy of an undone
    /// event in another device's file, or an event read after the undo from another device)
    /// is skipped, as a replay skips it.
    undone: HashSet<EventId>,
}

/// What a progress holds under a folded event's id (see [`Progress::holds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Held {
    /// The same event.
    Copy,
    /// Perhaps another event: only the log can tell.
    Unsure,
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
        Progress::replay_from(events, sched, renames)
    }

    /// [`Progress::replay_renamed`] of a progress source's events (a progress folder's taken
    /// from each device's list in merged order, without one list of them all).
    pub fn replay_events(events: &Events, sched: &Scheduler, renames: &Renames) -> Progress {
        Progress::replay_from(events, sched, renames)
    }

    /// The replay; `events` is walked twice (undos first).
    fn replay_from<'a>(
        events: impl IntoIterator<Item = &'a Event> + Copy,
        sched: &Scheduler,
        renames: &Renames,
    ) -> Progress {
        let undone: HashSet<&EventId> = events
            .into_iter()
            .filter_map(|e| match &e.body {
                EventBody::Undo { target } => Some(target),
                _ => None,
            })
            .collect();
        let mut p = Progress {
            renames: renames.clone(),
            ..Progress::default()
        };
        let mut count = 0;
        for (seq, e) in events.into_iter().enumerate() {
            let seq = seq as u64;
            count = seq + 1;
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
                        seq,
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
                EventBody::Quiz(q) => p.quizzes.push((e.time, q.clone())),
                EventBody::Undo { .. } => {}
                body => {
                    if let Some((card, kind)) = mark_of(body) {
                        let key = renames.get(card).unwrap_or(card);
                        let mark = Mark {
                            event: e.id,
                            time: e.time,
                            kind,
                            seq,
                        };
                        p.cards.entry(key.clone()).or_default().marks.push(mark);
                    }
                }
            }
        }
        p.next_seq = count;
        p.undone = undone.into_iter().copied().collect();
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
                        c.history.sort_by_key(|h| (h.time, h.seq));
                        c.settle_marks();
                        c.state = fold(key, &mut c.history, &c.marks, sched).0;
                    }
                });
            }
        });
        p
    }

    /// Applies one new event (appended after everything replayed so far).
    pub fn apply(&mut self, e: &Event, sched: &Scheduler) -> Applied {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.undone.contains(&e.id) {
            return Applied::default();
        }
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
                    seq,
                };
                let mut became_leech = false;
                // An answer older than the card's last answer or reset/reschedule (merged from
                // another device, or a clock set back) takes its place in time order and the
                // card is refolded, as a full replay would do.
                let late = c.history.last().is_some_and(|h| h.time > e.time)
                    || c.marks.iter().any(|m| {
                        m.time > e.time && matches!(m.kind, MarkKind::Reset | MarkKind::Reschedule(_))
                    });
                if late {
                    let at = c.history.partition_point(|h| (h.time, h.seq) <= (e.time, seq));
                    c.history.insert(at, entry);
                    c.state = fold(&key, &mut c.history, &c.marks, sched).0;
                    return Applied {
                        card: Some(key),
                        became_leech: false,
                    };
                }
                if r.reschedule {
                    let out = sched
                        .for_key(&key)
                        .review(&c.state, rating, e.time, fuzz_seed(&key, n));
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
            EventBody::Undo { target } => {
                self.undone.insert(*target);
                // Reviews of this session are indexed; older ones (rare) are searched for.
                let found = self.review_of.remove(target).or_else(|| {
                    self.cards
                        .iter()
                        .find(|(_, c)| {
                            c.history.iter().any(|h| h.event == *target)
                                || c.marks.iter().any(|m| m.event == *target)
                        })
                        .map(|(k, _)| k.clone())
                });
                let Some(key) = found else {
                    return Applied::default();
                };
                if let Some(c) = self.cards.get_mut(&key) {
                    c.history.retain(|h| &h.event != target);
                    c.marks.retain(|m| &m.event != target);
                    c.settle_marks();
                    c.state = fold(&key, &mut c.history, &c.marks, sched).0;
                    // Nothing left to know about it: a replay would not list the card either.
                    if c.history.is_empty() && c.marks.is_empty() {
                        self.cards.remove(&key);
                    }
                }
                Applied {
                    card: Some(key),
                    became_leech: false,
                }
            }
            EventBody::Quiz(q) => {
                self.quizzes.push((e.time, q.clone()));
                Applied::default()
            }
            body => {
                let Some((card, kind)) = mark_of(body) else {
                    return Applied::default();
                };
                let key = self.renames.get(card).unwrap_or(card).clone();
                let c = self.cards.entry(key.clone()).or_default();
                c.marks.push(Mark {
                    event: e.id,
                    time: e.time,
                    kind,
                    seq,
                });
                c.settle_marks();
                if c.has_schedule_marks() {
                    c.state = fold(&key, &mut c.history, &c.marks, sched).0;
                }
                Applied {
                    card: Some(key),
                    became_leech: false,
                }
            }
        }
    }

    /// Progress rebuilt from its parts (a snapshot of a derived cache).
    pub(crate) fn from_parts(
        renames: Renames,
        cards: HashMap<String, CardProgress>,
        quizzes: Vec<(Timestamp, QuizSummary)>,
        next_seq: u64,
        undone: HashSet<EventId>,
    ) -> Progress {
        Progress {
            renames,
            cards,
            quizzes,
            review_of: HashMap::new(),
            next_seq,
            undone,
        }
    }

    /// Every event an undo names (see [`Progress::apply`]), for a snapshot.
    pub(crate) fn undone(&self) -> &HashSet<EventId> {
        &self.undone
    }

    /// What is folded in under the id of `e`, an event whose id the caller knows to be
    /// folded (a reader applying events on top of a snapshot, which keeps the ids): the same
    /// event (a copy found in a second device file), or something that cannot be told apart
    /// from another event under that id without the log.
    pub(crate) fn holds(&self, e: &Event) -> Held {
        if self.undone.contains(&e.id) {
            // Undone: nothing of it is kept to compare, and it is skipped either way.
            return Held::Copy;
        }
        let copy = match &e.body {
            EventBody::Review(r) => self.cards.get(self.renamed(&r.card)).is_some_and(|c| {
                c.history.iter().any(|h| {
                    h.event == e.id
                        && h.time == e.time
                        && h.rating.as_u8() == r.rating
                        && h.mode == r.mode
                        && h.reschedule == r.reschedule
                })
            }),
            EventBody::Quiz(q) => self.quizzes.iter().any(|(t, s)| *t == e.time && s == q),
            EventBody::Undo { target } => self.undone.contains(target),
            body => mark_of(body).is_some_and(|(card, kind)| {
                self.cards.get(self.renamed(card)).is_some_and(|c| {
                    c.marks
                        .iter()
                        .any(|m| m.event == e.id && m.time == e.time && m.kind == kind)
                })
            }),
        };
        if copy { Held::Copy } else { Held::Unsure }
    }

    /// The card key an event's card is folded under (a renamed card's new key).
    pub(crate) fn renamed<'a>(&'a self, card: &'a str) -> &'a str {
        self.renames.get(card).map_or(card, String::as_str)
    }

    /// Puts the quiz results in time order (a progress folder's events can arrive late; a
    /// replay takes them in time order), keeping the order of results of one time.
    pub(crate) fn sort_quizzes(&mut self) {
        self.quizzes.sort_by_key(|(t, _)| *t);
    }

    /// Every card with history or marks, by key.
    pub(crate) fn cards(&self) -> &HashMap<String, CardProgress> {
        &self.cards
    }

    /// True when the card is suspended.
    pub fn is_suspended(&self, key: &str) -> bool {
        self.cards.get(key).is_some_and(|c| c.suspended)
    }

    /// The bury events keeping the card hidden at `now` (an `undo` of each unburies it).
    pub fn active_buries(&self, key: &str, now: Timestamp) -> Vec<EventId> {
        self.cards.get(key).map_or_else(Vec::new, |c| {
            c.marks
                .iter()
                .filter(|m| matches!(m.kind, MarkKind::Bury(until) if until > now))
                .map(|m| m.event)
                .collect()
        })
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

    fn review(id: u64, t: &str, card: &str, rating: u8) -> Event {
        Event::study_answer(EventId::from_u64(id), t.parse().unwrap(), card, rating, 1000)
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

    /// In a progress folder another device's undo can be read before the answer it undoes
    /// (its file arrived first): the answer stays undone, as a replay of both has it. On main
    /// the answer was applied when it came.
    #[test]
    fn an_answer_read_after_its_undo_stays_undone() {
        let sched = Scheduler::new(Config::default()).unwrap();
        let a = review(1, "2026-01-01T10:00:00Z", "d/c", 3);
        let b = review(2, "2026-01-05T10:00:00Z", "d/c", 1);
        let undo = Event {
            id: EventId::from_u64(3),
            time: "2026-01-05T10:00:01Z".parse().unwrap(),
            body: EventBody::Undo { target: b.id },
        };
        let mut live = Progress::replay(std::slice::from_ref(&a), &sched);
        live.apply(&undo, &sched);
        live.apply(&b, &sched);
        let replayed = Progress::replay(&[a, b, undo], &sched);
        assert_eq!(live.state("d/c"), replayed.state("d/c"));
        assert_eq!(live.get("d/c").unwrap().history.len(), 1);
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

    fn review(id: u64, t: &str, card: &str, rating: u8) -> Event {
        Event::study_answer(EventId::from_u64(id), t.parse().unwrap(), card, rating, 1000)
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

#[cfg(test)]
mod mark_tests {
    use super::*;
    use crate::schedule::Config;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn review(id: u64, time: &str, rating: u8) -> Event {
        Event::study_answer(EventId::from_u64(id), t(time), "d/c", rating, 1000)
    }

    fn undo(id: u64, target: &Event) -> Event {
        Event {
            id: EventId::from_u64(id),
            time: target.time,
            body: EventBody::Undo { target: target.id },
        }
    }

    /// Two answers a few days apart: a review card with a memory.
    fn answered() -> Vec<Event> {
        vec![
            review(1, "2026-01-01T10:00:00Z", 3),
            review(2, "2026-01-04T10:00:00Z", 3),
        ]
    }

    fn sched() -> Scheduler {
        Scheduler::new(Config::default()).unwrap()
    }

    /// What a card's view shows of its state, for comparing before and after.
    fn view(p: &Progress, now: Timestamp) -> (CardState, bool, bool, usize) {
        let c = p.get("d/c").unwrap();
        (
            c.state.clone(),
            p.is_suspended("d/c"),
            p.is_buried("d/c", now),
            c.history.len(),
        )
    }

    #[test]
    fn reset_makes_the_card_new_and_keeps_its_history() {
        let mut events = answered();
        events.push(Event::reset(
            EventId::from_u64(3),
            t("2026-01-05T10:00:00Z"),
            "d/c",
        ));
        let p = Progress::replay(&events, &sched());
        let c = p.get("d/c").unwrap();
        assert_eq!(c.state, CardState::new());
        assert_eq!(c.history.len(), 2);
        // Answers after the reset start over from new.
        events.push(review(4, "2026-01-05T10:00:00Z", 3));
        let p = Progress::replay(&events, &sched());
        let fresh = Progress::replay(&[review(4, "2026-01-05T10:00:00Z", 3)], &sched());
        assert_eq!(p.state("d/c").phase, fresh.state("d/c").phase);
        assert_eq!(p.state("d/c").stability, fresh.state("d/c").stability);
        assert_eq!(p.state("d/c").reps, 1);
    }

    #[test]
    fn reschedule_moves_the_due_date_and_keeps_the_memory() {
        let events = answered();
        let before = Progress::replay(&events, &sched()).state("d/c");
        let due = t("2026-03-01T04:00:00Z");
        let mut with = events.clone();
        with.push(Event::reschedule(
            EventId::from_u64(3),
            t("2026-01-05T10:00:00Z"),
            "d/c",
            due,
        ));
        let after = Progress::replay(&with, &sched()).state("d/c");
        assert_eq!(after.due, Some(due));
        assert_eq!(
            (after.stability, after.difficulty, after.last_review, after.phase),
            (
                before.stability,
                before.difficulty,
                before.last_review,
                Phase::Review
            )
        );
        // A new card becomes a review card due then, its interval the wait.
        let new = [Event::reschedule(
            EventId::from_u64(9),
            t("2026-01-01T04:00:00Z"),
            "d/c",
            due,
        )];
        let s = Progress::replay(&new, &sched()).state("d/c");
        assert_eq!((s.phase, s.due, s.interval_days), (Phase::Review, Some(due), 59));
    }

    #[test]
    fn the_latest_of_suspend_and_unsuspend_wins() {
        let mut events = answered();
        events.push(Event::suspend(
            EventId::from_u64(3),
            t("2026-01-05T10:00:00Z"),
            "d/c",
        ));
        assert!(Progress::replay(&events, &sched()).is_suspended("d/c"));
        events.push(Event::unsuspend(
            EventId::from_u64(4),
            t("2026-01-06T10:00:00Z"),
            "d/c",
        ));
        assert!(!Progress::replay(&events, &sched()).is_suspended("d/c"));
        assert!(!Progress::replay(&[], &sched()).is_suspended("d/c"));
    }

    /// Events of one time (a pinned clock) apply in log order: an answer logged after a reset
    /// counts, one logged before it does not.
    #[test]
    fn events_of_one_time_apply_in_log_order() {
        let at = "2026-01-05T10:00:00Z";
        let reset = Event::reset(EventId::from_u64(3), t(at), "d/c");
        let p = Progress::replay(&[review(1, at, 3), reset.clone()], &sched());
        assert_eq!(p.state("d/c").phase, Phase::New);
        let p = Progress::replay(&[reset, review(1, at, 3)], &sched());
        assert_eq!(p.state("d/c").phase, Phase::Learning);
    }

    /// Undoing each event type restores the state before it, replayed and applied live alike.
    #[test]
    fn undoing_each_event_type_restores_the_state() {
        let sched = sched();
        let now = t("2026-01-05T12:00:00Z");
        let at = t("2026-01-05T10:00:00Z");
        let id = EventId::from_u64(10);
        let changes = [
            review(10, "2026-01-05T10:00:00Z", 1),
            Event::suspend(id, at, "d/c"),
            Event::reset(id, at, "d/c"),
            Event::reschedule(id, at, "d/c", t("2026-02-01T04:00:00Z")),
            Event {
                id,
                time: at,
                body: EventBody::Bury {
                    card: "d/c".into(),
                    until: t("2026-01-06T04:00:00Z"),
                },
            },
        ];
        // Unsuspend is undone on a suspended card.
        let suspended = Event::suspend(EventId::from_u64(5), t("2026-01-04T12:00:00Z"), "d/c");
        let cases: Vec<(Vec<Event>, Event)> = changes
            .into_iter()
            .map(|c| (answered(), c))
            .chain([(
                [answered(), vec![suspended]].concat(),
                Event::unsuspend(id, at, "d/c"),
            )])
            .collect();
        for (base, change) in cases {
            let before = view(&Progress::replay(&base, &sched), now);
            let mut all = base.clone();
            all.push(change.clone());
            let changed = view(&Progress::replay(&all, &sched), now);
            assert_ne!(changed, before, "{:?} changes something", change.body);
            all.push(undo(11, &change));
            let expected = before;
            assert_eq!(
                view(&Progress::replay(&all, &sched), now),
                expected,
                "{:?}",
                change.body
            );
            let mut live = Progress::replay(&base, &sched);
            live.apply(&change, &sched);
            assert_eq!(view(&live, now), changed, "live {:?}", change.body);
            live.apply(&undo(11, &change), &sched);
            assert_eq!(view(&live, now), expected, "live undo {:?}", change.body);
        }
    }

    /// A deck with its own settings is scheduled by its own scheduler, replayed and live.
    #[test]
    fn each_deck_is_scheduled_by_its_own_scheduler() {
        // No learning steps: a Good answer graduates at an interval that depends on retention.
        let base = Config {
            learning_steps: Vec::new(),
            ..Config::default()
        };
        let strict = Config {
            desired_retention: 0.97,
            ..base.clone()
        };
        let decks = [("own".to_string(), Scheduler::new(strict.clone()).unwrap())];
        let sched = Scheduler::new(base.clone())
            .unwrap()
            .with_decks(decks.into_iter().collect());
        let answer = |card: &str| {
            let mut e = review(1, "2026-01-01T10:00:00Z", 3);
            if let EventBody::Review(r) = &mut e.body {
                r.card = card.into();
            }
            e
        };
        let events = [answer("own/c"), answer("d/c")];
        let p = Progress::replay(&events, &sched);
        let own_alone = Progress::replay(&[answer("own/c")], &Scheduler::new(strict).unwrap());
        let default_alone = Progress::replay(&[answer("d/c")], &Scheduler::new(base).unwrap());
        assert!(own_alone.state("own/c").due < default_alone.state("d/c").due);
        assert_eq!(p.state("own/c"), own_alone.state("own/c"));
        assert_eq!(p.state("d/c"), default_alone.state("d/c"));
        let mut live = Progress::default();
        live.apply(&answer("own/c"), &sched);
        assert_eq!(live.state("own/c"), own_alone.state("own/c"));
        assert!(std::ptr::eq(sched.for_key("d/c"), &sched));
        assert!(!std::ptr::eq(sched.for_key("own/c"), &sched));
    }
}
