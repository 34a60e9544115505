//! The subcommands that work on the learner's progress: wiring library pieces to the terminal.

use std::path::Path;

use anstream::{eprintln, println};
use deckard::deck::Library;
use deckard::progress::Progress;
use deckard::sanitize::escape;
use deckard::schedule::{Phase, Scheduler, format_interval};
use deckard::session::quiz::{Quiz, QuizOptions};
use deckard::session::{Day, Selection, Study, StudyOptions};
use deckard::store::{self, Store};

use crate::cli::{Ctx, Failure};
use crate::repl::quiz::QuizRun;
use crate::repl::study::StudyRun;

impl From<store::StoreError> for Failure {
    fn from(e: store::StoreError) -> Self {
        Failure::input(e.to_string())
    }
}

fn scheduler(ctx: &Ctx) -> Result<Scheduler, Failure> {
    Scheduler::new(ctx.settings.schedule.clone()).map_err(|e| Failure::input(e.to_string()))
}

/// Reads the log without locking it (for read-only commands); a missing log is empty.
fn read_progress(ctx: &Ctx, sched: &Scheduler) -> Result<Progress, Failure> {
    if !ctx.progress.exists() {
        return Ok(Progress::default());
    }
    let (progress, warnings) = match &ctx.cache {
        Some(cache) => {
            let l = cache.read_progress(&ctx.progress, &ctx.settings.schedule, sched)?;
            ctx.pending.borrow_mut().push(l.pending);
            (l.progress, l.warnings)
        }
        None => {
            let (events, warnings) = store::read(&ctx.progress)?;
            (Progress::replay(&events, sched), warnings)
        }
    };
    for w in warnings {
        eprintln!("deckard: warning: {}", escape(&w));
    }
    Ok(progress)
}

/// Opens the log for writing (locked), replaying it.
fn open_progress(ctx: &Ctx, sched: &Scheduler) -> Result<(Store, Progress), Failure> {
    let (store, progress, warnings) = match &ctx.cache {
        Some(cache) => {
            let (store, l) = cache.open_progress(&ctx.progress, &ctx.settings.schedule, sched)?;
            ctx.pending.borrow_mut().push(l.pending);
            (store, l.progress, l.warnings)
        }
        None => {
            let opened = Store::open(&ctx.progress)?;
            let progress = Progress::replay(&opened.events, sched);
            (opened.store, progress, opened.warnings)
        }
    };
    for w in &warnings {
        eprintln!("deckard: warning: {}", escape(w));
    }
    Ok((store, progress))
}

/// `deckard decks`: card, new and due counts per deck, and orphaned history.
pub fn decks(lib: &Library, ctx: &Ctx) -> Result<(), Failure> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched)?;
    let now = ctx.now();
    let day = Day::containing(now, &ctx.tz, ctx.settings.day_starts_at);
    println!("{:<24} {:>6} {:>6} {:>6}  title", "deck", "cards", "new", "due");
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
        println!(
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
    if let Ok(progress) = read_progress(ctx, &sched) {
        print_orphans(lib, &progress);
    }
}

fn print_orphans(lib: &Library, progress: &Progress) {
    let orphans = orphans(lib, progress);
    if !orphans.is_empty() {
        println!(
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
) -> Result<(), Failure> {
    let sched = scheduler(ctx)?;
    let (store, progress) = open_progress(ctx, &sched)?;
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
) -> Result<(), Failure> {
    let sched = scheduler(ctx)?;
    let (store, progress) = open_progress(ctx, &sched)?;
    let quiz = Quiz::new(lib, options);
    if quiz.questions.is_empty() {
        return Err(Failure::input("no questions match").hint("widen --deck, --tag or --kinds"));
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
pub fn quiz_history(ctx: &Ctx) -> Result<(), Failure> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched)?;
    if progress.quizzes().is_empty() {
        println!("no quizzes yet");
        return Ok(());
    }
    println!("{:<20} {:>7} {:>9}  decks", "date", "score", "percent");
    for (t, q) in progress.quizzes() {
        let pct = if q.max_score > 0.0 {
            100.0 * q.score / q.max_score
        } else {
            0.0
        };
        println!(
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
pub fn show(lib: &Library, ctx: &Ctx, key: &str) -> Result<(), Failure> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched)?;
    let Some((deck, card)) = lib.card(key) else {
        return Err(Failure::input(format!("no card `{}`", escape(key)))
            .hint("keys look like deck-id/card-id; `deckard decks` lists the decks"));
    };
    crate::repl::print_question(card, &deckard::answer::present(card, 0));
    println!("answer: {}", escape(&card.canonical()));
    if let Some(e) = &card.explain {
        println!("explain: {}", escape(e));
    }
    if let Some(s) = crate::repl::source_line(deck, card) {
        println!("{s}");
    }
    println!("defined at {}", escape(&crate::repl::edit_line(deck, card)));
    let now = ctx.now();
    let Some(p) = progress.get(key) else {
        println!("never studied");
        return Ok(());
    };
    println!();
    println!(
        "{:<20} {:<6} {:<8} {:<6} interval",
        "date", "rating", "verdict", "mode"
    );
    for h in &p.history {
        println!(
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
    println!();
    println!(
        "state: {:?}, {} review(s), {} lapse(s){}",
        s.phase,
        s.reps,
        s.lapses,
        if s.leech { ", leech" } else { "" }
    );
    if s.phase != Phase::New {
        println!(
            "stability: {:.2} days · difficulty: {:.2}",
            s.stability, s.difficulty
        );
        if let Some(r) = sched.retrievability(s, now) {
            println!("retrievability now: {:.1}%", 100.0 * r);
        }
        if let Some(d) = s.due {
            println!("due: {}", d.strftime("%Y-%m-%d %H:%M UTC"));
        }
    }
    Ok(())
}

/// `deckard merge OTHER`.
pub fn merge(ctx: &Ctx, other: &Path) -> Result<(), Failure> {
    let report = store::merge(&ctx.progress, other)?;
    // The log was rewritten: its snapshot would be found stale anyway; don't keep it around.
    if let Some(cache) = &ctx.cache {
        cache.drop_progress(&ctx.progress);
    }
    println!(
        "merged {}: {} new event(s), {} already present",
        escape(&other.display().to_string()),
        report.added,
        report.already
    );
    Ok(())
}
