//! Decks: the model, loading from files, folders or the bundled set, and validation.

pub mod cloze;
mod diag;
mod fields;
mod index;
pub mod limits;
mod model;
mod parse;
mod split;
mod v2;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use diag::{Diagnostic, LineIndex, Severity};
pub use fields::closest;
pub use model::{Alternatives, Answer, Card, Deck, Graded, Kind, Origin, Pos, Source, format_number, letter};
pub use parse::parse_deck;

/// Largest deck file read, in bytes; larger files are refused with an error rather than read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Deepest folder nesting followed when loading a folder of decks.
const MAX_DEPTH: usize = 32;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The decks compiled into the binary: `(path under decks/, file text)`.
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled::BUNDLED
}

/// The card index of a [`Library`], built on its first lookup.
#[derive(Debug, Default)]
pub struct CardLookup(OnceLock<index::CardIndex>);

/// A set of loaded decks and every problem found while loading them.
#[derive(Debug, Default)]
pub struct Library {
    /// Decks that loaded without errors, in study order (`position`, then id).
    pub decks: Vec<Deck>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Card key → place, built on the first lookup. Public only so that
    /// `Library { decks, ..Library::default() }` compiles; leave it to `Default`.
    pub index: CardLookup,
}

impl Library {
    /// True when any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// Looks a deck up by id.
    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id == id)
    }

    /// A library of these decks and diagnostics.
    pub fn new(decks: Vec<Deck>, diagnostics: Vec<Diagnostic>) -> Library {
        Library {
            decks,
            diagnostics,
            index: CardLookup::default(),
        }
    }

    /// Looks a card up by its key `deck-id/card-id`, through an index built on first use.
    pub fn card(&self, key: &str) -> Option<(&Deck, &Card)> {
        let (deck, card) = key.split_once('/')?;
        let index = self.index.0.get_or_init(|| index::CardIndex::build(&self.decks));
        if index.fits(&self.decks) {
            return index.find(&self.decks, deck, card);
        }
        // Decks added or removed after the first lookup: search them directly.
        let deck = self.deck(deck)?;
        Some((deck, deck.card(card)?))
    }

    /// Former card keys and the current keys their history belongs to, from `renamed_from`:
    /// `deck/old-id` → `deck/new-id`.
    pub fn renames(&self) -> crate::progress::Renames {
        self.decks
            .iter()
            .flat_map(|d| {
                d.cards.iter().flat_map(move |c| {
                    c.renamed_from
                        .iter()
                        .map(move |old| (format!("{}/{old}", d.id), format!("{}/{}", d.id, c.id)))
                })
            })
            .collect()
    }

    /// Total number of cards.
    pub fn card_count(&self) -> usize {
        self.decks.iter().map(|d| d.cards.len()).sum()
    }

    fn add(&mut self, origin: Origin, text: &str, parse: &Parse<'_>) {
        let (deck, diags) = parse(origin, text);
        self.diagnostics.extend(diags);
        if let Some(deck) = deck {
            self.decks.push(deck);
        }
    }

    /// Reports decks that share an id, naming both places, and keeps only the first.
    fn dedupe(&mut self) {
        let mut first: HashMap<String, (String, Pos)> = HashMap::new();
        let mut keep = Vec::with_capacity(self.decks.len());
        for deck in self.decks.drain(..) {
            let name = deck.origin.display_name();
            if let Some((f, p)) = first.get(&deck.id) {
                self.diagnostics.push(Diagnostic {
                    file: name,
                    pos: deck.pos,
                    severity: Severity::Error,
                    message: format!(
                        "duplicate deck id `{}` (also used at {f}:{}:{})",
                        deck.id, p.line, p.col
                    ),
                    hint: Some("deck ids must be unique: progress is keyed by deck-id/card-id".into()),
                });
            } else {
                first.insert(deck.id.clone(), (name, deck.pos));
                keep.push(deck);
            }
        }
        self.decks = keep;
        self.sort();
    }

    /// Puts the decks in study order: by `position`, then by id; decks without a position
    /// after those with one.
    fn sort(&mut self) {
        self.decks.sort_by(|a, b| {
            (a.position.is_none(), a.position, &a.id).cmp(&(b.position.is_none(), b.position, &b.id))
        });
    }
}

/// Turns one deck file's text into its deck and diagnostics: [`parse_deck`], or a cache of its
/// results (`crate::cache`).
pub type Parse<'a> = dyn Fn(Origin, &str) -> (Option<Deck>, Vec<Diagnostic>) + Sync + 'a;

/// Loads the decks compiled into the binary.
pub fn load_bundled() -> Library {
    load_bundled_with(&parse_deck)
}

/// [`load_bundled`], each file through `parse`.
pub fn load_bundled_with(parse: &Parse<'_>) -> Library {
    let mut lib = Library::default();
    for (name, text) in bundled_files() {
        lib.add(Origin::Bundled((*name).to_string()), text, parse);
    }
    lib.dedupe();
    lib
}

/// Loads the bundled decks (when `bundled`) and deck files and folders: the decks in use when
/// the settings add decks of the learner's own.
pub fn load_with_bundled(bundled: bool, paths: &[PathBuf]) -> Library {
    load_with_bundled_through(bundled, paths, &parse_deck)
}

/// [`load_with_bundled`], each file through `parse`.
pub fn load_with_bundled_through(bundled: bool, paths: &[PathBuf], parse: &Parse<'_>) -> Library {
    let mut lib = if bundled {
        load_bundled_with(parse)
    } else {
        Library::default()
    };
    let more = load_paths_with(paths, parse);
    lib.decks.extend(more.decks);
    lib.diagnostics.extend(more.diagnostics);
    lib.dedupe();
    lib
}

/// Loads deck files and folders (recursively, `*.toml`), in the order given.
pub fn load_paths(paths: &[PathBuf]) -> Library {
    load_paths_with(paths, &parse_deck)
}

/// [`load_paths`], each file through `parse`.
pub fn load_paths_with(paths: &[PathBuf], parse: &Parse<'_>) -> Library {
    let mut lib = Library::default();
    let mut files = Vec::new();
    for path in paths {
        if let Err(d) = collect(path, 0, &mut files) {
            lib.diagnostics.push(d);
        }
    }
    // Files parse independently: spread them over the cores, then keep the given order.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    let parsed: Vec<Library> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut l = Library::default();
                    for file in part {
                        match read_deck_file(file) {
                            Ok(text) => l.add(Origin::File(file.clone()), &text, parse),
                            Err(d) => l.diagnostics.push(d),
                        }
                    }
                    l
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for l in parsed {
        lib.decks.extend(l.decks);
        lib.diagnostics.extend(l.diagnostics);
    }
    lib.dedupe();
    lib
}

fn io_error(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        file: path.display().to_string(),
        pos: Pos { line: 1, col: 1 },
        severity: Severity::Error,
        message,
        hint: None,
    }
}

fn collect(path: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, format!("cannot read: {e}")))?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if !meta.is_dir() {
        return Err(io_error(
            path,
            "it is not a regular file or a folder (a pipe or device?); deckard reads only regular files"
                .into(),
        ));
    }
    if depth > MAX_DEPTH {
        return Err(io_error(
            path,
            format!("folders nested deeper than {MAX_DEPTH} levels are not searched"),
        ));
    }
    let entries = std::fs::read_dir(path).map_err(|e| io_error(path, format!("cannot read folder: {e}")))?;
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let is_symlink = std::fs::symlink_metadata(&child)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(true);
        if child.is_dir() && !is_symlink {
            collect(&child, depth + 1, out)?;
        } else if child.is_file() && child.extension().is_some_and(|e| e == "toml") {
            out.push(child);
        }
    }
    Ok(())
}

/// Reads a deck file as UTF-8, reporting where invalid bytes start.
pub fn read_deck_file(path: &Path) -> Result<String, Diagnostic> {
    // Counted on the bytes read, and only from a regular file: a FIFO or /dev/zero is refused.
    let bytes = crate::untrusted::read_capped(path, MAX_FILE_BYTES).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => io_error(
            path,
            format!("the file is larger than {MAX_FILE_BYTES} bytes, the limit for deck files"),
        ),
        _ => io_error(path, format!("cannot read: {e}")),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let text = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
        let mut d = io_error(path, "the file is not valid UTF-8 text".into());
        d.pos = LineIndex::new(text).pos(good);
        d.hint =
            Some("deck files are UTF-8 TOML; is this a binary file, or saved in another encoding?".into());
        d
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod bundled_tests;

#[cfg(test)]
mod v2_tests;

#[cfg(test)]
mod by_cards_tests;
