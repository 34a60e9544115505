//! Import and export with files written the way each source tool writes them (not by deckard's
//! exporter): a Moodle GIFT bank, an Excel CSV with a byte-order mark and `;`, an Anki "Notes in
//! Plain Text" export with its header lines, a Quizlet export with custom separators. Each
//! imported deck passes `check`, `judge` gives the verdict and score the source tool would, a
//! second import updates instead of duplicating, and import → export → import gives the same
//! deck.

use std::path::{Path, PathBuf};

use crate::common::Env;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/interchange");

/// Copies a fixture into the environment and returns its path there.
fn fixture(env: &Env, name: &str) -> PathBuf {
    let text = std::fs::read(Path::new(FIXTURES).join(name)).expect("fixture");
    env.write(name, text)
}

/// Output of one command: (status ok, stdout, stderr).
fn run(env: &Env, args: &[&str]) -> (bool, String, String) {
    let o = env.cmd().args(args).output().expect("deckard runs");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Imports `file` into `to` and returns (stdout, stderr); the import must succeed and the
/// deck must pass `check` without warnings.
fn import(env: &Env, file: &str, to: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec!["import", file, "--to", to];
    args.extend_from_slice(extra);
    let (ok, out, err) = run(env, &args);
    assert!(ok, "import {file}: {err}");
    let (ok, out_c, err_c) = run(env, &["check", to]);
    assert!(ok && out_c.contains("0 error(s), 0 warning(s)"), "{out_c}{err_c}");
    (out, err)
}

fn read(env: &Env, rel: &str) -> String {
    std::fs::read_to_string(env.path(rel)).expect("read")
}

/// One row of a judging table: card, answer → verdict, score, feedback.
type Row<'a> = (&'a str, &'a str, &'a str, f64, Option<&'a str>);

/// Judges every row against the deck file and compares verdict, score and feedback.
fn judge_table(env: &Env, deck_file: &str, deck_id: &str, rows: &[Row<'_>]) {
    for &(card, answer, verdict, score, feedback) in rows {
        let o = env
            .cmd()
            .env("DECKARD_DECKS", env.path(deck_file))
            .args(["judge", "--json", &format!("{deck_id}/{card}"), answer])
            .output()
            .expect("deckard runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "judge {card} {answer:?}: {err}");
        let v: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{card}: {e}"));
        let got = (
            v["verdict"].as_str().unwrap_or_default(),
            v["score"].as_f64().unwrap_or(f64::NAN),
            v["feedback"].as_str(),
        );
        assert!(
            got.0 == verdict && (got.1 - score).abs() < 0.005 && got.2 == feedback,
            "{card} {answer:?}: got {got:?}, want ({verdict}, {score}, {feedback:?})"
        );
    }
}

/// Exports `deck` in `format`, imports the export into a fresh deck with the same id and
/// returns (the export's stderr, the re-imported deck's text).
fn round_trip(env: &Env, deck: &str, deck_id: &str, format: &str, import_format: &str) -> (String, String) {
    let out = format!("export.{format}");
    let (ok, _, err) = run(env, &["export", deck, "--format", format, "-o", &out]);
    assert!(ok, "{err}");
    import(
        env,
        &out,
        "again.toml",
        &["--format", import_format, "--deck-id", deck_id],
    );
    let text = read(env, "again.toml");
    // The deck's title comes from the file name; everything else must match.
    (
        err,
        text.replace("title = \"again\"", &format!("title = \"{deck_id}\"")),
    )
}

#[test]
fn a_moodle_gift_bank_keeps_what_each_question_meant() {
    let env = Env::new();
    fixture(&env, "bank.gift");
    let (out, err) = import(&env, "bank.gift", "bank.toml", &[]);
    assert!(
        out.contains("imported 16 card(s) into bank.toml: 16 new, 0 updated"),
        "{out}"
    );
    // Everything without a place is named, at its question's line; the description is the
    // only block not imported.
    let report: Vec<&str> = err.lines().collect();
    assert_eq!(
        report,
        [
            "bank.gift:7: left out: the feedback `They are: they live in water and on land.` (a true/false card has no per-answer feedback)",
            "bank.gift:7: left out: the feedback `Right.` (a true/false card has no per-answer feedback)",
            "bank.gift:18: left out: Moodle's floor at 0 for a multiple-answer question (deckard keeps a wrong pick's penalty: a wrong pick alone scores below 0)",
            "bank.gift:25: left out: the feedback for any other answer `Think of a pond.`",
            "bank.gift:48: left out: the feedback for any other answer `Completely wrong`",
            "bank.gift:50: left out: the right answer's feedback `Exactly.` (a number card has no per-answer feedback)",
            "bank.gift:50: left out: `4:1` worth 50% (a number card has no partial credit)",
            "bank.gift:58: not imported: no answer in { braces }: a description, not a question",
            "bank.gift:60: left out: the feedback for any other answer `No.`",
            "bank.gift:62: left out: the feedback for any other answer `Not an option here.`",
            "read as GIFT",
        ]
    );
    let deck = read(&env, "bank.toml");
    // Format markers are stripped and HTML converted, in the question and in each answer.
    assert!(deck.contains("q = \"Which animal is a mammal?\""), "{deck}");
    assert!(
        !deck.contains("[html]") && !deck.contains("[plain]") && !deck.contains("<b>"),
        "{deck}"
    );
    // The missing-word blank sits where the answers were, with the text's own spacing.
    assert!(
        deck.contains("q = \"The cheetah is the _____ land animal.\""),
        "{deck}"
    );
    assert!(
        deck.contains("cloze = \"A young frog is called a {{tadpole|polliwog}} before its legs grow.\""),
        "{deck}"
    );
    assert!(deck.contains("distractors = [\"Quack\", \"Chirp\"]"), "{deck}");
    assert!(deck.contains("tags = [\"biology-101\", \"plants\"]"), "{deck}");
    assert!(deck.contains("origin = \"gift:ribbit\""), "{deck}");
    assert!(
        deck.contains("explain = \"Lions, tigers, leopards and jaguars.\""),
        "{deck}"
    );
    // What Moodle would score: answer → verdict, score (and the feedback Moodle shows).
    let table: &[Row<'_>] = &[
        ("frogs-amphibians", "true", "right", 1.0, None),
        ("frogs-amphibians", "false", "wrong", 0.0, None),
        ("mammal", "a", "right", 1.0, Some("Yes: it breathes air.")),
        ("mammal", "b", "wrong", 0.0, Some("It is a fish.")),
        (
            "mammal",
            "c",
            "partial",
            0.5,
            Some("A mammal too, but it lays eggs."),
        ),
        (
            "mammal",
            "d",
            "wrong",
            -1.0,
            Some("A fish, and a guess costs a point."),
        ),
        ("birds", "a, b", "right", 1.0, None),
        ("birds", "b", "partial", 0.5, None),
        ("birds", "a, b, c", "wrong", 0.0, Some("Bats are mammals.")),
        ("ribbit", "Frog", "right", 1.0, None),
        ("ribbit", "toad", "partial", 0.5, Some("Close: toads croak.")),
        ("ribbit", "Newt", "wrong", 0.0, None),
        ("ribbit", "*", "wrong", 0.0, None),
        ("big-cat", "Tiger", "right", 1.0, None),
        ("big-cat", "Leopard", "wrong", 0.0, None),
        ("tadpole.1", "polliwog", "right", 1.0, None),
        ("cheetah", "b", "right", 1.0, None),
        ("cheetah", "a", "wrong", 0.0, None),
        ("sounds", "1a 2b 3c", "right", 1.0, None),
        // A distractor paired with a sound: two of three pairs right, as Moodle scores it.
        ("sounds", "1d 2b 3c", "partial", 0.67, None),
        ("spider-legs", "8", "right", 1.0, None),
        ("spider-legs", "6", "wrong", 0.0, None),
        ("starfish", "4", "right", 1.0, None),
        ("starfish", "6", "right", 1.0, None),
        ("starfish", "7", "wrong", 0.0, None),
        ("octopus-hearts", "5", "right", 1.0, None),
        ("octopus-hearts", "6", "wrong", 0.0, None),
        ("cat-mass", "4", "right", 1.0, None),
        ("chlorophyll", "green", "right", 1.0, None),
        ("chlorophyll", "yellow-green", "partial", 0.5, Some("Nearly.")),
        ("chlorophyll", "blue", "wrong", 0.0, None),
        ("leaf-part", "a", "right", 1.0, Some("Yes.")),
        ("leaf-part", "b", "wrong", 0.0, None),
        ("seeds", "true", "right", 1.0, None),
    ];
    judge_table(&env, "bank.toml", "bank", table);
    // Where deckard cannot score as Moodle does, the import said so above; this is what it
    // does instead (Moodle: 0 for a wrong pick with a right one, 50% for 4.5 kg).
    judge_table(
        &env,
        "bank.toml",
        "bank",
        &[
            ("birds", "a, c", "wrong", -0.5, Some("Bats are mammals.")),
            ("cat-mass", "4.5", "wrong", 0.0, None),
        ],
    );

    // Importing the bank again updates every card in place: no `ribbit-2`.
    let (out, _) = import(&env, "bank.gift", "bank.toml", &[]);
    assert!(out.contains("0 new, 16 updated"), "{out}");
    assert_eq!(read(&env, "bank.toml"), deck);

    // GIFT → deckard → GIFT → deckard: the same deck, for everything GIFT carries.
    let (export_err, again) = round_trip(&env, "bank.toml", "bank", "gift", "gift");
    assert_eq!(again, deck);
    assert!(
        export_err.trim_end().ends_with("wrote export.gift"),
        "{export_err}"
    );
}

#[test]
fn an_excel_csv_with_a_bom_and_semicolons() {
    let env = Env::new();
    fixture(&env, "excel-semicolon.csv");
    let (out, err) = import(&env, "excel-semicolon.csv", "geo.toml", &[]);
    assert!(out.contains("imported 4 card(s)"), "{out}");
    assert!(
        err.contains("read as CSV, fields separated by semicolon, byte-order mark removed"),
        "{err}"
    );
    assert!(
        err.contains("excel-semicolon.csv:6: not imported: the question is empty"),
        "{err}"
    );
    let deck = read(&env, "geo.toml");
    assert!(
        deck.contains("q = \"Largest city of Italy; by population?\""),
        "{deck}"
    );
    assert!(deck.contains("origin = \"csv:Capital of France?\""), "{deck}");
    judge_table(
        &env,
        "geo.toml",
        "geo",
        &[
            ("capital-france", "paris", "right", 1.0, None),
            ("capital-france", "Lyon", "wrong", 0.0, None),
            ("largest-city-italy-population", "Roma", "right", 1.0, None),
            ("year-euro-became-currency-account", "1999", "right", 1.0, None),
            ("year-euro-became-currency-account", "2002", "wrong", 0.0, None),
        ],
    );

    // A second import of an edited sheet updates the card in place and keeps the author's
    // comment above it, instead of adding `capital-france-2`.
    let commented = deck.replace(
        "[[card]]\nid = \"capital-germany\"",
        "# checked against the atlas\n[[card]]\nid = \"capital-germany\"",
    );
    std::fs::write(env.path("geo.toml"), &commented).unwrap();
    let edited = read(&env, "excel-semicolon.csv").replace(
        "Capital of Germany?;Berlin;;geo;",
        "Capital of Germany?;Berlin;Bärlin;geo;",
    );
    env.write("excel-semicolon.csv", edited);
    let (out, _) = import(&env, "excel-semicolon.csv", "geo.toml", &[]);
    assert!(out.contains("0 new, 4 updated"), "{out}");
    let updated = read(&env, "geo.toml");
    assert_eq!(
        updated,
        commented.replace(
            "a = \"Berlin\"\ntags",
            "a = \"Berlin\"\naccept = [\"Bärlin\"]\ntags"
        )
    );

    // CSV → deckard → CSV → deckard: the same deck.
    let (_, again) = round_trip(&env, "geo.toml", "geo", "csv", "csv");
    assert_eq!(again, updated.replace("# checked against the atlas\n", ""));
}

#[test]
fn a_delimiter_can_be_given() {
    let env = Env::new();
    env.write("pipes.txt", "q|a\nCapital of Peru?|Lima\n");
    let (out, err) = import(
        &env,
        "pipes.txt",
        "p.toml",
        &["--format", "csv", "--delimiter", "pipe"],
    );
    assert!(out.contains("imported 1 card(s)"), "{out}");
    assert!(err.contains("fields separated by `|`"), "{err}");
    let (ok, _, err) = run(
        &env,
        &["import", "pipes.txt", "--to", "x.toml", "--delimiter", "||"],
    );
    assert!(
        !ok && err.contains("--delimiter `||` is not one character"),
        "{err}"
    );
}

#[test]
fn an_anki_notes_in_plain_text_export() {
    let env = Env::new();
    fixture(&env, "anki-notes.txt");
    let (out, err) = import(&env, "anki-notes.txt", "bio.toml", &[]);
    assert!(
        out.contains("imported 4 card(s) into bio.toml: 4 new, 0 updated"),
        "{out}"
    );
    // The deck column is named once; the image-only note is the only one not imported, and
    // no imported card is reported as not imported (as it used to be).
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "anki-notes.txt:5: left out: the deck column (3): every card goes into the one deck file",
            "anki-notes.txt:11: not imported: the question is only an image or a sound, which deckard cannot show",
            "read as Anki text, fields separated by tab",
        ]
    );
    let deck = read(&env, "bio.toml");
    // The GUID column is the key; the tags column gives tags; HTML becomes text.
    assert!(deck.contains("origin = \"anki:f:Hq3b]%Lx\""), "{deck}");
    assert!(deck.contains("tags = [\"cells\", \"biology\"]"), "{deck}");
    assert!(deck.contains("back = \"The mitochondrion\""), "{deck}");
    assert!(
        deck.contains("cloze = \"{{Chlorophyll}} makes leaves {{green}}.\""),
        "{deck}"
    );
    judge_table(
        &env,
        "bio.toml",
        "bio",
        &[
            // "Basic (type in the answer)": Anki compares the typed text with the back.
            ("organelle-holds-dna-cell", "The nucleus", "right", 1.0, None),
            ("organelle-holds-dna-cell", "The ribosome", "wrong", 0.0, None),
            (
                "chlorophyll-makes-leaves-green.1",
                "Chlorophyll",
                "right",
                1.0,
                None,
            ),
            ("chlorophyll-makes-leaves-green.2", "green", "right", 1.0, None),
            ("chlorophyll-makes-leaves-green.2", "red", "wrong", 0.0, None),
            ("powerhouse-cell", "The mitochondrion", "right", 1.0, None),
        ],
    );
    let (out, _) = import(&env, "anki-notes.txt", "bio.toml", &[]);
    assert!(out.contains("0 new, 4 updated"), "{out}");
    assert_eq!(read(&env, "bio.toml"), deck);

    // Anki text → deckard → Anki text → deckard: the same deck (GUIDs, tags, note types).
    let (err, again) = round_trip(&env, "bio.toml", "bio", "anki-txt", "anki");
    assert_eq!(again, deck);
    // One line for the file written; nothing was approximated or lost.
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_quizlet_export_with_custom_separators() {
    let env = Env::new();
    fixture(&env, "quizlet-comma.txt");
    let args = ["--format", "quizlet", "--term-sep", "comma", "--card-sep", ";;"];
    let (out, err) = import(&env, "quizlet-comma.txt", "de.toml", &args);
    assert!(out.contains("imported 4 card(s)"), "{out}");
    assert!(
        err.contains("quizlet-comma.txt:1: not imported: no term separator \",\""),
        "{err}"
    );
    let deck = read(&env, "de.toml");
    assert!(
        deck.contains("front = \"Haus, das\"\nback = \"house\"\norigin = \"quizlet:Haus, das\""),
        "{deck}"
    );
    assert!(deck.contains("back = \"cat, the\""), "{deck}");
    assert!(!deck.contains("\\\""), "quotes kept: {deck}");
    // Quizlet's Write mode: the definition typed is right, anything else wrong.
    judge_table(
        &env,
        "de.toml",
        "de",
        &[
            ("haus-das", "house", "right", 1.0, None),
            ("haus-das", "mouse", "wrong", 0.0, None),
            ("katze", "cat, the", "right", 1.0, None),
        ],
    );
    let (out, _) = import(&env, "quizlet-comma.txt", "de.toml", &args);
    assert!(out.contains("0 new, 4 updated"), "{out}");
    assert_eq!(read(&env, "de.toml"), deck);
}

#[test]
fn export_names_what_a_format_cannot_carry() {
    let env = Env::new();
    fixture(&env, "bank.gift");
    import(&env, "bank.gift", "bank.toml", &[]);
    // CSV carries everything the bank holds (credit, feedback, distractors, keys): it
    // reports nothing and reads back as the same deck.
    let deck = read(&env, "bank.toml");
    let (err, again) = round_trip(&env, "bank.toml", "bank", "csv", "csv");
    assert_eq!(err.lines().collect::<Vec<_>>(), ["wrote export.csv"]);
    assert_eq!(again, deck);
    let (ok, out, err) = run(&env, &["export", "bank.toml", "--format", "anki-txt"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("#separator:tab\n"), "{out}");
    // One summary line per way of approximating and per thing lost, not one line per card
    // (it used to print a line for every card).
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "exported 12 card(s) as Basic notes showing the question and the answer: `frogs-amphibians`, `mammal`, `birds`, `big-cat`, `cheetah`, `sounds`, `spider-legs`, `starfish` and 4 more",
            "not carried by this format: the key from another tool (`origin`), on 16 card(s): `frogs-amphibians`, `mammal`, `birds`, `ribbit`, `big-cat`, `tadpole`, `cheetah`, `sounds` and 8 more",
            "not carried by this format: per-answer credit and feedback, on 5 card(s): `mammal`, `birds`, `ribbit`, `chlorophyll`, `leaf-part`",
            "not carried by this format: the explanation (a Basic note has a front and a back only), on 1 card(s): `big-cat`",
            "not carried by this format: match distractors, on 1 card(s): `sounds`",
        ]
    );
}
