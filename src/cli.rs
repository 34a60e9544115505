//! Command-line definitions and dispatch: parse flags, load decks, run one subcommand, map
//! errors to exit codes (0 ok, 1 invalid input, 2 usage).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anstream::{eprintln, println};
use clap::{Parser, Subcommand};

use deckard::deck::{self, Library, Severity};
use deckard::sanitize::escape;

/// deckard: study TOML question decks with spaced repetition, run timed quizzes, write decks.
#[derive(Parser, Debug)]
#[command(name = "deckard", version, about, propagate_version = true)]
struct Cli {
    /// Deck files or folders to use instead of the bundled decks.
    #[arg(long, global = true, num_args = 1.., value_name = "PATH", env = "DECKARD_DECKS", value_delimiter = ':')]
    decks: Vec<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate decks: print every problem as file:line:col, exit 1 on any error.
    Check {
        /// Deck files or folders (default: the decks in use).
        paths: Vec<PathBuf>,
    },
    /// List the decks in use with their card counts.
    Decks,
    /// Judge answers to one card as a quiz would: verdict, score and reason for each answer.
    Judge {
        /// The card, as deck-id/card-id.
        card: String,
        /// Answers to judge, one argument each.
        #[arg(required = true)]
        answers: Vec<String>,
        /// Print one JSON line per answer.
        #[arg(long)]
        json: bool,
    },
}

/// An error on its way to the user, with its exit status.
pub struct Failure {
    message: String,
    hint: Option<String>,
    code: u8,
}

impl Failure {
    /// Invalid input (a deck, an answer file, a progress file): exit status 1.
    pub fn input(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            code: 1,
        }
    }

    /// A usage error: exit status 2.
    #[allow(dead_code)]
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            code: 2,
        }
    }

    /// Adds a `hint:` line.
    #[allow(dead_code)]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(f) => {
            eprintln!("deckard: error: {}", f.message);
            if let Some(h) = f.hint {
                eprintln!("hint: {h}");
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Check { paths } => {
            let lib = if paths.is_empty() {
                load(&cli.decks)
            } else {
                deck::load_paths(&paths)
            };
            Ok(check(&lib))
        }
        Command::Decks => {
            let lib = load_valid(&cli.decks)?;
            decks(&lib);
            Ok(ExitCode::SUCCESS)
        }
        Command::Judge { card, answers, json } => judge(&load_valid(&cli.decks)?, &card, &answers, json),
    }
}

fn load(paths: &[PathBuf]) -> Library {
    if paths.is_empty() {
        deck::load_bundled()
    } else {
        deck::load_paths(paths)
    }
}

/// Loads the decks in use; any error in them stops the command, pointing at `deckard check`.
fn load_valid(paths: &[PathBuf]) -> Result<Library, Failure> {
    let lib = load(paths);
    if lib.has_errors() {
        let n = lib
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        for d in lib
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .take(5)
        {
            eprintln!("{}", escape(&d.to_string()));
        }
        return Err(Failure::input(format!("the decks have {n} error(s)"))
            .hint("run `deckard check` to see them all"));
    }
    Ok(lib)
}

fn check(lib: &Library) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut errors = 0;
    let mut warnings = 0;
    for d in &lib.diagnostics {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        let _ = writeln!(out, "{}", deckard::sanitize::escape_multiline(&d.to_string()));
    }
    let cards = lib.card_count();
    let _ = writeln!(
        out,
        "{} deck(s), {cards} card(s): {errors} error(s), {warnings} warning(s)",
        lib.decks.len()
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn decks(lib: &Library) {
    println!("{:<28} {:>6}  title", "deck", "cards");
    for d in &lib.decks {
        println!("{:<28} {:>6}  {}", escape(&d.id), d.cards.len(), escape(&d.title));
    }
}

/// `deckard judge`: one line per answer, plain or JSON.
fn judge(lib: &Library, key: &str, answers: &[String], json: bool) -> Result<ExitCode, Failure> {
    let Some((_, card)) = lib.card(key) else {
        let keys: Vec<String> = lib
            .decks
            .iter()
            .flat_map(|d| d.cards.iter().map(move |c| format!("{}/{}", d.id, c.id)))
            .collect();
        let names: Vec<&str> = keys.iter().map(String::as_str).collect();
        let f = Failure::input(format!("no card `{}`", escape(key)));
        return Err(match deck::closest(key, &names) {
            Some(c) => f.hint(format!("did you mean `{}`?", escape(c))),
            None => f.hint("cards are named deck-id/card-id; `deckard decks` lists the decks"),
        });
    };
    for given in answers {
        let v = deckard::answer::judge(card, given);
        if json {
            let line = serde_json::json!({
                "card": key,
                "given": escape(given),
                "verdict": v.outcome.name(),
                "score": v.score,
                "reason": v.reason,
                "canonical": v.canonical,
            });
            println!("{line}");
        } else {
            println!(
                "{:<7} {:.2}  {}  ({}; answer: {})",
                v.outcome.name(),
                v.score,
                escape(given),
                escape(&v.reason),
                escape(&v.canonical)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
