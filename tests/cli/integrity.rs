//! Issue 14: deckard never loses or clobbers a byte of the learner's progress: event ids that
//! stay unique across devices, and merges that explain and settle old collisions.

use std::collections::HashSet;

use crate::common::{Env, deck, stdout};

/// The `id`s of the event lines of a log (the header has none).
fn ids(log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn quiz(env: &Env, input: &str) {
    env.cmd()
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["--seed", "42", "quiz", "--count", "3"])
        .write_stdin(input)
        .assert()
        .success();
}

/// On main the ids followed `--seed`: two devices running `quiz --seed 42` wrote the same ids
/// for different answers, and `merge` refused the two logs for good.
#[test]
fn two_devices_with_one_seed_write_distinct_ids_and_merge() {
    let (phone, laptop) = (Env::new(), Env::new());
    quiz(&phone, "x\ny\nz\n");
    quiz(&laptop, "a\nb\nc\n");
    let (p, l) = (ids(&phone.progress()), ids(&laptop.progress()));
    assert_eq!(p.len(), 4, "three answers and the quiz summary");
    let shared: HashSet<_> = p.iter().filter(|id| l.contains(id)).collect();
    assert!(shared.is_empty(), "ids shared between devices: {shared:?}");
    let out = stdout(phone.cmd().arg("merge").arg(laptop.progress()).assert().success());
    assert!(out.contains("4 new event(s)"), "{out}");
}

/// Logs written by the old deckard, with different events under one id: merge explains and
/// names the way out, and `--renumber` keeps both events, the same way in both directions.
#[test]
fn merge_renumber_settles_ids_shared_by_different_events() {
    let (phone, laptop) = (Env::new(), Env::new());
    let header = r#"{"deckard":"progress","version":1}"#;
    let line = |card: &str, rating: u8| {
        format!(
            r#"{{"id":"000000000000002a","time":"2026-02-01T10:00:00Z","type":"review","card":"sco/{card}","rating":{rating},"ms":900,"mode":"quiz"}}"#
        )
    };
    let undo = r#"{"id":"000000000000002b","time":"2026-02-01T10:00:05Z","type":"undo","target":"000000000000002a"}"#;
    phone.write("progress.jsonl", format!("{header}\n{}\n", line("city", 3)));
    laptop.write(
        "progress.jsonl",
        format!("{header}\n{}\n{undo}\n", line("year", 1)),
    );
    let refused = phone.cmd().arg("merge").arg(laptop.progress()).assert().code(1);
    let err = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(err.contains("event 000000000000002a differs"), "{err}");
    assert!(err.contains("deckard merge --renumber"), "{err}");

    // A copy of each log, to merge the other way round.
    let (phone2, laptop2) = (Env::new(), Env::new());
    std::fs::copy(phone.progress(), phone2.progress()).unwrap();
    std::fs::copy(laptop.progress(), laptop2.progress()).unwrap();
    let out = stdout(
        phone
            .cmd()
            .args(["merge", "--renumber"])
            .arg(laptop.progress())
            .assert()
            .success(),
    );
    assert!(out.contains("renumbered 1 event(s)"), "{out}");
    laptop2
        .cmd()
        .args(["merge", "--renumber"])
        .arg(phone2.progress())
        .assert()
        .success();
    let merged = std::fs::read_to_string(phone.progress()).unwrap();
    assert_eq!(merged, std::fs::read_to_string(laptop2.progress()).unwrap());
    assert!(
        merged.contains("sco/city") && merged.contains("sco/year"),
        "{merged}"
    );
    // The laptop's undo follows its review to the review's new id.
    let events: Vec<serde_json::Value> = merged
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let year = events.iter().find(|e| e["card"] == "sco/year").unwrap();
    let undo = events.iter().find(|e| e["type"] == "undo").unwrap();
    assert_eq!(undo["target"], year["id"]);
    assert_ne!(year["id"], "000000000000002a");
    // Merging again finds nothing new.
    let again = stdout(
        phone
            .cmd()
            .args(["merge", "--renumber"])
            .arg(laptop.progress())
            .assert()
            .success(),
    );
    assert!(again.contains("0 new event(s)"), "{again}");
}
