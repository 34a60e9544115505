//! The command line: every subcommand and flag, as clap definitions (no behaviour here).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// deckard: study TOML question decks with spaced repetition, run timed quizzes, write decks.
#[derive(Parser, Debug)]
#[command(
    name = "deckard",
    version,
    about,
    propagate_version = true,
    after_help = "Without a command, deckard says what is due now (or when the next card is) and the command to run."
)]
pub struct Cli {
    /// Deck files or folders to use instead of the bundled decks (and the settings' `decks`).
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

    /// Pretend the time is this, for replays and tests: 2026-03-01T09:00:00Z, a local
    /// 2026-03-01T09:00, or a date (2026-03-01, meaning noon local time).
    #[arg(long, global = true, value_name = "TIME", env = "DECKARD_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,

    /// Seed for every random choice (quiz draws, choice order, event ids).
    #[arg(long, global = true, value_name = "N", env = "DECKARD_SEED")]
    pub seed: Option<u64>,

    /// Without a command: what is due now and the command to run.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Parses `--now`: an instant with an offset, a local date and time, or a local date (noon,
/// safely inside that study day whatever hour the day starts at).
pub fn parse_now(s: &str) -> Result<jiff::Timestamp, String> {
    let tz = jiff::tz::TimeZone::system();
    // A date alone first: jiff would otherwise read it as midnight UTC.
    if let Ok(d) = s.parse::<jiff::civil::Date>()
        && !s.contains(['T', 't', ' '])
    {
        return d
            .at(12, 0, 0, 0)
            .to_zoned(tz)
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string());
    }
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let local = s.parse::<jiff::civil::DateTime>().ok();
    local
        .and_then(|dt| dt.to_zoned(tz).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            format!(
                "`{}` is not a time; use 2026-03-01T09:00:00Z, 2026-03-01T09:00 (local) or 2026-03-01 (noon local)",
                deckard::sanitize::escape(s)
            )
        })
}

/// The cards a card command changes, and its confirmation.
#[derive(clap::Args, Debug)]
pub struct Targets {
    /// A search (quote it: 'tag:x is:new'; one that starts with `-` goes after `--`) or one or
    /// more DECK/CARD keys.
    #[arg(required = true, value_name = "QUERY|DECK/CARD")]
    pub targets: Vec<String>,
    /// Change the cards without asking (needed when standard input is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate decks: print every problem as file:line:col, exit 1 on any error.
    #[command(display_order = 13)]
    Check {
        /// Deck files or folders (default: the decks in use).
        paths: Vec<PathBuf>,
    },
    /// List the decks in use with card, new and due counts.
    #[command(display_order = 4)]
    Decks {
        /// List the studied cards that no deck holds any more, one key a line.
        #[arg(long)]
        orphans: bool,
    },
    /// Replay an FSRS review log (card_id,review_time,review_rating CSV) through the FSRS-6
    /// memory model; print one JSON object per review.
    #[command(display_order = 25)]
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
        /// How days between reviews are counted: `rollover`, study days starting at the
        /// `day_starts_at` hour in your time zone (as `deckard study` and Anki count them), or
        /// `elapsed`, whole 24-hour periods (as py-fsrs counts them).
        #[arg(long, value_enum, default_value = "rollover")]
        days: ReplayDays,
    },
    /// The daily session: due reviews, then new cards.
    #[command(display_order = 1)]
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
        /// Only the cards this search matches now (see `deckard cards`), e.g. 'is:leech'.
        #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
    },
    /// A timed quiz with a score report.
    #[command(display_order = 2)]
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
        /// Only the cards this search matches now (see `deckard cards`), e.g. 'tag:capitals'.
        #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
    },
    /// List cards matching a search: deck/id, kind, state, due, interval, lapses, prompt.
    ///
    /// QUERY as in Anki: words, "phrases", deck:ID (with *), tag:T, is:new|learning|review|due|
    /// suspended|buried|leech|draft, prop:ivl>=30, prop:r<0.8, rated:7, -negation, or, (…).
    #[command(display_order = 5)]
    Cards {
        /// The search (default: every card); docs/search.md describes it.
        #[arg(allow_hyphen_values = true)]
        query: Option<String>,
        /// The order of the list.
        #[arg(long, value_enum, default_value = "added")]
        sort: crate::cli::cards::SortKey,
        /// One JSON object per card and line, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Keep cards out of every session until `unsuspend` (an event in the progress log).
    #[command(display_order = 7)]
    Suspend(Targets),
    /// Bring suspended cards back.
    #[command(display_order = 8)]
    Unsuspend(Targets),
    /// Undo the `:skip` that buried cards until tomorrow: they come back today.
    #[command(display_order = 9)]
    Unbury(Targets),
    /// Forget cards: new again, their history kept in the log.
    #[command(display_order = 10)]
    Reset(Targets),
    /// Make cards due on a day, keeping their memory state.
    #[command(display_order = 11)]
    Reschedule {
        #[command(flatten)]
        targets: Targets,
        /// Due this many days from today (0: today).
        #[arg(
            long,
            value_name = "N",
            conflicts_with = "date",
            required_unless_present = "date"
        )]
        days: Option<u32>,
        /// Due on this date (YYYY-MM-DD), from the hour the study day starts.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Open a card's deck file in $VISUAL or $EDITOR at the card's line, then check the file.
    #[command(display_order = 15)]
    Edit {
        /// DECK/CARD
        key: String,
    },
    /// Print a shell completion script: `deckard completions bash > ~/.local/share/bash-completion/completions/deckard`.
    #[command(display_order = 26)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `deckard man > ~/.local/share/man/man1/deckard.1`.
    #[command(display_order = 27)]
    Man,
    /// Statistics: today, answers per day and streaks, a forecast, true retention, card
    /// states, per deck and per tag, quiz scores.
    #[command(display_order = 3)]
    Stats {
        /// Only these decks (repeatable).
        #[arg(long = "deck", value_name = "ID")]
        deck: Vec<String>,
        /// Only cards with one of these tags (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Days of history covered (calendar, retention, per-deck figures, quizzes).
        #[arg(long, value_name = "N", default_value_t = 365,
              value_parser = clap::value_parser!(u32).range(1..=i64::from(deckard::stats::MAX_DAYS)))]
        days: u32,
        /// Print every figure as one JSON document (schema: docs/stats-json.md).
        #[arg(long)]
        json: bool,
        /// Write a self-contained HTML report to FILE.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// A card with its review history and memory state.
    #[command(display_order = 6)]
    Show {
        /// DECK/CARD
        key: String,
    },
    /// Merge another device's progress log into this one.
    #[command(display_order = 22)]
    Merge {
        /// The other log.
        other: PathBuf,
        /// When the logs hold different events under one id, move one of the two to a new id
        /// (the same choice whichever log is merged into which) instead of refusing.
        #[arg(long)]
        renumber: bool,
    },
    /// A progress folder shared by several devices: what each device wrote, what is unread.
    #[command(display_order = 23)]
    Sync {
        #[command(subcommand)]
        command: SyncCommand,
    },
    /// The progress log itself: move it into a progress folder.
    #[command(display_order = 24)]
    Progress {
        #[command(subcommand)]
        command: ProgressCommand,
    },
    /// Create a deck file with a commented example of every card kind.
    #[command(display_order = 16)]
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
    #[command(display_order = 18)]
    Fmt {
        /// Deck files or folders (default: --decks).
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that would change and exit 1 if any would.
        #[arg(long)]
        check: bool,
    },
    /// Convert cards from CSV/TSV, Anki plain text, Quizlet or GIFT into a deck file, or an
    /// Anki package (.apkg, .colpkg) with its review history into a folder of deck files.
    #[command(display_order = 19)]
    Import {
        /// The file to import.
        file: PathBuf,
        /// The deck file to create or append to (a folder for an Anki package).
        #[arg(long, value_name = "DECK_FILE|DIR")]
        to: PathBuf,
        /// The input format (default: guessed from the name and content).
        #[arg(long, value_parser = ["csv", "tsv", "anki", "quizlet", "gift", "apkg", "colpkg"])]
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
        /// CSV, TSV and Anki text: the field separator (`comma`, `semicolon`, `tab`, or one
        /// character); default: detected from the file.
        #[arg(long, value_name = "SEP")]
        delimiter: Option<String>,
    },
    /// Write a deck as CSV, Anki plain text, Moodle GIFT or an Anki package (.apkg).
    #[command(display_order = 20)]
    Export {
        /// A deck id from the decks in use, or a deck file.
        deck: String,
        /// The output format.
        #[arg(long, value_parser = ["csv", "anki-txt", "gift", "apkg"])]
        format: String,
        /// Write to this file instead of standard output (a new file unless --force).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Let -o replace an existing file (never the deck being exported).
        #[arg(long, requires = "output")]
        force: bool,
        /// apkg: carry the review history and due dates from the progress log.
        #[arg(long)]
        with_history: bool,
    },
    /// Draft candidate cards from a plain-text document, marked `draft = true` for review.
    #[command(display_order = 21)]
    Draft {
        /// The text document.
        text_file: PathBuf,
        /// Append the drafts to this deck file (default: print a deck).
        #[arg(long, value_name = "DECK_FILE")]
        to: Option<PathBuf>,
    },
    /// Add cards to a deck file interactively (prompts on a terminal, lines from a pipe).
    #[command(display_order = 17)]
    Add {
        /// The deck file (created if missing).
        deck_file: PathBuf,
    },
    /// Fit FSRS-6 parameters to your reviews and compare them with the current ones on your
    /// latest reviews; store them with --write.
    #[command(display_order = 12)]
    Optimize {
        /// Fit only the reviews of these decks and, with --write, store the parameters in
        /// their [deck.<id>] tables (repeatable).
        #[arg(long = "deck", value_name = "ID")]
        deck: Vec<String>,
        /// Store the fitted parameters in config.toml (comments and other keys are kept).
        #[arg(long)]
        write: bool,
        /// Also simulate a year of study to find the desired retention that costs least.
        #[arg(long)]
        retention: bool,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Judge answers to one card as a quiz would: verdict, score and reason for each answer.
    #[command(display_order = 14)]
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

/// How `deckard replay` counts the days between reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReplayDays {
    /// Study days past the `day_starts_at` hour in the learner's time zone.
    Rollover,
    /// Whole 24-hour periods.
    Elapsed,
}
