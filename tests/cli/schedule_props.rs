//! Property tests of the scheduler: over random valid parameters, settings and review
//! histories, stability stays positive and finite, difficulty in [1, 10], retrievability in
//! (0, 1], and a higher rating never gives a shorter interval.

use deckard::schedule::fsrs::Params;
use deckard::schedule::fsrs::{DEFAULT_PARAMS, PARAM_BOUNDS};
use deckard::schedule::{Algorithm, CardState, Config, Memory, Phase, Rating, Scheduler};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

/// Valid FSRS-6 weights; w0..w3 sorted, as any trained set has them (otherwise Again could
/// legitimately start with a longer interval than Hard).
fn params() -> impl Strategy<Value = Vec<f64>> {
    let each: Vec<_> = PARAM_BOUNDS.iter().map(|&(lo, hi)| lo..=hi).collect();
    prop_oneof![
        1 => Just(DEFAULT_PARAMS.to_vec()),
        3 => each.prop_map(|mut w| {
            w[..4].sort_by(f64::total_cmp);
            w
        }),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (
        params(),
        0.7..0.99f64,
        prop_oneof![Just(36_500u32), 30..2000u32],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(params, desired_retention, maximum_interval, fuzz, steps, sm2)| {
                let mut c = Config {
                    params,
                    desired_retention,
                    maximum_interval,
                    fuzz,
                    algorithm: if sm2 { Algorithm::Sm2 } else { Algorithm::Fsrs },
                    ..Config::default()
                };
                if !steps {
                    c.learning_steps.clear();
                    c.relearning_steps.clear();
                }
                c
            },
        )
}

/// Reviews: a rating and the time since the previous review, from a minute to decades.
fn history() -> impl Strategy<Value = Vec<(u8, i64)>> {
    prop::collection::vec(
        (
            1..=4u8,
            prop_oneof![0..86_400i64, 0..(400 * 86_400i64), 0..(30 * 365 * 86_400i64)],
        ),
        1..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn memory_stays_in_bounds_and_ratings_are_monotone(config in config(), history in history(), seed: u64) {
        let s = Scheduler::new(config).unwrap();
        let mut card = CardState::new();
        let mut now = Timestamp::from_second(1_700_000_000).unwrap();
        for (rating, gap) in history {
            now = now.checked_add(SignedDuration::from_secs(gap)).unwrap();
            if let Some(r) = s.retrievability(&card, now) {
                prop_assert!(r > 0.0 && r <= 1.0, "R = {}", r);
            }
            let preview = s.preview(&card, now, seed);
            for w in preview.windows(2) {
                prop_assert!(w[0].interval <= w[1].interval,
                    "{:?}: {:?} > {:?}", card, w[0].interval, w[1].interval);
            }
            for o in &preview {
                let st = &o.state;
                prop_assert!(st.stability.is_finite() && st.stability > 0.0, "S = {}", st.stability);
                prop_assert!((1.0..=10.0).contains(&st.difficulty), "D = {}", st.difficulty);
                prop_assert!(o.interval.is_positive());
                // Review intervals end at the start of a study day; steps after their wait,
                // or at the start of the study day they reach into.
                let days = &s.config().days;
                let due = if st.phase == Phase::Review {
                    days.due(now, st.interval_days)
                } else {
                    days.step_due(now, o.interval)
                };
                prop_assert_eq!(st.due, Some(due));
            }
            card = preview[usize::from(rating - 1)].state.clone();
        }
    }

    #[test]
    fn memory_model_is_bounded_for_any_state(
        w in params(),
        s in 0.001..1e7f64,
        d in 1.0..=10.0f64,
        t in 0..200_000u64,
        g in 1..=4u8,
    ) {
        let p = Params::new(&w).unwrap();
        let r = p.retrievability(t as f64, s);
        prop_assert!(r > 0.0 && r <= 1.0, "R = {}", r);
        let prev = Some(Memory { stability: s, difficulty: d });
        let m = p.next_memory(prev, t, Rating::from_u8(g).unwrap());
        prop_assert!(m.stability.is_finite() && m.stability >= 0.001, "S = {}", m.stability);
        prop_assert!((1.0..=10.0).contains(&m.difficulty), "D = {}", m.difficulty);
        let ivls: Vec<u32> = Rating::ALL
            .iter()
            .map(|&r| p.interval_days(p.next_memory(prev, t, r).stability, 0.9, 36_500))
            .collect();
        prop_assert!(ivls.windows(2).all(|w| w[0] <= w[1]), "{:?}", ivls);
    }
}
