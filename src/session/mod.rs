//! Sessions: the daily study loop and the timed quiz, as logic without terminal I/O.
//!
//! A front end asks a session for the next question, shows it, passes the typed answer back, and
//! appends the events the session returns to the progress log before asking for the next one.

mod day;
pub mod quiz;
mod rating;
mod study;

pub use day::Day;
pub use rating::{rating_for_score, suggested_rating};
pub use study::{
    Answered, Asked, Counts, DeckLimitMap, DeckLimits, DueAhead, NewOrder, Recorded, Study, StudyOptions,
    Tally,
};

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::deck::{Card, Deck, Kind, Library};

/// Card ids by deck id: the cards a search chose (see [`Selection::only`]).
pub type KeySet = HashMap<String, HashSet<String>>;

/// Which cards a session draws from: decks, tags and kinds (all when empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Deck ids.
    pub decks: Vec<String>,
    /// Tags (a card matches when it or its deck has any of them).
    pub tags: Vec<String>,
    /// Card kinds.
    pub kinds: Vec<Kind>,
    /// Only these cards, when set: the result of a search (`--query`), computed by the caller
    /// at the session's start (a filtered deck, as in Anki).
    pub only: Option<Arc<KeySet>>,
}

impl Selection {
    /// True when the card is selected.
    pub fn matches(&self, deck: &Deck, card: &Card) -> bool {
        (self.decks.is_empty() || self.decks.contains(&deck.id))
            && (self.tags.is_empty() || card.all_tags(deck).any(|t| self.tags.iter().any(|w| w == t)))
            && (self.kinds.is_empty() || self.kinds.contains(&card.kind))
            && self
                .only
                .as_ref()
                .is_none_or(|only| only.get(&deck.id).is_some_and(|ids| ids.contains(&card.id)))
    }

    /// Deck ids and tags that select nothing in `lib`: likely typos worth reporting.
    pub fn unknown(&self, lib: &Library) -> Vec<String> {
        let mut out = Vec::new();
        for d in &self.decks {
            if lib.deck(d).is_none() {
                out.push(format!("deck `{d}`"));
            }
        }
        for t in &self.tags {
            let used = lib
                .decks
                .iter()
                .any(|d| d.cards.iter().any(|c| c.all_tags(d).any(|x| x == t)));
            if !used {
                out.push(format!("tag `{t}`"));
            }
        }
        out
    }
}

#[cfg(test)]
mod order_tests;
#[cfg(test)]
mod queue_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod v2_tests;
