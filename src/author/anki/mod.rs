//! Anki packages in and out: `.apkg` and `.colpkg` (a zip holding a SQLite collection and
//! media) read into deck files and progress events, and decks written back as an `.apkg`
//! Anki opens.
//!
//! Reading is split by job: [`package`] opens the zip within limits, [`collection`] reads the
//! SQLite collection (schema 11 or 18), [`convert`] turns notes into deck files, `history` the
//! review log into events and [`settings`] deck options into settings; [`export`] writes a
//! package. Nothing here writes outside a private temporary folder (SQLite needs a file): the
//! caller writes what [`import`] returns, so a bad package leaves the disk untouched.

pub mod collection;
pub mod convert;
pub mod export;
pub mod history;
pub mod package;
mod proto;
pub mod settings;
mod text;

#[cfg(test)]
mod tests;

pub use convert::{Conversion, DeckFile, Existing, Settings};
pub use history::{Learning, learning_differences, suspension_events};
pub use package::{Layout, Limits};
pub use text::marked_media;

/// What goes wrong reading or writing an Anki package.
#[derive(Debug, thiserror::Error)]
pub enum AnkiError {
    /// The zip is not a package, is damaged, or passes a limit.
    #[error("{file}: {message}")]
    Package {
        /// The package, as named.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The SQLite collection inside cannot be read.
    #[error("{file}: {message}")]
    Collection {
        /// The package, as named.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A deck file in the target folder holds cards that did not come from this collection.
    #[error(
        "the deck file for `{deck}` holds card(s) that did not come from this Anki collection ({}); \
         nothing was written",
        cards.join(", ")
    )]
    Foreign {
        /// The deck id.
        deck: String,
        /// The card ids.
        cards: Vec<String>,
    },
    /// Writing a package failed.
    #[error("{file}: {message}")]
    Write {
        /// The package being written.
        file: String,
        /// What failed.
        message: String,
    },
    /// A value out of range that a valid collection never holds.
    #[error("unexpected value in the collection: {0}")]
    Internal(String),
}

/// A package converted: the media files to copy and the decks and events.
pub struct Imported {
    /// The layout the collection came in.
    pub layout: Layout,
    /// Media files: (file name, bytes).
    pub media: Vec<(String, Vec<u8>)>,
    /// Decks, events and the report.
    pub conversion: Conversion,
}

/// Reads a package (its bytes; `name` for messages) and converts it. `existing` gives the deck
/// file already written for a deck id, so a second import keeps its card ids.
pub fn import(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    existing: &Existing<'_>,
) -> Result<Imported, AnkiError> {
    let pkg = package::read(name, bytes, limits)?;
    let col = collection::read(name, &pkg.collection)?;
    let mut conversion = convert::convert(&col, existing)?;
    conversion.skipped.extend(pkg.media_skipped);
    Ok(Imported {
        layout: pkg.layout,
        media: pkg.media,
        conversion,
    })
}
