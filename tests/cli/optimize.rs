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
        retention: 0.9,
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

/// `study` with learning steps off, one Good answer to `t/city` at the pinned time.
fn study_city(env: &Env) {
    env.cmd()
        .arg("--config")
        .arg(env.path("config.toml"))
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["study", "--limit", "1"])
        .write_stdin("Shanghai\n\n")
        .assert()
        .success();
}

fn due_of_city(env: &Env) -> String {
    let out = env
        .cmd()
        .arg("--config")
        .arg(env.path("config.toml"))
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["show", "t/city"])
        .assert()
        .success();
    let text = stdout(out);
    text.lines()
        .find_map(|l| l.strip_prefix("due: "))
        .unwrap_or_else(|| panic!("no due line:\n{text}"))
        .to_string()
}

/// Where the scheduler puts a new card answered Good at the pinned time under `weights`.
fn expected_due(weights: &[f64]) -> String {
    use deckard::schedule::{CardState, Config, Rating, Scheduler};
    let sched = Scheduler::new(Config {
        learning_steps: vec![],
        relearning_steps: vec![],
        fuzz: false,
        params: weights.to_vec(),
        ..Config::default()
    })
    .unwrap();
    let now: jiff::Timestamp = crate::common::NOW.parse().unwrap();
    let out = sched.review(&CardState::new(), Rating::Good, now, 0);
    out.state.due.unwrap().strftime("%Y-%m-%d %H:%M UTC").to_string()
}

#[test]
fn written_parameters_schedule_the_next_study_and_comments_survive() {
    let env = Env::new();
    let config = "# my settings: keep this line\nlearning_steps = []\nrelearning_steps = []\nfuzz = false # exact dates\n";
    env.write("config.toml", config);
    // The default weights: a first Good is due in 2 days (w2 = 2.3065), at the day's 4 a.m.
    let before = Env::new();
    before.write("config.toml", config);
    study_city(&before);
    assert_eq!(due_of_city(&before), expected_due(&DEFAULT_PARAMS));
    assert_eq!(due_of_city(&before), "2026-03-03 04:00 UTC");

    write_log(&env, &synthetic::simulate(&learner(600, 365, "syn")));
    let out = env
        .cmd()
        .arg("--config")
        .arg(env.path("config.toml"))
        .args(["optimize", "--write"])
        .assert()
        .success();
    let text = stdout(out);
    assert!(text.contains("Held-out check"), "{text}");
    assert!(text.contains("wrote fsrs_params to"), "{text}");
    let written = std::fs::read_to_string(env.path("config.toml")).unwrap();
    assert!(written.starts_with(config), "{written}");
    let fitted = config_params(&env.path("config.toml"));
    assert_ne!(fitted, DEFAULT_PARAMS.to_vec());

    study_city(&env);
    let due = due_of_city(&env);
    assert_eq!(due, expected_due(&fitted));
    // The learner's true w2 is 4.5: the fitted weights wait longer than the defaults.
    assert!(due.as_str() > "2026-03-03 09:00 UTC", "{due}");
}

#[test]
fn too_little_data_says_how_much_more_and_writes_nothing() {
    let env = Env::new();
    write_log(&env, &synthetic::simulate(&learner(40, 60, "syn")));
    let config = env.path("config.toml");
    let out = env
        .cmd()
        .arg("--config")
        .arg(&config)
        .args(["optimize", "--write"])
        .assert()
        .success();
    let text = stdout(out);
    assert!(text.contains("not enough reviews to fit parameters"), "{text}");
    assert!(text.contains("deckard needs 400"), "{text}");
    assert!(text.contains("nothing written"), "{text}");
    assert!(!config.exists());
    let out = env
        .cmd()
        .arg("--config")
        .arg(&config)
        .args(["optimize", "--write", "--json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    let items = report["items"].as_u64().unwrap();
    assert!(items > 0 && items < 400, "{report}");
    assert_eq!(report["needed"].as_u64(), Some(400 - items));
    assert!(
        report["params"].is_null() && report["written"].is_null(),
        "{report}"
    );
    assert!(!config.exists());
    // No log at all is the same case, not an error.
    std::fs::remove_file(env.progress()).unwrap();
    let out = env.cmd().args(["optimize"]).assert().success();
    assert!(stdout(out).contains("0 of your 0 reviews count"));
}

#[test]
fn a_deck_fit_goes_to_its_own_table() {
    let env = Env::new();
    let mut events = synthetic::simulate(&learner(500, 365, "one"));
    // Another deck's reviews are left out of the fit.
    events.extend(synthetic::simulate(&learner(30, 30, "two")));
    write_log(&env, &events);
    let config = env.write("config.toml", "new_per_day = 5 # a calm pace\n");
    // An unknown deck is a usage error.
    env.cmd()
        .arg("--config")
        .arg(&config)
        .args(["optimize", "--deck", "nope"])
        .assert()
        .code(2);
    let out = env
        .cmd()
        .arg("--config")
        .arg(&config)
        .args(["optimize", "--deck", "one", "--write", "--json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    let only_one = dataset(&synthetic::simulate(&learner(500, 365, "one")));
    assert_eq!(report["items"].as_u64(), Some(only_one.len() as u64));
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("new_per_day = 5 # a calm pace\n"), "{text}");
    let table: toml::Table = text.parse().unwrap();
    let params = table["deck"]["one"]["fsrs_params"].as_array().unwrap();
    let written: Vec<f64> = params.iter().map(|v| v.as_float().unwrap()).collect();
    let reported: Vec<f64> = report["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(written, reported);
    assert!(!table.contains_key("fsrs_params"), "{text}");
}

#[test]
fn retention_reports_the_optimum_and_a_table() {
    let env = Env::new();
    write_log(&env, &synthetic::simulate(&learner(500, 365, "syn")));
    // Five new cards a day: the simulated year holds 1,825 cards, quick enough for CI.
    let config = env.write("config.toml", "new_per_day = 5\n");
    let out = env
        .cmd()
        .arg("--config")
        .arg(&config)
        .args(["optimize", "--retention", "--json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    let r = &report["retention"];
    let optimal = r["optimal"].as_f64().unwrap();
    assert!((0.70..=0.95).contains(&optimal), "{r}");
    let table = r["table"].as_array().unwrap();
    assert_eq!(table.len(), 6);
    // No retention in the table costs less per card remembered than the optimum (allowing
    // the search's tolerance and the simulations' noise).
    let best = r["at_optimal"]["seconds_per_memorized"].as_f64().unwrap();
    for row in table {
        assert!(
            row["seconds_per_memorized"].as_f64().unwrap() > best * 0.97,
            "{r}"
        );
    }
    // A higher retention means more reviews a day.
    let reviews: Vec<f64> = table
        .iter()
        .map(|w| w["reviews_per_day"].as_f64().unwrap())
        .collect();
    assert!(reviews.windows(2).all(|p| p[0] < p[1]), "{reviews:?}");
    assert!(report["written"].is_null());
}
