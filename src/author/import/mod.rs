//! `deckard import`: cards from other tools' files.
//!
//! Every importer returns the cards it could convert and a [`Problem`] with the line number for
//! everything it could not, so nothing is dropped silently.

pub mod anki;
pub mod csv;
pub mod gift;
pub mod quizlet;
mod row;

use std::path::Path;

use super::NewCard;

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row naming the columns.
    Csv,
    /// Tab-separated values with a header row naming the columns.
    Tsv,
    /// Anki's "Notes in Plain Text" export (front TAB back, HTML, `#separator:` headers).
    Anki,
    /// Quizlet's export: term and definition with custom separators.
    Quizlet,
    /// Moodle's GIFT format.
    Gift,
}

impl Format {
    /// Parses a format name as given to `--format`.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "anki" | "anki-txt" | "anki-text" => Format::Anki,
            "quizlet" => Format::Quizlet,
            "gift" | "moodle" => Format::Gift,
            _ => return None,
        })
    }

    /// Guesses the format from the file name and content.
    pub fn guess(path: &Path, text: &str) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => return Format::Csv,
            Some("tsv") => return Format::Tsv,
            Some("gift") => return Format::Gift,
            _ => {}
        }
        if text.starts_with("#separator:") || text.starts_with("#html:") {
            return Format::Anki;
        }
        let gift_like = text.lines().any(|l| {
            let l = l.trim();
            l.starts_with("::")
                || (l.contains('{')
                    && (l.contains('=')
                        || l.contains('~')
                        || l.contains("{T")
                        || l.contains("{F")
                        || l.contains("{#")))
        });
        if gift_like {
            Format::Gift
        } else if text.contains('\t') {
            Format::Anki
        } else {
            Format::Quizlet
        }
    }
}

/// How to read the input.
#[derive(Debug, Clone)]
pub struct Options {
    /// The format.
    pub format: Format,
    /// Quizlet: what separates a term from its definition.
    pub term_sep: String,
    /// Quizlet: what separates two cards.
    pub card_sep: String,
}

impl Options {
    /// Default options for a format (Quizlet's defaults: tab and newline).
    pub fn new(format: Format) -> Self {
        Options {
            format,
            term_sep: "\t".into(),
            card_sep: "\n".into(),
        }
    }
}

/// Something in the input that did not become a card, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the input file.
    pub line: usize,
    /// What it was and why it could not be converted.
    pub message: String,
}

/// What an import produced.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The converted cards, in input order.
    pub cards: Vec<NewCard>,
    /// Everything left out, in input order.
    pub problems: Vec<Problem>,
}

impl Imported {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            message: message.into(),
        });
    }
}

/// Converts the text of a file in the given format.
pub fn import_text(text: &str, opts: &Options) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match opts.format {
        Format::Csv => csv::import(text, csv::Dialect::csv()),
        Format::Tsv => csv::import(text, csv::Dialect::tsv()),
        Format::Anki => csv::import(text, csv::Dialect::anki()),
        Format::Quizlet => quizlet::import(text, &opts.term_sep, &opts.card_sep),
        Format::Gift => gift::import(text),
    }
}

/// Decodes a separator given on the command line: `tab`, `comma`, `semicolon`, `newline`,
/// `\t`, `\n`, or the literal text.
pub fn separator(s: &str) -> String {
    match s.to_ascii_lowercase().as_str() {
        "tab" => "\t".into(),
        "comma" => ",".into(),
        "semicolon" => ";".into(),
        "newline" | "new line" | "line" => "\n".into(),
        "dash" => "-".into(),
        _ => s.replace("\\t", "\t").replace("\\n", "\n"),
    }
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}
