//! The study loop through piped stdin: a full session, undo, skip, hint, progress across sessions.

use crate::common::{Env, deck};

const T0: &str = "2026-03-01T09:00:00Z";

/// An environment with learning steps off, so a Good answer graduates a new card at once.
fn env() -> Env {
    let env = Env::new();
    env.write(
        "config.toml",
        "learning_steps = []\nrelearning_steps = []\nfuzz = false\n",
    );
    env
}

/// Runs `study` on the test deck at `now` with piped `input`; its standard output (never coloured).
pub(crate) fn study(env: &Env, now: &str, input: &str, extra: &[&str]) -> String {
    let out = env
        .cmd()
        .arg("--config")
        .arg(env.path("config.toml"))
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["--now", now, "study"])
        .args(extra)
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains('\u{1b}'),
        "no colour without a terminal:\n{stdout}"
    );
    stdout
}

/// Every event of the log, its header left out.
pub(crate) fn log_lines(env: &Env) -> Vec<serde_json::Value> {
    std::fs::read_to_string(env.progress())
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn show(env: &Env, key: &str, now: &str) -> String {
    let out = env
        .cmd()
        .arg("--config")
        .arg(env.path("config.toml"))
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["--now", now, "show", key])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_full_session_judges_rates_and_saves_every_answer() {
    let env = env();
    // city right, year wrong (2002), hotel by its text (its letters follow the seeded shuffle),
    // founders five of six, flashcard revealed and rated easy.
    let input =
        "shanghai\n\n2002\n\nShangri-La Hotel\n\nChina, Russia, Kazakhstan, Kyrgyzstan, Tajikistan\n\n\n4\n";
    let out = study(&env, T0, input, &[]);
    assert!(out.contains("── Test deck · #1 · 0 due · 5 new ──"), "{out}");
    assert!(out.contains("✓ right — Shanghai"), "{out}");
    assert!(out.contains("It is named after the city."), "{out}");
    assert!(out.contains("source: Test document (2021-06-01)"), "{out}");
    assert!(out.contains("✗ wrong — 2001"), "{out}");
    assert!(out.contains("~ partly right"), "{out}");
    assert!(out.contains("Uzbekistan"), "{out}");
    assert!(out.contains("Mutual trust, mutual benefit"), "{out}");
    assert!(out.contains("Session summary"), "{out}");
    assert!(
        out.contains("5 card(s): 3 right, 1 partly right, 1 wrong"),
        "{out}"
    );
    let events = log_lines(&env);
    let reviews: Vec<(String, u64)> = events
        .iter()
        .filter(|e| e["type"] == "review")
        .map(|e| {
            (
                e["card"].as_str().unwrap().to_string(),
                e["rating"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reviews,
        vec![
            ("t/city".to_string(), 3),
            ("t/year".to_string(), 1),
            ("t/hotel".to_string(), 3),
            ("t/founders".to_string(), 2),
            ("t/spirit".to_string(), 4),
        ]
    );
}

#[test]
fn progress_carries_over_and_due_dates_follow_the_scheduler() {
    let env = env();
    study(&env, T0, "Shanghai\n\n", &["--limit", "1"]);
    // FSRS-6 default w2 = 2.3065: a first Good gives a 2-day interval, due when that study
    // day begins (4 a.m.).
    let s = show(&env, "t/city", T0);
    assert!(s.contains("due: 2026-03-03 04:00"), "{s}");
    // The next day: city is not due, and the other cards are still new.
    let out = study(&env, "2026-03-02T09:00:00Z", "", &["--new", "0"]);
    assert!(out.contains("Nothing to study now."), "{out}");
    // Two days later it is due.
    let out = study(&env, "2026-03-03T09:30:00Z", "Shanghai\n\n", &["--new", "0"]);
    assert!(out.contains("1 due · 0 new"), "{out}");
    let s = show(&env, "t/city", "2026-03-03T09:30:00Z");
    assert!(s.contains("2 review(s)"), "{s}");
}

#[test]
fn new_cards_a_day_count_what_was_introduced_today() {
    let env = env();
    study(&env, T0, "Shanghai\n\n2001\n\n", &["--new", "2"]);
    // Same day, later: the two introduced count against the limit of 3.
    let out = study(&env, "2026-03-01T15:00:00Z", "b\n\n", &["--new", "3"]);
    assert!(out.contains("0 due · 1 new"), "{out}");
    assert!(out.contains("1 card(s): "), "{out}");
}

#[test]
fn undo_takes_back_the_last_answer() {
    let env = env();
    let out = study(&env, T0, "Tashkent\n\n:undo\nShanghai\n\n:quit\n", &[]);
    assert!(out.contains("✗ wrong — Shanghai"), "{out}");
    assert!(out.contains("undone: t/city comes back now"), "{out}");
    assert!(out.contains("✓ right — Shanghai"), "{out}");
    let events = log_lines(&env);
    let kinds: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["review", "undo", "review"]);
    let s = show(&env, "t/city", T0);
    assert!(s.contains("1 review(s), 0 lapse(s)"), "{s}");
}

#[test]
fn skip_buries_until_tomorrow_and_hint_shows_the_hint() {
    let env = env();
    let out = study(&env, T0, ":hint\n:skip\n:quit\n", &[]);
    assert!(out.contains("hint: a port on the Huangpu"), "{out}");
    assert!(out.contains("skipped until tomorrow"), "{out}");
    let out = study(&env, "2026-03-01T10:00:00Z", ":quit\n", &[]);
    assert!(out.contains("0 due · 4 new"), "{out}");
    let out = study(&env, "2026-03-02T10:00:00Z", ":quit\n", &[]);
    assert!(out.contains("0 due · 5 new"), "{out}");
}

#[test]
fn end_of_input_ends_the_session_and_keeps_what_was_answered() {
    let env = env();
    let out = study(&env, T0, "Shanghai\n\n2001", &[]);
    assert!(out.contains("Session summary"), "{out}");
    // Issue 14: the judged answer in flight is saved with the suggested rating.
    let ratings: Vec<u64> = log_lines(&env)
        .iter()
        .map(|e| e["rating"].as_u64().unwrap())
        .collect();
    assert_eq!(ratings, [3, 3]);
}

#[test]
fn in_loop_commands_help_source_edit_stats() {
    let env = env();
    let out = study(&env, T0, ":help\n:source\n:edit\n:stats\n:bogus\n:quit\n", &[]);
    assert!(
        out.contains(":undo    take back the last answer or skip"),
        "{out}"
    );
    // Before the answer the source's title stays hidden (it often names the answer).
    assert!(
        out.contains("source: as of 2021-06-01; its title shows after you answer"),
        "{out}"
    );
    assert!(!out.contains("Test document"), "{out}");
    assert!(out.contains("study.toml:8"), "{out}");
    assert!(out.contains("this session: 0 card(s)"), "{out}");
    assert!(out.contains("unknown command :bogus"), "{out}");
}

#[test]
fn deck_and_tag_select_cards() {
    let env = env();
    let out = study(&env, T0, ":quit\n", &["--tag", "members"]);
    assert!(out.contains("0 due · 1 new"), "{out}");
    assert!(out.contains("Name the six founders."), "{out}");
    env.cmd()
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["study", "--tag", "nosuchtag"])
        .assert()
        .code(2);
}

#[test]
fn hostile_answers_are_never_echoed_raw() {
    let env = env();
    let out = study(&env, T0, "\u{1b}[2J\u{1b}]0;x\u{7}\n\n", &["--limit", "1"]);
    assert!(out.contains("\\e[2J"), "{out}");
    let big = "x".repeat(2 << 20);
    study(
        &env,
        "2026-03-05T09:00:00Z",
        &format!("{big}\n\n"),
        &["--limit", "1"],
    );
}

#[test]
fn deck_edits_keep_history_edited_text_keeps_progress_and_removed_cards_are_orphans() {
    let env = env();
    let deck_path = env.write("d.toml", std::fs::read_to_string(deck("study.toml")).unwrap());
    let run = |now: &str, input: &str| {
        env.cmd()
            .arg("--config")
            .arg(env.path("config.toml"))
            .arg("--decks")
            .arg(&deck_path)
            .args(["--now", now, "study", "--limit", "1"])
            .write_stdin(input.to_string())
            .assert()
            .success();
    };
    run(T0, "Shanghai\n\n");
    // Reword the question (same id): the card keeps its progress.
    let text = std::fs::read_to_string(&deck_path).unwrap();
    std::fs::write(
        &deck_path,
        text.replace(
            "In which city was the SCO founded?",
            "Which city gave the SCO its name?",
        ),
    )
    .unwrap();
    let out = crate::common::stdout(
        env.cmd()
            .arg("--config")
            .arg(env.path("config.toml"))
            .arg("--decks")
            .arg(&deck_path)
            .args(["--now", T0, "show", "t/city"])
            .assert()
            .success(),
    );
    assert!(
        out.contains("Which city gave the SCO its name?") && out.contains("1 review(s)"),
        "{out}"
    );
    // Remove the card: its history stays in the log and `decks` and `check` call it orphaned.
    let text = std::fs::read_to_string(&deck_path).unwrap();
    let start = text.find("[[card]]\nid = \"city\"").unwrap();
    let end = start + text[start..].find("\n[[card]]").unwrap() + 1;
    std::fs::write(&deck_path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    for cmd in ["decks", "check"] {
        let out = crate::common::stdout(
            env.cmd()
                .arg("--decks")
                .arg(&deck_path)
                .arg(cmd)
                .assert()
                .success(),
        );
        // One count line; the ids are under `decks --orphans`.
        assert!(
            out.contains("note: 1 studied card(s) are in no deck any more (history kept); `deckard decks --orphans` lists them")
                && !out.contains("t/city"),
            "{cmd}: {out}"
        );
    }
    let out = crate::common::stdout(
        env.cmd()
            .arg("--decks")
            .arg(&deck_path)
            .args(["decks", "--orphans"])
            .assert()
            .success(),
    );
    assert_eq!(out, "t/city\n");
    assert!(
        std::fs::read_to_string(env.progress())
            .unwrap()
            .contains("\"t/city\"")
    );
}

#[test]
fn input_naming_no_choice_is_asked_again_not_scored() {
    // Before: `zzz` on the hotel question was judged wrong and rated again.
    let env = env();
    let input = "shanghai\n\n2002\n\nzzz\nShangri-La Hotel\n\n";
    let out = study(&env, T0, input, &["--limit", "3"]);
    assert!(out.contains("'zzz' names no choice: type a letter a–c"), "{out}");
    let hotel: Vec<serde_json::Value> = log_lines(&env)
        .into_iter()
        .filter(|e| e["card"] == "t/hotel")
        .collect();
    assert_eq!(hotel.len(), 1, "one answer recorded: {hotel:?}");
    assert_eq!(hotel[0]["answer"], "Shangri-La Hotel");
    assert_eq!(hotel[0]["verdict"], "right");
}
