use super::*;

const MESSY: &str = r#"# Deck header comment

[deck]
title='Messy'   # trailing
id  =  "messy"
sources = [ { title = "Doc", id = "doc" } ]



  # about the first card
[[card]]
a='Paris'
# the question
q =   'Capital of France?'
tags=[ "geo","europe" ]
accept = [ 'paris' ]
[[card]]
cloze = "Water boils at {{100}} degrees."
explain = """
Two
lines"""
[[card]]
q = "Founders?"
a = ["China", "Russia"]
accept = { Russia = ["Russian Federation"] }
choices_typo = 1
[[card]]
id = "long"
q = "Pick"
choices = ["a very long choice number one", "a very long choice number two", "a very long choice three"]
a = "a very long choice three"
[[card]]
id = "commented"
q = "Order"
items = [
  "one", # first
  "two",
]
# trailing comment at the end
"#;

#[test]
fn messy_deck_gets_canonical_layout() {
    let out = format_text("m.toml", MESSY).unwrap();
    let expected = r#"# Deck header comment

[deck]
id = "messy"
title = "Messy" # trailing
sources = [{ id = "doc", title = "Doc" }]

# about the first card
[[card]]
id = "capital-france"
# the question
q = "Capital of France?"
a = "Paris"
accept = ["paris"]
tags = ["geo", "europe"]

[[card]]
id = "water-boils-100-degrees"
cloze = "Water boils at {{100}} degrees."
explain = """
Two
lines"""

[[card]]
id = "founders"
q = "Founders?"
a = ["China", "Russia"]
accept = { "Russia" = ["Russian Federation"] }
choices_typo = 1

[[card]]
id = "long"
q = "Pick"
a = "a very long choice three"
choices = [
  "a very long choice number one",
  "a very long choice number two",
  "a very long choice three",
]

[[card]]
id = "commented"
q = "Order"
items = [
  "one", # first
  "two",
]

# trailing comment at the end
"#;
    assert_eq!(out, expected);
}

#[test]
fn formatting_is_idempotent() {
    let once = format_text("m.toml", MESSY).unwrap();
    assert_eq!(format_text("m.toml", &once).unwrap(), once);
    for (name, text) in crate::deck::bundled_files() {
        let once = format_text(name, text).unwrap();
        assert_eq!(format_text(name, &once).unwrap(), once, "{name}");
    }
}

#[test]
fn formatting_keeps_the_deck_meaning() {
    for (name, text) in crate::deck::bundled_files() {
        let out = format_text(name, text).unwrap();
        let a = crate::author::validate(name, text).unwrap();
        let b = crate::author::validate(name, &out).unwrap();
        assert_eq!(a.cards.len(), b.cards.len());
        for (x, y) in a.cards.iter().zip(&b.cards) {
            assert_eq!(
                (&x.id, &x.prompt, &x.answer, &x.tags),
                (&y.id, &y.prompt, &y.answer, &y.tags)
            );
        }
        assert_eq!(a.sources, b.sources);
    }
}

#[test]
fn strings_are_escaped() {
    assert_eq!(quote("a \"b\" \\ c\td\u{1}"), "\"a \\\"b\\\" \\\\ c\\td\\u0001\"");
    assert_eq!(quote("a\u{202e}b"), "\"a\\u202Eb\"");
    let out = format_text("x", "[deck]\nid = 'x'\ntitle = 'C:\\path \"q\"'\n").unwrap();
    assert_eq!(out, "[deck]\nid = \"x\"\ntitle = \"C:\\\\path \\\"q\\\"\"\n");
}

#[test]
fn syntax_errors_have_positions() {
    let e = format_text("bad.toml", "[deck]\nid = \"x\"\ntitle = \n").unwrap_err();
    assert!(matches!(e, AuthorError::Toml { line: 3, .. }), "{e}");
}

/// Every v2 field, written out of order and loosely, as an author might.
const MESSY_V2: &str = r#"[deck]
sources = [{ title = "World Atlas", id = "atlas" }, { id = "annals", title = "Annals" }]
position=3
title = "V2"
id = "v2"

[[card]]
renamed_from = [ "old-capital" ]
origin='anki:1'
note = "france"
sources = [ "atlas","annals" ]
accept = [ "Paree", { feedback = "the Roman name", credit = 0.5, text = "Lutetia" } ]
a = "Paris"
q = "Capital of France?"
id = "capital"
[[card]]
strict=true
a = "NATO"
q = "Acronym?"
note = "france"
id = "nato"
[[card]]
choices = [ "Paris", { text = "Lyon", credit = -0.25 } ]
a = "Paris"
q = "Largest city?"
id = "city"
[[card]]
distractors = [ "Lyon" ]
pairs = [ [ "France", "Paris" ], [ "Italy", "Rome" ] ]
q = "Match"
id = "m"
"#;

#[test]
fn a_v2_deck_round_trips_in_canonical_layout() {
    let once = format_text("v2.toml", MESSY_V2).unwrap();
    assert_eq!(
        once,
        r#"[deck]
id = "v2"
title = "V2"
position = 3
sources = [{ id = "atlas", title = "World Atlas" }, { id = "annals", title = "Annals" }]

[[card]]
id = "capital"
q = "Capital of France?"
a = "Paris"
accept = ["Paree", { text = "Lutetia", credit = 0.5, feedback = "the Roman name" }]
sources = ["atlas", "annals"]
note = "france"
origin = "anki:1"
renamed_from = ["old-capital"]

[[card]]
id = "nato"
q = "Acronym?"
a = "NATO"
strict = true
note = "france"

[[card]]
id = "city"
q = "Largest city?"
a = "Paris"
choices = ["Paris", { text = "Lyon", credit = -0.25 }]

[[card]]
id = "m"
q = "Match"
pairs = [["France", "Paris"], ["Italy", "Rome"]]
distractors = ["Lyon"]
"#
    );
    assert_eq!(format_text("v2.toml", &once).unwrap(), once);
    // The meaning is kept field by field, and the test deck is already in canonical layout.
    let parse = |t: &str| crate::deck::parse_deck(crate::deck::Origin::Bundled("v2.toml".into()), t);
    let (a, da) = parse(MESSY_V2);
    let (b, db) = parse(&once);
    assert!(da.is_empty() && db.is_empty(), "{da:?} {db:?}");
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.position, &a.sources), (b.position, &b.sources));
    // Cards move in the file, so positions differ; everything else is the same.
    let unplaced = |d: &crate::deck::Deck| -> Vec<crate::deck::Card> {
        d.cards
            .iter()
            .map(|c| crate::deck::Card {
                pos: Default::default(),
                ..c.clone()
            })
            .collect()
    };
    assert_eq!(unplaced(&a), unplaced(&b));
    let test_deck = include_str!("../../../tests/decks/v2.toml");
    assert_eq!(format_text("v2.toml", test_deck).unwrap(), test_deck);
}
