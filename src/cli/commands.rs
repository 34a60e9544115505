//! The subcommands that work on the learner's progress: wiring library pieces to the terminal.

use std::path::Path;

use crate::cli::out::{outln, proseln, warn};
use deckard::deck::{Library, Origin};
use deckard::progress::{Progress, Renames};
use deckard::sanitize::{escape, escape_multiline};
use deckard::schedule::{Phase, Scheduler, format_interval};
use deckard::session::quiz::{Quiz, QuizOptions};
use deckard::session::{Day, Selection, Study, StudyOptions};
use deckard::store::{self, ProgressSource, Store};

use crate::cli::ctx::Ctx;
use crate::cli::error::CliError;
use crate::cli::repl::quiz::QuizRun;
use crate::cli::repl::study::StudyRun;
use crate::cli::term;

/// The scheduler, with the per-deck ones of `[deck.<id>]` settings.
fn scheduler(ctx: &Ctx) -> Result<Scheduler, CliError> {
    crate::cli::cards::scheduler(ctx)
}

/// Reads the progress without locking it (for read-only commands); a missing log is empty.
pub(crate) fn read_progress(ctx: &Ctx, sched: &Scheduler, renames: &Renames) -> Result<Progress, CliError> {
    moved_away(ctx)?;
    // Through the cache's snapshot: a single log, or a folder of device logs (an offset each).
    let loaded = match (&ctx.cache, &ctx.source) {
        (Some(cache), ProgressSource::File(_)) => {
            Some(cache.read_progress(&ctx.progress, &ctx.settings, sched, renames)?)
        }
        (Some(cache), ProgressSource::Folder(folder)) => {
            Some(cache.read_folder(folder, &ctx.settings, sched, renames)?.0)
        }
        (None, _) => None,
    };
    if let Some(l) = loaded {
        ctx.pending.borrow_mut().push(l.pending);
        for w in &l.warnings {
            warn(w);
        }
        return Ok(l.progress);
    }
    let read = ctx.source.read()?;
    for w in &read.warnings {
        warn(w);
    }
    Ok(Progress::replay_events(&read.events, sched, renames))
}

/// Opens the progress for writing (this device's log locked), replaying it.
pub(crate) fn open_progress(
    ctx: &Ctx,
    sched: &Scheduler,
    renames: &Renames,
) -> Result<(Store, Progress), CliError> {
    moved_away(ctx)?;
    let opened = match (&ctx.cache, &ctx.source) {
        (Some(cache), ProgressSource::File(_)) => {
            Some(cache.open_progress(&ctx.progress, &ctx.settings, sched, renames)?)
        }
        (Some(cache), ProgressSource::Folder(folder)) => {
            let (store, l, _) = cache.open_folder(folder, &ctx.settings, sched, renames)?;
            Some((store, l))
        }
        (None, _) => None,
    };
    if let Some((store, l)) = opened {
        ctx.pending.borrow_mut().push(l.pending);
        for w in &l.warnings {
            warn(w);
        }
        return Ok((store, l.progress));
    }
    let opened = ctx.source.open()?;
    for w in &opened.warnings {
        warn(w);
    }
    let progress = Progress::replay_events(&opened.events, sched, renames);
    Ok((opened.store, progress))
}

/// Every event of the progress (a single log, or every device's file in a folder), read
/// without locking, its warnings shown; a missing log has none.
pub(crate) fn read_events(ctx: &Ctx) -> Result<Vec<deckard::store::Event>, CliError> {
    moved_away(ctx)?;
    let read = ctx.source.read()?;
    for w in &read.warnings {
        warn(w);
    }
    Ok(read.events.into_vec())
}

/// The progress opened for writing (this device's log locked), its warnings shown.
pub(crate) fn open_events(ctx: &Ctx) -> Result<deckard::store::SourceOpened, CliError> {
    moved_away(ctx)?;
    let opened = ctx.source.open()?;
    for w in &opened.warnings {
        warn(w);
    }
    Ok(opened)
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

/// Makes a file-size limit (`ulimit -f`) a write error instead of a silent death: by default
/// SIGXFSZ kills the process, before the store can cut a half-written line back.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN installs no handler and touches no
    // memory; it is done once at start, before any thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// The id generator for events written this run: OS randomness and the real clock (not
/// `--now`), never `--seed`, so two devices running with one seed still write distinct ids.
pub(crate) fn fresh_ids(store: &Store) -> deckard::store::IdGen {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    store.id_gen(rand::random(), nanos)
}

/// `deckard decks`: card, new and due counts per deck and where each comes from, and a count of
/// orphaned history (`--orphans` lists it). The table fits a 50-column terminal: the title
/// gives way first.
pub fn decks(lib: &Library, ctx: &Ctx, list_orphans: bool) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched, &lib.renames())?;
    if list_orphans {
        for key in orphans(lib, &progress) {
            outln!("{}", escape(&key));
        }
        return Ok(());
    }
    let now = ctx.now();
    let day = Day::containing(now, &ctx.tz, ctx.settings.day_starts_at);
    let idw = lib
        .decks
        .iter()
        .map(|d| term::cells(&escape(&d.id)))
        .max()
        .unwrap_or(4)
        .max(4);
    let rows: Vec<(String, String, String)> = lib
        .decks
        .iter()
        .map(|d| {
            let (mut new, mut due) = (0, 0);
            for c in &d.cards {
                let key = format!("{}/{}", d.id, c.id);
                let s = progress.state(&key);
                match s.phase {
                    // Suspended cards are not due: no session will show them.
                    _ if progress.is_suspended(&key) => {}
                    Phase::New => new += 1,
                    _ if s.due.is_some_and(|t| t < day.end) => due += 1,
                    _ => {}
                }
            }
            let id = escape(&d.id);
            let pad = idw - term::cells(&id);
            let head = format!(
                "{id}{} {:>5} {:>5} {:>5}  ",
                " ".repeat(pad),
                d.cards.len(),
                new,
                due
            );
            (head, from(&d.origin), escape(&d.title).into_owned())
        })
        .collect();
    // A title cut to a few cells says nothing: on a narrow terminal it is left out.
    let width = term::width();
    let head_cells = idw + 20;
    let from_cells = rows.iter().map(|r| term::cells(&r.1)).max().unwrap_or(4).max(4);
    let title_room = width.map(|w| w.saturating_sub(head_cells + from_cells + 2));
    let line = |head: &str, from: &str, title: &str| match title_room {
        Some(room) if room < 12 => format!(
            "{head}{}",
            term::fit(from, width.unwrap_or(80).saturating_sub(head_cells))
        ),
        Some(room) => format!("{head}{from:<from_cells$}  {}", term::fit(title, room)),
        None => format!("{head}{from:<from_cells$}  {title}"),
    };
    let head = format!("{:<idw$} {:>5} {:>5} {:>5}  ", "deck", "cards", "new", "due");
    outln!("{}", line(&head, "from", "title").trim_end());
    for (head, from, title) in rows {
        outln!("{}", line(&head, &from, &title));
    }
    print_orphans(lib, &progress);
    Ok(())
}

/// Where a deck comes from, short: `bundled`, or its file with the home folder as `~`.
fn from(origin: &Origin) -> String {
    match origin {
        Origin::Bundled(_) => "bundled".to_string(),
        Origin::File(p) => {
            let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
            let shown = match home.as_deref().and_then(|h| p.strip_prefix(h).ok()) {
                Some(rest) => format!("~/{}", rest.display()),
                None => p.display().to_string(),
            };
            escape(&shown).into_owned()
        }
    }
}

/// Counts studied cards that no deck in use holds (their history stays in the log).
pub fn report_orphans(lib: &Library, ctx: &Ctx) {
    let Ok(sched) = scheduler(ctx) else { return };
    if let Ok(progress) = read_progress(ctx, &sched, &lib.renames()) {
        print_orphans(lib, &progress);
    }
}

fn print_orphans(lib: &Library, progress: &Progress) {
    let n = orphans(lib, progress).len();
    if n > 0 {
        outln!(
            "note: {n} studied card(s) are in no deck any more (history kept); `deckard decks --orphans` lists them"
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

/// The decks without the cards `deckard check` rejects (the judge refuses the card's own
/// answer, say an empty one): such a card could never be answered right, so a session skips
/// it, with one warning naming each. `None` when every card is sound (the common case: no copy).
/// A deck from the start-up cache knows its refused cards already; others are checked here.
fn without_rejected(lib: &Library) -> Option<Library> {
    let refused: Vec<(usize, String)> = lib
        .decks
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let ids = d
                .refused
                .clone()
                .unwrap_or_else(|| deckard::answer::refused_cards(d));
            ids.into_iter().map(move |id| (i, id))
        })
        .collect();
    if refused.is_empty() {
        return None;
    }
    let names: Vec<String> = refused
        .iter()
        .map(|(i, id)| format!("{}/{id}", lib.decks[*i].id))
        .collect();
    warn(&format!(
        "skipping {} card(s) that `deckard check` rejects (they could never be answered right): {}",
        names.len(),
        escape(&names.join(", "))
    ));
    let mut decks = lib.decks.clone();
    for (i, id) in &refused {
        decks[*i].cards.retain(|c| &c.id != id);
    }
    Some(Library::new(decks, Vec::new()))
}

/// Bare `deckard`: what is due now (or when the next card is) and the one command to run.
pub fn status(lib: &Library, ctx: &Ctx) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched, &lib.renames())?;
    let now = ctx.now();
    let day = Day::containing(now, &ctx.tz, ctx.settings.day_starts_at);
    // The next card due after now, among those studied before.
    let next = progress
        .keys()
        .filter(|k| lib.card(k).is_some() && !progress.is_suspended(k))
        .filter_map(|k| {
            let s = progress.state(k);
            s.due.filter(|d| s.phase != Phase::New && *d > now)
        })
        .min();
    let options = StudyOptions {
        selection: Selection::default(),
        new_per_day: ctx.settings.new_per_day,
        limit: ctx.settings.reviews_per_day,
        new_order: ctx.settings.new_card_order,
        seed: ctx.seed,
    };
    // Learning cards count only once their step is over (the session would show them early).
    let learning_now = progress
        .keys()
        .filter(|k| lib.card(k).is_some() && !progress.is_suspended(k))
        .filter(|k| {
            let s = progress.state(k);
            matches!(s.phase, Phase::Learning | Phase::Relearning) && s.due.is_some_and(|d| d <= now)
        })
        .count();
    let deck_limits = crate::cli::cards::deck_limits(ctx);
    let study = Study::with_deck_limits(lib, &sched, progress, &options, &deck_limits, day, now);
    let mut c = study.counts();
    c.learning = learning_now;
    if c.due + c.learning + c.new > 0 {
        let mut parts = vec![format!("{} review(s)", c.due)];
        if c.learning > 0 {
            parts.push(format!("{} in learning", c.learning));
        }
        parts.push(format!("{} new", c.new));
        outln!("Due now: {}.", parts.join(", "));
        outln!("Run `deckard study` to start.");
        return Ok(());
    }
    match next {
        Some(t) => {
            let local = t.to_zoned(ctx.tz.clone());
            let when = if t < day.end {
                format!("today at {}", local.strftime("%H:%M"))
            } else {
                local.strftime("%Y-%m-%d at %H:%M").to_string()
            };
            outln!("Nothing due now. The next card is due {when}.");
        }
        None => outln!("Nothing due now."),
    }
    if study.new_held_back() > 0 {
        outln!(
            "Today's {} new cards are done; `deckard study --new {}` allows more.",
            ctx.settings.new_per_day,
            ctx.settings.new_per_day + 20
        );
    } else {
        outln!("Run `deckard study` then, or `deckard quiz` any time.");
    }
    Ok(())
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
    ctx.warn_pretend_time();
    let sound = without_rejected(lib);
    let lib = sound.as_ref().unwrap_or(lib);
    let (store, progress) = open_progress(ctx, &sched, &lib.renames())?;
    let now = ctx.now();
    let day = Day::containing(now, &ctx.tz, ctx.settings.day_starts_at);
    let options = StudyOptions {
        selection: selection.clone(),
        new_per_day: new.unwrap_or(ctx.settings.new_per_day),
        limit: limit.or(ctx.settings.reviews_per_day),
        new_order: ctx.settings.new_card_order,
        seed: ctx.seed,
    };
    let deck_limits = crate::cli::cards::deck_limits(ctx);
    let study = Study::with_deck_limits(lib, &sched, progress, &options, &deck_limits, day, now);
    let clock = || ctx.now();
    let ids = fresh_ids(&store);
    StudyRun {
        study,
        store,
        ids,
        clock: &clock,
        seed: ctx.seed,
        selection,
        tomorrow: day.next(&ctx.tz, ctx.settings.day_starts_at),
        tz: ctx.tz.clone(),
        new_per_day: options.new_per_day,
    }
    .run()?;
    Ok(())
}

/// `deckard quiz`.
pub fn quiz(
    lib: &Library,
    ctx: &Ctx,
    mut options: QuizOptions,
    reschedule: bool,
    hints: bool,
    json: bool,
) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    ctx.warn_pretend_time();
    let sound = without_rejected(lib);
    let lib = sound.as_ref().unwrap_or(lib);
    let (store, progress) = open_progress(ctx, &sched, &lib.renames())?;
    options.selection = crate::cli::cards::without_suspended(lib, &progress, options.selection);
    let quiz = Quiz::new(lib, options);
    if quiz.questions.is_empty() {
        return Err(CliError::input("no questions match").hint("widen --deck, --tag or --kinds"));
    }
    let clock = || ctx.now();
    let ids = fresh_ids(&store);
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

/// `deckard quiz --history`: a table, or with `--json` one JSON document (a list).
pub fn quiz_history(ctx: &Ctx, json: bool) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    let progress = read_progress(ctx, &sched, &Renames::new())?;
    if json {
        let list: Vec<serde_json::Value> = progress
            .quizzes()
            .iter()
            .map(|(t, q)| {
                serde_json::json!({
                    "time": t.to_string(),
                    "score": q.score,
                    "max_score": q.max_score,
                    "decks": q.decks,
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
        return Ok(());
    }
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
    proseln!("answer: {}", escape_multiline(&card.canonical()));
    if let Some(e) = &card.explain {
        proseln!("explain: {}", escape_multiline(e));
    }
    if let Some(s) = crate::cli::repl::source_full(deck, card) {
        outln!("{s}");
    }
    outln!("defined at {}", escape(&crate::cli::repl::edit_line(deck, card)));
    let now = ctx.now();
    let Some(p) = progress.get(key) else {
        outln!("never studied");
        return Ok(());
    };
    outln!();
    // Local times, and columns that fit 50 terminal columns.
    let local = |t: jiff::Timestamp, format: &str| t.to_zoned(ctx.tz.clone()).strftime(format).to_string();
    outln!(
        "{:<16} {:<6} {:<8} {:<6} interval",
        "date",
        "rating",
        "verdict",
        "mode"
    );
    for h in &p.history {
        outln!(
            "{:<16} {:<6} {:<8} {:<6} {}",
            local(h.time, "%Y-%m-%d %H:%M"),
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
        if let Some(r) = sched.for_key(key).retrievability(s, now) {
            outln!("retrievability now: {:.1}%", 100.0 * r);
        }
        if let Some(d) = s.due {
            outln!("due: {}", local(d, "%Y-%m-%d %H:%M %Z"));
        }
    }
    Ok(())
}

/// `deckard merge [--renumber] OTHER`.
pub fn merge(ctx: &Ctx, other: &Path, renumber: bool) -> Result<(), CliError> {
    moved_away(ctx)?;
    let report = match store::merge_with(&ctx.progress, other, store::MergeOptions { renumber }) {
        Ok(r) => r,
        Err(e @ store::StoreError::Conflict { .. }) => {
            let across = matches!(&e, store::StoreError::Conflict { first, second, .. } if first != second);
            let err = CliError::from(e);
            return Err(match across {
                true => err
                    .hint(
                        "the two logs were written with the same ids for different answers \
                         (older deckard versions took ids from --seed); nothing was written",
                    )
                    .hint(format!(
                        "run `deckard merge --renumber {}` to give one of each pair a new id and keep both",
                        escape(&other.display().to_string())
                    )),
                false => {
                    err.hint("one log holds two different events under one id: remove the wrong line by hand")
                }
            });
        }
        Err(e) => return Err(e.into()),
    };
    // The log was rewritten: its snapshot would be found stale anyway; don't keep it around.
    if let Some(cache) = &ctx.cache {
        cache.drop_progress(&ctx.progress);
    }
    for w in &report.warnings {
        warn(w);
    }
    outln!(
        "merged {}: {} new event(s), {} already present",
        escape(&other.display().to_string()),
        report.added,
        report.already
    );
    if report.renumbered > 0 {
        outln!(
            "renumbered {} event(s) that shared an id with a different event",
            report.renumbered
        );
    }
    Ok(())
}
