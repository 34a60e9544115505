//! The loop's needs from the study queue: new-card gather orders, undo putting a card back in
//! the queue it came from (counts unchanged), undoing a skip, per-card tallies, what is due
//! later today, and the new cards the day's limit holds back.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::*;
use crate::deck::{Library, Origin, parse_deck};
use crate::progress::Progress;
use crate::schedule::{Config, Rating, Scheduler};
use crate::store::{EventBody, IdGen};

fn deck(id: &str, n: usize) -> String {
    let mut s = format!("[deck]\nid = \"{id}\"\ntitle = \"{id}\"\n");
    for i in 0..n {
        s.push_str(&format!(
            "[[card]]\nid = \"c{i}\"\nq = \"{id} {i}?\"\na = \"x{i}\"\n"
        ));
    }
    s
}

fn library(decks: &[(&str, usize)]) -> Library {
    let mut lib = Library::default();
    for (id, n) in decks {
        let (d, diags) = parse_deck(Origin::Bundled(format!("{id}.toml")), &deck(id, *n));
        assert!(diags.is_empty(), "{diags:?}");
        lib.decks.push(d.unwrap());
    }
    lib
}

const T0: &str = "2026-03-01T09:00:00Z";

fn study<'l>(lib: &'l Library, sched: &'l Scheduler, order: NewOrder, new_per_day: usize) -> Study<'l> {
    let now: Timestamp = T0.parse().unwrap();
    let options = StudyOptions {
        selection: Selection::default(),
        new_per_day,
        limit: None,
        new_order: order,
        seed: 5,
    };
    Study::new(
        lib,
        sched,
        Progress::default(),
        &options,
        Day::containing(now, &TimeZone::UTC, 4),
        now,
    )
}

/// The keys of every new card in the order the session would introduce them (each skipped).
fn new_order(lib: &Library, order: NewOrder) -> Vec<String> {
    let sched = Scheduler::new(Config::default()).unwrap();
    let mut s = study(lib, &sched, order, 100);
    let now: Timestamp = T0.parse().unwrap();
    let mut ids = IdGen::new(1);
    let mut keys = Vec::new();
    while let Some(a) = s.next(now, 1) {
        keys.push(a.key.clone());
        s.skip(&a, now, &mut ids);
    }
    keys
}

#[test]
fn new_cards_gather_by_deck_taking_turns_or_shuffled() {
    let lib = library(&[("a", 3), ("b", 1)]);
    assert_eq!(new_order(&lib, NewOrder::Deck), ["a/c0", "a/c1", "a/c2", "b/c0"]);
    assert_eq!(new_order(&lib, NewOrder::Mixed), ["a/c0", "b/c0", "a/c1", "a/c2"]);
    let random = new_order(&lib, NewOrder::Random);
    assert_eq!(
        random,
        new_order(&lib, NewOrder::Random),
        "the seed fixes the order"
    );
    let mut sorted = random.clone();
    sorted.sort();
    assert_eq!(sorted, new_order(&lib, NewOrder::Deck), "every card once");
    assert_eq!(NewOrder::parse("mixed"), Some(NewOrder::Mixed));
    assert_eq!(NewOrder::parse("shuffled"), None);
}

#[test]
fn undo_puts_a_new_card_back_among_the_new_ones_and_a_skip_is_undone() {
    let lib = library(&[("a", 3)]);
    let sched = Scheduler::new(Config::default()).unwrap();
    let mut s = study(&lib, &sched, NewOrder::Deck, 100);
    let now: Timestamp = T0.parse().unwrap();
    let mut ids = IdGen::new(1);
    let first = s.next(now, 1).unwrap();
    assert_eq!((first.counts.due, first.counts.new), (0, 3));
    let answered = Answered {
        rating: Rating::Easy,
        given: Some("x0".into()),
        verdict: None,
        ms: 1,
    };
    s.record(&first, answered, now, &mut ids);
    let (_, key) = s.undo(now, &mut ids).unwrap();
    assert_eq!(key, "a/c0");
    let again = s.next(now, 1).unwrap();
    assert_eq!(again.key, "a/c0");
    assert_eq!((again.counts.due, again.counts.new, again.number), (0, 3, 1));
    let bury = s.skip(&again, now, &mut ids);
    assert!(matches!(bury.body, EventBody::Bury { .. }));
    assert_eq!(s.tally().skipped_cards, ["a/c0"]);
    let (undo, key) = s.undo(now, &mut ids).unwrap();
    assert!(matches!(undo.body, EventBody::Undo { target } if target == bury.id));
    assert_eq!(key, "a/c0");
    assert!(s.tally().skipped_cards.is_empty());
    assert_eq!(s.next(now, 1).unwrap().key, "a/c0");
}

#[test]
fn tallies_count_cards_by_their_first_answer_and_list_the_missed() {
    let lib = library(&[("a", 2)]);
    let sched = Scheduler::new(Config::default()).unwrap();
    let mut s = study(&lib, &sched, NewOrder::Deck, 100);
    let now: Timestamp = T0.parse().unwrap();
    let mut ids = IdGen::new(1);
    let rate = |s: &mut Study<'_>, ids: &mut IdGen, r: Rating| {
        let a = s.next(now, 1).unwrap();
        s.record(
            &a,
            Answered {
                rating: r,
                given: None,
                verdict: None,
                ms: 1,
            },
            now,
            ids,
        );
        a.key
    };
    assert_eq!(rate(&mut s, &mut ids, Rating::Again), "a/c0");
    // With default learning steps the missed card waits a minute: the other new card is next.
    assert_eq!(rate(&mut s, &mut ids, Rating::Good), "a/c1");
    let t = s.tally();
    assert_eq!(t.answered, 2);
    assert_eq!(t.missed, ["a/c0"]);
    assert_eq!(
        t.cards,
        [
            ("a/c0".to_string(), crate::answer::Outcome::Wrong),
            ("a/c1".to_string(), crate::answer::Outcome::Right)
        ]
    );
    // Both are in learning steps today: due later today, the earliest a minute from now.
    let next_day = s.day().next(&TimeZone::UTC, 4);
    let ahead = s.due_ahead(&Selection::default(), next_day);
    assert_eq!(ahead.later_today, 2);
    assert_eq!(ahead.next_at, Some("2026-03-01T09:01:00Z".parse().unwrap()));
    assert_eq!(ahead.tomorrow, 0);
}

#[test]
fn the_days_limit_holds_new_cards_back_and_says_how_many() {
    let lib = library(&[("a", 5)]);
    let sched = Scheduler::new(Config::default()).unwrap();
    let s = study(&lib, &sched, NewOrder::Deck, 2);
    assert_eq!(s.counts().new, 2);
    assert_eq!(s.new_held_back(), 3);
}
