#![allow(clippy::disallowed_macros)] // prints its own report
//! Writes the progress log of a simulated learner whose memory follows FSRS-6 with known
//! weights (`deckard::optimize::synthetic`), to try `deckard optimize` on:
//!
//! `cargo run --release --example synthetic_learner -- LOG CARDS DAYS [SEED [RETENTION]]`, then
//! `deckard --progress LOG optimize --retention`. The true weights are printed, to compare.

use std::io::Write;
use std::process::ExitCode;

use deckard::optimize::synthetic::{self, Learner, TRUE_WEIGHTS};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (log, cards, days, seed, retention) = match args.as_slice() {
        [log, cards, days] => (log, cards, days, "1", "0.9"),
        [log, cards, days, seed] => (log, cards, days, seed.as_str(), "0.9"),
        [log, cards, days, seed, retention] => (log, cards, days, seed.as_str(), retention.as_str()),
        _ => {
            eprintln!("usage: synthetic_learner LOG CARDS DAYS [SEED [RETENTION]]");
            return ExitCode::from(2);
        }
    };
    let (Ok(cards), Ok(days), Ok(seed), Ok(retention)) = (
        cards.parse(),
        days.parse(),
        seed.parse(),
        retention.parse::<f64>(),
    ) else {
        eprintln!("synthetic_learner: CARDS, DAYS and SEED are whole numbers, RETENTION a number");
        return ExitCode::from(2);
    };
    if !(retention > 0.0 && retention < 1.0) {
        eprintln!("synthetic_learner: RETENTION must be between 0 and 1");
        return ExitCode::from(2);
    }
    let learner = Learner {
        weights: TRUE_WEIGHTS,
        cards,
        days,
        start: "2025-01-01T00:00:00Z".parse().expect("a valid time"),
        deck: "synthetic".into(),
        retention,
        seed,
    };
    let events = synthetic::simulate(&learner);
    let mut text = String::from("{\"deckard\":\"progress\",\"version\":1}\n");
    for e in &events {
        text.push_str(&e.to_line());
        text.push('\n');
    }
    if let Err(e) = std::fs::write(log, text) {
        eprintln!("synthetic_learner: {log}: {e}");
        return ExitCode::from(1);
    }
    let w: Vec<String> = TRUE_WEIGHTS.iter().map(|x| x.to_string()).collect();
    // A closed pipe (`| head`) is no error here: the log is already written.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{} reviews of {cards} cards written to {log}", events.len());
    let _ = writeln!(out, "true fsrs_params = [{}]", w.join(", "));
    ExitCode::SUCCESS
}
