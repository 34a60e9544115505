#![allow(clippy::disallowed_macros)] // prints its own report
//! Test helper for `tests/store_kill.rs`: opens a progress log and appends review events as
//! fast as it can, printing `ack <id>` after each one is durable (appended and fsynced).
//!
//! Usage: `append_loop LOG SEED COUNT`. Warnings go to stderr; an error exits with status 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use deckard::store::{Event, EventBody, Mode, Review, Store};
use jiff::Timestamp;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [log, seed, count] = args.as_slice() else {
        eprintln!("usage: append_loop LOG SEED COUNT");
        return ExitCode::from(2);
    };
    let (Ok(seed), Ok(count)) = (seed.parse::<u64>(), count.parse::<u64>()) else {
        eprintln!("SEED and COUNT are numbers");
        return ExitCode::from(2);
    };
    let opened = match Store::open(&PathBuf::from(log)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for w in &opened.warnings {
        eprintln!("warning: {w}");
    }
    let mut store = opened.store;
    // The seed stands in for the OS randomness: this harness wants replayable ids.
    let mut ids = store.id_gen(seed, 0);
    let base = 1_750_000_000 + opened.events.len() as i64;
    let mut out = std::io::stdout().lock();
    for i in 0..count {
        let event = Event {
            id: ids.next(),
            time: Timestamp::from_second(base + i as i64).unwrap_or_default(),
            body: EventBody::Review(Review {
                card: format!("kill-test/card-{}", i % 50),
                rating: (i % 4) as u8 + 1,
                answer: Some(format!("typed answer number {i}")),
                verdict: Some("right".into()),
                score: Some(1.0),
                ms: 1000 + i,
                mode: Mode::Study,
                reschedule: true,
                origin: None,
            }),
        };
        if let Err(e) = store.append(&event) {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
        // Only now is the answer acknowledged: it is on disk.
        if writeln!(out, "ack {}", event.id)
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
