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
    /// CSV, TSV and Anki text: the field separator, when given (`--delimiter`); otherwise it
    /// is detected from the file.
    pub delimiter: Option<char>,
}

impl Options {
    /// Default options for a format (Quizlet's defaults: tab and newline).
    pub fn new(format: Format) -> Self {
        Options {
            format,
            term_sep: "\t".into(),
            card_sep: "\n".into(),
            delimiter: None,
        }
    }
}

/// Something in the input that did not become a card, or a part of a card that had no place
/// in deckard's, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the input file.
    pub line: usize,
    /// What it was and why it could not be converted.
    pub message: String,
    /// True when the card (or column) was imported and only the part named was left out;
    /// false when nothing of it was imported.
    pub partial: bool,
}

/// What an import produced.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The converted cards, in input order.
    pub cards: Vec<NewCard>,
    /// Everything left out, in input order.
    pub problems: Vec<Problem>,
    /// The field separator a delimited file was read with.
    pub delimiter: Option<char>,
    /// Whether the text started with a byte-order mark (removed before reading).
    pub bom: bool,
}

impl Imported {
    /// Records something that was not imported at all.
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            message: message.into(),
            partial: false,
        });
    }

    /// Records a part of an imported card (or an ignored column) that had no place.
    fn lost(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            message: message.into(),
            partial: true,
        });
    }
}

/// The card at `line` with its source key: what a later import of the same file finds again.
/// A key that an earlier card of the file already has is dropped (with a note), so the second
/// card is imported as a card of its own instead of overwriting the first.
fn keyed(out: &mut Imported, line: usize, card: NewCard, key: &str, prefix: &str) {
    let key = key.trim();
    let origin = Some(format!("{prefix}:{key}")).filter(|_| !key.is_empty());
    with_origin(out, line, card, origin);
}

/// The card at `line` with the origin given; one an earlier card of the file has is dropped
/// (see [`keyed`]).
fn with_origin(out: &mut Imported, line: usize, mut card: NewCard, origin: Option<String>) {
    if let Some(origin) = origin {
        if out
            .cards
            .iter()
            .any(|c| c.origin.as_deref() == Some(origin.as_str()))
        {
            out.lost(
                line,
                format!("the key `{origin}` repeats an earlier card's; this card will not be updated by a later import"),
            );
        } else {
            card.origin = Some(origin);
        }
    }
    out.cards.push(card);
}

/// Converts the text of a file in the given format.
pub fn import_text(text: &str, opts: &Options) -> Imported {
    let bom = text.starts_with('\u{feff}');
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let with = |d: csv::Dialect| match opts.delimiter {
        Some(c) => d.with_separator(c),
        None => d,
    };
    let mut got = match opts.format {
        Format::Csv => csv::import(text, with(csv::Dialect::csv())),
        Format::Tsv => csv::import(text, with(csv::Dialect::tsv())),
        Format::Anki => csv::import(text, with(csv::Dialect::anki())),
        Format::Quizlet => quizlet::import(text, &opts.term_sep, &opts.card_sep),
        Format::Gift => gift::import(text),
    };
    got.bom = bom;
    got
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
        "pipe" => "|".into(),
        _ => s.replace("\\t", "\t").replace("\\n", "\n"),
    }
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// One line saying how the input was read: the format, the separator a delimited file was
/// split at, and whether a byte-order mark was removed.
pub fn describe_reading(format: Format, got: &Imported) -> String {
    let name = match format {
        Format::Csv => "CSV",
        Format::Tsv => "TSV",
        Format::Anki => "Anki text",
        Format::Quizlet => "Quizlet",
        Format::Gift => "GIFT",
    };
    let mut s = format!("read as {name}");
    if let Some(d) = got.delimiter {
        let shown = match d {
            '\t' => "tab".to_string(),
            ',' => "comma".to_string(),
            ';' => "semicolon".to_string(),
            c => format!("`{c}`"),
        };
        s.push_str(&format!(", fields separated by {shown}"));
    }
    if got.bom {
        s.push_str(", byte-order mark removed");
    }
    s
}
