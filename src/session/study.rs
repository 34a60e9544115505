//! The daily study session: what to ask next (due reviews, learning steps, new cards), what an
//! answer does, skip and undo. No terminal I/O: the front end asks, and appends the events this
//! returns to the progress log before it shows the next question.

use std::collections::{HashMap, HashSet, VecDeque};

use jiff::{SignedDuration, Timestamp};
use rand::SeedableRng;
use rand::seq::SliceRandom;

use crate::answer::{self, Presentation, Unreadable, Verdict};
use crate::deck::{Card, Deck, Library};
use crate::progress::{Applied, Progress};
use crate::schedule::{CardState, Outcome, Phase, Rating, Scheduler};
use crate::store::{Event, EventBody, EventId, IdGen, Mode, Review};

use super::{Day, Selection};

/// How far ahead a learning card may be shown when nothing else is left, as in Anki.
const LEARN_AHEAD: SignedDuration = SignedDuration::from_mins(20);

/// Options of a study session.
#[derive(Debug, Clone)]
pub struct StudyOptions {
    /// Which cards.
    pub selection: Selection,
    /// New cards a day (counting those already introduced today).
    pub new_per_day: usize,
    /// Most answers in this session.
    pub limit: Option<usize>,
    /// The order new cards are introduced in.
    pub new_order: NewOrder,
    /// Seed of the random new-card order.
    pub seed: u64,
}

/// Cards due after a session, for its summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DueAhead {
    /// Cards due before this study day ends.
    pub later_today: usize,
    /// The earliest of those.
    pub next_at: Option<Timestamp>,
    /// Cards due in the next study day.
    pub tomorrow: usize,
}

/// How new cards are gathered, after Anki's gather orders. Decks come in the library's order
/// (their `position`), cards in file order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NewOrder {
    /// One deck after another.
    #[default]
    Deck,
    /// Taking turns: the first card of each deck, then the second of each, and so on.
    Mixed,
    /// Shuffled (by the session's seed).
    Random,
}

impl NewOrder {
    /// The names accepted in the settings (`new_card_order`).
    pub const NAMES: [&'static str; 3] = ["deck", "mixed", "random"];

    /// Parses a settings name.
    pub fn parse(name: &str) -> Option<NewOrder> {
        match name {
            "deck" => Some(NewOrder::Deck),
            "mixed" => Some(NewOrder::Mixed),
            "random" => Some(NewOrder::Random),
            _ => None,
        }
    }
}

/// Daily limits of decks with their own settings (`[deck.<id>]`), by deck id; each applies
/// within the session's own limits ([`Study::with_deck_limits`]).
pub type DeckLimitMap = HashMap<String, DeckLimits>;

/// One deck's daily limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeckLimits {
    /// New cards a day from the deck.
    pub new_per_day: usize,
    /// Reviews a day from the deck (none: no cap of its own).
    pub reviews_per_day: Option<usize>,
}

/// Counts shown in the header: what is left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Reviews due.
    pub due: usize,
    /// Cards in learning steps.
    pub learning: usize,
    /// New cards still to introduce today.
    pub new: usize,
}

/// The question being asked.
#[derive(Debug, Clone)]
pub struct Asked<'l> {
    /// `deck-id/card-id`.
    pub key: String,
    /// The card's deck.
    pub deck: &'l Deck,
    /// The card.
    pub card: &'l Card,
    /// Choices and items in the order shown.
    pub presentation: Presentation,
    /// 1-based number of this question in the session.
    pub number: usize,
    /// What is left, this card included.
    pub counts: Counts,
}

/// One answer, as the learner rated it.
#[derive(Debug, Clone)]
pub struct Answered {
    /// The rating (the suggestion or the learner's choice).
    pub rating: Rating,
    /// What the learner typed (none for flashcards).
    pub given: Option<String>,
    /// The judge's verdict (none for flashcards).
    pub verdict: Option<Verdict>,
    /// Time from question to answer.
    pub ms: u64,
}

/// What recording an answer produced.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The event to append to the log.
    pub event: Event,
    /// When the card is due again.
    pub interval: SignedDuration,
    /// The card just became a leech.
    pub became_leech: bool,
}

/// Tallies of the session so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Answers recorded.
    pub answered: usize,
    /// Judged right (or rated Good/Easy when self-graded).
    pub right: usize,
    /// Partly right (or rated Hard).
    pub partial: usize,
    /// Wrong (or rated Again).
    pub wrong: usize,
    /// Answers to cards that were in review (for today's retention).
    pub reviews: usize,
    /// Of those, recalled (rating above Again).
    pub recalled: usize,
    /// Time spent answering.
    pub ms: u64,
    /// Cards skipped.
    pub skipped: usize,
    /// Leeches flagged in this session.
    pub leeches: Vec<String>,
    /// Cards answered, each once, in the order first answered, with that first answer's
    /// outcome (a flashcard's from its rating).
    pub cards: Vec<(String, answer::Outcome)>,
    /// Cards answered wrong (or rated Again) at least once, each once.
    pub missed: Vec<String>,
    /// Cards skipped, in order.
    pub skipped_cards: Vec<String>,
}

/// Which queue a card was taken from, so that undo puts it back where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum From {
    Review,
    New,
    Learning,
}

struct UndoEntry {
    event: EventId,
    key: String,
    tally: Tally,
    from: From,
    asked: usize,
}

#[derive(Clone, Default)]
struct Queues {
    reviews: VecDeque<String>,
    new: VecDeque<String>,
    /// Learning and relearning cards, in due order when sorted.
    learning: Vec<String>,
}

/// A study session over a library, a scheduler and the learner's progress.
pub struct Study<'l> {
    lib: &'l Library,
    sched: &'l Scheduler,
    progress: Progress,
    day: Day,
    queues: Queues,
    limit: Option<usize>,
    tally: Tally,
    asked: usize,
    undo: Vec<UndoEntry>,
    /// Notes (deck/note) with a card already shown today: siblings wait for tomorrow.
    notes_today: HashSet<String>,
    /// New cards left out because the day's limit was reached.
    held_back: usize,
    /// A card taken back by undo: asked again before anything else.
    redo_first: Option<String>,
}

/// Every card with its key, in the order new cards are introduced.
fn gather(lib: &Library, keys: Vec<Vec<String>>, order: NewOrder, seed: u64) -> Vec<(&Deck, &Card, String)> {
    let decks = lib.decks.iter().zip(keys).map(|(d, ks)| {
        d.cards
            .iter()
            .zip(ks)
            .map(move |(c, k)| (d, c, k))
            .collect::<Vec<_>>()
    });
    match order {
        NewOrder::Deck => decks.flatten().collect(),
        NewOrder::Mixed => {
            let mut iters: Vec<_> = decks.map(Vec::into_iter).collect();
            let mut out = Vec::new();
            loop {
                let before = out.len();
                out.extend(iters.iter_mut().filter_map(Iterator::next));
                if out.len() == before {
                    return out;
                }
            }
        }
        NewOrder::Random => {
            let mut all: Vec<_> = decks.flatten().collect();
            let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
            all.shuffle(&mut rng);
            all
        }
    }
}

/// The sibling group of a card in its deck: its `note`, or the gaps of one cloze.
fn note_key(deck: &Deck, card: &Card) -> String {
    format!("{}/{}", deck.id, card.sibling_key())
}

impl<'l> Study<'l> {
    /// Builds today's queue at `now`.
    pub fn new(
        lib: &'l Library,
        sched: &'l Scheduler,
        progress: Progress,
        options: &StudyOptions,
        day: Day,
        now: Timestamp,
    ) -> Study<'l> {
        Study::with_deck_limits(lib, sched, progress, options, &DeckLimitMap::new(), day, now)
    }

    /// Builds today's queue at `now`, with some decks' own daily limits besides the session's.
    pub fn with_deck_limits(
        lib: &'l Library,
        sched: &'l Scheduler,
        progress: Progress,
        options: &StudyOptions,
        deck_limits: &DeckLimitMap,
        day: Day,
        now: Timestamp,
    ) -> Study<'l> {
        let mut notes_today = HashSet::new();
        let mut reviews: Vec<(f64, String)> = Vec::new();
        let mut learning = Vec::new();
        let mut new = VecDeque::new();
        let mut introduced = 0;
        // Keys are built once: with 100,000 cards this is a visible part of start-up.
        let keys: Vec<Vec<String>> = lib
            .decks
            .iter()
            .map(|d| d.cards.iter().map(|c| format!("{}/{}", d.id, c.id)).collect())
            .collect();
        // What each deck with limits of its own may still add today: new cards and reviews.
        let mut deck_left: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
        for (deck, deck_keys) in lib.decks.iter().zip(&keys) {
            let limits = deck_limits.get(&deck.id);
            let (mut deck_introduced, mut deck_reviewed) = (0, 0);
            for (card, key) in deck.cards.iter().zip(deck_keys) {
                // One lookup per card: at 100,000 cards the lookups by key are most of the
                // time spent building the queue.
                let Some(cp) = progress.get(key) else { continue };
                let answered = cp.answered_between(day.start, day.end);
                if answered {
                    notes_today.insert(note_key(deck, card));
                }
                if cp.introduced_between(day.start, day.end) {
                    introduced += 1;
                    deck_introduced += 1;
                } else if answered {
                    deck_reviewed += 1;
                }
            }
            if let Some(l) = limits {
                deck_left.insert(
                    &deck.id,
                    (
                        l.new_per_day.saturating_sub(deck_introduced),
                        l.reviews_per_day.map(|r| r.saturating_sub(deck_reviewed)),
                    ),
                );
            }
        }
        let new_left = options.new_per_day.saturating_sub(introduced);
        let new_state = CardState::default();
        let mut held_back = 0;
        for (deck, card, key) in gather(lib, keys, options.new_order, options.seed) {
            if !options.selection.matches(deck, card) {
                continue;
            }
            // Suspended cards never come up, whatever their due date.
            let cp = progress.get(&key);
            if cp.is_some_and(|c| c.is_buried(now) || c.suspended) {
                continue;
            }
            let state = cp.map_or(&new_state, |c| &c.state);
            match state.phase {
                Phase::New => {
                    let note = note_key(deck, card);
                    if notes_today.contains(&note) {
                        continue;
                    }
                    let deck_room = deck_left.get(deck.id.as_str()).is_none_or(|l| l.0 > 0);
                    if new.len() < new_left && deck_room {
                        notes_today.insert(note);
                        new.push_back(key);
                        if let Some(l) = deck_left.get_mut(deck.id.as_str()) {
                            l.0 -= 1;
                        }
                    } else {
                        held_back += 1;
                    }
                }
                Phase::Learning | Phase::Relearning => learning.push(key),
                Phase::Review => {
                    // A search session (`--query`, Anki's filtered deck) reviews what it
                    // chose ahead of time; FSRS schedules an early answer by its real wait.
                    let due = state.due.is_some_and(|d| d < day.end) || options.selection.only.is_some();
                    // A sibling answered or queued today waits: its review moves to a
                    // later day instead of giving this one away.
                    if due && notes_today.insert(note_key(deck, card)) {
                        let r = sched.for_key(&key).retrievability(state, now).unwrap_or(1.0);
                        reviews.push((r, key));
                    }
                }
            }
        }
        reviews.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        if deck_left.values().any(|l| l.1.is_some()) {
            // Most urgent first, so a deck's cap keeps its least remembered cards.
            reviews.retain(|(_, key)| {
                let deck = key.split_once('/').map_or("", |(d, _)| d);
                match deck_left.get_mut(deck).and_then(|l| l.1.as_mut()) {
                    Some(0) => false,
                    Some(n) => {
                        *n -= 1;
                        true
                    }
                    None => true,
                }
            });
        }
        let mut study = Study {
            lib,
            sched,
            progress,
            day,
            queues: Queues {
                reviews: reviews.into_iter().map(|(_, k)| k).collect(),
                new,
                learning,
            },
            limit: options.limit,
            tally: Tally::default(),
            asked: 0,
            undo: Vec::new(),
            notes_today,
            held_back,
            redo_first: None,
        };
        study.sort_learning();
        study
    }

    fn sort_learning(&mut self) {
        let p = &self.progress;
        self.queues
            .learning
            .sort_by_key(|k| (p.state(k).due.unwrap_or(Timestamp::MIN), k.clone()));
    }

    fn due_at(&self, key: &str) -> Timestamp {
        self.progress.state(key).due.unwrap_or(Timestamp::MIN)
    }

    /// What is left.
    pub fn counts(&self) -> Counts {
        Counts {
            due: self.queues.reviews.len(),
            learning: self.queues.learning.len(),
            new: self.queues.new.len(),
        }
    }

    /// The progress so far (including this session's answers).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The session's tallies.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// The study day of this session.
    pub fn day(&self) -> Day {
        self.day
    }

    /// The card with this key.
    pub fn card(&self, key: &str) -> Option<&'l Card> {
        self.lib.card(key).map(|(_, c)| c)
    }

    /// New cards that today's new-card limit keeps back (each note counted once).
    pub fn new_held_back(&self) -> usize {
        self.held_back
    }

    /// The next question at `now`, or `None` when the session is done. Its options are shuffled
    /// by `seed` (the session's `--seed`), the card and how many times the log shows it was
    /// answered before, so a replay shows the same order and two showings in a row differ.
    pub fn next(&mut self, now: Timestamp, seed: u64) -> Option<Asked<'l>> {
        if self.limit.is_some_and(|l| self.tally.answered >= l) {
            return None;
        }
        let key = self.pick(now)?;
        let (deck, card) = self.lib.card(&key)?;
        self.asked += 1;
        let showing = self.progress.get(&key).map_or(0, |c| c.history.len()) as u64;
        Some(Asked {
            presentation: answer::present(card, &key, seed, showing),
            key,
            deck,
            card,
            number: self.asked,
            counts: self.counts(),
        })
    }

    /// Chooses the next card without removing it: learning cards that are due, then reviews,
    /// then new cards, then learning cards due within the learn-ahead window.
    fn pick(&self, now: Timestamp) -> Option<String> {
        if let Some(k) = &self.redo_first {
            return Some(k.clone());
        }
        let first_learning = self.queues.learning.first().filter(|k| self.due_at(k) <= now);
        if let Some(k) = first_learning {
            return Some(k.clone());
        }
        if let Some(k) = self.queues.reviews.front().or(self.queues.new.front()) {
            return Some(k.clone());
        }
        let ahead = now.checked_add(LEARN_AHEAD).unwrap_or(now);
        self.queues
            .learning
            .first()
            .filter(|k| self.due_at(k) <= ahead)
            .cloned()
    }

    /// Judges a typed answer against the question as it was shown; `Err` when the input names
    /// no option of the card (`e` of four choices, `maybe` on true/false): nothing is recorded,
    /// and the front end shows the reason and asks again.
    pub fn judge(&self, asked: &Asked<'_>, given: &str) -> Result<Verdict, Unreadable> {
        answer::assess(asked.card, &asked.presentation, given)
    }

    /// The outcome of each rating, for "again 10m · hard 2d · good 4d · easy 9d".
    pub fn preview(&self, key: &str, now: Timestamp) -> [Outcome; 4] {
        let c = self.progress.get(key);
        let n = c.map_or(0, |c| c.history.iter().filter(|h| h.reschedule).count());
        self.sched
            .for_key(key)
            .preview(&self.progress.state(key), now, crate::progress::fuzz_seed(key, n))
    }

    fn remove_from_queues(&mut self, key: &str) {
        if self.redo_first.as_deref() == Some(key) {
            self.redo_first = None;
        }
        // The card asked is at the front of its queue: avoid walking 100,000 new cards.
        let q = &mut self.queues;
        if q.reviews.front().is_some_and(|k| k == key) {
            q.reviews.pop_front();
            return;
        }
        if q.new.front().is_some_and(|k| k == key) {
            q.new.pop_front();
            return;
        }
        if let Some(i) = q.learning.iter().position(|k| k == key) {
            q.learning.remove(i);
            return;
        }
        self.queues.reviews.retain(|k| k != key);
        self.queues.new.retain(|k| k != key);
        self.queues.learning.retain(|k| k != key);
    }

    /// Records an answer; returns the event the caller must append to the log.
    pub fn record(
        &mut self,
        asked: &Asked<'_>,
        answered: Answered,
        now: Timestamp,
        ids: &mut IdGen,
    ) -> Recorded {
        let was_review = self.progress.state(&asked.key).phase == Phase::Review;
        let from = self.queue_of(&asked.key);
        let event = Event {
            id: ids.next(),
            time: now,
            body: EventBody::Review(Review {
                card: asked.key.clone(),
                rating: answered.rating as u8,
                answer: answered.given.clone(),
                verdict: answered.verdict.as_ref().map(|v| v.outcome.name().to_string()),
                score: answered.verdict.as_ref().map(|v| v.score),
                ms: answered.ms,
                mode: Mode::Study,
                reschedule: true,
                origin: None,
            }),
        };
        self.undo.push(UndoEntry {
            event: event.id,
            key: asked.key.clone(),
            tally: self.tally.clone(),
            from,
            asked: self.asked.saturating_sub(1),
        });
        let Applied { became_leech, .. } = self.progress.apply(&event, self.sched);
        let state = self.progress.state(&asked.key);
        self.remove_from_queues(&asked.key);
        if matches!(state.phase, Phase::Learning | Phase::Relearning) {
            self.queues.learning.push(asked.key.clone());
            self.sort_learning();
        }
        self.notes_today.insert(note_key(asked.deck, asked.card));
        let t = &mut self.tally;
        t.answered += 1;
        t.ms += answered.ms;
        let outcome = match answered.verdict.as_ref().map(|v| v.outcome) {
            Some(o) => o,
            None => match answered.rating {
                Rating::Again => answer::Outcome::Wrong,
                Rating::Hard => answer::Outcome::Partial,
                Rating::Good | Rating::Easy => answer::Outcome::Right,
            },
        };
        match outcome {
            answer::Outcome::Right => t.right += 1,
            answer::Outcome::Partial => t.partial += 1,
            answer::Outcome::Wrong => t.wrong += 1,
        }
        if was_review {
            t.reviews += 1;
            if answered.rating != Rating::Again {
                t.recalled += 1;
            }
        }
        if became_leech {
            t.leeches.push(asked.key.clone());
        }
        if !t.cards.iter().any(|(k, _)| *k == asked.key) {
            t.cards.push((asked.key.clone(), outcome));
        }
        let wrong = answered.rating == Rating::Again || outcome == answer::Outcome::Wrong;
        if wrong && !t.missed.contains(&asked.key) {
            t.missed.push(asked.key.clone());
        }
        let interval = state.due.map_or(SignedDuration::ZERO, |d| d.duration_since(now));
        Recorded {
            event,
            interval,
            became_leech,
        }
    }

    /// Buries a card until the next study day (`:skip`); returns the event to append.
    pub fn skip(&mut self, asked: &Asked<'_>, now: Timestamp, ids: &mut IdGen) -> Event {
        let event = Event {
            id: ids.next(),
            time: now,
            body: EventBody::Bury {
                card: asked.key.clone(),
                until: self.day.end,
            },
        };
        let from = self.queue_of(&asked.key);
        self.undo.push(UndoEntry {
            event: event.id,
            key: asked.key.clone(),
            tally: self.tally.clone(),
            from,
            asked: self.asked.saturating_sub(1),
        });
        self.progress.apply(&event, self.sched);
        self.remove_from_queues(&asked.key);
        self.tally.skipped += 1;
        self.tally.skipped_cards.push(asked.key.clone());
        event
    }

    fn queue_of(&self, key: &str) -> From {
        if self.queues.learning.iter().any(|k| k == key) {
            From::Learning
        } else if self.queues.new.front().is_some_and(|k| k == key) {
            From::New
        } else {
            From::Review
        }
    }

    /// Takes back the last answer or skip (`:undo`): returns the undo event to append and the
    /// card, which goes back to the front of the queue it came from, so the counts are as before.
    pub fn undo(&mut self, now: Timestamp, ids: &mut IdGen) -> Option<(Event, String)> {
        let entry = self.undo.pop()?;
        let event = Event {
            id: ids.next(),
            time: now,
            body: EventBody::Undo { target: entry.event },
        };
        self.progress.apply(&event, self.sched);
        self.tally = entry.tally;
        self.asked = entry.asked;
        // Ask it again first, from the queue it came from; the rest of the queue is unchanged.
        self.remove_from_queues(&entry.key);
        match entry.from {
            From::Review => self.queues.reviews.push_front(entry.key.clone()),
            From::New => self.queues.new.push_front(entry.key.clone()),
            From::Learning => {
                self.queues.learning.push(entry.key.clone());
                self.sort_learning();
            }
        }
        self.redo_first = Some(entry.key.clone());
        Some((event, entry.key))
    }

    /// What is due after this session: later in this study day (with the earliest time, for
    /// "next at 09:25") and in the next study day; each card counted once, buried ones left out.
    pub fn due_ahead(&self, selection: &Selection, next_day: Day) -> DueAhead {
        let mut ahead = DueAhead::default();
        for d in &self.lib.decks {
            for c in d.cards.iter().filter(|c| selection.matches(d, c)) {
                let key = format!("{}/{}", d.id, c.id);
                let s = self.progress.state(&key);
                let Some(due) = s.due.filter(|_| s.phase != Phase::New) else {
                    continue;
                };
                if due < self.day.end {
                    if self.progress.is_buried(&key, self.day.start) {
                        continue;
                    }
                    ahead.later_today += 1;
                    ahead.next_at = Some(ahead.next_at.map_or(due, |t: Timestamp| t.min(due)));
                } else if due < next_day.end {
                    ahead.tomorrow += 1;
                }
            }
        }
        ahead
    }

    /// Cards due before the end of the next study day (after this session's answers).
    pub fn due_tomorrow(&self, selection: &Selection, next_day: Day) -> usize {
        self.lib
            .decks
            .iter()
            .flat_map(|d| {
                d.cards
                    .iter()
                    .filter(move |c| selection.matches(d, c))
                    .map(move |c| (d, c))
            })
            .filter(|(d, c)| {
                let key = format!("{}/{}", d.id, c.id);
                let s = self.progress.state(&key);
                s.phase != Phase::New
                    && s.due.is_some_and(|due| due < next_day.end)
                    && !self.progress.is_suspended(&key)
            })
            .count()
    }
}
