//! `deckard new`: a starting deck file with a commented example of every card kind.

use std::path::Path;

use super::format::quote;
use super::{AuthorError, ids};

const TEMPLATE: &str = r#"# A deckard deck. `deckard check FILE` validates it; `deckard --decks FILE study` studies it.
# Every [[card]] needs an `id` that stays the same when you edit the card: progress is keyed
# by it. `deckard fmt FILE` adds missing ids and tidies the layout; `deckard add FILE` appends
# cards interactively. Replace the examples below with your own cards.

[deck]
id = {ID}
title = {TITLE}
description = "What this deck is about."
language = "en"
tags = []
# Documents the cards are drawn from; a card names one with `source = "…"`.
sources = [{ id = "notes", title = "My notes" }]

# flashcard: self-graded; Enter shows the back, then you rate yourself.
[[card]]
id = "example-flashcard"
front = "What does a flashcard show first?"
back = "Its front; the back is shown when you are ready."

# text (typed answer): a string `a`; `accept` lists other answers that are just as right.
[[card]]
id = "example-text"
q = "What is the capital of Australia?"
a = "Canberra"
accept = ["Canberra, ACT"]
source = "notes"
hint = "Not Sydney."
explain = "Canberra was chosen as a compromise between Sydney and Melbourne."

# truefalse: a boolean `a` (no quotes).
[[card]]
id = "example-truefalse"
q = "True or false: the Pacific is the largest ocean."
a = true

# choice: `a` repeats the right one of the `choices` (an array when several are right).
[[card]]
id = "example-choice"
q = "Which of these are primary colours of light?"
a = ["Red", "Blue"]
choices = ["Red", "Yellow", "Blue", "Brown"]

# number: a numeric `a`; `tolerance` and `unit` are optional.
[[card]]
id = "example-number"
q = "How high is Mount Everest?"
a = 8849
tolerance = 10
unit = "m"

# list: an array `a`, in any order unless `ordered = true`; `accept` maps items to alternatives.
[[card]]
id = "example-list"
q = "Name the three primary colours of light."
a = ["red", "green", "blue"]
accept = { "red" = ["r"] }

# cloze: each {{gap}} becomes its own card; {{answer|alternative::hint}}.
[[card]]
id = "example-cloze"
cloze = "Water boils at {{100|one hundred::number}} degrees Celsius at {{sea level}}."

# order: `items` in the right sequence; they are shown shuffled.
[[card]]
id = "example-order"
q = "Put these planets in order from the Sun."
items = ["Mercury", "Venus", "Earth", "Mars"]

# match: `pairs` of [left, right]; the right side is shown shuffled.
[[card]]
id = "example-match"
q = "Match each country to its capital."
pairs = [["France", "Paris"], ["Japan", "Tokyo"], ["Kenya", "Nairobi"]]
tags = ["geography"]
"#;

/// The text of a new deck with the given id and title.
pub fn deck_text(id: &str, title: &str) -> String {
    TEMPLATE
        .replace("{ID}", &quote(id))
        .replace("{TITLE}", &quote(title))
}

/// Writes a new deck file; refuses to overwrite an existing file. `id` defaults to a slug of
/// the file name and `title` to the file name.
pub fn create(path: &Path, title: Option<&str>, id: Option<&str>) -> Result<String, AuthorError> {
    let meta = super::append::DeckMeta::from_path(path);
    let id = id.map(str::to_string).unwrap_or(meta.id);
    if !ids::is_valid(&id) {
        return Err(AuthorError::Field(format!(
            "invalid deck id `{}`: use letters, digits, `-`, `_` and `.`",
            crate::sanitize::escape(&id)
        )));
    }
    let title = title.map(str::to_string).unwrap_or(meta.title);
    let text = deck_text(&id, &title);
    super::validate(&path.display().to_string(), &text)?;
    // Whole or not at all: a failed write leaves no empty deck behind.
    crate::fsio::write_new(path, text.as_bytes()).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => AuthorError::Exists(path.to_path_buf()),
        _ => AuthorError::io(path, e),
    })?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Kind, Severity};

    #[test]
    fn template_is_a_valid_deck_with_every_kind() {
        let text = deck_text("my-deck", "A \"quoted\" title");
        let (deck, diags) = crate::deck::parse_deck(crate::deck::Origin::Bundled("t".into()), &text);
        assert!(diags.iter().all(|d| d.severity != Severity::Error), "{diags:?}");
        let deck = deck.unwrap();
        assert_eq!(deck.title, "A \"quoted\" title");
        for k in Kind::ALL {
            assert!(deck.cards.iter().any(|c| c.kind == k), "no {k:?} card");
        }
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn template_is_already_formatted() {
        let text = deck_text("d", "T");
        assert_eq!(crate::author::format::format_text("t", &text).unwrap(), text);
    }
}
