//! The progress folder through the binary: two devices (two homes, each with its own copy of
//! the synced folder) study offline and agree once their files are copied across; a newer
//! deckard's file stops writing; `progress migrate` moves a single log in; SIGKILL during a
//! study in a folder loses no acknowledged answer.

use std::path::{Path, PathBuf};

use crate::common::{Env, deck, stdout};
use crate::kill::{XorShift, deck_text, kill_at_random};

const SHARED: &str = "learning_steps = []\nrelearning_steps = []\nfuzz = false\n";

/// A device: a home of its own, with its copy of the synced folder at `sync/`.
fn device() -> Env {
    let env = Env::new();
    env.write("sync/settings.toml", SHARED);
    env
}

fn folder(env: &Env) -> String {
    format!("{}/", env.path("sync").display())
}

fn run(env: &Env, now: &str, args: &[&str], input: &str) -> assert_cmd::assert::Assert {
    // Each home its own seed: before event ids came from the OS, one seed on two devices
    // drew the same ids (see the reliability work).
    let seed = env
        .path("")
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    env.cmd()
        .args(["--seed", &seed.to_string()])
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["--progress", &folder(env), "--now", now])
        .args(args)
        .write_stdin(input)
        .assert()
}

/// The one device log in `env`'s folder written by `env` itself (its id is in its data dir).
fn own_file(env: &Env) -> PathBuf {
    let id = std::fs::read_to_string(env.path("data/deckard/device-id")).unwrap();
    env.path(&format!("sync/{}.jsonl", id.trim()))
}

fn copy_into(from: &Env, to: &Env) {
    let f = own_file(from);
    std::fs::copy(&f, to.path("sync").join(f.file_name().unwrap())).unwrap();
}

fn show_all(env: &Env, progress: &str, now: &str) -> String {
    ["t/city", "t/year", "t/hotel"]
        .iter()
        .map(|key| {
            stdout(
                env.cmd()
                    .arg("--decks")
                    .arg(deck("study.toml"))
                    .args(["--progress", progress, "--config"])
                    .arg(env.path("sync/settings.toml"))
                    .args(["--now", now, "show", key])
                    .assert()
                    .success(),
            )
        })
        .collect()
}

#[test]
fn two_devices_study_offline_and_agree_after_their_files_cross() {
    let (a, b) = (device(), device());
    run(
        &a,
        "2026-03-01T09:00:00Z",
        &["study", "--limit", "3"],
        "x\n\nShanghai\n\n1\n\n",
    )
    .success();
    // B answers the same cards an hour later, without A's answers yet: a conflict in time.
    run(
        &b,
        "2026-03-01T10:00:00Z",
        &["study", "--limit", "2"],
        "2001\n\nnope\n\n",
    )
    .success();
    assert_ne!(own_file(&a).file_name(), own_file(&b).file_name());
    copy_into(&a, &b);
    copy_into(&b, &a);
    let later = "2026-03-05T09:00:00Z";
    let on_a = show_all(&a, &folder(&a), later);
    let on_b = show_all(&b, &folder(&b), later);
    assert_eq!(on_a, on_b);
    // Both devices' answers count, in time order: the same as one merged log.
    let single = a.path("merged.jsonl");
    for f in [own_file(&a), own_file(&b)] {
        a.cmd()
            .args(["--progress"])
            .arg(&single)
            .arg("merge")
            .arg(&f)
            .assert()
            .success();
    }
    assert_eq!(show_all(&a, single.to_str().unwrap(), later), on_a);
    assert!(on_a.matches("2026-03-01 09:00").count() >= 1, "{on_a}");
    assert!(on_a.matches("2026-03-01 10:00").count() >= 1, "{on_a}");
    let status = stdout(run(&b, later, &["sync", "status"], "").success());
    assert!(status.contains("(this)"), "{status}");
    assert_eq!(status.matches(" (review)\n").count(), 2, "{status}");
    // A device takes two lines, so the list fits 50 columns.
    assert!(
        status
            .lines()
            .filter(|l| l.starts_with("  "))
            .all(|l| l.chars().count() <= 50),
        "{status}"
    );
    assert!(status.contains("unread: nothing"), "{status}");
    assert!(status.contains("5 event(s) in all"), "{status}");
}

#[test]
fn a_file_from_a_newer_deckard_stops_studying_but_not_looking() {
    let a = device();
    run(&a, "2026-03-01T09:00:00Z", &["study", "--limit", "1"], "x\n\n").success();
    a.write(
        "sync/00000000000000ff.jsonl",
        "{\"deckard\":\"progress\",\"version\":99}\n",
    );
    let out = run(&a, "2026-03-02T09:00:00Z", &["study"], "").code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("00000000000000ff.jsonl: written by a newer deckard"),
        "{err}"
    );
    assert!(err.contains("upgrade deckard"), "{err}");
    let out = run(&a, "2026-03-02T09:00:00Z", &["decks"], "").success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("its events are left out"), "{err}");
    let status = stdout(run(&a, "2026-03-02T09:00:00Z", &["sync", "status"], "").success());
    assert!(
        status.contains("this device will not write until it can read it"),
        "{status}"
    );
    // The device's own file is untouched by the refusal.
    assert_eq!(std::fs::read_to_string(own_file(&a)).unwrap().lines().count(), 2);
}

#[test]
fn another_devices_half_copied_file_is_waited_for() {
    let (a, b) = (device(), device());
    run(
        &a,
        "2026-03-01T09:00:00Z",
        &["study", "--limit", "2"],
        "x\n\nx\n\n",
    )
    .success();
    let bytes = std::fs::read(own_file(&a)).unwrap();
    let torn = &bytes[..bytes.len() - 20];
    let in_b = b.path("sync").join(own_file(&a).file_name().unwrap());
    std::fs::write(&in_b, torn).unwrap();
    run(&b, "2026-03-01T10:00:00Z", &["study", "--limit", "1"], "x\n\n").success();
    assert_eq!(
        std::fs::read(&in_b).unwrap(),
        torn,
        "another device's file was rewritten"
    );
    let status = stdout(run(&b, "2026-03-01T10:00:00Z", &["sync", "status"], "").success());
    assert!(status.contains("has not fully arrived yet"), "{status}");
    assert!(
        status.contains("read once the sync tool has copied the rest"),
        "{status}"
    );
}

#[test]
fn a_device_overriding_a_shared_setting_is_warned() {
    let a = device();
    a.write("config.toml", "desired_retention = 0.8\nnew_per_day = 2\n");
    let out = a
        .cmd()
        .args(["--progress", &folder(&a), "--config"])
        .arg(a.path("config.toml"))
        .args(["sync", "status"])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("`desired_retention` is ignored"), "{err}");
    assert!(!err.contains("new_per_day"), "{err}");
}

/// `[deck.<id>]` scheduling keys come from the folder's settings.toml on every device; a
/// device's own (in its config.toml) are ignored and named by `sync status`, while its
/// per-deck daily limits still apply. On main the folder's settings.toml refused `[deck.t]`,
/// and a device's `[deck.t] desired_retention` gave its cards other states than the others'.
#[test]
fn deck_tables_schedule_from_the_folder_and_limit_per_device() {
    let shared = format!("{SHARED}\n[deck.t]\ndesired_retention = 0.97\n");
    let (a, b) = (device(), device());
    for env in [&a, &b] {
        env.write("sync/settings.toml", &shared);
    }
    a.write(
        "config/deckard/config.toml",
        "[deck.t]\ndesired_retention = 0.7\nmaximum_interval = 2\nnew_per_day = 1\n",
    );
    let now = "2026-03-01T09:00:00Z";
    // A's own limit of one new card a day from deck t holds: the second answer is never asked.
    run(&a, now, &["study"], "Shanghai\n\n2001\n\n").success();
    assert_eq!(reviews(&own_file(&a)), 1);
    run(&b, now, &["study", "--limit", "1"], "Shanghai\n\n").success();
    // The same answer on each device gives the same state: the folder's deck retention.
    let later = "2026-03-05T09:00:00Z";
    let on_a = show_all(&a, &folder(&a), later);
    assert_eq!(on_a, show_all(&b, &folder(&b), later));
    // As the same answer in a single log read with the folder's settings (deck table included)…
    let single = a.path("single.jsonl");
    std::fs::copy(own_file(&a), &single).unwrap();
    assert_eq!(show_all(&a, single.to_str().unwrap(), later), on_a);
    // …and not as with the defaults: the deck table in settings.toml is applied.
    a.write("sync/settings.toml", SHARED);
    assert_ne!(show_all(&a, single.to_str().unwrap(), later), on_a);
    a.write("sync/settings.toml", &shared);
    let out = run(&a, later, &["sync", "status"], "").success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    // One warning names every ignored key.
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(err.contains("2 settings are ignored ("), "{err}");
    assert!(err.contains("`[deck.t] desired_retention`"), "{err}");
    assert!(err.contains("`[deck.t] maximum_interval`"), "{err}");
    assert!(!err.contains("new_per_day"), "{err}");
    // A deck's daily limit in the folder's file is refused there, naming its line.
    a.write("sync/settings.toml", format!("{shared}new_per_day = 3\n"));
    let out = run(&a, later, &["decks"], "").code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("settings.toml:7:1: `new_per_day` in [deck.t] is a setting of each device"),
        "{err}"
    );
}

#[test]
fn migrate_moves_the_single_log_in_and_points_the_settings_at_the_folder() {
    let a = Env::new();
    let cmd = || {
        let mut c = a.cmd();
        c.env_remove("DECKARD_PROGRESS")
            .arg("--decks")
            .arg(deck("study.toml"));
        c
    };
    a.write("config/deckard/config.toml", "desired_retention = 0.85\n");
    cmd()
        .args(["study", "--limit", "2"])
        .write_stdin("x\n\nx\n\n")
        .assert()
        .success();
    let single = a.path("data/deckard/progress.jsonl");
    let before_show = stdout(cmd().args(["show", "t/city"]).assert().success());
    let out = stdout(cmd().args(["progress", "migrate", "sync/"]).assert().success());
    assert!(out.contains("moved 2 event(s) into"), "{out}");
    assert!(!single.exists());
    assert!(a.path("data/deckard/progress.jsonl.migrated").exists());
    let config = std::fs::read_to_string(a.path("config/deckard/config.toml")).unwrap();
    assert_eq!(config, format!("progress = \"{}/\"\n", a.path("sync").display()));
    let shared = std::fs::read_to_string(a.path("sync/settings.toml")).unwrap();
    assert!(shared.contains("desired_retention = 0.85"), "{shared}");
    // The same states from the folder, and studying goes on there.
    assert_eq!(
        stdout(cmd().args(["show", "t/city"]).assert().success()),
        before_show
    );
    cmd()
        .args(["study", "--limit", "1"])
        .write_stdin("1\n\n")
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(own_file(&a)).unwrap().lines().count(), 4);
    // The old path is refused rather than started afresh.
    let out = a
        .cmd()
        .args(["--progress"])
        .arg(&single)
        .arg("--decks")
        .arg(deck("study.toml"))
        .arg("decks")
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("was moved into a progress folder"), "{err}");
    // A second migrate is refused: the progress is a folder now.
    cmd().args(["progress", "migrate", "sync/"]).assert().code(1);
}

fn reviews(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"review\""))
        .count()
}

/// As `kill.rs`, in a progress folder that also holds another device's half-copied file.
#[test]
fn sigkill_in_a_folder_loses_nothing_acknowledged() {
    let env = device();
    let deck = env.write("k.toml", deck_text(200));
    env.write(
        "sync/00000000000000aa.jsonl",
        "{\"deckard\":\"progress\",\"version\":1}\n{\"id\":\"00000000000000a1\",\"ti",
    );
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    let mut total_acked = 0;
    for iteration in 0..15 {
        let mut study = env.std_cmd();
        study
            .arg("--decks")
            .arg(&deck)
            .args(["--progress", &folder(&env)])
            .args(["--seed", &iteration.to_string()])
            .args(["--now", &format!("2026-03-{:02}T09:00:00Z", 1 + iteration / 5)])
            .args(["study", "--new", "200"]);
        total_acked += kill_at_random(study, &mut rng);
        env.cmd()
            .arg("--decks")
            .arg(&deck)
            .args(["--progress", &folder(&env)])
            .args(["--now", "2026-03-09T09:00:00Z", "study", "--limit", "0"])
            .write_stdin("")
            .assert()
            .success();
        let n = reviews(&own_file(&env));
        assert!(
            n >= total_acked,
            "iteration {iteration}: {n} reviews, {total_acked} acknowledged"
        );
        total_acked = n;
    }
    assert!(
        total_acked > 10,
        "the test should have recorded answers: {total_acked}"
    );
    // The other device's half-copied file was never touched.
    let other = std::fs::read_to_string(env.path("sync/00000000000000aa.jsonl")).unwrap();
    assert!(other.ends_with("\"ti"), "{other}");
}
