//! `deckard add`: interactive authoring. Asks for a kind, then that kind's fields, and appends
//! each card to the deck file as soon as it is complete (written atomically, the rest of the
//! file untouched). On a terminal it reads with rustyline; from a pipe it reads plain lines and
//! prints its own prompts, so scripted sessions read naturally.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::out::outln;
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use deckard::author::append::{DeckMeta, append_cards};
use deckard::author::edit::Missing;
use deckard::author::{self, NewCard, entry};
use deckard::deck::{Card, Kind};
use deckard::sanitize::escape;

use crate::cli::error::CliError;

/// Where answers come from.
enum Input {
    Terminal(Box<DefaultEditor>),
    Piped(std::io::StdinLock<'static>),
}

impl Input {
    fn open() -> Input {
        if std::io::stdin().is_terminal()
            && let Ok(ed) = DefaultEditor::new()
        {
            return Input::Terminal(Box::new(ed));
        }
        Input::Piped(std::io::stdin().lock())
    }

    /// One answer, or `None` at the end of input (Ctrl-D, Ctrl-C, end of the pipe).
    fn ask(&mut self, prompt: &str) -> Option<String> {
        match self {
            Input::Terminal(ed) => match ed.readline(prompt) {
                Ok(line) => Some(line),
                Err(ReadlineError::Eof | ReadlineError::Interrupted) => None,
                Err(_) => None,
            },
            Input::Piped(stdin) => {
                let mut out = std::io::stdout().lock();
                let _ = write!(out, "{prompt}");
                let _ = out.flush();
                let mut line = String::new();
                match stdin.read_line(&mut line) {
                    Ok(0) | Err(_) => {
                        let _ = writeln!(out);
                        None
                    }
                    Ok(_) => {
                        let _ = writeln!(out);
                        Some(line.trim_end_matches(['\n', '\r']).to_string())
                    }
                }
            }
        }
    }
}

/// Runs the interactive loop on `path` (created if missing).
pub fn run(path: &Path) -> Result<ExitCode, CliError> {
    let name = path.display().to_string();
    // Read to refuse a broken deck before asking anything; each card is then appended to the
    // file's content at the time it is added (see `add_card`), not to this copy.
    if path.exists() {
        let t = author::read_text(path).map_err(|e| CliError::input(escape(&e.to_string()).into_owned()))?;
        if !t.trim().is_empty() {
            author::validate(&name, &t)
                .map_err(|e| {
                    CliError::input(deckard::sanitize::escape_multiline(&e.to_string()).into_owned())
                })
                .map_err(|f| f.hint(format!("fix the deck first: deckard check {}", escape(&name))))?;
        }
    }
    let meta = DeckMeta::from_path(path);
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    outln!("Adding cards to {}. Kinds: {}.", escape(&name), kinds.join(", "));
    outln!("Type `done` as the kind, or end the input (Ctrl-D), to finish.");
    let mut input = Input::open();
    let mut added = 0;
    while let Some(k) = input.ask("Kind [text]: ") {
        let k = k.trim();
        if matches!(k, "done" | "quit" | "q" | "exit") {
            break;
        }
        let kind = if k.is_empty() {
            Some(Kind::Text)
        } else {
            Kind::parse(k)
        };
        let Some(kind) = kind else {
            outln!("unknown kind `{}`; kinds: {}", escape(k), kinds.join(", "));
            continue;
        };
        let Some(answers) = ask_fields(&mut input, kind) else {
            outln!("input ended before the card was complete; it was not added");
            break;
        };
        let card = match entry::build(kind, &answers) {
            Ok(c) => c,
            Err(e) => {
                outln!("card not added: {}", escape(&e.to_string()));
                continue;
            }
        };
        match add_card(path, &meta, &card) {
            Ok((id, warnings)) => {
                added += 1;
                outln!("added `{}`", escape(&id));
                for w in warnings {
                    outln!("warning: {}", deckard::sanitize::escape_multiline(&w));
                }
            }
            Err(why) => outln!("card not added: {}", deckard::sanitize::escape_multiline(&why)),
        }
    }
    outln!("{added} card(s) added to {}", escape(&name));
    Ok(ExitCode::SUCCESS)
}

/// Asks a kind's questions; a required one is asked again until answered. `None` at the end
/// of input.
fn ask_fields(input: &mut Input, kind: Kind) -> Option<Vec<(&'static str, String)>> {
    let mut answers = Vec::new();
    for f in entry::fields(kind) {
        let prompt = if f.optional {
            format!("{} (optional): ", f.label)
        } else {
            format!("{}: ", f.label)
        };
        loop {
            let v = input.ask(&prompt)?;
            if v.trim().is_empty() && !f.optional {
                outln!("(required)");
                continue;
            }
            answers.push((f.key, v));
            break;
        }
    }
    Some(answers)
}

/// Appends one card to the file's current content (under its lock, not over an edit saved
/// meanwhile: see `author::edit`), checks it, and writes the file; returns the card's id and
/// the warnings `check` would give it.
fn add_card(path: &Path, meta: &DeckMeta, card: &NewCard) -> Result<(String, Vec<String>), String> {
    let name = path.display().to_string();
    author::edit::update(path, Missing::Create, |text| {
        let out = append_cards(&name, text, meta, &[], std::slice::from_ref(card))?;
        let id = out.ids.first().cloned().unwrap_or_default();
        let deck = author::validate(&name, &out.text)?;
        let new_cards: Vec<&Card> = deck.cards.iter().filter(|c| c.note_id == id).collect();
        // Only findings that make the card refuse its own answers keep it out, as in `check`.
        let vetting = author::vet::vet(&new_cards);
        if !vetting.accepted() {
            return Err(author::AuthorError::Field(vetting.refused.join("; ")));
        }
        Ok((out.text, (id, vetting.warnings)))
    })
    .map_err(|e| e.to_string())
}
