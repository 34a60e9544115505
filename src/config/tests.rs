use std::path::Path;

use super::*;
use crate::schedule::Algorithm;

fn problems(text: &str) -> Vec<String> {
    match Settings::parse(Path::new("config.toml"), text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(ConfigError::Invalid { path, problems }) => problems
            .iter()
            .map(|p| {
                let mut s = format!("{}:{}:{}: {}", path.display(), p.pos.line, p.pos.col, p.message);
                if let Some(h) = &p.hint {
                    s.push_str(&format!(" (hint: {h})"));
                }
                s
            })
            .collect(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn missing_keys_keep_defaults() {
    let s = Settings::parse(Path::new("c.toml"), "new_per_day = 5\nscheduler = \"sm2\"\n").unwrap();
    assert_eq!(s.new_per_day, 5);
    assert_eq!(s.schedule.algorithm, Algorithm::Sm2);
    assert_eq!(s.day_starts_at, 4);
    let s = Settings::parse(Path::new("c.toml"), "").unwrap();
    assert_eq!(s.new_per_day, 20);
}

#[test]
fn every_key_is_read() {
    let text = "scheduler = \"fsrs\"\ndesired_retention = 0.85\nmaximum_interval = 365\n\
                learning_steps = [\"30s\", \"5m\"]\nrelearning_steps = [\"1h\"]\nnew_per_day = 7\n\
                reviews_per_day = 100\nday_starts_at = 0\nleech_threshold = 0\nfuzz = false\n";
    let s = Settings::parse(Path::new("c.toml"), text).unwrap();
    assert_eq!(s.schedule.desired_retention, 0.85);
    assert_eq!(s.schedule.maximum_interval, 365);
    assert_eq!(
        s.schedule.learning_steps,
        [
            jiff::SignedDuration::from_secs(30),
            jiff::SignedDuration::from_mins(5)
        ]
    );
    assert_eq!(s.schedule.relearning_steps, [jiff::SignedDuration::from_hours(1)]);
    assert_eq!(
        (s.new_per_day, s.reviews_per_day, s.day_starts_at),
        (7, Some(100), 0)
    );
    assert_eq!(s.schedule.leech_threshold, 0);
    assert!(!s.schedule.fuzz);
}

#[test]
fn a_wrong_value_on_line_4_is_reported_at_its_value_in_plain_words() {
    let text = "# my settings\nnew_per_day = 10\n\ndesired_retention = \"high\"\n";
    assert_eq!(
        problems(text),
        ["config.toml:4:21: desired_retention must be a number between 0 and 1, such as 0.9, found \"high\""]
    );
}

#[test]
fn a_range_error_is_at_the_value_not_at_1_1() {
    let text = "new_per_day = 10\nday_starts_at = 30\ndesired_retention = 1.5\n";
    assert_eq!(
        problems(text),
        [
            "config.toml:2:17: day_starts_at must be an hour from 0 to 23, found 30",
            "config.toml:3:21: desired_retention must be between 0 and 1, exclusive, found 1.5",
        ]
    );
}

#[test]
fn an_unknown_key_gets_a_suggestion_at_its_own_place() {
    assert_eq!(
        problems("new_per_day = 5\n  new_per_dya = 3\n"),
        ["config.toml:2:3: unknown setting `new_per_dya` (hint: did you mean `new_per_day`?)"]
    );
    let got = problems("colour = \"red\"\n");
    assert!(
        got[0].starts_with("config.toml:1:1: unknown setting `colour` (hint: known settings: scheduler,"),
        "{got:?}"
    );
}

// Regression: keys were located by searching the text, so a key named in a comment, or inside
// a longer key (`learning_steps` in `relearning_steps`), took the blame.
#[test]
fn a_key_in_a_comment_is_not_taken_for_the_key() {
    let text = "# learning_steps: how long to wait\n# day_starts_at = 4\nlearning_steps = [\"1m\", \"1x\"]\n";
    assert_eq!(
        problems(text),
        ["config.toml:3:25: learning_steps: \"1x\" is not a wait: unknown unit; use s, m, h, d or w"]
    );
}

#[test]
fn relearning_steps_before_learning_steps_blames_the_right_key() {
    let text = "relearning_steps = [\"10m\"]\nlearning_steps = [\"0m\"]\n";
    assert_eq!(
        problems(text),
        ["config.toml:2:18: learning_steps must be each step positive and at most 100 years, found [\"0m\"]"]
    );
    let text = "relearning_steps = [\"ten\"]\nlearning_steps = [\"1m\"]\n";
    let got = problems(text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("config.toml:1:21: relearning_steps: \"ten\" is not a wait"),
        "{got:?}"
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = "scheduler = \"anki\"\nfuzz = \"yes\"\nnew_per_day = -1\nfsrs_params = [1, 2]\n";
    assert_eq!(
        problems(text),
        [
            "config.toml:1:13: scheduler must be \"fsrs\" or \"sm2\", found \"anki\"",
            "config.toml:2:8: fuzz must be true or false, found \"yes\"",
            "config.toml:3:15: new_per_day must be a whole number of cards, 0 or more, found -1",
            "config.toml:4:15: fsrs_params must be a list of 21 numbers (or 19 for FSRS-5), found 2",
        ]
    );
}

#[test]
fn an_fsrs_weight_out_of_range_is_shown_at_the_weight() {
    let mut w: Vec<String> = crate::schedule::fsrs::DEFAULT_PARAMS
        .iter()
        .map(|x| x.to_string())
        .collect();
    w[20] = "0.9".into();
    let text = format!("fsrs_params = [{}]\n", w.join(", "));
    let col = text.rfind("0.9").unwrap() + 1;
    let got = problems(&text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(&format!(
            "config.toml:1:{col}: fsrs_params: weight w20 must be from"
        )),
        "{got:?}"
    );
    assert!(got[0].ends_with("found 0.9"), "{got:?}");
}

#[test]
fn toml_syntax_errors_have_positions() {
    let got = problems("new_per_day = 5\nfuzz = \n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("config.toml:2:"), "{got:?}");
    assert!(got[0].contains("TOML syntax"), "{got:?}");
}

#[test]
fn a_missing_file_is_an_error_only_when_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let e = Settings::load(&path, true).unwrap_err();
    assert!(matches!(e, ConfigError::Missing { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{}: the settings file does not exist", path.display())
    );
    let s = Settings::load(&path, false).unwrap();
    assert_eq!(s.new_per_day, 20);
    std::fs::write(&path, "new_per_day = 3\n").unwrap();
    assert_eq!(Settings::load(&path, true).unwrap().new_per_day, 3);
}

#[test]
fn the_error_text_lists_each_problem_with_its_hint() {
    let e = Settings::parse(Path::new("c.toml"), "new_per_dya = 3\nfuzz = 1\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "c.toml:1:1: unknown setting `new_per_dya`\n  hint: did you mean `new_per_day`?\nc.toml:2:8: fuzz must be true or false, found 1"
    );
}

#[test]
fn a_progress_folder_decides_the_shared_keys_and_names_the_overridden_ones() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("sync/settings.toml");
    std::fs::create_dir_all(shared.parent().unwrap()).unwrap();
    std::fs::write(
        &shared,
        "desired_retention = 0.8\ntime_zone = \"Europe/Berlin\"\n",
    )
    .unwrap();
    let local_path = dir.path().join("config.toml");
    std::fs::write(
        &local_path,
        "new_per_day = 3\ndesired_retention = 0.95\nday_starts_at = 6\nprogress = \"sync/\"\n",
    )
    .unwrap();
    let local = Settings::load(&local_path, true).unwrap();
    assert_eq!(
        local.progress.as_deref(),
        Some(dir.path().join("sync/").as_path())
    );
    assert!(local.progress.as_ref().unwrap().to_string_lossy().ends_with('/'));
    let (s, overridden) = local.with_shared(&Settings::load_shared(&shared).unwrap());
    assert_eq!(s.schedule.desired_retention, 0.8);
    assert_eq!(s.time_zone.as_deref(), Some("Europe/Berlin"));
    // Not set in the folder: the default, not this device's 6.
    assert_eq!(s.day_starts_at, 4);
    assert_eq!(s.new_per_day, 3);
    assert_eq!(overridden, vec!["desired_retention", "day_starts_at"]);
    // A missing shared file means the defaults.
    let none = Settings::load_shared(&dir.path().join("nowhere/settings.toml")).unwrap();
    assert_eq!(none.schedule.desired_retention, 0.9);
}

#[test]
fn a_folders_settings_refuse_keys_of_one_device() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("settings.toml");
    std::fs::write(&shared, "fuzz = false\nnew_per_day = 3\nprogress = \"x/\"\n").unwrap();
    let text = Settings::load_shared(&shared).unwrap_err().to_string();
    assert!(
        text.contains("settings.toml:2:1: `new_per_day` is a setting of each device"),
        "{text}"
    );
    assert!(
        text.contains("settings.toml:3:1: `progress` is a setting of each device"),
        "{text}"
    );
    assert!(
        text.contains("hint: put it in the device's config.toml"),
        "{text}"
    );
}

#[test]
fn a_time_zone_must_exist() {
    assert_eq!(
        problems("time_zone = \"Mars/Olympus\"\n"),
        vec![
            "config.toml:1:13: time_zone must be a time zone name such as \"Europe/Berlin\" or \"UTC\", found \"Mars/Olympus\" (hint: time zone names are the IANA ones, as in TZ)"
        ]
    );
    let s = Settings::parse(Path::new("c.toml"), "time_zone = \"UTC\"\n").unwrap();
    assert_eq!(s.time_zone.as_deref(), Some("UTC"));
}

#[test]
fn deck_tables_override_the_file_for_their_deck() {
    let text = "desired_retention = 0.85\nnew_per_day = 10\n\n[deck.capitals]\ndesired_retention = 0.95\n\
                learning_steps = [\"5m\"]\nnew_per_day = 3\nscheduler = \"sm2\"\n\n[deck.sco-founding]\nfuzz = false\n";
    let s = Settings::parse(Path::new("c.toml"), text).unwrap();
    assert_eq!(s.schedule.desired_retention, 0.85);
    let caps = &s.per_deck["capitals"];
    assert_eq!(caps.schedule.desired_retention, 0.95);
    assert_eq!(caps.schedule.learning_steps, [jiff::SignedDuration::from_mins(5)]);
    assert_eq!(caps.schedule.algorithm, Algorithm::Sm2);
    assert_eq!((caps.new_per_day, caps.reviews_per_day), (3, None));
    assert_eq!((caps.pos.line, caps.pos.col), (4, 7));
    let sco = &s.per_deck["sco-founding"];
    assert_eq!(sco.schedule.desired_retention, 0.85, "inherits the file's value");
    assert_eq!(sco.new_per_day, 10);
    assert!(!sco.schedule.fuzz);
    let unknown = s.unknown_decks(&["capital", "other"]);
    assert_eq!(unknown.len(), 2);
    assert!(
        unknown[0].starts_with("c.toml:4:7: [deck.capitals]: no deck `capitals` is in use"),
        "{unknown:?}"
    );
    assert!(unknown[0].contains("did you mean `capital`?"), "{unknown:?}");
}

#[test]
fn deck_table_problems_are_reported_at_their_keys() {
    let text =
        "[deck.capitals]\ndesired_retenton = 0.9\nday_starts_at = 3\nmaximum_interval = 0\n\n[deck]\nx = 1\n";
    let p = problems(text);
    // `[deck]` twice is a TOML error; check the first table alone, then a scalar deck entry.
    assert!(!p.is_empty());
    let text = "[deck.capitals]\ndesired_retenton = 0.9\nday_starts_at = 3\nmaximum_interval = 0\n";
    assert_eq!(
        problems(text),
        [
            "config.toml:2:1: unknown setting `desired_retenton` in [deck.capitals] (hint: did you mean `desired_retention`?)",
            "config.toml:3:1: unknown setting `day_starts_at` in [deck.capitals] (hint: `day_starts_at` applies to every deck: set it at the top of the file)",
            "config.toml:4:20: maximum_interval must be 1 to 36500 days, found 0",
        ]
    );
    assert_eq!(
        problems("deck = 3\n"),
        [
            "config.toml:1:8: `deck` must be a table of decks, such as [deck.sco-founding] (hint: write each deck's settings under [deck.<deck-id>])"
        ]
    );
    assert_eq!(
        problems("[deck]\ncapitals = 1\n"),
        [
            "config.toml:2:1: deck.capitals must be a table of settings (hint: write [deck.capitals] and the deck's keys under it)"
        ]
    );
}
