#![allow(clippy::disallowed_macros)] // prints the size of the simulated log
//! Optimizer benchmarks on a simulated learner of 5,000 cards and 49,718 reviews
//! (`deckard::optimize::synthetic`, seeded: 500 days studied at 95% retention): building the
//! training items from the log, fitting the 21 weights with the `fsrs` crate, and scoring
//! weights on every item — reported separately, as the README's Performance table lists them.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::optimize::synthetic::{self, Learner, TRUE_WEIGHTS};
use deckard::optimize::{Dataset, Options, evaluate, fit};
use deckard::progress::Renames;
use deckard::schedule::Params;
use jiff::tz::TimeZone;

fn learner() -> Learner {
    Learner {
        weights: TRUE_WEIGHTS,
        cards: 5_000,
        days: 500,
        start: "2025-01-01T00:00:00Z".parse().expect("a time"),
        deck: "bench".into(),
        retention: 0.95,
        seed: 5,
    }
}

fn bench(c: &mut Criterion) {
    let events = synthetic::simulate(&learner());
    let renames = Renames::new();
    let opts = Options {
        tz: TimeZone::UTC,
        day_starts_at: 4,
        decks: &[],
        renames: &renames,
    };
    let data = Dataset::build(&events, &opts);
    eprintln!(
        "optimize bench: {} cards, {} reviews, {} training items",
        data.cards(),
        data.reviews(),
        data.len()
    );
    let mut g = c.benchmark_group("optimize");
    g.sample_size(10);
    g.bench_function("build_items_50k", |b| {
        b.iter(|| Dataset::build(black_box(&events), &opts))
    });
    g.bench_function("fit_50k", |b| {
        b.iter(|| fit(black_box(&data), 1, None).expect("fit"))
    });
    let params = Params::new(&TRUE_WEIGHTS).expect("valid weights");
    g.bench_function("evaluate_50k", |b| b.iter(|| evaluate(&params, black_box(&data))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
