//! The deck read card by card ([`super::split`]) is the deck read as one TOML tree: the same
//! cards and the same diagnostics at the same places, for every bundled deck, every test deck,
//! hand-made shapes that only the whole file shows, and random edits of a deck.

use proptest::prelude::*;

use super::parse::parse_deck_as;
use super::*;

/// The deck and diagnostics read one way, as text (the model has no `PartialEq`; its debug
/// form shows every field).
fn read(name: &str, text: &str, by_cards: bool) -> String {
    format!("{:#?}", parse_deck_as(Origin::File(name.into()), text, by_cards))
}

/// Whether reading `text` card by card needed the whole-file parse.
fn read_whole(text: &str) -> bool {
    let before = super::parse::WHOLE_PARSES.with(|n| n.get());
    let _ = parse_deck_as(Origin::File("w.toml".into()), text, true);
    super::parse::WHOLE_PARSES.with(|n| n.get()) > before
}

fn both(name: &str, text: &str) {
    assert_eq!(read(name, text, true), read(name, text, false), "{name}");
}

#[test]
fn bundled_and_test_decks_read_the_same_card_by_card() {
    for (name, text) in bundled_files() {
        assert!(!read_whole(text), "{name} is read card by card");
        let (deck, _) = parse_deck_as(Origin::Bundled((*name).into()), text, true);
        assert!(deck.is_some_and(|d| !d.cards.is_empty()), "{name}");
        both(name, text);
    }
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/decks"
    ))];
    let mut files = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                both(
                    &path.display().to_string(),
                    &std::fs::read_to_string(&path).unwrap(),
                );
                files += 1;
            }
        }
    }
    assert!(files >= 12, "{files}");
}

const HEAD: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\nsources = [{ id = \"atlas\", title = \"A\" }]\n";

/// Shapes whose problems span cards or only the whole file shows, each read both ways.
#[test]
fn what_the_whole_file_shows_is_still_found() {
    let card = |id: &str, extra: &str| format!("\n[[card]]\nid = \"{id}\"\nq = \"Q\"\na = \"x\"\n{extra}");
    let cases = [
        // A second [deck], before or after the cards.
        format!("{HEAD}[deck]\nid = \"e\"\n{}", card("a", "")),
        format!("{HEAD}{}[deck]\nid = \"e\"\n", card("a", "")),
        // A key twice in one card, a card id twice, unknown fields at each level.
        format!("{HEAD}{}", card("a", "q = \"again\"\n")),
        format!("{HEAD}{}{}", card("a", ""), card("a", "")),
        format!("{HEAD}colour = 1\n{}", card("a", "colur = \"red\"\n")),
        // `card` both inline and as [[card]] tables.
        format!(
            "card = [{{ id = \"z\", q = \"Q\", a = \"x\" }}]\n{HEAD}{}",
            card("a", "")
        ),
        // (After [deck], `card = 1` is a field of the deck, unknown.)
        format!("{HEAD}card = 1\n{}", card("a", "")),
        // TOML errors in a later card, and one that leaves a string open to the end.
        format!("{HEAD}{}{}", card("a", ""), card("b", "a = \n")),
        format!("{HEAD}{}{}", card("a", ""), card("b", "explain = \"\"\"open\n")),
        // Sub-tables of a card, and a [card] table.
        format!(
            "{HEAD}{}[card.accept]\nx = [\"y\"]\n{}",
            card("a", ""),
            card("b", "")
        ),
        format!("{HEAD}[card]\nid = \"a\"\n"),
        // Notes, origins and renamed ids checked across cards, at their own places.
        format!(
            "{HEAD}{}{}{}{}",
            card("a", "note = \"n1\"\norigin = \"k\"\nrenamed_from = [\"b\"]\n"),
            card("b", "note = \"n2\"\norigin = \"k\"\nsource = \"atlsa\"\n"),
            card(
                "c",
                "renamed_from = [\"old\"]\nsources = [\"atlas\", \"atlas\"]\n"
            ),
            card("d", "renamed_from = [\"old\"]\ndraft = true\n"),
        ),
        // Headers and brackets inside strings and arrays, comments, CRLF line ends.
        format!(
            "{HEAD}{}{}",
            card("a", "explain = \"\"\"\n[[card]]\n[deck]\n\"\"\"\n"),
            card("b", "x = [\n[1],\n]\n# [[card]]\n").replace('\n', "\r\n")
        ),
        "[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\n".to_string(),
        String::new(),
        HEAD.to_string(),
    ];
    let mut whole = Vec::new();
    for (i, text) in cases.iter().enumerate() {
        both(&format!("case{i}.toml"), text);
        if read_whole(text) {
            whole.push(i);
        }
    }
    // TOML errors (a key twice is one), a [deck] after the cards, a `card` key at the top, a
    // [card] table, no [deck] or no cards: read again whole (the empty file is not parsed).
    // The rest, with the errors of cards and across cards, were read card by card.
    assert_eq!(whole, [0, 1, 2, 5, 7, 8, 10, 13, 15]);
    let (_, diags) = parse_deck_as(Origin::File("x".into()), &cases[11], true);
    assert_eq!(diags.len(), 8, "{diags:#?}");
}

/// Pieces of TOML that change a deck's shape when dropped anywhere.
const PIECES: &[&str] = &[
    "[[card]]\n",
    "[deck]\n",
    "[card.x]\n",
    "\"\"\"",
    "'''",
    "\"",
    "[",
    "]",
    "{",
    "}",
    "\n",
    "#",
    "id = \"x\"\n",
    "card = 1\n",
    "q = \"Q\"\n",
    "note = \"n\"\n",
    "a = \n",
    "\r\n",
    "=",
];

fn sample() -> String {
    let mut s = String::from(HEAD);
    for i in 0..6 {
        s.push_str(&format!(
            "\n[[card]]\nid = \"c{i}\"\nq = \"Question {i}\"\na = [\"x{i}\", \"y{i}\"]\nnote = \"n{}\"\nexplain = \"\"\"\nline\n\"\"\"\n",
            i / 2
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_edits_read_the_same_both_ways(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..PIECES.len(), any::<bool>()), 1..4)
    ) {
        let mut text = sample();
        for (at, piece, cut) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            if cut {
                let end = (i + PIECES[piece].len()).min(text.len());
                let end = (end..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap_or(text.len());
                text.replace_range(i..end, "");
            } else {
                text.insert_str(i, PIECES[piece]);
            }
        }
        prop_assert_eq!(read("r.toml", &text, true), read("r.toml", &text, false), "{}", text);
    }
}
