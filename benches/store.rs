#![allow(clippy::disallowed_macros)] // prints its own report
//! Progress log benchmarks: opening (lock, read, parse, validate) a log of 1,000,000 reviews
//! over 100,000 cards, and appending one event with its fsync.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::store::{IdGen, Store, read};
#[path = "support/reviews.rs"]
mod reviews;

use reviews::{CARDS, REVIEWS, review};

/// Writes the big log without a million fsyncs: the header through the store, then lines.
fn build_log(path: &Path) {
    drop(Store::open(path).unwrap());
    let file = OpenOptions::new().append(true).open(path).unwrap();
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut ids = IdGen::new(1);
    for i in 0..REVIEWS {
        writeln!(out, "{}", review(&mut ids, i).to_line()).unwrap();
    }
    out.flush().unwrap();
}

fn open_big_log(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.jsonl");
    build_log(&path);
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("log: {REVIEWS} reviews, {CARDS} cards, {} MB", size / 1_000_000);
    let mut g = c.benchmark_group("store");
    g.sample_size(10);
    // Freeing a million events is not part of opening: leave it out of the timing.
    g.bench_function("open_1m_reviews", |b| {
        b.iter_with_large_drop(|| {
            let opened = Store::open(&path).unwrap();
            assert_eq!(opened.events.len() as u64, REVIEWS);
            opened
        })
    });
    g.bench_function("read_1m_reviews", |b| {
        b.iter_with_large_drop(|| read(&path).unwrap())
    });
    g.finish();
}

fn append_one(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.jsonl");
    let mut store = Store::open(&path).unwrap().store;
    let mut ids = IdGen::new(2);
    let mut i = 0;
    c.bench_function("store/append_fsync", |b| {
        b.iter(|| {
            i += 1;
            store.append(&review(&mut ids, i)).unwrap();
        })
    });
}

criterion_group!(benches, open_big_log, append_one);
criterion_main!(benches);
