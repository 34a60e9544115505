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
        out.contains("11 of 12 note(s) converted into 13 card(s) in 4 deck(s)"),
        "{out}"
    );
    assert!(
        out.contains("history: 26 review(s), 6 due date(s), 1 suspended"),
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
    assert_eq!(field(0, "back"), "Paris\non the Seine [image: capital.png]");
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
            // (Re)learning cards: see `cards_anki_left_in_learning_continue_where_it_left_them`.
            None if c.get("learning").is_some() => assert!(!progress.is_new(key), "{key}"),
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

/// Anki's backend computed these memory states from the same review log with the default
/// FSRS-6 parameters deckard uses, counting days past the 4 a.m. rollover (the fixture's
/// collection is in UTC). deckard's replay counts study days the same way, so every card's
/// stability and difficulty must match within 5%; they agree to about 1e-4 (Anki computes in
/// f32). One card (the Basic card: 11:10, then 09:00 the next day) would be off by a quarter
/// if days were 24-hour periods.
#[test]
fn replayed_memory_states_are_within_five_percent_of_ankis() {
    let env = Env::new();
    import(&env, "current.apkg");
    let exp = expected();
    let keys = keys(&exp);
    let progress = replay(&env);
    let mut checked = 0;
    let mut worst = 0.0f64;
    for c in exp["cards"].as_array().unwrap() {
        let (Some(s), Some(d)) = (c["stability"].as_f64(), c["difficulty"].as_f64()) else {
            continue;
        };
        let key = &keys[&c["id"].as_i64().unwrap()];
        let m = progress
            .state(key)
            .memory()
            .unwrap_or_else(|| panic!("{key} has no memory state"));
        eprintln!(
            "{key}: stability {:.4} vs Anki {s:.4}, difficulty {:.4} vs Anki {d:.4}",
            m.stability, m.difficulty
        );
        for (what, got, want) in [("stability", m.stability, s), ("difficulty", m.difficulty, d)] {
            let rel = (got - want).abs() / want;
            worst = worst.max(rel);
            assert!(rel <= 0.05, "{key}: {what} {got} vs Anki's {want}");
        }
        checked += 1;
    }
    eprintln!("largest relative difference from Anki: {worst:e}");
    assert_eq!(checked, 9);
    // Anki stores f32 states: agreement to a few parts in 10^4 leaves no room for a different
    // day count on any card.
    assert!(worst < 1e-3, "{worst}");
}

/// The scheduler `deckard` uses in `env`: its config.toml (with the deck options the import
/// wrote) and study days from 4 a.m. UTC.
fn env_scheduler(env: &Env) -> Scheduler {
    let settings = deckard::config::Settings::load(&env.path("config/deckard/config.toml"), true).unwrap();
    let build = |mut c: Config| {
        c.days = deckard::schedule::DayCount::rollover(settings.day_starts_at, jiff::tz::TimeZone::UTC);
        Scheduler::new(c).unwrap()
    };
    let decks = settings
        .per_deck
        .iter()
        .map(|(id, d)| (id.clone(), build(d.schedule.clone())))
        .collect();
    build(settings.schedule.clone()).with_decks(decks)
}

/// Anki left three cards of the "Steps" deck (learning steps 10m, 1d; relearning 30m, 6h) in
/// its steps: each continues in deckard at the step Anki had it at (its steps still to go,
/// counted from the end), due when Anki had it due: at the start of the next study day for a
/// step that ends past the rollover, and within Anki's learning fuzz (up to 5 minutes later
/// than deckard) for a step within the day.
#[test]
fn cards_anki_left_in_learning_continue_where_it_left_them() {
    use deckard::schedule::Phase;
    let env = Env::new();
    let out = import(&env, "current.apkg");
    assert!(
        out.contains("(re)learning: 3 of 3 card(s) continue at Anki's step and due time"),
        "{out}"
    );
    let exp = expected();
    let keys = keys(&exp);
    let (events, _) = deckard::store::read(&env.progress()).unwrap();
    let sched = env_scheduler(&env);
    let progress = Progress::replay(&events, &sched);
    let mut checked = 0;
    for c in exp["cards"].as_array().unwrap() {
        let Some(l) = c.get("learning") else { continue };
        let key = &keys[&c["id"].as_i64().unwrap()];
        let state = progress.state(key);
        let cfg = sched.for_key(key).config();
        let (phase, steps) = match c["type"].as_i64() {
            Some(1) => (Phase::Learning, &cfg.learning_steps),
            Some(3) => (Phase::Relearning, &cfg.relearning_steps),
            t => panic!("{key}: type {t:?}"),
        };
        assert_eq!(steps.len(), 2, "{key}: Anki's steps are the deck's");
        assert_eq!(state.phase, phase, "{key}");
        let remaining = l["remaining"].as_u64().unwrap() as u32;
        assert_eq!(state.step, 2 - remaining, "{key}: step");
        let anki: jiff::Timestamp = l["due"].as_str().unwrap().parse().unwrap();
        let ours = state.due.unwrap();
        match l["queue"].as_i64() {
            Some(3) => assert_eq!(ours, anki, "{key}: due at the start of Anki's day"),
            _ => {
                let early = anki.as_second() - ours.as_second();
                assert!((0..300).contains(&early), "{key}: due {ours}, Anki's {anki}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 3);
    // Steps of the learner's own for the deck, kept by the import, are not Anki's: the cards
    // whose step or due then differ are named.
    let env = Env::new();
    env.write(
        "config/deckard/config.toml",
        "[deck.steps]\nlearning_steps = [\"1m\", \"10m\"]\nrelearning_steps = [\"30m\", \"6h\"]\n",
    );
    let assert = env
        .cmd()
        .arg("import")
        .arg(fixture("current.apkg"))
        .args(["--to", "decks"])
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let out = stdout(assert);
    assert!(
        out.contains("(re)learning: 1 of 3 card(s) continue at Anki's step and due time"),
        "{out}"
    );
    assert!(
        err.contains("Anki had it at learning step 2 of 2, due 2026-11-30T04:00:00Z; deckard continues at learning step 2, due 2026-11-29T14:22:00Z"),
        "{err}"
    );
}

#[test]
fn show_lists_the_anki_reviews_and_a_memory_state() {
    let env = Env::new();
    import(&env, "current.apkg");
    let exp = expected();
    let key = &keys(&exp)[&exp["cards"][0]["id"].as_i64().unwrap()];
    let out = stdout(
        env.cmd()
            .args(["--decks", "decks", "show", key])
            .assert()
            .success(),
    );
    assert!(out.contains("What is the capital of France?"), "{out}");
    // The two-line answer on two lines (it was shown as `Paris\non the Seine`).
    assert!(
        out.contains("answer: Paris\non the Seine [image: capital.png]\n"),
        "{out}"
    );
    for day in [
        "2026-10-31",
        "2026-11-01",
        "2026-11-04",
        "2026-11-05",
        "2026-11-07",
    ] {
        assert!(out.contains(day), "{day} missing from:\n{out}");
    }
    assert!(out.contains("stability"), "{out}");
    assert!(out.contains("2026-11-16"), "the due date Anki had:\n{out}");
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_second_import_changes_nothing_and_another_layout_of_it_adds_nothing() {
    let env = Env::new();
    import(&env, "current.apkg");
    let before = snapshot(env.dir.path());
    let out = import(&env, "current.apkg");
    assert!(
        out.contains("0 new event(s)") && out.contains("nothing changed"),
        "{out}"
    );
    // The legacy export of the same collection is the same notes and reviews.
    let out = import(&env, "legacy.apkg");
    assert!(out.contains("0 new event(s)"), "{out}");
    assert_eq!(snapshot(env.dir.path()), before);
}

#[test]
fn a_deck_file_with_cards_of_its_own_is_not_overwritten() {
    let env = Env::new();
    env.write(
        "decks/misc.toml",
        "[deck]\nid = \"misc\"\ntitle = \"Mine\"\n\n[[card]]\nid = \"mine\"\nq = \"Q?\"\na = \"A\"\n",
    );
    let before = snapshot(env.dir.path());
    let out = env
        .cmd()
        .arg("import")
        .arg(fixture("current.apkg"))
        .args(["--to", "decks"])
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("`misc`") && err.contains("mine") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(snapshot(env.dir.path()), before);
}

/// A zip made here: (name, bytes) entries, deflated.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, data) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

/// Sets the uncompressed size every header of the zip declares for its one entry.
fn declare_size(mut z: Vec<u8>, size: u32) -> Vec<u8> {
    for (sig, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let i = z.windows(4).position(|w| w == sig).unwrap();
        z[i + at..i + at + 4].copy_from_slice(&size.to_le_bytes());
    }
    z
}

fn refused(bytes: &[u8], name: &str, what: &str) {
    let env = Env::new();
    let file = env.write(name, bytes);
    let before = snapshot(env.dir.path());
    let out = env
        .cmd()
        .arg("import")
        .arg(&file)
        .args(["--to", "decks"])
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains(what), "expected {what:?} in:\n{err}");
    assert_eq!(snapshot(env.dir.path()), before, "nothing written for {name}");
}

#[test]
fn bad_packages_give_a_clear_error_and_write_nothing() {
    refused(b"SQLite format 3\0 not a zip", "a.apkg", "not a zip archive");
    refused(
        &zip(&[("notes.txt", b"hello")]),
        "b.apkg",
        "no collection in the zip",
    );
    refused(
        &zip(&[(
            "collection.anki21",
            b"SQLite format 3\0 but damaged beyond repair, truncated",
        )]),
        "c.apkg",
        "not a readable Anki collection",
    );
    // A legacy package whose media map names one 1 GB file: refused from its header.
    let legacy = std::fs::read(fixture("legacy1.apkg")).unwrap();
    let collection = {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&legacy)).unwrap();
        let mut f = z.by_name("collection.anki2").unwrap();
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut v).unwrap();
        v
    };
    let big = declare_size(zip(&[("0", &[0u8; 1000])]), 1 << 30);
    let with_big = {
        // The 1 GB entry first (its headers are the ones patched), then the rest.
        let mut z = zip::ZipWriter::new_append(std::io::Cursor::new(big)).unwrap();
        z.start_file("media", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(br#"{"0": "huge.png"}"#).unwrap();
        z.start_file("collection.anki2", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(&collection).unwrap();
        z.finish().unwrap().into_inner()
    };
    refused(&with_big, "d.apkg", "declares 1.0 GiB uncompressed");
    // A zip bomb: a collection declared as 100 bytes that inflates to 4 MiB.
    let bomb = declare_size(zip(&[("collection.anki21", &vec![0u8; 4 << 20])]), 100);
    refused(&bomb, "e.apkg", "zip bomb");
}

/// The package `export --format apkg` writes reads back through the importer with the same
/// cards, tags, answers and suspension (`scripts/check-anki-export.sh` checks it with Anki).
#[test]
fn an_exported_apkg_imports_back_with_its_cards_tags_and_history() {
    let env = Env::new();
    import(&env, "current.apkg");
    for deck in ["geography", "misc"] {
        let out = stdout(
            env.cmd()
                .arg("export")
                .arg(env.path(&format!("decks/{deck}.toml")))
                .args([
                    "--format",
                    "apkg",
                    "-o",
                    &format!("{deck}.apkg"),
                    "--with-history",
                ])
                .assert()
                .success(),
        );
        assert!(out.contains("wrote"), "{out}");
    }
    let back = Env::new();
    for deck in ["geography", "misc"] {
        let out = stdout(
            back.cmd()
                .arg("import")
                .arg(env.path(&format!("{deck}.apkg")))
                .args(["--to", "decks"])
                .assert()
                .success(),
        );
        let want = if deck == "geography" {
            "history: 14 review(s), 4 due date(s), 0 suspended"
        } else {
            "history: 1 review(s), 1 due date(s), 1 suspended"
        };
        assert!(out.contains(want), "{out}");
    }
    let card = |dir: &Env, deck: &str| -> Vec<(String, String, String)> {
        let text = std::fs::read_to_string(dir.path(&format!("decks/{deck}.toml"))).unwrap();
        let v: toml::Value = toml::from_str(&text).unwrap();
        v["card"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let f = |k: &str| c.get(k).map(|x| x.to_string()).unwrap_or_default();
                (f("front") + &f("q") + &f("cloze"), f("back") + &f("a"), f("tags"))
            })
            .collect()
    };
    assert_eq!(card(&back, "geography"), card(&env, "geography"));
    assert_eq!(card(&back, "misc"), card(&env, "misc"));
    assert_eq!(
        std::fs::read(back.path("decks/media/capital.png")).unwrap(),
        std::fs::read(env.path("decks/media/capital.png")).unwrap()
    );
}

/// A collection package says FSRS was on: the imported decks get Anki's options as their
/// `[deck.<id>]` settings, and a second import keeps the tables the learner has.
#[test]
fn deck_options_become_the_imported_decks_settings() {
    let env = Env::new();
    let out = stdout(
        env.cmd()
            .arg("import")
            .arg(fixture("collection.colpkg"))
            .args(["--to", "decks"])
            .assert()
            .success(),
    );
    let config = env.path("config/deckard/config.toml");
    assert!(
        out.contains(&format!("added [deck.geography] to {}", config.display())),
        "{out}"
    );
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.contains(
            "[deck.geography]\nscheduler = \"fsrs\"\ndesired_retention = 0.9\nlearning_steps = [\"1m\", \"10m\"]\n\
             relearning_steps = [\"10m\"]\nnew_per_day = 20\nreviews_per_day = 200\n"
        ),
        "{text}"
    );
    let edited = text.replace("new_per_day = 20\nreviews_per_day = 200\n\n# From Anki's deck options (deckard import)\n[deck.languages-french]", "new_per_day = 3\nreviews_per_day = 200\n\n# From Anki's deck options (deckard import)\n[deck.languages-french]");
    assert_ne!(edited, text);
    std::fs::write(&config, &edited).unwrap();
    let out = stdout(
        env.cmd()
            .arg("import")
            .arg(fixture("collection.colpkg"))
            .args(["--to", "decks"])
            .assert()
            .success(),
    );
    assert!(out.contains("kept your [deck.geography]"), "{out}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), edited);
    env.cmd().args(["--decks", "decks", "decks"]).assert().success();
}

/// `deckard cards --json` of `env`'s decks, one object a card.
fn cards_json(env: &Env, decks: &str) -> Vec<Value> {
    let out = stdout(
        env.cmd()
            .args(["--decks", decks, "cards", "--json"])
            .assert()
            .success(),
    );
    out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The collection inside a package deckard wrote, opened with SQLite.
fn open_package(path: &Path) -> (tempfile::TempDir, rusqlite::Connection) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("collection.anki2").unwrap(), &mut bytes).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("collection.anki2");
    std::fs::write(&file, bytes).unwrap();
    let db = rusqlite::Connection::open(&file).unwrap();
    (dir, db)
}

/// What a card is in Anki's columns, as deckard's (state, due, suspended, stability to 4
/// places, difficulty to 3).
type Sched = (String, Option<String>, bool, Option<String>, Option<String>);

/// The exported package keeps what deckard knows: a reversed pair (siblings through `note`) is
/// one "Basic (and reversed card)" note with two cards; with `--with-history` every card has
/// deckard's state, due date (a day number from the collection's creation, or a timestamp for
/// a step within the day), suspension, and its FSRS memory state in `cards.data` as Anki writes
/// it. Importing the packages back gives the same states and due dates.
#[test]
fn exported_apkg_keeps_reversed_notes_schedules_and_memory_states() {
    let env = Env::new();
    import(&env, "current.apkg");
    let decks = ["geography", "steps", "misc"];
    for deck in decks {
        env.cmd()
            .arg("export")
            .arg(env.path(&format!("decks/{deck}.toml")))
            .args([
                "--format",
                "apkg",
                "-o",
                &format!("{deck}.apkg"),
                "--with-history",
            ])
            .assert()
            .success();
    }
    let ours = cards_json(&env, "decks");
    let round = |x: &Value, places: i32| {
        x.as_f64().map(|v| {
            let f = 10f64.powi(places);
            format!("{:.*}", places as usize, (v * f).round() / f)
        })
    };
    for deck in decks {
        let (_dir, db) = open_package(&env.path(&format!("{deck}.apkg")));
        let crt: i64 = db.query_row("select crt from col", [], |r| r.get(0)).unwrap();
        let models: String = db.query_row("select models from col", [], |r| r.get(0)).unwrap();
        let models: Value = serde_json::from_str(&models).unwrap();
        let reversed = models
            .as_object()
            .unwrap()
            .values()
            .find(|m| m["name"] == "Basic (and reversed card)")
            .map(|m| m["id"].as_i64().unwrap())
            .unwrap();
        let pairs: Vec<(i64, i64)> = db
            .prepare("select n.id, count(c.id) from notes n join cards c on c.nid = n.id where n.mid = ? group by n.id")
            .unwrap()
            .query_map([reversed], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let want_pairs = if deck == "geography" { 1 } else { 0 };
        assert_eq!(pairs.len(), want_pairs, "{deck}: reversed notes {pairs:?}");
        assert!(pairs.iter().all(|&(_, n)| n == 2), "{pairs:?}");
        let iso = |secs: i64| jiff::Timestamp::from_second(secs).unwrap().to_string();
        let mut theirs: Vec<Sched> = db
            .prepare("select type, queue, due, data from cards")
            .unwrap()
            .query_map([], |r| {
                let (kind, queue, due, data): (i64, i64, i64, String) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                let state = ["new", "learning", "review", "relearning"][kind as usize].to_string();
                let due = match kind {
                    0 => None,
                    // Day numbers count from the collection's creation; timestamps are seconds.
                    _ if due < 1_000_000_000 => Some(iso(crt + due * 86_400)),
                    _ => Some(iso(due)),
                };
                let data: Value = if data.is_empty() {
                    Value::Null
                } else {
                    serde_json::from_str(&data).unwrap()
                };
                Ok((
                    state,
                    due,
                    queue == -1,
                    round(&data["s"], 4),
                    round(&data["d"], 3),
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut want: Vec<Sched> = ours
            .iter()
            .filter(|c| c["deck"] == deck)
            .map(|c| {
                (
                    c["state"].as_str().unwrap().to_string(),
                    c["due"].as_str().map(str::to_string),
                    c["suspended"].as_bool().unwrap(),
                    round(&c["stability"], 4),
                    round(&c["difficulty"], 3),
                )
            })
            .collect();
        theirs.sort();
        want.sort();
        assert_eq!(theirs, want, "{deck}");
        // `cards.data` as Anki writes it: s, d, dr, decay, lrt, in that order.
        let data: String = db
            .query_row("select data from cards where data != '' limit 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        let keys: Vec<&str> = data
            .trim_matches(['{', '}'])
            .split(',')
            .map(|kv| kv.split(':').next().unwrap().trim_matches('"'))
            .collect();
        assert_eq!(keys, ["s", "d", "dr", "decay", "lrt"], "{data}");
    }
    // Back into deckard: the same state, due date and suspension for every card.
    let back = Env::new();
    for deck in decks {
        back.cmd()
            .arg("import")
            .arg(env.path(&format!("{deck}.apkg")))
            .args(["--to", "decks"])
            .assert()
            .success();
    }
    let by_prompt = |cards: &[Value]| -> Vec<(String, String, Value, Value)> {
        let mut v: Vec<_> = cards
            .iter()
            .filter(|c| decks.contains(&c["deck"].as_str().unwrap()))
            .map(|c| {
                (
                    c["deck"].as_str().unwrap().to_string(),
                    c["prompt"].as_str().unwrap().to_string(),
                    c["due"].clone(),
                    c["suspended"].clone(),
                )
            })
            .collect();
        v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        v
    };
    let before = by_prompt(&ours);
    assert_eq!(before.len(), 11);
    assert_eq!(by_prompt(&cards_json(&back, "decks")), before);
}

/// A collection package says when Anki's day started; the import warns when deckard's
/// `day_starts_at` differs, since days between reviews are then counted differently.
#[test]
fn a_different_day_rollover_is_pointed_out() {
    let stderr = |config: &str| {
        let env = Env::new();
        env.write("config/deckard/config.toml", config);
        let out = env
            .cmd()
            .arg("import")
            .arg(fixture("collection.colpkg"))
            .args(["--to", "decks"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let err = stderr("day_starts_at = 6\n");
    assert!(
        err.contains("Anki's next day started at 4:00, deckard's starts at 6:00 (day_starts_at)")
            && err.contains("set day_starts_at = 4"),
        "{err}"
    );
    assert!(!stderr("day_starts_at = 4\n").contains("next day started"));
}

/// `deckard cards --json` of every imported card: (key, due, stability).
fn card_states(env: &Env, progress: &str) -> Vec<(String, Value, Value)> {
    let out = stdout(
        env.cmd()
            .args([
                "--progress",
                progress,
                "cards",
                "deck:geography or deck:steps",
                "--json",
            ])
            .assert()
            .success(),
    );
    let mut states: Vec<(String, Value, Value)> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|c| (c["key"].to_string(), c["due"].clone(), c["stability"].clone()))
        .collect();
    states.sort_by(|a, b| a.0.cmp(&b.0));
    states
}

// Before: with a progress folder, the import wrote every deck option into the device's
// config.toml, where a folder ignores scheduling keys, so the imported cards were scheduled
// with the defaults instead of Anki's steps and `sync status` warned about each key.
#[test]
fn into_a_progress_folder_deck_scheduling_goes_to_the_folder_and_limits_stay_local() {
    let env = Env::new();
    let out = stdout(
        env.cmd()
            .args(["--progress", "shared/", "import"])
            .arg(fixture("current.apkg"))
            .args(["--to", "decks"])
            .current_dir(env.dir.path())
            .assert()
            .success(),
    );
    let folder = std::fs::read_to_string(env.path("shared/settings.toml")).unwrap();
    let config = std::fs::read_to_string(env.path("config/deckard/config.toml")).unwrap();
    assert!(out.contains("shared/settings.toml (from Anki's preset)"), "{out}");
    assert!(folder.contains("[deck.steps]"), "{folder}");
    assert!(folder.contains("learning_steps"), "{folder}");
    assert!(!folder.contains("new_per_day"), "{folder}");
    assert!(config.contains("new_per_day"), "{config}");
    assert!(!config.contains("learning_steps"), "{config}");
    let status = stdout(
        env.cmd()
            .args(["--progress", "shared/", "sync", "status"])
            .current_dir(env.dir.path())
            .assert()
            .success(),
    );
    assert!(!status.contains("ignored"), "{status}");
    // The same package into a single log with the same options gives the same states.
    let single = Env::new();
    single
        .cmd()
        .arg("import")
        .arg(fixture("current.apkg"))
        .args(["--to", "decks"])
        .current_dir(single.dir.path())
        .assert()
        .success();
    let in_folder = card_states(&env, &env.path("shared/").display().to_string());
    assert!(in_folder.len() >= 5, "{in_folder:?}");
    assert_eq!(
        in_folder,
        card_states(&single, &single.progress().display().to_string())
    );
}
