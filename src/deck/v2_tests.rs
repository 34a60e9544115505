//! Unit tests of the deck format v2 fields: the test deck loads clean with every value in
//! place, and each error is reported at its value's line:col.

use super::*;

fn parse(text: &str) -> (Option<Deck>, Vec<Diagnostic>) {
    parse_deck(Origin::Bundled("t.toml".into()), text)
}

/// Every problem as `line:col severity message`.
fn problems(text: &str) -> Vec<String> {
    parse(text)
        .1
        .into_iter()
        .map(|d| {
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!("{}:{} {sev} {}", d.pos.line, d.pos.col, d.message)
        })
        .collect()
}

const HEAD: &str = "[deck]\nid = \"t\"\ntitle = \"T\"\nsources = [{ id = \"atlas\", title = \"A\" }, { id = \"annals\", title = \"B\" }]\n";

const V2: &str = include_str!("../../tests/decks/v2.toml");

fn v2() -> Deck {
    let (deck, diags) = parse_deck(Origin::Bundled("v2.toml".into()), V2);
    assert!(diags.is_empty(), "{diags:?}");
    deck.expect("the v2 test deck loads")
}

#[test]
fn the_v2_test_deck_loads_clean_with_every_field() {
    let deck = v2();
    assert_eq!(deck.position, Some(2));
    let capital = deck.card("capital").unwrap();
    assert_eq!(capital.source_ids(), ["atlas", "annals"]);
    let titles: Vec<&str> = deck.sources_of(capital).map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["World Atlas", "Annals of Rome"]);
    assert_eq!(capital.note.as_deref(), Some("france"));
    assert_eq!(capital.origin.as_deref(), Some("anki:1700000000001"));
    assert_eq!(capital.renamed_from, ["france-capital", "capital-city"]);
    assert!(!capital.strict);
    // Full-credit entries are alternatives; the others are only graded.
    assert_eq!(
        capital.answer,
        Answer::Text(Alternatives {
            answer: "Paris".into(),
            accept: vec!["Paree".into()],
        })
    );
    assert_eq!(
        capital.graded,
        vec![
            Graded {
                text: "Lutetia".into(),
                credit: 0.5,
                feedback: Some("the Roman name".into()),
            },
            Graded {
                text: "Lyon".into(),
                credit: -0.25,
                feedback: Some("Lyon is the third city".into()),
            },
        ]
    );
    let river = deck.card("france-river").unwrap();
    assert_eq!(river.source_ids(), ["atlas"]);
    assert_eq!(river.sibling_key(), capital.sibling_key());
    assert!(deck.card("nato").unwrap().strict);
    let city = deck.card("largest-city").unwrap();
    assert_eq!(
        city.answer,
        Answer::Choice {
            choices: vec!["Paris".into(), "Lyon".into(), "Marseille".into()],
            correct: vec![0],
        }
    );
    assert_eq!(city.graded_for("Lyon").map(|g| g.credit), Some(-0.25));
    assert_eq!(city.graded_for("Marseille").map(|g| g.credit), Some(0.5));
    assert_eq!(deck.card("capitals").unwrap().distractors, ["Lyon", "Milan"]);
    let gap = deck.card("rome.1").unwrap();
    assert!(gap.strict);
    assert_eq!(gap.renamed_from, ["rome-hill.1"]);
    assert_eq!(gap.sibling_key(), deck.card("rome-river").unwrap().sibling_key());
    assert_ne!(gap.sibling_key(), capital.sibling_key());
}

#[test]
fn renames_map_old_keys_to_new_ones() {
    let lib = Library::new(vec![v2()], Vec::new());
    let r = lib.renames();
    assert_eq!(r.len(), 3);
    assert_eq!(r["v2/france-capital"], "v2/capital");
    assert_eq!(r["v2/capital-city"], "v2/capital");
    assert_eq!(r["v2/rome-hill.1"], "v2/rome.1");
}

#[test]
fn decks_are_in_position_order_then_by_id() {
    let dir = std::env::temp_dir().join(format!("deckard-position-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (file, id, pos) in [
        ("a.toml", "zeta", Some(1)),
        ("b.toml", "alpha", None),
        ("c.toml", "beta", Some(1)),
        ("d.toml", "gamma", Some(-3)),
        ("e.toml", "aardvark", None),
    ] {
        let pos = pos.map(|p| format!("position = {p}\n")).unwrap_or_default();
        let text = format!(
            "[deck]\nid = \"{id}\"\ntitle = \"T\"\n{pos}[[card]]\nid = \"c\"\nq = \"Q\"\na = \"x\"\n"
        );
        std::fs::write(dir.join(file), text).unwrap();
    }
    let lib = load_paths(std::slice::from_ref(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    let ids: Vec<&str> = lib.decks.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["gamma", "beta", "zeta", "aardvark", "alpha"]);
}

#[test]
fn position_must_be_an_integer() {
    let text =
        "[deck]\nid = \"t\"\ntitle = \"T\"\nposition = \"1\"\n[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\n";
    assert_eq!(
        problems(text),
        ["4:12 error `position` must be an integer, found a string"]
    );
}

#[test]
fn card_sources_are_checked_element_by_element() {
    let text =
        format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nsources = [\"atlas\", \"atlsa\"]\n");
    assert_eq!(
        problems(&text),
        ["9:21 error source `atlsa` is not among the deck's sources"]
    );
    let d = parse(&text).1;
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `atlas`?"));
    let both = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nsource = \"atlas\"\nsources = [\"annals\"]\n"
    );
    assert_eq!(
        problems(&both),
        ["10:11 error a card has both `source` and `sources`"]
    );
    let twice =
        format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nsources = [\"atlas\", \"atlas\"]\n");
    assert_eq!(problems(&twice), ["9:21 error source `atlas` is named twice"]);
    let empty = format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nsources = []\n");
    assert_eq!(problems(&empty), ["9:11 error `sources` is empty"]);
}

#[test]
fn duplicate_origins_name_the_first() {
    let text = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\norigin = \"k1\"\n[[card]]\nid = \"b\"\nq = \"Q\"\na = \"y\"\norigin = \"k1\"\n"
    );
    assert_eq!(
        problems(&text),
        ["14:10 error duplicate origin `k1` (first used at <bundled>/t.toml:9:10)"]
    );
}

#[test]
fn a_note_no_other_card_shares_is_a_warning() {
    let text = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nnote = \"n1\"\n[[card]]\nid = \"b\"\nq = \"Q\"\na = \"y\"\nnote = \"n2\"\n"
    );
    assert_eq!(
        problems(&text),
        [
            "9:8 warning no other card has note `n1`",
            "14:8 warning no other card has note `n2`"
        ]
    );
    let empty = format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nnote = \" \"\n");
    assert_eq!(problems(&empty), ["9:8 error `note` is empty"]);
}

#[test]
fn strict_on_a_kind_it_does_not_change_is_a_warning() {
    let text = format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = 3\nstrict = true\n");
    assert_eq!(
        problems(&text),
        ["9:10 warning `strict` has no effect on a number card"]
    );
    let text = format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nstrict = \"yes\"\n");
    assert_eq!(
        problems(&text),
        ["9:10 error `strict` must be true or false, found a string"]
    );
}

#[test]
fn credit_is_checked_at_its_value() {
    let out_of_range = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\naccept = [{{ text = \"y\", credit = 1.5 }}]\n"
    );
    assert_eq!(
        problems(&out_of_range),
        ["9:34 error `credit` is 1.5; it must be between -1 and 1"]
    );
    let unknown = format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\naccept = [{{ txt = \"y\" }}]\n");
    let p = problems(&unknown);
    assert_eq!(
        p,
        [
            "9:11 error an entry of `accept` is missing the required field `text`",
            "9:13 error unknown field `txt` in an entry of `accept`"
        ]
    );
    let own = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\naccept = [{{ text = \"x\", credit = 0.5 }}]\n"
    );
    assert_eq!(
        problems(&own),
        ["9:34 error `x` is the answer itself: its credit is 1"]
    );
    let right_choice = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\nchoices = [{{ text = \"x\", credit = 0.5 }}, \"y\"]\na = \"x\"\n"
    );
    assert_eq!(
        problems(&right_choice),
        ["8:35 error `x` is a right answer: its credit is 1"]
    );
    let full_wrong = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\nchoices = [\"x\", {{ text = \"y\", credit = 1 }}]\na = \"x\"\n"
    );
    assert_eq!(
        problems(&full_wrong),
        ["8:40 error credit 1 makes `y` a right answer"]
    );
}

#[test]
fn distractors_may_not_be_right_sides() {
    let text = format!(
        "{HEAD}[[card]]\nid = \"m\"\nq = \"Q\"\npairs = [[\"a\", \"1\"], [\"b\", \"2\"], [\"c\", \"Bee\"]]\ndistractors = [\"3\", \"2\", \"3\", \"bee!\"]\n"
    );
    assert_eq!(
        problems(&text),
        [
            "9:21 error distractor `2` is also the right side of a pair",
            "9:26 error `3` appears twice in distractors",
            "9:31 error distractor `bee!` is also the right side of a pair",
        ]
    );
    let elsewhere = format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\ndistractors = [\"y\"]\n");
    assert_eq!(
        problems(&elsewhere),
        ["9:1 warning `distractors` has no effect on a text card"]
    );
}

#[test]
fn renamed_ids_must_be_free_and_claimed_once() {
    let text = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nrenamed_from = [\"b\", \"old\"]\n[[card]]\nid = \"b\"\nq = \"Q\"\na = \"y\"\nrenamed_from = [\"old\", \"bad id\"]\n"
    );
    assert_eq!(
        problems(&text),
        [
            "9:17 error `b` is the id of a card in this deck (at <bundled>/t.toml:11:6); it cannot be a former id",
            "14:17 error `old` is already claimed by card `a` (at <bundled>/t.toml:9:22)",
            "14:24 error invalid id `bad id`",
        ]
    );
}

#[test]
fn a_v2_deck_exports_in_every_format() {
    use crate::author::export::{Format, export, notes_of};
    let deck = v2();
    let notes = notes_of(&deck, V2);
    // Six plain cards and one cloze note.
    assert_eq!(notes.len(), 7);
    // A card drawing on several documents exports its first.
    assert_eq!(notes[0].source.as_deref(), Some("atlas"));
    for format in [Format::Csv, Format::AnkiTxt, Format::Gift] {
        let out = export(&notes, format);
        assert!(out.text.contains("What is the capital of France?"), "{format:?}");
    }
    let csv = export(&notes, Format::Csv).text;
    assert!(csv.contains("Paree"), "{csv}");
}
