//! How a card's choices, items and pairs are shown, so that the judge reads letters and numbers
//! against the same display order. Choices, order items and the right side of match pairs are
//! shuffled for every showing by a seed made of the session seed, the card key and the showing's
//! number (PCG, so a draw replays exactly); true/false is never shuffled (it shows no options).

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

impl Presentation {
    /// The card's answer as one line, with choices labelled as they were shown (`c) Tashkent`
    /// when Tashkent was shown third); other kinds as [`Card::canonical`].
    pub fn canonical(&self, card: &Card) -> String {
        match &card.answer {
            Answer::Choice { choices, correct } if is_permutation(&self.order, choices.len()) => {
                let mut shown: Vec<(usize, usize)> = correct
                    .iter()
                    .filter_map(|&i| Some((self.order.iter().position(|&o| o == i)?, i)))
                    .collect();
                shown.sort_unstable();
                shown
                    .iter()
                    .filter_map(|&(pos, i)| {
                        choices
                            .get(i)
                            .map(|c| format!("{}) {c}", label(pos, choices.len())))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            _ => card.canonical(),
        }
    }
}

/// A stable 64-bit hash of a card id (FNV-1a), so cards shuffle differently under one seed.
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64's finaliser: spreads nearby inputs (showing 3 and 4) over all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The shuffle seed of one showing: the session seed, the card key (`deck/card`) and how many
/// times the card was shown before (a count from the log in study, the question index in a quiz).
pub fn showing_seed(session_seed: u64, key: &str, showing: u64) -> u64 {
    mix(mix(session_seed ^ id_hash(key)).wrapping_add(showing))
}

/// `0..n` shuffled by `seed` (already specific to the card).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Pcg64::seed_from_u64(seed);
    order.shuffle(&mut rng);
    order
}

/// The display order of `n` options at showing `showing`: a fresh shuffle, turned by one place
/// when it repeats the order shown the time before, so a card never shows the same order twice
/// in a row. Each order depends on the one before, so the chain is walked from the first
/// showing: a card's showings number in the tens, and each step is one small shuffle. With
/// `hide_author`, the author's order is never shown either (for order cards it is the answer);
/// choices do not need that, and a first showing left uniform keeps guessing at chance.
fn showing_order(n: usize, session_seed: u64, key: &str, showing: u64, hide_author: bool) -> Vec<usize> {
    let author: Vec<usize> = (0..n).collect();
    let mut before: Option<Vec<usize>> = None;
    for k in 0..=showing {
        let mut order = shuffled(n, showing_seed(session_seed, key, k));
        for _ in 0..2 {
            if n > 1 && (before.as_ref() == Some(&order) || (hide_author && order == author)) {
                order.rotate_left(1);
            }
        }
        before = Some(order);
    }
    before.unwrap_or(author)
}

/// The card as shown for the `showing`-th time (0 first) in a session seeded by `session_seed`:
/// choices, order items and match pairs shuffled; `key` is `deck/card`.
pub fn present(card: &Card, key: &str, session_seed: u64, showing: u64) -> Presentation {
    build(
        card,
        showing_seed(session_seed, key, showing),
        Some((key, session_seed, showing)),
    )
}

/// The card shown in the author's order (what `deckard judge` and `deckard check` use).
pub fn unshuffled(card: &Card) -> Presentation {
    build(card, 0, None)
}

fn build(card: &Card, seed: u64, showing: Option<(&str, u64, u64)>) -> Presentation {
    let hide_author = matches!(card.answer, Answer::Order(_));
    let order_of = |n: usize| match showing {
        Some((key, session, nth)) => showing_order(n, session, key, nth, hide_author),
        None => (0..n).collect(),
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
            p.order = order_of(choices.len());
            p.lines = p
                .order
                .iter()
                .enumerate()
                .filter_map(|(pos, &i)| {
                    choices
                        .get(i)
                        .map(|c| format!("{}) {c}", label(pos, choices.len())))
                })
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
                    .map(|r| format!("{}) {r}", match_label(pos, rights.len())))
            }));
            p.how = if rights.len() > 26 {
                "pair numbers with labels, e.g. 1ab 2aa"
            } else {
                "pair numbers with letters, e.g. 1b 2a"
            };
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

/// The label of the right side's position `pos` in a match of `count` pairs: a letter up to 26
/// pairs, else two letters (`aa`, `ab`, …, `zz`) for every position, so no label is reused and
/// the judge reads them back with [`match_position`].
pub fn match_label(pos: usize, count: usize) -> String {
    if count <= 26 {
        crate::deck::letter(pos).to_string()
    } else {
        let first = char::from(b'a' + (pos / 26 % 26) as u8);
        let second = char::from(b'a' + (pos % 26) as u8);
        format!("{first}{second}")
    }
}

/// The position a match label names (`b` → 1; `ab` → 1 with more than 26 pairs).
pub fn match_position(label: &str, count: usize) -> Option<usize> {
    let b = label.as_bytes();
    let pos = match b {
        [c @ b'a'..=b'z'] if count <= 26 => usize::from(c - b'a'),
        [c @ b'a'..=b'z', d @ b'a'..=b'z'] if count > 26 => {
            usize::from(c - b'a') * 26 + usize::from(d - b'a')
        }
        _ => return None,
    };
    (pos < count).then_some(pos)
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
            for seed in 0..20 {
                let a = showing_order(n, seed, "d/card", 0, true);
                assert_eq!(a, showing_order(n, seed, "d/card", 0, true));
                assert!(is_permutation(&a, n));
                assert_ne!(a, (0..n).collect::<Vec<_>>());
            }
        }
        assert_ne!(
            showing_order(8, 1, "d/card", 0, false),
            showing_order(8, 2, "d/card", 0, false)
        );
        assert_ne!(
            showing_order(8, 1, "d/card", 0, false),
            showing_order(8, 1, "d/other", 0, false)
        );
    }

    #[test]
    fn a_card_never_shows_the_same_order_twice_in_a_row() {
        // Two options have only two orders: the showings must alternate.
        for (n, hide) in [(2, false), (3, false), (3, true), (4, true)] {
            for seed in 0..50 {
                for showing in 1..20 {
                    assert_ne!(
                        showing_order(n, seed, "d/c", showing, hide),
                        showing_order(n, seed, "d/c", showing - 1, hide),
                        "n={n} seed={seed} showing={showing}"
                    );
                }
            }
        }
    }

    #[test]
    fn match_labels_past_26_pairs_are_two_letters_and_read_back() {
        assert_eq!(match_label(1, 4), "b");
        assert_eq!(match_label(0, 30), "aa");
        assert_eq!(match_label(27, 30), "bb");
        for n in [4, 26, 27, 60] {
            for pos in 0..n {
                assert_eq!(match_position(&match_label(pos, n), n), Some(pos));
            }
        }
        assert_eq!(match_position("b", 30), None);
        assert_eq!(match_position("e", 4), None);
    }

    #[test]
    fn permutation_check() {
        assert!(is_permutation(&[2, 0, 1], 3));
        assert!(!is_permutation(&[0, 0, 1], 3));
        assert!(!is_permutation(&[0, 1], 3));
        assert!(!is_permutation(&[0, 1, 3], 3));
    }
}
