//! The subcommands that work on the learner's progress: wiring library pieces to the terminal.

use std::path::Path;

use crate::cli::out::{outln, warn};
use deckard::deck::Library;
use deckard::progress::{Progress, Renames};
use deckard::sanitize::escape;
use deckard::schedule::{Phase, Scheduler, format_interval};
use deckard::session::quiz::{Quiz, QuizOptions};
use deckard::session::{Day, Selection, Study, StudyOptions};
use deckard::store::{self, ProgressSource, Store};

use crate::cli::ctx::Ctx;
use crate::cli::error::CliError;
use crate::cli::repl::quiz::QuizRun;
use crate::cli::repl::study::StudyRun;

fn scheduler(ctx: &Ctx) -> Result<Scheduler, CliError> {
    Scheduler::new(ctx.settings.schedule.clone()).map_err(|e| CliError::input(e.to_string()))
}

/// Reads the progress without locking it (for read-only commands); a missing log is empty.
fn read_progress(ctx: &Ctx, sched: &Scheduler, renames: &Renames) -> Result<Progress, CliError> {
    moved_away(ctx)?;
    let read = ctx.source.read()?;
    for w in &read.warnings {
        warn(w);
    }
    Ok(Progress::replay_renamed(&read.events, sched, renames))
}

/// Opens the progress for writing (this device's log locked), replaying it.
fn open_progress(ctx: &Ctx, sched: &Scheduler, renames: &Renames) -> Result<(Store, Progress), CliError> {
    moved_away(ctx)?;
    let opened = ctx.source.open()?;
    for w in &opened.warnings {
        warn(w);
    }
    let progress = Progress::replay_renamed(&opened.events, sched, renames);
    Ok((opened.store, progress))
}

/// Refuses a single log that `deckard progress migrate` moved into a folder: starting a new,
/// empty log in its place would hide the learner's history.
fn moved_away(ctx: &Ctx) -> Result<(), CliError> {
    let ProgressSource::File(path) = &ctx.source else {
        return Ok(());
    };
    let Some(migrated) = store::migrated_copy(path).filter(|_| !path.exists()) else {
        return Ok(());
    };
    Err(CliError::input(format!(
        "{} was moved into a progress folder by `deckard progress migrate` (the old copy is {})",
        path.display(),
        migrated.display()
    ))
    .hint("use the folder: set progress = \"DIR/\" in config.toml, or pass --progress DIR/"))
}

/// `deckard decks`: card, new and due counts per deck, and orphaned history.
pub fn decks(lib: &Library, ctx: &Ctx) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched, &lib.renames())?;
    let now = ctx.now();
    let day = Day::containing(now, &ctx.tz, ctx.settings.day_starts_at);
    outln!("{:<24} {:>6} {:>6} {:>6}  title", "deck", "cards", "new", "due");
    for d in &lib.decks {
        let (mut new, mut due) = (0, 0);
        for c in &d.cards {
            let s = progress.state(&format!("{}/{}", d.id, c.id));
            match s.phase {
                Phase::New => new += 1,
                _ if s.due.is_some_and(|t| t < day.end) => due += 1,
                _ => {}
            }
        }
        outln!(
            "{:<24} {:>6} {:>6} {:>6}  {}",
            escape(&d.id),
            d.cards.len(),
            new,
            due,
            escape(&d.title)
        );
    }
    print_orphans(lib, &progress);
    Ok(())
}

/// Lists studied cards that no deck in use holds (their history stays in the log).
pub fn report_orphans(lib: &Library, ctx: &Ctx) {
    let Ok(sched) = scheduler(ctx) else { return };
    if let Ok(progress) = read_progress(ctx, &sched, &lib.renames()) {
        print_orphans(lib, &progress);
    }
}

fn print_orphans(lib: &Library, progress: &Progress) {
    let orphans = orphans(lib, progress);
    if !orphans.is_empty() {
        outln!(
            "note: {} studied card(s) are in no deck any more (history kept in the log): {}",
            orphans.len(),
            escape(&orphans.join(", "))
        );
    }
}

/// Keys with history whose card is gone from the decks.
pub fn orphans(lib: &Library, progress: &Progress) -> Vec<String> {
    let mut v: Vec<String> = progress
        .keys()
        .filter(|k| lib.card(k).is_none())
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

/// `deckard study`.
pub fn study(
    lib: &Library,
    ctx: &Ctx,
    selection: Selection,
    new: Option<usize>,
    limit: Option<usize>,
) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    let (store, progress) = open_progress(ctx, &sched, &lib.renames())?;
    let now = ctx.now();
    let day = Day::containing(now, &ctx.tz, ctx.settings.day_starts_at);
    let options = StudyOptions {
        selection: selection.clone(),
        new_per_day: new.unwrap_or(ctx.settings.new_per_day),
        limit: limit.or(ctx.settings.reviews_per_day),
    };
    let study = Study::new(lib, &sched, progress, &options, day, now);
    let clock = || ctx.now();
    let ids = store.id_gen(ctx.seed);
    StudyRun {
        study,
        store,
        ids,
        clock: &clock,
        seed: ctx.seed,
        selection,
        tomorrow: day.next(&ctx.tz, ctx.settings.day_starts_at),
    }
    .run()?;
    Ok(())
}

/// `deckard quiz`.
pub fn quiz(
    lib: &Library,
    ctx: &Ctx,
    options: QuizOptions,
    reschedule: bool,
    hints: bool,
    json: bool,
) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    let (store, progress) = open_progress(ctx, &sched, &lib.renames())?;
    let quiz = Quiz::new(lib, options);
    if quiz.questions.is_empty() {
        return Err(CliError::input("no questions match").hint("widen --deck, --tag or --kinds"));
    }
    let clock = || ctx.now();
    let ids = store.id_gen(ctx.seed);
    QuizRun {
        quiz,
        progress: &progress,
        store,
        ids,
        clock: &clock,
        reschedule,
        hints,
        json,
    }
    .run()?;
    Ok(())
}

/// `deckard quiz --history`.
pub fn quiz_history(ctx: &Ctx) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched, &Renames::new())?;
    if progress.quizzes().is_empty() {
        outln!("no quizzes yet");
        return Ok(());
    }
    outln!("{:<20} {:>7} {:>9}  decks", "date", "score", "percent");
    for (t, q) in progress.quizzes() {
        let pct = if q.max_score > 0.0 {
            100.0 * q.score / q.max_score
        } else {
            0.0
        };
        outln!(
            "{:<20} {:>7} {:>8.1}%  {}",
            t.strftime("%Y-%m-%d %H:%M").to_string(),
            format!("{}/{}", q.score, q.max_score),
            pct,
            escape(&q.decks.join(", "))
        );
    }
    Ok(())
}

/// `deckard show DECK/CARD`.
pub fn show(lib: &Library, ctx: &Ctx, key: &str) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched, &lib.renames())?;
    let Some((deck, card)) = lib.card(key) else {
        return Err(CliError::input(format!("no card `{}`", escape(key)))
            .hint("keys look like deck-id/card-id; `deckard decks` lists the decks"));
    };
    crate::cli::repl::print_question(card, &deckard::answer::unshuffled(card));
    outln!("answer: {}", escape(&card.canonical()));
    if let Some(e) = &card.explain {
        outln!("explain: {}", escape(e));
    }
    if let Some(s) = crate::cli::repl::source_line(deck, card) {
        outln!("{s}");
    }
    outln!("defined at {}", escape(&crate::cli::repl::edit_line(deck, card)));
    let now = ctx.now();
    let Some(p) = progress.get(key) else {
        outln!("never studied");
        return Ok(());
    };
    outln!();
    outln!(
        "{:<20} {:<6} {:<8} {:<6} interval",
        "date",
        "rating",
        "verdict",
        "mode"
    );
    for h in &p.history {
        outln!(
            "{:<20} {:<6} {:<8} {:<6} {}",
            h.time.strftime("%Y-%m-%d %H:%M").to_string(),
            h.rating.name(),
            h.verdict.unwrap_or("-"),
            if h.mode == store::Mode::Quiz {
                "quiz"
            } else {
                "study"
            },
            if h.reschedule {
                format_interval(h.interval)
            } else {
                "-".into()
            }
        );
    }
    let s = &p.state;
    outln!();
    outln!(
        "state: {:?}, {} review(s), {} lapse(s){}",
        s.phase,
        s.reps,
        s.lapses,
        if s.leech { ", leech" } else { "" }
    );
    if s.phase != Phase::New {
        outln!(
            "stability: {:.2} days · difficulty: {:.2}",
            s.stability,
            s.difficulty
        );
        if let Some(r) = sched.retrievability(s, now) {
            outln!("retrievability now: {:.1}%", 100.0 * r);
        }
        if let Some(d) = s.due {
            outln!("due: {}", d.strftime("%Y-%m-%d %H:%M UTC"));
        }
    }
    Ok(())
}

/// `deckard merge OTHER`.
pub fn merge(ctx: &Ctx, other: &Path) -> Result<(), CliError> {
    moved_away(ctx)?;
    let report = store::merge(&ctx.progress, other)?;
    for w in &report.warnings {
        warn(w);
    }
    outln!(
        "merged {}: {} new event(s), {} already present",
        escape(&other.display().to_string()),
        report.added,
        report.already
    );
    Ok(())
}
