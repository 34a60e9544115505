//! Finding and managing cards through the binary: every search operator on a small deck with a
//! pinned log, the card-state commands and their undo, confirmation, `--query` sessions,
//! `edit`, per-deck settings, shell completions and the man page.

use crate::common::{Env, deck, stderr, stdout};

/// The time of the query tests: a Tuesday morning, study day from 04:00 UTC.
const NOW: &str = "2026-03-10T10:00:00Z";

const GEO: &str = r#"
[deck]
id = "geo"
title = "Geography"
tags = ["world"]

[[card]]
id = "paris"
q = "Capital of France?"
a = "Paris"
tags = ["europe"]

[[card]]
id = "ci"
q = "Which country has Yamoussoukro as its capital?"
a = "Côte d'Ivoire"
tags = ["africa"]

[[card]]
id = "nile"
q = "Longest river?"
choices = ["Nile", "Amazon"]
a = "Nile"
tags = ["africa"]

[[card]]
id = "everest"
q = "Height of Everest in metres?"
a = 8849
draft = true
"#;

const SCO: &str = r#"
[deck]
id = "sco-founding"
title = "SCO"

[[card]]
id = "year"
q = "Year the SCO was founded?"
a = 2001
"#;

fn review(id: u64, time: &str, card: &str, rating: u8) -> String {
    format!(
        r#"{{"id":"{id:016x}","time":"{time}","type":"review","card":"{card}","rating":{rating},"ms":1000,"mode":"study"}}"#
    )
}

/// The pinned log: `paris` answered Good twice (last on 03-02), `nile` a leech (eight lapses,
/// last answered 02-16), `ci` in learning since this morning, `year` never answered but
/// suspended (v2) and buried; `everest` never studied.
fn pinned_log() -> String {
    let mut lines = vec![
        r#"{"deckard":"progress","version":2}"#.to_string(),
        review(1, "2026-01-01T10:00:00Z", "geo/paris", 3),
        review(2, "2026-03-02T10:00:00Z", "geo/paris", 3),
        review(3, "2026-03-10T09:00:00Z", "geo/ci", 1),
        review(100, "2026-01-01T10:00:00Z", "geo/nile", 4),
    ];
    let mut id = 100;
    for day in 0..8 {
        id += 1;
        lines.push(review(
            id,
            &format!("2026-02-{:02}T10:00:00Z", day * 2 + 1),
            "geo/nile",
            1,
        ));
        id += 1;
        lines.push(review(
            id,
            &format!("2026-02-{:02}T10:00:00Z", day * 2 + 2),
            "geo/nile",
            4,
        ));
    }
    lines.push(
        r#"{"id":"00000000000001f4","time":"2026-03-01T10:00:00Z","type":"suspend","card":"sco-founding/year"}"#.into(),
    );
    lines.push(r#"{"id":"00000000000001f5","time":"2026-03-10T09:30:00Z","type":"bury","card":"sco-founding/year","until":"2026-03-11T04:00:00Z"}"#.into());
    lines.join("\n") + "\n"
}

fn geo_env() -> Env {
    let env = Env::new();
    env.write("decks/geo.toml", GEO);
    env.write("decks/sco.toml", SCO);
    env.write("progress.jsonl", pinned_log());
    env
}

fn cmd(env: &Env) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.arg("--decks").arg(env.path("decks")).args(["--now", NOW]);
    c
}

/// The keys `cards QUERY --json` lists.
fn keys(env: &Env, query: &str) -> Vec<String> {
    let out = stdout(cmd(env).args(["cards", query, "--json"]).assert().success());
    out.lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["key"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn each_search_operator_gives_exactly_the_expected_cards() {
    let env = geo_env();
    let all = [
        "geo/paris",
        "geo/ci",
        "geo/nile",
        "geo/everest",
        "sco-founding/year",
    ];
    let cases: &[(&str, &[&str])] = &[
        ("", &all),
        ("capital", &["geo/paris", "geo/ci"]),
        ("CÔTE", &["geo/ci"]),
        ("\"côte d'ivoire\"", &["geo/ci"]),
        ("\"capital of\"", &["geo/paris"]),
        ("amazon", &["geo/nile"]),
        ("deck:geo", &["geo/paris", "geo/ci", "geo/nile", "geo/everest"]),
        ("deck:sco-*", &["sco-founding/year"]),
        ("tag:africa", &["geo/ci", "geo/nile"]),
        ("tag:world -tag:africa", &["geo/paris", "geo/everest"]),
        ("kind:choice", &["geo/nile"]),
        ("is:new", &["geo/everest", "sco-founding/year"]),
        ("is:learning", &["geo/ci"]),
        ("is:review", &["geo/paris", "geo/nile"]),
        ("is:due", &["geo/ci", "geo/nile"]),
        ("is:suspended", &["sco-founding/year"]),
        ("is:buried", &["sco-founding/year"]),
        ("is:leech", &["geo/nile"]),
        ("is:draft", &["geo/everest"]),
        ("prop:ivl>=30", &["geo/paris"]),
        ("prop:lapses>2", &["geo/nile"]),
        ("prop:d>8", &["geo/nile"]),
        ("prop:r<0.8", &["geo/nile"]),
        ("rated:1", &["geo/ci"]),
        ("rated:9", &["geo/paris", "geo/ci"]),
        ("-is:new", &["geo/paris", "geo/ci", "geo/nile"]),
        (
            "tag:africa or deck:sco*",
            &["geo/ci", "geo/nile", "sco-founding/year"],
        ),
        ("-(tag:africa or deck:sco*)", &["geo/paris", "geo/everest"]),
        ("deck:geo (is:new or is:leech)", &["geo/nile", "geo/everest"]),
    ];
    for (query, expected) in cases {
        assert_eq!(keys(&env, query), *expected, "query {query:?}");
    }
    // Sorted by lapses, most first.
    let out = stdout(
        cmd(&env)
            .args(["cards", "deck:geo", "--sort", "lapses", "--json"])
            .assert()
            .success(),
    );
    assert!(
        out.lines().next().unwrap().contains("\"key\":\"geo/nile\""),
        "{out}"
    );
}

#[test]
fn a_bad_query_is_refused_with_its_column_and_a_caret() {
    let env = geo_env();
    let out = cmd(&env).args(["cards", "deck:x is:nw"]).assert().code(2);
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "deckard: error: query:1:11: unknown state `is:nw`\n  deck:x is:nw\n            ^\nhint: is:new"
        ),
        "{err}"
    );
}

#[test]
fn the_table_fits_80_columns_and_escapes_deck_text() {
    let env = Env::new();
    env.write(
        "decks/d.toml",
        "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nid = \"evil\"\nq = \"Bell\\u0007 and \\u001b[31mred\\u001b[0m and a very long prompt that goes on and on past the edge of the screen\"\na = \"x\"\n\n\
         [[card]]\nid = \"zh\"\nq = \"上海合作组织成立于哪一年？上海合作组织成立于哪一年？上海合作组织成立于哪一年？\"\na = \"2001\"\n",
    );
    let out = stdout(
        env.cmd()
            .arg("--decks")
            .arg(env.path("decks"))
            .arg("cards")
            .assert()
            .success(),
    );
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\e[31mred"), "{out}");
    for line in out.lines() {
        let width: usize = line
            .chars()
            .map(|c| {
                if ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '？' {
                    2
                } else {
                    1
                }
            })
            .sum();
        assert!(width <= 80, "{width}: {line}");
    }
    assert!(out.contains("d/evil text   new"), "{out}");
    assert!(out.ends_with("2 card(s)\n"), "{out}");
}

/// A study deck environment with learning steps off (a Good answer graduates at once).
fn study_env() -> Env {
    let env = Env::new();
    env.write(
        "config.toml",
        "learning_steps = []\nrelearning_steps = []\nfuzz = false\n",
    );
    env
}

fn study_cmd(env: &Env, now: &str) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.arg("--config")
        .arg(env.path("config.toml"))
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["--now", now]);
    c
}

fn log_text(env: &Env) -> String {
    std::fs::read_to_string(env.progress()).unwrap()
}

#[test]
fn a_suspended_card_never_comes_up_in_study() {
    let env = study_env();
    let out = stdout(
        study_cmd(&env, "2026-03-01T09:00:00Z")
            .args(["suspend", "t/city", "--yes"])
            .assert()
            .success(),
    );
    assert_eq!(out, "suspended 1 card(s)\n");
    // Answer everything that comes, every day for a month: the city card never shows.
    for day in 1..=30 {
        let now = format!("2026-03-{day:02}T09:00:00Z");
        let out = stdout(
            study_cmd(&env, &now)
                .arg("study")
                .write_stdin("x\n\n".repeat(20))
                .assert()
                .success(),
        );
        assert!(!out.contains("In which city"), "day {day}:\n{out}");
    }
    // Nor in a quiz.
    let out = stdout(
        study_cmd(&env, "2026-03-31T09:00:00Z")
            .args(["quiz", "--count", "10", "--no-reschedule"])
            .write_stdin("x\n".repeat(10))
            .assert()
            .success(),
    );
    assert!(
        !out.contains("In which city") && out.contains("In which year"),
        "{out}"
    );
    // Unsuspended, it is back: still new, so among today's new cards.
    study_cmd(&env, "2026-03-31T09:00:00Z")
        .args(["unsuspend", "t/city", "-y"])
        .assert()
        .success();
    let out = stdout(
        study_cmd(&env, "2026-03-31T09:00:00Z")
            .arg("study")
            .write_stdin("x\n\n".repeat(20))
            .assert()
            .success(),
    );
    assert!(out.contains("In which city"), "{out}");
}

#[test]
fn reset_makes_a_card_new_and_show_keeps_its_history() {
    let env = study_env();
    study_cmd(&env, "2026-03-01T09:00:00Z")
        .arg("study")
        .write_stdin("shanghai\n\n:quit\n")
        .assert()
        .success();
    let show = |now: &str| stdout(study_cmd(&env, now).args(["show", "t/city"]).assert().success());
    assert!(
        show("2026-03-01T10:00:00Z").contains("state: Review"),
        "{}",
        show("2026-03-01T10:00:00Z")
    );
    let out = stdout(
        study_cmd(&env, "2026-03-01T10:00:00Z")
            .args(["reset", "t/city", "-y"])
            .assert()
            .success(),
    );
    assert_eq!(out, "reset 1 card(s)\n");
    let s = show("2026-03-01T10:00:00Z");
    assert!(s.contains("state: New, 0 review(s)"), "{s}");
    assert!(s.contains("2026-03-01 09:00 good"), "history kept:\n{s}");
    assert_eq!(keys_in(&env, "is:new").len(), 5);
    // New again: the next day's session introduces it first (cards answered today wait, as
    // siblings of a card shown today do).
    let out = stdout(
        study_cmd(&env, "2026-03-02T09:00:00Z")
            .arg("study")
            .write_stdin(":quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("0 due · 5 new"), "{out}");
    assert!(out.contains("In which city"), "{out}");
}

fn keys_in(env: &Env, query: &str) -> Vec<String> {
    let out = stdout(
        study_cmd(env, "2026-03-01T10:00:00Z")
            .args(["cards", query, "--json"])
            .assert()
            .success(),
    );
    out.lines().map(str::to_string).collect()
}

#[test]
fn unbury_after_skip_brings_the_card_back_today() {
    let env = study_env();
    let out = stdout(
        study_cmd(&env, "2026-03-01T09:00:00Z")
            .arg("study")
            .write_stdin(":skip\n:quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("skipped until tomorrow"), "{out}");
    let out = stdout(
        study_cmd(&env, "2026-03-01T10:00:00Z")
            .arg("study")
            .write_stdin(":quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("0 due · 4 new"), "{out}");
    let out = stdout(
        study_cmd(&env, "2026-03-01T10:00:00Z")
            .args(["unbury", "is:buried", "--yes"])
            .assert()
            .success(),
    );
    assert_eq!(out, "unburied 1 card(s)\n");
    let last = log_text(&env).lines().last().unwrap().to_string();
    assert!(
        last.contains("\"type\":\"undo\""),
        "unbury is an undo of the bury: {last}"
    );
    let out = stdout(
        study_cmd(&env, "2026-03-01T10:00:00Z")
            .arg("study")
            .write_stdin(":quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("0 due · 5 new"), "{out}");
    assert!(out.contains("In which city"), "{out}");
}

/// The `cards --json` view of every card, for comparing states.
fn states(env: &Env) -> String {
    stdout(
        study_cmd(env, "2026-03-05T10:00:00Z")
            .args(["cards", "--json"])
            .assert()
            .success(),
    )
}

#[test]
fn undoing_each_event_type_restores_the_state() {
    let env = study_env();
    // Some history first: every card answered once.
    study_cmd(&env, "2026-03-01T09:00:00Z")
        .arg("study")
        .write_stdin("shanghai\n\n2001\n\nb\n\nChina\n\n\n3\n")
        .assert()
        .success();
    let changes: &[&[&str]] = &[
        &["suspend", "t/city", "-y"],
        &["reset", "t/year", "-y"],
        &["reschedule", "t/hotel", "--days", "9", "-y"],
        &["suspend", "t/spirit", "-y"], // then unsuspend is the change undone below
    ];
    for change in changes {
        let before = states(&env);
        study_cmd(&env, "2026-03-05T09:00:00Z")
            .args(*change)
            .assert()
            .success();
        let changed = states(&env);
        assert_ne!(changed, before, "{change:?} changes the state");
        undo_last(&env);
        assert_eq!(states(&env), before, "undoing {change:?}");
    }
    // Unsuspend, undone, leaves the card suspended.
    study_cmd(&env, "2026-03-05T09:00:00Z")
        .args(["suspend", "t/spirit", "-y"])
        .assert()
        .success();
    let before = states(&env);
    study_cmd(&env, "2026-03-05T09:00:00Z")
        .args(["unsuspend", "t/spirit", "-y"])
        .assert()
        .success();
    assert_ne!(states(&env), before);
    undo_last(&env);
    assert_eq!(states(&env), before);
    // A bury (`:skip`), undone by `unbury`.
    let before = states(&env);
    study_cmd(&env, "2026-03-05T09:00:00Z")
        .arg("study")
        .write_stdin(":skip\n:quit\n")
        .assert()
        .success();
    assert_ne!(states(&env), before);
    study_cmd(&env, "2026-03-05T09:00:00Z")
        .args(["unbury", "is:buried", "-y"])
        .assert()
        .success();
    assert_eq!(states(&env), before);
}

/// Appends an `undo` of the log's last event, as another deckard (or a later `:undo`) would.
fn undo_last(env: &Env) {
    let text = log_text(env);
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    let line = format!(
        r#"{{"id":"ffffffff{:08x}","time":"2026-03-05T09:00:01Z","type":"undo","target":"{}"}}"#,
        text.lines().count(),
        last["id"].as_str().unwrap()
    );
    std::fs::write(env.progress(), text + &line + "\n").unwrap();
}

#[test]
fn without_a_terminal_changes_need_yes_and_the_log_stays_untouched() {
    let env = study_env();
    let out = study_cmd(&env, "2026-03-01T09:00:00Z")
        .args(["suspend", "tag:founding"])
        .assert()
        .code(2);
    let err = stderr(&out);
    assert!(
        err.contains("suspend 3 card(s) (t/city, t/year, t/hotel): not confirmed"),
        "{err}"
    );
    assert!(err.contains("hint: pass --yes"), "{err}");
    assert_eq!(log_text(&env), "{\"deckard\":\"progress\",\"version\":1}\n");
    let err = stderr(
        &study_cmd(&env, "2026-03-01T09:00:00Z")
            .args(["reset", "t/nope", "-y"])
            .assert()
            .code(2),
    );
    assert!(err.starts_with("deckard: error: no card `t/nope`"), "{err}");
}

#[test]
fn the_first_card_event_raises_the_log_to_version_2() {
    let env = study_env();
    study_cmd(&env, "2026-03-01T09:00:00Z")
        .arg("study")
        .write_stdin("shanghai\n\n:quit\n")
        .assert()
        .success();
    assert!(log_text(&env).starts_with("{\"deckard\":\"progress\",\"version\":1}\n"));
    study_cmd(&env, "2026-03-01T09:00:00Z")
        .args(["reschedule", "t/city", "--date", "2026-04-01", "-y"])
        .assert()
        .success();
    let text = log_text(&env);
    assert!(
        text.starts_with("{\"deckard\":\"progress\",\"version\":2}\n"),
        "{text}"
    );
    assert!(
        text.contains("\"type\":\"reschedule\",\"card\":\"t/city\",\"due\":\"2026-04-01T04:00:00Z\""),
        "{text}"
    );
    let show = stdout(
        study_cmd(&env, "2026-03-02T09:00:00Z")
            .args(["show", "t/city"])
            .assert()
            .success(),
    );
    assert!(show.contains("due: 2026-04-01 04:00 UTC"), "{show}");
}

#[test]
fn study_and_quiz_take_a_query() {
    let env = study_env();
    let out = stdout(
        study_cmd(&env, "2026-03-01T09:00:00Z")
            .args(["study", "--query", "tag:members or kind:flashcard"])
            .write_stdin(":quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("0 due · 2 new"), "{out}");
    let out = stdout(
        study_cmd(&env, "2026-03-01T09:00:00Z")
            .args([
                "quiz",
                "--query",
                "tag:founding -kind:choice",
                "--count",
                "10",
                "--json",
            ])
            .write_stdin("x\n".repeat(10))
            .assert()
            .success(),
    );
    // The report is one JSON document after the prompts.
    let (start, end) = (out.find("{\n").unwrap(), out.rfind('}').unwrap());
    let report: serde_json::Value = serde_json::from_str(&out[start..=end]).unwrap();
    let asked: Vec<&str> = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["card"].as_str().unwrap())
        .collect();
    assert_eq!(asked.len(), 2, "{report}");
    assert!(asked.contains(&"city") && asked.contains(&"year"), "{asked:?}");
    let err = stderr(
        &study_cmd(&env, "2026-03-01T09:00:00Z")
            .args(["study", "--query", "tag:nothing"])
            .assert()
            .code(1),
    );
    assert!(err.contains("no cards match the query"), "{err}");
}

#[test]
fn a_query_session_reviews_its_cards_ahead_of_time() {
    let env = study_env();
    study_cmd(&env, "2026-03-01T09:00:00Z")
        .arg("study")
        .write_stdin("shanghai\n\n2001\n\n:quit\n")
        .assert()
        .success();
    // The next day nothing is due and the two answered cards wait for their dates...
    let out = stdout(
        study_cmd(&env, "2026-03-02T09:00:00Z")
            .args(["study", "--new", "0"])
            .write_stdin(":quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("Nothing to study now"), "{out}");
    // ...but a search session reviews them now, and only them.
    let out = stdout(
        study_cmd(&env, "2026-03-02T09:00:00Z")
            .args(["study", "--query", "tag:founding -is:new"])
            .write_stdin("shanghai\n\n2001\n\n")
            .assert()
            .success(),
    );
    assert!(out.contains("2 due · 0 new"), "{out}");
    assert!(
        out.contains("In which city") && out.contains("In which year"),
        "{out}"
    );
    assert!(!out.contains("Where was the declaration"), "{out}");
}

#[test]
fn per_deck_settings_limit_new_cards_and_unknown_decks_are_reported() {
    let env = study_env();
    env.write(
        "config.toml",
        "learning_steps = []\nrelearning_steps = []\nfuzz = false\n\n[deck.t]\nnew_per_day = 2\ndesired_retention = 0.95\n",
    );
    let out = stdout(
        study_cmd(&env, "2026-03-01T09:00:00Z")
            .arg("study")
            .write_stdin(":quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("0 due · 2 new"), "{out}");
    env.write(
        "config.toml",
        "[deck.tt]\nnew_per_day = 2\n[deck.t]\nnew_pre_day = 1\n",
    );
    let out = study_cmd(&env, "2026-03-01T09:00:00Z")
        .arg("study")
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(
        err.contains("config.toml:4:1: unknown setting `new_pre_day` in [deck.t]"),
        "{err}"
    );
    env.write("config.toml", "[deck.tt]\nnew_per_day = 2\n");
    let out = study_cmd(&env, "2026-03-01T09:00:00Z")
        .arg("check")
        .assert()
        .code(1);
    let text = stdout(out);
    assert!(
        text.contains("config.toml:1:7: error: [deck.tt]: no deck `tt` is in use"),
        "{text}"
    );
    assert!(text.contains("did you mean `t`?"), "{text}");
}

#[test]
fn edit_opens_the_editor_at_the_card_line_and_checks_the_file() {
    let env = Env::new();
    let deck_file = env.write(
        "decks/t.toml",
        std::fs::read_to_string(deck("study.toml")).unwrap(),
    );
    let record = env.path("editor-args");
    let editor = env.write(
        "editor.sh",
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", record.display()),
    );
    make_executable(&editor);
    let out = env
        .cmd()
        .arg("--decks")
        .arg(&deck_file)
        .env("EDITOR", &editor)
        .args(["edit", "t/year"])
        .assert()
        .success();
    let args = std::fs::read_to_string(&record).unwrap();
    assert_eq!(args.trim(), format!("+17 {}", deck_file.display()));
    assert!(stdout(out).contains("0 error(s)"));
    // An editor that breaks the file: the errors are shown, and without a terminal it ends there.
    let breaker = env.write("break.sh", "#!/bin/sh\necho 'oops = ' >> \"$2\"\n");
    make_executable(&breaker);
    let out = env
        .cmd()
        .arg("--decks")
        .arg(&deck_file)
        .env("VISUAL", &breaker)
        .args(["edit", "t/year"])
        .assert()
        .code(1);
    assert!(stdout(out).contains("1 error(s)"));
    // A bundled card says where to copy its deck.
    let out = env
        .cmd()
        .env("EDITOR", &editor)
        .args(["edit", "sco-founding/founding-date"])
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(err.contains("bundled deck `sco-founding`"), "{err}");
    assert!(err.contains("hint: copy decks/"), "{err}");
}

fn make_executable(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn bash_completes_subcommands_and_the_man_page_renders() {
    let env = Env::new();
    let script = stdout(env.cmd().args(["completions", "bash"]).assert().success());
    let file = env.write("deckard.bash", &script);
    // What bash offers for `deckard WORD<TAB>`: the generated function fills COMPREPLY.
    let complete = |word: &str| -> Vec<String> {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{}'; COMP_WORDS=(deckard {word}); COMP_CWORD=1; COMP_LINE='deckard {word}'; \
                 COMP_POINT=${{#COMP_LINE}}; _deckard deckard {word} deckard; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                file.display()
            ))
            .output()
            .expect("bash runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    };
    let st = complete("st");
    assert!(st.contains(&"study".to_string()), "{st:?}");
    assert!(st.iter().all(|w| w.starts_with("st")), "{st:?}");
    let s = complete("s");
    for w in ["study", "show", "suspend"] {
        assert!(s.contains(&w.to_string()), "{w} in {s:?}");
    }
    assert!(!s.contains(&"quiz".to_string()), "{s:?}");
    for shell in ["zsh", "fish", "powershell"] {
        let s = stdout(env.cmd().args(["completions", shell]).assert().success());
        assert!(s.contains("suspend") && s.contains("reschedule"), "{shell}");
    }
    let man = stdout(env.cmd().arg("man").assert().success());
    let head = &man[..300.min(man.len())];
    assert!(man.contains("\n.TH deckard 1 "), "{head}");
    assert!(
        man.contains("\n.SH NAME\ndeckard \\- A quiz and flashcard"),
        "{head}"
    );
    assert!(
        man.contains("\ndeckard\\-suspend(1)\n"),
        "the man page lists the subcommands"
    );
}

#[test]
fn a_decks_own_review_cap_keeps_its_least_remembered_cards() {
    let env = study_env();
    // Every card answered Good ten days ago (no learning steps: they graduate), so all are due.
    let mut log = vec![r#"{"deckard":"progress","version":1}"#.to_string()];
    for (i, card) in ["city", "year", "hotel", "founders", "spirit"].iter().enumerate() {
        log.push(review(
            i as u64 + 1,
            "2026-02-19T09:00:00Z",
            &format!("t/{card}"),
            3,
        ));
    }
    env.write("progress.jsonl", log.join("\n") + "\n");
    let out = stdout(
        study_cmd(&env, "2026-03-01T09:00:00Z")
            .arg("study")
            .write_stdin(":quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("5 due · 0 new"), "{out}");
    env.write(
        "config.toml",
        "learning_steps = []\nrelearning_steps = []\nfuzz = false\n[deck.t]\nreviews_per_day = 2\n",
    );
    let out = stdout(
        study_cmd(&env, "2026-03-01T09:00:00Z")
            .arg("study")
            .write_stdin(":quit\n")
            .assert()
            .success(),
    );
    assert!(out.contains("2 due · 0 new"), "{out}");
}

#[test]
fn the_table_shows_kind_state_due_interval_and_lapses() {
    let env = geo_env();
    let out = stdout(cmd(&env).args(["cards", "--sort", "due"]).assert().success());
    assert_eq!(
        out,
        "card              kind   state      due    ivl lap  prompt\n\
         geo/nile          choice review    -21d     1d   8  Longest river?\n\
         geo/ci            text   learn     -59m      -   0  Which country has Yamoussou…\n\
         geo/paris         text   review   1.2mo    44d   0  Capital of France?\n\
         geo/everest       number new          -      -   0  Height of Everest in metres?\n\
         sco-founding/year number susp         -      -   0  Year the SCO was founded?\n\
         5 card(s)\n"
    );
}
