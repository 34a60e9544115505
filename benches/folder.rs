#![allow(clippy::disallowed_macros)] // prints its own report
//! Start-up with a progress folder against a single log: the same 1,000,000 reviews over
//! 100,000 cards, once in one file and once split over 5 device files (as five devices
//! studying in turns write them). Measured: opening for writing (lock, read, parse, validate,
//! and for the folder the merge of the files in (time, id) order with the id check), and
//! start-up as a command does it (open, then replay every card's history through FSRS).
//!
//! Besides criterion's figures, `folder/ratio` times the two layouts alternately (so a busy
//! machine slows both alike) and prints the folder's median over the single log's.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::progress::{Progress, Renames};
use deckard::schedule::{Config, Scheduler};
use deckard::store::{DeviceId, Folder, IdGen, ProgressSource, Store};
#[path = "support/reviews.rs"]
mod reviews;

use reviews::{REVIEWS, review};

const DEVICES: u64 = 5;

fn writer(path: &Path) -> BufWriter<std::fs::File> {
    drop(Store::open(path).unwrap());
    let file = OpenOptions::new().append(true).open(path).unwrap();
    BufWriter::with_capacity(1 << 20, file)
}

/// The single log, and the folder whose device files hold the same events: sessions of 50
/// answers go to the devices in turn.
fn build(single: &Path, folder: &Folder) {
    let mut one = writer(single);
    let mut devs: Vec<_> = (0..DEVICES)
        .map(|d| writer(&folder.dir().join(DeviceId::from_random(d + 1).file_name())))
        .collect();
    let mut ids = IdGen::new(1);
    for i in 0..REVIEWS {
        let line = review(&mut ids, i).to_line();
        writeln!(one, "{line}").unwrap();
        writeln!(devs[((i / 50) % DEVICES) as usize], "{line}").unwrap();
    }
    one.flush().unwrap();
    for d in &mut devs {
        d.flush().unwrap();
    }
}

fn startup(source: &ProgressSource, sched: &Scheduler) -> (Store, Progress) {
    let opened = source.open().unwrap();
    assert_eq!(opened.events.len() as u64, REVIEWS);
    // A folder's events are taken from each device's list in merged order (no merged list).
    let progress = Progress::replay_events(&opened.events, sched, &Renames::new());
    (opened.store, progress)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn folder_vs_single(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let single_path = dir.path().join("progress.jsonl");
    let folder = Folder::new(dir.path().join("sync"), DeviceId::from_random(1));
    build(&single_path, &folder);
    let single = ProgressSource::File(single_path);
    let shared = ProgressSource::Folder(folder);
    let sched = Scheduler::new(Config::default()).unwrap();
    let mut g = c.benchmark_group("folder");
    g.sample_size(10);
    g.bench_function("open_single_1m", |b| {
        b.iter_with_large_drop(|| single.open().unwrap())
    });
    g.bench_function("open_folder_5_files_1m", |b| {
        b.iter_with_large_drop(|| shared.open().unwrap())
    });
    g.bench_function("startup_single_1m", |b| {
        b.iter_with_large_drop(|| startup(&single, &sched))
    });
    g.bench_function("startup_folder_5_files_1m", |b| {
        b.iter_with_large_drop(|| startup(&shared, &sched))
    });
    g.finish();

    // Alternating runs: the ratio the README quotes.
    let (mut open1, mut open5, mut up1, mut up5) = (vec![], vec![], vec![], vec![]);
    for _ in 0..9 {
        for (source, opens, ups) in [(&single, &mut open1, &mut up1), (&shared, &mut open5, &mut up5)] {
            let t = Instant::now();
            let opened = source.open().unwrap();
            opens.push(t.elapsed());
            drop(opened);
            let t = Instant::now();
            let started = startup(source, &sched);
            ups.push(t.elapsed());
            drop(started);
        }
    }
    let (o1, o5, u1, u5) = (median(open1), median(open5), median(up1), median(up5));
    eprintln!(
        "folder/ratio: open {} ms single, {} ms folder ({:+.1}%); start-up with replay {} ms single, {} ms folder ({:+.1}%)",
        o1.as_millis(),
        o5.as_millis(),
        100.0 * (o5.as_secs_f64() / o1.as_secs_f64() - 1.0),
        u1.as_millis(),
        u5.as_millis(),
        100.0 * (u5.as_secs_f64() / u1.as_secs_f64() - 1.0),
    );
}

criterion_group!(benches, folder_vs_single);
criterion_main!(benches);
