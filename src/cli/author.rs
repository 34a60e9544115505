//! The authoring subcommands' terminal side: `new`, `fmt`, `import`, `export` and `draft` read
//! and write files and report, while the work itself is in `deckard::author`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::out::{errln, out, outln};

use deckard::author::append::{DeckMeta, append_cards};
use deckard::author::{self, export, import};
use deckard::deck::{self, Source};
use deckard::sanitize::escape;

use crate::cli::error::CliError;

fn escape_lines(s: &str) -> String {
    deckard::sanitize::escape_multiline(s).into_owned()
}

/// `deckard new PATH`.
pub fn new(path: &Path, title: Option<&str>, id: Option<&str>) -> Result<ExitCode, CliError> {
    let id = author::template::create(path, title, id).map_err(CliError::from)?;
    outln!(
        "created {} (deck `{}`): edit the example cards, then `deckard check {}`",
        path.display(),
        escape(&id),
        path.display()
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
        let result = author::read_text(f).and_then(|text| {
            let out = author::format::format_text(&f.display().to_string(), &text)?;
            Ok((text, out))
        });
        match result {
            Ok((text, out)) if text != out => {
                changed += 1;
                if check {
                    outln!("{}", f.display());
                } else {
                    author::write_atomic(f, &out).map_err(CliError::from)?;
                    outln!("formatted {}", f.display());
                }
            }
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                errln!("deckard: error: {}", escape_lines(&e.to_string()));
            }
        }
    }
    if check && changed > 0 {
        errln!(
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
    let got = import::import_text(&text, &opts);
    for p in &got.problems {
        errln!(
            "{}:{}: not imported: {}",
            a.file.display(),
            p.line,
            escape(&p.message)
        );
    }
    if got.cards.is_empty() {
        return Err(CliError::input(format!(
            "no card could be imported from {} (read as {format:?})",
            a.file.display()
        ))
        .hint("pick the format with --format csv|tsv|anki|quizlet|gift"));
    }
    let sources: Vec<Source> = distinct_sources(&got.cards);
    let written = write_cards(a.to, a.deck_id, None, &sources, &got.cards)?;
    outln!(
        "imported {written} card(s) into {} ({} problem(s) listed above)",
        a.to.display(),
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

/// Appends cards to a deck file (creating it if needed), atomically; returns how many.
fn write_cards(
    to: &Path,
    deck_id: Option<&str>,
    title: Option<&str>,
    sources: &[Source],
    cards: &[author::NewCard],
) -> Result<usize, CliError> {
    let existing = if to.exists() {
        Some(author::read_text(to).map_err(CliError::from)?)
    } else {
        None
    };
    let mut meta = DeckMeta::from_path(to);
    if let Some(id) = deck_id {
        meta.id = id.to_string();
    }
    if let Some(t) = title {
        meta.title = t.to_string();
    }
    let name = to.display().to_string();
    if let Some(text) = &existing
        && !text.trim().is_empty()
    {
        author::validate(&name, text)
            .map_err(CliError::from)
            .map_err(|f| f.hint(format!("fix the deck first: deckard check {name}")))?;
    }
    let out = append_cards(&name, existing.as_deref(), &meta, sources, cards).map_err(CliError::from)?;
    author::write_atomic(to, &out.text).map_err(CliError::from)?;
    Ok(out.ids.len())
}

/// `deckard export DECK --format F [-o FILE]`.
pub fn export(
    deck_arg: &str,
    format: &str,
    output: Option<&Path>,
    decks: &[PathBuf],
) -> Result<ExitCode, CliError> {
    let format = export::Format::parse(format)
        .ok_or_else(|| CliError::usage(format!("unknown format `{}`", escape(format))))?;
    let path = Path::new(deck_arg);
    let (deck, raw) = if path.is_file() {
        let text = author::read_text(path).map_err(CliError::from)?;
        (author::validate(deck_arg, &text).map_err(CliError::from)?, text)
    } else {
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
        (d.clone(), raw)
    };
    let ex = export::export(&export::notes_of(&deck, &raw), format);
    for (id, why) in &ex.skipped {
        errln!("left out `{}`: {}", escape(id), escape(why));
    }
    for (id, how) in &ex.approximated {
        errln!("exported `{}` as {}", escape(id), escape(how));
    }
    match output {
        Some(o) => {
            author::write_atomic(o, &ex.text).map_err(CliError::from)?;
            errln!("wrote {}", o.display());
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
            file.display()
        )));
    }
    match to {
        Some(to) => {
            let n = write_cards(
                to,
                None,
                Some(&d.source.title),
                std::slice::from_ref(&d.source),
                &d.cards,
            )?;
            outln!(
                "drafted {n} card(s) into {}: review each, then remove `draft = true`",
                to.display()
            );
        }
        None => {
            let mut meta = DeckMeta::from_path(file);
            meta.title = d.source.title.clone();
            let out = append_cards("<stdout>", None, &meta, std::slice::from_ref(&d.source), &d.cards)
                .map_err(CliError::from)?;
            out!("{}", escape_lines(&out.text));
            errln!("drafted {} card(s); save them with --to DECK_FILE", out.ids.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
