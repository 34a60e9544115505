//! Authoring: writing deck files rather than reading them.
//!
//! Owns the card model used for writing ([`NewCard`]), the canonical TOML layout ([`format`]),
//! appending to existing decks without disturbing them ([`append`]), the `new` template,
//! converters from other tools ([`import`]) and to them ([`export`]), drafting cards from plain
//! text ([`draft`]), building a card from interactive answers ([`entry`]), vetting new cards
//! against the judge ([`vet`]) and changing a deck file without losing anyone's edits
//! ([`edit`]).

pub mod anki;
pub mod append;
pub mod draft;
pub mod edit;
pub mod entry;
pub mod export;
pub mod format;
pub mod ids;
pub mod import;
mod render;
pub mod template;
pub mod vet;

use std::path::{Path, PathBuf};

use crate::deck::{Alternatives, Answer, Graded, Kind};

pub use render::card_table;

/// Errors of the authoring commands, with the file and line they are about.
#[derive(Debug, thiserror::Error)]
pub enum AuthorError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not valid TOML.
    #[error("{file}:{line}:{col}: TOML syntax: {message}")]
    Toml {
        /// The file, as shown.
        file: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
        /// What the parser said.
        message: String,
    },
    /// The file would be refused by `deckard check` after the change; nothing was written.
    #[error("{file}: the result would not be a valid deck:\n{problems}")]
    Invalid {
        /// The file, as shown.
        file: String,
        /// The errors, one per line.
        problems: String,
    },
    /// The file changed on disk while the command worked on it (an editor saved it); nothing
    /// was written.
    #[error(
        "{}: the file changed while deckard was working on it (saved from an editor?); nothing was written, so that edit is kept: run the command again",
        .0.display()
    )]
    Changed(PathBuf),
    /// A file that must not be overwritten exists.
    #[error("{0}: the file already exists; not overwriting it")]
    Exists(PathBuf),
    /// A value the author typed or a field of an imported record is wrong.
    #[error("{0}")]
    Field(String),
    /// The deck file has a shape the command cannot change safely.
    #[error("{file}: {message}")]
    Shape {
        /// The file, as shown.
        file: String,
        /// What is wrong.
        message: String,
    },
}

impl AuthorError {
    /// Wraps an I/O error with its path.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        AuthorError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Turns a `toml_edit` parse error into one with a line and column.
    pub fn toml(file: &str, text: &str, e: &toml_edit::TomlError) -> Self {
        let start = e.span().map(|s| s.start).unwrap_or(0);
        let pos = crate::deck::LineIndex::new(text).pos(start);
        let message = e.message().trim().to_string();
        AuthorError::Toml {
            file: file.to_string(),
            line: pos.line,
            col: pos.col,
            message,
        }
    }
}

/// What a card asks and expects, shaped as a deck file writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Any kind but cloze: a prompt (`q` or `front`) and an answer.
    Plain {
        /// The question or front.
        prompt: String,
        /// What counts as right; its variant decides the kind.
        answer: Answer,
    },
    /// A cloze text with `{{gaps}}`.
    Cloze(String),
}

/// A card on its way into a deck file.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCard {
    /// The id, or `None` to derive one from the prompt.
    pub id: Option<String>,
    /// Prompt and answer.
    pub body: Body,
    /// Tags.
    pub tags: Vec<String>,
    /// Id of one of the deck's sources.
    pub source: Option<String>,
    /// Context shown after the answer.
    pub explain: Option<String>,
    /// A hint the learner can ask for.
    pub hint: Option<String>,
    /// Drafted by a tool, not reviewed yet.
    pub draft: bool,
    /// A comment written above the card (one line, without `#`).
    pub note: Option<String>,
    /// Credit and feedback of answers (`accept` entries of a text card, `choices` of a choice
    /// card) written as tables; an entry not among the plain answers is added as a table.
    pub graded: Vec<Graded>,
    /// Extra right-side options of a match card (`distractors`).
    pub distractors: Vec<String>,
    /// The card's key in the tool it was imported from (`origin`).
    pub origin: Option<String>,
    /// Exact answers only (`strict = true`).
    pub strict: bool,
    /// The sibling group the card belongs to (the deck field `note`).
    pub sibling: Option<String>,
}

impl NewCard {
    /// A card with the given body and nothing else.
    pub fn new(body: Body) -> Self {
        NewCard {
            id: None,
            body,
            tags: Vec::new(),
            source: None,
            explain: None,
            hint: None,
            draft: false,
            note: None,
            graded: Vec::new(),
            distractors: Vec::new(),
            origin: None,
            strict: false,
            sibling: None,
        }
    }

    /// A typed-answer card.
    pub fn text(q: impl Into<String>, a: impl Into<String>) -> Self {
        NewCard::new(Body::Plain {
            prompt: q.into(),
            answer: Answer::Text(Alternatives {
                answer: a.into(),
                accept: Vec::new(),
            }),
        })
    }

    /// A flashcard.
    pub fn flashcard(front: impl Into<String>, back: impl Into<String>) -> Self {
        NewCard::new(Body::Plain {
            prompt: front.into(),
            answer: Answer::Flashcard { back: back.into() },
        })
    }

    /// The card's kind, as the deck loader will infer it.
    pub fn kind(&self) -> Kind {
        match &self.body {
            Body::Cloze(_) => Kind::Cloze,
            Body::Plain { answer, .. } => answer_kind(answer),
        }
    }

    /// The text an id is derived from: the prompt, or the cloze text with its answers shown.
    pub fn id_seed(&self) -> String {
        match &self.body {
            Body::Plain { prompt, .. } => prompt.clone(),
            Body::Cloze(text) => match crate::deck::cloze::parse(text) {
                Ok(c) => {
                    let mut out = String::new();
                    for (i, piece) in c.pieces.iter().enumerate() {
                        out.push_str(piece);
                        if let Some(g) = c.gaps.get(i) {
                            out.push_str(&g.answer.answer);
                        }
                    }
                    out
                }
                Err(_) => text.replace(['{', '}'], ""),
            },
        }
    }
}

/// The kind an answer makes a card (an `Answer::Text` outside a cloze is a typed answer).
pub fn answer_kind(answer: &Answer) -> Kind {
    match answer {
        Answer::Flashcard { .. } => Kind::Flashcard,
        Answer::Text(_) => Kind::Text,
        Answer::TrueFalse(_) => Kind::TrueFalse,
        Answer::Choice { .. } => Kind::Choice,
        Answer::Number { .. } => Kind::Number,
        Answer::List { .. } => Kind::List,
        Answer::Order(_) => Kind::Order,
        Answer::Match(_) => Kind::Match,
    }
}

/// Replaces a file atomically through [`crate::fsio::write_atomic`]: readers see the old
/// content or the new, the file keeps its permissions, a symlinked deck is written through.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), AuthorError> {
    crate::fsio::write_atomic(path, text.as_bytes()).map_err(|e| AuthorError::io(path, e))
}

/// Deck files under the given files and folders (folders searched for `*.toml`, sorted).
pub fn deck_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, AuthorError> {
    let mut out = Vec::new();
    for p in paths {
        walk(p, 0, &mut out)?;
    }
    Ok(out)
}

fn walk(path: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), AuthorError> {
    let meta = std::fs::metadata(path).map_err(|e| AuthorError::io(path, e))?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if depth > 32 {
        return Ok(());
    }
    let mut children: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| AuthorError::io(path, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    children.sort();
    for child in children {
        let link = std::fs::symlink_metadata(&child)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(true);
        if child.is_dir() && !link {
            walk(&child, depth + 1, out)?;
        } else if child.is_file() && child.extension().is_some_and(|e| e == "toml") {
            out.push(child);
        }
    }
    Ok(())
}

/// Reads a UTF-8 text file, refusing files over the deck size limit.
pub fn read_text(path: &Path) -> Result<String, AuthorError> {
    crate::deck::read_deck_file(path).map_err(|d| AuthorError::Field(d.to_string()))
}

/// Checks a deck file's text as `deckard check` would; `Err` lists the errors.
pub fn validate(file: &str, text: &str) -> Result<crate::deck::Deck, AuthorError> {
    use crate::deck::{Origin, Severity, parse_deck};
    let (deck, diags) = parse_deck(Origin::File(PathBuf::from(file)), text);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    match deck {
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(AuthorError::Invalid {
            file: file.to_string(),
            problems: errors.join("\n"),
        }),
    }
}
