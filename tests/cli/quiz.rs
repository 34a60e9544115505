//! `deckard quiz` through piped stdin: a seeded quiz with an exact JSON report, deadlines,
//! skip, history, and what the quiz writes to the progress log.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use crate::common::{Env, deck};
use serde_json::Value;

const NOW: &str = "2026-03-01T09:00:00Z";

fn quiz_json(env: &Env, input: &str, extra: &[&str]) -> Value {
    let out = env
        .cmd()
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["--now", NOW, "--seed", "5", "quiz", "--json"])
        .args(extra)
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let start = text.find("\n{").map(|i| i + 1).unwrap_or(0);
    serde_json::from_str(&text[start..]).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// (card, given, verdict, score) of each question; `ms` varies with the machine and is left out.
fn rows(report: &Value) -> Vec<(String, Option<String>, String, f64)> {
    report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["card"].as_str().unwrap().to_string(),
                q["given"].as_str().map(str::to_string),
                q["verdict"].as_str().unwrap().to_string(),
                q["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_seeded_quiz_gives_an_exact_report() {
    let env = Env::new();
    // The seed fixes the draw: founders, city, hotel, year (the flashcard has no distractors).
    let input = "China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, India\nShanghia\n:skip\n2002\nb\n";
    let r = quiz_json(&env, input, &["--count", "5"]);
    let got = rows(&r);
    let cards: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(cards, vec!["founders", "city", "hotel", "year"], "{r}");
    assert_eq!(got[0].2, "partial");
    assert!(got[0].3 > 0.5 && got[0].3 < 1.0, "{r}");
    assert_eq!(
        (got[1].2.as_str(), got[1].3),
        ("right", 1.0),
        "a typo in a long-enough word is forgiven: {r}"
    );
    assert_eq!(
        (got[2].1.as_deref(), got[2].2.as_str(), got[2].3),
        (Some("b"), "right", 1.0),
        "{r}"
    );
    assert_eq!((got[3].2.as_str(), got[3].3), ("wrong", 0.0), "{r}");
    assert_eq!(r["max"].as_f64(), Some(4.0));
    let total = got.iter().map(|g| g.3).sum::<f64>();
    assert!((r["total"].as_f64().unwrap() - total).abs() < 1e-3, "{r}");
    // The same seed gives the same draw and order again.
    let again = quiz_json(&Env::new(), input, &["--count", "5"]);
    assert_eq!(rows(&again), got);
}

#[test]
fn unanswered_questions_are_skipped_and_quit_reports() {
    let env = Env::new();
    let r = quiz_json(&env, "Shanghai\n:quit\n", &["--count", "3"]);
    let verdicts: Vec<String> = rows(&r).into_iter().map(|g| g.2).collect();
    assert_eq!(verdicts.iter().filter(|v| *v == "skipped").count(), 2, "{r}");
}

#[test]
fn answers_are_logged_and_history_lists_the_quiz() {
    let env = Env::new();
    // The third question is a choice: `z` would name no choice and be asked again, so it is
    // answered with a choice's text.
    quiz_json(&env, "x\ny\nPeace Hotel\n", &["--count", "3"]);
    let log = std::fs::read_to_string(env.progress()).unwrap();
    let events: Vec<Value> = log
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reviews: Vec<&Value> = events.iter().filter(|e| e["type"] == "review").collect();
    assert_eq!(reviews.len(), 3);
    assert!(reviews.iter().all(|e| e["mode"] == "quiz"));
    // New cards stay new: a quiz answer does not reschedule them.
    assert!(reviews.iter().all(|e| e["reschedule"] == false), "{log}");
    assert_eq!(events.last().unwrap()["type"], "quiz");
    let out = crate::common::stdout(env.cmd().args(["quiz", "--history"]).assert().success());
    assert!(out.contains("2026-03-01 09:00") && out.contains("/3"), "{out}");
}

/// Runs a quiz feeding answers with pauses: (delay before, line).
fn timed_quiz(env: &Env, args: &[&str], feed: &[(u64, &str)]) -> Value {
    let lines: Vec<(u64, String)> = feed.iter().map(|(d, l)| (*d, format!("{l}\n"))).collect();
    let raw: Vec<(u64, &str)> = lines.iter().map(|(d, l)| (*d, l.as_str())).collect();
    timed_quiz_raw(env, args, &raw)
}

/// Runs a quiz feeding raw text with pauses: (delay before, text, newlines included).
fn timed_quiz_raw(env: &Env, args: &[&str], feed: &[(u64, &str)]) -> Value {
    let mut child = env
        .std_cmd()
        .arg("--decks")
        .arg(deck("study.toml"))
        .arg("--progress")
        .arg(env.progress())
        .args(["--now", NOW, "--seed", "5", "quiz", "--json"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for (delay, text) in feed {
        std::thread::sleep(Duration::from_millis(*delay));
        let _ = write!(stdin, "{text}");
        let _ = stdin.flush();
    }
    // Keep stdin open: the quiz must end on its own clock, not on end of input.
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let start = text.find("\n{").map(|i| i + 1).unwrap_or(0);
    serde_json::from_str(&text[start..]).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn a_late_answer_scores_zero_as_timeout() {
    let env = Env::new();
    let r = timed_quiz(
        &env,
        &["--count", "2", "--per-question", "1s"],
        &[
            (0, "China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan"),
            (1500, "Shanghai"),
        ],
    );
    let got = rows(&r);
    assert_eq!((got[0].2.as_str(), got[0].3), ("right", 1.0), "{r}");
    assert_eq!((got[1].2.as_str(), got[1].3), ("timeout", 0.0), "{r}");
}

#[test]
fn when_the_whole_quiz_runs_out_the_report_follows() {
    let env = Env::new();
    let r = timed_quiz(&env, &["--count", "3", "--time", "1s"], &[]);
    let verdicts: Vec<String> = rows(&r).into_iter().map(|g| g.2).collect();
    assert_eq!(verdicts, vec!["timeout", "skipped", "skipped"], "{r}");
}

#[test]
fn bad_durations_are_usage_errors() {
    let env = Env::new();
    env.cmd().args(["quiz", "--time", "ten minutes"]).assert().code(2);
    env.cmd().args(["quiz", "--kinds", "essay"]).assert().code(2);
}

#[test]
fn text_typed_before_the_deadline_is_judged_as_given() {
    // Before: the unfinished line was thrown away and the question timed out.
    let env = Env::new();
    let r = timed_quiz_raw(
        &env,
        &["--count", "2", "--per-question", "1s"],
        &[
            (
                0,
                "China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan\n",
            ),
            // Typed within the second question's second, Enter pressed only after it.
            (200, "Shanghai"),
            (1500, "\n"),
        ],
    );
    let got = rows(&r);
    assert_eq!(got[1].0, "city", "{r}");
    assert_eq!(
        (got[1].1.as_deref(), got[1].2.as_str(), got[1].3),
        (Some("Shanghai"), "right", 1.0),
        "{r}"
    );
}

#[test]
fn study_commands_and_input_naming_no_choice_are_asked_again() {
    // Before: `:undo`, `:stats`, `:source` and `:edit` were taken as answers and marked wrong,
    // and so was `z` on a choice question (a point lost under --negative).
    let env = Env::new();
    let out = env
        .cmd()
        .arg("--decks")
        .arg(deck("study.toml"))
        .args([
            "--now",
            NOW,
            "--seed",
            "5",
            "quiz",
            "--json",
            "--count",
            "3",
            "--negative",
        ])
        .write_stdin("x\n:undo\n:stats\n:source\n:edit\nShanghai\nz\n5\nPeace Hotel\n")
        .assert()
        .success();
    let output = out.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    for cmd in [":undo", ":stats", ":source", ":edit"] {
        assert!(
            stderr.contains(&format!("{cmd} is not available in a quiz")),
            "{stderr}"
        );
    }
    assert!(stderr.contains("'z' names no choice"), "{stderr}");
    assert!(stderr.contains("'5' names no choice"), "{stderr}");
    let text = String::from_utf8_lossy(&output.stdout);
    let start = text.find("\n{").map(|i| i + 1).unwrap_or(0);
    let r: Value = serde_json::from_str(&text[start..]).unwrap();
    let got = rows(&r);
    assert_eq!(
        got.iter().map(|g| g.1.as_deref()).collect::<Vec<_>>(),
        vec![Some("x"), Some("Shanghai"), Some("Peace Hotel")],
        "{r}"
    );
    assert_eq!(got[1].2, "right", "{r}");
    // The hotel question records the options in the order shown.
    assert_eq!(r["questions"][2]["shown"].as_array().unwrap().len(), 3, "{r}");
}
