//! The command line: every subcommand and flag, as clap definitions (no behaviour here).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// deckard: study TOML question decks with spaced repetition, run timed quizzes, write decks.
#[derive(Parser, Debug)]
#[command(name = "deckard", version, about, propagate_version = true)]
pub struct Cli {
    /// Deck files or folders to use instead of the bundled decks.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "DECKARD_DECKS",
        value_delimiter = ':'
    )]
    pub decks: Vec<PathBuf>,

    /// The progress log (default: under the OS data directory), or a progress folder shared
    /// by several devices: a path ending in / or an existing folder (one log per device).
    #[arg(long, global = true, value_name = "FILE|DIR/", env = "DECKARD_PROGRESS")]
    pub progress: Option<PathBuf>,

    /// The settings file (default: <config dir>/deckard/config.toml).
    #[arg(long, global = true, value_name = "FILE", env = "DECKARD_CONFIG")]
    pub config: Option<PathBuf>,

    /// Pretend the time is this (RFC 3339, e.g. 2026-03-01T09:00:00Z), for replays and tests.
    #[arg(long, global = true, value_name = "TIME", env = "DECKARD_NOW")]
    pub now: Option<jiff::Timestamp>,

    /// Seed for every random choice (quiz draws, choice order, event ids).
    #[arg(long, global = true, value_name = "N", env = "DECKARD_SEED")]
    pub seed: Option<u64>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
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
    /// A progress folder shared by several devices: what each device wrote, what is unread.
    Sync {
        #[command(subcommand)]
        command: SyncCommand,
    },
    /// The progress log itself: move it into a progress folder.
    Progress {
        #[command(subcommand)]
        command: ProgressCommand,
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

/// `deckard sync …`
#[derive(Subcommand, Debug)]
pub enum SyncCommand {
    /// The devices seen in the progress folder, the last event of each, anything unread, and
    /// settings this device overrides.
    Status,
}

/// `deckard progress …`
#[derive(Subcommand, Debug)]
pub enum ProgressCommand {
    /// Move the single progress log into a progress folder as this device's log, and point
    /// config.toml at the folder.
    Migrate {
        /// The progress folder (created if missing), e.g. ~/Sync/deckard/.
        dir: PathBuf,
    },
}
