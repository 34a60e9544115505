//! Writing decks as an Anki package Anki opens: a legacy `.apkg` (`collection.anki2`, schema 11,
//! a JSON media map), the layout every Anki version reads and upgrades on import.
//!
//! The note types (Basic, Basic (type in the answer), Cloze), the default deck and its options
//! are the JSON Anki itself wrote (`schema11.json`, taken from a package made by the `anki`
//! package), so Anki finds nothing missing. Flashcards become Basic notes, text cards "type in
//! the answer" notes, clozes Cloze notes; other kinds become Basic notes with the choices on
//! the front and the answer on the back (reported as approximated). With history, each answer
//! becomes a review-log row and a studied card carries its due date and interval.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use jiff::Timestamp;
use serde_json::{Value as Json, json};

use super::AnkiError;
use crate::author::export::anki::{back_text, front_with_options};
use crate::author::import::anki::cloze_to_anki;
use crate::author::{Body, NewCard};
use crate::deck::Answer;

const SCHEMA: &str = include_str!("schema11.sql");
const TEMPLATES: &str = include_str!("schema11.json");

/// One answer to carry into Anki's review log.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    /// When.
    pub time: Timestamp,
    /// 1 again … 4 easy.
    pub rating: u8,
    /// Answer time in ms.
    pub ms: u64,
}

/// A card's schedule and history, for `--with-history`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Answers in time order.
    pub answers: Vec<Answered>,
    /// When it is due (studied cards).
    pub due: Option<Timestamp>,
    /// Its interval in days.
    pub interval_days: u32,
    /// Suspended.
    pub suspended: bool,
}

/// A deck to export: its title, its cards as written (cloze texts whole), and for each Anki
/// card (a card id, or `id.N` for cloze gap N) its history.
pub struct DeckIn<'a> {
    /// The deck's title (the Anki deck name).
    pub title: &'a str,
    /// The cards.
    pub cards: &'a [NewCard],
    /// Origins of the cards by id (`anki:<guid>:…` keeps the Anki note's guid).
    pub origins: &'a HashMap<String, String>,
    /// History by card id (`id` or `id.N`).
    pub history: &'a HashMap<String, History>,
    /// Media files to include: (name, bytes).
    pub media: &'a [(String, Vec<u8>)],
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    /// The package's bytes.
    pub bytes: Vec<u8>,
    /// Notes written.
    pub notes: usize,
    /// Review-log rows written.
    pub reviews: usize,
    /// Cards written in a simpler form: (id, how).
    pub approximated: Vec<(String, String)>,
}

/// Builds the package. `now` stamps the collection (the library has no clock).
pub fn apkg(deck: &DeckIn<'_>, now: Timestamp) -> Result<Written, AnkiError> {
    let fail = |m: String| AnkiError::Write {
        file: deck.title.to_string(),
        message: m,
    };
    let sqlerr = |e: rusqlite::Error| fail(format!("SQLite: {e}"));
    let templates: Json = serde_json::from_str(TEMPLATES).map_err(|e| AnkiError::Internal(e.to_string()))?;
    let now_ms = now.as_millisecond();
    // Day numbers count from the collection's creation: put it at 04:00 UTC 10 years back, so
    // every history fits after it.
    let crt = (now.as_second() - 3650 * 86_400).div_euclid(86_400) * 86_400 + 4 * 3600;
    let dir = tempfile::tempdir().map_err(|e| fail(format!("temporary folder: {e}")))?;
    let path = dir.path().join("collection.anki2");
    let mut db = rusqlite::Connection::open(&path).map_err(sqlerr)?;
    db.execute_batch(SCHEMA).map_err(sqlerr)?;
    let tx = db.transaction().map_err(sqlerr)?;
    let deck_id: i64 = now_ms;
    let mut w = Written::default();
    let mut next_id = now_ms;
    let mut id = || {
        next_id += 1;
        next_id
    };
    let models = &templates["models"];
    let model_id = |name: &str| models[name]["id"].as_i64().unwrap_or(0);
    let mut position = 0;
    for c in deck.cards {
        let cid = c.id.clone().unwrap_or_default();
        let (model, fields, ords): (&str, Vec<String>, Vec<(i64, String)>) = match &c.body {
            Body::Cloze(text) => {
                let anki = cloze_to_anki(text);
                let gaps = text.matches("{{").count();
                let ords = (1..=gaps).map(|n| (n as i64 - 1, format!("{cid}.{n}"))).collect();
                (
                    "Cloze",
                    vec![html(&anki), html(c.explain.as_deref().unwrap_or(""))],
                    ords,
                )
            }
            Body::Plain {
                prompt,
                answer: Answer::Flashcard { back },
            } => ("Basic", vec![html(prompt), html(back)], vec![(0, cid.clone())]),
            Body::Plain {
                prompt,
                answer: Answer::Text(alts),
            } => (
                "Basic (type in the answer)",
                vec![html(prompt), html(&alts.answer)],
                vec![(0, cid.clone())],
            ),
            Body::Plain { prompt, answer } => {
                w.approximated.push((cid.clone(), "as a Basic note".into()));
                (
                    "Basic",
                    vec![
                        html(&front_with_options(prompt, answer)),
                        html(&back_text(answer)),
                    ],
                    vec![(0, cid.clone())],
                )
            }
        };
        let guid = deck
            .origins
            .get(&cid)
            .and_then(|o| o.strip_prefix("anki:"))
            .and_then(|rest| match rest.rsplit_once(':') {
                Some((g, "0")) => Some(g.to_string()),
                Some(_) => None,
                None => Some(rest.to_string()),
            })
            .unwrap_or_else(|| format!("deckard:{cid}"));
        let nid = id();
        let tags = if c.tags.is_empty() {
            String::new()
        } else {
            format!(
                " {} ",
                c.tags
                    .iter()
                    .map(|t| t.replace(char::is_whitespace, "_"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        };
        let sort = super::text::field_text(&fields[0]);
        tx.execute(
            "insert into notes values (?, ?, ?, ?, 0, ?, ?, ?, ?, 0, '')",
            rusqlite::params![
                nid,
                guid,
                model_id(model),
                now.as_second(),
                tags,
                fields.join("\u{1f}"),
                sort,
                checksum(&sort)
            ],
        )
        .map_err(sqlerr)?;
        w.notes += 1;
        for (ord, key) in ords {
            let card = id();
            position += 1;
            let h = deck.history.get(&key);
            let (mut kind, mut queue, mut due, mut ivl) = (0, 0, position, 0);
            if let Some(h) = h {
                if let Some(d) = h.due.filter(|_| !h.answers.is_empty()) {
                    (kind, queue, ivl) = (2, 2, i64::from(h.interval_days.max(1)));
                    due = (d.as_second() - crt).div_euclid(86_400);
                }
                if h.suspended {
                    queue = -1;
                }
                let mut last = 0i64;
                for (i, a) in h.answers.iter().enumerate() {
                    // Review-log ids are the answer's time in ms, unique in the collection.
                    let mut rid = a.time.as_millisecond().max(last + 1);
                    while tx
                        .query_row("select 1 from revlog where id = ?", [rid], |_| Ok(()))
                        .is_ok()
                    {
                        rid += 1;
                    }
                    last = rid;
                    let rtype = if i == 0 { 0 } else { 1 };
                    tx.execute(
                        "insert into revlog values (?, ?, 0, ?, 0, 0, 2500, ?, ?)",
                        rusqlite::params![rid, card, a.rating, a.ms.min(60_000) as i64, rtype],
                    )
                    .map_err(sqlerr)?;
                    w.reviews += 1;
                }
            }
            let reps = h.map_or(0, |h| h.answers.len() as i64);
            tx.execute(
                "insert into cards values (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, '')",
                rusqlite::params![
                    card,
                    nid,
                    deck_id,
                    ord,
                    now.as_second(),
                    kind,
                    queue,
                    due,
                    ivl,
                    if kind == 2 { 2500 } else { 0 },
                    reps
                ],
            )
            .map_err(sqlerr)?;
        }
    }
    // The col row: Anki's own JSON for note types, deck and options, with this deck added.
    let mut decks = serde_json::Map::new();
    decks.insert("1".into(), templates["deck"].clone());
    let mut ours = templates["deck"].clone();
    ours["id"] = json!(deck_id);
    ours["name"] = json!(deck.title);
    ours["mod"] = json!(now.as_second());
    decks.insert(deck_id.to_string(), ours);
    let mut model_map = serde_json::Map::new();
    for (_, m) in models.as_object().into_iter().flatten() {
        let mut m = m.clone();
        m["did"] = json!(deck_id);
        model_map.insert(m["id"].to_string(), m);
    }
    let mut conf = templates["conf"].clone();
    conf["curDeck"] = json!(deck_id);
    conf["activeDecks"] = json!([deck_id]);
    conf["nextPos"] = json!(position + 1);
    tx.execute(
        "update col set crt = ?, mod = ?, scm = ?, ver = 11, conf = ?, models = ?, decks = ?, dconf = ?",
        rusqlite::params![
            crt,
            now_ms,
            now_ms,
            conf.to_string(),
            Json::Object(model_map).to_string(),
            Json::Object(decks).to_string(),
            json!({"1": templates["dconf"]}).to_string()
        ],
    )
    .map_err(sqlerr)?;
    tx.commit().map_err(sqlerr)?;
    db.close().map_err(|(_, e)| sqlerr(e))?;
    let collection = std::fs::read(&path).map_err(|e| fail(format!("reading the collection back: {e}")))?;
    w.bytes = zip(&collection, deck.media).map_err(|e| fail(format!("zip: {e}")))?;
    Ok(w)
}

/// Card text as a field: HTML-escaped, line breaks as `<br>`, media names back as Anki's
/// references.
fn html(text: &str) -> String {
    let escaped = html_escape::encode_text(text).replace('\n', "<br>");
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let tag = [("[image: ", true), ("[audio: ", false)]
            .into_iter()
            .find(|(p, _)| rest.starts_with(p));
        match (tag, rest.find(']')) {
            (Some((p, image)), Some(end)) => {
                let name = &rest[p.len()..end];
                if image {
                    out.push_str(&format!("<img src=\"{name}\">"));
                } else {
                    out.push_str(&format!("[sound:{name}]"));
                }
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('[');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Anki's first-field checksum: the first 8 hex digits of the SHA-1 of the sort field, as a
/// number. Anki recomputes it on import; a plain hash keeps the column filled meanwhile.
fn checksum(s: &str) -> i64 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    i64::from(h)
}

fn zip(collection: &[u8], media: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("collection.anki2", opts)?;
    z.write_all(collection)?;
    let mut map = serde_json::Map::new();
    for (i, (name, data)) in media.iter().enumerate() {
        z.start_file(i.to_string(), opts)?;
        z.write_all(data)?;
        map.insert(i.to_string(), json!(name));
    }
    z.start_file("media", opts)?;
    z.write_all(Json::Object(map).to_string().as_bytes())?;
    Ok(z.finish()?.into_inner())
}
