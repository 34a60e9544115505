//! Test harness: runs the real `deckard` binary in a clean environment with a private home.
#![allow(dead_code)]

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

    /// A `deckard` command with a cleared environment, NO_COLOR, a pinned seed and private dirs.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("deckard").expect("binary");
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .env("DECKARD_SEED", "7")
            .env("DECKARD_PROGRESS", self.progress())
            .current_dir(self.dir.path());
        c
    }
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
