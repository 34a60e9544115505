//! Regression tests for issue 12's library-side defects, driving the real binary: the settings
//! reader's positions and the missing `--config` file, and `add` refusing cards `check` only
//! warns about.

use crate::common::{Env, stderr, stdout};

// Before: every range error was reported at 1:1 and keys were found by a text search.
#[test]
fn a_wrong_setting_on_line_4_is_reported_at_its_place_with_every_other_problem() {
    let env = Env::new();
    env.write(
        "config.toml",
        "# learning_steps are in the comment only\nnew_per_day = 10\n\ndesired_retention = \"high\"\nnew_per_dya = 3\n",
    );
    let a = env
        .cmd()
        .args(["--config", "config.toml", "decks"])
        .assert()
        .code(1);
    let err = stderr(&a);
    assert!(
        err.contains(
            "config.toml:4:21: desired_retention must be a number between 0 and 1, such as 0.9, found \"high\"\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("config.toml:5:1: unknown setting `new_per_dya`\n  hint: did you mean `new_per_day`?"),
        "{err}"
    );
}

// Before: a `--config` path that did not exist was silently ignored.
#[test]
fn a_missing_settings_file_is_an_error_when_named_and_the_defaults_when_not() {
    let env = Env::new();
    let a = env
        .cmd()
        .args(["--config", "nope.toml", "decks"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("nope.toml: the settings file does not exist"),
        "{}",
        stderr(&a)
    );
    let a = env
        .cmd()
        .env("DECKARD_CONFIG", "gone.toml")
        .arg("decks")
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("gone.toml: the settings file does not exist"),
        "{}",
        stderr(&a)
    );
    // No file at the default place (XDG_CONFIG_HOME is empty): the defaults.
    env.cmd().arg("decks").assert().success();
}

// Before: `DECKARD_CONFIG=` (set but empty, as a shell script clearing it leaves it) was a
// usage error, "a value is required for '--config'"; empty variables now count as unset.
#[test]
fn empty_deckard_variables_count_as_unset() {
    let env = Env::new();
    for var in [
        "DECKARD_CONFIG",
        "DECKARD_PROGRESS",
        "DECKARD_DECKS",
        "DECKARD_NOW",
        "DECKARD_SEED",
    ] {
        let a = env.cmd().env(var, "").arg("decks").assert().success();
        assert!(stdout(a).contains("sco-founding"), "{var}");
    }
    // A flag given on the command line still needs its value.
    env.cmd().args(["decks", "--config"]).assert().code(2);
}

// Before: `add` refused any card with a self-check finding, even one `check` only warns about.
#[test]
fn add_writes_a_card_check_only_warns_about_and_shows_the_warning() {
    let env = Env::new();
    let a = env
        .cmd()
        .args(["add", "d.toml"])
        .write_stdin("choice\nCapital of France?\nParis|1\nParis\n\n\n\n")
        .assert()
        .success();
    let out = stdout(a);
    assert!(out.contains("added `capital-france`"), "{out}");
    assert!(
        out.contains("warning: card `capital-france`: choice b) '1' looks like the label of another choice"),
        "{out}"
    );
    let text = std::fs::read_to_string(env.path("d.toml")).unwrap();
    assert!(text.contains("choices = [\"Paris\", \"1\"]"), "{text}");
    env.cmd().args(["check", "d.toml"]).assert().success();
}
