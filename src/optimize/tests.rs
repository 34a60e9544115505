use std::collections::HashMap;

use fsrs::{FSRS, FSRSItem, FSRSReview};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::*;
use crate::progress::Renames;
use crate::schedule::fsrs::{DEFAULT_PARAMS, PARAM_BOUNDS};
use crate::schedule::{Memory, Params, Rating};
use crate::store::{Event, EventBody, EventId, Mode};

fn review(id: u64, t: &str, card: &str, rating: u8) -> Event {
    Event::study_answer(EventId::from_u64(id), t.parse().unwrap(), card, rating, 5000)
}

fn build(events: &[Event], decks: &[String]) -> Dataset {
    let renames = Renames::new();
    let opts = Options {
        tz: TimeZone::UTC,
        day_starts_at: 4,
        decks,
        renames: &renames,
    };
    Dataset::build(events, &opts)
}

fn item(reviews: &[(u32, u32)]) -> FSRSItem {
    FSRSItem {
        reviews: reviews
            .iter()
            .map(|&(rating, delta_t)| FSRSReview { rating, delta_t })
            .collect(),
    }
}

#[test]
fn items_hold_the_history_and_count_study_days() {
    let events = [
        review(1, "2026-01-01T10:00:00Z", "d/a", 1),
        review(2, "2026-01-01T10:10:00Z", "d/a", 3),
        // 02:00 on the 4th is still the study day of the 3rd (days start at 04:00).
        review(3, "2026-01-04T02:00:00Z", "d/a", 3),
        review(4, "2026-01-04T09:00:00Z", "d/a", 2),
        review(5, "2026-01-10T09:00:00Z", "d/a", 4),
    ];
    let data = build(&events, &[]);
    assert_eq!(data.reviews(), 5);
    assert_eq!(data.cards(), 1);
    assert_eq!(
        data.items(),
        [
            item(&[(1, 0), (3, 0), (3, 2)]),
            item(&[(1, 0), (3, 0), (3, 2), (2, 1)]),
            item(&[(1, 0), (3, 0), (3, 2), (2, 1), (4, 6)]),
        ]
    );
    assert_eq!(data.stats.first_ratings, [1, 0, 0, 0]);
    assert_eq!(data.stats.review_ratings, [0, 1, 1, 1]);
}

#[test]
fn only_rescheduling_answers_count_and_undo_removes_one() {
    let mut quiz = review(3, "2026-01-05T09:00:00Z", "d/a", 1);
    if let EventBody::Review(r) = &mut quiz.body {
        r.mode = Mode::Quiz;
        r.reschedule = false;
    }
    let events = vec![
        review(1, "2026-01-01T09:00:00Z", "d/a", 3),
        review(2, "2026-01-03T09:00:00Z", "d/a", 3),
        quiz,
        review(4, "2026-01-07T09:00:00Z", "d/a", 1),
        Event {
            id: EventId::from_u64(5),
            time: "2026-01-07T09:00:05Z".parse().unwrap(),
            body: EventBody::Undo {
                target: EventId::from_u64(4),
            },
        },
        review(6, "2026-01-09T09:00:00Z", "e/b", 3),
        review(7, "2026-01-10T09:00:00Z", "e/b", 3),
    ];
    let data = build(&events, &["d".to_string()]);
    assert_eq!(data.items(), [item(&[(3, 0), (3, 2)])]);
    let all = build(&events, &[]);
    assert_eq!(all.len(), 2);
    assert_eq!(all.card_ids(), [0, 1]);
}

#[test]
fn reviews_before_a_reset_are_dropped() {
    let events = [
        review(1, "2026-01-01T09:00:00Z", "d/a", 1),
        review(2, "2026-01-02T09:00:00Z", "d/a", 1),
        review(3, "2026-01-05T09:00:00Z", "d/a", 3),
        review(4, "2026-01-08T09:00:00Z", "d/a", 3),
    ];
    let renames = Renames::new();
    let opts = Options {
        tz: TimeZone::UTC,
        day_starts_at: 4,
        decks: &[],
        renames: &renames,
    };
    let resets = HashMap::from([(
        "d/a".to_string(),
        "2026-01-03T00:00:00Z".parse::<Timestamp>().unwrap(),
    )]);
    let data = Dataset::build_after(&events, &opts, &resets);
    assert_eq!(data.items(), [item(&[(3, 0), (3, 3)])]);
    assert_eq!(data.reviews(), 2);
}

#[test]
fn metrics_match_a_hand_computation() {
    let events = [
        review(1, "2026-01-01T09:00:00Z", "d/a", 3),
        review(2, "2026-01-03T09:00:00Z", "d/a", 3),
    ];
    let data = build(&events, &[]);
    let p = Params::default();
    let m = evaluate(&p, &data);
    let r = p.retrievability(2.0, DEFAULT_PARAMS[2]);
    assert!((m.log_loss + r.ln()).abs() < 1e-12, "{m:?}");
    assert!((m.rmse_bins - (1.0 - r)).abs() < 1e-12, "{m:?}");
}

#[test]
fn rmse_bins_follow_srs_benchmark() {
    // Δt 5 → 2.48·3.62 = 8.98 (×100); 3 reviews on distinct days → 1.99·1.89 = 3.76 → 4;
    // one lapse → 1.65.
    let it = item(&[(3, 0), (1, 2), (3, 5)]);
    assert_eq!(metrics::bin_of(&it), (898, 4, 2));
}

#[test]
fn fitted_f32_weights_read_as_their_decimals() {
    let mut raw: Vec<f32> = DEFAULT_PARAMS.iter().map(|&x| x as f32).collect();
    raw[20] = 0.8;
    raw[9] = 0.123_456;
    let w = fit::to_weights(&raw);
    assert_eq!(w[20], 0.8);
    assert_eq!(w[9], 0.1235);
    assert!(Params::new(&w).is_ok());
}

/// The crate's f32 model and deckard's f64 model give the same stability and difficulty for
/// the same weights, so fitted weights mean the same in both (fsrs.md §4: the crate caps S
/// at 36,500 days, deckard does not, so comparisons stop once S passes the cap).
#[test]
fn the_crate_and_deckard_agree_on_memory_states() {
    let mut rng = Pcg64Mcg::seed_from_u64(19);
    let mut compared = 0;
    for case in 0..400 {
        let w: [f64; 21] = if case == 0 {
            DEFAULT_PARAMS
        } else {
            std::array::from_fn(|i| {
                let (lo, hi) = PARAM_BOUNDS[i];
                // Through f32, so both models see the very same weights.
                f64::from(rng.random_range(lo..=hi) as f32)
            })
        };
        let w32: Vec<f32> = w.iter().map(|&x| x as f32).collect();
        let crate_model = FSRS::new(&w32).unwrap();
        let ours = Params::new(&w).unwrap();
        let len = rng.random_range(2..25);
        let reviews: Vec<FSRSReview> = (0..len)
            .map(|i| FSRSReview {
                rating: rng.random_range(1..=4),
                delta_t: if i == 0 || rng.random::<f64>() < 0.25 {
                    0
                } else {
                    rng.random_range(1..=400)
                },
            })
            .collect();
        let theirs = crate_model
            .historical_memory_states(
                FSRSItem {
                    reviews: reviews.clone(),
                },
                None,
            )
            .unwrap();
        let mut memory: Option<Memory> = None;
        for (step, (r, t)) in reviews.iter().zip(&theirs).enumerate() {
            let rating = Rating::from_u8(r.rating as u8).unwrap();
            let m = ours.next_memory(memory, u64::from(r.delta_t), rating);
            if m.stability >= 36_500.0 {
                break;
            }
            let rel = |a: f64, b: f32| (a - f64::from(b)).abs() / a.abs();
            assert!(
                rel(m.stability, t.stability) < 1e-4 && rel(m.difficulty, t.difficulty) < 1e-4,
                "case {case} step {step}: deckard {m:?}, crate {t:?}, w {w:?}, reviews {reviews:?}"
            );
            compared += 1;
            memory = Some(m);
        }
    }
    assert!(compared > 3000, "{compared}");
}

#[test]
fn the_simulator_learns_the_learners_habits() {
    let mut events = vec![
        review(1, "2026-01-01T09:00:00Z", "d/a", 1),
        review(2, "2026-01-01T09:10:00Z", "d/a", 3),
        review(3, "2026-01-03T09:00:00Z", "d/a", 1),
        review(4, "2026-01-03T09:10:00Z", "d/a", 3),
        review(5, "2026-01-06T09:00:00Z", "d/a", 4),
    ];
    // A 30-minute answer was left open: not a cost.
    if let EventBody::Review(r) = &mut events[4].body {
        r.ms = 1_800_000;
    }
    let data = build(&events, &[]);
    let s = &data.stats;
    assert_eq!(s.seconds[0], [(5.0, 1), (0.0, 0), (5.0, 1), (0.0, 0)]);
    assert_eq!(s.seconds[1], [(5.0, 1), (0.0, 0), (0.0, 0), (0.0, 0)]);
    assert_eq!(s.seconds[2], [(0.0, 0), (0.0, 0), (5.0, 1), (0.0, 0)]);
    let habits = retention::Habits {
        new_per_day: 10,
        reviews_per_day: None,
        maximum_interval: 36_500,
        learning_steps: 2,
        relearning_steps: 1,
        days: 100,
    };
    let c = retention::simulator_config(s, &habits);
    assert_eq!(c.deck_size, 1000);
    assert_eq!(c.first_rating_prob, [1.0, 0.0, 0.0, 0.0]);
    // One passing later-day review, an Easy.
    assert_eq!(c.review_rating_prob, [0.0, 0.0, 1.0]);
    assert_eq!(c.state_rating_costs[0][0], 5.0);
    // No Hard answer while learning: the crate's default cost stays.
    assert_eq!(
        c.state_rating_costs[0][1],
        fsrs::SimulatorConfig::default().state_rating_costs[0][1]
    );
}
