//! Crash safety of the progress log, with real processes: `examples/append_loop` appends and
//! acknowledges events; it is SIGKILLed at random points, and the log must always open again
//! and hold every acknowledged event. Also: a second writer in another process is refused and
//! its lock recovered once it is killed, and a full disk (file size limit) loses nothing.
#![cfg(unix)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use deckard::store::{Store, StoreError};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// The `append_loop` example, built next to this test (by `cargo test`, or here if missing).
fn append_loop() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(build_append_loop).clone()
}

fn build_append_loop() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).unwrap();
    let path = profile_dir.join("examples").join("append_loop");
    if !path.exists() {
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .args(["build", "--example", "append_loop", "--manifest-path"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"));
        if profile_dir.ends_with("release") {
            cargo.arg("--release");
        }
        assert!(cargo.status().unwrap().success(), "building append_loop");
    }
    path
}

fn spawn(log: &Path, seed: u64, count: u64) -> (Child, BufReader<ChildStdout>) {
    let mut child = Command::new(append_loop())
        .arg(log)
        .arg(seed.to_string())
        .arg(count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    (child, out)
}

/// Reads one `ack ID` line; `None` at end of output.
fn next_ack(out: &mut impl BufRead) -> Option<String> {
    let mut line = String::new();
    match out.read_line(&mut line).unwrap() {
        0 => None,
        _ => Some(line.strip_prefix("ack ")?.trim().to_owned()),
    }
}

fn ids_in_log(log: &Path) -> HashSet<String> {
    let opened = Store::open(log).unwrap_or_else(|e| panic!("log must open: {e}"));
    opened.events.iter().map(|e| e.id.to_string()).collect()
}

#[test]
fn sigkill_at_random_points_loses_no_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("progress.jsonl");
    let mut rng = Pcg64Mcg::seed_from_u64(0x5eed);
    let mut acked: HashSet<String> = HashSet::new();
    let mut torn_repairs = 0;
    for round in 0..60u64 {
        let (mut child, mut out) = spawn(&log, round, 100_000);
        // Kill after some acknowledgements, or after a random delay (possibly mid-write).
        if rng.next_u64() % 2 == 0 {
            for _ in 0..rng.next_u64() % 30 {
                match next_ack(&mut out) {
                    Some(id) => acked.insert(id),
                    None => break,
                };
            }
        } else {
            std::thread::sleep(Duration::from_micros(rng.next_u64() % 20_000));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever it acknowledged before dying is still in the pipe.
        while let Some(id) = next_ack(&mut out) {
            acked.insert(id);
        }
        if round % 6 == 5 {
            // What a crash mid-write leaves: part of a line, no newline.
            let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
            f.write_all(br#"{"id":"00000000000000ff","time":"2025-"#).unwrap();
            torn_repairs += 1;
        }
        let present = ids_in_log(&log);
        let lost: Vec<_> = acked.difference(&present).collect();
        assert!(
            lost.is_empty(),
            "round {round}: lost acknowledged events {lost:?}"
        );
    }
    eprintln!("{} acknowledged events survived 60 kills", acked.len());
    assert!(
        acked.len() > 100,
        "the loop must have done real work: {}",
        acked.len()
    );
    let rejected = std::fs::read_to_string(dir.path().join("progress.jsonl.rejected")).unwrap();
    assert!(rejected.lines().count() >= torn_repairs, "{rejected}");
}

#[test]
fn a_writer_in_another_process_is_refused_then_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("progress.jsonl");
    let (mut child, mut out) = spawn(&log, 1, 1_000_000);
    assert!(next_ack(&mut out).is_some(), "child is writing");
    let err = Store::open(&log).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Locked { .. }), "{msg}");
    assert!(msg.contains(&format!("pid {}", child.id())), "{msg}");

    child.kill().unwrap();
    child.wait().unwrap();
    // The OS released the dead child's lock; its side file is stale but harmless.
    let held = Store::open(&log).expect("a killed holder leaves no stale lock");
    let (mut second, _out) = spawn(&log, 2, 1);
    let status = second.wait().unwrap();
    let mut stderr = String::new();
    second.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!status.success());
    assert!(
        stderr.contains(&format!("pid {}", std::process::id())),
        "{stderr}"
    );
    drop(held);
}

#[test]
fn a_full_disk_leaves_a_valid_log_with_every_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("progress.jsonl");
    // A file size limit makes writes fail part-way through a line, like a full disk.
    let child = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8 && exec \"$0\" \"$@\"")
        .arg(append_loop())
        .arg(&log)
        .args(["3", "10000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(!child.status.success(), "the limit must be hit");
    assert!(stderr.contains("cannot append to"), "{stderr}");
    let acked: HashSet<String> = String::from_utf8_lossy(&child.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("ack ").map(str::to_owned))
        .collect();
    assert!(!acked.is_empty());
    let bytes = std::fs::read(&log).unwrap();
    assert!(bytes.ends_with(b"\n"), "the partial line was cut back");
    let opened = Store::open(&log).unwrap();
    assert!(opened.warnings.is_empty(), "{:?}", opened.warnings);
    let present: HashSet<String> = opened.events.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(present, acked);
}
