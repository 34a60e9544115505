//! The binary's error contract: exit statuses, a closed pipe, a full disk, warnings that reach
//! the learner. Each test is named after the defect it pins.

use std::io::Read;
use std::process::Stdio;

use crate::common::{Env, deck};

/// Regression: `deckard judge … | head -c1` panicked (exit 101) on the closed pipe.
#[test]
fn a_closed_output_pipe_ends_quietly_with_status_0() {
    let env = Env::new();
    let answers: Vec<String> = (0..20_000).map(|i| i.to_string()).collect();
    let mut child = env
        .std_cmd()
        .args(["judge", "sco-founding/founding-city"])
        .args(&answers)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here, so deckard's next write meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Regression: `deckard decks > /dev/full` panicked (exit 101).
#[test]
fn a_full_disk_on_standard_output_is_a_clear_error() {
    let env = Env::new();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = env.std_cmd().arg("decks").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("deckard: error: standard output: No space left on device"),
        "{err}"
    );
    assert!(err.contains("hint: free some disk space"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_bad_input_exits_1() {
    let env = Env::new();
    env.cmd().arg("--no-such-flag").assert().code(2);
    let out = env.cmd().args(["show", "no/such-card"]).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.starts_with("deckard: error: no card `no/such-card`"), "{err}");
    assert!(err.contains("\nhint: "), "{err}");
}

/// Regression: `deckard merge` collected warnings (a repaired torn line in the learner's own
/// log) and never printed them.
#[test]
fn merge_prints_its_warnings() {
    let env = Env::new();
    let other = Env::new();
    // Two devices with two seeds (one seed on both collides event ids: issue 14).
    for (e, seed) in [(&env, "7"), (&other, "8")] {
        e.write("config.toml", "learning_steps = []\n");
        e.cmd()
            .env("DECKARD_SEED", seed)
            .arg("--config")
            .arg(e.path("config.toml"))
            .arg("--decks")
            .arg(deck("study.toml"))
            .args(["study", "--limit", "1"])
            .write_stdin("Paris\n\n")
            .assert()
            .success();
    }
    // A torn last line, as a crash mid-append leaves it.
    let mut log = std::fs::read(env.progress()).unwrap();
    log.extend_from_slice(b"{\"v\":1,\"id\":\"torn");
    std::fs::write(env.progress(), log).unwrap();
    let out = env.cmd().arg("merge").arg(other.progress()).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.starts_with("deckard: warning: "), "{err}");
    assert!(err.contains("the last line was cut short"), "{err}");
}
