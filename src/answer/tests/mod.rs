//! Rule-by-rule tests of the judge, each with the answers it must accept and must not:
//! `scalar` for text, numbers, dates and true/false; `items` for choices, lists, order and match.

mod issue13;
mod items;
mod large;
mod rules;
mod scalar;

use super::*;
use crate::deck::{Alternatives, Kind, Pos};

pub(super) fn card(answer: Answer) -> Card {
    let kind = match &answer {
        Answer::Flashcard { .. } => Kind::Flashcard,
        Answer::Text(_) => Kind::Text,
        Answer::TrueFalse(_) => Kind::TrueFalse,
        Answer::Choice { .. } => Kind::Choice,
        Answer::Number { .. } => Kind::Number,
        Answer::List { .. } => Kind::List,
        Answer::Order(_) => Kind::Order,
        Answer::Match(_) => Kind::Match,
    };
    Card {
        id: "c".into(),
        note_id: "c".into(),
        kind,
        prompt: "?".into(),
        answer,
        tags: vec![],
        sources: vec![],
        note: None,
        origin: None,
        strict: false,
        graded: vec![],
        distractors: vec![],
        renamed_from: vec![],
        explain: None,
        hint: None,
        draft: false,
        pos: Pos::default(),
    }
}

pub(super) fn text(answer: &str, accept: &[&str]) -> Card {
    card(Answer::Text(Alternatives {
        answer: answer.into(),
        accept: accept.iter().map(|s| s.to_string()).collect(),
    }))
}

pub(super) fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub(super) fn list(items: &[&str], ordered: bool) -> Card {
    card(Answer::List {
        items: items
            .iter()
            .map(|s| Alternatives {
                answer: s.to_string(),
                accept: vec![],
            })
            .collect(),
        ordered,
    })
}

pub(super) fn founders() -> Card {
    let mut c = list(
        &[
            "China",
            "Russia",
            "Kazakhstan",
            "Kyrgyzstan",
            "Tajikistan",
            "Uzbekistan",
        ],
        false,
    );
    if let Answer::List { items, .. } = &mut c.answer {
        items[1].accept = strings(&["Russian Federation"]);
        items[3].accept = strings(&["Kyrgyz Republic"]);
    }
    c
}

pub(super) fn choice(choices: &[&str], correct: &[usize]) -> Card {
    card(Answer::Choice {
        choices: strings(choices),
        correct: correct.to_vec(),
    })
}

pub(super) fn number(value: f64, tolerance: f64, unit: Option<&str>) -> Card {
    card(Answer::Number {
        value,
        tolerance,
        unit: unit.map(str::to_string),
    })
}

/// Asserts the outcome of each answer.
pub(super) fn expect(c: &Card, cases: &[(&str, Outcome)]) {
    for (given, want) in cases {
        let v = judge(c, given);
        assert_eq!(v.outcome, *want, "{:?} on {:?}: {}", given, c.answer, v.reason);
    }
}
