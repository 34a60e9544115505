//! The learner's own decks beside the bundled ones (`decks = [...]`, `bundled = false`), where
//! `deckard decks` says each deck comes from, and the new-card order setting.

use crate::common::{Env, deck, stdout};

fn own_deck(env: &Env) {
    env.write(
        "mine/own.toml",
        "[deck]\nid = \"own\"\ntitle = \"My own\"\n[[card]]\nid = \"a\"\nq = \"One?\"\na = 1\n[[card]]\nid = \"b\"\nq = \"Two?\"\na = 2\n",
    );
}

#[test]
fn settings_add_the_learners_decks_to_the_bundled_ones_and_decks_says_where_each_comes_from() {
    let env = Env::new();
    own_deck(&env);
    // `~` is the home folder (the harness's HOME is the environment's folder).
    env.write("config/deckard/config.toml", "decks = [\"~/mine\"]\n");
    let out = stdout(env.cmd().arg("decks").assert().success());
    let own = out.lines().find(|l| l.starts_with("own ")).expect(&out);
    assert!(own.contains("~/mine/own.toml"), "{own}");
    let bundled = out.lines().find(|l| l.starts_with("sco-founding ")).expect(&out);
    assert!(bundled.contains("bundled"), "{bundled}");
    // `bundled = false` keeps only the learner's decks; a relative path is relative to the
    // settings file.
    env.write(
        "config/deckard/config.toml",
        "decks = [\"../../mine\"]\nbundled = false\n",
    );
    let out = stdout(env.cmd().arg("decks").assert().success());
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("own "), "{out}");
    // `--decks` still replaces everything.
    let out = stdout(
        env.cmd()
            .arg("--decks")
            .arg(deck("study.toml"))
            .arg("decks")
            .assert()
            .success(),
    );
    assert!(out.contains("\nt ") && !out.contains("own "), "{out}");
}

#[test]
fn a_wrong_deck_setting_is_reported_at_its_line() {
    let env = Env::new();
    env.write("config.toml", "fuzz = false\nnew_card_order = \"shuffled\"\n");
    let a = env
        .cmd()
        .args(["--config", "config.toml", "decks"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains(
            "config.toml:2:18: new_card_order must be \"deck\", \"mixed\" or \"random\", found \"shuffled\""
        ),
        "{err}"
    );
}

fn first_questions(env: &Env, order: &str) -> Vec<String> {
    env.write("config.toml", format!("new_card_order = \"{order}\"\n"));
    // Each run starts afresh: `:skip` buries cards until tomorrow.
    let _ = std::fs::remove_file(env.progress());
    let out = stdout(
        env.cmd()
            .args(["--config", "config.toml", "--decks"])
            .arg(format!(
                "{}:{}",
                deck("study.toml").display(),
                env.path("mine").display()
            ))
            .arg("study")
            .write_stdin(":skip\n:skip\n:skip\n:quit\n")
            .assert()
            .success(),
    );
    out.lines()
        .filter(|l| l.starts_with("── "))
        .map(|l| {
            l.split(" · ")
                .next()
                .unwrap()
                .trim_start_matches("── ")
                .to_string()
        })
        .collect()
}

#[test]
fn new_card_order_gathers_by_deck_mixed_or_random() {
    let env = Env::new();
    own_deck(&env);
    // Decks come by position, then id: `own` before `t`.
    assert_eq!(
        first_questions(&env, "deck"),
        ["My own", "My own", "Test deck", "Test deck"]
    );
    assert_eq!(
        first_questions(&env, "mixed"),
        ["My own", "Test deck", "My own", "Test deck"]
    );
    // Random under the harness's pinned seed: the same order each run, not the deck order.
    let random = first_questions(&env, "random");
    assert_eq!(random, first_questions(&env, "random"));
    assert_ne!(random, first_questions(&env, "deck"));
}

// Before: `import FILE.apkg --to mine` wrote the decks but left them out of use, so the next
// `study` did not show them and every command warned that `[deck.geography]` named no deck.
#[test]
fn an_anki_import_puts_its_folder_in_use_once() {
    let env = Env::new();
    let apkg = crate::common::root().join("tests/fixtures/anki/current.apkg");
    let out = stdout(
        env.cmd()
            .arg("import")
            .arg(&apkg)
            .args(["--to", "mine"])
            .current_dir(env.dir.path())
            .assert()
            .success(),
    );
    let config = env.path("config/deckard/config.toml");
    assert!(
        out.contains(&format!(
            "decks: added \"~/mine\" to `decks` in {}",
            config.display()
        )),
        "{out}"
    );
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("decks = [\"~/mine\"]\n"), "{text}");
    let a = env.cmd().arg("decks").assert().success();
    assert_eq!(crate::common::stderr(&a), "");
    let decks = stdout(a);
    assert!(decks.contains("~/mine/geography.toml"), "{decks}");
    // Again: nothing to add, nothing said.
    let again = stdout(
        env.cmd()
            .arg("import")
            .arg(&apkg)
            .args(["--to", "mine"])
            .current_dir(env.dir.path())
            .assert()
            .success(),
    );
    assert!(!again.contains("decks:"), "{again}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);

    // With --decks the command line decides, so the settings are not touched.
    let other = Env::new();
    let out = stdout(
        other
            .cmd()
            .args(["--decks", "elsewhere", "import"])
            .arg(&apkg)
            .args(["--to", "mine"])
            .current_dir(other.dir.path())
            .assert()
            .success(),
    );
    assert!(
        out.contains("to study these decks, name the folder too: --decks mine"),
        "{out}"
    );
    let text = std::fs::read_to_string(other.path("config/deckard/config.toml")).unwrap();
    assert!(!text.contains("decks = "), "{text}");
}
