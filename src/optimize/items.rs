//! The progress log as the `fsrs` crate's training items, built as the crate's own conversion
//! tests build them from Anki's revlog (`convertor_tests.rs`): for each card, one
//! [`FSRSItem`] per review after its first that falls on a later study day than the card's
//! previous review, holding every review of the card up to and including it.
//!
//! - Days are deckard's study days, counted by the scheduler's own rule
//!   ([`DayCount::Rollover`]: the `day_starts_at` hour in the learner's time zone), and
//!   `delta_t` is the number of study days since the previous review. The first
//!   review has `delta_t = 0`, and so does every same-day review in a history: the crate's
//!   short-term parameters (w17–w19) learn from them. A same-day review is never a target.
//! - A review counts when it rescheduled the card, exactly as the scheduler's replay
//!   (`progress.rs`) folds it: study answers, and quiz answers not given with
//!   `--no-reschedule`. Undone reviews are left out, renamed cards keep their history.
//! - Reviews at or before a card's last reset are dropped; see [`last_resets`].

use std::collections::{HashMap, HashSet};

use fsrs::{FSRSItem, FSRSReview};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::progress::Renames;
use crate::schedule::DayCount;
use crate::store::{Event, EventBody, EventId};

/// Which reviews to use and how to count days.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The learner's time zone.
    pub tz: TimeZone,
    /// The local hour at which a study day starts (the `day_starts_at` setting).
    pub day_starts_at: u8,
    /// Only cards of these decks (empty: every card).
    pub decks: &'a [String],
    /// Former card keys and the keys their history now belongs to.
    pub renames: &'a Renames,
}

/// Counts the workload simulator needs, from the same reviews as the items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewStats {
    /// How often each rating (Again..Easy) was a card's first.
    pub first_ratings: [u64; 4],
    /// How often each rating was given on a later day than the card's previous review.
    pub review_ratings: [u64; 4],
    /// Seconds spent and answers counted per (learning, review, relearning) and rating, for
    /// answers timed between 0 and 20 minutes (longer ones were left open, as the crate's
    /// own simulator config extraction assumes).
    pub seconds: [[(f64, u64); 4]; 3],
}

/// Training items in the order of their target review, with each item's card and time.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    items: Vec<FSRSItem>,
    cards: Vec<i64>,
    times: Vec<Timestamp>,
    reviews: usize,
    card_count: usize,
    /// What the workload simulator learns from the log.
    pub stats: ReviewStats,
}

/// One counted review of a card.
struct Answer {
    time: Timestamp,
    rating: u8,
    ms: u64,
}

impl Dataset {
    /// Builds the items from a whole log (see the module doc).
    pub fn build(events: &[Event], opts: &Options<'_>) -> Dataset {
        Dataset::build_after(events, opts, &last_resets(events, opts.renames))
    }

    /// [`Dataset::build`] with each card's last reset given: reviews of a card at or before
    /// its time in `resets` (keyed by the card's current key) are dropped.
    pub fn build_after(events: &[Event], opts: &Options<'_>, resets: &HashMap<String, Timestamp>) -> Dataset {
        let undone: HashSet<EventId> = events
            .iter()
            .filter_map(|e| match &e.body {
                EventBody::Undo { target } => Some(*target),
                _ => None,
            })
            .collect();
        let mut by_card: HashMap<&str, Vec<Answer>> = HashMap::new();
        for e in events {
            let EventBody::Review(r) = &e.body else { continue };
            if !r.reschedule || !(1..=4).contains(&r.rating) || undone.contains(&e.id) {
                continue;
            }
            let key = opts.renames.get(&r.card).unwrap_or(&r.card).as_str();
            if !in_decks(key, opts.decks) {
                continue;
            }
            by_card.entry(key).or_default().push(Answer {
                time: e.time,
                rating: r.rating,
                ms: r.ms,
            });
        }
        // Sorted keys: the card ids and the order of same-time items never depend on hashing.
        let mut keys: Vec<&str> = by_card.keys().copied().collect();
        keys.sort_unstable();
        let mut data = Dataset::default();
        let mut targets: Vec<(Timestamp, i64, FSRSItem)> = Vec::new();
        for (card, key) in keys.iter().enumerate() {
            let mut answers = by_card.remove(key).unwrap_or_default();
            // Logs merged from two devices may interleave; histories follow answer time.
            answers.sort_by_key(|a| a.time);
            if let Some(reset) = resets.get(*key) {
                answers.retain(|a| a.time > *reset);
            }
            if answers.is_empty() {
                continue;
            }
            data.card_count += 1;
            data.reviews += answers.len();
            let card = card as i64;
            data.card_items(card, &answers, opts, &mut targets);
        }
        targets.sort_by_key(|(time, card, _)| (*time, *card));
        for (time, card, item) in targets {
            data.items.push(item);
            data.cards.push(card);
            data.times.push(time);
        }
        data
    }

    /// Adds one card's items to `targets` and its answers to the statistics.
    fn card_items(
        &mut self,
        card: i64,
        answers: &[Answer],
        opts: &Options<'_>,
        targets: &mut Vec<(Timestamp, i64, FSRSItem)>,
    ) {
        let mut reviews: Vec<FSRSReview> = Vec::with_capacity(answers.len());
        let days = DayCount::rollover(opts.day_starts_at, opts.tz.clone());
        let mut prev_day = None;
        // The state a same-day answer belongs to: learning until the first later-day review,
        // relearning after a lapse on a later day, review otherwise.
        let mut state = 0;
        for a in answers {
            let day = days.day(a.time);
            let delta_t = prev_day.map_or(0, |p: i64| u32::try_from(day - p).unwrap_or(0));
            prev_day = Some(day);
            let rating = usize::from(a.rating - 1);
            if reviews.is_empty() {
                self.stats.first_ratings[rating] += 1;
            } else if delta_t > 0 {
                self.stats.review_ratings[rating] += 1;
                state = if rating == 0 { 2 } else { 1 };
            }
            let row = if delta_t > 0 { 1 } else { state };
            if a.ms > 0 && a.ms < 1_200_000 {
                let cell = &mut self.stats.seconds[row][rating];
                cell.0 += a.ms as f64 / 1000.0;
                cell.1 += 1;
            }
            reviews.push(FSRSReview {
                rating: u32::from(a.rating),
                delta_t,
            });
            if reviews.len() > 1 && delta_t > 0 {
                targets.push((
                    a.time,
                    card,
                    FSRSItem {
                        reviews: reviews.clone(),
                    },
                ));
            }
        }
    }

    /// The items, oldest target first.
    pub fn items(&self) -> &[FSRSItem] {
        &self.items
    }

    /// Each item's card (an index into the sorted card keys), aligned with [`Dataset::items`].
    pub fn card_ids(&self) -> &[i64] {
        &self.cards
    }

    /// When each item's target review was answered.
    pub fn times(&self) -> &[Timestamp] {
        &self.times
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there is no item.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every review counted, first and same-day ones included.
    pub fn reviews(&self) -> usize {
        self.reviews
    }

    /// Cards with at least one counted review.
    pub fn cards(&self) -> usize {
        self.card_count
    }

    /// The earlier `share` of the items and the rest, by time of the target review. The later
    /// items keep their whole histories: they are predicted from everything before them.
    pub fn split(&self, share: f64) -> (Dataset, Dataset) {
        let n = ((self.len() as f64 * share).floor() as usize).min(self.len());
        let part = |range: std::ops::Range<usize>| Dataset {
            items: self.items[range.clone()].to_vec(),
            cards: self.cards[range.clone()].to_vec(),
            times: self.times[range].to_vec(),
            reviews: self.reviews,
            card_count: self.card_count,
            stats: self.stats.clone(),
        };
        (part(0..n), part(n..self.len()))
    }
}

fn in_decks(key: &str, decks: &[String]) -> bool {
    decks.is_empty()
        || key
            .split_once('/')
            .is_some_and(|(deck, _)| decks.iter().any(|d| d == deck))
}

/// Each card's last reset, after which its history starts afresh.
///
/// HOOK(reset): the `reset` event type is being added on branch `cards`; until it reaches
/// this branch no event resets a card, so this returns no entry. When it lands, match
/// `EventBody::Reset { card }` here and keep the latest time per renamed key; [`Dataset::build`]
/// already drops every review at or before it (tested with a hand-made map).
pub fn last_resets(events: &[Event], renames: &Renames) -> HashMap<String, Timestamp> {
    let _ = (events, renames);
    HashMap::new()
}
