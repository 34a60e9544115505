//! Answers the author graded (deck format v2): `accept` and `choices` entries written as tables
//! with a `credit` (partial credit or a penalty) and `feedback`, and `strict` text cards.

use super::choice;
use super::normalize::quote;
use super::target::{Given, Hit, Target};
use super::{Outcome, Verdict};
use crate::deck::{Alternatives, Card};

/// Judges a text or cloze answer: the card's answer and full-credit alternatives as usual (no
/// typos on a strict card); an exact match of an entry with less credit scores that credit.
pub(super) fn text(card: &Card, alts: &Alternatives, given: &str, canonical: String) -> Verdict {
    let target = Target::new(alts.all()).strict(card.strict);
    if card.graded.is_empty() {
        return super::single(&target, given, canonical);
    }
    let g = Given::new(given);
    let hit = target.compare(&g, true);
    // Partial credit and penalties are for the answer the author wrote, never for a typo of it;
    // and an exact match of a right answer wins over them.
    if !matches!(hit, Hit::Exact { .. }) {
        for e in card.graded.iter().filter(|e| e.credit < 1.0) {
            if matches!(
                Target::new([e.text.as_str()]).compare(&g, false),
                Hit::Exact { .. }
            ) {
                let reason = match e.credit {
                    c if c > 0.0 => format!("partly right: '{}' earns {c}", quote(&e.text)),
                    c if c < 0.0 => format!("wrong: '{}' costs {}", quote(&e.text), -c),
                    _ => format!(
                        "wrong: '{}' is not '{}'",
                        quote(&e.text),
                        quote(target.canonical())
                    ),
                };
                return Verdict::credited(e.credit, reason, canonical, e.feedback.clone());
            }
        }
    }
    let mut v = super::single(&target, given, canonical);
    if v.outcome == Outcome::Right
        && let Hit::Exact { alt } | Hit::Typo { alt, .. } = hit
        && let Some(a) = target.alts.get(alt)
    {
        v.feedback = card.graded_for(&a.raw).and_then(|e| e.feedback.clone());
    }
    v
}

/// Judges a choice card some of whose choices carry credit or feedback. Picks without credit
/// score as usual (1 for a right one, a penalty for a wrong one, the sum never below 0); a
/// positive credit adds to it and a negative credit is a penalty the score keeps.
pub(super) fn choice(
    card: &Card,
    choices: &[String],
    correct: &[usize],
    order: &[usize],
    given: &str,
    canonical: String,
) -> Verdict {
    let base = choice::judge(choices, correct, order, given, canonical.clone());
    let (chosen, unknown) = choice::chosen(choices, order, given);
    if chosen.is_empty() && unknown == 0 {
        return base;
    }
    let mut gained = 0.0;
    let mut penalty = 0.0;
    let mut plain_penalties = unknown as f64;
    let mut hits = 0.0;
    let mut feedback = Vec::new();
    let mut notes = Vec::new();
    for &i in &chosen {
        let text = choices.get(i).map_or("", String::as_str);
        let graded = card.graded_for(text);
        if let Some(f) = graded.and_then(|g| g.feedback.as_deref()) {
            feedback.push(f.to_string());
        }
        match graded.map(|g| g.credit) {
            _ if correct.contains(&i) => hits += 1.0,
            Some(c) if c > 0.0 => {
                gained += c;
                notes.push(format!("'{}' earns {c}", quote(text)));
            }
            Some(c) if c < 0.0 => {
                penalty += c;
                notes.push(format!("'{}' costs {}", quote(text), -c));
            }
            _ => plain_penalties += 1.0,
        }
    }
    let n = correct.len().max(1) as f64;
    // Partly right choices stand in for missing right ones; picked on top of every right one
    // they are extra picks, each costing what an extra wrong pick costs.
    let credited = chosen
        .iter()
        .filter(|&&i| !correct.contains(&i))
        .filter(|&&i| {
            card.graded_for(choices.get(i).map_or("", String::as_str))
                .is_some_and(|g| g.credit > 0.0)
        })
        .count();
    let extra = (chosen.len() + unknown)
        .saturating_sub(correct.len())
        .min(credited) as f64;
    let score = (((hits + gained - plain_penalties - extra) / n).clamp(0.0, 1.0) + penalty).clamp(-1.0, 1.0);
    let feedback = (!feedback.is_empty()).then(|| feedback.join(" "));
    let reason = if notes.is_empty() {
        base.reason.clone()
    } else if plain_penalties == 0.0 && (correct.len() == 1 || hits == n) {
        // Every pick is right or graded: the credits say it all.
        let word = if score >= 1.0 {
            "right"
        } else if score > 0.0 {
            "partly right"
        } else {
            "wrong"
        };
        format!("{word}: {}", notes.join(", "))
    } else {
        format!("{}; {}", base.reason, notes.join(", "))
    };
    Verdict::credited(score, reason, canonical, feedback)
}
