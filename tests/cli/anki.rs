//! Issue 20: Anki packages made by the real `anki` package (tests/fixtures/anki, made by
//! scripts/make_anki_fixtures.py) import with their history; bad packages write nothing.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use deckard::progress::Progress;
use deckard::schedule::{Config, Scheduler};
use serde_json::Value;

use crate::common::{Env, root, stdout};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/anki").join(name)
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The deck id of an Anki deck name, as the importer makes it.
fn deck_id(name: &str) -> String {
    name.to_lowercase().replace("::", "-")
}

fn import(env: &Env, package: &str) -> String {
    stdout(
        env.cmd()
            .arg("import")
            .arg(fixture(package))
            .args(["--to", "decks"])
            .assert()
            .success(),
    )
}

fn replay(env: &Env) -> Progress {
    let (events, _) = deckard::store::read(&env.progress()).unwrap();
    Progress::replay(&events, &Scheduler::new(Config::default()).unwrap())
}

/// The deckard key of every Anki card, from the expectations: cards of one-template notes are
/// `n<note>`, of several templates `n<note>-<ord+1>`, cloze gaps `n<note>.<n>`.
fn keys(exp: &Value) -> HashMap<i64, String> {
    let notes: HashMap<i64, &Value> = exp["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_i64().unwrap(), n))
        .collect();
    let mut out = HashMap::new();
    for c in exp["cards"].as_array().unwrap() {
        let nid = c["note"].as_i64().unwrap();
        let ord = c["ord"].as_i64().unwrap();
        let deck = deck_id(c["deck"].as_str().unwrap());
        let key = match notes[&nid]["notetype"].as_str().unwrap() {
            "Cloze" => format!("{deck}/n{nid}.{}", ord + 1),
            "Basic (and reversed card)" => format!("{deck}/n{nid}-{}", ord + 1),
            "Image Occlusion" => continue,
            _ => format!("{deck}/n{nid}"),
        };
        out.insert(c["id"].as_i64().unwrap(), key);
    }
    out
}

fn check_import(package: &str) {
    let env = Env::new();
    let out = import(&env, package);
    assert!(
        out.contains("8 of 9 note(s) converted into 10 card(s) in 3 deck(s)"),
        "{out}"
    );
    assert!(
        out.contains("history: 18 review(s), 6 due date(s), 1 suspended"),
        "{out}"
    );
    let geo = std::fs::read_to_string(env.path("decks/geography.toml")).unwrap();
    let deck: toml::Value = toml::from_str(&geo).unwrap();
    assert_eq!(deck["deck"]["title"].as_str(), Some("Geography"));
    let cards = deck["card"].as_array().unwrap();
    let field = |i: usize, k: &str| {
        cards[i]
            .get(k)
            .and_then(toml::Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(field(0, "front"), "What is the capital of France?");
    assert_eq!(field(0, "back"), "Paris\non the Seine[image: capital.png]");
    assert_eq!(cards[0]["tags"], toml::Value::from(vec!["europe", "geo"]));
    // Basic (and reversed card): two siblings, the entities decoded.
    assert_eq!(
        (field(1, "front"), field(1, "back")),
        ("Japan".into(), "Tokyo & Kyoto were capitals".into())
    );
    assert_eq!(
        (field(2, "front"), field(2, "back")),
        ("Tokyo & Kyoto were capitals".into(), "Japan".into())
    );
    assert_eq!(field(1, "note"), field(2, "note"));
    assert!(field(1, "origin").starts_with("anki:") && field(1, "origin").ends_with(":0"));
    // Type in the answer: a text card.
    assert_eq!(
        (field(3, "q"), field(3, "a")),
        ("Capital of Peru?".into(), "Lima".into())
    );
    // Cloze with a hint; the `<div>` starts a line.
    assert_eq!(
        field(4, "cloze"),
        "{{Canberra::a city}} is the capital of {{Australia}}.\nNot Sydney <!>"
    );
    let french = std::fs::read_to_string(env.path("decks/languages-french.toml")).unwrap();
    assert!(french.contains("title = \"Languages::French\""), "{french}");
    assert_eq!(
        std::fs::read(env.path("decks/media/capital.png")).unwrap()[..8],
        *b"\x89PNG\r\n\x1a\n"
    );
    let err = String::from_utf8(
        env.cmd()
            .arg("import")
            .arg(fixture(package))
            .args(["--to", "decks"])
            .output()
            .unwrap()
            .stderr,
    )
    .unwrap();
    assert!(
        err.contains("Image Occlusion") && err.contains("image occlusion"),
        "{err}"
    );
    // Every deck written checks clean.
    env.cmd().arg("check").arg(env.path("decks")).assert().success();

    let exp = expected();
    let keys = keys(&exp);
    let progress = replay(&env);
    for c in exp["cards"].as_array().unwrap() {
        let Some(key) = keys.get(&c["id"].as_i64().unwrap()) else {
            continue;
        };
        let state = progress.state(key);
        match c["due"].as_str() {
            Some(due) => assert_eq!(state.due.map(|d| d.to_string()).as_deref(), Some(due), "{key}"),
            None => assert!(progress.is_new(key), "{key} is new in Anki"),
        }
        assert_eq!(
            progress.is_suspended(key),
            c["suspended"].as_bool().unwrap(),
            "{key}"
        );
    }
}

#[test]
fn current_apkg_imports_notes_media_history_due_dates_and_suspension() {
    check_import("current.apkg");
}

#[test]
fn legacy_apkg_imports_the_same() {
    check_import("legacy.apkg");
}

#[test]
fn oldest_layout_collection_anki2_imports_the_same() {
    check_import("legacy1.apkg");
}

#[test]
fn colpkg_imports_the_same() {
    check_import("collection.colpkg");
}
