//! Statistics: figures about the learner's study computed from the replayed progress log, the
//! decks and the memory model — today's study, a calendar of answers with streaks, a forecast
//! of reviews due, true retention per week, card states, distributions of stability,
//! difficulty and retrievability, per-deck and per-tag figures, and quiz scores.
//!
//! [`compute`] builds one [`Stats`] value (no I/O, no clock: `now` is given); the terminal,
//! `--json` and the HTML report ([`html`]) all render from it, so they cannot disagree.
//!
//! Only cards of the decks in use (and of the filter) count: history of cards no deck holds
//! any more is left out.

mod cards;
mod days;
mod doc;
pub mod format;
pub mod html;
mod scan;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::deck::Library;
use crate::progress::Progress;
use crate::schedule::Scheduler;
use crate::session::Selection;
use crate::store::{Event, EventBody};

/// Card key → index of the card in [`Universe::cards`].
pub(crate) type KeyIndex<'a> = HashMap<&'a str, usize, foldhash::fast::FixedState>;

pub use doc::*;

/// Longest period of history a report covers, in days (`--days`).
pub const MAX_DAYS: u32 = 36_500;

/// Everything the figures are computed from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The decks in use.
    pub lib: &'a Library,
    /// Which cards count (all when empty).
    pub selection: &'a Selection,
    /// The progress replayed from `events` (with the library's renames, as
    /// `Progress::replay_renamed(events, sched, &lib.renames())`).
    pub progress: &'a Progress,
    /// The log's events (answer times live only here).
    pub events: &'a [Event],
    /// The scheduler the progress was replayed with.
    pub sched: &'a Scheduler,
    /// The learner's time zone.
    pub tz: &'a TimeZone,
    /// The local hour a study day starts.
    pub day_starts_at: u8,
    /// The time the figures are for.
    pub now: Timestamp,
    /// The period of history covered, in study days ending today (1 to [`MAX_DAYS`]).
    pub days: u32,
}

/// One selected card: its key and where it belongs.
pub(crate) struct CardRef {
    pub key: String,
    pub deck: usize,
    pub tags: Vec<usize>,
}

/// The selected cards, with the decks and tags they belong to.
pub(crate) struct Universe<'a> {
    pub cards: Vec<CardRef>,
    /// Indices into `lib.decks` of decks with selected cards, in library order.
    pub decks: Vec<usize>,
    /// Tags of selected cards, sorted.
    pub tags: Vec<&'a str>,
}

impl<'a> Universe<'a> {
    fn new(lib: &'a Library, selection: &Selection) -> Universe<'a> {
        let mut tag_set = BTreeSet::new();
        for deck in &lib.decks {
            for card in deck.cards.iter().filter(|c| selection.matches(deck, c)) {
                tag_set.extend(card.all_tags(deck));
            }
        }
        let tags: Vec<&str> = tag_set.into_iter().collect();
        let mut cards = Vec::new();
        let mut decks = Vec::new();
        for (di, deck) in lib.decks.iter().enumerate() {
            let before = cards.len();
            for card in deck.cards.iter().filter(|c| selection.matches(deck, c)) {
                let mut ts: Vec<usize> = card
                    .all_tags(deck)
                    .filter_map(|t| tags.binary_search(&t).ok())
                    .collect();
                ts.sort_unstable();
                ts.dedup();
                cards.push(CardRef {
                    key: format!("{}/{}", deck.id, card.id),
                    deck: decks.len(),
                    tags: ts,
                });
            }
            if cards.len() > before {
                decks.push(di);
            }
        }
        Universe { cards, decks, tags }
    }

    /// Card key → index into `cards` (looked up once per answer in the log: a fast hash).
    fn index(&self) -> KeyIndex<'_> {
        self.cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.as_str(), i))
            .collect()
    }
}

/// Computes every figure.
pub fn compute(input: &Input<'_>) -> Stats {
    let days_wanted = input.days.clamp(1, MAX_DAYS);
    let universe = Universe::new(input.lib, input.selection);
    let index = universe.index();
    // One pass over the log for the first answer and the undone events.
    let mut earliest = input.now;
    let mut undone = std::collections::HashSet::new();
    for e in input.events {
        match &e.body {
            EventBody::Review(_) => earliest = earliest.min(e.time),
            EventBody::Undo { target } => {
                undone.insert(*target);
            }
            _ => {}
        }
    }
    // Days reach back to the first answer (for the longest streak) and at least over the
    // period (two spare days absorb clock changes), and ahead over the forecast.
    let period_back = jiff::SignedDuration::from_hours(24 * (i64::from(days_wanted) + 2));
    let from = earliest.min(input.now.saturating_sub(period_back).unwrap_or(input.now));
    let days = days::Days::new(from, input.now, input.tz, input.day_starts_at, FORECAST_DAYS - 1);
    let period_start = days.today() + 1 - (days_wanted as usize).min(days.today() + 1);

    let answers = scan::answers(input, &universe, &index, &undone, &days, period_start);
    let history = scan::history(input, &universe, &days, period_start);
    let now_cards = cards::cards(input, &universe, &days);
    let groups = cards::groups(input, &universe, &now_cards, &answers, &history);
    let date = |i: usize| days.date(i).to_string();

    let mut retention = history.retention;
    retention.desired = input.sched.config().desired_retention;
    let mut today = answers.today;
    today.retention = history.today;
    today.retention.finish();

    Stats {
        schema: SCHEMA_VERSION,
        now: input.now.to_string(),
        today_date: date(days.today()),
        day_starts_at: input.day_starts_at,
        time_zone: input
            .tz
            .iana_name()
            .map(str::to_owned)
            .unwrap_or_else(|| input.tz.to_offset(input.now).to_string()),
        filter: Filter {
            decks: input.selection.decks.clone(),
            tags: input.selection.tags.clone(),
        },
        days: days_wanted,
        desired_retention: input.sched.config().desired_retention,
        today,
        calendar: answers.calendar,
        forecast: now_cards.forecast,
        retention,
        cards: now_cards.states,
        stability: now_cards.stability,
        difficulty: now_cards.difficulty,
        retrievability: now_cards.retrievability,
        decks: groups.decks,
        tags: groups.tags,
        weakest_tags: groups.weakest,
        quizzes: answers.quizzes,
    }
}
