//! Command-line definitions and dispatch: parse flags, load decks, run one subcommand, map
//! errors to exit codes (0 ok, 1 invalid input, 2 usage).

use std::path::PathBuf;
use std::process::ExitCode;

use anstream::eprintln;
use clap::{Parser, Subcommand};

use deckard::deck::{self, Library, Severity};
use deckard::sanitize::escape;

/// deckard: study TOML question decks with spaced repetition, run timed quizzes, write decks.
#[derive(Parser, Debug)]
#[command(name = "deckard", version, about, propagate_version = true)]
struct Cli {
    /// Deck files or folders to use instead of the bundled decks.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "DECKARD_DECKS",
        value_delimiter = ':'
    )]
    decks: Vec<PathBuf>,

    /// The progress log (default: under the OS data directory).
    #[arg(long, global = true, value_name = "FILE", env = "DECKARD_PROGRESS")]
    progress: Option<PathBuf>,

    /// The settings file (default: <config dir>/deckard/config.toml).
    #[arg(long, global = true, value_name = "FILE", env = "DECKARD_CONFIG")]
    config: Option<PathBuf>,

    /// Pretend the time is this (RFC 3339, e.g. 2026-03-01T09:00:00Z), for replays and tests.
    #[arg(long, global = true, value_name = "TIME", env = "DECKARD_NOW")]
    now: Option<jiff::Timestamp>,

    /// Seed for every random choice (quiz draws, choice order, event ids).
    #[arg(long, global = true, value_name = "N", env = "DECKARD_SEED")]
    seed: Option<u64>,

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
    /// List the decks in use with card, new and due counts.
    Decks,
    /// Replay an FSRS review log (card_id,review_time,review_rating CSV) through the FSRS-6
    /// memory model; print one JSON object per review.
    Replay {
        /// The CSV file (`-` for standard input).
        file: PathBuf,
        /// FSRS weights w0,…,w20 (or 19 FSRS-5 values); default: FSRS-6 defaults.
        #[arg(long, value_delimiter = ',', num_args = 1, allow_hyphen_values = true)]
        params: Option<Vec<f64>>,
        /// Desired retention for the intervals.
        #[arg(long, default_value_t = 0.9)]
        retention: f64,
        /// Longest interval in days.
        #[arg(long, value_name = "DAYS", default_value_t = 36500)]
        max_interval: u32,
    },
    /// The daily session: due reviews, then new cards.
    Study {
        /// Only these decks (repeatable).
        #[arg(long = "deck", value_name = "ID")]
        deck: Vec<String>,
        /// Only cards with one of these tags (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// New cards a day (default from the settings: 20).
        #[arg(long = "new", value_name = "N")]
        new: Option<usize>,
        /// Most answers in this session.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// A timed quiz with a score report.
    Quiz {
        /// Only these decks (repeatable).
        #[arg(long = "deck", value_name = "ID")]
        deck: Vec<String>,
        /// Only cards with one of these tags (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Only these kinds, e.g. choice,number.
        #[arg(long, value_delimiter = ',', value_name = "KINDS")]
        kinds: Vec<String>,
        /// Number of questions.
        #[arg(long, default_value_t = 20, value_name = "N")]
        count: usize,
        /// Time for the whole quiz (90s, 2m, 1m30s).
        #[arg(long, value_name = "DURATION")]
        time: Option<String>,
        /// Time for each question.
        #[arg(long = "per-question", value_name = "DURATION")]
        per_question: Option<String>,
        /// Wrong choice answers cost points.
        #[arg(long)]
        negative: bool,
        /// Allow :hint.
        #[arg(long)]
        hints: bool,
        /// Print the report as one JSON document.
        #[arg(long)]
        json: bool,
        /// Leave the study schedule untouched.
        #[arg(long = "no-reschedule")]
        no_reschedule: bool,
        /// List past quiz results instead of running a quiz.
        #[arg(long)]
        history: bool,
    },
    /// A card with its review history and memory state.
    Show {
        /// DECK/CARD
        key: String,
    },
    /// Merge another device's progress log into this one.
    Merge {
        /// The other log.
        other: PathBuf,
    },
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
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            code: 2,
        }
    }

    /// Adds a `hint:` line.
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
        Command::Check { ref paths } => {
            let in_use = paths.is_empty();
            let lib = if in_use {
                load(&cli.decks)
            } else {
                deck::load_paths(paths)
            };
            let code = crate::inspect::check(&lib);
            // For the decks in use, also say which studied cards no deck holds any more.
            if in_use && let Ok(ctx) = Ctx::new(&cli) {
                crate::commands::report_orphans(&lib, &ctx);
            }
            Ok(code)
        }
        Command::Decks => {
            let lib = load_valid(&cli.decks)?;
            let ctx = Ctx::new(&cli)?;
            crate::commands::decks(&lib, &ctx)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Study {
            deck: ref decks,
            ref tags,
            new,
            limit,
        } => {
            let lib = load_valid(&cli.decks)?;
            let ctx = Ctx::new(&cli)?;
            let selection = selection(&lib, decks, tags, &[])?;
            crate::commands::study(&lib, &ctx, selection, new, limit)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Quiz {
            deck: ref decks,
            ref tags,
            ref kinds,
            count,
            ref time,
            ref per_question,
            negative,
            hints,
            json,
            no_reschedule,
            history,
        } => {
            let ctx = Ctx::new(&cli)?;
            if history {
                crate::commands::quiz_history(&ctx)?;
                return Ok(ExitCode::SUCCESS);
            }
            let lib = load_valid(&cli.decks)?;
            let selection = selection(&lib, decks, tags, kinds)?;
            let dur = |s: &Option<String>, flag: &str| -> Result<Option<jiff::SignedDuration>, Failure> {
                s.as_deref()
                    .map(|s| {
                        deckard::schedule::parse_duration(s).map_err(|e| {
                            Failure::usage(format!("{flag}: {e}")).hint("durations look like 90s, 2m, 1m30s")
                        })
                    })
                    .transpose()
            };
            let options = deckard::session::quiz::QuizOptions {
                selection,
                count,
                seed: ctx.seed,
                total: dur(time, "--time")?,
                per_question: dur(per_question, "--per-question")?,
                negative,
            };
            crate::commands::quiz(&lib, &ctx, options, !no_reschedule, hints, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { ref key } => {
            let lib = load_valid(&cli.decks)?;
            let ctx = Ctx::new(&cli)?;
            crate::commands::show(&lib, &ctx, key)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge { ref other } => {
            let ctx = Ctx::new(&cli)?;
            crate::commands::merge(&ctx, other)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Replay {
            file,
            params,
            retention,
            max_interval,
        } => crate::inspect::replay(&file, params, retention, max_interval),
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
        Command::Judge { card, answers, json } => {
            crate::inspect::judge(&load_valid(&cli.decks)?, &card, &answers, json)
        }
    }
}

/// What every command that touches progress needs: the settings, the log's path, the clock.
pub struct Ctx {
    /// The learner's settings.
    pub settings: deckard::config::Settings,
    /// The progress log.
    pub progress: PathBuf,
    /// `--now`, if pinned.
    pub now: Option<jiff::Timestamp>,
    /// The seed (pinned or drawn from the OS).
    pub seed: u64,
    /// The local time zone (TZ is honoured).
    pub tz: jiff::tz::TimeZone,
    /// The derived cache (`DECKARD_CACHE`, empty to turn it off), and its writes still running.
    pub cache: Option<deckard::cache::Cache>,
    /// Cache writes running in the background; they finish when the command ends.
    pub pending: std::cell::RefCell<Vec<deckard::cache::Pending>>,
}

impl Ctx {
    fn new(cli: &Cli) -> Result<Ctx, Failure> {
        let config = cli.config.clone().or_else(deckard::config::default_path);
        let settings = match &config {
            Some(p) => deckard::config::Settings::load(p).map_err(|e| Failure::input(e.to_string()))?,
            None => deckard::config::Settings::default(),
        };
        let progress = cli
            .progress
            .clone()
            .or_else(deckard::store::default_path)
            .ok_or_else(|| {
                Failure::input("cannot find a data directory for the progress log")
                    .hint("pass --progress FILE or set DECKARD_PROGRESS")
            })?;
        let seed = cli.seed.unwrap_or_else(rand::random);
        Ok(Ctx {
            settings,
            progress,
            now: cli.now,
            seed,
            tz: jiff::tz::TimeZone::system(),
            cache: cache(),
            pending: Default::default(),
        })
    }

    /// The current time, or the pinned one.
    pub fn now(&self) -> jiff::Timestamp {
        self.now.unwrap_or_else(jiff::Timestamp::now)
    }
}

fn selection(
    lib: &Library,
    decks: &[String],
    tags: &[String],
    kinds: &[String],
) -> Result<deckard::session::Selection, Failure> {
    let mut parsed = Vec::new();
    for k in kinds {
        match deck::Kind::parse(k) {
            Some(kind) => parsed.push(kind),
            None => {
                let names: Vec<&str> = deck::Kind::ALL.iter().map(|k| k.name()).collect();
                return Err(Failure::usage(format!("unknown kind `{}`", escape(k)))
                    .hint(format!("kinds: {}", names.join(", "))));
            }
        }
    }
    let sel = deckard::session::Selection {
        decks: decks.to_vec(),
        tags: tags.to_vec(),
        kinds: parsed,
    };
    let unknown = sel.unknown(lib);
    if !unknown.is_empty() {
        let ids: Vec<&str> = lib.decks.iter().map(|d| d.id.as_str()).collect();
        return Err(
            Failure::usage(format!("no cards have {}", escape(&unknown.join(", "))))
                .hint(format!("decks in use: {}", ids.join(", "))),
        );
    }
    Ok(sel)
}

/// The derived cache: `DECKARD_CACHE` if set (empty turns the cache off), else the OS cache dir.
fn cache() -> Option<deckard::cache::Cache> {
    match std::env::var_os("DECKARD_CACHE") {
        Some(d) if d.is_empty() => None,
        Some(d) => Some(deckard::cache::Cache::new(d.into())),
        None => deckard::cache::Cache::default_dir().map(deckard::cache::Cache::new),
    }
}

fn load(paths: &[PathBuf]) -> Library {
    match (cache(), paths.is_empty()) {
        (Some(c), true) => c.load_bundled(),
        (Some(c), false) => c.load_paths(paths),
        (None, true) => deck::load_bundled(),
        (None, false) => deck::load_paths(paths),
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
