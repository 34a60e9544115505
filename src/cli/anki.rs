//! `deckard import FILE.apkg --to DIR` and `deckard export DECK --format apkg`: the terminal
//! side of the Anki package support in `deckard::author::anki` (reading the file, writing the
//! deck files, media and progress events, and the report).

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use deckard::author::{self, anki};
use deckard::sanitize::escape;
use deckard::store::{Event, ProgressSource};

use crate::cli::ctx::{Ctx, InUse};
use crate::cli::error::CliError;
use crate::cli::out::{errln, errproseln, outln, proseln};

/// The largest package read: the limits inside apply to what it expands to.
const MAX_PACKAGE: u64 = 2 << 30;

/// True when `path` names an Anki package: by extension, or a zip's magic bytes.
pub fn is_package(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("apkg" | "colpkg")) {
        return true;
    }
    let mut magic = [0u8; 4];
    // Only a regular file is sniffed: opening a FIFO with no writer would wait for ever.
    deckard::untrusted::open_regular(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"PK\x03\x04")
}

fn anki_err(e: anki::AnkiError) -> CliError {
    let hint = match &e {
        anki::AnkiError::Foreign { .. } => {
            "import into an empty folder, or move your own cards to another deck file"
        }
        anki::AnkiError::Package { .. } | anki::AnkiError::Collection { .. } => {
            "export it again from Anki (File > Export, \"Anki Deck Package\" or \"Anki Collection Package\")"
        }
        _ => "nothing was written",
    };
    CliError::input(e.to_string()).hint(hint)
}

/// Where the imported decks stand against the decks in use.
pub struct Decks<'a> {
    /// The decks in use.
    pub in_use: &'a InUse,
    /// They were named by `--decks` (or DECKARD_DECKS), so the settings do not decide them.
    pub by_flag: bool,
}

/// `deckard import FILE.apkg|FILE.colpkg --to DIR`; `config` is the settings file the decks'
/// options go to, and `DIR` joins its `decks` when no deck in use covers it (`None`: both are
/// printed instead), so the imported decks are studied at once.
pub fn import(
    file: &Path,
    to: &Path,
    ctx: &Ctx,
    config: Option<PathBuf>,
    decks: &Decks<'_>,
) -> Result<ExitCode, CliError> {
    if to.is_file() || to.extension().is_some_and(|e| e == "toml") {
        return Err(CliError::usage(format!(
            "{}: an Anki package becomes one deck file per Anki deck, so --to names a folder",
            to.display()
        ))
        .hint(format!("deckard import {} --to decks/", file.display())));
    }
    let size = std::fs::metadata(file).map_err(|e| CliError::io(file, &e))?.len();
    if size > MAX_PACKAGE {
        return Err(CliError::input(format!(
            "{}: {size} bytes, more than the 2 GiB deckard reads",
            file.display()
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| CliError::io(file, &e))?;
    let name = file.display().to_string();
    let existing = |deck: &str| -> Result<Option<deckard::deck::Deck>, anki::AnkiError> {
        let path = to.join(format!("{deck}.toml"));
        if !path.exists() {
            return Ok(None);
        }
        let shown = path.display().to_string();
        let text = author::read_text(&path).map_err(|e| anki::AnkiError::Write {
            file: shown.clone(),
            message: e.to_string(),
        })?;
        author::validate(&shown, &text)
            .map(Some)
            .map_err(|e| anki::AnkiError::Write {
                file: shown,
                message: format!("cannot update it: {e}"),
            })
    };
    let got = anki::import(&name, &bytes, &anki::Limits::default(), &existing).map_err(anki_err)?;
    let conv = &got.conversion;
    // Every deck checked before anything is written.
    for d in &conv.decks {
        let path = to.join(format!("{}.toml", d.id));
        author::validate(&path.display().to_string(), &d.text)
            .map_err(|e| CliError::internal(format!("an imported deck would not be valid: {e}")))?;
    }
    // The folder joins `decks` unless a deck in use already covers it.
    let covered = covers(&decks.in_use.paths, to);
    let source = match (covered || decks.by_flag, &config) {
        (false, Some(_)) => as_written(to),
        _ => None,
    };
    // Deck options (and the folder) merged into the settings file and checked as deckard
    // will read them. With a progress folder, a deck's scheduling options go to the folder's
    // settings.toml, which decides them on every device, and only its limits to config.toml.
    let (local_options, folder_options) = match &ctx.source {
        ProgressSource::Folder(f) => {
            let (shared, local) = anki::settings::split(&conv.settings, deckard::config::SHARED_KEYS)
                .map_err(|e| CliError::internal(format!("the deck options: {e}")))?;
            (local, Some((f.settings_path(), shared)))
        }
        ProgressSource::File(_) => (conv.settings.clone(), None),
    };
    let settings = match &config {
        Some(path) if !local_options.is_empty() || source.is_some() => Some(merged_settings(
            path,
            &local_options,
            source.as_deref(),
            deckard::config::Settings::parse,
        )?),
        _ => None,
    };
    let shared = match &folder_options {
        Some((path, options)) if !options.is_empty() => Some(merged_settings(
            path,
            options,
            None,
            deckard::config::Settings::parse_shared,
        )?),
        _ => None,
    };
    // (Re)learning cards that do not continue where Anki left them.
    let mut learning = Vec::new();
    // The log is opened (and locked) before the first write, so a busy log stops everything.
    let mut store = if conv.events.is_empty() && conv.suspension.is_empty() {
        None
    } else {
        // In a progress folder: every device's events, so an import made on two devices
        // adds each event once.
        let opened = crate::cli::commands::open_events(ctx)?;
        let known: HashSet<_> = opened.events.iter().map(|e| e.id).collect();
        let mut new: Vec<Event> = conv
            .events
            .iter()
            .filter(|e| !known.contains(&e.id))
            .cloned()
            .collect();
        // Suspensions follow Anki's state against the log as it will be after the new events.
        let mut all = opened.events.clone().into_vec();
        all.extend(new.iter().cloned());
        // The scheduler the imported cards will have: with the deck options just merged.
        let sched = match (&settings, &shared) {
            (None, None) => crate::cli::cards::scheduler(ctx)?,
            (local, shared) => {
                let local = local
                    .as_ref()
                    .map_or_else(|| ctx.settings.clone(), |(.., p)| p.clone());
                match shared {
                    Some((.., folder)) => scheduler_of(&local.with_shared(folder).0, ctx)?,
                    None => scheduler_of(&local, ctx)?,
                }
            }
        };
        let progress = deckard::progress::Progress::replay(&all, &sched);
        new.extend(anki::suspension_events(&conv.suspension, &progress));
        learning = anki::learning_differences(&conv.learning, &progress, &sched);
        Some((opened.store, new))
    };
    std::fs::create_dir_all(to).map_err(|e| CliError::io(to, &e))?;
    let mut media_written = 0;
    if !got.media.is_empty() {
        let dir = to.join("media");
        std::fs::create_dir_all(&dir).map_err(|e| CliError::io(&dir, &e))?;
        for (fname, data) in &got.media {
            let path = dir.join(fname);
            if std::fs::read(&path).is_ok_and(|old| &old == data) {
                continue;
            }
            deckard::fsio::write_atomic(&path, data).map_err(|e| CliError::io(&path, &e))?;
            media_written += 1;
        }
    }
    let mut decks_written = 0;
    for d in &conv.decks {
        let path = to.join(format!("{}.toml", d.id));
        if std::fs::read_to_string(&path).is_ok_and(|old| old == d.text) {
            continue;
        }
        author::write_atomic(&path, &d.text).map_err(CliError::from)?;
        decks_written += 1;
    }
    let mut appended = 0;
    if let Some((store, new)) = &mut store {
        for e in new.iter() {
            store.append(e)?;
            appended += 1;
        }
    }
    let mut config_written = false;
    for (path, changed, merged, _) in settings.iter().chain(&shared) {
        if !*changed {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir, &e))?;
        }
        deckard::fsio::write_atomic(path, merged.text.as_bytes()).map_err(|e| CliError::io(path, &e))?;
        config_written = true;
    }
    report(
        file,
        to,
        &got,
        decks_written + usize::from(config_written),
        media_written,
        appended,
    );
    if let Some(hour) = conv.rollover
        && hour != ctx.settings.day_starts_at
    {
        crate::cli::out::warn(&format!(
            "Anki's next day started at {hour}:00, deckard's starts at {}:00 (day_starts_at): days between reviews are counted from deckard's, so memory states and due days can differ from Anki's; set day_starts_at = {hour} in config.toml for Anki's",
            ctx.settings.day_starts_at
        ));
    }
    if !conv.learning.is_empty() {
        proseln!(
            "(re)learning: {} of {} card(s) continue at Anki's step and due time",
            conv.learning.len() - learning.len(),
            conv.learning.len()
        );
        for l in &learning {
            errproseln!("  {}", escape(l));
        }
    }
    for (path, _, merged, _) in settings.iter().chain(&shared) {
        for d in &merged.added {
            proseln!(
                "deck options: added [deck.{d}] to {} (from Anki's preset)",
                path.display()
            );
        }
        for d in &merged.kept {
            proseln!("deck options: kept your [deck.{d}] in {}", path.display());
        }
    }
    match (&settings, &shared) {
        (Some(_), _) | (_, Some(_)) => {}
        (None, None) if !conv.settings.is_empty() => {
            proseln!("deck options from Anki: add them to config.toml to study with Anki's settings:");
            for s in &conv.settings {
                for line in s.toml.lines() {
                    outln!("  {line}");
                }
            }
        }
        (None, None) => {}
    }
    let to_text = to.display().to_string();
    let shown = escape(&to_text);
    match (&settings, &source) {
        (Some((path, _, _, _)), Some(src)) => proseln!(
            "decks: added \"{}\" to `decks` in {}, so study, stats and cards use these decks",
            escape(src),
            escape(&path.display().to_string())
        ),
        _ if covered => {}
        _ if decks.by_flag => {
            proseln!("to study these decks, name the folder too: --decks {shown}")
        }
        _ => proseln!("to study these decks, add \"{shown}\" to `decks` in your settings"),
    }
    Ok(ExitCode::SUCCESS)
}

/// A settings file with imported deck options merged in: its path, whether its text changed,
/// the merge, and the settings as deckard will read them.
type MergedFile = (PathBuf, bool, anki::settings::Merged, deckard::config::Settings);

/// The settings file at `path` with the deck options `options` (and the deck folder `source`,
/// if any, in `decks`) merged in, and checked with `parse` as deckard will read it.
fn merged_settings(
    path: &Path,
    options: &[anki::Settings],
    source: Option<&str>,
    parse: fn(&Path, &str) -> Result<deckard::config::Settings, deckard::config::ConfigError>,
) -> Result<MergedFile, CliError> {
    let old = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(CliError::io(path, &e)),
    };
    let fix = |e: String| {
        CliError::input(format!("{}: {e}", path.display())).hint("fix the settings file, then import again")
    };
    let mut merged = anki::settings::merge(&old, options).map_err(fix)?;
    if let Some(src) = source
        && let Some(text) = deckard::config::edit::with_deck_source(path, &merged.text, src)
            .map_err(|e| fix(e.to_string()))?
    {
        merged.text = text;
    }
    let parsed = parse(path, &merged.text)
        .map_err(|e| CliError::internal(format!("the deck options would not be valid settings: {e}")))?;
    Ok((path.to_path_buf(), old != merged.text, merged, parsed))
}

/// True when a deck file or folder in use is `to` or a folder holding it.
fn covers(in_use: &[PathBuf], to: &Path) -> bool {
    let to = real(to);
    in_use.iter().any(|p| to.starts_with(real(p)))
}

/// The path with symlinks and `..` resolved where it exists (else made absolute), so two
/// spellings of one folder compare equal.
fn real(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}

/// `to` as the settings file should name it: `~/…` under the home folder, else absolute
/// (a relative path would be read from the settings file's folder, not from here); `None`
/// for a path TOML text cannot hold.
fn as_written(to: &Path) -> Option<String> {
    let abs = real(to);
    let home = std::env::var_os("HOME").map(|h| real(Path::new(&h)));
    let text = match home.as_deref().and_then(|h| abs.strip_prefix(h).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.to_str()?),
        _ => abs.to_str()?.to_string(),
    };
    Some(text)
}

fn report(file: &Path, to: &Path, got: &anki::Imported, decks: usize, media: usize, events: usize) {
    let c = &got.conversion;
    proseln!(
        "read {} ({}): {} of {} note(s) converted into {} card(s) in {} deck(s)",
        file.display(),
        got.layout.file_name(),
        c.notes_converted,
        c.notes,
        c.anki_cards,
        c.decks.len()
    );
    for d in &c.decks {
        proseln!(
            "  {}: {} card(s) from \"{}\"",
            to.join(format!("{}.toml", d.id)).display(),
            d.cards,
            escape(&d.title)
        );
    }
    proseln!(
        "history: {} review(s), {} due date(s), {} suspended; {} new event(s) in {}",
        c.reviews,
        c.rescheduled,
        c.suspended,
        events,
        "the progress log"
    );
    proseln!(
        "media: {} file(s) in {} ({} new or changed)",
        got.media.len(),
        to.join("media").display(),
        media
    );
    if decks == 0 && media == 0 && events == 0 {
        proseln!("nothing changed: this package was imported before");
    }
    if !c.skipped.is_empty() {
        errproseln!("not converted:");
        for s in &c.skipped {
            errproseln!("  {}", escape(s));
        }
    }
}

/// `deckard export DECK --format apkg -o FILE [--with-history]`.
pub fn export(
    deck_arg: &str,
    output: Option<&Path>,
    with_history: bool,
    decks: &[PathBuf],
    ctx: &Ctx,
) -> Result<ExitCode, CliError> {
    let Some(output) = output else {
        return Err(
            CliError::usage("an .apkg is a binary file: name it with -o FILE").hint(format!(
                "deckard export {} --format apkg -o {}.apkg",
                escape(deck_arg),
                escape(deck_arg)
            )),
        );
    };
    let (deck, raw) = crate::cli::author::resolve_deck(deck_arg, decks)?;
    let cards = author::export::notes_of(&deck, &raw);
    let origins: HashMap<String, String> = deck
        .cards
        .iter()
        .filter_map(|c| Some((c.note_id.clone(), c.origin.clone()?)))
        .collect();
    let mut history: HashMap<String, anki::export::History> = HashMap::new();
    if with_history {
        let events = crate::cli::commands::read_events(ctx)?;
        let ms: HashMap<_, _> = events
            .iter()
            .filter_map(|e| match &e.body {
                deckard::store::EventBody::Review(r) => Some((e.id, r.ms)),
                _ => None,
            })
            .collect();
        let sched = crate::cli::cards::scheduler(ctx)?;
        let progress = deckard::progress::Progress::replay(&events, &sched);
        for c in &deck.cards {
            let Some(p) = progress.get(&format!("{}/{}", deck.id, c.id)) else {
                continue;
            };
            let answers = p
                .history
                .iter()
                .filter(|h| h.reschedule)
                .map(|h| anki::export::Answered {
                    time: h.time,
                    rating: h.rating as u8,
                    ms: ms.get(&h.event).copied().unwrap_or(0),
                })
                .collect();
            let card_sched = sched.for_deck(&deck.id);
            let config = card_sched.config();
            let steps = match p.state.phase {
                deckard::schedule::Phase::Relearning => config.relearning_steps.len(),
                _ => config.learning_steps.len(),
            };
            history.insert(
                c.id.clone(),
                anki::export::History {
                    answers,
                    state: p.state.clone(),
                    remaining_steps: u32::try_from(steps)
                        .unwrap_or(u32::MAX)
                        .saturating_sub(p.state.step),
                    desired_retention: config.desired_retention,
                    decay: card_sched.params().weights()[20],
                    suspended: p.suspended,
                },
            );
        }
    }
    // Media the cards name, from the `media/` folder beside the deck file.
    let mut media = Vec::new();
    if let deckard::deck::Origin::File(path) = &deck.origin {
        let dir = path.parent().unwrap_or(Path::new(".")).join("media");
        let mut names: Vec<String> = deck
            .cards
            .iter()
            .flat_map(|c| {
                anki::marked_media(&format!(
                    "{} {} {}",
                    c.prompt,
                    c.canonical(),
                    c.explain.as_deref().unwrap_or("")
                ))
            })
            .collect();
        names.sort();
        names.dedup();
        for n in names {
            if let Ok(bytes) = std::fs::read(dir.join(&n)) {
                media.push((n, bytes));
            }
        }
    }
    let deck_sched = crate::cli::cards::scheduler(ctx)?;
    let input = anki::export::DeckIn {
        title: &deck.title,
        cards: &cards,
        origins: &origins,
        history: &history,
        media: &media,
        days: &ctx.settings.schedule.days,
        config: deck_sched.for_deck(&deck.id).config(),
    };
    let w = anki::export::apkg(&input, ctx.now()).map_err(anki_err)?;
    for (id, how) in &w.approximated {
        errln!("exported `{}` {}", escape(id), escape(how));
    }
    deckard::fsio::write_atomic(output, &w.bytes).map_err(|e| CliError::io(output, &e))?;
    outln!(
        "wrote {}: {} note(s), {} review(s), {} media file(s); open it in Anki with File > Import",
        output.display(),
        w.notes,
        w.reviews,
        media.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The scheduler of `settings` (the learner's, with imported deck options merged in), each
/// deck with its own table's, counting days as the learner's context does.
fn scheduler_of(
    settings: &deckard::config::Settings,
    ctx: &Ctx,
) -> Result<deckard::schedule::Scheduler, CliError> {
    use deckard::schedule::Scheduler;
    let days = &ctx.settings.schedule.days;
    let build = |mut config: deckard::schedule::Config| {
        config.days = days.clone();
        Scheduler::new(config).map_err(|e| CliError::internal(format!("the merged settings: {e}")))
    };
    let mut decks = HashMap::new();
    for (id, deck) in &settings.per_deck {
        decks.insert(id.clone(), build(deck.schedule.clone())?);
    }
    Ok(build(settings.schedule.clone())?.with_decks(decks))
}
