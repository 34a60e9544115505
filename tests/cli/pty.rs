//! The study loop and the quiz on a real pseudo-terminal (rustyline): prompts, Ctrl-C, Ctrl-D,
//! the countdown.

use crate::common::{Env, deck};
use rexpect::session::{PtySession, spawn_command};

fn spawn(env: &Env, args: &[&str]) -> PtySession {
    env.write(
        "config.toml",
        "learning_steps = []\nrelearning_steps = []\nfuzz = false\n",
    );
    let mut cmd = env.std_cmd();
    cmd.env("TERM", "xterm")
        .arg("--decks")
        .arg(deck("study.toml"))
        .arg("--progress")
        .arg(env.progress())
        .arg("--config")
        .arg(env.path("config.toml"))
        .args(["--seed", "3", "--now", "2026-03-01T09:00:00Z"])
        .args(args);
    spawn_command(cmd, Some(10_000)).expect("spawn on a pty")
}

fn reviews(env: &Env) -> usize {
    std::fs::read_to_string(env.progress())
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"review\""))
        .count()
}

#[test]
fn study_on_a_terminal_with_ctrl_c_and_ctrl_d() {
    let env = Env::new();
    let mut p = spawn(&env, &["study"]);
    p.exp_string("In which city was the SCO founded?").unwrap();
    p.exp_string("> ").unwrap();
    // Ctrl-C clears the input in progress; the question stays.
    p.send("Tashk").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("Shanghai").unwrap();
    p.exp_string(" right ").unwrap();
    p.exp_string("rate (Enter = good) > ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("next in 2d").unwrap();
    p.exp_string("In which year").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line(":undo").unwrap();
    p.exp_string("undone: t/city comes back now").unwrap();
    p.exp_string("In which city was the SCO founded?").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("Shanghai").unwrap();
    p.exp_string("rate (Enter = good) > ").unwrap();
    p.send_line("4").unwrap();
    p.exp_string("In which year").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line(":hint").unwrap();
    p.exp_string("no hint for this card").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line(":skip").unwrap();
    p.exp_string("skipped until tomorrow").unwrap();
    p.exp_string("Where was the declaration signed?").unwrap();
    p.exp_string("> ").unwrap();
    // Ctrl-D ends the session; everything answered is saved.
    p.send_control('d').unwrap();
    p.exp_string("Session summary").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(reviews(&env), 2);
}

#[test]
fn quiz_on_a_terminal_shows_the_countdown_and_the_report() {
    let env = Env::new();
    let mut p = spawn(&env, &["quiz", "--count", "2", "--per-question", "3s"]);
    p.exp_string("Quiz: 2 question(s)").unwrap();
    // The countdown is a status line above a plain prompt (screen.rs checks it is rewritten
    // in place).
    p.exp_regex(r"0:0[0-3] left").unwrap();
    p.exp_string("> ").unwrap();
    // The countdown ticks on screen while the learner thinks, then time runs out: the open
    // line is closed with Enter and the next question follows.
    p.exp_string("left").unwrap();
    p.exp_string("time's up").unwrap();
    p.exp_string("press Enter").unwrap();
    p.send_line("").unwrap();
    p.exp_string("question").unwrap();
    p.exp_regex(r"0:0[0-3] left").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line(":quit").unwrap();
    p.exp_string("Quiz report").unwrap();
    p.exp_string("timeout").unwrap();
    p.exp_string("score:").unwrap();
    p.exp_eof().unwrap();
}

// A stray Enter used to answer the next card with nothing (judged wrong, rated Again), and
// Ctrl-C on an empty line did nothing visible.
#[test]
fn a_stray_enter_is_asked_about_and_ctrl_c_twice_quits() {
    let env = Env::new();
    let mut p = spawn(&env, &["study"]);
    p.exp_string("In which city was the SCO founded?").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("nothing typed: Enter again shows the answer")
        .unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("Shanghai").unwrap();
    p.exp_string("rate (Enter = good) > ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("In which year").unwrap();
    p.exp_string("> ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Ctrl-C again, :quit or Ctrl-D ends the session")
        .unwrap();
    p.exp_string("> ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Session summary").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(reviews(&env), 1);
}

// Issue 14 on a terminal: Ctrl-D at the rating prompt ended the session without the answer.
#[test]
fn ctrl_d_at_the_rating_prompt_saves_the_judged_answer() {
    let env = Env::new();
    let mut p = spawn(&env, &["study"]);
    p.exp_string("> ").unwrap();
    p.send_line("Shanghai").unwrap();
    p.exp_string("rate (Enter = good) > ").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("Session summary").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(reviews(&env), 1);
}

// Enter reveals a flashcard; a second, stray Enter must not rate a back never read.
#[test]
fn a_flashcard_on_a_terminal_needs_a_typed_rating() {
    let env = Env::new();
    let mut p = spawn(&env, &["study"]);
    for n in 1..=4 {
        p.exp_string(&format!("#{n} ")).unwrap();
        p.exp_string("\n").unwrap();
        p.exp_string("> ").unwrap();
        p.send_line(":skip").unwrap();
    }
    p.exp_string("What is the Shanghai Spirit?").unwrap();
    p.exp_string("(Enter to reveal) > ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("answer: Mutual trust").unwrap();
    p.exp_string("rate 1-4 > ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("how well did you recall it?").unwrap();
    p.exp_string("rate 1-4 > ").unwrap();
    p.send_line("2").unwrap();
    p.exp_string("Session summary").unwrap();
    p.exp_eof().unwrap();
    let log = std::fs::read_to_string(env.progress()).unwrap();
    assert!(log.contains("\"card\":\"t/spirit\",\"rating\":2"), "{log}");
}

#[test]
fn quiz_on_a_terminal_judges_what_was_typed_when_time_ran_out() {
    // Before: the line typed but not entered by the deadline was thrown away (a timeout).
    // rustyline cannot hand over an unfinished line; deckard keeps it from the hinter, which
    // rustyline calls after every edit.
    let env = Env::new();
    let mut p = spawn(
        &env,
        &["quiz", "--kinds", "text", "--count", "1", "--per-question", "2s"],
    );
    p.exp_string("In which city was the SCO founded?").unwrap();
    p.exp_regex(r"0:0[0-2] left").unwrap();
    p.exp_string("> ").unwrap();
    p.send("Shanghai").unwrap();
    p.flush().unwrap();
    p.exp_string("time's up").unwrap();
    p.exp_string("right").unwrap();
    p.exp_string("press Enter").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Quiz report").unwrap();
    p.exp_string("given: Shanghai").unwrap();
    p.exp_string("score: 1 / 1").unwrap();
    p.exp_eof().unwrap();
}
