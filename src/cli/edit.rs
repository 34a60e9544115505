//! Opening a deck file in the learner's editor at a card's line: `$VISUAL`, else `$EDITOR`,
//! run as `EDITOR +LINE FILE` (vi, vim, nano, emacs, micro, kak and helix all read `+LINE`).
//! The study loop's `:edit` uses it; a `deckard edit` command can reuse it as is.

use std::ffi::OsString;
use std::process::Command;

use deckard::deck::Origin;
use deckard::sanitize::escape;

/// What happened when asked to edit a card.
#[derive(Debug, PartialEq, Eq)]
pub enum Edited {
    /// The editor ran and exited with success.
    Done,
    /// The editor ran and failed (its exit status, as text).
    Failed(String),
    /// The deck is bundled with deckard: there is no file to edit.
    Bundled,
    /// Neither `$VISUAL` nor `$EDITOR` is set.
    NoEditor,
    /// The editor could not be started (the reason).
    NotStarted(String),
}

/// The editor command from the environment, split into program and arguments.
fn editor() -> Option<Vec<OsString>> {
    let var = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())?;
    // `code -w` or `emacsclient -t`: words separated by spaces, no shell quoting.
    let words: Vec<OsString> = var
        .to_string_lossy()
        .split_whitespace()
        .map(OsString::from)
        .collect();
    (!words.is_empty()).then_some(words)
}

/// Opens the deck file of `origin` at `line` in the learner's editor and waits for it.
pub fn open_at(origin: &Origin, line: u32) -> Edited {
    let Origin::File(path) = origin else {
        return Edited::Bundled;
    };
    let Some(words) = editor() else {
        return Edited::NoEditor;
    };
    let mut cmd = Command::new(&words[0]);
    cmd.args(&words[1..]).arg(format!("+{line}")).arg(path);
    match cmd.status() {
        Ok(s) if s.success() => Edited::Done,
        Ok(s) => Edited::Failed(s.to_string()),
        Err(e) => Edited::NotStarted(format!("{}: {e}", escape(&words[0].to_string_lossy()))),
    }
}

/// One line telling the learner what happened, for `Edited`, with the card's place `at`.
pub fn message(result: &Edited, at: &str) -> String {
    let at = escape(at);
    match result {
        Edited::Done => format!("edited {at}; the change applies from the next session"),
        Edited::Failed(status) => format!("the editor {status} ({at})"),
        Edited::Bundled => format!(
            "{at} is bundled with deckard and cannot be edited; copy it into a deck folder to change it"
        ),
        Edited::NoEditor => format!("{at} (set $VISUAL or $EDITOR to open it there)"),
        Edited::NotStarted(why) => format!("cannot start the editor: {why} ({at})"),
    }
}
