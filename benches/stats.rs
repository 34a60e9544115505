//! `deckard stats` speed (issue 18): every figure over 100,000 cards and a 1,000,000-review log,
//! from the replayed progress (`compute`), and from the log file (read, replay, compute).
//! The README's figure is measured on one core: `taskset -c 0 cargo bench --bench stats`.
#![allow(clippy::disallowed_macros)] // a bench prints its CPU-time figure next to criterion's

use std::io::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::deck::{Library, Origin, parse_deck};
use deckard::progress::Progress;
use deckard::schedule::{Config, Scheduler};
use deckard::session::Selection;
use deckard::stats::{self, Input};
use deckard::store::{self, Event, EventBody, IdGen, Mode, Review, Store};
use jiff::{SignedDuration, Timestamp};

const DECKS: usize = 100;
const PER_DECK: usize = 1000;
const REVIEWS: usize = 1_000_000;

/// 100 decks of 1,000 cards, each card with a tag of ten.
fn library() -> Library {
    let mut lib = Library::default();
    for d in 0..DECKS {
        let mut s = format!(
            "[deck]\nid = \"d{d}\"\ntitle = \"Deck {d}\"\ntags = [\"deck-tag-{}\"]\n",
            d % 7
        );
        for c in 0..PER_DECK {
            s.push_str(&format!(
                "[[card]]\nid = \"c{c}\"\nq = \"What is {c} plus one?\"\na = {}\ntags = [\"t{}\"]\n",
                c + 1,
                c % 10
            ));
        }
        let (deck, _) = parse_deck(Origin::Bundled(format!("d{d}.toml")), &s);
        lib.decks.push(deck.expect("deck parses"));
    }
    lib
}

/// One million answers over the cards and most of a year (as the session bench's log), one in
/// twenty a quiz answer.
fn events() -> Vec<Event> {
    let mut ids = IdGen::new(1);
    let start: Timestamp = "2025-01-01T09:00:00Z".parse().expect("time");
    (0..REVIEWS)
        .map(|i| {
            let card = i % (DECKS * PER_DECK);
            let round = i / (DECKS * PER_DECK);
            let quiz = i % 20 == 0;
            Event {
                id: ids.next(),
                time: start + SignedDuration::from_hours((round * 24 * 30 + card % 24) as i64),
                body: EventBody::Review(Review {
                    card: format!("d{}/c{}", card / PER_DECK, card % PER_DECK),
                    rating: [3, 3, 3, 1, 4, 2][(i / 7) % 6],
                    answer: None,
                    verdict: Some("right".into()),
                    score: quiz.then_some(1.0),
                    ms: 3000,
                    mode: if quiz { Mode::Quiz } else { Mode::Study },
                    reschedule: !quiz,
                    origin: None,
                }),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let lib = library();
    let events = events();
    let sched = Scheduler::new(Config::default()).expect("scheduler");
    let progress = Progress::replay(&events, &sched);
    let now: Timestamp = "2025-12-01T09:00:00Z".parse().expect("time");
    let selection = Selection::default();
    let tz = jiff::tz::TimeZone::UTC;
    let input = |events: &[Event], progress: &Progress, f: &dyn Fn(&Input<'_>) -> usize| {
        f(&Input {
            lib: &lib,
            selection: &selection,
            progress,
            events,
            sched: &sched,
            tz: &tz,
            day_starts_at: 4,
            now,
            days: 365,
        })
    };
    // On a shared machine wall time says more about the neighbours than about deckard: also
    // report the time this thread spent on a CPU (Linux), the median of five runs.
    if let Some(ns) = median_cpu_ns(|| {
        input(&events, &progress, &|i| {
            stats::compute(i).calendar.answers as usize
        })
    }) {
        println!(
            "stats/compute_100k_cards_1m_reviews: {:.0} ms on one core (CPU time)",
            ns as f64 / 1e6
        );
    }
    let mut g = c.benchmark_group("stats");
    g.sample_size(10);
    g.bench_function("compute_100k_cards_1m_reviews", |b| {
        b.iter(|| {
            input(&events, &progress, &|i| {
                stats::compute(i).calendar.answers as usize
            })
        })
    });

    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("progress.jsonl");
    drop(Store::open(&log).expect("create log"));
    let mut out = std::io::BufWriter::new(
        std::fs::OpenOptions::new()
            .append(true)
            .open(&log)
            .expect("open log"),
    );
    for e in &events {
        writeln!(out, "{}", e.to_line()).expect("write event");
    }
    out.flush().expect("flush");
    drop(out);
    g.bench_function("read_replay_compute_1m_reviews", |b| {
        b.iter(|| {
            let (events, _) = store::read(&log).expect("read");
            let progress = Progress::replay(&events, &sched);
            input(&events, &progress, &|i| {
                stats::compute(i).calendar.answers as usize
            })
        })
    });
    g.finish();
}

/// This thread's time on a CPU so far, in nanoseconds (Linux only).
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// The median CPU time of five runs of `f`.
fn median_cpu_ns(f: impl Fn() -> usize) -> Option<u64> {
    let mut runs = Vec::new();
    for _ in 0..5 {
        let before = cpu_ns()?;
        std::hint::black_box(f());
        runs.push(cpu_ns()? - before);
    }
    runs.sort_unstable();
    runs.get(2).copied()
}

criterion_group!(benches, bench);
criterion_main!(benches);
