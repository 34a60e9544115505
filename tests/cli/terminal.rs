//! Issue 14, terminal safety: JSON output and echoed paths never carry characters that drive a
//! terminal (8-bit CSI, DEL, bidi overrides), while JSON values stay exact.

use crate::common::{Env, stdout};

/// Characters a terminal must never receive raw.
const RAW: [char; 4] = ['\u{9b}', '\u{7f}', '\u{202e}', '\u{1b}'];

fn assert_no_raw(out: &str) {
    for c in RAW {
        assert!(!out.contains(c), "raw U+{:04X} in output: {out:?}", c as u32);
    }
}

fn hostile_deck(env: &Env) -> std::path::PathBuf {
    env.write(
        "h.toml",
        // TOML escapes: the file itself may not hold raw control characters.
        r#"[deck]
id = "h"
title = "H"
[[card]]
id = "c"
q = "What\u009B31m is \u202Ethis\u007F?"
a = "yes\u009B"
explain = "\u202Ex"
"#,
    )
}

/// On main `judge --json` printed `given` as `\\u{9b}` (the escape of the terminal sanitizer,
/// not the answer typed) and deck text raw.
#[test]
fn judge_json_escapes_for_the_terminal_and_keeps_given_exact() {
    let env = Env::new();
    let deck = hostile_deck(&env);
    let given = "no\u{9b}2J\u{202e}";
    let out = stdout(
        env.cmd()
            .arg("--decks")
            .arg(&deck)
            .args(["judge", "h/c", given, "--json"])
            .assert()
            .success(),
    );
    assert_no_raw(&out);
    assert!(out.contains("\\u009b"), "{out}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["given"], given);
    assert_eq!(v["canonical"], "yes\u{9b}");
}

/// On main `quiz --json` passed the deck's U+009B, DEL and U+202E straight through.
#[test]
fn quiz_json_escapes_deck_text_and_answers() {
    let env = Env::new();
    let deck = hostile_deck(&env);
    let out = stdout(
        env.cmd()
            .arg("--decks")
            .arg(&deck)
            .args(["quiz", "--json", "--count", "1"])
            .write_stdin("yes\u{9b}\n")
            .assert()
            .success(),
    );
    let json = &out[out.find("\n{").map_or(0, |i| i + 1)..];
    assert_no_raw(json);
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["questions"][0]["given"], "yes\u{9b}", "{v}");
}

/// On main `new`, `import` and `fmt` echoed file names raw: a name holding an escape
/// sequence recoloured (or worse) the terminal.
#[test]
fn echoed_file_names_are_escaped() {
    let env = Env::new();
    let name = "deck\u{1b}[31m\u{202e}.toml";
    let out = stdout(env.cmd().args(["new", name]).assert().success());
    assert_no_raw(&out);
    assert!(out.contains("deck\\e[31m\\u{202e}.toml"), "{out}");
    let csv = "in\u{1b}[2J.csv";
    env.write(csv, "q,a\nQ?,A\n");
    let out = stdout(env.cmd().args(["import", csv, "--to", name]).assert().success());
    assert_no_raw(&out);
    assert!(out.contains("imported 1 card(s) into deck\\e[31m"), "{out}");
    // Made unformatted on purpose, so fmt names the file.
    let mut text = std::fs::read_to_string(env.path(name)).unwrap();
    text.push_str("\n\n\n");
    std::fs::write(env.path(name), text).unwrap();
    let out = stdout(env.cmd().args(["fmt", name]).assert().success());
    assert_no_raw(&out);
    assert!(out.contains("formatted deck\\e[31m"), "{out}");
}
