//! The session layer without a terminal: the study queue's order, new-card limits across a day
//! boundary, learn-ahead, undo, and quiz scoring (partial, negative, timeout, skip) with and
//! without rescheduling.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::quiz::{Quiz, QuizOptions, QuizVerdict};
use super::*;
use crate::deck::{Origin, parse_deck};
use crate::progress::Progress;
use crate::schedule::{Config, Phase, Rating, Scheduler};
use crate::store::{EventBody, IdGen};

const DECK: &str = r#"[deck]
id = "q"
title = "Queue"

[[card]]
id = "one"
q = "One?"
a = "one"

[[card]]
id = "two"
q = "Two?"
a = "two"

[[card]]
id = "three"
q = "Three?"
a = "three"

[[card]]
id = "four"
q = "Four?"
a = "four"

[[card]]
id = "list"
q = "Name four colours."
a = ["red", "green", "blue", "black"]

[[card]]
id = "pick"
q = "Pick the first."
choices = ["first", "second", "third", "fourth"]
a = "first"
"#;

thread_local! {
    static LOG: std::cell::RefCell<Vec<crate::store::Event>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The progress the answers so far in this test add up to, replayed from their events.
fn replayed(sched: &Scheduler) -> Progress {
    LOG.with(|log| Progress::replay(&log.borrow(), sched))
}

const T0: &str = "2026-03-01T09:00:00Z";

fn library() -> Library {
    let (deck, diags) = parse_deck(Origin::Bundled("q.toml".into()), DECK);
    assert!(diags.is_empty(), "{diags:?}");
    Library {
        decks: vec![deck.unwrap()],
        ..Library::default()
    }
}

fn at(t: &str) -> Timestamp {
    t.parse().unwrap()
}

fn scheduler(steps: &[i64]) -> Scheduler {
    Scheduler::new(Config {
        learning_steps: steps.iter().map(|m| SignedDuration::from_mins(*m)).collect(),
        fuzz: false,
        ..Config::default()
    })
    .unwrap()
}

fn study<'l>(
    lib: &'l Library,
    sched: &'l Scheduler,
    progress: Progress,
    new_per_day: usize,
    now: Timestamp,
) -> Study<'l> {
    let options = StudyOptions {
        selection: Selection {
            kinds: vec![crate::deck::Kind::Text],
            ..Selection::default()
        },
        new_per_day,
        limit: None,
        new_order: super::NewOrder::Deck,
        seed: 0,
    };
    let day = Day::containing(now, &TimeZone::UTC, 4);
    Study::new(lib, sched, progress, &options, day, now)
}

/// Answers the next card right, rated `rating`; returns its key. The events go to `LOG`, so a
/// later session can replay them as the binary would.
fn answer(s: &mut Study<'_>, now: Timestamp, rating: Rating, ids: &mut IdGen) -> Option<String> {
    let asked = s.next(now, 1)?;
    let given = asked.card.canonical();
    let verdict = s.judge(&asked, &given).expect("the canonical answer reads");
    let answered = Answered {
        rating,
        given: Some(given),
        verdict: Some(verdict),
        ms: 1000,
    };
    let recorded = s.record(&asked, answered, now, ids);
    LOG.with(|log| log.borrow_mut().push(recorded.event));
    Some(asked.key)
}

#[test]
fn new_cards_come_in_deck_order_and_due_reviews_before_them() {
    let lib = library();
    let sched = scheduler(&[]);
    let mut ids = IdGen::new(1);
    let fresh = study(&lib, &sched, Progress::default(), 4, at(T0));
    let first = fresh.counts();
    assert_eq!(first.new, 4);
    // Learn three cards on day 1 (no learning steps: Good graduates a card at once).
    let mut day1 = study(&lib, &sched, Progress::default(), 3, at(T0));
    let learned: Vec<String> =
        std::iter::from_fn(|| answer(&mut day1, at(T0), Rating::Good, &mut ids)).collect();
    assert_eq!(
        learned,
        ["q/one", "q/two", "q/three"],
        "new cards follow the deck's order"
    );
    let progress = replayed(&sched);
    // Long after, the three learned cards are due: they come before the one new card left.
    let later = at("2027-03-01T09:00:00Z");
    let mut s = study(&lib, &sched, progress, 4, later);
    assert_eq!(
        s.counts(),
        Counts {
            due: 3,
            learning: 0,
            new: 1
        }
    );
    let order: Vec<String> = std::iter::from_fn(|| answer(&mut s, later, Rating::Good, &mut ids)).collect();
    assert_eq!(order.len(), 4);
    assert_eq!(order[3], "q/four", "{order:?}");
}

#[test]
fn the_new_card_limit_counts_cards_introduced_earlier_today_and_resets_with_the_day() {
    let lib = library();
    let sched = scheduler(&[]);
    let mut ids = IdGen::new(2);
    let morning = at("2026-03-01T08:00:00Z");
    let mut s = study(&lib, &sched, Progress::default(), 2, morning);
    assert_eq!(s.counts().new, 2);
    answer(&mut s, morning, Rating::Good, &mut ids);
    answer(&mut s, morning, Rating::Good, &mut ids);
    assert!(s.next(morning, 1).is_none());
    let progress = replayed(&sched);
    // Later the same study day (before 04:00 the next morning): the two count against today.
    let night = at("2026-03-02T03:30:00Z");
    assert_eq!(study(&lib, &sched, replayed(&sched), 2, night).counts().new, 0);
    assert_eq!(study(&lib, &sched, replayed(&sched), 3, night).counts().new, 1);
    // After the day's start hour, a new day: two new cards again.
    let next_day = at("2026-03-02T04:30:00Z");
    assert_eq!(study(&lib, &sched, progress, 2, next_day).counts().new, 2);
}

#[test]
fn a_learning_card_is_shown_ahead_of_time_only_within_twenty_minutes_when_nothing_else_is_left() {
    let lib = library();
    let mut ids = IdGen::new(3);
    let now = at(T0);
    // A 10-minute step: the card comes back at once, since nothing else is left.
    let ten = scheduler(&[10]);
    let mut s = study(&lib, &ten, Progress::default(), 1, now);
    // Again puts a new card on the first (and only) step.
    assert_eq!(
        answer(&mut s, now, Rating::Again, &mut ids).as_deref(),
        Some("q/one")
    );
    assert_eq!(s.counts().learning, 1);
    assert_eq!(s.next(now, 1).map(|a| a.key).as_deref(), Some("q/one"));
    // A 60-minute step is beyond the learn-ahead window: the session is over for now.
    let hour = scheduler(&[60]);
    let mut s = study(&lib, &hour, Progress::default(), 1, now);
    answer(&mut s, now, Rating::Again, &mut ids);
    assert!(s.next(now, 1).is_none());
    let later = now.checked_add(SignedDuration::from_mins(45)).unwrap();
    assert_eq!(s.next(later, 1).map(|a| a.key).as_deref(), Some("q/one"));
}

#[test]
fn undo_restores_the_card_state_the_tally_and_puts_the_card_first() {
    let lib = library();
    let sched = scheduler(&[]);
    let mut ids = IdGen::new(4);
    let now = at(T0);
    let mut s = study(&lib, &sched, Progress::default(), 4, now);
    answer(&mut s, now, Rating::Good, &mut ids);
    let tally_before = s.tally().clone();
    let key = answer(&mut s, now, Rating::Again, &mut ids).unwrap();
    assert_eq!(key, "q/two");
    assert_ne!(s.progress().state(&key).phase, Phase::New);
    let (event, undone) = s.undo(now, &mut ids).unwrap();
    assert!(matches!(event.body, EventBody::Undo { .. }));
    assert_eq!(undone, key);
    assert_eq!(s.progress().state(&key).phase, Phase::New);
    assert_eq!(s.tally(), &tally_before);
    assert_eq!(
        s.next(now, 1).unwrap().key,
        key,
        "the undone card is asked again first"
    );
    // Undo goes back one answer at a time, then there is nothing left to undo.
    assert!(s.undo(now, &mut ids).is_some());
    assert!(s.undo(now, &mut ids).is_none());
    assert_eq!(s.progress().state("q/one").phase, Phase::New);
}

#[test]
fn skip_buries_a_card_until_the_next_study_day() {
    let lib = library();
    let sched = scheduler(&[]);
    let mut ids = IdGen::new(5);
    let now = at(T0);
    let mut s = study(&lib, &sched, Progress::default(), 1, now);
    let asked = s.next(now, 1).unwrap();
    let event = s.skip(&asked, now, &mut ids);
    let EventBody::Bury { until, .. } = event.body else {
        panic!("not a bury: {event:?}");
    };
    assert_eq!(until, s.day().end);
    assert_eq!(s.tally().skipped, 1);
    assert!(s.progress().is_buried("q/one", now));
    assert!(!s.progress().is_buried("q/one", until));
}

fn quiz(kinds: &[crate::deck::Kind], negative: bool, per_question: Option<i64>) -> Quiz {
    Quiz::new(
        &library(),
        QuizOptions {
            selection: Selection {
                kinds: kinds.to_vec(),
                ..Selection::default()
            },
            count: 10,
            seed: 9,
            total: None,
            per_question: per_question.map(SignedDuration::from_secs),
            negative,
        },
    )
}

#[test]
fn quiz_scores_partial_lists_and_penalises_wrong_choices_only_under_negative_marking() {
    use crate::deck::Kind;
    let mut q = quiz(&[Kind::List], false, None);
    assert_eq!(q.questions.len(), 1);
    q.answer(0, "red, green", 1000).unwrap();
    assert_eq!(q.questions[0].verdict, QuizVerdict::Partial);
    assert!(
        (q.questions[0].score - 0.5).abs() < 1e-9,
        "{}",
        q.questions[0].score
    );

    for (negative, expected) in [(false, 0.0), (true, -1.0 / 3.0)] {
        let mut q = quiz(&[Kind::Choice], negative, None);
        let keys: Vec<&str> = q.questions.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(keys, ["q/pick"]);
        q.answer(0, "second", 1000).unwrap();
        assert_eq!(q.questions[0].verdict, QuizVerdict::Wrong);
        assert!((q.questions[0].score - expected).abs() < 1e-9, "{negative}");
        let total = q.report().total;
        // The report rounds to three places.
        assert!((total - expected).abs() < 1e-3, "{negative}: {total}");
    }
}

#[test]
fn quiz_answers_after_the_deadline_time_out_and_skipped_questions_move_to_the_back() {
    use crate::deck::Kind;
    let mut q = quiz(&[Kind::Text], false, Some(30));
    assert_eq!(q.questions.len(), 4);
    let first = q.next().unwrap();
    q.skip(first, 2000);
    assert_ne!(q.next(), Some(first), "a skipped question waits at the back");
    let second = q.next().unwrap();
    let right = q.questions[second].card.canonical();
    q.answer(second, &right, 31_000).unwrap();
    assert_eq!(q.questions[second].verdict, QuizVerdict::Timeout);
    assert_eq!(q.questions[second].score, 0.0);
    while let Some(i) = q.next() {
        if i == first {
            break;
        }
        let right = q.questions[i].card.canonical();
        q.answer(i, &right, 1000).unwrap();
    }
    assert_eq!(q.next(), Some(first));
    // Never answered: skipped in the report and no event for the log.
    let report = q.report();
    assert!((report.total - 2.0).abs() < 1e-9, "{}", report.total);
    assert_eq!(q.questions[first].verdict, QuizVerdict::Skipped);
    let mut ids = IdGen::new(6);
    assert!(
        q.event(first, &Progress::default(), true, at(T0), &mut ids)
            .is_none()
    );
}

#[test]
fn quiz_events_reschedule_only_studied_cards_and_never_with_no_reschedule() {
    use crate::deck::Kind;
    let lib = library();
    let sched = scheduler(&[]);
    let mut ids = IdGen::new(7);
    // "one" is studied, the other text cards are new.
    let mut s = study(&lib, &sched, Progress::default(), 1, at(T0));
    answer(&mut s, at(T0), Rating::Good, &mut ids);
    let progress = replayed(&sched);
    let mut q = quiz(&[Kind::Text], false, None);
    for i in 0..q.questions.len() {
        let right = q.questions[i].card.canonical();
        q.answer(i, &right, 1000).unwrap();
    }
    let reschedules = |reschedule: bool, ids: &mut IdGen| -> Vec<(String, bool)> {
        (0..q.questions.len())
            .filter_map(|i| q.event(i, &progress, reschedule, at(T0), ids))
            .map(|e| match e.body {
                EventBody::Review(r) => (r.card, r.reschedule),
                other => panic!("not a review: {other:?}"),
            })
            .collect()
    };
    for (card, reschedule) in reschedules(true, &mut ids) {
        assert_eq!(reschedule, card == "q/one", "{card}");
    }
    assert!(reschedules(false, &mut ids).iter().all(|(_, r)| !r));
}
