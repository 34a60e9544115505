#![allow(clippy::disallowed_macros)] // prints its own report
//! Start-up with a progress folder against a single log: the same 1,000,000 reviews over
//! 100,000 cards, once in one file and once split over 5 device files (as five devices
//! studying in turns write them). Measured: opening for writing (lock, read, parse, validate,
//! and for the folder the merge of the files in (time, id) order with the id check), and
//! start-up as a command does it (open, then replay every card's history through FSRS).
//!
//! Besides criterion's figures, `folder/ratio` times the two layouts alternately (so a busy
//! machine slows both alike) and prints the folder's median over the single log's.
//!
//! `folder/cached` starts through the start-up cache (`Cache::open_folder`, as `study` does)
//! after another device's file gained 100 answers dated a week back, and prints how many bytes
//! of the device files were read (the new ones only: one offset per file) and the time, beside
//! a start without the cache.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::cache::Cache;
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

    // Alternating runs: the ratio the README quotes, in wall time and in CPU time (all
    // threads), which a machine busy with other work disturbs far less.
    let mut runs: [Vec<(Duration, Duration)>; 4] = Default::default();
    for _ in 0..9 {
        for (k, source) in [&single, &shared].into_iter().enumerate() {
            let (t, cpu) = (Instant::now(), cpu_time());
            let opened = source.open().unwrap();
            runs[k].push((t.elapsed(), cpu_time().saturating_sub(cpu)));
            drop(opened);
            let (t, cpu) = (Instant::now(), cpu_time());
            let started = startup(source, &sched);
            runs[2 + k].push((t.elapsed(), cpu_time().saturating_sub(cpu)));
            drop(started);
        }
    }
    let [o1, o5, u1, u5] = runs.map(|r| {
        let (wall, cpu): (Vec<Duration>, Vec<Duration>) = r.into_iter().unzip();
        (median(wall), median(cpu))
    });
    let pct = |a: Duration, b: Duration| 100.0 * (b.as_secs_f64() / a.as_secs_f64() - 1.0);
    eprintln!(
        "folder/ratio: open {} ms single, {} ms folder ({:+.1}%), CPU {} → {} ms ({:+.1}%); start-up with replay {} ms single, {} ms folder ({:+.1}%), CPU {} → {} ms ({:+.1}%)",
        o1.0.as_millis(),
        o5.0.as_millis(),
        pct(o1.0, o5.0),
        o1.1.as_millis(),
        o5.1.as_millis(),
        pct(o1.1, o5.1),
        u1.0.as_millis(),
        u5.0.as_millis(),
        pct(u1.0, u5.0),
        u1.1.as_millis(),
        u5.1.as_millis(),
        pct(u1.1, u5.1),
    );
}

/// CPU time of the whole process so far (every thread), from /proc; zero elsewhere.
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which may hold spaces), from the state on: utime and
    // stime are the 12th and 13th, in clock ticks (100 a second on Linux).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<u64>().ok());
    match (tick(11), tick(12)) {
        (Some(u), Some(s)) => Duration::from_millis((u + s) * 10),
        _ => Duration::ZERO,
    }
}

/// A start through the cache after another device's late answers arrived.
fn cached_start(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let single_path = dir.path().join("progress.jsonl");
    let folder = Folder::new(dir.path().join("sync"), DeviceId::from_random(1));
    build(&single_path, &folder);
    let _ = std::fs::remove_file(&single_path);
    let cache = Cache::new(dir.path().join("cache"));
    let sched = Scheduler::new(Config::default()).unwrap();
    let settings = Config::default();
    let renames = Renames::new();
    let open = || {
        let (store, mut loaded, stats) = cache.open_folder(&folder, &settings, &sched, &renames).unwrap();
        std::mem::take(&mut loaded.pending).wait();
        (store, loaded, stats)
    };
    // The first start replays everything and writes the snapshot.
    drop(open());
    let other = folder.dir().join(DeviceId::from_random(2).file_name());
    let before = std::fs::metadata(&other).unwrap().len();
    let mut ids = IdGen::new(99);
    let mut late = String::new();
    for i in 0..100 {
        // A week before the newest answers, on cards answered since: their cards refold.
        let mut e = review(&mut ids, REVIEWS - 7 * 2_000 + i);
        e.time = e
            .time
            .checked_sub(jiff::SignedDuration::from_hours(7 * 24))
            .unwrap();
        late.push_str(&e.to_line());
        late.push('\n');
    }
    let grow = || {
        let f = OpenOptions::new().write(true).open(&other).unwrap();
        f.set_len(before).unwrap();
        drop(f);
        let mut f = OpenOptions::new().append(true).open(&other).unwrap();
        f.write_all(late.as_bytes()).unwrap();
    };
    let total: u64 = std::fs::read_dir(folder.dir())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    grow();
    let t = Instant::now();
    let (store, loaded, stats) = open();
    let warm = t.elapsed();
    drop(store);
    assert!(loaded.resumed);
    let t = Instant::now();
    let opened = ProgressSource::Folder(folder.clone()).open().unwrap();
    let cold = Progress::replay_events(&opened.events, &sched, &renames);
    let without = t.elapsed();
    assert_eq!(opened.events.len() as u64, REVIEWS + 100);
    drop((opened, cold));
    eprintln!(
        "folder/cached: {} files read from their offsets, {} whole, {} bytes read of {} ({} late answers); {} ms through the cache, {} ms without",
        stats.resumed,
        stats.whole,
        stats.bytes,
        total + late.len() as u64,
        100,
        warm.as_millis(),
        without.as_millis()
    );
    let mut g = c.benchmark_group("folder");
    g.sample_size(10);
    g.bench_function("cached_start_5_files_1m_100_late", |b| {
        b.iter_with_large_drop(|| {
            grow();
            open()
        })
    });
    g.finish();
}

criterion_group!(benches, folder_vs_single, cached_start);
criterion_main!(benches);
