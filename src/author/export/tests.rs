use super::*;
use crate::author::append::{DeckMeta, append_cards};
use crate::author::import::{self, Options};
use crate::author::template::deck_text;
use crate::author::validate;
use crate::deck::{Card, Kind};

/// The example deck and the `new` template together: every kind, accept maps, units, hints.
fn decks() -> Vec<(String, String)> {
    let example = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/decks/example.toml")).to_string();
    let extra = r#"[deck]
id = "extra"
title = "Edge cases"
sources = [{ id = "s", title = "S" }]

[[card]]
id = "one-gap"
cloze = "{{Shanghai|Shang-hai::city}}, the city, hosts {it} = \"yes\"; 50% ~ #1: ok"
hint = "Think of the river."
tags = ["a b", "c"]
source = "s"
draft = true

[[card]]
id = "flash"
front = "Front\nwith two lines"
back = "Back"
explain = "Why -> because"

[[card]]
id = "num"
q = "Speed?"
a = 0.25
tolerance = 0.05
unit = "km/s"
"#;
    vec![
        ("example.toml".into(), example),
        ("template.toml".into(), deck_text("tpl", "Template")),
        ("extra.toml".into(), extra.to_string()),
    ]
}

/// What a round trip must keep of a card.
type Key = (
    String,
    Kind,
    String,
    Answer,
    Vec<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn key(c: &Card) -> Key {
    (
        c.id.clone(),
        c.kind,
        c.prompt.clone(),
        c.answer.clone(),
        c.tags.clone(),
        c.source_ids().first().cloned(),
        c.explain.clone(),
        c.hint.clone(),
    )
}

/// Exports, imports the result into a fresh deck, and returns (original, round-tripped) cards.
fn round_trip(name: &str, text: &str, out: Format, back: import::Format) -> (Vec<Card>, Vec<Card>, Exported) {
    let deck = validate(name, text).unwrap();
    let notes = notes_of(&deck, text);
    let ex = export(&notes, out);
    let got = import::import_text(&ex.text, &Options::new(back));
    assert!(got.problems.is_empty(), "{name}: {:?}\n{}", got.problems, ex.text);
    let meta = DeckMeta {
        id: deck.id.clone(),
        title: deck.title.clone(),
    };
    let appended = append_cards("rt.toml", None, &meta, &deck.sources, &got.cards).unwrap();
    let again = validate("rt.toml", &appended.text).unwrap();
    (deck.cards, again.cards, ex)
}

#[test]
fn csv_round_trips_every_kind() {
    for (name, text) in decks() {
        let (a, b, _) = round_trip(&name, &text, Format::Csv, import::Format::Csv);
        let a: Vec<_> = a.iter().map(key).collect();
        let b: Vec<_> = b.iter().map(key).collect();
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn anki_round_trips_flashcards_and_cloze() {
    for (name, text) in decks() {
        let (a, b, ex) = round_trip(&name, &text, Format::AnkiTxt, import::Format::Anki);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.id, y.id);
            let anki_tags: Vec<String> = x.tags.iter().map(|t| t.replace(' ', "_")).collect();
            assert_eq!(anki_tags, y.tags);
            match x.kind {
                Kind::Flashcard | Kind::Cloze => {
                    assert_eq!((&x.prompt, &x.answer), (&y.prompt, &y.answer), "{name}")
                }
                // Typed answers without alternatives travel as "Basic (type in the answer)".
                Kind::Text if matches!(&x.answer, crate::deck::Answer::Text(a) if a.accept.is_empty()) => {
                    assert_eq!((&x.prompt, &x.answer), (&y.prompt, &y.answer), "{name}")
                }
                _ => {
                    assert_eq!(y.kind, Kind::Flashcard);
                    assert!(ex.approximated.iter().any(|(id, _)| *id == x.id));
                }
            }
        }
    }
}

#[test]
fn gift_round_trips_what_it_can_carry() {
    for (name, text) in decks() {
        let (a, b, ex) = round_trip(&name, &text, Format::Gift, import::Format::Gift);
        let carried: Vec<_> = a
            .iter()
            .filter(|c| !ex.skipped.iter().any(|(id, _)| *id == c.note_id))
            .map(key)
            .collect();
        let b: Vec<_> = b.iter().map(key).collect();
        assert_eq!(carried, b, "{name}\n{}", ex.text);
        for (id, why) in &ex.skipped {
            let c = a.iter().find(|c| c.note_id == *id).unwrap();
            assert!(
                matches!(c.kind, Kind::List | Kind::Order | Kind::Cloze),
                "{id}: {why}"
            );
        }
    }
}

#[test]
fn csv_quotes_what_needs_it() {
    let mut c = NewCard::text("Say \"hi\", twice", "hi\nhi");
    c.id = Some("x".into());
    let ex = export(&[c], Format::Csv);
    assert_eq!(
        ex.text,
        "id,kind,q,a\nx,text,\"Say \"\"hi\"\", twice\",\"hi\nhi\"\n"
    );
}

#[test]
fn gift_carries_credit_feedback_distractors_and_tolerance() {
    use crate::deck::Graded;
    let graded = |text: &str, credit: f64, feedback: Option<&str>| Graded {
        text: text.into(),
        credit,
        feedback: feedback.map(str::to_string),
    };
    let mut text = NewCard::text("Which amphibian says ribbit?", "Frog");
    text.id = Some("ribbit".into());
    text.graded = vec![
        graded("Frog", 1.0, Some("Yes.")),
        graded("Toad", 0.5, Some("Close.")),
    ];
    let mut choice = NewCard::new(Body::Plain {
        prompt: "Largest city?".into(),
        answer: Answer::Choice {
            choices: vec!["Paris".into(), "Lyon".into(), "Marseille".into()],
            correct: vec![0],
        },
    });
    choice.id = Some("city".into());
    choice.graded = vec![
        graded("Lyon", -0.25, Some("Third.")),
        graded("Marseille", 0.5, None),
    ];
    choice.origin = Some("gift:Question 7".into());
    let mut pairs = NewCard::new(Body::Plain {
        prompt: "Match.".into(),
        answer: Answer::Match(vec![("Cat".into(), "Meow".into())]),
    });
    pairs.id = Some("sounds".into());
    pairs.distractors = vec!["Quack".into()];
    pairs.strict = true;
    let mut num = NewCard::new(Body::Plain {
        prompt: "How many?".into(),
        answer: Answer::Number {
            value: 3.0,
            tolerance: 2.0,
            unit: None,
        },
    });
    num.id = Some("n".into());
    let ex = export(&[text, choice, pairs, num], Format::Gift);
    assert_eq!(
        ex.text,
        "::ribbit::Which amphibian says ribbit?{=Frog#Yes. =%50%Toad#Close.}\n\n\
         // [id:city]\n::Question 7::Largest city?{=Paris ~%-25%Lyon#Third. ~%50%Marseille}\n\n\
         // deckard: strict=true\n::sounds::Match.{=Cat -> Meow = -> Quack}\n\n\
         ::n::How many?{#3:2}\n\n"
    );
    // `strict` travels in a comment Moodle ignores: nothing is lost.
    assert!(ex.report().is_empty(), "{:?}", ex.report());
    // And back: the same cards.
    let got = import::import_text(&ex.text, &Options::new(import::Format::Gift));
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(got.cards[0].graded.len(), 2);
    assert_eq!(got.cards[1].id.as_deref(), Some("city"));
    assert_eq!(got.cards[1].origin.as_deref(), Some("gift:Question 7"));
    assert_eq!(got.cards[1].graded.len(), 2);
    assert_eq!(got.cards[2].distractors, ["Quack"]);
    assert!(got.cards[2].strict);
}
