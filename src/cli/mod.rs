//! The `deckard` binary: the command line, the terminal front end and the one error type.
//!
//! `main` only maps the result of [`run`] to an exit status; `run` is one `match` over the
//! subcommands. Each command group has its own file; none of them imports from another's
//! parent, so the modules form a tree: `args` (clap definitions), `ctx` (what commands share),
//! `error` and `out` (errors, printing, warnings), the commands, and `repl` (the loop).

mod add;
mod args;
mod author;
mod commands;
mod ctx;
mod error;
mod inspect;
pub(crate) mod out;
mod repl;
mod sync;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, ProgressCommand, SyncCommand};
use ctx::Ctx;
use error::CliError;

/// The message of a panic, kept by the hook for the error report.
static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Parses the command line, runs the command and maps its result to an exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // A panic is a bug: say so in one line and exit 3, never with Rust's 101.
    std::panic::set_hook(Box::new(|info| {
        let mut slot = PANIC.lock().unwrap_or_else(|p| p.into_inner());
        *slot = Some(info.to_string());
    }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)))
        .unwrap_or_else(|_| {
            let what = PANIC.lock().ok().and_then(|mut s| s.take());
            Err(CliError::internal(
                what.unwrap_or_else(|| "unexpected panic".into()),
            ))
        })
        // Output that failed (a closed pipe, a full disk) decides the status even when the
        // command itself went on to succeed.
        .and_then(|code| out::status().map(|()| code));
    match result {
        Ok(code) => code,
        Err(e) => {
            e.report();
            e.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Check { ref paths } => {
            let in_use = paths.is_empty();
            let lib = if in_use {
                ctx::load(&cli.decks)
            } else {
                deckard::deck::load_paths(paths)
            };
            let code = inspect::check(&lib);
            // For the decks in use, also say which studied cards no deck holds any more.
            if in_use && let Ok(ctx) = Ctx::new(&cli) {
                commands::report_orphans(&lib, &ctx);
            }
            Ok(code)
        }
        Command::Decks => {
            let lib = ctx::load_valid(&cli.decks)?;
            let ctx = Ctx::new(&cli)?;
            commands::decks(&lib, &ctx)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Study {
            deck: ref decks,
            ref tags,
            new,
            limit,
        } => {
            let lib = ctx::load_valid(&cli.decks)?;
            let ctx = Ctx::new(&cli)?;
            let selection = ctx::selection(&lib, decks, tags, &[])?;
            commands::study(&lib, &ctx, selection, new, limit)?;
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
                commands::quiz_history(&ctx)?;
                return Ok(ExitCode::SUCCESS);
            }
            let lib = ctx::load_valid(&cli.decks)?;
            let selection = ctx::selection(&lib, decks, tags, kinds)?;
            let dur = |s: &Option<String>, flag: &str| -> Result<Option<jiff::SignedDuration>, CliError> {
                s.as_deref()
                    .map(|s| {
                        deckard::schedule::parse_duration(s).map_err(|e| {
                            CliError::usage(format!("{flag}: {e}")).hint("durations look like 90s, 2m, 1m30s")
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
            commands::quiz(&lib, &ctx, options, !no_reschedule, hints, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { ref key } => {
            let lib = ctx::load_valid(&cli.decks)?;
            let ctx = Ctx::new(&cli)?;
            commands::show(&lib, &ctx, key)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge { ref other } => {
            let ctx = Ctx::new(&cli)?;
            commands::merge(&ctx, other)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sync {
            command: SyncCommand::Status,
        } => {
            let ctx = Ctx::new(&cli)?;
            sync::status(&ctx)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Progress {
            command: ProgressCommand::Migrate { ref dir },
        } => {
            let ctx = Ctx::new(&cli)?;
            sync::migrate(&ctx, dir)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Replay {
            file,
            params,
            retention,
            max_interval,
        } => inspect::replay(&file, params, retention, max_interval),
        Command::New { path, title, id } => author::new(&path, title.as_deref(), id.as_deref()),
        Command::Fmt { paths, check } => author::fmt(&paths, &cli.decks, check),
        Command::Import {
            file,
            to,
            format,
            deck_id,
            term_sep,
            card_sep,
        } => author::import(&author::ImportArgs {
            file: &file,
            to: &to,
            format: format.as_deref(),
            deck_id: deck_id.as_deref(),
            term_sep: &term_sep,
            card_sep: &card_sep,
        }),
        Command::Export { deck, format, output } => {
            author::export(&deck, &format, output.as_deref(), &cli.decks)
        }
        Command::Draft { text_file, to } => author::draft(&text_file, to.as_deref()),
        Command::Add { deck_file } => add::run(&deck_file),
        Command::Judge { card, answers, json } => {
            inspect::judge(&ctx::load_valid(&cli.decks)?, &card, &answers, json)
        }
    }
}
