//! The `deckard` binary: the command line, the terminal front end and the one error type.
//!
//! `main` only maps the result of [`run`] to an exit status; `run` is one `match` over the
//! subcommands. Each command group has its own file; none of them imports from another's
//! parent, so the modules form a tree: `args` (clap definitions), `ctx` (what commands share),
//! `error` and `out` (errors, printing, warnings), the commands, and `repl` (the loop).

mod add;
mod anki;
mod args;
mod author;
mod cards;
mod commands;
mod ctx;
mod edit;
mod edit_card;
mod error;
mod inspect;
mod optimize;
pub(crate) mod out;
mod repl;
mod stats;
mod sync;
pub(crate) mod term;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use args::{Cli, Command, ProgressCommand, SyncCommand};
use ctx::Ctx;
use error::CliError;
use out::out;

/// The message of a panic, kept by the hook for the error report.
static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Parses the command line, runs the command and maps its result to an exit status.
pub fn main() -> ExitCode {
    let cli = match command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    commands::ignore_file_size_signal();
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

/// The command line's definition, where a `DECKARD_*` variable set to the empty string counts
/// as unset (as `NO_COLOR=` does), instead of being a flag given no value.
fn command() -> clap::Command {
    Cli::command().mut_args(|arg| {
        let empty = arg
            .get_env()
            .and_then(std::env::var_os)
            .is_some_and(|v| v.is_empty());
        if empty { arg.env(None) } else { arg }
    })
}

fn run(mut cli: Cli) -> Result<ExitCode, CliError> {
    // Bare `deckard` shows what is due and the command to run; it does not start a session
    // by itself, so typing it to look never records anything.
    let Some(command) = cli.command.take() else {
        let lib = ctx::load_valid(&cli)?;
        let ctx = Ctx::new(&cli)?;
        commands::status(&lib, &ctx)?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::Check { ref paths } => {
            let in_use = paths.is_empty();
            let lib = if in_use {
                ctx::load(&cli)?
            } else {
                deckard::deck::load_paths(paths)
            };
            let mut code = inspect::check(&lib);
            // For the decks in use, also say which studied cards no deck holds any more, and
            // which `[deck.<id>]` settings name no deck in use.
            if in_use && let Ok(ctx) = Ctx::new(&cli) {
                commands::report_orphans(&lib, &ctx);
                if cards::report_unknown_decks(&lib, &ctx) {
                    code = ExitCode::from(1);
                }
            }
            Ok(code)
        }
        Command::Decks { orphans } => {
            let lib = ctx::load_valid(&cli)?;
            let ctx = Ctx::new(&cli)?;
            cards::warn_unknown_decks(&lib, &ctx);
            commands::decks(&lib, &ctx, orphans)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Study {
            deck: ref decks,
            ref tags,
            new,
            limit,
            ref query,
        } => {
            let lib = ctx::load_valid(&cli)?;
            let ctx = Ctx::new(&cli)?;
            let mut selection = ctx::selection(&lib, decks, tags, &[])?;
            if let Some(q) = query {
                selection = cards::narrow(&lib, &ctx, selection, q)?;
            }
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
            ref query,
        } => {
            let ctx = Ctx::new(&cli)?;
            if history {
                commands::quiz_history(&ctx, json)?;
                return Ok(ExitCode::SUCCESS);
            }
            let lib = ctx::load_valid(&cli)?;
            let mut selection = ctx::selection(&lib, decks, tags, kinds)?;
            if let Some(q) = query {
                selection = cards::narrow(&lib, &ctx, selection, q)?;
            }
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
        Command::Stats {
            deck: ref decks,
            ref tags,
            days,
            json,
            ref html,
        } => {
            let lib = ctx::load_valid(&cli)?;
            let ctx = Ctx::new(&cli)?;
            let options = stats::Options {
                selection: ctx::selection(&lib, decks, tags, &[])?,
                days,
                json,
                html: html.as_deref(),
            };
            stats::run(&lib, &ctx, &options)
        }
        Command::Show { ref key } => {
            let lib = ctx::load_valid(&cli)?;
            let ctx = Ctx::new(&cli)?;
            commands::show(&lib, &ctx, key)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge { ref other, renumber } => {
            let ctx = Ctx::new(&cli)?;
            commands::merge(&ctx, other, renumber)?;
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
            days,
        } => {
            let days = match days {
                args::ReplayDays::Elapsed => deckard::schedule::DayCount::Elapsed,
                // The same rule as study: the learner's rollover hour and time zone.
                args::ReplayDays::Rollover => Ctx::new(&cli)?.settings.schedule.days,
            };
            inspect::replay(&file, params, retention, max_interval, days)
        }
        Command::New { path, title, id } => author::new(&path, title.as_deref(), id.as_deref()),
        Command::Fmt { paths, check } => author::fmt(&paths, &cli.decks, check),
        Command::Import {
            ref file,
            ref to,
            ref format,
            ..
        } if matches!(format.as_deref(), Some("apkg" | "colpkg"))
            || (format.is_none() && anki::is_package(file)) =>
        {
            anki::import(
                file,
                to,
                &Ctx::new(&cli)?,
                cli.config.clone().or_else(deckard::config::default_path),
                &anki::Decks {
                    in_use: &ctx::in_use(&cli)?,
                    by_flag: !cli.decks.is_empty(),
                },
            )
        }
        Command::Import {
            file,
            to,
            format,
            deck_id,
            term_sep,
            card_sep,
            delimiter,
        } => author::import(&author::ImportArgs {
            file: &file,
            to: &to,
            format: format.as_deref(),
            deck_id: deck_id.as_deref(),
            term_sep: &term_sep,
            card_sep: &card_sep,
            delimiter: delimiter.as_deref(),
        }),
        Command::Export {
            ref deck,
            ref format,
            ref output,
            force,
            with_history,
        } if format == "apkg" => {
            // The package is written whole by the exporter; refuse to replace a file unasked.
            if let Some(o) = output
                && o.exists()
                && !force
            {
                return Err(author::exists(o));
            }
            anki::export(
                deck,
                output.as_deref(),
                with_history,
                &cli.decks,
                &Ctx::new(&cli)?,
            )
        }
        Command::Export {
            deck,
            format,
            output,
            force,
            ..
        } => author::export(&deck, &format, output.as_deref(), force, &cli.decks),
        Command::Draft { text_file, to } => author::draft(&text_file, to.as_deref()),
        Command::Add { deck_file } => add::run(&deck_file),
        Command::Optimize {
            ref deck,
            write,
            retention,
            json,
        } => optimize::run(&cli, deck, write, retention, json),
        Command::Judge {
            ref card,
            ref answers,
            json,
        } => inspect::judge(&ctx::load_valid(&cli)?, card, answers, json),
        Command::Cards {
            ref query,
            sort,
            json,
        } => {
            let lib = ctx::load_valid(&cli)?;
            let ctx = Ctx::new(&cli)?;
            cards::cards(&lib, &ctx, query.as_deref(), sort, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Suspend(ref t)
        | Command::Unsuspend(ref t)
        | Command::Unbury(ref t)
        | Command::Reset(ref t) => {
            let action = match &command {
                Command::Suspend(_) => cards::Action::Suspend,
                Command::Unsuspend(_) => cards::Action::Unsuspend,
                Command::Unbury(_) => cards::Action::Unbury,
                _ => cards::Action::Reset,
            };
            let lib = ctx::load_valid(&cli)?;
            let ctx = Ctx::new(&cli)?;
            cards::change(&lib, &ctx, action, &t.targets, t.yes)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Reschedule {
            ref targets,
            days,
            ref date,
        } => {
            let lib = ctx::load_valid(&cli)?;
            let ctx = Ctx::new(&cli)?;
            let due = cards::due_time(&ctx, days, date.as_deref())?;
            cards::change(
                &lib,
                &ctx,
                cards::Action::Reschedule(due),
                &targets.targets,
                targets.yes,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Edit { ref key } => edit_card::edit_card(&ctx::load(&cli)?, key),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "deckard",
                &mut buf,
            );
            out!("{}", String::from_utf8_lossy(&buf));
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut buf)
                .map_err(|e| CliError::io_named("the manual page", &e))?;
            out!("{}", String::from_utf8_lossy(&buf));
            Ok(ExitCode::SUCCESS)
        }
    }
}
