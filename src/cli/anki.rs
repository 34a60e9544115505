//! `deckard import FILE.apkg --to DIR` and `deckard export DECK --format apkg`: the terminal
//! side of the Anki package support in `deckard::author::anki` (reading the file, writing the
//! deck files, media and progress events, and the report).

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use deckard::author::{self, anki};
use deckard::sanitize::escape;
use deckard::store::Event;

use crate::cli::ctx::Ctx;
use crate::cli::error::CliError;
use crate::cli::out::{errln, outln};

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

/// `deckard import FILE.apkg|FILE.colpkg --to DIR`; `config` is the settings file the decks'
/// options go to (`None`: printed instead).
pub fn import(file: &Path, to: &Path, ctx: &Ctx, config: Option<PathBuf>) -> Result<ExitCode, CliError> {
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
    // Deck options merged into the settings file and checked as deckard will read them.
    let settings = match &config {
        Some(path) if !conv.settings.is_empty() => {
            let old = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                Err(e) => return Err(CliError::io(path, &e)),
            };
            let merged = anki::settings::merge(&old, &conv.settings).map_err(|e| {
                CliError::input(format!("{}: {e}", path.display()))
                    .hint("fix the settings file, then import again")
            })?;
            deckard::config::Settings::parse(path, &merged.text).map_err(|e| {
                CliError::internal(format!("the deck options would not be valid settings: {e}"))
            })?;
            Some((path.clone(), old != merged.text, merged))
        }
        _ => None,
    };
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
        let progress = deckard::progress::Progress::replay(&all, &crate::cli::cards::scheduler(ctx)?);
        new.extend(anki::suspension_events(&conv.suspension, &progress));
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
    if let Some((path, changed, merged)) = &settings
        && *changed
    {
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
    match &settings {
        Some((path, _, merged)) => {
            for d in &merged.added {
                outln!(
                    "deck options: added [deck.{d}] to {} (from Anki's preset)",
                    path.display()
                );
            }
            for d in &merged.kept {
                outln!("deck options: kept your [deck.{d}] in {}", path.display());
            }
        }
        None if !conv.settings.is_empty() => {
            outln!("deck options from Anki: add them to config.toml to study with Anki's settings:");
            for s in &conv.settings {
                for line in s.toml.lines() {
                    outln!("  {line}");
                }
            }
        }
        None => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn report(file: &Path, to: &Path, got: &anki::Imported, decks: usize, media: usize, events: usize) {
    let c = &got.conversion;
    outln!(
        "read {} ({}): {} of {} note(s) converted into {} card(s) in {} deck(s)",
        file.display(),
        got.layout.file_name(),
        c.notes_converted,
        c.notes,
        c.anki_cards,
        c.decks.len()
    );
    for d in &c.decks {
        outln!(
            "  {}: {} card(s) from \"{}\"",
            to.join(format!("{}.toml", d.id)).display(),
            d.cards,
            escape(&d.title)
        );
    }
    outln!(
        "history: {} review(s), {} due date(s), {} suspended; {} new event(s) in {}",
        c.reviews,
        c.rescheduled,
        c.suspended,
        events,
        "the progress log"
    );
    outln!(
        "media: {} file(s) in {} ({} new or changed)",
        got.media.len(),
        to.join("media").display(),
        media
    );
    if decks == 0 && media == 0 && events == 0 {
        outln!("nothing changed: this package was imported before");
    }
    if !c.skipped.is_empty() {
        errln!("not converted:");
        for s in &c.skipped {
            errln!("  {}", escape(s));
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
            history.insert(
                c.id.clone(),
                anki::export::History {
                    answers,
                    due: p.state.due,
                    interval_days: p.state.interval_days,
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
    let input = anki::export::DeckIn {
        title: &deck.title,
        cards: &cards,
        origins: &origins,
        history: &history,
        media: &media,
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
