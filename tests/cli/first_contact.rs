//! A new learner's first commands: bare `deckard`, `--now` with a date, and the quiz's notes
//! and history as a script would read them.

use crate::common::{Env, NOW as T0, deck, stdout};

#[test]
fn bare_deckard_says_what_is_due_and_the_command_to_run() {
    let env = Env::new();
    let out = stdout(env.cmd().assert().success());
    assert_eq!(
        out,
        "Due now: 0 review(s), 20 new.\nRun `deckard study` to start.\n"
    );
    // One new card a day, default learning steps (1m, 10m).
    let config = env.write("c.toml", "new_per_day = 1\n");
    let at = |now: &str| {
        let mut c = env.cmd();
        c.env("DECKARD_CONFIG", &config)
            .arg("--decks")
            .arg(deck("study.toml"))
            .args(["--now", now]);
        c
    };
    at(T0).arg("study").write_stdin("Shanghai\n\n").assert().success();
    // The card answered right waits ten minutes in its learning step.
    let out = stdout(at("2026-03-01T09:05:00Z").assert().success());
    assert_eq!(
        out,
        "Nothing due now. The next card is due today at 09:10.\nToday's 1 new cards are done; `deckard study --new 21` allows more.\n"
    );
    let out = stdout(at("2026-03-01T09:30:00Z").assert().success());
    assert_eq!(
        out,
        "Due now: 0 review(s), 1 in learning, 0 new.\nRun `deckard study` to start.\n"
    );
}

#[test]
fn now_accepts_a_plain_date_and_names_the_formats_it_takes() {
    let env = Env::new();
    env.cmd()
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["--now", "2026-12-01", "study", "--limit", "1"])
        .write_stdin("Shanghai\n\n")
        .assert()
        .success();
    let log = std::fs::read_to_string(env.progress()).unwrap();
    // Noon in the harness's time zone (UTC).
    assert!(log.contains("\"time\":\"2026-12-01T12:00:00Z\""), "{log}");
    let a = env.cmd().args(["--now", "1st of May", "decks"]).assert().code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains("use 2026-03-01T09:00:00Z, 2026-03-01T09:00 (local) or 2026-03-01 (noon local)"),
        "{err}"
    );
}

#[test]
fn a_pretend_time_written_into_the_default_log_is_warned_about() {
    let env = Env::new();
    let run = |progress: Option<&std::path::Path>| {
        let mut c = env.cmd();
        c.env_remove("DECKARD_PROGRESS");
        if let Some(p) = progress {
            c.arg("--progress").arg(p);
        }
        let a = c
            .arg("--decks")
            .arg(deck("study.toml"))
            .args(["study", "--limit", "1"])
            .write_stdin("Shanghai\n\n")
            .assert()
            .success();
        String::from_utf8_lossy(&a.get_output().stderr).into_owned()
    };
    let err = run(None);
    assert!(err.contains("deckard: warning: --now 2026-03-01T09:00:00Z is not the current time, and answers go into your progress log"), "{err}");
    // A log named on the command line is the learner's choice: no warning.
    let err = run(Some(&env.path("other.jsonl")));
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn quiz_notes_are_one_line_and_history_prints_json() {
    let env = Env::new();
    let d = env.write(
        "f.toml",
        "[deck]\nid = \"f\"\ntitle = \"F\"\n[[card]]\nid = \"a\"\nfront = \"A\"\nback = \"1\"\n[[card]]\nid = \"b\"\nfront = \"B\"\nback = \"2\"\n[[card]]\nid = \"n\"\nq = \"N?\"\na = 3\n",
    );
    let out = stdout(
        env.cmd()
            .arg("--decks")
            .arg(&d)
            .args(["quiz", "--count", "3"])
            .write_stdin("3\n")
            .assert()
            .success(),
    );
    let notes: Vec<&str> = out.lines().filter(|l| l.contains("left out")).collect();
    assert_eq!(
        notes,
        ["2 cards left out: a flashcard with too few others in its deck to make choices"],
        "{out}"
    );
    let out = stdout(env.cmd().args(["quiz", "--history", "--json"]).assert().success());
    let v: serde_json::Value = serde_json::from_str(&out).expect(&out);
    assert_eq!(v[0]["score"], 1.0);
    assert_eq!(v[0]["decks"], serde_json::json!(["f"]));
    assert_eq!(v[0]["time"], "2026-03-01T09:00:00Z");
}

/// The README's scripted session, run as written against the bundled decks: a new learner's
/// first card (founding comes first by position) is judged right and saved.
#[test]
fn the_readme_example_session_is_judged_right() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let start = readme.find("`printf '").expect("the README has a printf example") + "`printf '".len();
    let input = &readme[start..start + readme[start..].find('\'').unwrap()];
    let rest = &readme[start + input.len()..];
    assert!(rest.starts_with("' | deckard study --limit 1`"), "{rest}");
    let env = Env::new();
    let out = stdout(
        env.cmd()
            .args(["study", "--limit", "1"])
            .write_stdin(input.replace("\\n", "\n"))
            .assert()
            .success(),
    );
    assert!(out.contains("✓ right"), "{out}");
    let log = std::fs::read_to_string(env.progress()).unwrap();
    assert!(log.contains("\"verdict\":\"right\""), "{log}");
}

/// A piped quiz prints no countdown: only the budget in the prompt, then "time's up".
#[test]
fn a_piped_timed_quiz_prints_nothing_per_second() {
    use std::io::Write;
    let env = Env::new();
    let mut child = env
        .std_cmd()
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["quiz", "--count", "1", "--kinds", "text", "--per-question", "1s"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let _ = stdin.write_all(b"late\n");
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("[0:01] > "), "{out}");
    assert!(out.contains("time's up"), "{out}");
    assert!(!out.contains(" left\n") && !out.contains('⏱'), "{out}");
}
