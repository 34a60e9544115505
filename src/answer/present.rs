//! How a card's choices, items and pairs are shown, so that the judge reads letters and numbers
//! against the same display order. Order items and the right side of match pairs are shuffled
//! by a seed (PCG, so a seed replays exactly); choices keep the author's order.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_pcg::Pcg64;

use super::choice::label;
use crate::deck::{Answer, Card};

/// A card's prompt-side display: the lines to show under the prompt and the orders they use.
///
/// The lines hold deck text as written: escape them before printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    /// Lines to show: `a) Peace Hotel` for choices, `1) …` for order items, `1) X` then `a) Y`
    /// for match pairs; empty for other kinds.
    pub lines: Vec<String>,
    /// For list cards: how many items are expected.
    pub expected_items: Option<usize>,
    /// Display position → author index: choices and order items; for match, the right side
    /// (pairs, then distractors).
    pub order: Vec<usize>,
    /// How to type the answer, one short line (`a letter, or several: a, c`).
    pub how: &'static str,
    /// The seed the shuffle used (0 with [`unshuffled`]).
    pub seed: u64,
}

/// A stable 64-bit hash of a card id (FNV-1a), so cards shuffle differently under one seed.
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `0..n` shuffled by `seed` and the card id; never left in the original order when `n > 1`.
fn shuffled(n: usize, seed: u64, card_id: &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Pcg64::seed_from_u64(seed ^ id_hash(card_id));
    order.shuffle(&mut rng);
    if n > 1 && order.iter().enumerate().all(|(i, &o)| i == o) {
        order.rotate_left(1);
    }
    order
}

/// The card shown with order items and match pairs shuffled by `shuffle_seed`.
pub fn present(card: &Card, shuffle_seed: u64) -> Presentation {
    build(card, shuffle_seed, true)
}

/// The card shown in the author's order (what `deckard judge` and `deckard check` use).
pub fn unshuffled(card: &Card) -> Presentation {
    build(card, 0, false)
}

fn build(card: &Card, seed: u64, shuffle: bool) -> Presentation {
    let order_of = |n: usize| {
        if shuffle {
            shuffled(n, seed, &card.id)
        } else {
            (0..n).collect()
        }
    };
    let mut p = Presentation {
        lines: Vec::new(),
        expected_items: None,
        order: Vec::new(),
        how: "",
        seed,
    };
    match &card.answer {
        Answer::Choice { choices, correct } => {
            p.order = (0..choices.len()).collect();
            p.lines = choices
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{}) {c}", label(i, choices.len())))
                .collect();
            p.how = if correct.len() > 1 {
                "several are right: type their letters, e.g. a, c"
            } else {
                "type a letter, a number or the answer"
            };
        }
        Answer::Order(items) => {
            p.order = order_of(items.len());
            p.lines = p
                .order
                .iter()
                .enumerate()
                .filter_map(|(pos, &i)| items.get(i).map(|t| format!("{}) {t}", pos + 1)))
                .collect();
            p.how = "type the numbers in order, e.g. 3 1 2, or the items";
        }
        Answer::Match(pairs) => {
            // The right side holds every pair's right item, then the distractors (indexes past
            // the pairs), mixed together by the shuffle.
            let rights: Vec<&str> = pairs
                .iter()
                .map(|(_, r)| r.as_str())
                .chain(card.distractors.iter().map(String::as_str))
                .collect();
            p.order = order_of(rights.len());
            p.lines = pairs
                .iter()
                .enumerate()
                .map(|(i, (l, _))| format!("{}) {l}", i + 1))
                .collect();
            p.lines.extend(p.order.iter().enumerate().filter_map(|(pos, &i)| {
                rights
                    .get(i)
                    .map(|r| format!("{}) {r}", crate::deck::letter(pos)))
            }));
            p.how = "pair numbers with letters, e.g. 1b 2a";
        }
        Answer::List { items, ordered } => {
            p.expected_items = Some(items.len());
            p.how = if *ordered {
                "type the items in order, separated by commas"
            } else {
                "type the items, separated by commas"
            };
        }
        Answer::TrueFalse(_) => p.how = "true or false",
        Answer::Number { .. } => p.how = "a number",
        Answer::Text(_) | Answer::Flashcard { .. } => {}
    }
    p
}

/// True when `order` is a permutation of `0..n`.
pub fn is_permutation(order: &[usize], n: usize) -> bool {
    let mut seen = vec![false; n];
    order.len() == n
        && order.iter().all(|&i| match seen.get_mut(i) {
            Some(s) if !*s => {
                *s = true;
                true
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_replays_and_differs_from_the_author_order() {
        for n in 2..12 {
            let a = shuffled(n, 42, "card");
            assert_eq!(a, shuffled(n, 42, "card"));
            assert!(is_permutation(&a, n));
            assert_ne!(a, (0..n).collect::<Vec<_>>());
        }
        assert_ne!(shuffled(8, 1, "card"), shuffled(8, 2, "card"));
    }

    #[test]
    fn permutation_check() {
        assert!(is_permutation(&[2, 0, 1], 3));
        assert!(!is_permutation(&[0, 0, 1], 3));
        assert!(!is_permutation(&[0, 1], 3));
        assert!(!is_permutation(&[0, 1, 3], 3));
    }
}
