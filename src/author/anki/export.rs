//! Writing decks as an Anki package Anki opens: a legacy `.apkg` (`collection.anki2`, schema 11,
//! a JSON media map), the layout every Anki version reads and upgrades on import.
//!
//! The note types (Basic, Basic (type in the answer), Cloze), the default deck and its options
//! are the JSON Anki itself wrote (`schema11.json`, taken from a package made by the `anki`
//! package), so Anki finds nothing missing. Flashcards become Basic notes, text cards "type in
//! the answer" notes, clozes Cloze notes; other kinds become Basic notes with the choices on
//! the front and the answer on the back (reported as approximated). Two flashcards of one
//! sibling group (`note`) that are each other's reverse become one "Basic (and reversed card)"
//! note with two cards, as they came from Anki. With history, each answer becomes a
//! review-log row and a studied card carries its schedule as Anki stores it: type, queue, due
//! (a day number from the collection's creation, or a timestamp for a step within the day),
//! interval, reps, lapses, ease, steps to go, and the FSRS memory state in `cards.data`.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use jiff::Timestamp;
use serde_json::{Value as Json, json};

use super::AnkiError;
use crate::author::export::anki::{back_text, front_with_options};
use crate::author::import::anki::cloze_to_anki;
use crate::author::{Body, NewCard};
use crate::deck::Answer;
use crate::schedule::{CardState, Config, DayCount, Phase};

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
    /// The card's state after them, as deckard's scheduler has it.
    pub state: CardState,
    /// (Re)learning cards: the steps still to go, the current one included (Anki's `left`).
    pub remaining_steps: u32,
    /// The desired retention of the card's deck (`dr` in `cards.data`).
    pub desired_retention: f64,
    /// The forgetting curve's decay, w20 (`decay` in `cards.data`).
    pub decay: f64,
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
    /// How the learner's days are counted: the collection's day numbers follow it.
    pub days: &'a DayCount,
    /// The deck's scheduler settings, written as its Anki options (steps, retention, FSRS
    /// parameters, maximum interval) so Anki, or deckard importing the package again,
    /// continues the (re)learning steps the cards are in.
    pub config: &'a Config,
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
    // Day numbers count from the collection's creation: put it at the start of the learner's
    // study day 10 years back, so every history fits after it and Anki's day N is deckard's
    // study day N after it.
    let days = deck.days;
    let crt_day = days.day(now) - 3650;
    let crt = days.start_of(crt_day).as_second();
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
    let pairs = reversed_pairs(deck.cards);
    for (i, c) in deck.cards.iter().enumerate() {
        let cid = c.id.clone().unwrap_or_default();
        let (model, fields, ords): (&str, Vec<String>, Vec<(i64, String)>) = match (&c.body, pairs.get(&i)) {
            // The second card of a reversed pair was written with the first.
            (_, Some(Pair::Second)) => continue,
            (
                Body::Plain {
                    prompt,
                    answer: Answer::Flashcard { back },
                },
                Some(Pair::First(other)),
            ) => {
                let other_id = deck.cards[*other].id.clone().unwrap_or_default();
                (
                    "Basic (and reversed card)",
                    vec![html(prompt), html(back)],
                    vec![(0, cid.clone()), (1, other_id)],
                )
            }
            (Body::Cloze(text), _) => {
                let anki = cloze_to_anki(text);
                let gaps = text.matches("{{").count();
                let ords = (1..=gaps).map(|n| (n as i64 - 1, format!("{cid}.{n}"))).collect();
                (
                    "Cloze",
                    vec![html(&anki), html(c.explain.as_deref().unwrap_or(""))],
                    ords,
                )
            }
            (
                Body::Plain {
                    prompt,
                    answer: Answer::Flashcard { back },
                },
                _,
            ) => ("Basic", vec![html(prompt), html(back)], vec![(0, cid.clone())]),
            (
                Body::Plain {
                    prompt,
                    answer: Answer::Text(alts),
                },
                _,
            ) => (
                "Basic (type in the answer)",
                vec![html(prompt), html(&alts.answer)],
                vec![(0, cid.clone())],
            ),
            (Body::Plain { prompt, answer }, _) => {
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
            let mut row = Scheduling {
                due: position,
                ..Scheduling::default()
            };
            if let Some(h) = h {
                if !h.answers.is_empty() {
                    row = scheduling(h, days, crt_day, position);
                }
                if h.suspended {
                    row.queue = -1;
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
            tx.execute(
                "insert into cards values (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)",
                rusqlite::params![
                    card,
                    nid,
                    deck_id,
                    ord,
                    now.as_second(),
                    row.kind,
                    row.queue,
                    row.due,
                    row.ivl,
                    row.factor,
                    row.reps,
                    row.lapses,
                    row.left,
                    row.data
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
    if let DayCount::Rollover { hour, .. } = days {
        // Anki's "next day starts at" hour, so its days are the learner's.
        conf["rollover"] = json!(hour);
    }
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
            json!({"1": options(&templates["dconf"], deck.config)}).to_string()
        ],
    )
    .map_err(sqlerr)?;
    tx.commit().map_err(sqlerr)?;
    db.close().map_err(|(_, e)| sqlerr(e))?;
    let collection = std::fs::read(&path).map_err(|e| fail(format!("reading the collection back: {e}")))?;
    w.bytes = zip(&collection, deck.media).map_err(|e| fail(format!("zip: {e}")))?;
    Ok(w)
}

/// Anki's default deck options with the deck's scheduler settings in them.
fn options(default: &Json, config: &Config) -> Json {
    let mut o = default.clone();
    let minutes = |steps: &[jiff::SignedDuration]| -> Vec<f64> {
        steps.iter().map(|s| s.as_secs_f64() / 60.0).collect()
    };
    o["new"]["delays"] = json!(minutes(&config.learning_steps));
    o["lapse"]["delays"] = json!(minutes(&config.relearning_steps));
    o["rev"]["maxIvl"] = json!(config.maximum_interval);
    o["desiredRetention"] = json!(config.desired_retention);
    if config.params.len() == 21 {
        o["fsrsParams6"] = json!(config.params);
    }
    o
}

/// A card's place in a reversed pair (see [`reversed_pairs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pair {
    /// The first card; the index of its reverse.
    First(usize),
    /// The reverse, written with the first.
    Second,
}

/// Pairs of flashcards in one sibling group (`note`) of exactly two, each the other's reverse
/// (front and back swapped): Anki's "Basic (and reversed card)" notes, as the import makes them.
fn reversed_pairs(cards: &[NewCard]) -> HashMap<usize, Pair> {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in cards.iter().enumerate() {
        if let Some(s) = c.sibling.as_deref() {
            groups.entry(s).or_default().push(i);
        }
    }
    let sides = |c: &NewCard| match &c.body {
        Body::Plain {
            prompt,
            answer: Answer::Flashcard { back },
        } => Some((prompt.clone(), back.clone())),
        _ => None,
    };
    let mut out = HashMap::new();
    for group in groups.values() {
        let [a, b] = group[..] else { continue };
        if let (Some((pa, ba)), Some((pb, bb))) = (sides(&cards[a]), sides(&cards[b]))
            && pa == bb
            && ba == pb
        {
            out.insert(a, Pair::First(b));
            out.insert(b, Pair::Second);
        }
    }
    out
}

/// The scheduling columns of one card, as Anki stores them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Scheduling {
    /// 0 new, 1 learning, 2 review, 3 relearning.
    kind: i64,
    /// -1 suspended, 0 new, 1 learning (due a timestamp), 2 review, 3 learning in days.
    queue: i64,
    /// New: position; review and queue 3: day number from the collection's creation; queue 1:
    /// a timestamp in seconds.
    due: i64,
    /// Review interval in days.
    ivl: i64,
    /// Ease in permille (SM-2's ease factor; 0 for a new card).
    factor: i64,
    reps: i64,
    lapses: i64,
    /// Steps still to go in (re)learning.
    left: i64,
    /// `cards.data`: the FSRS memory state, as Anki writes it.
    data: String,
}

/// The scheduling columns of a studied card. Review cards (and steps that end on a later
/// study day) are due on a day number counted from `crt_day`; a step within the day is due at
/// its timestamp.
fn scheduling(h: &History, days: &DayCount, crt_day: i64, position: i64) -> Scheduling {
    let st = &h.state;
    let day_of = |t: Timestamp| days.day(t) - crt_day;
    let (kind, queue, due) = match (st.phase, st.due) {
        (Phase::New, _) | (_, None) => (0, 0, position),
        (Phase::Review, Some(d)) => (2, 2, day_of(d)),
        (phase, Some(d)) => {
            let kind = if phase == Phase::Learning { 1 } else { 3 };
            let later_day = st.last_review.is_some_and(|l| days.day(d) > days.day(l));
            if later_day {
                (kind, 3, day_of(d))
            } else {
                (kind, 1, d.as_second())
            }
        }
    };
    let factor = if kind == 0 {
        0
    } else if st.ease > 0.0 {
        (st.ease * 1000.0).round() as i64
    } else {
        2500
    };
    Scheduling {
        kind,
        queue,
        due,
        ivl: if kind == 2 {
            i64::from(st.interval_days.max(1))
        } else {
            i64::from(st.interval_days)
        },
        factor,
        reps: i64::from(st.reps),
        lapses: i64::from(st.lapses),
        left: if matches!(kind, 1 | 3) {
            i64::from(h.remaining_steps)
        } else {
            0
        },
        data: card_data(h),
    }
}

/// `cards.data` as Anki writes it (`rslib/src/storage/card/data.rs`, `CardData`): the memory
/// state `s` (rounded to 4 places), `d` (3), the desired retention `dr` (2), the curve's
/// `decay` (3) and the last review `lrt` in seconds, in that order; "" without a state.
fn card_data(h: &History) -> String {
    let Some(m) = h.state.memory() else {
        return String::new();
    };
    let round = |x: f64, places: i32| {
        let f = 10f64.powi(places);
        // Anki rounds the f32 it stores; rounding the f64 gives the same digits.
        (x * f).round() / f
    };
    // Written in Anki's field order (pos, s, d, dr, decay, lrt), numbers as serde_json writes
    // them.
    let mut fields = vec![
        format!("\"s\":{}", json!(round(m.stability, 4))),
        format!("\"d\":{}", json!(round(m.difficulty, 3))),
        format!("\"dr\":{}", json!(round(h.desired_retention, 2))),
        format!("\"decay\":{}", json!(round(h.decay, 3))),
    ];
    if let Some(l) = h.state.last_review {
        fields.push(format!("\"lrt\":{}", l.as_second()));
    }
    format!("{{{}}}", fields.join(","))
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
