//! The answer blocks of each GIFT question kind turned into deckard answers: matching (with
//! distractors), short answer (with partial credit), missing-word gaps, multiple choice (one
//! or several right, weights and penalties) and true/false; what has no place goes to the
//! report.

use super::answers::{self, Ans};
use super::{Extra, find_unescaped};
use crate::deck::{Alternatives, Answer, Graded, format_number};

/// A weight as GIFT writes it: `50%`.
pub(super) fn percent(credit: f64) -> String {
    format!("{}%", format_number(credit * 100.0))
}

/// `=left -> right` pairs; an empty left side makes the right side a distractor.
pub(super) fn matching(list: &[Ans], x: &mut Extra) -> Answer {
    let mut pairs = Vec::new();
    for a in list {
        let i = find_unescaped(&a.raw, "->").unwrap_or(0);
        let (l, r) = (
            answers::text_of(&a.raw[..i], a.html),
            answers::text_of(&a.raw[i + 2..], a.html),
        );
        if let Some(f) = &a.feedback {
            x.lost.push(format!(
                "the feedback `{f}` on a pair (a match card has no per-pair feedback)"
            ));
        }
        if l.is_empty() {
            if !x.distractors.contains(&r) {
                x.distractors.push(r);
            }
        } else {
            pairs.push((l, r));
        }
    }
    Answer::Match(pairs)
}

/// The `*` answer ("anything else"): its credit and feedback have no place.
pub(super) fn wildcard(a: &Ans, x: &mut Extra) {
    if a.credit() > 0.0 {
        x.lost.push(format!(
            "any other answer worth {} (deckard has no wildcard answer)",
            percent(a.credit())
        ));
    }
    if let Some(f) = &a.feedback {
        x.lost.push(format!("the feedback for any other answer `{f}`"));
    }
}

/// A short answer: the fully right answers are the answer and its alternatives; weighted ones
/// become `accept` entries with their credit, and feedback goes with its answer.
pub(super) fn short_answer(list: &[Ans], x: &mut Extra) -> Result<Answer, String> {
    let mut full: Vec<String> = Vec::new();
    for a in list {
        let t = a.text();
        if t.is_empty() || full.contains(&t) || x.graded.iter().any(|g| g.text == t) {
            continue;
        }
        let credit = a.credit();
        if credit >= 1.0 {
            full.push(t.clone());
        }
        if credit < 1.0 || a.feedback.is_some() {
            x.graded.push(Graded {
                text: t,
                credit: credit.min(1.0),
                feedback: a.feedback.clone(),
            });
        }
    }
    let [answer, accept @ ..] = full.as_slice() else {
        return Err("a short-answer question with no fully right answer".into());
    };
    Ok(Answer::Text(Alternatives {
        answer: answer.clone(),
        accept: accept.to_vec(),
    }))
}

/// The answers of a missing-word short answer, as a cloze gap (`a|b::hint`): gaps take plain
/// alternatives, so credit and feedback are reported.
pub(super) fn gap_answers(list: &[Ans], x: &mut Extra, hint: Option<&str>) -> Result<String, String> {
    let mut full = Vec::new();
    for a in list {
        let t = a.text();
        if a.credit() >= 1.0 {
            full.push(t.replace('|', "\\|"));
        } else {
            x.lost.push(format!(
                "`{t}` worth {} (a cloze gap has no partial credit)",
                percent(a.credit())
            ));
        }
        if let Some(f) = &a.feedback {
            x.lost.push(format!(
                "the feedback `{f}` (a cloze gap has no per-answer feedback)"
            ));
        }
    }
    if full.is_empty() {
        return Err("a short-answer question with no fully right answer".into());
    }
    let mut gap = full.join("|");
    if let Some(h) = hint {
        gap = format!("{gap}::{h}");
    }
    Ok(gap)
}

/// Multiple choice. With `=` answers, those are right and `~%w%` answers earn their weight
/// (a penalty when negative); without, Moodle's multiple-answer form: every answer with a
/// positive weight is right.
pub(super) fn choice(list: &[Ans], x: &mut Extra) -> Result<Answer, String> {
    let names: Vec<String> = list.iter().map(Ans::text).collect();
    let any_full = list.iter().any(|a| a.credit() >= 1.0);
    let correct: Vec<usize> = (0..list.len())
        .filter(|&i| {
            let c = list[i].credit();
            if any_full { c >= 1.0 } else { c > 0.0 }
        })
        .collect();
    if correct.is_empty() {
        return Err("a multiple-choice question with no right answer".into());
    }
    // Several right answers: deckard charges a wrong pick the share of one right answer, as
    // Moodle does with that weight (`~%-50%` of two), so such a weight is a plain wrong choice.
    let share = 1.0 / correct.len() as f64;
    let plain_wrong = |a: &Ans| !any_full && (a.credit() + share).abs() < 0.01;
    if !any_full {
        let weights: Vec<f64> = correct.iter().map(|&i| list[i].credit()).collect();
        if weights.iter().any(|w| (w - weights[0]).abs() > 0.01) {
            let shown: Vec<String> = weights.iter().map(|w| percent(*w)).collect();
            x.lost.push(format!(
                "the unequal weights {} of the right answers (deckard counts each right answer alike)",
                shown.join(", ")
            ));
        }
        if list.iter().any(|a| a.credit() < 0.0 && !plain_wrong(a)) {
            x.lost.push(
                "Moodle's floor at 0 for a multiple-answer question (deckard keeps a wrong pick's penalty: a wrong pick alone scores below 0)"
                    .into(),
            );
        }
    }
    for (i, a) in list.iter().enumerate() {
        let right = correct.contains(&i);
        let credit = if right || plain_wrong(a) {
            f64::from(u8::from(right))
        } else {
            a.credit().min(0.99)
        };
        if credit != if right { 1.0 } else { 0.0 } || a.feedback.is_some() {
            x.graded.push(Graded {
                text: names[i].clone(),
                credit,
                feedback: a.feedback.clone(),
            });
        }
    }
    Ok(Answer::Choice {
        choices: names,
        correct,
    })
}

/// `T`, `TRUE`, `F`, `FALSE`, then optional `#feedback` (for a wrong, then a right answer).
pub(super) fn true_false(inner: &str) -> Option<(bool, Vec<String>)> {
    let (word, rest) = match find_unescaped(inner, "#") {
        Some(i) => (&inner[..i], &inner[i..]),
        None => (inner, ""),
    };
    let b = match word.trim() {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    let mut feedback = Vec::new();
    let mut rest = rest;
    while let Some(r) = rest.strip_prefix('#') {
        let end = find_unescaped(r, "#").unwrap_or(r.len());
        let (h, f) = answers::strip_marker(&r[..end]);
        let f = answers::text_of(f, h == Some(true));
        if !f.is_empty() {
            feedback.push(f);
        }
        rest = &r[end..];
    }
    Some((b, feedback))
}
