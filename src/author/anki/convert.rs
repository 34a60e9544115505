//! Notes to deck files (the review log goes to events in `history`).
//!
//! Each Anki deck with cards becomes one deck file (`A::B` → id `a-b`, title kept). Note types
//! are read by their templates: a template's front fields become the prompt and its back
//! fields the answer (`{{type:F}}` makes a typed-answer card), so Basic, its reversed forms
//! and custom types convert alike; cloze note types become clozes. Image occlusion and
//! templates showing no field are listed as not converted. Every card keeps its Anki identity
//! in `origin`, which a second import uses to update the same cards.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::AnkiError;
use super::collection::{CardRow, Collection, DeckOptions, Note, Notetype};
use super::text::field_text;
use crate::author::import::anki::cloze_from_anki;
use crate::deck::Deck;
use crate::store::Event;

/// One deck file to write.
#[derive(Debug, Clone)]
pub struct DeckFile {
    /// The deck id (also the file's stem).
    pub id: String,
    /// The Anki deck's full name.
    pub title: String,
    /// The TOML text.
    pub text: String,
    /// Cards in it (a cloze counts once per gap).
    pub cards: usize,
}

/// Deck options carried over as deckard settings for one imported deck.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The deckard deck id.
    pub deck: String,
    /// The Anki preset.
    pub options: DeckOptions,
    /// The `[deck.<id>]` table for `config.toml`.
    pub toml: String,
}

/// What an import produced and what it left out.
#[derive(Debug, Clone, Default)]
pub struct Conversion {
    /// Deck files, by id.
    pub decks: Vec<DeckFile>,
    /// Progress events, in time order (reviews, resets, reschedules).
    pub events: Vec<Event>,
    /// Anki's suspension of each converted card: see [`super::suspension_events`].
    pub suspension: Vec<super::history::Suspension>,
    /// The hour Anki's day started at, when the collection says (see `docs/scheduling.md`:
    /// the memory states match Anki's when `day_starts_at` is the same).
    pub rollover: Option<u8>,
    /// Cards Anki had in (re)learning, with their step and due time: see
    /// [`super::history::learning_differences`].
    pub learning: Vec<super::history::Learning>,
    /// Notes read.
    pub notes: usize,
    /// Notes converted.
    pub notes_converted: usize,
    /// Anki cards whose history was carried (those converted).
    pub anki_cards: usize,
    /// Review events.
    pub reviews: usize,
    /// Cards suspended.
    pub suspended: usize,
    /// Cards given Anki's due date.
    pub rescheduled: usize,
    /// Settings per deck.
    pub settings: Vec<Settings>,
    /// What was not converted, and why: one line each.
    pub skipped: Vec<String>,
    /// The deckard card key of each converted Anki card id.
    pub keys: HashMap<i64, String>,
}

/// The card kinds a template produces.
enum Shape {
    /// Prompt fields, answer fields.
    Flash(Vec<usize>, Vec<usize>),
    /// Prompt fields, the typed field.
    Typed(Vec<usize>, usize),
}

/// One card as it goes into the deck file.
#[derive(Serialize, Debug, Clone)]
struct CardOut {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    front: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    back: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloze: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<String>,
}

#[derive(Serialize)]
struct Head<'a> {
    id: &'a str,
    title: &'a str,
    description: String,
}

#[derive(Serialize)]
struct FileOut<'a> {
    deck: Head<'a>,
    card: &'a [CardOut],
}

/// Looks up a deck file already in the target folder, by deck id.
pub type Existing<'a> = dyn Fn(&str) -> Result<Option<Deck>, AnkiError> + 'a;

/// Converts a collection. `existing` gives the deck already written for an id (a second
/// import keeps the card ids it finds there by `origin`; a card there that did not come from
/// this collection is an error, so an import never drops a card the learner wrote).
pub fn convert(col: &Collection, existing: &Existing<'_>) -> Result<Conversion, AnkiError> {
    let mut out = Conversion {
        notes: col.notes.len(),
        rollover: col.rollover,
        ..Conversion::default()
    };
    let notes: HashMap<i64, &Note> = col.notes.iter().map(|n| (n.id, n)).collect();
    let mut by_note: BTreeMap<i64, Vec<&CardRow>> = BTreeMap::new();
    for c in &col.cards {
        by_note.entry(c.note).or_default().push(c);
    }
    let ids = deck_ids(col);
    let mut planned: BTreeMap<String, Vec<CardOut>> = BTreeMap::new();
    // Anki card id → (deck id, card id in the deck, gap suffix).
    let mut placed: Vec<(i64, String, String, Option<usize>)> = Vec::new();
    for (nid, cards) in &by_note {
        let Some(note) = notes.get(nid) else {
            out.skipped
                .push(format!("{} card(s) of a missing note {nid}", cards.len()));
            continue;
        };
        let Some(nt) = col.notetypes.get(&note.notetype) else {
            out.skipped
                .push(format!("note {nid}: its note type {} is missing", note.notetype));
            continue;
        };
        let label = format!("note {nid} ({}: {})", nt.name, preview(note));
        if nt.templates.iter().any(|(_, q, _)| q.contains("image-occlusion")) {
            out.skipped.push(format!(
                "{label}: image occlusion (masks drawn over an image) has no deckard equivalent"
            ));
            continue;
        }
        let before = placed.len();
        if nt.cloze {
            cloze_note(
                note,
                nt,
                cards,
                &ids,
                &label,
                &mut planned,
                &mut placed,
                &mut out.skipped,
            );
        } else {
            normal_note(
                note,
                nt,
                cards,
                &ids,
                &label,
                &mut planned,
                &mut placed,
                &mut out.skipped,
            );
        }
        if placed.len() > before {
            out.notes_converted += 1;
        }
    }
    // Ids already in use in the target decks, by origin.
    for (deck, cards) in &mut planned {
        let Some(old) = existing(deck)? else {
            continue;
        };
        let by_origin: HashMap<&str, &str> = old
            .cards
            .iter()
            .filter_map(|c| Some((c.origin.as_deref()?, c.note_id.as_str())))
            .collect();
        let ours: HashSet<&str> = cards.iter().map(|c| c.origin.as_str()).collect();
        let strangers: Vec<String> = old
            .cards
            .iter()
            .filter(|c| c.origin.as_deref().is_none_or(|o| !ours.contains(o)))
            .map(|c| c.note_id.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !strangers.is_empty() {
            return Err(AnkiError::Foreign {
                deck: deck.clone(),
                cards: strangers,
            });
        }
        let mut renamed: HashMap<String, String> = HashMap::new();
        for c in cards.iter_mut() {
            if let Some(old_id) = by_origin.get(c.origin.as_str())
                && *old_id != c.id
            {
                renamed.insert(c.id.clone(), (*old_id).to_string());
                c.id = (*old_id).to_string();
            }
        }
        for (_, d, id, _) in &mut placed {
            if d == deck
                && let Some(new) = renamed.get(id.as_str())
            {
                *id = new.clone();
            }
        }
    }
    for (id, cards) in &planned {
        let title = col
            .decks
            .iter()
            .find(|(did, _)| ids.get(did) == Some(id))
            .map_or(id.as_str(), |(_, d)| d.name.as_str());
        let file = FileOut {
            deck: Head {
                id,
                title,
                description: format!("Imported from the Anki deck \"{title}\"."),
            },
            card: cards,
        };
        let text = toml::to_string(&file).map_err(|e| AnkiError::Internal(format!("deck {id}: {e}")))?;
        let text = format!(
            "# Imported from Anki by `deckard import`: a second import of the collection updates\n\
             # these cards by their `origin`. Cards you add to this file stop further imports.\n\n{text}"
        );
        let count = placed.iter().filter(|p| &p.1 == id).count();
        out.decks.push(DeckFile {
            id: id.clone(),
            title: title.to_string(),
            text,
            cards: count,
        });
    }
    for (cid, deck, card, gap) in &placed {
        let key = match gap {
            Some(k) => format!("{deck}/{card}.{k}"),
            None => format!("{deck}/{card}"),
        };
        out.keys.insert(*cid, key);
    }
    super::history::events(col, &mut out)?;
    super::settings::collect(col, &ids, &mut out);
    Ok(out)
}

/// Deck ids from Anki deck names (`Languages::French` → `languages-french`), unique.
fn deck_ids(col: &Collection) -> HashMap<i64, String> {
    let mut used: HashSet<String> = HashSet::new();
    let mut out = HashMap::new();
    for (id, d) in &col.decks {
        let mut slug = String::new();
        for ch in d.name.to_lowercase().chars() {
            if ch.is_alphanumeric() || ch == '_' || ch == '.' {
                slug.push(ch);
            } else if !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let base = slug.trim_matches(['-', '.']).to_string();
        let base = if base.is_empty() { "deck".to_string() } else { base };
        let mut unique = base.clone();
        let mut n = 2;
        while !used.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        out.insert(*id, unique);
    }
    out
}

fn preview(note: &Note) -> String {
    let t = field_text(note.fields.first().map_or("", String::as_str)).replace('\n', " ");
    let mut p: String = t.chars().take(40).collect();
    if t.chars().count() > 40 {
        p.push('…');
    }
    p
}

/// Field indexes a template format refers to, in order: (plain refs, `type:` refs).
fn refs(format: &str, nt: &Notetype) -> (Vec<usize>, Vec<usize>) {
    let mut plain = Vec::new();
    let mut typed = Vec::new();
    let mut rest = format;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find("}}") else { break };
        let inner = rest[..end].trim();
        rest = &rest[end + 2..];
        if inner.starts_with(['#', '^', '/', '!']) {
            continue;
        }
        let name = inner.rsplit(':').next().unwrap_or("").trim();
        let Some(ix) = nt.fields.iter().position(|f| f == name) else {
            continue; // FrontSide, Tags, Deck, … or a field that no longer exists
        };
        let list = if inner.starts_with("type:") {
            &mut typed
        } else {
            &mut plain
        };
        if !list.contains(&ix) {
            list.push(ix);
        }
    }
    (plain, typed)
}

fn shape(nt: &Notetype, ord: usize) -> Result<Shape, String> {
    let Some((name, q, a)) = nt.templates.get(ord) else {
        return Err(format!("its template {} is missing", ord + 1));
    };
    let (front, typed) = refs(q, nt);
    let (back, _) = refs(a, nt);
    let back: Vec<usize> = back
        .into_iter()
        .filter(|f| !front.contains(f) && !typed.contains(f))
        .collect();
    if front.is_empty() {
        return Err(format!("template `{name}` shows no field on the front"));
    }
    if let Some(&t) = typed.first() {
        return Ok(Shape::Typed(front, t));
    }
    if back.is_empty() {
        return Err(format!("template `{name}` shows no field on the back"));
    }
    Ok(Shape::Flash(front, back))
}

fn join(note: &Note, fields: &[usize]) -> String {
    fields
        .iter()
        .filter_map(|&i| note.fields.get(i))
        .map(|f| field_text(f))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

type Planned = BTreeMap<String, Vec<CardOut>>;
type Placed = Vec<(i64, String, String, Option<usize>)>;

#[allow(clippy::too_many_arguments)] // one note's context: splitting it would only add a struct
fn normal_note(
    note: &Note,
    nt: &Notetype,
    cards: &[&CardRow],
    ids: &HashMap<i64, String>,
    label: &str,
    planned: &mut Planned,
    placed: &mut Placed,
    skipped: &mut Vec<String>,
) {
    let many = nt.templates.len() > 1;
    let mut made: Vec<(String, usize)> = Vec::new();
    for c in cards {
        let ord = usize::try_from(c.ord).unwrap_or(usize::MAX);
        let Some(deck) = ids.get(&c.deck) else {
            skipped.push(format!("{label}: card {} is in a missing deck", c.id));
            continue;
        };
        let id = if many {
            format!("n{}-{}", note.id, ord + 1)
        } else {
            format!("n{}", note.id)
        };
        let mut out = CardOut {
            id: id.clone(),
            front: None,
            back: None,
            q: None,
            a: None,
            cloze: None,
            tags: note.tags.clone(),
            note: None,
            origin: format!("anki:{}:{}", note.guid, ord),
            explain: None,
        };
        match shape(nt, ord) {
            Err(why) => {
                skipped.push(format!("{label}, card {}: {why}", ord + 1));
                continue;
            }
            Ok(Shape::Typed(front, typed)) => {
                let (q, a) = (join(note, &front), join(note, &[typed]));
                if q.is_empty() || a.is_empty() || a.contains('\n') {
                    skipped.push(format!("{label}, card {}: an empty prompt, or a typed answer that is empty or on several lines", ord + 1));
                    continue;
                }
                out.q = Some(q);
                out.a = Some(a);
            }
            Ok(Shape::Flash(front, back)) => {
                let (f, b) = (join(note, &front), join(note, &back));
                if f.is_empty() || b.is_empty() {
                    skipped.push(format!(
                        "{label}, card {}: the front or the back is empty",
                        ord + 1
                    ));
                    continue;
                }
                out.front = Some(f);
                out.back = Some(b);
            }
        }
        made.push((deck.clone(), planned.entry(deck.clone()).or_default().len()));
        planned.entry(deck.clone()).or_default().push(out);
        placed.push((c.id, deck.clone(), id, None));
    }
    // Cards of one note in one deck are siblings.
    let mut per_deck: HashMap<&str, usize> = HashMap::new();
    for (d, _) in &made {
        *per_deck.entry(d.as_str()).or_default() += 1;
    }
    for (d, i) in &made {
        if per_deck[d.as_str()] > 1 {
            planned.get_mut(d).expect("planned")[*i].note = Some(format!("n{}", note.id));
        }
    }
}

#[allow(clippy::too_many_arguments)] // one note's context: splitting it would only add a struct
fn cloze_note(
    note: &Note,
    nt: &Notetype,
    cards: &[&CardRow],
    ids: &HashMap<i64, String>,
    label: &str,
    planned: &mut Planned,
    placed: &mut Placed,
    skipped: &mut Vec<String>,
) {
    let (q, a) = nt
        .templates
        .first()
        .map(|(_, q, a)| (q.as_str(), a.as_str()))
        .unwrap_or(("", ""));
    let text_field = q.find("{{cloze:").and_then(|i| {
        let name = &q[i + 8..];
        let name = &name[..name.find("}}")?];
        nt.fields.iter().position(|f| f == name.trim())
    });
    let Some(tf) = text_field else {
        skipped.push(format!("{label}: the cloze template names no cloze field"));
        return;
    };
    let html = note.fields.get(tf).map_or("", String::as_str);
    // Anki's cloze numbers in text order: deckard numbers gaps by position.
    let numbers = cloze_numbers(html);
    let text = cloze_from_anki(&field_text(html));
    if numbers.is_empty() || !text.contains("{{") {
        skipped.push(format!("{label}: a cloze without deletions"));
        return;
    }
    let (extra, _) = refs(a, nt);
    let explain = join(note, &extra.into_iter().filter(|&f| f != tf).collect::<Vec<_>>());
    let Some(deck) = cards.first().and_then(|c| ids.get(&c.deck)) else {
        skipped.push(format!("{label}: its cards are in a missing deck"));
        return;
    };
    if cards.iter().any(|c| ids.get(&c.deck) != Some(deck)) {
        skipped.push(format!(
            "{label}: its cards are in several Anki decks; all went to `{deck}` (a deckard cloze is one card entry)"
        ));
    }
    let distinct: HashSet<u32> = numbers.iter().copied().collect();
    if distinct.len() < numbers.len() {
        skipped.push(format!(
            "{label}: a cloze number used by several deletions; each deletion is its own card in deckard, \
             and the Anki history goes to the first of them"
        ));
    }
    let id = format!("n{}", note.id);
    planned.entry(deck.clone()).or_default().push(CardOut {
        id: id.clone(),
        front: None,
        back: None,
        q: None,
        a: None,
        cloze: Some(text),
        tags: note.tags.clone(),
        note: None,
        origin: format!("anki:{}", note.guid),
        explain: (!explain.is_empty()).then_some(explain),
    });
    for c in cards {
        let n = u32::try_from(c.ord + 1).unwrap_or(0);
        match numbers.iter().position(|&x| x == n) {
            Some(k) => placed.push((c.id, deck.clone(), id.clone(), Some(k + 1))),
            None => skipped.push(format!(
                "{label}: card c{n} has no deletion left in the text; its history was not carried"
            )),
        }
    }
}

/// The numbers of `{{cN::` deletions in text order.
fn cloze_numbers(s: &str) -> Vec<u32> {
    s.match_indices("{{c")
        .filter_map(|(i, _)| {
            let rest = &s[i + 3..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            rest[digits..]
                .starts_with("::")
                .then(|| rest[..digits].parse().ok())
                .flatten()
        })
        .collect()
}
