//! Self-check of a card for `deckard check`: the judge must accept the card's own canonical
//! answer and every alternative, and no alternative, choice, item or pair may read as another;
//! and over the checked decks, true/false answers that lean one way (guessing would pass).

use super::normalize::{key, quote};
use super::pick::Targets;
use super::target::{Given, Hit, Target};
use super::{Outcome, judge};
use crate::deck::{Answer, Card, Deck, Diagnostic, Severity, letter};

/// Fewest true/false cards for their balance to mean anything.
const MIN_TRUE_FALSE: usize = 10;

/// Largest share of true/false cards with one answer before `check` warns.
const MAX_ONE_WAY: f64 = 0.7;

/// A warning when the true/false cards of `decks` lean one way: at least
/// [`MIN_TRUE_FALSE`] of them and more than 70% with the same answer, so that answering "true"
/// (or "false") to everything passes. It points at the first deck holding such cards.
pub fn true_false_balance(decks: &[Deck]) -> Option<Diagnostic> {
    let answers: Vec<(&Deck, bool)> = decks
        .iter()
        .flat_map(|d| {
            d.cards.iter().filter_map(move |c| match c.answer {
                Answer::TrueFalse(b) => Some((d, b)),
                _ => None,
            })
        })
        .collect();
    let total = answers.len();
    let trues = answers.iter().filter(|(_, b)| *b).count();
    let (most, word, other) = if trues * 2 >= total {
        (trues, "true", "false")
    } else {
        (total - trues, "false", "true")
    };
    if total < MIN_TRUE_FALSE || (most as f64) <= MAX_ONE_WAY * total as f64 {
        return None;
    }
    let (deck, _) = answers.first()?;
    Some(Diagnostic {
        file: deck.origin.display_name(),
        pos: deck.pos,
        severity: Severity::Warning,
        message: format!(
            "{most} of {total} true/false cards in the checked decks are {word} ({}%): answering \"{word}\" to every one passes",
            (100.0 * most as f64 / total as f64).round()
        ),
        hint: Some(format!(
            "state some of them the other way round, so that about as many are {other} as {word}"
        )),
    })
}

/// The ids of the deck's cards whose own answer the judge refuses: `deckard check` rejects
/// them, and sessions skip them.
pub fn refused_cards(deck: &Deck) -> Vec<String> {
    deck.cards
        .iter()
        .filter(|c| self_check(c).iter().any(|p| p.refused))
        .map(|c| c.id.clone())
        .collect()
}

/// One finding of [`self_check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The judge rejects an answer the card itself gives: the card is broken.
    pub refused: bool,
    /// What is wrong, in words (quoted deck text already escaped).
    pub message: String,
}

impl Problem {
    fn refused(message: String) -> Self {
        Problem {
            refused: true,
            message,
        }
    }

    fn advice(message: String) -> Self {
        Problem {
            refused: false,
            message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Problems the judge would cause on `card`: its canonical answer or an `accept` alternative not
/// judged right, or answers that normalise to the same text (a choice, an item, an alternative).
pub fn self_check(card: &Card) -> Vec<Problem> {
    let mut problems = Vec::new();
    if matches!(card.answer, Answer::Flashcard { .. }) {
        return problems;
    }
    let canonical = card.canonical();
    let v = judge(card, &canonical);
    if v.outcome != Outcome::Right {
        problems.push(Problem::refused(format!(
            "the judge does not accept the card's own answer '{}' ({})",
            quote(&canonical),
            v.reason
        )));
    }
    match &card.answer {
        Answer::Text(alts) => {
            for alt in alts.accept.iter() {
                let v = judge(card, alt);
                if v.outcome != Outcome::Right {
                    problems.push(Problem::refused(format!(
                        "the judge does not accept the alternative '{}' ({})",
                        quote(alt),
                        v.reason
                    )));
                }
            }
        }
        Answer::Choice { choices, .. } => {
            same_keys(
                choices.iter().map(String::as_str),
                "choices",
                &mut problems,
                |i| format!("{})", letter(i)),
            );
            for (i, c) in choices.iter().enumerate() {
                let k = key(c);
                let as_label = k.len() == 1 && k.as_bytes().first().is_some_and(|b| b.is_ascii_lowercase());
                let as_number = k.parse::<usize>().is_ok_and(|n| (1..=choices.len()).contains(&n));
                if (as_label && letter(i).to_string() != k) || (as_number && k != (i + 1).to_string()) {
                    problems.push(Problem::advice(format!(
                        "choice {}) '{}' looks like the label of another choice; learners typing it may be misread",
                        letter(i),
                        quote(c)
                    )));
                }
            }
        }
        Answer::List { items, .. } => {
            let targets: Vec<Target> = items.iter().map(|a| Target::new(a.all())).collect();
            let index = Targets::new(&targets);
            for (i, item) in items.iter().enumerate() {
                for alt in item.all() {
                    let given = Given::new(alt);
                    match index.pick(&given) {
                        Some((j, Hit::Exact { .. })) if j == i => {}
                        Some((j, _)) if j != i => problems.push(Problem::advice(format!(
                            "'{}' (for item '{}') reads as item '{}'",
                            quote(alt),
                            quote(&item.answer),
                            quote(items.get(j).map_or("", |o| o.answer.as_str()))
                        ))),
                        _ => problems.push(Problem::refused(format!(
                            "the judge does not accept '{}' as item '{}'",
                            quote(alt),
                            quote(&item.answer)
                        ))),
                    }
                }
            }
        }
        Answer::Order(items) => {
            same_keys(items.iter().map(String::as_str), "items", &mut problems, |i| {
                format!("{}", i + 1)
            });
        }
        Answer::Match(pairs) => {
            same_keys(
                pairs.iter().map(|p| p.0.as_str()),
                "left items",
                &mut problems,
                |i| format!("{}", i + 1),
            );
        }
        Answer::Flashcard { .. } | Answer::TrueFalse(_) | Answer::Number { .. } => {}
    }
    problems
}

/// Reports texts that normalise to the same key, so the judge cannot tell them apart.
fn same_keys<'a>(
    texts: impl Iterator<Item = &'a str>,
    what: &str,
    problems: &mut Vec<Problem>,
    label: impl Fn(usize) -> String,
) {
    // The first index of each key, in a map: 100,000 items check in linear time.
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, t) in texts.enumerate() {
        let k = key(t);
        if let Some(&j) = first.get(&k) {
            problems.push(Problem::advice(format!(
                "{what} {} and {} ('{}') are the same once case, accents and punctuation are ignored",
                label(j),
                label(i),
                quote(t)
            )));
        } else {
            first.insert(k, i);
        }
    }
}

#[cfg(test)]
mod balance_tests {
    use super::*;
    use crate::deck::{Origin, parse_deck};

    fn deck_of(trues: usize, falses: usize) -> Deck {
        let mut s = String::from("[deck]\nid = \"tf\"\ntitle = \"TF\"\n");
        for i in 0..trues + falses {
            s.push_str(&format!(
                "[[card]]\nid = \"s{i}\"\nq = \"Statement {i}.\"\na = {}\n",
                i < trues
            ));
        }
        s.push_str("[[card]]\nid = \"other\"\nq = \"Q\"\na = \"A\"\n");
        let (d, diags) = parse_deck(Origin::Bundled("tf.toml".into()), &s);
        assert!(diags.is_empty(), "{diags:?}");
        d.unwrap()
    }

    #[test]
    fn lopsided_true_false_answers_are_flagged() {
        // 21 of 26 true, as in the bundled decks before: answering "true" to everything passes.
        let w = true_false_balance(&[deck_of(21, 5)]).expect("a warning");
        assert_eq!(w.severity, Severity::Warning);
        assert!(
            w.message.starts_with("21 of 26 true/false cards"),
            "{}",
            w.message
        );
        assert!(w.message.contains("\"true\""), "{}", w.message);
        let w = true_false_balance(&[deck_of(2, 9)]).expect("a warning");
        assert!(
            w.message.starts_with("9 of 11") && w.message.contains("\"false\""),
            "{}",
            w.message
        );
        // Across decks: 4 + 4 true of 10.
        assert!(true_false_balance(&[deck_of(4, 1), deck_of(4, 1)]).is_some());
    }

    #[test]
    fn balanced_or_few_true_false_cards_are_not() {
        assert_eq!(
            true_false_balance(&[deck_of(7, 3)]),
            None,
            "70% exactly is not more than 70%"
        );
        assert_eq!(true_false_balance(&[deck_of(9, 0)]), None, "fewer than 10 cards");
        assert_eq!(true_false_balance(&[deck_of(13, 13)]), None);
        assert!(true_false_balance(&[deck_of(8, 2)]).is_some(), "80% of 10");
    }
}
