//! Where the progress log lives by default: `<OS data dir>/deckard/progress.jsonl`.
//!
//! The data directory is XDG's on Linux and BSD (`$XDG_DATA_HOME`, else `~/.local/share`),
//! `~/Library/Application Support` on macOS and `%APPDATA%` on Windows. `--progress FILE` and
//! `DECKARD_PROGRESS` override it; those belong to the command line, not to this module.

use std::path::PathBuf;

use etcetera::base_strategy::{BaseStrategy, choose_native_strategy};

/// The log's file name inside the data directory.
pub const FILE_NAME: &str = "progress.jsonl";

/// The default log path, or `None` when the home directory cannot be found.
pub fn default_path() -> Option<PathBuf> {
    let dirs = choose_native_strategy().ok()?;
    Some(dirs.data_dir().join("deckard").join(FILE_NAME))
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_path_ends_in_deckard_progress() {
        if let Some(p) = super::default_path() {
            assert!(p.ends_with("deckard/progress.jsonl"), "{}", p.display());
        }
    }
}
