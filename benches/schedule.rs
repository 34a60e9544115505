//! Scheduler benchmarks: replaying 1,000,000 reviews over 100,000 cards through the FSRS-6
//! memory model (the `deckard replay` core), the same through CSV parsing and JSON output, and
//! single `Scheduler::review` calls.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::interchange::replay;
use deckard::schedule::fsrs::DEFAULT_PARAMS;
use deckard::schedule::replay::Replayer;
use deckard::schedule::{CardState, Config, Rating, Scheduler};
use jiff::Timestamp;

const CARDS: usize = 100_000;
const REVIEWS_PER_CARD: usize = 10;

/// A deterministic history: per card, ten reviews with gaps from minutes to months.
fn history() -> Vec<Vec<(i64, Rating)>> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..CARDS)
        .map(|_| {
            let mut t = 1_600_000_000_000i64 + (next() % 1_000_000_000) as i64;
            (0..REVIEWS_PER_CARD)
                .map(|_| {
                    let r = next();
                    let rating = match r % 10 {
                        0 => Rating::Again,
                        1 => Rating::Hard,
                        9 => Rating::Easy,
                        _ => Rating::Good,
                    };
                    t += ((r >> 8) % (60 * 86_400_000)) as i64;
                    (t, rating)
                })
                .collect()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    // Study days past the rollover: the default, as `deckard replay` counts them.
    let replayer = Replayer::new(
        &DEFAULT_PARAMS,
        0.9,
        36_500,
        deckard::schedule::DayCount::default(),
    )
    .unwrap();
    let cards = history();
    let mut g = c.benchmark_group("replay");
    g.sample_size(10);
    g.bench_function("memory model, 1M reviews over 100k cards", |b| {
        b.iter(|| {
            let mut total = 0.0;
            for card in &cards {
                replayer.replay_card(card, |_, step| total += step.memory.stability);
            }
            black_box(total)
        })
    });
    let mut csv = String::from("card_id,review_time,review_rating\n");
    for (id, card) in cards.iter().enumerate() {
        for (t, r) in card {
            csv.push_str(&format!("{id},{t},{}\n", r.as_u8()));
        }
    }
    g.bench_function("CSV in, JSON out, 1M reviews over 100k cards", |b| {
        b.iter(|| replay::run(csv.as_bytes(), std::io::sink(), &replayer).unwrap())
    });
    g.finish();

    let s = Scheduler::new(Config::default()).unwrap();
    let now = Timestamp::from_second(1_700_000_000).unwrap();
    let mut card = CardState::new();
    for day in [0, 0, 1, 5, 20] {
        let t = now
            .checked_add(jiff::SignedDuration::from_hours(24 * day))
            .unwrap();
        card = s.review(&card, Rating::Good, t, 1).state;
    }
    let later = now
        .checked_add(jiff::SignedDuration::from_hours(24 * 90))
        .unwrap();
    c.bench_function("scheduler preview (4 ratings) of a review card", |b| {
        b.iter(|| s.preview(black_box(&card), later, 7))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
