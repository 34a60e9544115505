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
    /// Create a deck file with a commented example of every card kind.
    New {
        /// The deck file to create (never overwritten).
        path: PathBuf,
        /// The deck's title (default: from the file name).
        #[arg(long)]
        title: Option<String>,
        /// The deck's id (default: from the file name).
        #[arg(long)]
        id: Option<String>,
    },
    /// Rewrite deck files in the canonical layout, keeping comments; add missing card ids.
    Fmt {
        /// Deck files or folders (default: --decks).
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that would change and exit 1 if any would.
        #[arg(long)]
        check: bool,
    },
    /// Convert cards from CSV/TSV, Anki plain text, Quizlet or GIFT into a deck file.
    Import {
        /// The file to import.
        file: PathBuf,
        /// The deck file to create or append to.
        #[arg(long, value_name = "DECK_FILE")]
        to: PathBuf,
        /// The input format (default: guessed from the name and content).
        #[arg(long, value_parser = ["csv", "tsv", "anki", "quizlet", "gift"])]
        format: Option<String>,
        /// The id of a new deck (default: from the deck file name).
        #[arg(long, value_name = "ID")]
        deck_id: Option<String>,
        /// Quizlet: what separates a term from its definition (`tab`, `comma`, or text).
        #[arg(long, default_value = "tab", value_name = "SEP")]
        term_sep: String,
        /// Quizlet: what separates cards (`newline`, `semicolon`, or text).
        #[arg(long, default_value = "newline", value_name = "SEP")]
        card_sep: String,
    },
    /// Write a deck as CSV, Anki plain text or Moodle GIFT.
    Export {
        /// A deck id from the decks in use, or a deck file.
        deck: String,
        /// The output format.
        #[arg(long, value_parser = ["csv", "anki-txt", "gift"])]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Draft candidate cards from a plain-text document, marked `draft = true` for review.
    Draft {
        /// The text document.
        text_file: PathBuf,
        /// Append the drafts to this deck file (default: print a deck).
        #[arg(long, value_name = "DECK_FILE")]
        to: Option<PathBuf>,
    },
    /// Add cards to a deck file interactively (prompts on a terminal, lines from a pipe).
    Add {
        /// The deck file (created if missing).
        deck_file: PathBuf,
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
        Command::New { path, title, id } => crate::author_cli::new(&path, title.as_deref(), id.as_deref()),
        Command::Fmt { paths, check } => crate::author_cli::fmt(&paths, &cli.decks, check),
        Command::Import {
            file,
            to,
            format,
            deck_id,
            term_sep,
            card_sep,
        } => crate::author_cli::import(&crate::author_cli::ImportArgs {
            file: &file,
            to: &to,
            format: format.as_deref(),
            deck_id: deck_id.as_deref(),
            term_sep: &term_sep,
            card_sep: &card_sep,
        }),
        Command::Export { deck, format, output } => {
            crate::author_cli::export(&deck, &format, output.as_deref(), &cli.decks)
        }
        Command::Draft { text_file, to } => crate::author_cli::draft(&text_file, to.as_deref()),
        Command::Add { deck_file } => crate::add::run(&deck_file),
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
