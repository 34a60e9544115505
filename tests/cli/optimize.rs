//! `deckard optimize` through the real binary: a synthetic learner with known FSRS-6 weights
//! is recovered, `--write` changes what `study` schedules and keeps comments, too little data
//! writes nothing.

use std::path::Path;

use deckard::optimize::synthetic::{self, Learner, TRUE_WEIGHTS};
use deckard::optimize::{Dataset, Options, TRAIN_SHARE, evaluate};
use deckard::progress::Renames;
use deckard::schedule::Params;
use deckard::schedule::fsrs::DEFAULT_PARAMS;
use deckard::store::Event;

use crate::common::{Env, deck, stdout};

/// A learner of `cards` cards over `days` days, ending before the harness's pinned now.
fn learner(cards: usize, days: u32, deck: &str) -> Learner {
    Learner {
        weights: TRUE_WEIGHTS,
        cards,
        days,
        start: "2025-02-01T00:00:00Z".parse().unwrap(),
        deck: deck.into(),
        seed: 19,
    }
}

/// Writes `events` as the environment's progress log.
fn write_log(env: &Env, events: &[Event]) {
    let mut text = String::from("{\"deckard\":\"progress\",\"version\":1}\n");
    for e in events {
        text.push_str(&e.to_line());
        text.push('\n');
    }
    env.write("progress.jsonl", text);
}

fn config_params(path: &Path) -> Vec<f64> {
    deckard::config::Settings::load(path, true)
        .unwrap()
        .schedule
        .params
}

fn dataset(events: &[Event]) -> Dataset {
    let renames = Renames::new();
    Dataset::build(
        events,
        &Options {
            tz: jiff::tz::TimeZone::UTC,
            day_starts_at: 4,
            decks: &[],
            renames: &renames,
        },
    )
}

/// The acceptance test. Sized for CI: 1,500 cards over a year (about 13,000
/// reviews) fit in well under a second with the optimized `fsrs` crate (Cargo.toml builds
/// it with opt-level 3 even in test builds).
#[test]
fn a_synthetic_learner_is_recovered() {
    let env = Env::new();
    let events = synthetic::simulate(&learner(1_500, 365, "syn"));
    write_log(&env, &events);
    let config = env.path("config.toml");
    let out = env
        .cmd()
        .arg("--config")
        .arg(&config)
        .args(["optimize", "--write", "--json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    let fitted = config_params(&config);
    assert_eq!(fitted.len(), 21);
    assert_eq!(report["written"].as_str(), Some(config.to_str().unwrap()));
    // The held-out report: fitted on the earlier 70%, better on the later 30%.
    let h = &report["holdout"];
    assert!(
        h["fitted"]["log_loss"].as_f64() < h["current"]["log_loss"].as_f64(),
        "{h}"
    );
    // The written weights, scored on the later 30% of reviews.
    let data = dataset(&events);
    let (_, test) = data.split(TRAIN_SHARE);
    let score = |w: &[f64]| evaluate(&Params::new(w).unwrap(), &test).log_loss;
    let (fit, default, truth) = (score(&fitted), score(&DEFAULT_PARAMS), score(&TRUE_WEIGHTS));
    eprintln!(
        "log loss on the later 30%: fitted {fit:.4}, defaults {default:.4}, truth {truth:.4}; {} reviews",
        data.reviews()
    );
    assert!(fit < default, "fitted {fit} vs defaults {default}");
    assert!((fit - truth).abs() < 0.005, "fitted {fit} vs truth {truth}");
}
