//! Scheduler tests: card phases under FSRS, Anki's legacy SM-2, leeches, validation.

use jiff::{SignedDuration, Timestamp};

use super::*;

const DAY: i64 = 86_400;

fn t0() -> Timestamp {
    Timestamp::from_second(1_700_000_000).unwrap()
}

fn at(days: i64) -> Timestamp {
    t0().checked_add(SignedDuration::from_secs(days * DAY)).unwrap()
}

fn sched(f: impl FnOnce(&mut Config)) -> Scheduler {
    let mut c = Config::default();
    f(&mut c);
    Scheduler::new(c).unwrap()
}

fn days(o: &Outcome) -> i64 {
    o.interval.as_secs() / DAY
}

/// A review card with the given SM-2 interval and ease, last reviewed at day 0.
fn sm2_card(interval_days: u32, ease: f64) -> CardState {
    CardState {
        phase: Phase::Review,
        last_review: Some(t0()),
        due: Some(at(i64::from(interval_days))),
        stability: 10.0,
        difficulty: 5.0,
        ease,
        interval_days,
        reps: 5,
        ..CardState::new()
    }
}

#[test]
fn new_card_walks_learning_steps_then_graduates() {
    let s = sched(|c| c.fuzz = false);
    let new = CardState::new();
    let p = s.preview(&new, t0(), 1);
    let shown: Vec<String> = p.iter().map(|o| format_interval(o.interval)).collect();
    assert_eq!(shown, ["1m", "6m", "10m", "8d"]);
    assert_eq!(p[0].state.phase, Phase::Learning);
    assert_eq!(p[3].state.phase, Phase::Review);
    assert_eq!(p[3].state.stability, fsrs::DEFAULT_PARAMS[3]);

    let step1 = s.review(&new, Rating::Good, t0(), 1).state;
    assert_eq!((step1.phase, step1.step, step1.reps), (Phase::Learning, 1, 1));
    assert_eq!(
        step1.due,
        Some(t0().checked_add(SignedDuration::from_mins(10)).unwrap())
    );
    let later = t0().checked_add(SignedDuration::from_mins(10)).unwrap();
    let grad = s.review(&step1, Rating::Good, later, 2);
    assert_eq!(grad.state.phase, Phase::Review);
    // Same-day Good never shrinks stability; the interval is whole days.
    assert!(grad.state.stability >= step1.stability);
    assert_eq!(grad.interval.as_secs() % DAY, 0);
    assert_eq!(grad.state.interval_days as i64, days(&grad));
}

#[test]
fn lapse_goes_to_relearning_and_counts() {
    let s = sched(|c| c.fuzz = false);
    let mut card = s.review(&CardState::new(), Rating::Easy, t0(), 0).state;
    card = s.review(&card, Rating::Good, at(8), 0).state;
    let lapse = s.review(&card, Rating::Again, at(40), 0);
    assert_eq!(lapse.state.phase, Phase::Relearning);
    assert_eq!(lapse.interval, SignedDuration::from_mins(10));
    assert_eq!(lapse.state.lapses, 1);
    assert!(lapse.state.stability < card.stability);
    let back = s.review(&lapse.state, Rating::Good, at(40), 0);
    assert_eq!(back.state.phase, Phase::Review);
    assert!(days(&back) >= 1);
}

#[test]
fn review_buttons_stay_distinct_under_fuzz() {
    let s = Scheduler::new(Config::default()).unwrap();
    let fresh = s.review(&CardState::new(), Rating::Good, t0(), 0).state;
    let fresh = s.review(&fresh, Rating::Good, at(0), 0).state;
    let mut card = fresh.clone();
    let mut now = at(0);
    for seed in 0..300 {
        if card.interval_days > 10_000 {
            // Near the maximum interval the buttons may only collapse onto it.
            card = fresh.clone();
            now = at(0);
        }
        let [_, h, g, e] = s.preview(&card, now, seed);
        assert!(
            days(&h) < days(&g) && days(&g) < days(&e),
            "seed {seed}: {h:?} {g:?} {e:?}"
        );
        now = card.due.unwrap();
        card = s.review(&card, Rating::Good, now, seed).state;
    }
}

#[test]
fn fuzz_is_deterministic_per_seed_and_spreads() {
    let s = Scheduler::new(Config::default()).unwrap();
    let card = CardState {
        phase: Phase::Review,
        last_review: Some(t0()),
        stability: 60.0,
        difficulty: 5.0,
        interval_days: 60,
        ..CardState::new()
    };
    let a = s.review(&card, Rating::Good, at(60), 7);
    assert_eq!(a, s.review(&card, Rating::Good, at(60), 7));
    let spread: std::collections::BTreeSet<i64> = (0..100)
        .map(|seed| days(&s.review(&card, Rating::Good, at(60), seed)))
        .collect();
    assert!(spread.len() > 3, "{spread:?}");
    let unfuzzed = sched(|c| c.fuzz = false).review(&card, Rating::Good, at(60), 7);
    assert!(
        spread.iter().all(|d| (d - days(&unfuzzed)).abs() <= 10),
        "{spread:?}"
    );
}

#[test]
fn retrievability_is_none_for_new_and_one_right_after() {
    let s = Scheduler::new(Config::default()).unwrap();
    assert_eq!(s.retrievability(&CardState::new(), t0()), None);
    let card = s.review(&CardState::new(), Rating::Good, t0(), 0).state;
    assert_eq!(s.retrievability(&card, t0()), Some(1.0));
    let r = s.retrievability(&card, at(30)).unwrap();
    assert!(r > 0.0 && r < 0.9);
}

#[test]
fn config_errors_name_the_value() {
    let err = |f: fn(&mut Config)| {
        let mut c = Config::default();
        f(&mut c);
        Scheduler::new(c).unwrap_err().to_string()
    };
    assert!(err(|c| c.desired_retention = 1.0).contains("desired_retention = 1"));
    assert!(err(|c| c.maximum_interval = 0).contains("maximum_interval = 0"));
    assert!(err(|c| c.params.truncate(20)).contains("got 20"));
    assert!(err(|c| c.params[7] = 0.9).contains("w7 = 0.9"));
    assert!(err(|c| c.learning_steps = vec![SignedDuration::ZERO]).contains("learning_steps = 0s"));
    assert!(err(|c| c.sm2.starting_ease = 1.0).contains("sm2.starting_ease"));
    let mut c = Config::default();
    c.params.truncate(19);
    assert!(Scheduler::new(c).is_ok());
}

#[test]
fn sm2_learning_graduates_with_graduating_and_easy_intervals() {
    let s = sched(|c| {
        c.algorithm = Algorithm::Sm2;
        c.fuzz = false;
    });
    let new = CardState::new();
    let p = s.preview(&new, t0(), 0);
    assert_eq!(
        p.each_ref().map(|o| o.interval.as_secs()),
        [60, 330, 600, 4 * DAY]
    );
    assert_eq!(p[3].state.ease, 2.5);
    let step1 = s.review(&new, Rating::Good, t0(), 0).state;
    let grad = s.review(&step1, Rating::Good, t0(), 0);
    assert_eq!(
        (grad.state.phase, days(&grad), grad.state.ease),
        (Phase::Review, 1, 2.5)
    );
    // The memory model runs alongside, so retrievability works under SM-2 too.
    assert!(s.retrievability(&grad.state, at(1)).is_some());
}

#[test]
fn sm2_review_ease_and_intervals() {
    let s = sched(|c| {
        c.algorithm = Algorithm::Sm2;
        c.fuzz = false;
    });
    let card = sm2_card(8, 2.5);
    let [again, hard, good, easy] = s.preview(&card, at(8), 0);
    // Hard: 8 * 1.2 = 9.6 -> 10, ease -0.15. Good: 8 * 2.5 = 20. Easy: 8 * 2.5 * 1.3 = 26, +0.15.
    assert_eq!((days(&hard), hard.state.ease), (10, 2.35));
    assert_eq!((days(&good), good.state.ease), (20, 2.5));
    assert_eq!((days(&easy), easy.state.ease), (26, 2.65));
    assert!((again.state.ease - 2.3).abs() < 1e-12);
    // Four days late: Good counts half the delay, Easy all of it.
    let [_, _, good, easy] = s.preview(&card, at(12), 0);
    assert_eq!((days(&good), days(&easy)), (25, 39));
    // Ease never drops below 1.3.
    assert_eq!(
        s.review(&sm2_card(8, 1.4), Rating::Hard, at(8), 0).state.ease,
        1.3
    );
    assert_eq!(
        s.review(&sm2_card(8, 1.3), Rating::Again, at(8), 0).state.ease,
        1.3
    );
    // Short intervals still give Hard < Good < Easy.
    let p = s.preview(&sm2_card(1, 2.5), at(1), 0);
    assert_eq!(p.each_ref().map(days)[1..], [2, 3, 4]);
}

#[test]
fn sm2_modifiers_apply() {
    let s = sched(|c| {
        c.algorithm = Algorithm::Sm2;
        c.fuzz = false;
        c.sm2.interval_modifier = 0.5;
        c.sm2.easy_bonus = 2.0;
    });
    let [_, hard, good, easy] = s.preview(&sm2_card(20, 2.0), at(20), 0);
    assert_eq!([days(&hard), days(&good), days(&easy)], [21, 22, 40]);
}

#[test]
fn sm2_lapse_relearns_with_new_interval() {
    let s = sched(|c| {
        c.algorithm = Algorithm::Sm2;
        c.fuzz = false;
        c.sm2.lapse_new_interval = 0.5;
    });
    let lapse = s.review(&sm2_card(20, 2.5), Rating::Again, at(20), 0);
    assert_eq!(lapse.state.phase, Phase::Relearning);
    assert_eq!(lapse.interval, SignedDuration::from_mins(10));
    assert_eq!((lapse.state.interval_days, lapse.state.lapses), (10, 1));
    let back = s.review(&lapse.state, Rating::Good, at(20), 0);
    assert_eq!((back.state.phase, days(&back)), (Phase::Review, 10));
    assert_eq!(days(&s.review(&lapse.state, Rating::Easy, at(20), 0)), 11);
    // Default lapse interval 0 -> the minimum of one day; no relearning steps -> straight back.
    let s = sched(|c| {
        c.algorithm = Algorithm::Sm2;
        c.relearning_steps.clear();
    });
    let lapse = s.review(&sm2_card(20, 2.5), Rating::Again, at(20), 0);
    assert_eq!((lapse.state.phase, days(&lapse)), (Phase::Review, 1));
}

#[test]
fn leech_flagged_at_threshold_then_every_half() {
    for algorithm in [Algorithm::Fsrs, Algorithm::Sm2] {
        let s = sched(|c| {
            c.algorithm = algorithm;
            c.leech_threshold = 4;
        });
        let mut card = sm2_card(5, 2.5);
        let mut flagged = Vec::new();
        for lapse in 1..=8 {
            let o = s.review(&card, Rating::Again, at(5), 0);
            assert_eq!(o.state.lapses, lapse);
            if o.became_leech {
                flagged.push(lapse);
            }
            assert_eq!(o.state.leech, lapse >= 4);
            card = CardState {
                phase: Phase::Review,
                ..o.state
            };
        }
        assert_eq!(flagged, [4, 6, 8]);
    }
    // Only review-card lapses count, and 0 turns leeches off.
    let s = sched(|c| c.leech_threshold = 0);
    let o = s.review(&sm2_card(5, 2.5), Rating::Again, at(5), 0);
    assert!(!o.became_leech && !o.state.leech);
    let o = s.review(&CardState::new(), Rating::Again, t0(), 0);
    assert_eq!(o.state.lapses, 0);
}

/// A review card last seen at 11:10 with stability 10, rated Good at `now`.
fn good_after(s: &Scheduler, last: &str, now: &str) -> Outcome {
    let card = CardState {
        phase: Phase::Review,
        last_review: Some(last.parse().unwrap()),
        due: Some(now.parse().unwrap()),
        stability: 10.0,
        difficulty: 5.0,
        interval_days: 10,
        reps: 3,
        ..CardState::new()
    };
    s.review(&card, Rating::Good, now.parse().unwrap(), 0)
}

#[test]
fn days_are_study_days_past_the_rollover_by_default() {
    let rollover = sched(|c| c.fuzz = false);
    let elapsed = sched(|c| {
        c.fuzz = false;
        c.days = DayCount::Elapsed;
    });
    // 22 hours apart, but on the next study day: one day elapsed, as Anki counts, so the
    // long-term formula applies; in 24-hour periods it is a same-day review.
    let (last, now) = ("2026-11-01T11:10:00Z", "2026-11-02T09:00:00Z");
    let a = good_after(&rollover, last, now);
    let b = good_after(&elapsed, last, now);
    let p = Params::default();
    let m = Memory {
        stability: 10.0,
        difficulty: 5.0,
    };
    assert_eq!(
        a.state.stability,
        p.next_memory(Some(m), 1, Rating::Good).stability
    );
    assert_eq!(
        b.state.stability,
        p.next_memory(Some(m), 0, Rating::Good).stability
    );
    assert_ne!(a.state.stability, b.state.stability);
    // Retrievability counts the same days.
    let card = CardState {
        phase: Phase::Review,
        last_review: Some(last.parse().unwrap()),
        stability: 10.0,
        difficulty: 5.0,
        ..CardState::new()
    };
    assert!(rollover.retrievability(&card, now.parse().unwrap()).unwrap() < 1.0);
    assert_eq!(elapsed.retrievability(&card, now.parse().unwrap()), Some(1.0));
}

#[test]
fn review_due_dates_fall_at_the_start_of_the_study_day() {
    let s = sched(|c| c.fuzz = false);
    let out = good_after(&s, "2026-11-01T11:10:00Z", "2026-11-12T09:00:00Z");
    let days = out.state.interval_days;
    assert!(days > 3, "{days}");
    // Due when study day (review day + interval) begins at 04:00, not days × 24 h after 09:00.
    let want = Timestamp::from_second(
        "2026-11-12T04:00:00Z".parse::<Timestamp>().unwrap().as_second() + i64::from(days) * DAY,
    )
    .unwrap();
    assert_eq!(out.state.due, Some(want));
    assert_eq!(out.interval.as_secs(), i64::from(days) * DAY);
    // A review before the rollover belongs to the day before.
    let early = good_after(&s, "2026-11-01T11:10:00Z", "2026-11-12T03:00:00Z");
    let eleventh: Timestamp = "2026-11-11T04:00:00Z".parse().unwrap();
    let wait = SignedDuration::from_secs(i64::from(early.state.interval_days) * DAY);
    assert_eq!(early.state.due, Some(eleventh.checked_add(wait).unwrap()));
    // In 24-hour mode, due exactly the interval after the review.
    let e = sched(|c| {
        c.fuzz = false;
        c.days = DayCount::Elapsed;
    });
    let out = good_after(&e, "2026-11-01T11:10:00Z", "2026-11-12T09:00:00Z");
    assert_eq!(
        out.state.due,
        Some(
            "2026-11-12T09:00:00Z"
                .parse::<Timestamp>()
                .unwrap()
                .checked_add(out.interval)
                .unwrap()
        )
    );
    // Learning steps within the study day wait exactly their length; one reaching into a
    // later study day (a "1d" step, as Anki's inter-day steps) ends when that day begins.
    let steps =
        sched(|c| c.learning_steps = vec![SignedDuration::from_mins(10), SignedDuration::from_hours(24)]);
    let now: Timestamp = "2026-11-12T09:00:00Z".parse().unwrap();
    let first = steps.review(&CardState::new(), Rating::Good, now, 0);
    assert_eq!(first.state.due, Some("2026-11-13T04:00:00Z".parse().unwrap()));
    let again = steps.review(&CardState::new(), Rating::Again, now, 0);
    assert_eq!(again.state.due, Some("2026-11-12T09:10:00Z".parse().unwrap()));
    let night = steps.review(
        &CardState::new(),
        Rating::Again,
        "2026-11-13T03:55:00Z".parse().unwrap(),
        0,
    );
    assert_eq!(night.state.due, Some("2026-11-13T04:00:00Z".parse().unwrap()));
}
