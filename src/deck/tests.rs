//! Unit tests of the deck loader: kinds, inference, and the position of every error.

use super::*;

fn parse(text: &str) -> (Option<Deck>, Vec<Diagnostic>) {
    parse_deck(Origin::Bundled("t.toml".into()), text)
}

fn errors(text: &str) -> Vec<String> {
    parse(text)
        .1
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.message))
        .collect()
}

const HEAD: &str = "[deck]\nid = \"t\"\ntitle = \"T\"\n";

#[test]
fn kinds_are_inferred_from_fields() {
    let text = format!(
        "{HEAD}
[[card]]
id = \"f\"
front = \"F\"
back = \"B\"
[[card]]
id = \"t\"
q = \"Q\"
a = \"x\"
[[card]]
id = \"b\"
q = \"Q\"
a = true
[[card]]
id = \"c\"
q = \"Q\"
choices = [\"x\", \"y\"]
a = \"y\"
[[card]]
id = \"n\"
q = \"Q\"
a = 2.5
[[card]]
id = \"l\"
q = \"Q\"
a = [\"x\", \"y\"]
[[card]]
id = \"z\"
cloze = \"{{{{a}}}} and {{{{b}}}}\"
[[card]]
id = \"o\"
q = \"Q\"
items = [\"x\", \"y\"]
[[card]]
id = \"m\"
q = \"Q\"
pairs = [[\"x\", \"1\"], [\"y\", \"2\"]]
[[card]]
id = \"d\"
q = \"Q\"
a = 2001-06-15
"
    );
    let (deck, diags) = parse(&text);
    assert!(diags.is_empty(), "{diags:?}");
    let deck = deck.unwrap();
    let kinds: Vec<(&str, Kind)> = deck.cards.iter().map(|c| (c.id.as_str(), c.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            ("f", Kind::Flashcard),
            ("t", Kind::Text),
            ("b", Kind::TrueFalse),
            ("c", Kind::Choice),
            ("n", Kind::Number),
            ("l", Kind::List),
            ("z.1", Kind::Cloze),
            ("z.2", Kind::Cloze),
            ("o", Kind::Order),
            ("m", Kind::Match),
            ("d", Kind::Text),
        ]
    );
    assert_eq!(
        deck.cards[3].answer,
        Answer::Choice {
            choices: vec!["x".into(), "y".into()],
            correct: vec![1]
        }
    );
    assert_eq!(deck.cards[6].prompt, "[…] and b");
    assert_eq!(deck.cards[6].note_id, "z");
    assert_eq!(deck.cards[10].canonical(), "2001-06-15");
}

#[test]
fn explicit_kind_overrides_inference() {
    let text = format!("{HEAD}[[card]]\nid = \"x\"\nkind = \"text\"\nq = \"Q\"\na = 2001\n");
    let deck = parse(&text).0.unwrap();
    assert_eq!(deck.cards[0].kind, Kind::Text);
    assert_eq!(deck.cards[0].canonical(), "2001");
    let text = format!("{HEAD}[[card]]\nid = \"x\"\nkind = \"flashcard\"\nq = \"Q\"\na = \"A\"\n");
    assert_eq!(parse(&text).0.unwrap().cards[0].kind, Kind::Flashcard);
}

#[test]
fn every_error_points_at_its_value() {
    let text = format!(
        "{HEAD}sources = [{{ id = \"doc\", title = \"Doc\" }}]
[[card]]
id = \"a\"
q = \"Q\"
a = \"x\"
acept = [\"y\"]
[[card]]
id = \"a\"
q = \"Q\"
choices = [\"x\", \"y\"]
a = \"z\"
source = \"dco\"
[[card]]
id = \"c\"
q = 5
a = []
[[card]]
id = \"d\"
cloze = \"no gaps\"
[[card]]
id = \"e\"
kind = \"lsit\"
q = \"Q\"
a = [\"x\"]
[[card]]
q = \"no id\"
a = \"x\"
"
    );
    let e = errors(&text);
    assert_eq!(
        e,
        vec![
            "9:1 unknown field `acept` in a card",
            "11:6 duplicate card id `a` (first used at <bundled>/t.toml:6:6)",
            "14:5 the answer `z` is not among the choices",
            "15:10 source `dco` is not among the deck's sources",
            "18:5 `q` must be a string, found an integer",
            "19:5 `a` of a list card is empty",
            "22:9 a cloze card needs at least one {{gap}}",
            "25:8 unknown card kind `lsit`",
            "28:1 a card is missing the required field `id`",
        ]
    );
}

#[test]
fn typo_suggestions_are_given() {
    let text = format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\nacept = [\"y\"]\n");
    let d = parse(&text).1;
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `accept`?"));
}

#[test]
fn missing_deck_table_and_fields() {
    assert_eq!(
        errors("[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\n"),
        vec!["1:1 missing the [deck] table"]
    );
    assert_eq!(
        errors("[deck]\nid = \"t\"\n"),
        vec!["1:1 [deck] is missing the required field `title`"]
    );
    let e = errors(&format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\nchoices = [\"x\", \"y\"]\n"
    ));
    assert_eq!(e, vec!["4:1 a choice card is missing the required field `a`"]);
}

#[test]
fn toml_syntax_errors_have_positions() {
    let e = errors("[deck]\nid = \"t\"\ntitle = \"T\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("3:11 TOML syntax"), "{e:?}");
}

#[test]
fn warnings_do_not_block_loading() {
    let text = format!("{HEAD}[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\ntolerance = 1\ndraft = true\n");
    let (deck, d) = parse(&text);
    assert!(deck.is_some());
    assert_eq!(d.len(), 2);
    assert!(d.iter().all(|d| d.severity == Severity::Warning));
}

#[test]
fn hostile_files_never_panic() {
    for text in [
        "",
        "   \n\n",
        "\u{0}\u{1}\u{2}",
        "[deck]\nid = \"\u{1b}[31m\"\ntitle = \"x\"",
        &"[".repeat(10_000),
        &"a = [".repeat(5_000),
        &format!("a = {}1{}", "[".repeat(3000), "]".repeat(3000)),
        &format!("x = {}1{}", "{ b = ".repeat(3000), "}".repeat(3000)),
        "[deck]\nid = \"t\"\ntitle = \"T\"\ncard = 5\n",
        "[deck]\nid = \"t\"\ntitle = \"T\"\n[[card]]\nid = \"a\"\nq = \"Q\"\npairs = [[\"x\"], 3]\n",
        "deck = 1\n",
        "[deck]\nid = 1\ntitle = []\n",
    ] {
        let _ = parse(text);
    }
    let big = format!(
        "{HEAD}[[card]]\nid = \"a\"\nq = \"{}\"\na = \"x\"\n",
        "x".repeat(1 << 20)
    );
    let e = errors(&big);
    assert_eq!(e.len(), 1);
    assert!(e[0].contains("the limit is"), "{e:?}");
}

#[test]
fn bundled_decks_load_without_errors() {
    let lib = load_bundled();
    let errors: Vec<_> = lib
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// On main each choice was compared with every choice before it, and each answer looked up by
/// a scan: 100,000 choices took minutes. Now sets and maps: linear.
#[test]
fn a_hundred_thousand_choices_and_sources_check_in_linear_time() {
    let n = 100_000;
    let list = |f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(",");
    let text = format!(
        "{HEAD}sources = [{}]\n[[card]]\nid = \"c\"\nq = \"q\"\nchoices = [{}]\na = [{}]\n",
        list(&|i| format!("{{ id = \"s{i}\", title = \"t\" }}")),
        list(&|i| format!("\"w{i}\"")),
        list(&|i| format!("\"w{i}\"")),
    );
    let start = std::time::Instant::now();
    let (deck, diags) = parse(&text);
    assert!(diags.iter().all(|d| d.severity != Severity::Error), "{diags:?}");
    assert_eq!(deck.unwrap().sources.len(), n);
    let took = start.elapsed();
    // A generous bound for a loaded machine: the quadratic checks took many minutes here.
    assert!(took < std::time::Duration::from_secs(60), "{took:?}");
}

/// Hostile shapes are refused before the TOML parser allocates a node per value.
#[test]
fn hostile_shapes_are_refused_at_their_position() {
    let text = format!("{HEAD}x = [{}]\n", "1,".repeat(limits::MAX_ARRAY_ITEMS + 5));
    assert_eq!(
        errors(&text),
        vec![format!(
            "4:5 this array has more than {} items, the limit",
            limits::MAX_ARRAY_ITEMS
        )]
    );
}

/// On main each card's sources were looked up by scanning the deck's source list (and a card's
/// own list for repeats, and the notes seen so far for each note): 20,000 sources, cards and
/// notes were O(n²) string comparisons, and one card naming 20,000 sources was too. Now sets and
/// maps; the diagnostics are those of before, at the same places.
#[test]
fn many_sources_cards_and_notes_are_read_in_linear_time_with_the_same_diagnostics() {
    let n = 20_000;
    let mut text = format!(
        "{HEAD}sources = [{}]\n",
        (0..n)
            .map(|i| format!("{{ id = \"src{i}\", title = \"t\" }}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    for i in 0..n {
        // Notes shared by two cards each, so that none is warned about.
        text.push_str(&format!(
            "[[card]]\nid = \"c{i}\"\nq = \"q\"\na = \"a\"\nsource = \"src{i}\"\nnote = \"n{}\"\n",
            i / 2
        ));
    }
    let all: Vec<String> = (0..n).map(|i| format!("\"src{i}\"")).collect();
    let card = |extra: &str| {
        format!(
            "[[card]]\nid = \"all\"\nq = \"q\"\na = \"a\"\nsources = [{}{extra}]\n",
            all.join(", ")
        )
    };
    let start = std::time::Instant::now();
    let (deck, diags) = parse(&(text.clone() + &card("")));
    assert!(diags.is_empty(), "{diags:?}");
    let deck = deck.unwrap();
    assert_eq!(deck.cards.len(), n + 1);
    assert_eq!(deck.cards[n].source_ids().len(), n);
    assert_eq!(deck.cards[5].source_ids(), ["src5"]);
    text.push_str(&card(", \"src7\", \"scr8\", \"nowhere-at-all\""));
    let (_, diags) = parse(&text);
    let took = start.elapsed();
    let shown: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} ({})",
                d.pos.line,
                d.pos.col,
                d.message,
                d.hint.as_deref().unwrap_or("")
            )
        })
        .collect();
    let line = 4 + 6 * n + 5;
    let col = |needle: &str| {
        text.lines()
            .nth(line - 1)
            .and_then(|l| l.find(needle))
            .map_or(0, |c| c + 1)
    };
    assert_eq!(
        shown,
        [
            format!(
                "{line}:{} source `src7` is named twice ()",
                col("\"src7\", \"scr8\"")
            ),
            format!(
                "{line}:{} source `scr8` is not among the deck's sources (did you mean `src8`?)",
                col("\"scr8\"")
            ),
            format!(
                "{line}:{} source `nowhere-at-all` is not among the deck's sources (known sources: src0, src1, src2, src3, src4, src5, src6, src7, src8, src9 and {} more)",
                col("\"nowhere"),
                n - 10
            ),
        ]
    );
    // Quadratic, this took minutes in a debug build; a generous bound for a loaded machine.
    assert!(took < std::time::Duration::from_secs(60), "{took:?}");
}
