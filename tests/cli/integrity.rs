//! Issue 14: deckard never loses or clobbers a byte of the learner's progress: event ids that
//! stay unique across devices, and merges that explain and settle old collisions.

use std::collections::HashSet;

use crate::common::{Env, deck, stderr, stdout};

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
    assert!(
        p.len() >= 2 && l.len() >= 2,
        "answers and the quiz summary: {p:?} {l:?}"
    );
    let shared: HashSet<_> = p.iter().filter(|id| l.contains(id)).collect();
    assert!(shared.is_empty(), "ids shared between devices: {shared:?}");
    let out = stdout(phone.cmd().arg("merge").arg(laptop.progress()).assert().success());
    assert!(out.contains(&format!("{} new event(s)", l.len())), "{out}");
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
    let err = stderr(&refused);
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

/// On main a file-size limit (`ulimit -f`) killed deckard with SIGXFSZ at its first append,
/// silently. Now the append fails with a write error naming the log, which is cut back.
#[cfg(unix)]
#[test]
fn a_file_size_limit_is_a_write_error_and_the_log_is_kept_whole() {
    let env = Env::new();
    let mut log = String::from("{\"deckard\":\"progress\",\"version\":1}\n");
    for i in 0..60 {
        log.push_str(&format!(
            "{{\"id\":\"{i:016x}\",\"time\":\"2026-02-01T10:00:{:02}Z\",\"type\":\"bury\",\"card\":\"gone/c{i}\",\"until\":\"2026-02-02T04:00:00Z\"}}\n",
            i % 60
        ));
    }
    assert!(log.len() > 4096);
    let log_path = env.write("progress.jsonl", &log);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&log_path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("deckard");
    let harness = env.std_cmd();
    // The harness's environment, through a shell that sets the limit (4 blocks: at most 4 KiB).
    let out = std::process::Command::new("sh")
        .env_clear()
        .envs(harness.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .current_dir(env.dir.path())
        .arg("-c")
        .arg("ulimit -f 4 && exec \"$0\" \"$@\"")
        .arg(bin)
        .arg("--decks")
        .arg(deck("study.toml"))
        .args(["study", "--limit", "1"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(b"x\n\n")?;
            c.wait_with_output()
        })
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "killed by a signal? stderr: {err}");
    assert!(
        err.contains("progress.jsonl") && err.to_lowercase().contains("too large"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&log_path).unwrap(),
        log,
        "the log is cut back"
    );
}

/// On main `study` loaded a card `check` rejects (an empty answer), which could never be
/// answered right; now it is skipped with one warning naming it.
#[test]
fn study_skips_cards_check_rejects_with_one_warning() {
    let env = Env::new();
    let deck = env.write(
        "e.toml",
        "[deck]\nid = \"e\"\ntitle = \"E\"\n[[card]]\nid = \"empty\"\nq = \"Never right?\"\na = \"\"\n[[card]]\nid = \"ok\"\nq = \"Fine?\"\na = \"yes\"\n",
    );
    // Cold, then warm: the second start reads the self-check from the compiled deck.
    for now in ["2026-03-01T09:00:00Z", "2026-03-20T09:00:00Z"] {
        let assert = env
            .cmd()
            .args(["--now", now, "--decks"])
            .arg(&deck)
            .args(["study", "--limit", "5"])
            .write_stdin("yes\n\n")
            .assert()
            .success();
        let err = stderr(&assert);
        let out = stdout(assert);
        assert_eq!(err.matches("skipping 1 card(s)").count(), 1, "{err}");
        assert!(err.contains("e/empty"), "{err}");
        assert!(!out.contains("Never right?"), "{out}");
        assert!(out.contains("Fine?"), "{out}");
    }
    assert!(std::fs::read_dir(env.path("cache/deckard")).is_ok_and(|mut d| d.next().is_some()));
}

/// Runs `args` and returns its exit code and standard error, failing the test if it does not
/// end within 20 seconds (the old behaviour on a FIFO: wait for ever).
#[cfg(unix)]
fn run_bounded(env: &Env, args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let mut child = env
        .std_cmd()
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            return (status.code(), err);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{args:?} still running after 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// On main `import`, `add`, `draft`, `replay` and `--config` read `/dev/zero` until memory ran
/// out, and a FIFO with no writer hung them. Now only regular files are read.
#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_at_once() {
    use std::ffi::OsStr;
    let env = Env::new();
    let fifo = env.path("fifo.csv");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let zero = OsStr::new("/dev/zero");
    let f = fifo.as_os_str();
    let cases: Vec<Vec<&OsStr>> = vec![
        vec![
            OsStr::new("import"),
            zero,
            OsStr::new("--to"),
            OsStr::new("out.toml"),
        ],
        vec![
            OsStr::new("import"),
            f,
            OsStr::new("--to"),
            OsStr::new("out.toml"),
        ],
        vec![OsStr::new("draft"), zero],
        vec![OsStr::new("replay"), zero],
        vec![OsStr::new("replay"), f],
        vec![OsStr::new("add"), zero],
        vec![OsStr::new("--config"), zero, OsStr::new("decks")],
        vec![OsStr::new("--config"), f, OsStr::new("decks")],
    ];
    for args in cases {
        let (code, err) = run_bounded(&env, &args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains("regular file"), "{args:?}: {err}");
    }
    assert!(!env.path("out.toml").exists());
    let out = env.cmd().args(["check", "/dev/zero"]).assert().code(1);
    assert!(stdout(out).contains("regular file"));
}
