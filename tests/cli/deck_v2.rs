//! Deck format v2 through the binary: the test deck checks clean, the judge returns credit and
//! feedback, `show` lists every source, `fmt --check` finds it canonical, and a renamed card
//! keeps its history.

use crate::common::{Env, deck, stdout};

fn v2() -> std::path::PathBuf {
    deck("v2.toml")
}

#[test]
fn the_v2_deck_checks_clean() {
    let env = Env::new();
    let out = stdout(env.cmd().arg("--decks").arg(v2()).arg("check").assert().success());
    assert!(
        out.contains("1 deck(s), 7 card(s): 0 error(s), 0 warning(s)"),
        "{out}"
    );
    env.cmd().arg("fmt").arg("--check").arg(v2()).assert().success();
}

#[test]
fn the_judge_returns_credit_and_feedback() {
    let env = Env::new();
    let out = stdout(
        env.cmd()
            .arg("--decks")
            .arg(v2())
            .args(["judge", "--json", "v2/capital", "Lutetia", "Lyon", "Paris"])
            .assert()
            .success(),
    );
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["verdict"], "partial");
    assert_eq!(lines[0]["score"], 0.5);
    assert_eq!(lines[0]["feedback"], "the Roman name");
    assert_eq!(lines[1]["verdict"], "wrong");
    assert_eq!(lines[1]["score"], -0.25);
    assert_eq!(lines[1]["feedback"], "Lyon is the third city");
    assert_eq!(lines[2]["verdict"], "right");
    assert!(lines[2]["feedback"].is_null());
}

#[test]
fn show_lists_every_source() {
    let env = Env::new();
    let out = stdout(
        env.cmd()
            .arg("--decks")
            .arg(v2())
            .args(["show", "v2/capital"])
            .assert()
            .success(),
    );
    assert!(
        out.contains("sources: World Atlas, Atlas Press (as of 2020); Annals of Rome (as of 1999-05)"),
        "{out}"
    );
}

#[test]
fn a_renamed_card_keeps_its_history() {
    let env = Env::new();
    let card = |id: &str, extra: &str| {
        format!("[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"{id}\"\nq = \"Q\"\na = \"yes\"\n{extra}")
    };
    let deck = env.write("d.toml", card("old", ""));
    env.cmd()
        .arg("--decks")
        .arg(&deck)
        .args(["--now", "2026-03-01T09:00:00Z", "study"])
        .write_stdin("yes\n\n")
        .assert()
        .success();
    let show = |key: &str| {
        stdout(
            env.cmd()
                .arg("--decks")
                .arg(&deck)
                .args(["--now", "2026-03-01T10:00:00Z", "show", key])
                .assert()
                .success(),
        )
    };
    let before = show("d/old");
    assert!(!before.contains("never studied"), "{before}");
    env.write("d.toml", card("new", ""));
    assert!(show("d/new").contains("never studied"));
    env.write("d.toml", card("new", "renamed_from = [\"old\"]\n"));
    let after = show("d/new");
    assert!(!after.contains("never studied"), "{after}");
    // The same history and state, under the new key (only the card's place in the file differs).
    let from_history = |s: &str| {
        s.lines()
            .skip_while(|l| !l.starts_with("date "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        from_history(&before).contains("good   right    study"),
        "{before}"
    );
    assert_eq!(from_history(&before), from_history(&after));
}
