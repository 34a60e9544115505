//! Compiled deck files: each file's parsed deck and diagnostics, keyed by its path, size,
//! modification time and content hash, so an unchanged file is decoded instead of parsed.
//!
//! The deck model is stored through its serde derive, so fields added to it come along
//! without changes here (a changed model changes the cache key (`super::key_version`) or
//! fails to decode, and either way the file is parsed again).

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::{Cache, frame, name_hash};
use crate::deck::{Deck, Diagnostic, Origin, parse_deck};

/// What a compiled deck must match to be used.
#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct DeckKey {
    version: String,
    origin: Origin,
    size: u64,
    mtime_ns: i128,
    hash: u64,
}

#[derive(Serialize, Deserialize)]
struct Compiled {
    deck: Option<Deck>,
    diagnostics: Vec<Diagnostic>,
}

fn key_of(origin: &Origin, text: &str) -> DeckKey {
    let (size, mtime_ns) = match origin {
        Origin::File(path) => std::fs::metadata(path)
            .ok()
            .map(|m| {
                let mtime = m.modified().ok().map(|t| match t.duration_since(UNIX_EPOCH) {
                    Ok(d) => d.as_nanos() as i128,
                    Err(e) => -(e.duration().as_nanos() as i128),
                });
                (m.len(), mtime.unwrap_or(0))
            })
            .unwrap_or((0, 0)),
        Origin::Bundled(_) => (text.len() as u64, 0),
    };
    DeckKey {
        version: super::key_version(),
        origin: origin.clone(),
        size,
        mtime_ns,
        hash: xxh3_64(text.as_bytes()),
    }
}

impl Cache {
    fn deck_path(&self, origin: &Origin) -> PathBuf {
        let name = match origin {
            Origin::File(p) => format!("deck-{:016x}.bin", name_hash(p.as_os_str().as_encoded_bytes())),
            Origin::Bundled(n) => format!("bundled-{:016x}.bin", name_hash(n.as_bytes())),
        };
        self.dir.join(name)
    }

    /// The deck in `text` (from `origin`), decoded from the cache when its key matches, else
    /// parsed and written to the cache.
    pub fn parse_deck(&self, origin: Origin, text: &str) -> (Option<Deck>, Vec<Diagnostic>) {
        let key = key_of(&origin, text);
        let path = self.deck_path(&origin);
        if let Some(c) = read_compiled(&path, &key) {
            return (c.deck, c.diagnostics);
        }
        let (deck, diagnostics) = parse_deck(origin, text);
        // The judge's self-check of every card, done once here rather than at every start.
        let deck = deck.map(|mut d| {
            d.refused = Some(crate::answer::refused_cards(&d));
            d
        });
        let compiled = Compiled { deck, diagnostics };
        if let (Ok(mut payload), Ok(body)) = (postcard::to_allocvec(&key), postcard::to_allocvec(&compiled)) {
            payload.extend_from_slice(&body);
            // A cache that cannot be written only costs speed next time.
            let _ = frame::write(&path, &payload);
        }
        (compiled.deck, compiled.diagnostics)
    }

    /// Loads deck files and folders like [`crate::deck::load_paths`], through the cache.
    pub fn load_paths(&self, paths: &[PathBuf]) -> crate::deck::Library {
        crate::deck::load_paths_with(paths, &|origin, text| self.parse_deck(origin, text))
    }

    /// Loads the decks in use like [`crate::deck::load_with_bundled`], through the cache.
    pub fn load_with_bundled(&self, bundled: bool, paths: &[PathBuf]) -> crate::deck::Library {
        crate::deck::load_with_bundled_through(bundled, paths, &|origin, text| self.parse_deck(origin, text))
    }

    /// Loads the bundled decks like [`crate::deck::load_bundled`], through the cache.
    pub fn load_bundled(&self) -> crate::deck::Library {
        crate::deck::load_bundled_with(&|origin, text| self.parse_deck(origin, text))
    }
}

fn read_compiled(path: &Path, key: &DeckKey) -> Option<Compiled> {
    let payload = frame::read(path)?;
    let (stored, rest) = postcard::take_from_bytes::<DeckKey>(&payload).ok()?;
    if &stored != key {
        return None;
    }
    postcard::from_bytes(rest).ok()
}
