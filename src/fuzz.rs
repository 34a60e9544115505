//! Fuzz targets for every parser that reads untrusted bytes: deck TOML, the progress log,
//! settings, each import format and the replay CSV. Each runs under `cargo test` with a bounded
//! number of cases (64 unless `PROPTEST_CASES` says otherwise), over arbitrary bytes and over
//! valid inputs mutated byte by byte: no input may panic, and an error must be an error (a
//! deck without a deck comes with an error diagnostic, a log that reads gives events that pass
//! the checks and write back the same). A longer run: `PROPTEST_CASES=100000 cargo test
//! --release --lib fuzz_`.

use std::path::Path;

use proptest::prelude::*;

use crate::author::import::{self, Format, Options};
use crate::deck::{Origin, Severity, parse_deck};

/// The cases per target: `PROPTEST_CASES`, or 64 so the normal test run stays quick.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Repeat(usize, usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
            // Bytes that matter to the grammars, more often than chance would give them.
            (
                any::<usize>(),
                prop::sample::select(b"[]{}\",='\\\n\t#:;|~%=0-.".to_vec())
            )
                .prop_map(|(i, b)| Edit::Insert(i, b)),
            (any::<usize>(), 0usize..16).prop_map(|(i, n)| Edit::Delete(i, n)),
            (any::<usize>(), 0usize..64, 1usize..8).prop_map(|(i, n, k)| Edit::Repeat(i, n, k)),
        ],
        1..12,
    )
}

/// `base` with the edits applied (positions taken modulo the length).
fn mutate(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = base.to_vec();
    for e in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match *e {
            Edit::Set(i, v) if !b.is_empty() => {
                let n = b.len();
                b[i % n] = v;
            }
            Edit::Set(..) => {}
            Edit::Insert(i, v) => b.insert(at(i, b.len()), v),
            Edit::Delete(i, n) => {
                let s = at(i, b.len());
                b.drain(s..(s + n).min(b.len()));
            }
            Edit::Repeat(i, n, k) => {
                let s = at(i, b.len());
                let piece = b[s..(s + n).min(b.len())].to_vec();
                for _ in 0..k {
                    b.splice(s..s, piece.iter().copied());
                }
            }
        }
    }
    b
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---- the targets ----

fn deck(bytes: &[u8]) {
    let text = text(bytes);
    let (deck, diags) = parse_deck(Origin::File("fuzz.toml".into()), &text);
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    assert_eq!(deck.is_none(), errors, "{diags:?}");
    let lines = text.lines().count() + 1;
    for d in &diags {
        assert!(d.pos.line >= 1 && d.pos.line as usize <= lines, "{d}");
    }
}

fn log(bytes: &[u8]) {
    let path = Path::new("fuzz.jsonl");
    match crate::store::fuzz_read(path, bytes) {
        Ok(events) => {
            for e in events {
                e.check().expect("a read event passes the write checks");
                let back: crate::store::Event =
                    serde_json::from_str(&e.to_line()).expect("written back, it reads");
                assert_eq!(back, e);
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

fn settings(bytes: &[u8]) {
    if let Err(e) = crate::config::Settings::parse(Path::new("fuzz.toml"), &text(bytes)) {
        assert!(!e.to_string().is_empty());
    }
}

fn imports(bytes: &[u8]) {
    let text = text(bytes);
    let lines = text.lines().count() + 1;
    for format in [
        Format::Csv,
        Format::Tsv,
        Format::Anki,
        Format::Quizlet,
        Format::Gift,
    ] {
        let got = import::import_text(&text, &Options::new(format));
        for p in &got.problems {
            assert!(p.line >= 1 && p.line <= lines, "{format:?}: {p:?}");
            assert!(!p.message.is_empty());
        }
    }
}

fn replay_csv(bytes: &[u8]) {
    let _ = crate::interchange::replay::parse_csv(bytes);
}

// ---- valid samples to mutate ----

const LOG: &str = concat!(
    "{\"deckard\":\"progress\",\"version\":1}\n",
    "{\"id\":\"5c1f0e9a7b3d2c41\",\"time\":\"2025-03-01T09:14:07Z\",\"type\":\"review\",\"card\":\"d/c\",\"rating\":3,\"answer\":\"2001\",\"verdict\":\"right\",\"score\":1.0,\"ms\":4210,\"mode\":\"study\"}\n",
    "{\"id\":\"0b7e4d2a9c6f1e83\",\"time\":\"2025-03-01T09:15:30Z\",\"type\":\"undo\",\"target\":\"5c1f0e9a7b3d2c41\"}\n",
    "{\"id\":\"77aa01c3e5f09b12\",\"time\":\"2025-03-01T09:16:00Z\",\"type\":\"bury\",\"card\":\"d/c\",\"until\":\"2025-03-02T04:00:00Z\"}\n",
    "{\"id\":\"31d9e0f4b2a6c785\",\"time\":\"2025-03-01T09:30:00Z\",\"type\":\"quiz\",\"decks\":[\"d\"],\"questions\":2,\"answered\":1,\"score\":1.5,\"max_score\":2.0,\"ms\":600}\n",
);

const SETTINGS: &str = "new_per_day = 20\nreviews_per_day = 200\nday_starts_at = 4\nlearning_steps = [\"1m\", \"10m\"]\n[schedule]\nretention = 0.9\n";

const IMPORT: &str = "q,a,accept,tags\n\"Capital of France?\",Paris,paris city,geo\nCapital of Spain?\tMadrid\n#separator:tab\n::T1:: What is 2+2? {=4 ~3 ~5}\n// [tag:x]\nSun is a star {T}\nterm\tdefinition\n";

const REPLAY: &str =
    "card_id,review_time,review_rating\n1,1700000000000,3\n1,1700086400000,1\n2,1700000000000,4\n";

fn deck_sample() -> &'static str {
    crate::deck::bundled_files()
        .iter()
        .map(|(_, t)| *t)
        .min_by_key(|t| t.len())
        .unwrap_or("[deck]\nid = \"d\"\ntitle = \"D\"\n")
}

fn arbitrary_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..2048)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fuzz_deck_bytes(b in arbitrary_bytes()) { deck(&b) }
    #[test]
    fn fuzz_deck_mutated(e in edits()) { deck(&mutate(deck_sample().as_bytes(), &e)) }
    #[test]
    fn fuzz_log_bytes(b in arbitrary_bytes()) {
        // With a header half the time, so the event parser is reached.
        log(&b);
        log(&[LOG.as_bytes()[..35].to_vec(), b].concat());
    }
    #[test]
    fn fuzz_log_mutated(e in edits()) { log(&mutate(LOG.as_bytes(), &e)) }
    #[test]
    fn fuzz_settings_bytes(b in arbitrary_bytes()) { settings(&b) }
    #[test]
    fn fuzz_settings_mutated(e in edits()) { settings(&mutate(SETTINGS.as_bytes(), &e)) }
    #[test]
    fn fuzz_import_bytes(b in arbitrary_bytes()) { imports(&b) }
    #[test]
    fn fuzz_import_mutated(e in edits()) { imports(&mutate(IMPORT.as_bytes(), &e)) }
    #[test]
    fn fuzz_replay_bytes(b in arbitrary_bytes()) { replay_csv(&b) }
    #[test]
    fn fuzz_replay_mutated(e in edits()) { replay_csv(&mutate(REPLAY.as_bytes(), &e)) }
}
