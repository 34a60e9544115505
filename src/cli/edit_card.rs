//! `deckard edit DECK/CARD`: opens the card's deck file in the learner's editor at the card's
//! line (through [`super::edit::open_at`], which the study loop's `:edit` uses too), then checks
//! the file and offers to edit again while it has errors.

use std::io::IsTerminal;
use std::process::ExitCode;

use deckard::deck::{self, Library, Origin, Severity};
use deckard::sanitize::escape;

use super::edit::{Edited, message, open_at};
use super::error::CliError;
use super::inspect;
use super::out::{out, outln};

/// `deckard edit DECK/CARD`.
pub fn edit_card(lib: &Library, key: &str) -> Result<ExitCode, CliError> {
    let Some((deck, card)) = lib.card(key) else {
        return Err(CliError::input(format!("no card `{}`", escape(key)))
            .hint("keys look like deck-id/card-id; `deckard cards` lists them"));
    };
    let path = match &deck.origin {
        Origin::File(p) => p.clone(),
        Origin::Bundled(name) => {
            return Err(CliError::input(format!(
                "{} is in the bundled deck `{}`, which is built into deckard and cannot be edited",
                escape(key),
                escape(&deck.id)
            ))
            .hint(format!(
                "copy decks/{} from deckard's source into a folder of your own, edit it there, \
                 and use it with --decks FOLDER (or DECKARD_DECKS=FOLDER); keep the deck and card \
                 ids so your progress carries over",
                escape(name)
            )));
        }
    };
    let at = format!("{}:{}", path.display(), card.pos.line);
    let mut line = card.pos.line;
    loop {
        match open_at(&deck.origin, line) {
            Edited::Done => {}
            other => return Err(CliError::input(message(&other, &at))),
        }
        let checked = deck::load_paths(std::slice::from_ref(&path));
        let code = inspect::check(&checked);
        let first_error = checked
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| d.pos.line);
        let Some(error_line) = first_error else {
            outln!("{}", escape(&message(&Edited::Done, &at)));
            return Ok(code);
        };
        if !std::io::stdin().is_terminal() {
            return Ok(code);
        }
        out!("the file has errors; edit it again? [Y/n] ");
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err() || answer.trim().eq_ignore_ascii_case("n") {
            return Ok(code);
        }
        line = error_line;
    }
}
