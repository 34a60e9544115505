//! The answer judge: grades a typed answer against a card like a careful human marker and says
//! why (right, partly right with a score, or wrong), for every card kind.
//!
//! Text is compared by normalised keys ([`normalize`]) with typo tolerance bounded by length
//! ([`text`]); numbers ([`number`]) and dates ([`date`]) are read in their common written forms
//! and never typo-tolerated; choices, lists, order and match cards have their own readers. The
//! prompt side ([`present`]) fixes the display order the judge reads letters and numbers against.
//! Work is bounded: input is cut to [`normalize::MAX_INPUT_BYTES`] before anything else.

mod check;
mod choice;
mod credit;
mod currency;
pub mod date;
mod list;
pub mod normalize;
pub mod number;
mod numerals;
mod pick;
mod places;
mod present;
mod rules;
mod sequence;
mod shown;
mod target;
pub mod text;

use serde::Serialize;

use crate::deck::{Answer, Card};
pub use check::{Problem, refused_cards, self_check, true_false_balance};
use normalize::{MAX_INPUT_BYTES, quote, truncate};
pub use present::{Presentation, present, unshuffled};
use target::{Given, Hit, Target};

/// How a typed answer was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Right (possibly with a tolerated typo or as an accepted alternative).
    Right,
    /// Partly right: some items, picks or pairs.
    Partial,
    /// Wrong.
    Wrong,
}

impl Outcome {
    /// `right`, `partial` or `wrong`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Right => "right",
            Outcome::Partial => "partial",
            Outcome::Wrong => "wrong",
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The judge's verdict on one typed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Right, partly right or wrong.
    pub outcome: Outcome,
    /// The score from 0 to 1: 1 when right, 0 when wrong.
    pub score: f64,
    /// Why, in a few words (`accepted: one letter off 'Kyrgyzstan'`); safe to print.
    pub reason: String,
    /// The answer to show, as the deck writes it (escape it before printing).
    pub canonical: String,
    /// The author's feedback on the answer given (`feedback` of an `accept` or `choices`
    /// entry), to show with the verdict; deck text, escape it before printing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

impl Verdict {
    fn right(reason: impl Into<String>, canonical: String) -> Self {
        Verdict {
            outcome: Outcome::Right,
            score: 1.0,
            reason: reason.into(),
            canonical,
            feedback: None,
        }
    }

    fn wrong(reason: impl Into<String>, canonical: String) -> Self {
        Verdict {
            outcome: Outcome::Wrong,
            score: 0.0,
            reason: reason.into(),
            canonical,
            feedback: None,
        }
    }

    /// A verdict from a score: 1 is right, 0 (or less, or NaN) is wrong, anything between partial.
    fn scored(score: f64, reason: impl Into<String>, canonical: String) -> Self {
        let outcome = if score >= 1.0 {
            Outcome::Right
        } else if score > 0.0 {
            Outcome::Partial
        } else {
            Outcome::Wrong
        };
        let score = match outcome {
            Outcome::Right => 1.0,
            Outcome::Wrong => 0.0,
            Outcome::Partial => score,
        };
        Verdict {
            outcome,
            score,
            reason: reason.into(),
            canonical,
            feedback: None,
        }
    }

    /// A verdict for an answer the author gave `credit` (in `-1..=1`): 1 is right, a
    /// negative credit a penalty that the score keeps; anything between is partial.
    fn credited(credit: f64, reason: impl Into<String>, canonical: String, feedback: Option<String>) -> Self {
        let outcome = if credit >= 1.0 {
            Outcome::Right
        } else if credit > 0.0 {
            Outcome::Partial
        } else {
            Outcome::Wrong
        };
        Verdict {
            outcome,
            score: if credit.is_nan() {
                0.0
            } else {
                credit.clamp(-1.0, 1.0)
            },
            reason: reason.into(),
            canonical,
            feedback,
        }
    }
}

/// Input the judge cannot read as an answer to the card shown (`e` on a card with four choices,
/// `5`, a word naming no option, `maybe` on true/false): the learner is asked again, and it is
/// never scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Why, in one line, with what to type instead; safe to print.
    pub reason: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Judges a typed answer against a card shown in the author's order. Never panics; bounded work.
/// Unreadable input is judged wrong, with the reason (for `deckard judge` and `check`).
pub fn judge(card: &Card, given: &str) -> Verdict {
    judge_presented(card, &unshuffled(card), given)
}

/// Judges a typed answer against the presentation `p` that was shown; unreadable input is
/// judged wrong. Sessions use [`assess`], which lets them ask again instead.
pub fn judge_presented(card: &Card, p: &Presentation, given: &str) -> Verdict {
    assess(card, p, given)
        .unwrap_or_else(|u| Verdict::wrong(format!("wrong: {}", u.reason), card.canonical()))
}

/// Judges a typed answer, reading letters and numbers against the presentation `p` that was
/// shown (a presentation that does not fit the card is replaced by the author's order); `Err`
/// when the input names no option of the card and should be asked again.
pub fn assess(card: &Card, p: &Presentation, given: &str) -> Result<Verdict, Unreadable> {
    let given = truncate(given, MAX_INPUT_BYTES);
    let shown = shown::as_shown(given);
    let given = shown.as_ref();
    let canonical = p.canonical(card);
    let rules = rules::Rules::of(card);
    let order_for = |n: usize| -> Vec<usize> {
        if present::is_permutation(&p.order, n) {
            p.order.clone()
        } else {
            (0..n).collect()
        }
    };
    match &card.answer {
        Answer::Flashcard { back } => {
            let (mut g, mut b) = (normalize::key(given), normalize::key(back));
            if b.is_empty() {
                (g, b) = (normalize::simple(given), normalize::simple(back));
            }
            Ok(if !b.is_empty() && g == b {
                Verdict::right("right", canonical)
            } else {
                Verdict::wrong("self-graded card", canonical)
            })
        }
        Answer::Text(alts) => Ok(credit::text(card, alts, &rules, given, canonical)),
        Answer::Number {
            value,
            tolerance,
            unit,
        } => Ok(number(
            *value,
            *tolerance,
            unit.as_deref(),
            &rules,
            given,
            canonical,
        )),
        Answer::TrueFalse(b) => true_false(*b, given, canonical),
        Answer::Choice { choices, correct } if !card.graded.is_empty() => credit::choice(
            card,
            choices,
            correct,
            &order_for(choices.len()),
            given,
            canonical,
        ),
        Answer::Choice { choices, correct } => {
            choice::judge(choices, correct, &order_for(choices.len()), given, canonical)
        }
        Answer::List { items, ordered } => {
            let targets: Vec<Target> = items
                .iter()
                .map(|a| Target::with(a.all(), &rules).strict(card.strict))
                .collect();
            Ok(list::judge(&targets, *ordered, given, canonical))
        }
        Answer::Order(items) => sequence::judge_order(items, &order_for(items.len()), given, canonical),
        Answer::Match(pairs) => {
            let order = order_for(pairs.len() + card.distractors.len());
            sequence::judge_match(pairs, &card.distractors, &order, given, canonical)
        }
    }
}

/// Judges a text answer (typed answers and cloze gaps), which may be a number or a date.
fn single(target: &Target, given: &str, canonical: String) -> Verdict {
    let g = Given::new(given);
    if g.is_empty() {
        return Verdict::wrong("no answer", canonical);
    }
    let expected = quote(target.canonical());
    let alt_raw = |alt: usize| target.alts.get(alt).map_or("", |a| a.raw.as_str());
    match target.compare(&g, true) {
        Hit::Exact { alt: 0 } => Verdict::right("right", canonical),
        Hit::Exact { alt } => Verdict::right(
            format!("accepted: '{}' is an accepted answer", quote(alt_raw(alt))),
            canonical,
        ),
        Hit::Typo { alt, dist } => Verdict::right(
            format!("accepted: {} '{}'", text::letters_off(dist), quote(alt_raw(alt))),
            canonical,
        ),
        Hit::Partial { score, note, .. } => {
            Verdict::scored(score, format!("partly right: {note}"), canonical)
        }
        Hit::OtherNumber => {
            let shown = g.number.as_ref().map(number::show).unwrap_or_default();
            Verdict::wrong(format!("wrong: {} is not {expected}", quote(&shown)), canonical)
        }
        Hit::OtherDate => {
            let shown = g.dates.first().map(date::show).unwrap_or_default();
            Verdict::wrong(format!("wrong: {shown} is not {expected}"), canonical)
        }
        Hit::Miss => match with_country(target, given) {
            Some(Placed::In(place)) => Verdict::right(
                format!("accepted: '{}' with its country", quote(&place)),
                canonical,
            ),
            Some(Placed::Unchecked(place, region)) => Verdict::right(
                format!(
                    "accepted: '{}' (deckard does not know where it is, so '{}' was not checked)",
                    quote(&place),
                    quote(&region)
                ),
                canonical,
            ),
            Some(Placed::Elsewhere(place, region)) => Verdict::wrong(
                format!("wrong: '{}' is not in '{}'", quote(&place), quote(&region)),
                canonical,
            ),
            None => Verdict::wrong(
                format!("wrong: '{}' is not '{expected}'", quote(&g.raw)),
                canonical,
            ),
        },
    }
}

/// A right place typed with where it is.
enum Placed {
    /// The place (as typed) is in the region typed.
    In(String),
    /// The place (as the card writes it) is not in the region typed (as typed).
    Elsewhere(String, String),
    /// The place (as typed) is right, but the table of places does not know it, so the region
    /// typed cannot be checked: the learner is given the benefit of the doubt (a deck's own
    /// town, say, typed with its province).
    Unchecked(String, String),
}

/// `Shanghai, China` or `Tashkent (Uzbekistan)` for `Shanghai` or `Tashkent`: the place is
/// right and the words after it name where it is ([`places`]: `Tashkent, France` is wrong).
/// `None` when the place is not right, the added part is not a few words without digits (a
/// country or region, never a second answer), or the place is one deckard does not know.
fn with_country(target: &Target, given: &str) -> Option<Placed> {
    let s = given.trim().trim_end_matches(')');
    let (place, region) = s
        .split_once(',')
        .or_else(|| s.split_once('('))
        .or_else(|| s.split_once('，'))?;
    let region_words = normalize::words(region);
    let plausible = (1..=4).contains(&region_words.len())
        && region_words.iter().all(|w| w.chars().all(char::is_alphabetic))
        && !region.contains([',', '(', '，']);
    if !plausible {
        return None;
    }
    let alt = match target.compare(&Given::new(place), true) {
        Hit::Exact { alt } | Hit::Typo { alt, .. } => alt,
        _ => return None,
    };
    let known = target.alts.get(alt)?.raw.as_str();
    Some(match places::is_in(known, region) {
        Some(true) => Placed::In(place.trim().to_string()),
        Some(false) => Placed::Elsewhere(known.to_string(), region.trim().to_string()),
        None => Placed::Unchecked(place.trim().to_string(), region.trim().to_string()),
    })
}

/// Judges a number card: never typo-tolerated, tolerance and unit from the card.
fn number(
    value: f64,
    tolerance: f64,
    unit: Option<&str>,
    rules: &rules::Rules,
    given: &str,
    canonical: String,
) -> Verdict {
    if !value.is_finite() {
        // Not a number anyone can type: compare as text.
        return single(&Target::new([canonical.as_str()]), given, canonical);
    }
    let target = Target::number(value, tolerance, unit, &canonical, rules);
    let g = Given::new(given);
    if g.is_empty() {
        return Verdict::wrong("no answer", canonical);
    }
    let Some(n) = g.number.as_ref() else {
        return Verdict::wrong(format!("wrong: '{}' is not a number", quote(&g.raw)), canonical);
    };
    if !target.compare(&g, false).is_right() {
        let tol = if tolerance > 0.0 {
            format!(" (±{})", crate::deck::format_number(tolerance))
        } else {
            String::new()
        };
        return Verdict::wrong(
            format!(
                "wrong: {} is not {}{tol}",
                quote(&number::show(n)),
                quote(&canonical)
            ),
            canonical,
        );
    }
    let expected = number::Expected::new(value, tolerance, unit);
    let mut reason = if number::Expected::new(value, 0.0, unit).accepts(n) {
        "right".to_string()
    } else {
        format!(
            "accepted: {} is within ±{} of {}",
            quote(&number::show(n)),
            crate::deck::format_number(tolerance),
            quote(&canonical)
        )
    };
    if expected.other_unit(n) {
        reason.push_str(&format!(
            " (the unit is {}, not {})",
            quote(unit.unwrap_or("")),
            quote(&n.unit)
        ));
    }
    Verdict::right(reason, canonical)
}

/// Judges a true/false answer: `true/false`, `t/f`, `yes/no`, `y/n`, `1/0`, `right/wrong`;
/// anything else is asked again.
fn true_false(expected: bool, given: &str, canonical: String) -> Result<Verdict, Unreadable> {
    let words = normalize::words(given);
    let said = match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => return Ok(Verdict::wrong("no answer", canonical)),
        ["true" | "t" | "yes" | "y" | "1" | "correct" | "right"] => true,
        ["false" | "f" | "no" | "n" | "0" | "incorrect" | "wrong"] => false,
        ["it", "is", "true" | "correct"] => true,
        ["it", "is", "false" | "incorrect" | "not", ..] => false,
        _ => {
            return Err(Unreadable {
                reason: format!("'{}' is neither true nor false: type t or f", quote(given)),
            });
        }
    };
    Ok(if said == expected {
        Verdict::right("right", canonical)
    } else {
        Verdict::wrong(format!("wrong: it is {canonical}"), canonical)
    })
}

/// At most a few quoted names joined by commas, then `and N more`.
fn list_limit(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut s = names.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;
