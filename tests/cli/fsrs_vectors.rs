//! FSRS-6 exactness: replays the py-fsrs reference vectors in `tests/data/fsrs_vectors.json`
//! (made by `scripts/gen_fsrs_vectors.py`: fuzz off, learning steps off) through both the
//! memory model (as `deckard replay --days elapsed` uses it) and the full `Scheduler`,
//! asserting stability and difficulty to 1e-9 relative and whole-day intervals exactly.
//! py-fsrs counts whole 24-hour periods between reviews, so both run in deckard's
//! [`DayCount::Elapsed`] mode; `DayCount::Rollover` (the default) is checked against Anki in
//! `anki.rs` and against these vectors where the two rules agree, below.

use deckard::schedule::replay::Replayer;
use deckard::schedule::{CardState, Config, DayCount, Memory, Phase, Rating, Scheduler};
use jiff::Timestamp;
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    generator: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    params: Vec<f64>,
    desired_retention: f64,
    maximum_interval: u32,
    reviews: Vec<Review>,
}

#[derive(Deserialize)]
struct Review {
    time_ms: i64,
    rating: u8,
    elapsed_days: Option<u64>,
    retrievability: Option<f64>,
    stability: f64,
    difficulty: f64,
    interval_days: u32,
    preview_intervals: [u32; 4],
}

const REL: f64 = 1e-9;

fn load() -> Vectors {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fsrs_vectors.json");
    let text = std::fs::read_to_string(path).expect("read vectors");
    serde_json::from_str(&text).expect("parse vectors")
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= REL * want.abs().max(f64::MIN_POSITIVE)
}

#[test]
fn memory_model_matches_py_fsrs() {
    let v = load();
    assert!(v.generator.contains("py-fsrs 6."), "{}", v.generator);
    let (mut reviews, mut bit_exact, mut max_rel) = (0, 0, 0.0f64);
    for case in &v.cases {
        let r = Replayer::new(
            &case.params,
            case.desired_retention,
            case.maximum_interval,
            DayCount::Elapsed,
        )
        .unwrap();
        let mut prev: Option<(Memory, i64)> = None;
        for (i, want) in case.reviews.iter().enumerate() {
            let ctx = format!("{} review {i}", case.name);
            let rating = Rating::from_u8(want.rating).unwrap();
            let got = r.step(prev, want.time_ms, rating);
            assert_eq!(got.elapsed_days, want.elapsed_days, "{ctx}: elapsed days");
            match (got.retrievability, want.retrievability) {
                (Some(g), Some(w)) => assert!(close(g, w), "{ctx}: R {g} != {w}"),
                (g, w) => assert_eq!(g, w, "{ctx}: R"),
            }
            let m = got.memory;
            assert!(
                close(m.stability, want.stability),
                "{ctx}: S {} != {}",
                m.stability,
                want.stability
            );
            assert!(
                close(m.difficulty, want.difficulty),
                "{ctx}: D {} != {}",
                m.difficulty,
                want.difficulty
            );
            assert_eq!(got.interval_days, want.interval_days, "{ctx}: interval");
            reviews += 1;
            bit_exact += usize::from(m.stability == want.stability && m.difficulty == want.difficulty);
            let rel = |a: f64, b: f64| ((a - b) / b).abs();
            max_rel = max_rel
                .max(rel(m.stability, want.stability))
                .max(rel(m.difficulty, want.difficulty));
            prev = Some((m, want.time_ms));
        }
    }
    eprintln!(
        "{} cases, {reviews} reviews: {bit_exact} bit-identical in S and D, largest relative error {max_rel:e}",
        v.cases.len()
    );
    assert!(reviews > 2000);
}

/// py-fsrs intervals for Hard, Good and Easy, pushed apart as deckard does for review cards
/// (with fuzz off, that is the only difference from py-fsrs).
fn distinct(py: [u32; 4], max: u32) -> [u32; 4] {
    let hard = py[1];
    let good = py[2].max((hard + 1).min(max));
    let easy = py[3].max((good + 1).min(max));
    [py[0], hard, good, easy]
}

#[test]
fn scheduler_matches_py_fsrs_with_steps_off() {
    let v = load();
    let (mut reviews, mut pushed) = (0, 0);
    for case in &v.cases {
        let s = Scheduler::new(Config {
            params: case.params.clone(),
            desired_retention: case.desired_retention,
            maximum_interval: case.maximum_interval,
            learning_steps: vec![],
            relearning_steps: vec![],
            fuzz: false,
            days: DayCount::Elapsed,
            ..Config::default()
        })
        .unwrap();
        let mut card = CardState::new();
        for (i, want) in case.reviews.iter().enumerate() {
            let ctx = format!("{} review {i}", case.name);
            let now = Timestamp::from_millisecond(want.time_ms).unwrap();
            let expected = if card.phase == Phase::Review {
                distinct(want.preview_intervals, case.maximum_interval)
            } else {
                want.preview_intervals
            };
            pushed += usize::from(expected != want.preview_intervals);
            let preview = s.preview(&card, now, 0);
            let got = preview.each_ref().map(|o| (o.interval.as_secs() / 86_400) as u32);
            assert_eq!(
                got, expected,
                "{ctx}: preview intervals (py {:?})",
                want.preview_intervals
            );
            let rating = Rating::from_u8(want.rating).unwrap();
            let out = s.review(&card, rating, now, 0);
            assert_eq!(out.interval.as_secs() % 86_400, 0, "{ctx}: whole days");
            let st = &out.state;
            assert!(
                close(st.stability, want.stability),
                "{ctx}: S {} != {}",
                st.stability,
                want.stability
            );
            assert!(
                close(st.difficulty, want.difficulty),
                "{ctx}: D {} != {}",
                st.difficulty,
                want.difficulty
            );
            assert_eq!(st.phase, Phase::Review, "{ctx}");
            if let Some(r) = want.retrievability {
                let got = s.retrievability(&card, now).unwrap();
                assert!(close(got, r), "{ctx}: R {got} != {r}");
            }
            card = out.state;
            reviews += 1;
        }
    }
    eprintln!("{reviews} reviews; {pushed} previews had Hard/Good/Easy pushed apart");
}

/// Where study days past a 4 a.m. UTC rollover and 24-hour periods give the same elapsed days
/// at every review of a case, the default [`DayCount::Rollover`] must give py-fsrs's figures
/// too; where they differ somewhere, it must give a different elapsed-day count there (so the
/// rule is really in use).
#[test]
fn rollover_days_match_py_fsrs_where_both_rules_agree() {
    let v = load();
    let rollover = DayCount::rollover(4, jiff::tz::TimeZone::UTC);
    let at = |ms: i64| Timestamp::from_millisecond(ms).unwrap();
    let (mut agreeing, mut differing) = (0, 0);
    for case in &v.cases {
        let r = Replayer::new(
            &case.params,
            case.desired_retention,
            case.maximum_interval,
            rollover.clone(),
        )
        .unwrap();
        let agree = case
            .reviews
            .windows(2)
            .all(|w| Some(rollover.between(at(w[0].time_ms), at(w[1].time_ms))) == w[1].elapsed_days);
        let mut prev: Option<(Memory, i64)> = None;
        let mut differed = false;
        for (i, want) in case.reviews.iter().enumerate() {
            let got = r.step(prev, want.time_ms, Rating::from_u8(want.rating).unwrap());
            differed |= got.elapsed_days != want.elapsed_days;
            if agree {
                let ctx = format!("{} review {i}", case.name);
                assert!(close(got.memory.stability, want.stability), "{ctx}: S");
                assert!(close(got.memory.difficulty, want.difficulty), "{ctx}: D");
                assert_eq!(got.interval_days, want.interval_days, "{ctx}: interval");
            }
            prev = Some((got.memory, want.time_ms));
        }
        assert_eq!(differed, !agree, "{}", case.name);
        if agree { agreeing += 1 } else { differing += 1 }
    }
    eprintln!("rollover: {agreeing} cases agree with 24-hour periods, {differing} differ");
    assert!(agreeing >= 10 && differing >= 10, "{agreeing} {differing}");
}
