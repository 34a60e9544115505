//! `deckard export`: a deck as CSV (every kind), Anki plain text or Moodle GIFT.
//!
//! CSV carries every field a card written by `import` or `add` can have and reads back with
//! `import` as the same cards. Anki's Basic and Cloze notes carry flashcards and cloze cards, tags and the
//! note's GUID (other kinds become Basic notes showing the question and the answer). GIFT
//! carries text, true/false, choice, number, match (with distractors), one-gap cloze and
//! flashcards (as essays with feedback), with per-answer credit and feedback; list and order
//! cards are left out. What a format cannot carry is named in the report, never dropped
//! silently.

pub(crate) mod anki;
mod gift;

use crate::deck::{Answer, Deck, Origin, format_number};

use super::import::csv::escape_multi;
use super::{Body, NewCard};

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with a header row.
    Csv,
    /// Anki's "Notes in Plain Text".
    AnkiTxt,
    /// Moodle GIFT.
    Gift,
}

impl Format {
    /// Parses a format name as given to `--format`.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "csv" => Format::Csv,
            "anki-txt" | "anki" | "anki-text" | "txt" => Format::AnkiTxt,
            "gift" | "moodle" => Format::Gift,
            _ => return None,
        })
    }
}

/// The exported text and the cards that did not fit the format.
#[derive(Debug, Clone, Default)]
pub struct Exported {
    /// The file content.
    pub text: String,
    /// Cards left out: (id, why).
    pub skipped: Vec<(String, String)>,
    /// Cards written in a simpler form than they have: (id, how).
    pub approximated: Vec<(String, String)>,
    /// Parts of written cards the format has no place for: (id, what).
    pub lost: Vec<(String, String)>,
}

impl Exported {
    /// Records that the card `id` has `what`, which the format cannot carry.
    fn lose(&mut self, id: &str, what: &str) {
        self.lost.push((id.to_string(), what.to_string()));
    }

    /// The report for the user: one line per card left out, then one line per way of
    /// approximating and per thing the format cannot carry, naming the cards.
    pub fn report(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .skipped
            .iter()
            .map(|(id, why)| format!("left out `{id}`: {why}"))
            .collect();
        for (how, n, ids) in grouped(&self.approximated) {
            out.push(format!("exported {n} card(s) as {how}: {ids}"));
        }
        for (what, n, ids) in grouped(&self.lost) {
            out.push(format!(
                "not carried by this format: {what}, on {n} card(s): {ids}"
            ));
        }
        out
    }
}

/// (id, label) pairs grouped by label, in first-seen order: (label, how many, "`a`, `b`").
fn grouped(items: &[(String, String)]) -> Vec<(String, usize, String)> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for (id, label) in items {
        match groups.iter_mut().find(|(l, _)| l == label) {
            Some((_, ids)) => {
                if !ids.contains(&id.as_str()) {
                    ids.push(id);
                }
            }
            None => groups.push((label.clone(), vec![id])),
        }
    }
    groups
        .into_iter()
        .map(|(l, ids)| {
            let shown: Vec<String> = ids.iter().take(8).map(|i| format!("`{i}`")).collect();
            let more = if ids.len() > 8 {
                format!(" and {} more", ids.len() - 8)
            } else {
                String::new()
            };
            (l, ids.len(), format!("{}{more}", shown.join(", ")))
        })
        .collect()
}

/// Writes a deck in a format: its cards as written ([`notes_of`]) and, in the report, what
/// no format carries (several sources, former ids).
pub fn export_deck(deck: &Deck, raw: &str, format: Format) -> Exported {
    let mut ex = export(&notes_of(deck, raw), format);
    let mut seen = std::collections::HashSet::new();
    for c in &deck.cards {
        if !seen.insert(c.note_id.as_str()) {
            continue;
        }
        if c.source_ids().len() > 1 {
            ex.lose(&c.note_id, "several sources (the first is written)");
        }
        if !c.renamed_from.is_empty() {
            ex.lose(&c.note_id, "former ids (`renamed_from`)");
        }
    }
    ex
}

/// The text of the file a deck was loaded from (bundled decks included).
pub fn raw_text(deck: &Deck) -> Option<String> {
    match &deck.origin {
        Origin::File(p) => crate::untrusted::read_capped_text(p, crate::deck::MAX_FILE_BYTES).ok(),
        Origin::Bundled(name) => crate::deck::bundled_files()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.to_string()),
    }
}

/// The deck's cards as written in the file: cloze gaps regrouped into their cloze text.
/// `raw` is the deck file's text, needed for cloze texts and cloze-level hints.
pub fn notes_of(deck: &Deck, raw: &str) -> Vec<NewCard> {
    let table: toml::Table = toml::from_str(raw).unwrap_or_default();
    let raw_cards: Vec<&toml::Table> = table
        .get("card")
        .and_then(|c| c.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table()).collect())
        .unwrap_or_default();
    let raw_field = |id: &str, field: &str| -> Option<String> {
        raw_cards
            .iter()
            .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
            .and_then(|t| t.get(field))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let mut out: Vec<NewCard> = Vec::new();
    let mut seen_notes = std::collections::HashSet::new();
    for c in &deck.cards {
        let (body, hint) = if c.kind == crate::deck::Kind::Cloze {
            if !seen_notes.insert(c.note_id.clone()) {
                continue;
            }
            let Some(text) = raw_field(&c.note_id, "cloze") else {
                continue;
            };
            (Body::Cloze(text), raw_field(&c.note_id, "hint"))
        } else {
            (
                Body::Plain {
                    prompt: c.prompt.clone(),
                    answer: c.answer.clone(),
                },
                c.hint.clone(),
            )
        };
        out.push(NewCard {
            id: Some(c.note_id.clone()),
            body,
            tags: c.tags.clone(),
            // NewCard cites one document: a card drawing on several exports its first.
            source: c.source_ids().first().cloned(),
            explain: c.explain.clone(),
            hint,
            draft: c.draft,
            note: None,
            graded: c.graded.clone(),
            distractors: c.distractors.clone(),
            origin: c.origin.clone(),
            strict: c.strict,
            sibling: c.note.clone(),
        });
    }
    out
}

/// Writes cards in a format.
pub fn export(cards: &[NewCard], format: Format) -> Exported {
    match format {
        Format::Csv => csv(cards),
        Format::AnkiTxt => anki::export(cards),
        Format::Gift => gift::export(cards),
    }
}

const CSV_COLUMNS: [&str; 22] = [
    "id",
    "kind",
    "q",
    "a",
    "accept",
    "choices",
    "tolerance",
    "unit",
    "ordered",
    "items",
    "pairs",
    "cloze",
    "tags",
    "source",
    "hint",
    "explain",
    "draft",
    "distractors",
    "note",
    "strict",
    "origin",
    "credit",
];

fn csv(cards: &[NewCard]) -> Exported {
    let mut ex = Exported::default();
    let rows: Vec<[String; 22]> = cards.iter().map(csv_row).collect();
    // Columns no card uses are left out, except the three that name a card.
    let used: Vec<usize> = (0..CSV_COLUMNS.len())
        .filter(|&i| i < 3 || rows.iter().any(|r| !r[i].is_empty()))
        .collect();
    let mut text = String::new();
    let header: Vec<String> = used.iter().map(|&i| CSV_COLUMNS[i].to_string()).collect();
    push_record(&mut text, &header, b',');
    for r in &rows {
        let fields: Vec<String> = used.iter().map(|&i| r[i].clone()).collect();
        push_record(&mut text, &fields, b',');
    }
    ex.text = text;
    ex
}

fn csv_row(c: &NewCard) -> [String; 22] {
    let mut r: [String; 22] = Default::default();
    let join = |items: &mut dyn Iterator<Item = &str>| items.map(escape_multi).collect::<Vec<_>>().join("|");
    r[0] = c.id.clone().unwrap_or_default();
    r[1] = c.kind().name().to_string();
    match &c.body {
        Body::Cloze(text) => r[11] = text.clone(),
        Body::Plain { prompt, answer } => {
            r[2] = prompt.clone();
            match answer {
                Answer::Flashcard { back } => r[3] = back.clone(),
                Answer::Text(alt) => {
                    r[3] = alt.answer.clone();
                    r[4] = join(&mut alt.accept.iter().map(String::as_str));
                }
                Answer::TrueFalse(b) => r[3] = b.to_string(),
                Answer::Choice { choices, correct } => {
                    r[5] = join(&mut choices.iter().map(String::as_str));
                    r[3] = join(&mut correct.iter().filter_map(|&i| choices.get(i)).map(String::as_str));
                }
                Answer::Number {
                    value,
                    tolerance,
                    unit,
                } => {
                    r[3] = format_number(*value);
                    if *tolerance > 0.0 {
                        r[6] = format_number(*tolerance);
                    }
                    r[7] = unit.clone().unwrap_or_default();
                }
                Answer::List { items, ordered } => {
                    r[3] = join(&mut items.iter().map(|i| i.answer.as_str()));
                    r[4] = items
                        .iter()
                        .filter(|i| !i.accept.is_empty())
                        .map(|i| i.all().map(escape_multi).collect::<Vec<_>>().join("="))
                        .collect::<Vec<_>>()
                        .join("|");
                    if *ordered {
                        r[8] = "true".into();
                    }
                }
                Answer::Order(items) => r[9] = join(&mut items.iter().map(String::as_str)),
                Answer::Match(pairs) => {
                    r[10] = pairs
                        .iter()
                        .map(|(l, rt)| format!("{}={}", escape_multi(l), escape_multi(rt)))
                        .collect::<Vec<_>>()
                        .join("|");
                }
            }
        }
    }
    // Tags are space-separated as Anki writes them, unless one holds a space or a comma.
    r[12] = if c
        .tags
        .iter()
        .any(|t| t.contains(|ch: char| ch.is_whitespace() || ch == ',' || ch == '|'))
    {
        join(&mut c.tags.iter().map(String::as_str))
    } else {
        c.tags.join(" ")
    };
    r[13] = c.source.clone().unwrap_or_default();
    r[14] = c.hint.clone().unwrap_or_default();
    r[15] = c.explain.clone().unwrap_or_default();
    if c.draft {
        r[16] = "true".into();
    }
    r[17] = join(&mut c.distractors.iter().map(String::as_str));
    r[18] = c.sibling.clone().unwrap_or_default();
    if c.strict {
        r[19] = "true".into();
    }
    // The import keys a row by its first field (the id) unless an origin is written.
    r[20] = match &c.origin {
        Some(o) if *o != format!("csv:{}", r[0]) => o.clone(),
        _ => String::new(),
    };
    r[21] = c
        .graded
        .iter()
        .map(|g| {
            let mut e = format!("{}={}", escape_multi(&g.text), format_number(g.credit));
            if let Some(f) = &g.feedback {
                e.push('=');
                e.push_str(&escape_multi(f));
            }
            e
        })
        .collect::<Vec<_>>()
        .join("|");
    r
}

/// Appends one delimited record through the shared CSV writer, quoting fields that need it.
fn push_record(out: &mut String, fields: &[String], sep: u8) {
    out.push_str(&crate::interchange::delimited::record_line(fields, sep));
}

/// The answer as a deck shows it after a question.
pub(super) fn canonical(answer: &Answer) -> String {
    crate::deck::Card {
        id: String::new(),
        note_id: String::new(),
        kind: super::answer_kind(answer),
        prompt: String::new(),
        answer: answer.clone(),
        tags: Vec::new(),
        sources: Vec::new(),
        note: None,
        origin: None,
        strict: false,
        graded: Vec::new(),
        distractors: Vec::new(),
        renamed_from: Vec::new(),
        explain: None,
        hint: None,
        draft: false,
        pos: Default::default(),
    }
    .canonical()
}

#[cfg(test)]
mod tests;
