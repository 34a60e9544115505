//! Finding and managing cards: `deckard cards` (list a search), the state changes `suspend`,
//! `unsuspend`, `unbury`, `reset` and `reschedule` (each an event in the progress log, never a
//! deck edit), and narrowing `study`/`quiz` to a search (`--query`).

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use unicode_width::UnicodeWidthChar;

use crate::cli::term::cells;

use deckard::deck::{Card, Deck, Kind, Library};
use deckard::progress::Progress;
use deckard::query::{Env, Query};
use deckard::sanitize::escape;
use deckard::schedule::{CardState, Phase, Scheduler, format_interval};
use deckard::session::{Day, Selection};
use deckard::store::{Event, EventBody};

use super::ctx::Ctx;
use super::error::CliError;
use super::out::{out, outln, warn};

/// How `deckard cards` orders its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// Soonest due first; new cards last.
    Due,
    /// Most lapses first.
    Lapses,
    /// Hardest (highest FSRS difficulty) first; new cards last.
    Difficulty,
    /// Deck order, then file order within a deck: the order the cards were written.
    Added,
}

/// A state change the card commands make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Keep out of every session.
    Suspend,
    /// Bring a suspended card back.
    Unsuspend,
    /// Undo the burial (`:skip`) hiding a card.
    Unbury,
    /// Forget: new again, history kept.
    Reset,
    /// Due at this time.
    Reschedule(Timestamp),
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Suspend => "suspend",
            Action::Unsuspend => "unsuspend",
            Action::Unbury => "unbury",
            Action::Reset => "reset",
            Action::Reschedule(_) => "reschedule",
        }
    }

    fn done(self) -> &'static str {
        match self {
            Action::Suspend => "suspended",
            Action::Unsuspend => "unsuspended",
            Action::Unbury => "unburied",
            Action::Reset => "reset",
            Action::Reschedule(_) => "rescheduled",
        }
    }
}

/// The scheduler for the settings, with each `[deck.<id>]` table's own.
pub fn scheduler(ctx: &Ctx) -> Result<Scheduler, CliError> {
    let base = Scheduler::new(ctx.settings.schedule.clone()).map_err(|e| CliError::input(e.to_string()))?;
    let mut decks = HashMap::new();
    for (id, deck) in &ctx.settings.per_deck {
        let s = Scheduler::new(deck.schedule.clone())
            .map_err(|e| CliError::input(format!("[deck.{}]: {e}", escape(id))))?;
        decks.insert(id.clone(), s);
    }
    Ok(base.with_decks(decks))
}

/// The daily limits of decks with `[deck.<id>]` settings, for a study session.
pub fn deck_limits(ctx: &Ctx) -> deckard::session::DeckLimitMap {
    ctx.settings
        .per_deck
        .iter()
        .map(|(id, d)| {
            let limits = deckard::session::DeckLimits {
                new_per_day: d.new_per_day,
                reviews_per_day: d.reviews_per_day,
            };
            (id.clone(), limits)
        })
        .collect()
}

/// Prints `[deck.<id>]` settings that name no deck in use as errors (for `check`); true if any.
pub fn report_unknown_decks(lib: &Library, ctx: &Ctx) -> bool {
    let ids: Vec<&str> = lib.decks.iter().map(|d| d.id.as_str()).collect();
    let unknown = ctx.settings.unknown_decks(&ids);
    for u in &unknown {
        outln!(
            "{}",
            deckard::sanitize::escape_multiline(&u.replacen(": [deck.", ": error: [deck.", 1))
        );
    }
    !unknown.is_empty()
}

/// The same as warnings, for commands that go on working.
pub fn warn_unknown_decks(lib: &Library, ctx: &Ctx) {
    let ids: Vec<&str> = lib.decks.iter().map(|d| d.id.as_str()).collect();
    for u in ctx.settings.unknown_decks(&ids) {
        warn(&u);
    }
}

/// Parses a query; an error shows the query with a caret under the column.
pub fn parse_query(q: &str) -> Result<Query, CliError> {
    Query::parse(q).map_err(|e| {
        let shown = escape(q);
        // The caret counts display columns of the escaped text up to the error.
        let before: String = q.chars().take(e.col.saturating_sub(1)).collect();
        let pad = cells(&escape(&before));
        let mut err = CliError::usage(format!("{e}\n  {shown}\n  {}^", " ".repeat(pad)));
        if let Some(h) = e.hint {
            err = err.hint(h);
        }
        err.hint("docs/search.md describes the search language")
    })
}

/// Progress for a read-only look at the cards: through the start-up cache, as `study` reads
/// it (a snapshot and the events after it, not a replay of the whole log).
fn read(lib: &Library, ctx: &Ctx, sched: &Scheduler) -> Result<Progress, CliError> {
    crate::cli::commands::read_progress(ctx, sched, &lib.renames())
}

fn today(ctx: &Ctx) -> Day {
    Day::containing(ctx.now(), &ctx.tz, ctx.settings.day_starts_at)
}

/// `study --query` / `quiz --query`: the selection narrowed to the cards the query matches now.
pub fn narrow(
    lib: &Library,
    ctx: &Ctx,
    mut selection: Selection,
    query: &str,
) -> Result<Selection, CliError> {
    let query = parse_query(query)?;
    let sched = scheduler(ctx)?;
    let progress = read(lib, ctx, &sched)?;
    let env = Env {
        progress: &progress,
        sched: &sched,
        now: ctx.now(),
        day: today(ctx),
    };
    let mut only: HashMap<String, HashSet<String>> = HashMap::new();
    for (d, c) in query.select(&env, lib) {
        only.entry(d.id.clone()).or_default().insert(c.id.clone());
    }
    if only.is_empty() {
        return Err(CliError::input("no cards match the query")
            .hint("`deckard cards QUERY` lists what a query matches"));
    }
    selection.only = Some(Arc::new(only));
    Ok(selection)
}

/// The selection without suspended cards (a quiz leaves them out, as study does).
pub fn without_suspended(lib: &Library, progress: &Progress, mut selection: Selection) -> Selection {
    let suspended = |d: &Deck, c: &Card| progress.is_suspended(&format!("{}/{}", d.id, c.id));
    let any = lib.decks.iter().any(|d| d.cards.iter().any(|c| suspended(d, c)));
    if !any {
        return selection;
    }
    let mut only: HashMap<String, HashSet<String>> = HashMap::new();
    for d in &lib.decks {
        for c in d
            .cards
            .iter()
            .filter(|c| selection.matches(d, c) && !suspended(d, c))
        {
            only.entry(d.id.clone()).or_default().insert(c.id.clone());
        }
    }
    selection.only = Some(Arc::new(only));
    selection
}

/// One listed card.
struct Row<'l> {
    deck: &'l Deck,
    card: &'l Card,
    key: String,
    state: CardState,
    suspended: bool,
    buried: bool,
    r: Option<f64>,
    order: usize,
}

/// `deckard cards [QUERY]`.
pub fn cards(
    lib: &Library,
    ctx: &Ctx,
    query: Option<&str>,
    sort: SortKey,
    json: bool,
) -> Result<(), CliError> {
    let query = parse_query(query.unwrap_or(""))?;
    let sched = scheduler(ctx)?;
    let progress = read(lib, ctx, &sched)?;
    let now = ctx.now();
    let env = Env {
        progress: &progress,
        sched: &sched,
        now,
        day: today(ctx),
    };
    let mut rows: Vec<Row<'_>> = query
        .select(&env, lib)
        .into_iter()
        .enumerate()
        .map(|(order, (deck, card))| {
            let key = format!("{}/{}", deck.id, card.id);
            let p = progress.get(&key);
            let state = p.map(|p| p.state.clone()).unwrap_or_default();
            Row {
                deck,
                card,
                r: sched.for_deck(&deck.id).retrievability(&state, now),
                suspended: p.is_some_and(|p| p.suspended),
                buried: progress.is_buried(&key, now),
                key,
                state,
                order,
            }
        })
        .collect();
    sort_rows(&mut rows, sort);
    if json {
        for r in &rows {
            outln!("{}", json_row(r));
        }
        return Ok(());
    }
    print_table(&rows, now);
    Ok(())
}

fn sort_rows(rows: &mut [Row<'_>], sort: SortKey) {
    let is_new = |r: &Row<'_>| r.state.phase == Phase::New;
    match sort {
        SortKey::Added => {}
        SortKey::Due => rows.sort_by_key(|r| (is_new(r), r.state.due, r.order)),
        SortKey::Lapses => rows.sort_by_key(|r| (std::cmp::Reverse(r.state.lapses), r.order)),
        SortKey::Difficulty => rows.sort_by(|a, b| {
            let d = |r: &Row<'_>| r.state.memory().map(|m| m.difficulty);
            (is_new(a), d(b).unwrap_or(0.0), a.order)
                .partial_cmp(&(is_new(b), d(a).unwrap_or(0.0), b.order))
                .unwrap_or(std::cmp::Ordering::Equal)
        }),
    }
}

/// The state column (7 wide): suspension and burial first, else the phase.
fn state_name(r: &Row<'_>) -> &'static str {
    if r.suspended {
        return "susp";
    }
    if r.buried {
        return "buried";
    }
    match r.state.phase {
        Phase::New => "new",
        Phase::Learning => "learn",
        Phase::Review => "review",
        Phase::Relearning => "relearn",
    }
}

fn kind_short(k: Kind) -> &'static str {
    match k {
        Kind::Flashcard => "flash",
        Kind::TrueFalse => "t/f",
        other => other.name(),
    }
}

/// `s` on one line, escaped, cut to `max` display columns with `…`.
fn shorten(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let escaped = escape(&one_line);
    if cells(&escaped) <= max {
        return escaped.into_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in escaped.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// The line width the table fits in a pipe or a file.
const WIDTH: usize = 80;

/// Below this terminal width a card takes two lines (key, state and due; then its prompt)
/// instead of one row of six columns.
const NARROW: usize = 72;

fn print_table(rows: &[Row<'_>], now: Timestamp) {
    if rows.is_empty() {
        outln!("no cards match");
        return;
    }
    let keys: Vec<String> = rows.iter().map(|r| escape(&r.key).into_owned()).collect();
    let width = crate::cli::term::width().unwrap_or(WIDTH);
    if width < NARROW {
        for (r, key) in rows.iter().zip(&keys) {
            let due = match (r.state.phase, r.state.due) {
                (Phase::New, _) | (_, None) => String::new(),
                (_, Some(d)) if d < now => format!(" · overdue {}", format_interval(now.duration_since(d))),
                (_, Some(d)) => format!(" · due in {}", format_interval(d.duration_since(now))),
            };
            let head = format!("{key} · {}{due}", state_name(r));
            outln!("{}", crate::cli::term::fit(&head, width));
            outln!("  {}", shorten(&r.card.prompt, width.saturating_sub(2)));
        }
        outln!("{} card(s)", rows.len());
        return;
    }
    // The key column fits the longest key up to 32 columns; a longer key overflows its column
    // and the prompt gives the room back, so every line still fits 80 columns.
    let key_w = keys.iter().map(|k| cells(k)).max().unwrap_or(4).clamp(4, 32);
    // Due is relative to now (`3d`, `2.5mo`; `-2d` is two days overdue): short enough to leave
    // the prompt some room. `--json` has the exact times.
    outln!(
        "{:<key_w$} {:<6} {:<7} {:>6} {:>6} {:>3}  prompt",
        "card",
        "kind",
        "state",
        "due",
        "ivl",
        "lap"
    );
    for (r, key) in rows.iter().zip(&keys) {
        let due = match (r.state.phase, r.state.due) {
            (Phase::New, _) | (_, None) => "-".to_string(),
            (_, Some(d)) => format_interval(d.duration_since(now)),
        };
        let ivl = match r.state.phase {
            Phase::Review => format!("{}d", r.state.interval_days),
            _ => "-".into(),
        };
        let head = format!(
            "{key}{} {:<6} {:<7} {:>6} {:>6} {:>3}  ",
            " ".repeat(key_w.saturating_sub(cells(key))),
            kind_short(r.card.kind),
            state_name(r),
            due,
            ivl,
            r.state.lapses
        );
        let room = width.saturating_sub(cells(&head));
        outln!("{head}{}", shorten(&r.card.prompt, room));
    }
    outln!("{} card(s)", rows.len());
}

fn json_row(r: &Row<'_>) -> String {
    let s = &r.state;
    let studied = s.phase != Phase::New;
    serde_json::json!({
        "key": r.key,
        "deck": r.deck.id,
        "card": r.card.id,
        "kind": r.card.kind.name(),
        "state": match s.phase {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        },
        "suspended": r.suspended,
        "buried": r.buried,
        "leech": s.leech,
        "draft": r.card.draft,
        "due": s.due.filter(|_| studied).map(|d| d.to_string()),
        "interval_days": s.interval_days,
        "lapses": s.lapses,
        "reps": s.reps,
        "stability": s.memory().map(|m| m.stability),
        "difficulty": s.memory().map(|m| m.difficulty),
        "retrievability": r.r,
        "tags": r.card.all_tags(r.deck).collect::<Vec<_>>(),
        "prompt": r.card.prompt,
    })
    .to_string()
}

/// The cards named by `targets`: card keys (`deck/card`, each must exist), or else the words
/// of one query.
fn resolve<'l>(
    lib: &'l Library,
    env: &Env<'_>,
    targets: &[String],
) -> Result<Vec<(&'l Deck, &'l Card)>, CliError> {
    if targets.is_empty() {
        return Err(CliError::usage("name the cards: a query or DECK/CARD keys")
            .hint("`deckard cards QUERY` shows what a query matches"));
    }
    let cards: Option<Vec<_>> = targets.iter().map(|t| lib.card(t)).collect();
    if let Some(cards) = cards {
        return Ok(cards);
    }
    // Something shaped like a key that names no card is a typo, not a text search.
    let key_like = |t: &str| {
        t.split_once('/')
            .is_some_and(|(d, c)| !d.is_empty() && !c.is_empty())
            && !t.contains(|c: char| c.is_whitespace() || matches!(c, ':' | '"' | '(' | ')'))
    };
    if let Some(k) = targets.iter().find(|t| key_like(t) && lib.card(t).is_none()) {
        return Err(CliError::usage(format!("no card `{}`", escape(k))).hint(
            "keys look like deck-id/card-id (`deckard cards` lists them); \
             to search for text with a slash, quote it: '\"km/h\"'",
        ));
    }
    let query = parse_query(&targets.join(" "))?;
    Ok(query.select(env, lib))
}

/// Asks on a terminal; refuses without `--yes` when standard input is not one.
fn confirm(question: &str, yes: bool) -> Result<bool, CliError> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "{question}: not confirmed (standard input is not a terminal)"
        ))
        .hint("pass --yes to confirm from a script"));
    }
    out!("{question} [y/N] ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| CliError::io_named("standard input", &e))?;
    Ok(matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// `deckard suspend|unsuspend|unbury|reset|reschedule`.
pub fn change(
    lib: &Library,
    ctx: &Ctx,
    action: Action,
    targets: &[String],
    yes: bool,
) -> Result<(), CliError> {
    let sched = scheduler(ctx)?;
    // Through the start-up cache, as `study` opens it.
    let (mut store, progress) = crate::cli::commands::open_progress(ctx, &sched, &lib.renames())?;
    let now = ctx.now();
    let env = Env {
        progress: &progress,
        sched: &sched,
        now,
        day: today(ctx),
    };
    let chosen = resolve(lib, &env, targets)?;
    let matched = chosen.len();
    // Only cards the change changes: suspending a suspended card would add noise to the log.
    let keys: Vec<String> = chosen
        .into_iter()
        .map(|(d, c)| format!("{}/{}", d.id, c.id))
        .filter(|k| match action {
            Action::Suspend => !progress.is_suspended(k),
            Action::Unsuspend => progress.is_suspended(k),
            Action::Unbury => !progress.active_buries(k, now).is_empty(),
            Action::Reset => progress.state(k).phase != Phase::New,
            Action::Reschedule(_) => true,
        })
        .collect();
    if keys.is_empty() {
        outln!(
            "nothing to {}: {matched} card(s) match, none {}",
            action.verb(),
            match action {
                Action::Suspend => "unsuspended",
                Action::Unsuspend => "suspended",
                Action::Unbury => "buried",
                Action::Reset => "studied",
                Action::Reschedule(_) => "to change",
            }
        );
        return Ok(());
    }
    let mut question = format!("{} {} card(s)", action.verb(), keys.len());
    if let Action::Reschedule(due) = action {
        question.push_str(&format!(
            " to be due {}",
            due.to_zoned(ctx.tz.clone()).strftime("%Y-%m-%d %H:%M")
        ));
    }
    if keys.len() <= 5 {
        question.push_str(&format!(" ({})", escape(&keys.join(", "))));
    }
    if !confirm(&question, yes)? {
        outln!("nothing changed");
        return Ok(());
    }
    let mut ids = crate::cli::commands::fresh_ids(&store);
    for key in &keys {
        let events: Vec<Event> = match action {
            Action::Suspend => vec![Event::suspend(ids.next(), now, key.clone())],
            Action::Unsuspend => vec![Event::unsuspend(ids.next(), now, key.clone())],
            Action::Reset => vec![Event::reset(ids.next(), now, key.clone())],
            Action::Reschedule(due) => vec![Event::reschedule(ids.next(), now, key.clone(), due)],
            Action::Unbury => progress
                .active_buries(key, now)
                .into_iter()
                .map(|target| Event {
                    id: ids.next(),
                    time: now,
                    body: EventBody::Undo { target },
                })
                .collect(),
        };
        for e in &events {
            store.append(e)?;
        }
    }
    outln!("{} {} card(s)", action.done(), keys.len());
    Ok(())
}

/// The due time of `reschedule --days N` (the start of the study day N days from today) or
/// `--date YYYY-MM-DD` (the start of that study day).
pub fn due_time(ctx: &Ctx, days: Option<u32>, date: Option<&str>) -> Result<Timestamp, CliError> {
    let hour = i8::try_from(ctx.settings.day_starts_at).unwrap_or(4);
    match (days, date) {
        (Some(n), None) => {
            if n > 36_500 {
                return Err(CliError::usage("--days: at most 36500"));
            }
            let start = today(ctx).start;
            Ok(start
                .checked_add(SignedDuration::from_hours(24 * i64::from(n)))
                .unwrap_or(start))
        }
        (None, Some(d)) => {
            let date: jiff::civil::Date = d.parse().map_err(|e| {
                CliError::usage(format!("--date {}: {e}", escape(d))).hint("dates look like 2026-03-15")
            })?;
            date.at(hour, 0, 0, 0)
                .to_zoned(ctx.tz.clone())
                .map(|z| z.timestamp())
                .map_err(|e| CliError::usage(format!("--date {}: {e}", escape(d))))
        }
        _ => Err(CliError::usage("reschedule needs --days N or --date YYYY-MM-DD")),
    }
}
