//! `deckard export`: a deck as CSV (every kind), Anki plain text or Moodle GIFT.
//!
//! CSV carries every field and reads back with `import` as the same cards. Anki's Basic and
//! Cloze notes carry flashcards and cloze cards (other kinds become Basic notes showing the
//! question and the answer). GIFT carries text, true/false, choice, number, match, one-gap cloze
//! and flashcards (as essays with feedback); list and order cards are left out and reported.

use crate::deck::{Answer, Deck, Origin, format_number, letter};

use super::import::anki::cloze_to_anki;
use super::import::csv::escape_multi;
use super::import::gift::escape as gift_escape;
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
        });
    }
    out
}

/// Writes cards in a format.
pub fn export(cards: &[NewCard], format: Format) -> Exported {
    match format {
        Format::Csv => csv(cards),
        Format::AnkiTxt => anki(cards),
        Format::Gift => gift(cards),
    }
}

const CSV_COLUMNS: [&str; 17] = [
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
];

fn csv(cards: &[NewCard]) -> Exported {
    let rows: Vec<[String; 17]> = cards.iter().map(csv_row).collect();
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
    Exported {
        text,
        ..Exported::default()
    }
}

fn csv_row(c: &NewCard) -> [String; 17] {
    let mut r: [String; 17] = Default::default();
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
    r
}

/// Appends one delimited record through the shared CSV writer, quoting fields that need it.
fn push_record(out: &mut String, fields: &[String], sep: u8) {
    out.push_str(&crate::interchange::delimited::record_line(fields, sep));
}

fn anki(cards: &[NewCard]) -> Exported {
    let mut ex = Exported {
        text: "#separator:tab\n#html:false\n#guid column:1\n#notetype column:2\n#tags column:5\n".into(),
        ..Exported::default()
    };
    for c in cards {
        let id = c.id.clone().unwrap_or_default();
        let (notetype, front, back) = match &c.body {
            Body::Cloze(text) => (
                "Cloze",
                cloze_to_anki(text),
                c.explain.clone().unwrap_or_default(),
            ),
            Body::Plain {
                prompt,
                answer: Answer::Flashcard { back },
            } => ("Basic", prompt.clone(), back.clone()),
            Body::Plain { prompt, answer } => {
                ex.approximated
                    .push((id.clone(), format!("{} card as a Basic note", c.kind().name())));
                ("Basic", front_with_options(prompt, answer), back_text(answer))
            }
        };
        let tags: Vec<String> = c
            .tags
            .iter()
            .map(|t| t.replace(char::is_whitespace, "_"))
            .collect();
        push_record(
            &mut ex.text,
            &[id, notetype.into(), front, back, tags.join(" ")],
            b'\t',
        );
    }
    ex
}

/// The question with what the learner chooses from, for formats without that kind.
fn front_with_options(prompt: &str, answer: &Answer) -> String {
    let mut s = prompt.to_string();
    match answer {
        Answer::Choice { choices, .. } => {
            for (i, c) in choices.iter().enumerate() {
                s.push_str(&format!("\n{}) {c}", letter(i)));
            }
        }
        Answer::Order(items) => {
            let mut sorted = items.clone();
            sorted.sort();
            s.push_str(&format!("\n({})", sorted.join(", ")));
        }
        Answer::Match(pairs) => {
            let mut rights: Vec<&str> = pairs.iter().map(|p| p.1.as_str()).collect();
            rights.sort_unstable();
            let lefts: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
            s.push_str(&format!("\n{}\n({})", lefts.join(", "), rights.join(", ")));
        }
        _ => {}
    }
    s
}

fn back_text(answer: &Answer) -> String {
    match answer {
        Answer::Text(alt) if !alt.accept.is_empty() => {
            format!("{} (also: {})", alt.answer, alt.accept.join(", "))
        }
        Answer::Number { tolerance, .. } if *tolerance > 0.0 => {
            format!("{} (± {})", canonical(answer), format_number(*tolerance))
        }
        Answer::List { ordered: true, .. } => format!("{} (in this order)", canonical(answer)),
        _ => canonical(answer),
    }
}

fn canonical(answer: &Answer) -> String {
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

fn gift(cards: &[NewCard]) -> Exported {
    let mut ex = Exported::default();
    for c in cards {
        let id = c.id.clone().unwrap_or_default();
        let mut meta: Vec<(&str, String)> = Vec::new();
        let mut feedback = c.explain.clone();
        let question = match &c.body {
            Body::Cloze(text) => match crate::deck::cloze::parse(text) {
                Ok(cl) if cl.gaps.len() == 1 => {
                    let gap = &cl.gaps[0];
                    if let Some(h) = &gap.hint {
                        meta.push(("gap-hint", h.clone()));
                    }
                    let answers: Vec<String> =
                        gap.answer.all().map(|a| format!("={}", gift_escape(a))).collect();
                    format!(
                        "{}{{{}}}{}",
                        gift_escape(&cl.pieces[0]),
                        answers.join(" "),
                        gift_escape(&cl.pieces[1])
                    )
                }
                _ => {
                    ex.skipped.push((
                        id,
                        "GIFT has one blank per question; this cloze has several".into(),
                    ));
                    continue;
                }
            },
            Body::Plain { prompt, answer } => {
                let q = gift_escape(prompt);
                let block = match answer {
                    Answer::Flashcard { back } => {
                        if let Some(e) = feedback.replace(back.clone()) {
                            meta.push(("explain", e));
                        }
                        String::new()
                    }
                    Answer::Text(alt) => alt
                        .all()
                        .map(|a| format!("={}", gift_escape(a)))
                        .collect::<Vec<_>>()
                        .join(" "),
                    Answer::TrueFalse(b) => if *b { "T" } else { "F" }.to_string(),
                    Answer::Choice { choices, correct } => choice_block(choices, correct),
                    Answer::Number {
                        value,
                        tolerance,
                        unit,
                    } => {
                        if let Some(u) = unit {
                            meta.push(("unit", u.clone()));
                        }
                        if *tolerance > 0.0 {
                            format!("#{}:{}", format_number(*value), format_number(*tolerance))
                        } else {
                            format!("#{}", format_number(*value))
                        }
                    }
                    Answer::Match(pairs) => pairs
                        .iter()
                        .map(|(l, r)| format!("={} -> {}", arrow_safe(l), arrow_safe(r)))
                        .collect::<Vec<_>>()
                        .join(" "),
                    Answer::List { .. } | Answer::Order(_) => {
                        ex.skipped
                            .push((id, format!("GIFT has no {} question", c.kind().name())));
                        continue;
                    }
                };
                format!("{q}{{{block}}}")
            }
        };
        if !c.tags.is_empty() {
            let tags: Vec<String> = c
                .tags
                .iter()
                .map(|t| format!("[tag:{}]", t.replace(']', "")))
                .collect();
            ex.text.push_str(&format!("// {}\n", tags.join(" ")));
        }
        for (k, v) in [("hint", c.hint.clone()), ("source", c.source.clone())] {
            if let Some(v) = v {
                meta.push((k, v));
            }
        }
        if c.draft {
            meta.push(("draft", "true".into()));
        }
        for (k, v) in meta {
            ex.text
                .push_str(&format!("// deckard: {k}={}\n", gift_escape(&v)));
        }
        let mut q = question;
        if let Some(f) = feedback {
            // General feedback goes just before the closing brace of the answer block.
            if let Some(i) = q.rfind('}') {
                q.insert_str(i, &format!("####{}", gift_escape(&f)));
            }
        }
        ex.text.push_str(&format!("::{}::{q}\n\n", gift_escape(&id)));
    }
    ex
}

fn arrow_safe(s: &str) -> String {
    gift_escape(s).replace("->", "\\->")
}

fn choice_block(choices: &[String], correct: &[usize]) -> String {
    if correct.len() == 1 {
        return choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "{}{}",
                    if correct.contains(&i) { '=' } else { '~' },
                    gift_escape(c)
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let share = 100.0 / correct.len().max(1) as f64;
    let share = format!("{:.5}", share)
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string();
    choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let w = if correct.contains(&i) {
                share.as_str()
            } else {
                "-100"
            };
            format!("~%{w}%{}", gift_escape(c))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
