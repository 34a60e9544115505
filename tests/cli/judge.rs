//! `deckard judge`: verdicts for typed answers to one card, plain and as JSON lines.

use assert_cmd::Command;

fn deckard() -> Command {
    let mut cmd = crate::common::command_anywhere();
    cmd.env(
        "DECKARD_DECKS",
        concat!(env!("CARGO_MANIFEST_DIR"), "/decks/example.toml"),
    );
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("deckard runs");
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn plain_verdicts_one_line_per_answer() {
    let out = stdout(deckard().args([
        "judge",
        "example/founders",
        "China, Russia",
        "China, Russia, Kazakhstan, Kyrgystan, Tajikistan and Uzbekistan",
        "Iran",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("partial 0.33") && lines[0].contains("missing: Kazakhstan"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("right   1.00") && lines[1].contains("one letter off 'Kyrgyzstan'"),
        "{out}"
    );
    assert!(lines[2].starts_with("wrong   0.00"), "{out}");
}

#[test]
fn json_lines() {
    let out = stdout(deckard().args([
        "judge",
        "--json",
        "example/founding-date",
        "June 15, 2001",
        "16 June 2001",
    ]));
    let v: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["card"], "example/founding-date");
    assert_eq!(v[0]["verdict"], "right");
    assert_eq!(v[0]["score"], 1.0);
    assert_eq!(v[0]["canonical"], "15 June 2001");
    assert_eq!(v[1]["verdict"], "wrong");
    assert_eq!(v[1]["reason"], "wrong: 16 June 2001 is not 15 June 2001");
    assert_eq!(v[1]["given"], "16 June 2001");
}

#[test]
fn every_kind_of_the_example_deck() {
    for (card, answer, verdict) in [
        ("example/founding-city", "shanghia", "right"),
        ("example/founded-in-beijing", "f", "right"),
        ("example/founding-hotel", "b", "right"),
        ("example/central-asian-founders", "a", "partial"),
        ("example/founder-count", "six", "right"),
        ("example/founding-cloze.2", "2002", "wrong"),
        ("example/bodies-by-rank", "2 1 3", "partial"),
        ("example/bodies-seats", "1a 2b", "right"),
    ] {
        let out = stdout(deckard().args(["judge", "--json", card, answer]));
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("a JSON line");
        assert_eq!(v["verdict"], verdict, "{card} {answer}: {out}");
    }
}

#[test]
fn control_characters_are_never_echoed() {
    let out = stdout(deckard().args(["judge", "example/founding-city", "Shang\x1b[2Jhai\u{202e}"]));
    assert!(!out.contains('\x1b') && !out.contains('\u{202e}'), "{out:?}");
    assert!(out.contains("\\e[2J"));
}

#[test]
fn unknown_card_is_an_input_error_with_a_hint() {
    let out = deckard()
        .args(["judge", "example/founderz", "x"])
        .output()
        .expect("deckard runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no card `example/founderz`") && err.contains("example/founders"),
        "{err}"
    );
}

#[test]
fn answers_are_required() {
    let out = deckard()
        .args(["judge", "example/founders"])
        .output()
        .expect("deckard runs");
    assert_eq!(out.status.code(), Some(2));
}
