//! Self-check of a card for `deckard check`: the judge must accept the card's own canonical
//! answer and every alternative, and no alternative, choice, item or pair may read as another.

use super::normalize::{key, quote};
use super::target::{Given, Hit, Target, pick};
use super::{Outcome, judge};
use crate::deck::{Answer, Card, letter};

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
            let exact = ExactIndex::new(items.iter().map(|a| a.all().collect()));
            for (i, item) in items.iter().enumerate() {
                for alt in item.all() {
                    let given = Given::new(alt);
                    // The common case, that the alternative is its own item's and no earlier
                    // item's, is settled without comparing it with every item.
                    if exact.first(&given, &targets) == Some(i) {
                        continue;
                    }
                    match pick(&given, &targets) {
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

/// Finds the first target an answer equals exactly without comparing it with every target.
///
/// A target whose alternatives are all plain text (no number, no date, not punctuation only)
/// is equalled exactly only by an answer with the same comparison key, so a map from key to
/// the first such target finds it; the other targets, few in a real deck, are compared one by
/// one. The result is what [`pick`] would find first among exact hits.
struct ExactIndex {
    by_key: std::collections::HashMap<String, usize>,
    others: Vec<usize>,
}

impl ExactIndex {
    fn new<'a>(targets: impl Iterator<Item = Vec<&'a str>>) -> Self {
        let mut by_key = std::collections::HashMap::new();
        let mut others = Vec::new();
        for (j, alts) in targets.enumerate() {
            let plain = alts.iter().all(|a| {
                !key(a).is_empty()
                    && super::number::parse(a).is_none()
                    && super::date::parse_expected(a).is_none()
            });
            if plain {
                for a in alts {
                    by_key.entry(key(a)).or_insert(j);
                }
            } else {
                others.push(j);
            }
        }
        ExactIndex { by_key, others }
    }

    /// The index of the first target `g` equals exactly, if any.
    fn first(&self, g: &Given, targets: &[Target]) -> Option<usize> {
        let keyed = self.by_key.get(&g.key).copied().filter(|_| !g.key.is_empty());
        let other = self
            .others
            .iter()
            .copied()
            .find(|&j| matches!(targets[j].compare(g, true), Hit::Exact { .. }));
        keyed.into_iter().chain(other).min()
    }
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
