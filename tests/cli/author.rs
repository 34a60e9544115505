//! Integration tests of the authoring commands: new, fmt, import, export, draft and add,
//! driving the real binary.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

fn deckard(dir: &Path) -> Command {
    crate::common::command(dir)
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn check_ok(dir: &Path, file: &str) -> String {
    let o = deckard(dir).args(["check", file]).output().unwrap();
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    stdout(&o)
}

const COMMENTED: &str = r#"# My deck, written by hand.

[deck]
id = "mine"   # keep this id
title = 'Mine'

# the first card
[[card]]
id = "one"
q = 'Capital of France?'
a = 'Paris'    # the answer

# the end of the file
"#;

#[test]
fn new_writes_a_valid_deck_and_never_overwrites() {
    let t = TempDir::new().unwrap();
    deckard(t.path())
        .args(["new", "geo.toml", "--title", "Geography"])
        .assert()
        .success();
    let out = check_ok(t.path(), "geo.toml");
    // Regression: this assertion once accepted either of two outcomes and so could not fail.
    assert!(
        out.contains("1 deck(s), 10 card(s): 0 error(s), 0 warning(s)"),
        "{out}"
    );
    let text = std::fs::read_to_string(t.path().join("geo.toml")).unwrap();
    assert!(text.contains("title = \"Geography\"") && text.contains("id = \"geo\""));
    std::fs::write(t.path().join("geo.toml"), "mine").unwrap();
    let o = deckard(t.path()).args(["new", "geo.toml"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(t.path().join("geo.toml")).unwrap(),
        "mine"
    );
}

#[test]
fn fmt_check_lists_files_and_fmt_is_idempotent_keeping_comments() {
    let t = TempDir::new().unwrap();
    let messy = COMMENTED.replace("id = \"one\"\n", "");
    std::fs::write(t.path().join("d.toml"), &messy).unwrap();
    let o = deckard(t.path())
        .args(["fmt", "--check", "d.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("d.toml"));
    assert_eq!(
        std::fs::read_to_string(t.path().join("d.toml")).unwrap(),
        messy,
        "--check changed the file"
    );
    deckard(t.path()).args(["fmt", "d.toml"]).assert().success();
    let once = std::fs::read_to_string(t.path().join("d.toml")).unwrap();
    for comment in [
        "# My deck, written by hand.",
        "# keep this id",
        "# the first card",
        "# the answer",
        "# the end of the file",
    ] {
        assert!(once.contains(comment), "lost {comment}:\n{once}");
    }
    assert!(once.contains("id = \"capital-france\""), "{once}");
    check_ok(t.path(), "d.toml");
    deckard(t.path())
        .args(["fmt", "--check", "d.toml"])
        .assert()
        .success();
    deckard(t.path()).args(["fmt", "."]).assert().success();
    assert_eq!(std::fs::read_to_string(t.path().join("d.toml")).unwrap(), once);
    // A syntax error is reported with its line and the file is left alone.
    std::fs::write(t.path().join("bad.toml"), "[deck]\nid = \n").unwrap();
    let o = deckard(t.path()).args(["fmt", "bad.toml"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.toml:2:"), "{}", stderr(&o));
}

#[test]
fn add_from_piped_input_keeps_the_file() {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("d.toml"), COMMENTED).unwrap();
    let input = "text\nWhat is the capital of Italy?\nRome\nRoma\ngeo europe\n\n\n\
                 number\nHow many states founded the SCO?\n\n6\n\n\n\n\n\n\
                 choice\nPick\nred|green\nz\n\n\n\n\
                 list\nName two colours\nred | blue\nn\n\n\n\n";
    let o = deckard(t.path())
        .args(["add", "d.toml"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Question: "),
        "prompts are printed in piped mode: {out}"
    );
    assert!(out.contains("(required)"));
    assert!(out.contains("added `capital-italy`"), "{out}");
    assert!(out.contains("added `states-founded-sco`"), "{out}");
    assert!(
        out.contains("card not added: the answer `z` is not among the choices"),
        "{out}"
    );
    assert!(out.contains("3 card(s) added"), "{out}");
    let text = std::fs::read_to_string(t.path().join("d.toml")).unwrap();
    let kept = COMMENTED.trim_end_matches("\n# the end of the file\n");
    assert!(text.starts_with(kept), "the original text was disturbed:\n{text}");
    assert!(text.contains("id = \"capital-italy\"\nq = \"What is the capital of Italy?\"\na = \"Rome\"\naccept = [\"Roma\"]\ntags = [\"geo\", \"europe\"]\n"), "{text}");
    assert!(text.contains("a = 6\n"));
    check_ok(t.path(), "d.toml");
}

#[test]
fn add_creates_a_missing_deck_and_refuses_a_broken_one() {
    let t = TempDir::new().unwrap();
    deckard(t.path())
        .args(["add", "new-deck.toml"])
        .write_stdin("flashcard\nFront\nBack\n\n\n\n")
        .assert()
        .success();
    check_ok(t.path(), "new-deck.toml");
    std::fs::write(t.path().join("broken.toml"), "[deck]\nid = \"x\"\n").unwrap();
    let o = deckard(t.path())
        .args(["add", "broken.toml"])
        .write_stdin("text\nQ\nA\n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(t.path().join("broken.toml")).unwrap(),
        "[deck]\nid = \"x\"\n"
    );
}

#[test]
fn import_csv_lists_what_it_skips_by_line() {
    let t = TempDir::new().unwrap();
    std::fs::write(
        t.path().join("in.csv"),
        "q,a,accept,tags,color\nCapital of France?,Paris,paris city,geo,red\n,no question,,,\n\"Capital of Spain?\",Madrid,,geo,\n",
    )
    .unwrap();
    let o = deckard(t.path())
        .args(["import", "in.csv", "--to", "out.toml", "--deck-id", "capitals"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("in.csv:1: left out: column 5 `color` is not a deckard field"),
        "{err}"
    );
    assert!(
        err.contains("in.csv:3: not imported: the question is empty"),
        "{err}"
    );
    assert!(stdout(&o).contains("imported 2 card(s)"));
    let text = std::fs::read_to_string(t.path().join("out.toml")).unwrap();
    assert!(text.contains("id = \"capitals\""));
    assert!(text.contains("origin = \"csv:Capital of France?\""), "{text}");
    check_ok(t.path(), "out.toml");
    // Importing the same file again updates the cards it made instead of adding copies
    // (it used to add `capital-france-2`).
    let o = deckard(t.path())
        .args(["import", "in.csv", "--to", "out.toml"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("0 new, 2 updated"), "{}", stdout(&o));
    let again = std::fs::read_to_string(t.path().join("out.toml")).unwrap();
    assert_eq!(again, text);
    check_ok(t.path(), "out.toml");
}

#[test]
fn import_with_nothing_usable_fails_and_writes_nothing() {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("bad.csv"), "q,a\n,\n\"never closed,x\n").unwrap();
    let o = deckard(t.path())
        .args(["import", "bad.csv", "--to", "out.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("bad.csv:3: not imported: a quoted field opened on this line never closes"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path().join("out.toml").exists());
    std::fs::write(t.path().join("keep.toml"), COMMENTED).unwrap();
    let o = deckard(t.path())
        .args(["import", "bad.csv", "--to", "keep.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(t.path().join("keep.toml")).unwrap(),
        COMMENTED
    );
}

#[test]
fn import_anki_quizlet_and_gift() {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("anki.txt"), "#separator:tab\n#html:true\n#tags column:3\nCapital of <b>France</b>?\tParis<br>on the Seine\tgeo\n{{c1::Rome}} is in Italy.\t\t\n").unwrap();
    deckard(t.path())
        .args(["import", "anki.txt", "--to", "anki.toml", "--format", "anki"])
        .assert()
        .success();
    let text = std::fs::read_to_string(t.path().join("anki.toml")).unwrap();
    assert!(
        text.contains("front = \"Capital of France?\"\nback = \"\"\"\nParis\non the Seine\"\"\"\n"),
        "{text}"
    );
    assert!(text.contains("cloze = \"{{Rome}} is in Italy.\""), "{text}");
    check_ok(t.path(), "anki.toml");

    std::fs::write(
        t.path().join("q.txt"),
        "dog - Hund;; cat - Katze;; mouse without definition",
    )
    .unwrap();
    let o = deckard(t.path())
        .args([
            "import",
            "q.txt",
            "--to",
            "q.toml",
            "--format",
            "quizlet",
            "--term-sep",
            " - ",
            "--card-sep",
            ";;",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("q.txt:1: not imported: no term separator"),
        "{}",
        stderr(&o)
    );
    check_ok(t.path(), "q.toml");

    std::fs::write(t.path().join("quiz.gift"), "::q1::When was the SCO founded?{#2001:0}\n\nThe SCO is in {=Beijing =Peking} today.\n\nNo answer here.\n").unwrap();
    let o = deckard(t.path())
        .args(["import", "quiz.gift", "--to", "g.toml"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("quiz.gift:5: not imported: no answer in { braces }"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(t.path().join("g.toml")).unwrap();
    assert!(
        text.contains("id = \"q1\"\nq = \"When was the SCO founded?\"\na = 2001\n"),
        "{text}"
    );
    assert!(
        text.contains("cloze = \"The SCO is in {{Beijing|Peking}} today.\""),
        "{text}"
    );
    check_ok(t.path(), "g.toml");
}

/// The example deck that uses every kind.
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/decks/example.toml");

/// Exports the example deck, imports it, exports again: the two exports match.
fn cli_round_trip(format: &str, import_format: &str) -> (String, String) {
    let t = TempDir::new().unwrap();
    let o = deckard(t.path())
        .args(["export", EXAMPLE, "--format", format, "-o", "one.txt"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    deckard(t.path())
        .args([
            "import",
            "one.txt",
            "--to",
            "rt.toml",
            "--format",
            import_format,
            "--deck-id",
            "example",
        ])
        .assert()
        .success();
    check_ok(t.path(), "rt.toml");
    let o = deckard(t.path())
        .args(["export", "rt.toml", "--format", format])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    (
        std::fs::read_to_string(t.path().join("one.txt")).unwrap(),
        stdout(&o),
    )
}

#[test]
fn export_import_round_trips() {
    let (one, two) = cli_round_trip("csv", "csv");
    assert_eq!(one, two);
    assert!(one.starts_with("id,kind,q,a,accept,choices,"), "{one}");
    let (one, two) = cli_round_trip("gift", "gift");
    assert_eq!(one, two);
    let (one, two) = cli_round_trip("anki-txt", "anki");
    assert_eq!(one, two);
}

#[test]
fn export_reports_what_a_format_cannot_carry() {
    let t = TempDir::new().unwrap();
    let o = deckard(t.path())
        .args(["export", EXAMPLE, "--format", "gift"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("left out `founders`: GIFT has no list question"),
        "{err}"
    );
    assert!(err.contains("left out `founding-cloze`"), "{err}");
    let o = deckard(t.path())
        .args(["export", "nope", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("decks in use: sco-founding, sco-membership"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn draft_writes_reviewable_cards() {
    let t = TempDir::new().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lunar.txt");
    std::fs::copy(&fixture, t.path().join("lunar.txt")).unwrap();
    let o = deckard(t.path())
        .args(["draft", "lunar.txt", "--to", "lunar.toml"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("drafted 9 card(s)"), "{}", stdout(&o));
    let out = check_ok(t.path(), "lunar.toml");
    assert!(out.contains("9 card(s): 0 error(s), 9 warning(s)"), "{out}");
    let text = std::fs::read_to_string(t.path().join("lunar.toml")).unwrap();
    assert!(text.contains("title = \"The Lunar Society\""));
    assert!(text.contains("# draft: lunar.txt line 8\n[[card]]\nid = \"iau-stand\"\nq = \"What does IAU stand for?\"\na = \"International Astronomical Union\""), "{text}");
    // Without --to, the deck goes to standard output.
    let o = deckard(t.path()).args(["draft", "lunar.txt"]).output().unwrap();
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("[deck]\n"));
    std::fs::write(t.path().join("empty.txt"), "Home > x\n").unwrap();
    deckard(t.path()).args(["draft", "empty.txt"]).assert().code(1);
}
