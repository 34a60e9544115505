//! Sessions and the deck format v2: cards sharing a `note` are siblings (never two on one
//! day, as cloze gaps), a renamed card keeps its schedule, and an author's penalty stands in a
//! quiz with negative marking.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::quiz::{Quiz, QuizOptions};
use super::*;
use crate::deck::{Origin, parse_deck};
use crate::progress::Progress;
use crate::schedule::{Config, Scheduler};
use crate::store::{Event, EventId};

const DECK: &str = "[deck]\nid = \"d\"\ntitle = \"D\"
[[card]]\nid = \"a\"\nq = \"Qa\"\na = \"x\"\nnote = \"n\"
[[card]]\nid = \"b\"\nq = \"Qb\"\na = \"y\"\nnote = \"n\"
[[card]]\nid = \"c\"\nq = \"Qc\"\na = \"z\"
[[card]]\nid = \"z\"\ncloze = \"{{one}} and {{two}}\"
[[card]]\nid = \"p\"\nq = \"Qp\"\nchoices = [\"right\", { text = \"bad\", credit = -0.25 }, \"other\"]\na = \"right\"\nrenamed_from = [\"p-old\"]
";

fn library() -> Library {
    let (deck, diags) = parse_deck(Origin::Bundled("d.toml".into()), DECK);
    assert!(diags.is_empty(), "{diags:?}");
    Library::new(vec![deck.unwrap()], Vec::new())
}

fn easy(id: u64, t: &str, card: &str) -> Event {
    Event::study_answer(EventId::from_u64(id), t.parse().unwrap(), card, 4, 1000)
}

fn options() -> StudyOptions {
    StudyOptions {
        selection: Selection::default(),
        new_per_day: 100,
        limit: None,
        new_order: super::NewOrder::Deck,
        seed: 0,
    }
}

/// Every key a study session at `now` would ask, answering nothing.
fn queued(lib: &Library, progress: Progress, now: Timestamp) -> Vec<String> {
    let sched = Scheduler::new(Config::default()).unwrap();
    let day = Day::containing(now, &TimeZone::UTC, 4);
    let mut study = Study::new(lib, &sched, progress, &options(), day, now);
    let mut ids = crate::store::IdGen::new(1);
    let mut keys = Vec::new();
    while let Some(asked) = study.next(now, 1) {
        keys.push(asked.key.clone());
        // Skipping buries the card for the day: the queue moves on without an answer.
        study.skip(&asked, now, &mut ids);
    }
    keys
}

#[test]
fn new_cards_of_one_note_are_not_introduced_on_one_day() {
    let lib = library();
    let now: Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
    let keys = queued(&lib, Progress::default(), now);
    assert_eq!(keys, ["d/a", "d/c", "d/z.1", "d/p"]);
}

#[test]
fn due_reviews_of_one_note_are_spread_over_days() {
    let lib = library();
    let sched = Scheduler::new(Config::default()).unwrap();
    let events = [
        easy(1, "2026-01-01T10:00:00Z", "d/a"),
        easy(2, "2026-01-01T10:00:00Z", "d/b"),
        easy(3, "2026-01-01T10:00:00Z", "d/c"),
    ];
    let progress = Progress::replay(&events, &sched);
    let now: Timestamp = "2026-06-01T10:00:00Z".parse().unwrap();
    let keys = queued(&lib, progress, now);
    // `b` waits: `a` of its note is due today. One gap of the new cloze is introduced.
    assert!(keys.contains(&"d/a".to_string()), "{keys:?}");
    assert!(!keys.contains(&"d/b".to_string()), "{keys:?}");
    assert!(keys.contains(&"d/c".to_string()), "{keys:?}");
    assert_eq!(
        keys.iter().filter(|k| k.starts_with("d/z.")).count(),
        1,
        "{keys:?}"
    );
}

#[test]
fn a_renamed_card_keeps_its_schedule() {
    let lib = library();
    let sched = Scheduler::new(Config::default()).unwrap();
    let events = [easy(1, "2026-03-01T10:00:00Z", "d/p-old")];
    let now: Timestamp = "2026-03-01T11:00:00Z".parse().unwrap();
    // Without the rename, `p` is new today; with it, it was answered and is not due.
    let plain = queued(&lib, Progress::replay(&events, &sched), now);
    assert!(plain.contains(&"d/p".to_string()), "{plain:?}");
    let renamed = queued(
        &lib,
        Progress::replay_renamed(&events, &sched, &lib.renames()),
        now,
    );
    assert!(!renamed.contains(&"d/p".to_string()), "{renamed:?}");
}

#[test]
fn a_quiz_asks_one_card_per_note() {
    let lib = library();
    for seed in 0..20 {
        let quiz = Quiz::new(
            &lib,
            QuizOptions {
                selection: Selection::default(),
                count: 100,
                seed,
                total: None,
                per_question: None,
                negative: false,
            },
        );
        let keys: Vec<&str> = quiz.questions.iter().map(|q| q.key.as_str()).collect();
        let note_n = keys.iter().filter(|k| ["d/a", "d/b"].contains(k)).count();
        let cloze = keys.iter().filter(|k| k.starts_with("d/z.")).count();
        assert_eq!((note_n, cloze, keys.len()), (1, 1, 4), "seed {seed}: {keys:?}");
    }
}

#[test]
fn an_authors_penalty_stands_under_negative_marking() {
    let lib = library();
    let only_p = Selection {
        kinds: vec![crate::deck::Kind::Choice],
        ..Selection::default()
    };
    let options = QuizOptions {
        selection: only_p,
        count: 1,
        seed: 1,
        total: None,
        per_question: None,
        negative: true,
    };
    let mut quiz = Quiz::new(&lib, options.clone());
    assert_eq!(quiz.questions[0].key, "d/p");
    quiz.answer(0, "bad", 1000).expect("a choice");
    assert_eq!(quiz.questions[0].score, -0.25);
    // A wrong pick the author gave no credit costs what negative marking charges: 1/(n-1).
    let mut quiz = Quiz::new(&lib, options);
    quiz.answer(0, "other", 1000).expect("a choice");
    assert_eq!(quiz.questions[0].score, -0.5);
}
