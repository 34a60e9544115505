//! Test harness: runs the real `deckard` binary in a clean environment with a private home.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A temporary home for one test: HOME, XDG dirs and the progress file live in it.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    /// A fresh environment.
    pub fn new() -> Self {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Path inside the environment.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file inside the environment and returns its path.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, text).expect("write");
        p
    }

    /// The progress log used by `cmd`.
    pub fn progress(&self) -> PathBuf {
        self.path("progress.jsonl")
    }

    /// A `deckard` command in this environment (see [`command`]).
    pub fn cmd(&self) -> Command {
        command(self.dir.path())
    }

    /// The same, as a `std::process::Command` (for pseudo-terminals and kill tests).
    pub fn std_cmd(&self) -> std::process::Command {
        std_command(self.dir.path())
    }
}

/// The time every command sees unless a test passes its own `--now`.
pub const NOW: &str = "2026-03-01T09:00:00Z";

/// The one way tests start deckard: a cleared environment with `home` as HOME, the XDG folders
/// and the progress log inside it, NO_COLOR, UTC, and a pinned seed and time.
pub fn std_command(home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin!("deckard"));
    c.env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env("DECKARD_SEED", "7")
        .env("DECKARD_NOW", NOW)
        .env("DECKARD_PROGRESS", home.join("progress.jsonl"))
        .current_dir(home);
    c
}

/// [`std_command`] as an `assert_cmd` command.
pub fn command(home: &Path) -> Command {
    Command::from_std(std_command(home))
}

/// A command for tests that only read (judge, replay): its home is a folder shared by them.
pub fn command_anywhere() -> Command {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    command(HOME.get_or_init(|| tempfile::tempdir().expect("temp dir")).path())
}

/// The repository's root folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file under tests/decks.
pub fn deck(rel: &str) -> PathBuf {
    root().join("tests/decks").join(rel)
}

/// The standard output of a finished command, as text (after its status was asserted).
pub fn stdout(assert: assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8")
}

/// The standard error of a finished command, as text (after its status was asserted).
pub fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("stderr is UTF-8")
}
