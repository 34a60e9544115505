//! Crash safety: SIGKILL the study loop at random points; the log must always replay and hold
//! every answer deckard acknowledged (an acknowledged answer is one whose "next in" was printed,
//! which happens only after the event was synced to disk).

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::Duration;

use crate::common::Env;

/// A deck of `cards` number cards ("What is 3 plus one?"), answered by `1` in the kill tests.
pub(crate) fn deck_text(cards: usize) -> String {
    let mut s = String::from("[deck]\nid = \"k\"\ntitle = \"Kill test\"\n");
    for i in 0..cards {
        s.push_str(&format!(
            "[[card]]\nid = \"c{i}\"\nq = \"What is {i} plus one?\"\na = {}\n",
            i + 1
        ));
    }
    s
}

#[test]
fn sigkill_at_random_points_loses_nothing_acknowledged() {
    let env = Env::new();
    let deck = env.write("k.toml", deck_text(400));
    env.write("config.toml", "learning_steps = []\nrelearning_steps = []\n");
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut total_acked = 0;
    for iteration in 0..50 {
        let mut study = env.std_cmd();
        study
            .arg("--decks")
            .arg(&deck)
            .arg("--progress")
            .arg(env.progress())
            .arg("--config")
            .arg(env.path("config.toml"))
            .args([
                "--seed",
                &iteration.to_string(),
                "--now",
                &format!("2026-03-{:02}T09:00:00Z", 1 + iteration / 10),
            ])
            .args(["study", "--new", "400"]);
        total_acked += kill_at_random(study, &mut rng);
        // The log must open for writing (torn tails repaired) and hold every acknowledged answer.
        let status = env
            .cmd()
            .arg("--decks")
            .arg(&deck)
            .arg("--config")
            .arg(env.path("config.toml"))
            .args(["--now", "2026-03-09T09:00:00Z", "study", "--limit", "0"])
            .write_stdin("")
            .assert()
            .success();
        drop(status);
        let text = std::fs::read_to_string(env.progress()).unwrap_or_default();
        let reviews = text.lines().filter(|l| l.contains("\"review\"")).count();
        assert!(
            reviews >= total_acked,
            "iteration {iteration}: {reviews} reviews in the log, {total_acked} acknowledged"
        );
        total_acked = reviews;
    }
    assert!(
        total_acked > 20,
        "the test should have recorded answers: {total_acked}"
    );
}

/// The kill tests' random numbers (xorshift64): fixed seeds, so a failure replays.
pub(crate) struct XorShift(pub u64);

impl XorShift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Runs `study` (a study session on a deck of [`deck_text`] cards), answers 1 to 6 cards and
/// SIGKILLs it at a random instant, sometimes mid-answer, sometimes while idle. Returns how
/// many answers deckard acknowledged ("next in" is printed only after the event is synced).
pub(crate) fn kill_at_random(mut study: std::process::Command, rng: &mut XorShift) -> usize {
    let mut child = study
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn deckard");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let answers = 1 + rng.next() % 6;
    let (first_ack, acked_once) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut acked = 0;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if line.starts_with("next in") {
                acked += 1;
                let _ = first_ack.send(());
            }
        }
        acked
    });
    for _ in 0..answers {
        let _ = stdin.write_all(b"1\n\n");
        let _ = stdin.flush();
    }
    // On a loaded machine start-up alone can outlast the kill window, so every iteration
    // would test an empty log: wait for the first acknowledged answer (or 5 s) first.
    let _ = acked_once.recv_timeout(Duration::from_secs(5));
    std::thread::sleep(Duration::from_micros(rng.next() % 40_000));
    child.kill().expect("kill");
    let _ = child.wait();
    drop(stdin);
    reader.join().unwrap()
}
