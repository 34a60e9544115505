//! Quizlet's export: `term<term-sep>definition`, cards separated by `<card-sep>` (by default a
//! tab and a newline; Quizlet lets the user choose both). Cards become flashcards, each keyed by
//! its term (`origin = "quizlet:<term>"`) so that importing the set again updates them.
//!
//! Quizlet wraps a term or definition holding a comma in double quotes (`"Haus, das"`); the
//! quotes are not part of the text.

use super::{Imported, line_of};
use crate::author::NewCard;

/// Imports a Quizlet export.
pub fn import(text: &str, term_sep: &str, card_sep: &str) -> Imported {
    let mut out = Imported::default();
    if term_sep.is_empty() || card_sep.is_empty() {
        out.problem(1, "the term and card separators cannot be empty");
        return out;
    }
    let mut offset = 0;
    for chunk in text.split(card_sep) {
        let start = offset + (chunk.len() - chunk.trim_start().len());
        offset += chunk.len() + card_sep.len();
        let chunk = chunk.trim_matches(['\r', '\n', ' ']);
        if chunk.is_empty() {
            continue;
        }
        let line = line_of(text, start);
        let Some((term, definition)) = split_term(chunk, term_sep) else {
            out.problem(line, format!("no term separator {term_sep:?} in this card"));
            continue;
        };
        let (term, definition) = (unquote(term), unquote(definition));
        if term.is_empty() || definition.is_empty() {
            out.problem(line, "the term or the definition is empty");
            continue;
        }
        super::keyed(
            &mut out,
            line,
            NewCard::flashcard(term, definition),
            term,
            "quizlet",
        );
    }
    out
}

/// Splits a card at the term separator, after a term in double quotes when it starts with
/// one (so that a comma separator does not split `"Haus, das",house`).
fn split_term<'a>(chunk: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    if chunk.starts_with('"')
        && let Some(end) = chunk[1..].find(&format!("\"{sep}"))
    {
        let at = 1 + end + 1;
        return Some((&chunk[..at], &chunk[at + sep.len()..]));
    }
    chunk.split_once(sep)
}

/// The text without the double quotes around it (when no other quote is inside it).
fn unquote(s: &str) -> &str {
    let t = s.trim();
    match t.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner.trim(),
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::Body;
    use crate::deck::Answer;

    #[test]
    fn default_and_custom_separators() {
        let got = import("dog\tHund\ncat\tKatze\n\nbad line\n", "\t", "\n");
        assert_eq!(got.cards.len(), 2);
        assert_eq!(got.problems.len(), 1);
        assert_eq!(got.problems[0].line, 4);
        let got = import("Paris - capital\nof France;;Rome - capital of Italy", " - ", ";;");
        assert_eq!(got.cards.len(), 2);
        let Body::Plain {
            prompt,
            answer: Answer::Flashcard { back },
        } = &got.cards[0].body
        else {
            panic!()
        };
        assert_eq!((prompt.as_str(), back.as_str()), ("Paris", "capital\nof France"));
        let got = import(
            "\"Haus, das\"\t\"house, the\"\nSchuh\tshoe\nSchuh\tboot\n",
            "\t",
            "\n",
        );
        assert_eq!(got.cards.len(), 3);
        assert_eq!(
            got.cards[0].body,
            NewCard::flashcard("Haus, das", "house, the").body
        );
        assert_eq!(got.cards[0].origin.as_deref(), Some("quizlet:Haus, das"));
        // A term used twice keys only its first card.
        assert_eq!(got.cards[2].origin, None);
        assert!(
            got.problems[0].partial && got.problems[0].line == 3,
            "{:?}",
            got.problems
        );
        let got = import("\"Hund, der\",dog;;laufen,\"to run, to walk\"", ",", ";;");
        assert_eq!(got.cards[0].body, NewCard::flashcard("Hund, der", "dog").body);
        assert_eq!(
            got.cards[1].body,
            NewCard::flashcard("laufen", "to run, to walk").body
        );
        let got = import("a\tb;c\t;d\te", "\t", ";");
        assert_eq!(got.cards.len(), 2);
        assert_eq!(got.problems[0].message, "the term or the definition is empty");
    }
}
