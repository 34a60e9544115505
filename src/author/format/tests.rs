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
