//! What a card tells the judge about reading its answer, beyond the answer itself: whether
//! typos are forgiven (not for names: the deck's `strict = true`, or — a heuristic for decks
//! that do not say — an answer written as a name to a question asking "who", "whom" or
//! "whose"), and which
//! bounds a number may be given with (`more than 120` when the question or unit says "more than").

use super::number::{Qualifier, qualifier_in};
use crate::deck::{Answer, Card};

/// The card-level reading rules of one card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// Only an exact or listed answer is right: no typo tolerance (the deck's `strict`).
    pub strict: bool,
    /// The question asks for a person ("who"): answers written as names take no typos.
    pub person: bool,
    /// The bound the question or unit speaks of: a number given with it is read as the number.
    pub qualifier: Option<Qualifier>,
}

/// Question words that ask for a person: their answers are names, which are exact.
const PERSON_WORDS: [&str; 3] = ["who", "whom", "whose"];

impl Rules {
    /// The rules of `card`: strict when the card says so or its question asks "who"; the
    /// qualifier its question or unit speaks of.
    pub fn of(card: &Card) -> Rules {
        let words = super::normalize::words(&card.prompt);
        let asks_person = words.iter().any(|w| PERSON_WORDS.contains(&w.as_str()));
        let unit = match &card.answer {
            Answer::Number { unit, .. } => unit.as_deref(),
            _ => None,
        };
        Rules {
            strict: card.strict,
            person: asks_person,
            qualifier: qualifier_in(&card.prompt).or_else(|| unit.and_then(qualifier_in)),
        }
    }
}

/// True when `raw` is written as an acronym: two or more letters and digits, the letters all
/// capitals (`CSCOIET`, `SCO`, `G20`, `U.S.`). Acronyms are compared exactly: one letter off is
/// another name.
pub fn is_acronym(raw: &str) -> bool {
    let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
    raw.chars().filter(|c| c.is_alphanumeric()).count() >= 2
        && !letters.is_empty()
        && letters.iter().all(|c| c.is_uppercase())
        && raw
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '&' | ' '))
}

/// True when `raw` is written as a person's name: one to four words, each capitalised and made
/// of letters (`Zhang Ming`, `Vladimir Norov`, `O'Neill`), or two to four Chinese characters
/// (`张明`). An organisation answering a "who" question (`the Secretariat`) is not one.
pub fn looks_like_name(raw: &str) -> bool {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    if words.len() == 1 && raw.chars().all(cjk) {
        return (2..=4).contains(&raw.chars().count());
    }
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.' | '’'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_capitalised_words() {
        for n in [
            "Zhang Ming",
            "Norov",
            "Vladimir Norov",
            "O'Neill",
            "张明",
            "Jean-Luc Picard",
        ] {
            assert!(looks_like_name(n), "{n}");
        }
        for n in [
            "the Secretariat",
            "Shanghai Cooperation Organisation of Asian States",
            "G20",
            "张",
            "1999",
        ] {
            assert!(!looks_like_name(n), "{n}");
        }
    }

    #[test]
    fn acronyms_are_all_capitals() {
        for a in ["CSCOIET", "SCO", "G20", "U.S.", "RATS"] {
            assert!(is_acronym(a), "{a}");
        }
        for a in [
            "Tashkent",
            "Zhang Ming",
            "X",
            "iPhone",
            "Shanghai Cooperation Organisation",
            "塔什干",
        ] {
            assert!(!is_acronym(a), "{a}");
        }
    }
}
