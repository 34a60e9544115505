//! The authoring subcommands' terminal side: `new`, `fmt`, `import`, `export` and `draft` read
//! and write files and report, while the work itself is in `deckard::author`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::out::{errln, errproseln, out, outln, proseln};

use deckard::author::append::{DeckMeta, append_cards};
use deckard::author::edit::Missing;
use deckard::author::{self, export, import};
use deckard::deck::{self, Source};
use deckard::sanitize::escape;

use crate::cli::error::CliError;

/// A path as shown to the user: escaped, since file names can hold control characters.
fn shown(path: &Path) -> String {
    escape(&path.display().to_string()).into_owned()
}

fn escape_lines(s: &str) -> String {
    deckard::sanitize::escape_multiline(s).into_owned()
}

/// `deckard new PATH`.
pub fn new(path: &Path, title: Option<&str>, id: Option<&str>) -> Result<ExitCode, CliError> {
    let id = author::template::create(path, title, id).map_err(CliError::from)?;
    proseln!(
        "created {} (deck `{}`): edit the example cards, then `deckard check {}`",
        shown(path),
        escape(&id),
        shown(path)
    );
    Ok(ExitCode::SUCCESS)
}

/// `deckard fmt [PATH…] [--check]`.
pub fn fmt(paths: &[PathBuf], decks: &[PathBuf], check: bool) -> Result<ExitCode, CliError> {
    let paths = if paths.is_empty() { decks } else { paths };
    if paths.is_empty() {
        return Err(CliError::usage("give the deck files or folders to format")
            .hint("deckard fmt decks/ (or --decks PATH)"));
    }
    let files = author::deck_files(paths).map_err(CliError::from)?;
    let mut changed = 0;
    let mut failed = 0;
    for f in &files {
        let name = f.display().to_string();
        let result = if check {
            author::read_text(f).and_then(|text| {
                let out = author::format::format_text(&name, &text)?;
                Ok(text != out)
            })
        } else {
            // Formatted from the content under the lock, and not written over an edit saved
            // meanwhile (see `author::edit`).
            author::edit::update(f, Missing::Refuse, |text| {
                let text = text.unwrap_or_default();
                let out = author::format::format_text(&name, text)?;
                let differs = out != text;
                Ok((out, differs))
            })
        };
        match result {
            Ok(true) => {
                changed += 1;
                if check {
                    outln!("{}", escape(&name));
                } else {
                    outln!("formatted {}", escape(&name));
                }
            }
            Ok(false) => {}
            Err(e) => {
                failed += 1;
                errproseln!("deckard: error: {}", escape_lines(&e.to_string()));
            }
        }
    }
    if check && changed > 0 {
        errproseln!(
            "{changed} of {} file(s) would be reformatted; run `deckard fmt` to fix them",
            files.len()
        );
    }
    Ok(if failed > 0 || (check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Options of `deckard import`.
pub struct ImportArgs<'a> {
    /// The file to read.
    pub file: &'a Path,
    /// The deck file to write.
    pub to: &'a Path,
    /// `--format`, if given.
    pub format: Option<&'a str>,
    /// `--deck-id`, for a new deck file.
    pub deck_id: Option<&'a str>,
    /// Quizlet term separator.
    pub term_sep: &'a str,
    /// Quizlet card separator.
    pub card_sep: &'a str,
    /// `--delimiter`: the field separator of a delimited file.
    pub delimiter: Option<&'a str>,
}

/// `deckard import FILE --to DECK_FILE`.
pub fn import(a: &ImportArgs<'_>) -> Result<ExitCode, CliError> {
    let text = author::read_text(a.file).map_err(CliError::from)?;
    let format = match a.format {
        Some(f) => import::Format::parse(f)
            .ok_or_else(|| CliError::usage(format!("unknown format `{}`", escape(f))))?,
        None => import::Format::guess(a.file, &text),
    };
    let mut opts = import::Options::new(format);
    opts.term_sep = import::separator(a.term_sep);
    opts.card_sep = import::separator(a.card_sep);
    if let Some(d) = a.delimiter {
        let sep = import::separator(d);
        let mut chars = sep.chars();
        opts.delimiter = match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii() => Some(c),
            _ => {
                return Err(
                    CliError::usage(format!("--delimiter `{}` is not one character", escape(d)))
                        .hint("give comma, semicolon, tab, pipe or a single ASCII character"),
                );
            }
        };
    }
    let got = import::import_text(&text, &opts);
    for p in &got.problems {
        errproseln!(
            "{}:{}: {}: {}",
            shown(a.file),
            p.line,
            if p.partial { "left out" } else { "not imported" },
            escape(&p.message)
        );
    }
    errproseln!("{}", import::describe_reading(format, &got));
    if got.cards.is_empty() {
        return Err(CliError::input(format!(
            "no card could be imported from {} (read as {format:?})",
            shown(a.file)
        ))
        .hint("pick the format with --format csv|tsv|anki|quizlet|gift"));
    }
    let sources: Vec<Source> = distinct_sources(&got.cards);
    let (added, updated) = write_cards(a.to, a.deck_id, None, &sources, &got.cards)?;
    proseln!(
        "imported {} card(s) into {}: {added} new, {updated} updated ({} problem(s) listed above)",
        added + updated,
        shown(a.to),
        got.problems.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Sources the cards name, declared with their id as title (a deck that has them keeps its own).
fn distinct_sources(cards: &[author::NewCard]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for id in cards.iter().filter_map(|c| c.source.as_deref()) {
        if !out.iter().any(|s| s.id == id) {
            out.push(Source {
                id: id.into(),
                title: id.into(),
                publisher: None,
                as_of: None,
                url: None,
            });
        }
    }
    out
}

/// Appends cards to a deck file (creating it if needed), atomically, updating the cards that
/// have an incoming card's `origin`; returns how many were added and how many updated.
fn write_cards(
    to: &Path,
    deck_id: Option<&str>,
    title: Option<&str>,
    sources: &[Source],
    cards: &[author::NewCard],
) -> Result<(usize, usize), CliError> {
    let mut meta = DeckMeta::from_path(to);
    if let Some(id) = deck_id {
        meta.id = id.to_string();
    }
    if let Some(t) = title {
        meta.title = t.to_string();
    }
    let name = to.display().to_string();
    // Appended to the file's content under its lock, never to a copy read earlier, so two
    // imports into one file both land (see `author::edit`).
    let mut invalid = false;
    let written = author::edit::update(to, Missing::Create, |existing| {
        if let Some(text) = existing
            && !text.trim().is_empty()
        {
            author::validate(&name, text).inspect_err(|_| invalid = true)?;
        }
        let out = append_cards(&name, existing, &meta, sources, cards)?;
        let counts = (out.ids.len(), out.updated.len());
        Ok((out.text, counts))
    });
    written.map_err(|e| {
        let e = CliError::from(e);
        match invalid {
            true => e.hint(format!("fix the deck first: deckard check {}", escape(&name))),
            false => e,
        }
    })
}

/// `deckard export DECK --format F [-o FILE [--force]]`.
pub fn export(
    deck_arg: &str,
    format: &str,
    output: Option<&Path>,
    force: bool,
    decks: &[PathBuf],
) -> Result<ExitCode, CliError> {
    let format = export::Format::parse(format)
        .ok_or_else(|| CliError::usage(format!("unknown format `{}`", escape(format))))?;
    let (deck, raw) = resolve_deck(deck_arg, decks)?;
    if let Some(o) = output {
        check_output(o, &deck, force)?;
    }
    let ex = export::export_deck(&deck, &raw, format);
    for line in ex.report() {
        errproseln!("{}", escape(&line));
    }
    match output {
        Some(o) => {
            if force {
                author::write_atomic(o, &ex.text).map_err(CliError::from)?;
            } else {
                // Created whole or not at all, and never over a file made meanwhile.
                deckard::fsio::write_new(o, ex.text.as_bytes()).map_err(|e| match e.kind() {
                    std::io::ErrorKind::AlreadyExists => exists(o),
                    _ => CliError::io(o, &e),
                })?;
            }
            errln!("wrote {}", shown(o));
        }
        None => {
            use std::io::{IsTerminal, Write};
            let mut out = std::io::stdout().lock();
            // Deck text reaches a terminal escaped; a pipe or file gets it as it is.
            let text = if out.is_terminal() {
                escape_lines(&ex.text)
            } else {
                ex.text.clone()
            };
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| CliError::io_named("standard output", &e))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses an `-o` that is the deck being exported (even with `--force`), is not a regular
/// file, or exists without `--force`.
fn check_output(o: &Path, deck: &deck::Deck, force: bool) -> Result<(), CliError> {
    let name = shown(o);
    if let deck::Origin::File(src) = &deck.origin
        && author::edit::is_same_file(o, src)
    {
        return Err(
            CliError::input(format!("{name} is the deck being exported; not overwriting it"))
                .hint("choose another output file"),
        );
    }
    match std::fs::metadata(o) {
        Ok(m) if !m.is_file() => Err(CliError::input(format!(
            "{name} is not a regular file (a folder or device); not writing to it"
        ))),
        Ok(_) if !force => Err(exists(o)),
        _ => Ok(()),
    }
}

/// The error for an output file that exists and `--force` was not given.
pub(crate) fn exists(o: &Path) -> CliError {
    CliError::input(format!("{} already exists; not overwriting it", shown(o)))
        .hint("choose another file name, or pass --force to replace it")
}

/// The deck `deck_arg` names (a deck file, or a deck id among `decks`) and its file's text.
pub fn resolve_deck(deck_arg: &str, decks: &[PathBuf]) -> Result<(deck::Deck, String), CliError> {
    let path = Path::new(deck_arg);
    if path.is_file() {
        let text = author::read_text(path).map_err(CliError::from)?;
        return Ok((author::validate(deck_arg, &text).map_err(CliError::from)?, text));
    }
    let lib = if decks.is_empty() {
        deck::load_bundled()
    } else {
        deck::load_paths(decks)
    };
    let Some(d) = lib.deck(deck_arg) else {
        let ids: Vec<&str> = lib.decks.iter().map(|d| d.id.as_str()).collect();
        return Err(
            CliError::input(format!("no deck `{}` and no such file", escape(deck_arg)))
                .hint(format!("decks in use: {}", escape(&ids.join(", ")))),
        );
    };
    let raw = export::raw_text(d).ok_or_else(|| CliError::input("cannot read the deck file again"))?;
    Ok((d.clone(), raw))
}

/// `deckard draft TEXT_FILE [--to DECK_FILE]`.
pub fn draft(file: &Path, to: Option<&Path>) -> Result<ExitCode, CliError> {
    let text = author::read_text(file).map_err(CliError::from)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let d = author::draft::draft(&name, &text);
    if d.cards.is_empty() {
        return Err(CliError::input(format!(
            "found nothing to draft in {}",
            shown(file)
        )));
    }
    match to {
        Some(to) => {
            let (n, _) = write_cards(
                to,
                None,
                Some(&d.source.title),
                std::slice::from_ref(&d.source),
                &d.cards,
            )?;
            proseln!(
                "drafted {n} card(s) into {}: review each, then remove `draft = true`",
                shown(to)
            );
        }
        None => {
            let mut meta = DeckMeta::from_path(file);
            meta.title = d.source.title.clone();
            let out = append_cards("<stdout>", None, &meta, std::slice::from_ref(&d.source), &d.cards)
                .map_err(CliError::from)?;
            out!("{}", escape_lines(&out.text));
            errproseln!("drafted {} card(s); save them with --to DECK_FILE", out.ids.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
