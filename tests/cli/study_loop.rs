//! The study loop's second round (issue 15, and issue 14's lost answer): what happens at the
//! rating prompt, undo, the summary, the new-card limit, broken deck files, `:edit`.

use crate::common::{Env, deck};

const T0: &str = "2026-03-01T09:00:00Z";

fn env(config: &str) -> Env {
    let env = Env::new();
    env.write("config.toml", config);
    env
}

const NO_STEPS: &str = "learning_steps = []\nrelearning_steps = []\nfuzz = false\n";

fn run(env: &Env, input: &str, args: &[&str]) -> String {
    crate::study::study(env, T0, input, args)
}

fn events(env: &Env) -> Vec<serde_json::Value> {
    crate::study::log_lines(env)
}

fn reviews(env: &Env) -> Vec<(String, u64)> {
    events(env)
        .iter()
        .filter(|e| e["type"] == "review")
        .map(|e| {
            (
                e["card"].as_str().unwrap().to_string(),
                e["rating"].as_u64().unwrap(),
            )
        })
        .collect()
}

// Issue 14: `printf 'Success\n' | deckard study --limit 1` showed "✓ right" and saved nothing:
// input ended at the rating prompt and the judged answer was dropped.
#[test]
fn input_ending_at_the_rating_prompt_saves_the_judged_answer() {
    let env = env(NO_STEPS);
    let out = run(&env, "Shanghai\n", &["--limit", "1"]);
    assert!(out.contains("✓ right — Shanghai"), "{out}");
    assert_eq!(reviews(&env), [("t/city".to_string(), 3)]);
    // A wrong answer is saved with its suggestion (again).
    let env2 = self::env(NO_STEPS);
    run(&env2, "Tashkent\n", &[]);
    assert_eq!(reviews(&env2), [("t/city".to_string(), 1)]);
}

// A flashcard's back and a card's explanation used to print as two plain lines alike.
#[test]
fn the_answer_and_the_explanation_are_marked_apart() {
    let env = env(NO_STEPS);
    let out = run(&env, "Shanghai\n\n:skip\n:skip\n:skip\n\n3\n", &[]);
    assert!(
        out.contains(
            "✓ right — Shanghai\nwhy: It is named after the city.\nsource: Test document (2021-06-01)\n"
        ),
        "{out}"
    );
    assert!(out.contains("answer: Mutual trust, mutual benefit"), "{out}");
}

#[test]
fn quit_at_the_rating_prompt_saves_the_judged_answer_first() {
    let env = env(NO_STEPS);
    let out = run(&env, "Shanghai\n:quit\n", &[]);
    assert!(out.contains("Session summary"), "{out}");
    assert_eq!(reviews(&env), [("t/city".to_string(), 3)]);
}

#[test]
fn undo_at_the_rating_prompt_takes_the_answer_back_to_retype() {
    let env = env(NO_STEPS);
    let out = run(&env, "Tashkent\n:undo\nShanghai\n\n:quit\n", &[]);
    assert!(out.contains("answer taken back; type it again"), "{out}");
    assert!(out.contains("✓ right — Shanghai"), "{out}");
    // Only the retyped answer is in the log: nothing was saved for the one taken back.
    let ev = events(&env);
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0]["answer"], "Shanghai");
    assert_eq!(ev[0]["rating"], 3);
}

#[test]
fn undo_after_skip_withdraws_the_bury() {
    let env = env(NO_STEPS);
    let out = run(&env, ":skip\n:undo\n:quit\n", &[]);
    assert!(out.contains("undone: t/city comes back now"), "{out}");
    let ev = events(&env);
    let kinds: Vec<&str> = ev.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["bury", "undo"]);
    assert_eq!(ev[1]["target"], ev[0]["id"], "the undo names the bury");
    // The card is asked again at once, and in a later session the same day it is not buried.
    assert_eq!(
        out.matches("In which city was the SCO founded?").count(),
        2,
        "{out}"
    );
    let out = run(&env, ":quit\n", &[]);
    assert!(out.contains("0 due · 5 new"), "{out}");
}

// Undo used to put the card into the review queue: the header then said "1 due · 4 new".
#[test]
fn header_counts_stay_right_after_undo() {
    let env = env(NO_STEPS);
    let out = run(&env, "Shanghai\n\n:undo\n:quit\n", &[]);
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("──")).collect();
    assert_eq!(
        headers,
        [
            "── Test deck · #1 · 0 due · 5 new ──",
            "── Test deck · #2 · 0 due · 4 new ──",
            "── Test deck · #1 · 0 due · 5 new ──",
        ]
    );
}

#[test]
fn summary_counts_cards_lists_missed_and_skipped_and_splits_today_from_tomorrow() {
    // Default learning steps (1m, 10m): a missed card comes back within the session.
    let env = env("fuzz = false\n");
    // The city card is missed, the year card skipped; the city card then comes back
    // (learn-ahead) and is answered right, moving to its 10-minute step.
    let out = run(&env, "Tashkent\n\n:skip\nShanghai\n\n:quit\n", &["--new", "2"]);
    let summary = &out[out.find("Session summary").expect("summary")..];
    // Two answers to one card: one card, counted by its first answer.
    assert!(
        summary.contains("1 card(s): 0 right, 0 partly right, 1 wrong (2 answers)"),
        "{summary}"
    );
    assert!(
        summary.contains("missed:\n  In which city was the SCO founded? → Shanghai"),
        "{summary}"
    );
    assert!(
        summary.contains("skipped until tomorrow:\n  In which year was the SCO founded? → 2001"),
        "{summary}"
    );
    // The city card is in its 10-minute step: due later today, not "tomorrow".
    assert!(
        summary.contains("Due later today: 1 (next at 09:10) · tomorrow: 0."),
        "{summary}"
    );
}

#[test]
fn reaching_the_new_card_limit_says_so_and_how_to_study_more() {
    let env = env(NO_STEPS);
    run(&env, "Shanghai\n\n2001\n\n", &["--new", "2"]);
    let out = run(&env, "", &["--new", "2"]);
    assert!(out.contains("Nothing to study now."), "{out}");
    assert!(
        out.contains("Today's new-card limit (2) is reached; 3 new card(s) wait. `deckard study --new 22` allows 22 today."),
        "{out}"
    );
    let out = run(&env, ":quit\n", &["--new", "22"]);
    assert!(out.contains("0 due · 3 new"), "{out}");
}

#[test]
fn a_number_card_shows_the_unit_it_expects_and_feedback_quotes_the_answer_as_typed() {
    let env = env(NO_STEPS);
    let d = env.write(
        "u.toml",
        "[deck]\nid = \"u\"\ntitle = \"Units\"\n[[card]]\nid = \"n\"\nq = \"How many founders?\"\na = 6\nunit = \"states\"\n",
    );
    let out = env
        .cmd()
        .arg("--config")
        .arg(env.path("config.toml"))
        .arg("--decks")
        .arg(&d)
        .arg("study")
        .write_stdin("Seventeen\n\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("(a number, in states)"), "{out}");
    assert!(out.contains("you typed: “Seventeen”"), "{out}");
}

#[test]
fn one_broken_deck_file_is_left_out_with_a_warning_and_check_still_fails() {
    let env = env(NO_STEPS);
    let dir = env.path("decks");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(deck("study.toml"), dir.join("good.toml")).unwrap();
    env.write(
        "decks/bad.toml",
        "[deck]\nid = \"b\"\ntitle = \"Bad\"\n[[card]]\nid = \"x\"\nq = \"?\"\n",
    );
    let a = env
        .cmd()
        .arg("--config")
        .arg(env.path("config.toml"))
        .arg("--decks")
        .arg(&dir)
        .args(["study", "--limit", "1"])
        .write_stdin("Shanghai\n\n")
        .assert()
        .success();
    let o = a.get_output();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(out.contains("✓ right — Shanghai"), "{out}");
    assert!(err.contains("deckard: warning: left out "), "{err}");
    assert!(err.contains("bad.toml"), "{err}");
    // The diagnostic's hint is on a line of its own, never after a literal `\n`.
    assert!(!err.contains("\\n"), "{err}");
    assert!(err.lines().any(|l| l.trim_start().starts_with("hint:")), "{err}");
    env.cmd().arg("--decks").arg(&dir).arg("check").assert().code(1);
}

#[cfg(unix)]
#[test]
fn edit_opens_the_editor_at_the_cards_line_and_says_so_for_bundled_decks() {
    use std::os::unix::fs::PermissionsExt;
    let env = env(NO_STEPS);
    let record = env.path("editor-args");
    let script = env.write(
        "fake-editor",
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", record.display()),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = env
        .cmd()
        .env("VISUAL", &script)
        .arg("--config")
        .arg(env.path("config.toml"))
        .arg("--decks")
        .arg(deck("study.toml"))
        .arg("study")
        .write_stdin(":edit\n:quit\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let args = std::fs::read_to_string(&record).expect("the editor ran");
    let want = format!("+8\n{}\n", deck("study.toml").display());
    assert_eq!(args, want);
    assert!(out.contains("the change applies from the next session"), "{out}");
    // A bundled deck has no file to open.
    let out = env
        .cmd()
        .env("VISUAL", &script)
        .args(["study", "--limit", "1"])
        .write_stdin(":edit\n:quit\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("is bundled with deckard and cannot be edited"),
        "{out}"
    );
}
