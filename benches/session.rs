//! Study-loop latency (issue 5): from start to the first prompt with 100,000 cards and a
//! 1,000,000-review log, and from Enter to the next prompt (record, fsync, pick the next card).

use std::io::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::deck::{self, Library};
use deckard::progress::Progress;
use deckard::query::{Env, Query};
use deckard::schedule::{Config, Rating, Scheduler};
use deckard::session::{Answered, Day, Selection, Study, StudyOptions};
use deckard::store::{self, Event, EventBody, IdGen, Mode, Review, Store};
use jiff::{SignedDuration, Timestamp};

const FILES: usize = 100;
const PER_FILE: usize = 1000;
const REVIEWS: usize = 1_000_000;

fn write_decks(dir: &std::path::Path) {
    for f in 0..FILES {
        let mut s = format!("[deck]\nid = \"d{f}\"\ntitle = \"Deck {f}\"\n");
        for c in 0..PER_FILE {
            s.push_str(&format!(
                "[[card]]\nid = \"c{c}\"\nq = \"What is {c} plus one?\"\na = {}\n",
                c + 1
            ));
        }
        std::fs::write(dir.join(format!("d{f}.toml")), s).expect("write deck");
    }
}

/// A log of one million reviews spread over the 100,000 cards and a year, one line each.
fn write_log(path: &std::path::Path) {
    drop(Store::open(path).expect("create log"));
    let mut out = std::io::BufWriter::new(
        std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .expect("open log"),
    );
    let mut ids = IdGen::new(1);
    let start: Timestamp = "2025-01-01T09:00:00Z".parse().expect("time");
    for i in 0..REVIEWS {
        let card = i % (FILES * PER_FILE);
        let round = i / (FILES * PER_FILE);
        let e = Event {
            id: ids.next(),
            time: start + SignedDuration::from_hours((round * 24 * 30 + card % 24) as i64),
            body: EventBody::Review(Review {
                card: format!("d{}/c{}", card / PER_FILE, card % PER_FILE),
                rating: [3, 3, 3, 1, 4, 2][(i / 7) % 6],
                answer: Some(format!("{}", card % PER_FILE + 1)),
                verdict: Some("right".into()),
                score: Some(1.0),
                ms: 3000,
                mode: Mode::Study,
                reschedule: true,
                origin: None,
            }),
        };
        writeln!(out, "{}", e.to_line()).expect("write event");
    }
    out.flush().expect("flush");
}

fn first_prompt(
    lib_paths: &[std::path::PathBuf],
    log: &std::path::Path,
    sched: &Scheduler,
    now: Timestamp,
) -> usize {
    let lib: Library = deck::load_paths(lib_paths);
    let opened = Store::open(log).expect("open");
    let progress = Progress::replay(&opened.events, sched);
    let day = Day::containing(now, &jiff::tz::TimeZone::UTC, 4);
    let options = StudyOptions {
        selection: Selection::default(),
        new_per_day: 20,
        limit: None,
        new_order: deckard::session::NewOrder::Deck,
        seed: 1,
    };
    let mut study = Study::new(&lib, sched, progress, &options, day, now);
    let asked = study.next(now, 1).expect("a card is due");
    asked.number
}

fn session(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let decks_dir = dir.path().join("decks");
    std::fs::create_dir(&decks_dir).expect("mkdir");
    write_decks(&decks_dir);
    let log = dir.path().join("progress.jsonl");
    write_log(&log);
    let sched = Scheduler::new(Config::default()).expect("scheduler");
    let now: Timestamp = "2025-12-01T09:00:00Z".parse().expect("time");
    let paths = vec![decks_dir];
    let mut g = c.benchmark_group("study");
    g.sample_size(10);
    g.bench_function("first_prompt_100k_cards_1m_reviews", |b| {
        b.iter(|| first_prompt(&paths, &log, &sched, now))
    });
    g.bench_function("replay_1m_reviews", |b| {
        let (events, _) = store::read(&log).expect("read");
        b.iter(|| Progress::replay(&events, &sched))
    });

    // Enter to next prompt: record the answer, append it with fsync, pick the next card.
    let lib = deck::load_paths(&paths);
    let opened = Store::open(&log).expect("open");
    let mut st = opened.store;
    let progress = Progress::replay(&opened.events, &sched);
    let day = Day::containing(now, &jiff::tz::TimeZone::UTC, 4);
    let options = StudyOptions {
        selection: Selection::default(),
        new_per_day: 1_000_000,
        limit: None,
        new_order: deckard::session::NewOrder::Deck,
        seed: 1,
    };
    let mut study = Study::new(&lib, &sched, progress, &options, day, now);
    let mut ids = IdGen::new(9);
    let mut asked = study.next(now, 1).expect("a card");
    g.bench_function("enter_to_next_prompt", |b| {
        b.iter(|| {
            let rec = study.record(
                &asked,
                Answered {
                    rating: Rating::Good,
                    given: Some("1".into()),
                    verdict: None,
                    ms: 1000,
                },
                now,
                &mut ids,
            );
            st.append(&rec.event).expect("append");
            asked = study.next(now, 1).expect("a card");
        })
    });
    g.finish();

    // `deckard cards 'prop:r<0.9 prop:lapses>0'` (issue 21): the query over every card with the
    // replayed progress, and the whole command's work (load, read, replay, query).
    let mut g = c.benchmark_group("cards");
    g.sample_size(10);
    let (events, _) = store::read(&log).expect("read");
    let progress = Progress::replay(&events, &sched);
    let query = Query::parse("prop:r<0.9 prop:lapses>0").expect("query");
    let env = Env {
        progress: &progress,
        sched: &sched,
        now,
        day,
    };
    let matched = query.select(&env, &lib).len();
    assert!(matched > 0 && matched < lib.card_count(), "{matched}");
    g.bench_function("prop_query_100k_cards", |b| {
        b.iter(|| query.select(&env, &lib).len())
    });
    g.bench_function("load_replay_and_prop_query_100k_cards_1m_reviews", |b| {
        b.iter(|| {
            let lib = deck::load_paths(&paths);
            let (events, _) = store::read(&log).expect("read");
            let progress = Progress::replay(&events, &sched);
            let env = Env {
                progress: &progress,
                sched: &sched,
                now,
                day,
            };
            query.select(&env, &lib).len()
        })
    });
    g.finish();
}

criterion_group!(benches, session);
criterion_main!(benches);
