//! Quality bars for the bundled SCO decks (issue 16): answers are not given away by the shape
//! of a card, no fact is asked twice outside a declared note, and every source date says how
//! it was read from its document.

use std::collections::HashSet;

use super::{Answer, Card, Deck, bundled_files, load_bundled};
use crate::answer::normalize::{key, words};

/// Words that say nothing about what a prompt asks: function words, question words, the
/// "true or false" lead-in and the organization's own name, which nearly every prompt carries.
const STOP_WORDS: &str = "a about according after all also an and any are as at be been before \
    between by did do does each false for from had has have how in into is it its many much name \
    not of on one or sco shanghai cooperation organization says than that the their these this \
    those to true was were what when where which who whom with";

fn cards() -> Vec<(Deck, Card)> {
    let lib = load_bundled();
    assert!(!lib.has_errors(), "{:?}", lib.diagnostics);
    lib.decks
        .iter()
        .flat_map(|d| d.cards.iter().map(move |c| (d.clone(), c.clone())))
        .collect()
}

#[test]
fn at_least_two_fifths_of_true_false_answers_are_false() {
    let answers: Vec<bool> = cards()
        .iter()
        .filter_map(|(_, c)| match c.answer {
            Answer::TrueFalse(b) => Some(b),
            _ => None,
        })
        .collect();
    let falses = answers.iter().filter(|b| !**b).count();
    assert!(answers.len() >= 10, "only {} true/false cards", answers.len());
    assert!(
        falses * 5 >= answers.len() * 2,
        "{falses} of {} true/false answers are false; want at least 40%",
        answers.len()
    );
}

#[test]
fn no_right_choice_is_more_than_twice_as_long_as_the_longest_distractor() {
    let mut bad = Vec::new();
    for (d, c) in cards() {
        let Answer::Choice { choices, correct } = &c.answer else {
            continue;
        };
        let longest = choices
            .iter()
            .enumerate()
            .filter(|(i, _)| !correct.contains(i))
            .map(|(_, s)| s.chars().count())
            .max()
            .unwrap_or(0);
        for &i in correct {
            let len = choices[i].chars().count();
            if len > 2 * longest {
                bad.push(format!(
                    "{}/{}: {len} chars against {longest}: {}",
                    d.id, c.id, choices[i]
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "right options that stand out by length:\n{}",
        bad.join("\n")
    );
}

/// The right answer as text: for a choice card the right options themselves, not their letters.
fn answer_text(c: &Card) -> String {
    match &c.answer {
        Answer::Choice { choices, correct } => correct
            .iter()
            .map(|&i| choices[i].as_str())
            .collect::<Vec<_>>()
            .join(", "),
        _ => c.canonical(),
    }
}

/// The prompt's words that carry meaning.
fn content_words(prompt: &str) -> HashSet<String> {
    words(prompt)
        .into_iter()
        .filter(|w| !STOP_WORDS.split_whitespace().any(|s| s == w))
        .collect()
}

/// Pairs of cards outside one note (siblings share a deck and a sibling key) that have the same
/// normalized answer and share more than half of the shorter prompt's content words.
fn near_duplicates(all: &[(Deck, Card)]) -> Vec<String> {
    let keyed: Vec<_> = all
        .iter()
        .map(|(d, c)| (d, c, key(&answer_text(c)), content_words(&c.prompt)))
        .collect();
    let mut dups = Vec::new();
    for (i, (da, a, ka, wa)) in keyed.iter().enumerate() {
        for (db, b, kb, wb) in &keyed[i + 1..] {
            let same_note = da.id == db.id && a.sibling_key() == b.sibling_key();
            if same_note || ka != kb {
                continue;
            }
            let shared = wa.intersection(wb).count();
            if shared * 2 > wa.len().min(wb.len()) {
                dups.push(format!(
                    "{}/{} and {}/{} (answer {:?})",
                    da.id,
                    a.id,
                    db.id,
                    b.id,
                    answer_text(a)
                ));
            }
        }
    }
    dups
}

#[test]
fn no_two_cards_outside_one_note_ask_the_same_thing() {
    let dups = near_duplicates(&cards());
    assert!(
        dups.is_empty(),
        "same answer, mostly the same prompt:\n{}",
        dups.join("\n")
    );
}

#[test]
fn near_duplicates_are_found_unless_a_note_joins_them() {
    let deck = |notes: bool| {
        let note = if notes { "note = \"n\"\n" } else { "" };
        let text = format!(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n\
             [[card]]\nid = \"a\"\n{note}q = \"In which city was the SCO founded?\"\na = \"Shanghai\"\n\
             [[card]]\nid = \"b\"\n{note}q = \"In which city was the SCO founded in 2001?\"\na = \"shanghai\"\n\
             [[card]]\nid = \"c\"\nq = \"Which city hosts the SCO Secretariat?\"\na = \"Beijing\"\n"
        );
        let (deck, diags) = super::parse_deck(super::Origin::Bundled("t.toml".into()), &text);
        let deck = deck.unwrap_or_else(|| panic!("{diags:?}"));
        deck.cards
            .iter()
            .map(|c| (deck.clone(), c.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        near_duplicates(&deck(false)),
        ["d/a and d/b (answer \"Shanghai\")"]
    );
    assert!(near_duplicates(&deck(true)).is_empty());
}

/// The part of a TOML line after its first `#` outside a string, if any.
fn comment(line: &str) -> Option<&str> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, ch) in line.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some('"') if ch == '\\' => escaped = true,
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            None if ch == '#' => return Some(&line[i + 1..]),
            None => {}
        }
    }
    None
}

#[test]
fn every_as_of_carries_a_comment_saying_how_the_document_was_dated() {
    let mut seen = 0;
    let mut bad = Vec::new();
    for (name, text) in bundled_files() {
        for (n, line) in text.lines().enumerate() {
            let Some(at) = line.find("as_of") else { continue };
            seen += 1;
            let why = comment(&line[at..]).unwrap_or("");
            if words(why).len() < 4 {
                bad.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(seen > 0, "no as_of in the bundled decks");
    assert!(
        bad.is_empty(),
        "as_of without a dating comment:\n{}",
        bad.join("\n")
    );
}

#[test]
fn comment_reader_skips_hashes_inside_strings() {
    assert_eq!(
        comment(r##"{ title = "No #1", as_of = "2021" }, # dated by its header"##),
        Some(" dated by its header")
    );
    assert_eq!(comment(r##"{ title = "a \"#\" b" }"##), None);
    assert_eq!(comment("as_of = 2019-07-11"), None);
}

#[test]
fn the_study_order_starts_with_founding_and_members_and_ends_with_the_report_and_institute() {
    let lib = load_bundled();
    let mut decks: Vec<_> = lib.decks.iter().map(|d| (d.position, d.id.as_str())).collect();
    assert!(
        decks.iter().all(|(p, _)| p.is_some()),
        "a deck without position: {decks:?}"
    );
    decks.sort();
    let ids: Vec<&str> = decks.iter().map(|(_, id)| *id).collect();
    let n = ids.len();
    assert_eq!(ids[..2], ["sco-founding", "sco-membership"], "{ids:?}");
    assert_eq!(ids[n - 2..], ["sco-assessment", "sco-institute"], "{ids:?}");
    let mut positions: Vec<_> = decks.iter().map(|(p, _)| *p).collect();
    positions.dedup();
    assert_eq!(positions.len(), n, "two decks share a position: {decks:?}");
}
