//! Building a card from an author's typed answers (`deckard add`): which questions to ask for
//! each kind, and how the answers become a [`NewCard`]. The terminal part lives in the binary.

use super::import::csv::{Col, column, row_card};
use super::{AuthorError, NewCard};
use crate::deck::Kind;

/// One question `add` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The column name the answer fills (as in a CSV header).
    pub key: &'static str,
    /// What the author is asked.
    pub label: &'static str,
    /// Whether an empty answer is fine.
    pub optional: bool,
}

const fn req(key: &'static str, label: &'static str) -> Field {
    Field {
        key,
        label,
        optional: false,
    }
}

const fn opt(key: &'static str, label: &'static str) -> Field {
    Field {
        key,
        label,
        optional: true,
    }
}

const Q: Field = req("q", "Question");
const COMMON: [Field; 3] = [
    opt("tags", "Tags (separated by spaces)"),
    opt("hint", "Hint"),
    opt("explain", "Explanation shown after answering"),
];

/// The questions for a kind, in the order they are asked (the common ones last).
pub fn fields(kind: Kind) -> Vec<Field> {
    let own: &[Field] = match kind {
        Kind::Flashcard => &[req("front", "Front"), req("back", "Back")],
        Kind::Text => &[
            Q,
            req("a", "Answer"),
            opt("accept", "Other accepted answers (separated by |)"),
        ],
        Kind::TrueFalse => &[Q, req("a", "Answer (true or false)")],
        Kind::Choice => &[
            Q,
            req("choices", "Choices (separated by |)"),
            req(
                "a",
                "Right choice(s) (the text or the letter; several separated by |)",
            ),
        ],
        Kind::Number => &[
            Q,
            req("a", "Answer (a number)"),
            opt("tolerance", "Tolerance (how far off still counts as right)"),
            opt("unit", "Unit"),
        ],
        Kind::List => &[
            Q,
            req("a", "Items (separated by |)"),
            opt("ordered", "Does the order matter? (y/N)"),
        ],
        Kind::Order => &[Q, req("items", "Items in the right order (separated by |)")],
        Kind::Match => &[Q, req("pairs", "Pairs as left = right (separated by |)")],
        Kind::Cloze => &[req("cloze", "Text with {{gaps}} ({{answer|alternative::hint}})")],
    };
    own.iter().chain(COMMON.iter()).copied().collect()
}

/// Builds a card of `kind` from `(key, answer)` pairs; the id is left to be derived.
pub fn build(kind: Kind, answers: &[(&str, String)]) -> Result<NewCard, AuthorError> {
    let mut cols: Vec<Option<Col>> = vec![Some(Col::Kind)];
    let mut values: Vec<String> = vec![kind.name().to_string()];
    for (key, value) in answers {
        cols.push(column(key));
        values.push(value.clone());
    }
    let mut card = row_card(&values, &cols, false).map_err(AuthorError::Field)?;
    card.id = None;
    Ok(card)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::Body;
    use crate::deck::{Alternatives, Answer};

    fn answers(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn every_kind_has_questions_that_build_a_card() {
        for kind in Kind::ALL {
            let f = fields(kind);
            assert!(f.iter().any(|f| !f.optional));
            assert_eq!(f.last().map(|f| f.key), Some("explain"));
        }
    }

    #[test]
    fn answers_become_cards() {
        let c = build(
            Kind::Choice,
            &answers(&[
                ("q", "Pick"),
                ("choices", "x | y | z"),
                ("a", "b"),
                ("tags", "t1 t2"),
            ]),
        )
        .unwrap();
        assert_eq!(
            c.body,
            Body::Plain {
                prompt: "Pick".into(),
                answer: Answer::Choice {
                    choices: vec!["x".into(), "y".into(), "z".into()],
                    correct: vec![1]
                }
            }
        );
        assert_eq!(c.tags, ["t1", "t2"]);
        let c = build(
            Kind::List,
            &answers(&[("q", "Name"), ("a", "a|b"), ("ordered", "y")]),
        )
        .unwrap();
        assert!(matches!(
            c.body,
            Body::Plain {
                answer: Answer::List { ordered: true, .. },
                ..
            }
        ));
        let c = build(Kind::Text, &answers(&[("q", "Q"), ("a", "A"), ("accept", "B|C")])).unwrap();
        assert!(
            matches!(&c.body, Body::Plain { answer: Answer::Text(Alternatives { accept, .. }), .. } if accept == &["B", "C"])
        );
        let c = build(Kind::Match, &answers(&[("q", "M"), ("pairs", "a = 1 | b = 2")])).unwrap();
        assert!(matches!(&c.body, Body::Plain { answer: Answer::Match(p), .. } if p.len() == 2));
        assert!(build(Kind::Number, &answers(&[("q", "N"), ("a", "many")])).is_err());
        assert!(build(Kind::TrueFalse, &answers(&[("q", "N"), ("a", "maybe")])).is_err());
    }
}
