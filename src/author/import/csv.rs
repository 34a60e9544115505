//! Delimited text: CSV and TSV with a header row, and Anki's "Notes in Plain Text" export
//! (`#separator:tab`, `#html:true`, `#tags column:3`, `#guid column:1`… headers).
//!
//! Columns are named by the header (`q,a,accept,tags,explain,…`); fields holding several values
//! (`accept`, `choices`, `items`, `pairs`, `distractors`, `credit`, and `a` of list and choice
//! cards) separate them with `|`, and pairs, list alternatives and credit entries
//! (`Toad=0.5=Close`) join their parts with `=`; `\` escapes either.

use super::{Imported, anki};
use crate::interchange::delimited::{self, DelimitedError};

pub(crate) use super::row::row_card;
pub use super::row::{escape_multi, parse_bool, parse_number, split_multi};

/// How a delimited file is read.
#[derive(Debug, Clone)]
pub struct Dialect {
    sep: char,
    /// The separator was given (`--delimiter`): no `#separator:` header or detection changes it.
    forced: bool,
    html: bool,
    /// Columns when the file has no header row.
    default_columns: &'static [Col],
    /// Prefix of the source key recorded in `origin` (`csv:`, `anki:`).
    key_prefix: &'static str,
}

impl Dialect {
    /// Comma-separated, header row expected (else `q,a`).
    pub fn csv() -> Self {
        Dialect {
            sep: ',',
            forced: false,
            html: false,
            default_columns: &[Col::Q, Col::A],
            key_prefix: "csv",
        }
    }
    /// Tab-separated, header row expected (else `q,a`).
    pub fn tsv() -> Self {
        Dialect {
            sep: '\t',
            ..Dialect::csv()
        }
    }
    /// Anki's plain-text notes: front TAB back [TAB tags], HTML allowed.
    pub fn anki() -> Self {
        Dialect {
            sep: '\t',
            forced: false,
            html: true,
            default_columns: &[Col::Front, Col::Back],
            key_prefix: "anki",
        }
    }
    /// The same dialect with a separator chosen by the user, used as given.
    pub fn with_separator(self, sep: char) -> Self {
        Dialect {
            sep,
            forced: true,
            ..self
        }
    }
}

/// The separator of a delimited file without a `#separator:` header, from its first line
/// outside quotes: a tab when there is one (text seldom holds a tab, while a headerless Anki
/// export's fields often hold commas), else the more frequent of comma and semicolon (Excel in
/// most of Europe writes `;`); `fallback` on a tie or when none is there.
pub fn detect_separator(text: &str, fallback: char) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in first.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && let Some(slot) = counts.iter_mut().find(|(s, _)| *s == c) {
            slot.1 += 1;
        }
    }
    if counts[2].1 > 0 {
        return '\t';
    }
    // Ties keep the dialect's own separator.
    counts.sort_by_key(|&(c, n)| (std::cmp::Reverse(n), c != fallback));
    match counts[0] {
        (c, n) if n > 0 => c,
        _ => fallback,
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Card id (or Anki guid).
    Id,
    /// Card kind.
    Kind,
    /// Question (typed-answer style).
    Q,
    /// Front (flashcard style).
    Front,
    /// Answer (typed-answer style).
    A,
    /// Back (flashcard style).
    Back,
    /// Other right answers.
    Accept,
    /// Choices of a choice card.
    Choices,
    /// Tolerance of a number card.
    Tolerance,
    /// Unit of a number card.
    Unit,
    /// Whether a list is ordered.
    Ordered,
    /// Items of an order card.
    Items,
    /// Pairs of a match card.
    Pairs,
    /// Cloze text.
    Cloze,
    /// Tags.
    Tags,
    /// Source id.
    Source,
    /// Hint.
    Hint,
    /// Explanation.
    Explain,
    /// Draft flag.
    Draft,
    /// Anki's note type.
    Notetype,
    /// The card's key in the source tool (`origin`).
    Origin,
    /// Exact answers only.
    Strict,
    /// Sibling group (the deck field `note`).
    Note,
    /// Extra right-side options of a match card.
    Distractors,
    /// Per-answer credit and feedback: `text=credit=feedback` entries separated by `|`.
    Credit,
    /// A column deckard does not use (Anki's deck column).
    Ignored,
}

/// The column a header name stands for.
pub fn column(name: &str) -> Option<Col> {
    let n = name.trim().to_lowercase();
    Some(match n.as_str() {
        "id" | "guid" | "note id" => Col::Id,
        "kind" | "type" => Col::Kind,
        "q" | "question" | "prompt" => Col::Q,
        "front" | "term" | "text" | "word" => Col::Front,
        "a" | "answer" => Col::A,
        "back" | "definition" | "meaning" => Col::Back,
        "accept" | "alternatives" | "alternates" | "also" => Col::Accept,
        "choices" | "options" => Col::Choices,
        "tolerance" => Col::Tolerance,
        "unit" | "units" => Col::Unit,
        "ordered" => Col::Ordered,
        "items" | "order" | "sequence" => Col::Items,
        "pairs" | "matches" => Col::Pairs,
        "cloze" => Col::Cloze,
        "tags" | "tag" => Col::Tags,
        "source" => Col::Source,
        "hint" => Col::Hint,
        "explain" | "explanation" | "extra" | "back extra" | "notes" | "comment" => Col::Explain,
        "draft" => Col::Draft,
        "notetype" | "note type" => Col::Notetype,
        "origin" => Col::Origin,
        "strict" => Col::Strict,
        "note" => Col::Note,
        "distractors" => Col::Distractors,
        "credit" => Col::Credit,
        "deck" => Col::Ignored,
        _ => return None,
    })
}

/// One record: the line it starts on and its fields.
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// Imports a delimited file.
pub fn import(text: &str, dialect: Dialect) -> Imported {
    let mut out = Imported::default();
    let mut d = dialect;
    let mut header: Option<Vec<Option<Col>>> = None;
    let mut special: Vec<(usize, Col)> = Vec::new();
    let mut named_sep = false;
    // Anki's file headers: `#key:value` lines at the top.
    let mut body_start = 0;
    let mut line = 1;
    for l in text.split_inclusive('\n') {
        let Some(h) = l.trim_end_matches(['\r', '\n']).strip_prefix('#') else {
            break;
        };
        if let Some((key, value)) = h.split_once(':') {
            let value = value.trim();
            match key.trim().to_lowercase().as_str() {
                "separator" if d.forced => {}
                "separator" => match anki::separator(value) {
                    Some(c) if c.is_ascii() => {
                        d.sep = c;
                        named_sep = true;
                    }
                    Some(c) => out.problem(
                        line,
                        format!("separator `{c}` is not a single-byte character; using the default"),
                    ),
                    None => out.problem(line, format!("unknown separator `{value}`; using the default")),
                },
                "html" => d.html = value.eq_ignore_ascii_case("true"),
                "columns" => header = Some(value.split(d.sep).map(column).collect()),
                "tags column" => push_special(&mut special, value, Col::Tags),
                "guid column" => push_special(&mut special, value, Col::Id),
                "notetype column" => push_special(&mut special, value, Col::Notetype),
                "deck column" => {
                    push_special(&mut special, value, Col::Ignored);
                    out.lost(
                        line,
                        format!("the deck column ({value}): every card goes into the one deck file"),
                    );
                }
                _ => {}
            }
        }
        body_start += l.len();
        line += 1;
    }
    if !d.forced && !named_sep {
        d.sep = detect_separator(&text[body_start..], d.sep);
    }
    if !d.sep.is_ascii() {
        out.problem(
            line,
            format!("separator `{}` is not a single-byte character", d.sep),
        );
        return out;
    }
    out.delimiter = Some(d.sep);
    let (records, err) = records(&text[body_start..], d.sep, line);
    let mut rows = records.into_iter().peekable();
    if header.is_none()
        && let Some(first) = rows.peek()
    {
        let cols: Vec<Option<Col>> = first.fields.iter().map(|f| column(f)).collect();
        let prompt = cols
            .iter()
            .any(|c| matches!(c, Some(Col::Q | Col::Front | Col::Cloze)));
        if prompt && cols.iter().filter(|c| c.is_some()).count() * 2 > cols.len() {
            for (i, (c, name)) in cols.iter().zip(&first.fields).enumerate() {
                if c.is_none() {
                    out.lost(
                        first.line,
                        format!(
                            "column {} `{}` is not a deckard field; ignored",
                            i + 1,
                            name.trim()
                        ),
                    );
                }
            }
            header = Some(cols);
            rows.next();
        }
    }
    let rows: Vec<Record> = rows.collect();
    let by_header = header.is_some();
    let cols = match header {
        Some(mut cols) => {
            for (i, c) in special {
                if cols.len() <= i {
                    cols.resize(i + 1, None);
                }
                cols[i] = Some(c);
            }
            cols
        }
        // Anki numbers its special columns; the note's fields fill the others in order.
        None => {
            let width = rows.iter().map(|r| r.fields.len()).max().unwrap_or(0);
            let mut fields = d.default_columns.iter();
            (0..width.max(d.default_columns.len()))
                .map(|i| match special.iter().find(|(n, _)| *n == i) {
                    Some((_, c)) => Some(*c),
                    None => fields.next().copied(),
                })
                .collect()
        }
    };
    for r in rows {
        if r.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let unused: Vec<String> = r
            .fields
            .iter()
            .enumerate()
            .filter(|(i, f)| {
                !f.trim().is_empty()
                    && (!by_header || *i >= cols.len())
                    && cols.get(*i).copied().flatten().is_none()
            })
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        if !unused.is_empty() {
            out.lost(
                r.line,
                format!("field {} has no column deckard knows; ignored", unused.join(", ")),
            );
        }
        match row_card(&r.fields, &cols, d.html) {
            Ok(card) => {
                let notetype = cols
                    .iter()
                    .zip(&r.fields)
                    .find(|(c, _)| **c == Some(Col::Notetype))
                    .map(|(_, f)| f.to_lowercase());
                if notetype.is_some_and(|n| n.contains("reversed")) {
                    out.lost(
                        r.line,
                        "the reverse card (back to front) of a \"… and reversed card\" note",
                    );
                }
                let key = source_key(&r.fields, &cols, &d);
                match key {
                    Key::Full(origin) => super::with_origin(&mut out, r.line, card, Some(origin)),
                    Key::Prefixed(k) => super::keyed(&mut out, r.line, card, &k, d.key_prefix),
                }
            }
            Err(why) => out.problem(r.line, why),
        }
    }
    if let Some(e) = err {
        out.problems.push(e);
    }
    out
}

/// A record's key in its source: an `origin` column as written, else Anki's GUID column, else
/// the first field.
enum Key {
    Full(String),
    Prefixed(String),
}

fn source_key(fields: &[String], cols: &[Option<Col>], d: &Dialect) -> Key {
    let field = |want: Col| {
        cols.iter()
            .zip(fields)
            .find(|(c, f)| **c == Some(want) && !f.trim().is_empty())
            .map(|(_, f)| f.trim().to_string())
    };
    if let Some(o) = field(Col::Origin) {
        return Key::Full(o);
    }
    if d.key_prefix == "anki"
        && let Some(g) = field(Col::Id)
    {
        return Key::Prefixed(g);
    }
    let first = fields.first().map(String::as_str).unwrap_or("");
    Key::Prefixed(if d.html {
        anki::html_to_text(first)
    } else {
        first.trim().to_string()
    })
}

fn push_special(special: &mut Vec<(usize, Col)>, value: &str, col: Col) {
    if let Ok(n) = value.parse::<usize>()
        && (1..=1000).contains(&n)
    {
        special.push((n - 1, col));
    }
}

/// Splits delimited text into records with the shared reader (RFC 4180 quoting through the
/// `csv` crate; a quoted field may span lines). A quote left open ends the import there.
fn records(text: &str, sep: char, first_line: usize) -> (Vec<Record>, Option<super::Problem>) {
    let mut out = Vec::new();
    // Separators are checked to be ASCII where they are chosen.
    let sep = u8::try_from(sep).unwrap_or(b',');
    for r in delimited::records(text, sep, first_line) {
        match r {
            Ok(r) => out.push(Record {
                line: r.line,
                fields: r.fields,
            }),
            Err(DelimitedError::Unclosed { line }) => {
                let e = super::Problem {
                    line,
                    message: "a quoted field opened on this line never closes; the rest of the file is not imported"
                        .into(),
                    partial: false,
                };
                return (out, Some(e));
            }
            Err(DelimitedError::Unreadable { line, message }) => {
                return (
                    out,
                    Some(super::Problem {
                        line,
                        message,
                        partial: false,
                    }),
                );
            }
        }
    }
    (out, None)
}

#[cfg(test)]
mod tests;
