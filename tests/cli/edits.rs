//! Issue 14, authoring: commands that change a deck file never overwrite another writer's
//! cards or an editor's edit, and `export -o` never overwrites a file it was not asked to.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Env, stderr, stdout};

fn card_ids(text: &str) -> Vec<String> {
    let deck: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}: {text}"));
    deck["card"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

/// On main both of two concurrent `import --to` reported success while one set of cards was
/// lost: each rewrote the file from the copy it had read.
#[test]
fn concurrent_imports_into_one_file_keep_every_card() {
    let env = Env::new();
    let n = 6;
    for i in 0..n {
        let rows: String = (0..20)
            .map(|k| format!("Question {i} {k}?,Answer {i} {k}\n"))
            .collect();
        env.write(&format!("in{i}.csv"), format!("q,a\n{rows}"));
    }
    let children: Vec<_> = (0..n)
        .map(|i| {
            env.std_cmd()
                .args([
                    "import",
                    &format!("in{i}.csv"),
                    "--to",
                    "out.toml",
                    "--deck-id",
                    "d",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let ids = card_ids(&std::fs::read_to_string(env.path("out.toml")).unwrap());
    assert_eq!(ids.len(), n * 20, "{ids:?}");
    env.cmd().args(["check", "out.toml"]).assert().success();
}

/// On main `add` kept the deck it read at start and rewrote the file from that copy on every
/// card: a card saved from an editor while `add` ran was lost.
#[test]
fn add_appends_to_the_current_file_not_its_first_copy() {
    let env = Env::new();
    let deck = env.write("d.toml", "[deck]\nid = \"d\"\ntitle = \"D\"\n");
    let mut child = env
        .std_cmd()
        .args(["add", "d.toml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Lines arrive through a channel, so a wait for one can time out instead of hanging.
    let (tx, lines) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    stdin
        .write_all(b"flashcard\nFirst front\nFirst back\n\n\n\n")
        .unwrap();
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains("added `") => break,
            Ok(_) => {}
            Err(_) => {
                let _ = child.kill();
                panic!("no card added within 30 s");
            }
        }
    }
    // The author saves a card from an editor while `add` waits for the next one.
    let mut text = std::fs::read_to_string(&deck).unwrap();
    text.push_str("\n[[card]]\nid = \"by-hand\"\nfront = \"Typed in an editor\"\nback = \"kept\"\n");
    std::fs::write(&deck, &text).unwrap();
    stdin
        .write_all(b"flashcard\nSecond front\nSecond back\n\n\n\ndone\n")
        .unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    let ids = card_ids(&std::fs::read_to_string(&deck).unwrap());
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.contains(&"by-hand".to_string()), "{ids:?}");
}

/// On main `export -o` overwrote anything, even the deck being exported.
#[test]
fn export_never_overwrites_without_force_and_never_the_source() {
    let env = Env::new();
    let deck = env.write(
        "d.toml",
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"c\"\nq = \"Q?\"\na = \"A\"\n",
    );
    let before = std::fs::read(&deck).unwrap();
    let err = env
        .cmd()
        .args(["export", "d.toml", "--format", "csv", "-o", "d.toml", "--force"])
        .assert()
        .code(1);
    let msg = stderr(&err);
    assert!(msg.contains("the deck being exported"), "{msg}");
    assert_eq!(std::fs::read(&deck).unwrap(), before);

    env.write("other.csv", "precious");
    let err = env
        .cmd()
        .args(["export", "d.toml", "--format", "csv", "-o", "other.csv"])
        .assert()
        .code(1);
    let msg = stderr(&err);
    assert!(msg.contains("already exists") && msg.contains("--force"), "{msg}");
    assert_eq!(
        std::fs::read_to_string(env.path("other.csv")).unwrap(),
        "precious"
    );

    env.cmd()
        .args([
            "export",
            "d.toml",
            "--format",
            "csv",
            "-o",
            "other.csv",
            "--force",
        ])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(env.path("other.csv"))
            .unwrap()
            .contains("Q?")
    );
    let out = stdout(
        env.cmd()
            .args(["export", "d.toml", "--format", "csv", "-o", "new.csv"])
            .assert()
            .success(),
    );
    assert!(out.is_empty(), "{out}");
    assert!(env.path("new.csv").exists());
}
