//! `deckard check` and `deckard decks` on good, bad and hostile deck files.

use crate::common::{Env, deck, root};

/// Runs `check` on one bad deck and returns stdout; asserts exit status 1.
fn check_fails(file: &str) -> String {
    let out = Env::new()
        .cmd()
        .arg("check")
        .arg(deck(file))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn assert_has(out: &str, file: &str, loc: &str, msg: &str) {
    let path = deck(file).display().to_string();
    let want = format!("{path}:{loc}: error: {msg}");
    assert!(
        out.lines().any(|l| l.starts_with(&want)),
        "expected `{want}` in:\n{out}"
    );
}

#[test]
fn example_deck_is_valid() {
    let out = crate::common::stdout(
        Env::new()
            .cmd()
            .args(["check"])
            .arg(root().join("decks"))
            .assert()
            .success(),
    );
    // The rewritten decks balance their true/false answers, so not even that hint is left.
    assert!(out.ends_with("card(s): 0 error(s), 0 warning(s)\n"), "{out}");
}

#[test]
fn bundled_decks_are_valid() {
    Env::new().cmd().arg("check").assert().success();
}

#[test]
fn syntax_error() {
    let out = check_fails("bad/syntax.toml");
    assert_has(&out, "bad/syntax.toml", "7:12", "TOML syntax");
}

#[test]
fn unknown_field_suggests_the_closest() {
    let out = check_fails("bad/unknown-field.toml");
    assert_has(
        &out,
        "bad/unknown-field.toml",
        "9:1",
        "unknown field `acept` in a card",
    );
    assert!(out.contains("hint: did you mean `accept`?"), "{out}");
}

#[test]
fn missing_fields() {
    let out = check_fails("bad/missing-field.toml");
    assert_has(
        &out,
        "bad/missing-field.toml",
        "5:1",
        "a text card is missing the required field `q`",
    );
    assert_has(
        &out,
        "bad/missing-field.toml",
        "9:1",
        "a card is missing the required field `id`",
    );
}

#[test]
fn wrong_types() {
    let out = check_fails("bad/wrong-type.toml");
    assert_has(
        &out,
        "bad/wrong-type.toml",
        "9:13",
        "`tolerance` must be a number, found a string",
    );
    assert_has(
        &out,
        "bad/wrong-type.toml",
        "15:8",
        "`tags` must be an array of strings",
    );
}

#[test]
fn duplicate_card_ids_name_both_places() {
    let out = check_fails("bad/duplicate-card.toml");
    let first = format!("{}:6:6", deck("bad/duplicate-card.toml").display());
    assert_has(
        &out,
        "bad/duplicate-card.toml",
        "11:6",
        &format!("duplicate card id `city` (first used at {first})"),
    );
}

#[test]
fn duplicate_deck_ids_name_both_places() {
    let out = crate::common::stdout(
        Env::new()
            .cmd()
            .arg("check")
            .arg(deck("bad/duplicate-deck-a.toml"))
            .arg(deck("bad/duplicate-deck-b.toml"))
            .assert()
            .code(1),
    );
    let first = format!("{}:2:6", deck("bad/duplicate-deck-a.toml").display());
    assert_has(
        &out,
        "bad/duplicate-deck-b.toml",
        "2:6",
        &format!("duplicate deck id `twin` (also used at {first})"),
    );
}

#[test]
fn choice_answer_not_among_choices() {
    let out = check_fails("bad/choice-answer.toml");
    assert_has(
        &out,
        "bad/choice-answer.toml",
        "9:5",
        "the answer `Shangri La Hotel` is not among the choices",
    );
    assert!(out.contains("did you mean `Shangri-La Hotel`?"), "{out}");
}

#[test]
fn empty_list_and_cloze_without_gaps() {
    let out = check_fails("bad/empty-list.toml");
    assert_has(&out, "bad/empty-list.toml", "8:5", "`a` of a list card is empty");
    assert_has(
        &out,
        "bad/empty-list.toml",
        "12:9",
        "a cloze card needs at least one {{gap}}",
    );
}

#[test]
fn source_not_declared() {
    let out = check_fails("bad/unknown-source.toml");
    assert_has(
        &out,
        "bad/unknown-source.toml",
        "10:10",
        "source `keywords-2091` is not among the deck's sources",
    );
}

#[test]
fn a_folder_is_checked_recursively_and_every_problem_reported() {
    let out = crate::common::stdout(Env::new().cmd().arg("check").arg(deck("bad")).assert().code(1));
    let errors = out.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(errors, 12, "{out}");
    assert!(out.lines().last().unwrap().contains("error(s)"), "{out}");
}

#[test]
fn hostile_files_give_clear_errors() {
    let env = Env::new();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.toml", Vec::new(), "the deck file is empty"),
        (
            "binary.toml",
            (0..=255u8).cycle().take(4096).collect(),
            "not valid UTF-8",
        ),
        (
            "latin1.toml",
            b"[deck]\nid = \"caf\xe9\"\n".to_vec(),
            "2:10: error: the file is not valid UTF-8",
        ),
        (
            "nested.toml",
            format!("a = {}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "error",
        ),
        (
            "tables.toml",
            "[a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p]\n".repeat(1000).into_bytes(),
            "error",
        ),
    ];
    for (name, bytes, want) in cases {
        let p = env.write(name, bytes);
        let out = crate::common::stdout(env.cmd().arg("check").arg(&p).assert().code(1));
        assert!(out.contains(want), "{name}: {out}");
    }
}

#[test]
fn huge_prompt_is_refused_with_a_clear_error() {
    let env = Env::new();
    let text = format!(
        "[deck]\nid = \"big\"\ntitle = \"Big\"\n[[card]]\nid = \"a\"\nq = \"{}\"\na = \"x\"\n",
        "x".repeat(1 << 20)
    );
    let p = env.write("big.toml", text);
    let out = crate::common::stdout(env.cmd().arg("check").arg(&p).assert().code(1));
    assert!(out.contains(":6:5: error: `q` is 1048576 bytes long"), "{out}");
}

#[test]
fn a_50_mb_deck_loads() {
    let env = Env::new();
    let mut text = String::from("[deck]\nid = \"huge\"\ntitle = \"Huge\"\n");
    let mut n = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "[[card]]\nid = \"c{n}\"\nq = \"Question number {n} {pad}\"\na = \"answer {n}\"\n",
            pad = "x".repeat(400)
        ));
        n += 1;
    }
    let p = env.write("huge.toml", text);
    let out = crate::common::stdout(env.cmd().arg("check").arg(&p).assert().success());
    assert!(
        out.contains(&format!("1 deck(s), {n} card(s): 0 error(s)")),
        "{out}"
    );
}

#[test]
fn escape_sequences_in_decks_never_reach_the_terminal() {
    let env = Env::new();
    let p = env.write(
        "evil.toml",
        "[deck]\nid = \"evil\"\ntitle = \"\\u001b]0;pwned\\u0007\\u001b[2J Evil\"\n[[card]]\nid = \"a\"\nq = \"Q\\u001b[31m\"\na = \"x\"\nacept = 1\n",
    );
    let out = env
        .cmd()
        .arg("--decks")
        .arg(&p)
        .arg("decks")
        .assert()
        .get_output()
        .clone();
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b));
    let out = env
        .cmd()
        .arg("check")
        .arg(&p)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(!out.contains(&0x1b));
    let good = env.write("evil2.toml", "[deck]\nid = \"evil\"\ntitle = \"\\u001b[2J Evil\\u202e\"\n[[card]]\nid = \"a\"\nq = \"Q\"\na = \"x\"\n");
    let out = crate::common::stdout(
        env.cmd()
            .arg("--decks")
            .arg(&good)
            .arg("decks")
            .assert()
            .success(),
    );
    assert!(out.contains("\\e[2J Evil\\u{202e}"), "{out}");
}

#[test]
fn decks_lists_card_counts() {
    let out = crate::common::stdout(
        Env::new()
            .cmd()
            .arg("--decks")
            .arg(root().join("decks/example.toml"))
            .arg("decks")
            .assert()
            .success(),
    );
    assert!(out.contains("example"), "{out}");
    assert!(out.contains(" 12 "), "{out}");
}

#[test]
fn shipped_decks_are_in_canonical_layout() {
    Env::new()
        .cmd()
        .args(["fmt", "--check"])
        .arg(root().join("decks"))
        .assert()
        .success();
}

// Before: `check` on a CSV file listed TOML syntax errors and nothing else.
#[test]
fn a_csv_file_given_to_check_gets_the_import_command() {
    let env = Env::new();
    let csv = env.write("peru.csv", "front,back\nCapital of Peru?,Lima\n");
    let a = env.cmd().arg("check").arg(&csv).assert().code(1);
    let out = crate::common::stdout(a);
    let want = format!(
        "hint: {0} is not a deck file (decks are TOML); to make decks of it: deckard import {0} --to DECK.toml",
        csv.display()
    );
    assert_eq!(out.matches(&want).count(), 1, "{out}");
}
