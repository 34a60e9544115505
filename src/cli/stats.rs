//! `deckard stats`: the statistics of [`deckard::stats`] on the terminal (Unicode charts fitted
//! to the width), as JSON (`--json`), or as a self-contained HTML page (`--html FILE`).

mod charts;
mod render;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use deckard::deck::Library;
use deckard::sanitize::escape;
use deckard::session::Selection;
use deckard::stats;

use crate::cli::ctx::Ctx;
use crate::cli::error::CliError;
use crate::cli::out::outln;

/// Narrowest layout drawn; a narrower `COLUMNS` is treated as this.
const MIN_WIDTH: usize = 40;

/// What `deckard stats` was asked for.
pub struct Options<'a> {
    /// Which cards count.
    pub selection: Selection,
    /// Days of history.
    pub days: u32,
    /// Print the JSON document.
    pub json: bool,
    /// Write the HTML page here.
    pub html: Option<&'a Path>,
}

/// Runs `deckard stats`.
pub fn run(lib: &Library, ctx: &Ctx, options: &Options<'_>) -> Result<ExitCode, CliError> {
    // The scheduler `study` uses, with each `[deck.<id>]` table's own.
    let sched = crate::cli::cards::scheduler(ctx)?;
    // Card states through the start-up cache, as `study` reads them (a renamed card's history
    // folded onto its new key); the answer times are read from the log itself (its warnings
    // were shown with the states).
    let progress = crate::cli::commands::read_progress(ctx, &sched, &lib.renames())?;
    let events = ctx.source.read()?.events.into_vec();
    let s = stats::compute(&stats::Input {
        lib,
        selection: &options.selection,
        progress: &progress,
        events: &events,
        sched: &sched,
        tz: &ctx.tz,
        day_starts_at: ctx.settings.day_starts_at,
        now: ctx.now(),
        days: options.days,
    });
    if let Some(path) = options.html {
        // A reader (a browser reloading) sees the old page or the new, never half of one.
        deckard::fsio::write_atomic(path, stats::html::render(&s).as_bytes())
            .map_err(|e| CliError::io(path, &e))?;
        if !options.json {
            outln!("wrote {}", escape(&path.display().to_string()));
        }
    }
    if options.json {
        let text = serde_json::to_string_pretty(&s).map_err(|e| CliError::internal(e.to_string()))?;
        outln!("{text}");
    } else if options.html.is_none() {
        for line in render::render(&s, terminal_width()) {
            outln!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `COLUMNS` when set, else the terminal's width, else 80.
fn terminal_width() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|&w| w > 0);
    let from_terminal = || {
        std::io::stdout()
            .is_terminal()
            .then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, _)| usize::from(w.0))
    };
    from_env.or_else(from_terminal).unwrap_or(80).max(MIN_WIDTH)
}
