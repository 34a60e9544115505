//! Snapshots (insta) of the screens a learner reads most: the session summary, `:help`, the
//! quiz report and the order of a new learner's first session. Timings are filtered out.
//! Update with `cargo insta review` (or `INSTA_UPDATE=always cargo test`) after a deliberate
//! change, and commit the files under tests/cli/snapshots/.

use crate::common::{Env, deck, stdout};

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"time: \d+m \d\ds", "time: [wall]");
    s.add_filter(r"\d+\.\ds ·", "[s] ·");
    s.add_filter(r"time used: \d+m \d\ds", "time used: [wall]");
    s
}

fn study(env: &Env, input: &str, args: &[&str]) -> String {
    env.write("config.toml", "fuzz = false\n");
    stdout(
        env.cmd()
            .args(["--config", "config.toml", "--decks"])
            .arg(deck("study.toml"))
            .arg("study")
            .args(args)
            .write_stdin(input)
            .assert()
            .success(),
    )
}

#[test]
fn summary() {
    let env = Env::new();
    // city right, year wrong, hotel skipped, founders partly right, the flashcard rated hard,
    // then the year again (learning step) right.
    let out = study(
        &env,
        "Shanghai\n\n2002\n\n:skip\nChina, Russia, Kazakhstan, Kyrgyzstan, Tajikistan\n\n\n2\n2001\n\n:quit\n",
        &[],
    );
    let summary = &out[out.find("Session summary").expect("a summary")..];
    settings().bind(|| insta::assert_snapshot!("summary", summary));
}

#[test]
fn help() {
    let env = Env::new();
    let out = study(&env, ":help\n:quit\n", &[]);
    let start = out.find("commands at the answer prompt").expect("help");
    let end = out[start..].find("\n> ").map_or(out.len(), |e| start + e);
    insta::assert_snapshot!("help", &out[start..end]);
}

#[test]
fn quiz_report() {
    let env = Env::new();
    let out = stdout(
        env.cmd()
            .arg("--decks")
            .arg(deck("study.toml"))
            .args(["quiz", "--count", "5", "--kinds", "text,number,choice,list"])
            .write_stdin("2001\nb\nTashkent\nChina, Russia\n")
            .assert()
            .success(),
    );
    let report = &out[out.find("Quiz report").expect("a report")..];
    settings().bind(|| insta::assert_snapshot!("quiz_report", report));
}

/// The first cards a new learner sees with the bundled decks: deck title and question.
#[test]
fn first_session_order() {
    let env = Env::new();
    let out = stdout(
        env.cmd()
            .arg("study")
            .write_stdin(":skip\n".repeat(20))
            .assert()
            .success(),
    );
    let lines: Vec<&str> = out.lines().collect();
    let order: Vec<String> = lines
        .windows(2)
        .filter(|w| w[0].starts_with("── "))
        .map(|w| {
            let deck = w[0].trim_start_matches("── ").split(" · #").next().unwrap_or("");
            format!("{deck} | {}", w[1])
        })
        .collect();
    assert_eq!(order.len(), 20, "{out}");
    insta::assert_snapshot!("first_session_order", order.join("\n"));
}
