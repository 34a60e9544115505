//! The derived cache through the real binary: damaged, foreign, half-written or missing cache
//! files change nothing the learner sees (no error, no warning, the same output).

use crate::common::{Env, deck, stdout};

const T0: &str = "2026-03-01T09:00:00Z";

fn run(env: &Env, cache: &str, args: &[&str], input: &str) -> String {
    let out = env
        .cmd()
        .env("DECKARD_CACHE", cache)
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["--now", T0])
        .args(args)
        .write_stdin(input)
        .assert()
        .success()
        .stderr("");
    stdout(out)
}

/// Every file in the cache folder (not temp files).
fn cache_files(env: &Env) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(env.path("cache"))
        .expect("the cache folder was made")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    v.sort();
    v
}

/// Turns a good cache file's bytes into damaged ones.
type Damage = fn(&[u8]) -> Vec<u8>;

#[test]
fn damaged_foreign_and_half_written_caches_change_nothing() {
    let env = Env::new();
    let cache = env.path("cache");
    let cache = cache.to_str().unwrap();
    // Some history: three answers, each a wrong typed answer rated with the suggestion.
    run(&env, cache, &["study"], "x\n\nx\n\nx\n\n:quit\n");
    let expected = run(&env, "", &["decks"], "");
    assert_eq!(run(&env, cache, &["decks"], ""), expected);
    let files = cache_files(&env);
    assert_eq!(files.len(), 2, "a compiled deck and a snapshot: {files:?}");
    let damages: [(&str, Damage); 4] = [
        ("truncated", |b| b[..b.len() / 2].to_vec()),
        ("one byte off", |b| {
            let mut b = b.to_vec();
            let n = b.len() - 1;
            b[n] ^= 0x55;
            b
        }),
        ("foreign", |_| b"PK\x03\x04 not a deckard cache".to_vec()),
        ("empty", |_| Vec::new()),
    ];
    for (what, damage) in damages {
        for f in &files {
            let good = std::fs::read(f).unwrap();
            std::fs::write(f, damage(&good)).unwrap();
        }
        assert_eq!(run(&env, cache, &["decks"], ""), expected, "{what}");
        let show = run(&env, cache, &["show", "t/city"], "");
        assert_eq!(show, run(&env, "", &["show", "t/city"], ""), "{what}");
    }
    // A writer killed mid-write leaves a temp file beside a cut-short cache.
    for f in &files {
        let good = std::fs::read(f).unwrap();
        let mut temp = f.clone().into_os_string();
        temp.push(".999999.tmp");
        std::fs::write(&temp, &good[..good.len() / 3]).unwrap();
        std::fs::write(f, &good[..good.len() - 2]).unwrap();
    }
    assert_eq!(run(&env, cache, &["decks"], ""), expected, "after a killed write");
    // A session after all that still records onto the right states.
    run(&env, cache, &["study"], "x\n\n:quit\n");
    assert_eq!(run(&env, cache, &["decks"], ""), run(&env, "", &["decks"], ""));
}

/// `merge` rewrites the log, so it deletes the log's snapshot rather than leave a stale one.
#[test]
fn merge_drops_the_snapshot() {
    let env = Env::new();
    let cache = env.path("cache");
    let cache = cache.to_str().unwrap();
    run(&env, cache, &["study"], "x\n\nx\n\n:quit\n");
    let before = run(&env, cache, &["decks"], "");
    let snapshots = || {
        cache_files(&env)
            .into_iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("progress-"))
            .count()
    };
    assert_eq!(snapshots(), 1);
    let other = env.write("other.jsonl", std::fs::read(env.progress()).unwrap());
    run(&env, cache, &["merge", other.to_str().unwrap()], "");
    assert_eq!(snapshots(), 0, "merge leaves no snapshot behind");
    assert_eq!(run(&env, cache, &["decks"], ""), before);
    assert_eq!(snapshots(), 1, "rebuilt by the next start");
}

/// `cards` and `stats` read card states through the snapshot as `study` does: each makes one
/// when there is none, and shows what it shows without the cache. On main both read and
/// replayed the whole log every time and never made a snapshot (3.9 s and 4.2 s at 100,000
/// cards and 1,000,000 reviews).
#[test]
fn cards_and_stats_read_card_states_through_the_snapshot() {
    let env = Env::new();
    run(&env, "", &["study"], "x\n\nx\n\nx\n\n:quit\n");
    for (args, dir) in [(&["cards"][..], "cache-cards"), (&["stats"][..], "cache-stats")] {
        let expected = run(&env, "", args, "");
        let cache = env.path(dir);
        let cache = cache.to_str().unwrap();
        assert_eq!(run(&env, cache, args, ""), expected, "{args:?}");
        let snapshots = std::fs::read_dir(env.path(dir))
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with("progress-")
            })
            .count();
        assert_eq!(snapshots, 1, "{args:?} made a snapshot");
        // From the snapshot now: the same again.
        assert_eq!(run(&env, cache, args, ""), expected, "{args:?}, warm");
    }
}
