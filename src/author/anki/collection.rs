//! An Anki collection read from its SQLite file: decks, note types, notes, cards, the review
//! log and the deck options, from either schema (11: JSON in the `col` row; 18: tables with
//! protobuf settings).

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value as Json;

use super::AnkiError;
use super::proto;

/// A deck of the collection.
#[derive(Debug, Clone)]
pub struct DeckInfo {
    /// Its full name, `Parent::Child`.
    pub name: String,
    /// Its options preset, for normal decks.
    pub config: Option<i64>,
}

/// A note type: its kind, fields and card templates.
#[derive(Debug, Clone)]
pub struct Notetype {
    /// Its name ("Basic", "Cloze", …).
    pub name: String,
    /// A cloze note type (one card per `{{cN::…}}` number).
    pub cloze: bool,
    /// Field names in order.
    pub fields: Vec<String>,
    /// Card templates by ordinal: (name, question format, answer format).
    pub templates: Vec<(String, String, String)>,
}

/// A note: its fields (HTML) and tags.
#[derive(Debug, Clone)]
pub struct Note {
    /// Note id (creation time in ms).
    pub id: i64,
    /// The globally unique id Anki keeps across collections.
    pub guid: String,
    /// Its note type.
    pub notetype: i64,
    /// Tags.
    pub tags: Vec<String>,
    /// Field values (HTML).
    pub fields: Vec<String>,
}

/// A card: which note and template, where, and its scheduling state.
#[derive(Debug, Clone)]
pub struct CardRow {
    /// Card id.
    pub id: i64,
    /// Its note.
    pub note: i64,
    /// Its home deck (the original deck of a card in a filtered deck).
    pub deck: i64,
    /// Template ordinal (cloze: the cloze number minus one).
    pub ord: i64,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub kind: i64,
    /// -3..-1 buried/suspended, 0 new, 1 learning, 2 review, 3 day-learning, 4 preview.
    pub queue: i64,
    /// Review cards: day number from the collection's creation (the home deck's due for a
    /// card in a filtered deck). (Re)learning cards: a timestamp in seconds (queue 1), or a
    /// day number (queue 3, a step that ends on a later day).
    pub due: i64,
    /// (Re)learning cards: the steps still to go (Anki's `left % 1000`; the thousands held a
    /// count for today in older versions).
    pub remaining_steps: u32,
}

/// One row of the review log.
#[derive(Debug, Clone)]
pub struct RevRow {
    /// Its id: the review's time in ms.
    pub id: i64,
    /// The card.
    pub card: i64,
    /// The button: 1 again … 4 easy; 0 for rows that are no answer.
    pub ease: i64,
    /// Interval after it (days; negative: seconds).
    pub ivl: i64,
    /// Ease factor (0 on a reset or a cram review).
    pub factor: i64,
    /// Answer time in ms.
    pub ms: i64,
    /// 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
}

/// Deck options (a preset) in the terms deckard has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeckOptions {
    /// The preset's name.
    pub name: String,
    /// Learning steps in minutes.
    pub learn_steps: Vec<f32>,
    /// Relearning steps in minutes.
    pub relearn_steps: Vec<f32>,
    /// New cards a day.
    pub new_per_day: u64,
    /// Reviews a day.
    pub reviews_per_day: u64,
    /// FSRS desired retention.
    pub desired_retention: Option<f32>,
    /// FSRS parameters (the newest set present: FSRS-6, else FSRS-5), empty if never fitted.
    pub fsrs_params: Vec<f32>,
}

/// Everything deckard reads from a collection.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Creation time (s): day numbers count from it; with the review ids it names the
    /// collection for imported event ids.
    pub crt: i64,
    /// Last modification (ms).
    pub modified_ms: i64,
    /// FSRS enabled for the collection.
    pub fsrs: bool,
    /// The hour Anki's day starts at ("next day starts at"), when the collection says.
    pub rollover: Option<u8>,
    /// Decks by id.
    pub decks: BTreeMap<i64, DeckInfo>,
    /// Note types by id.
    pub notetypes: HashMap<i64, Notetype>,
    /// Notes by id order.
    pub notes: Vec<Note>,
    /// Cards by id order.
    pub cards: Vec<CardRow>,
    /// The review log by time.
    pub revlog: Vec<RevRow>,
    /// Deck option presets by id.
    pub options: HashMap<i64, DeckOptions>,
}

/// Reads a collection from its SQLite bytes (written to a private temporary file, which SQLite
/// needs, and opened read-only).
pub fn read(file: &str, sqlite: &[u8]) -> Result<Collection, AnkiError> {
    let bad = |message: String| AnkiError::Collection {
        file: file.to_string(),
        message,
    };
    let mut tmp =
        tempfile::NamedTempFile::new().map_err(|e| bad(format!("cannot make a temporary file: {e}")))?;
    tmp.write_all(sqlite)
        .and_then(|()| tmp.flush())
        .map_err(|e| bad(format!("cannot write a temporary file: {e}")))?;
    let db = Connection::open_with_flags(tmp.path(), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(format!("cannot open the SQLite collection: {e}")))?;
    // Schema 18 declares its name columns `collate unicase`; SQLite needs the collation to
    // read those tables at all. Case-insensitive order is what Anki means by it.
    db.create_collation("unicase", |a, b| a.to_lowercase().cmp(&b.to_lowercase()))
        .map_err(|e| bad(format!("cannot open the SQLite collection: {e}")))?;
    read_db(&db).map_err(|e| bad(format!("not a readable Anki collection: {e}")))
}

type Res<T> = Result<T, String>;

fn sql(e: rusqlite::Error) -> String {
    e.to_string()
}

fn read_db(db: &Connection) -> Res<Collection> {
    let check: String = db
        .query_row("pragma quick_check", [], |r| r.get(0))
        .map_err(sql)?;
    if check != "ok" {
        return Err(format!("SQLite reports damage: {check}"));
    }
    let (crt, modified_ms): (i64, i64) = db
        .query_row("select crt, mod from col", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(sql)?;
    let modern: bool = db
        .query_row(
            "select count(*) > 0 from sqlite_master where type = 'table' and name = 'notetypes'",
            [],
            |r| r.get(0),
        )
        .map_err(sql)?;
    let mut col = Collection {
        crt,
        modified_ms,
        fsrs: false,
        rollover: None,
        decks: BTreeMap::new(),
        notetypes: HashMap::new(),
        notes: Vec::new(),
        cards: Vec::new(),
        revlog: Vec::new(),
        options: HashMap::new(),
    };
    if modern {
        read_schema18(db, &mut col)?;
    } else {
        read_schema11(db, &mut col)?;
    }
    let mut stmt = db
        .prepare("select id, guid, mid, tags, flds from notes order by id")
        .map_err(sql)?;
    col.notes = stmt
        .query_map([], |r| {
            let tags: String = r.get(3)?;
            let flds: String = r.get(4)?;
            Ok(Note {
                id: r.get(0)?,
                guid: r.get(1)?,
                notetype: r.get(2)?,
                tags: tags.split_whitespace().map(str::to_string).collect(),
                fields: flds.split('\u{1f}').map(str::to_string).collect(),
            })
        })
        .and_then(Iterator::collect)
        .map_err(sql)?;
    let mut stmt = db
        .prepare("select id, nid, did, ord, type, queue, due, odid, odue, left from cards order by id")
        .map_err(sql)?;
    col.cards = stmt
        .query_map([], |r| {
            let odid: i64 = r.get(7)?;
            Ok(CardRow {
                id: r.get(0)?,
                note: r.get(1)?,
                deck: if odid != 0 { odid } else { r.get(2)? },
                ord: r.get(3)?,
                kind: r.get(4)?,
                queue: r.get(5)?,
                due: if odid != 0 { r.get(8)? } else { r.get(6)? },
                remaining_steps: u32::try_from(r.get::<_, i64>(9)?.rem_euclid(1000)).unwrap_or(0),
            })
        })
        .and_then(Iterator::collect)
        .map_err(sql)?;
    let mut stmt = db
        .prepare("select id, cid, ease, ivl, factor, time, type from revlog order by id")
        .map_err(sql)?;
    col.revlog = stmt
        .query_map([], |r| {
            Ok(RevRow {
                id: r.get(0)?,
                card: r.get(1)?,
                ease: r.get(2)?,
                ivl: r.get(3)?,
                factor: r.get(4)?,
                ms: r.get(5)?,
                kind: r.get(6)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(sql)?;
    Ok(col)
}

/// Schema 11: note types, decks, options and settings are JSON in the `col` row.
fn read_schema11(db: &Connection, col: &mut Collection) -> Res<()> {
    let (conf, models, decks, dconf): (String, String, String, String) = db
        .query_row("select conf, models, decks, dconf from col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .map_err(sql)?;
    let parse = |what: &str, s: &str| -> Res<Json> {
        serde_json::from_str(s).map_err(|e| format!("col.{what}: {e}"))
    };
    let conf = parse("conf", &conf)?;
    col.fsrs = conf.get("fsrs").and_then(Json::as_bool).unwrap_or(false);
    col.rollover = conf
        .get("rollover")
        .and_then(Json::as_i64)
        .and_then(|h| u8::try_from(h).ok())
        .filter(|h| *h < 24);
    for (id, m) in obj(&parse("models", &models)?) {
        let by_ord = |key: &str| -> Vec<(i64, Json)> {
            let mut v: Vec<(i64, Json)> = m
                .get(key)
                .and_then(Json::as_array)
                .map(|a| {
                    a.iter()
                        .map(|x| (x.get("ord").and_then(Json::as_i64).unwrap_or(0), x.clone()))
                        .collect()
                })
                .unwrap_or_default();
            v.sort_by_key(|(o, _)| *o);
            v
        };
        let text = |x: &Json, k: &str| x.get(k).and_then(Json::as_str).unwrap_or("").to_string();
        col.notetypes.insert(
            id,
            Notetype {
                name: text(m, "name"),
                cloze: m.get("type").and_then(Json::as_i64) == Some(1),
                fields: by_ord("flds").iter().map(|(_, f)| text(f, "name")).collect(),
                templates: by_ord("tmpls")
                    .iter()
                    .map(|(_, t)| (text(t, "name"), text(t, "qfmt"), text(t, "afmt")))
                    .collect(),
            },
        );
    }
    for (id, d) in obj(&parse("decks", &decks)?) {
        let filtered = d.get("dyn").and_then(Json::as_i64).unwrap_or(0) != 0;
        col.decks.insert(
            id,
            DeckInfo {
                name: d.get("name").and_then(Json::as_str).unwrap_or("").to_string(),
                config: (!filtered)
                    .then(|| d.get("conf").and_then(Json::as_i64))
                    .flatten(),
            },
        );
    }
    for (id, c) in obj(&parse("dconf", &dconf)?) {
        let nums = |v: Option<&Json>| -> Vec<f32> {
            v.and_then(Json::as_array)
                .map(|a| a.iter().filter_map(Json::as_f64).map(|x| x as f32).collect())
                .unwrap_or_default()
        };
        let p6 = nums(c.get("fsrsParams6"));
        let p5 = nums(c.get("fsrsParams5"));
        col.options.insert(
            id,
            DeckOptions {
                name: c.get("name").and_then(Json::as_str).unwrap_or("").to_string(),
                learn_steps: nums(c.pointer("/new/delays")),
                relearn_steps: nums(c.pointer("/lapse/delays")),
                new_per_day: c.pointer("/new/perDay").and_then(Json::as_u64).unwrap_or(0),
                reviews_per_day: c.pointer("/rev/perDay").and_then(Json::as_u64).unwrap_or(0),
                desired_retention: c
                    .get("desiredRetention")
                    .and_then(Json::as_f64)
                    .map(|x| x as f32)
                    .filter(|x| *x > 0.0),
                fsrs_params: if p6.is_empty() { p5 } else { p6 },
            },
        );
    }
    Ok(())
}

/// The entries of a JSON object keyed by ids.
fn obj(v: &Json) -> Vec<(i64, &Json)> {
    v.as_object()
        .map(|o| o.iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect())
        .unwrap_or_default()
}

/// Schema 18: tables with protobuf settings (field numbers from Anki's `notetypes.proto`,
/// `decks.proto` and `deck_config.proto`).
fn read_schema18(db: &Connection, col: &mut Collection) -> Res<()> {
    col.fsrs = db
        .query_row("select val from config where key = 'fsrs'", [], |r| {
            r.get::<_, Vec<u8>>(0)
        })
        .map(|v| v == b"true")
        .unwrap_or(false);
    // Config values are JSON text: `4`.
    col.rollover = db
        .query_row("select val from config where key = 'rollover'", [], |r| {
            r.get::<_, Vec<u8>>(0)
        })
        .ok()
        .and_then(|v| std::str::from_utf8(&v).ok()?.trim().parse::<u8>().ok())
        .filter(|h| *h < 24);
    let mut stmt = db
        .prepare("select id, name, config from notetypes")
        .map_err(sql)?;
    let rows: Vec<(i64, String, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .and_then(Iterator::collect)
        .map_err(sql)?;
    for (id, name, config) in rows {
        let fs = proto::fields(&config).map_err(|e| format!("note type {name}: {e}"))?;
        col.notetypes.insert(
            id,
            Notetype {
                name,
                cloze: proto::uint(&fs, 1) == 1,
                fields: Vec::new(),
                templates: Vec::new(),
            },
        );
    }
    let mut stmt = db
        .prepare("select ntid, name from fields order by ntid, ord")
        .map_err(sql)?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(Iterator::collect)
        .map_err(sql)?;
    for (nt, name) in rows {
        if let Some(t) = col.notetypes.get_mut(&nt) {
            t.fields.push(name);
        }
    }
    let mut stmt = db
        .prepare("select ntid, name, config from templates order by ntid, ord")
        .map_err(sql)?;
    let rows: Vec<(i64, String, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .and_then(Iterator::collect)
        .map_err(sql)?;
    for (nt, name, config) in rows {
        let fs = proto::fields(&config).map_err(|e| format!("template {name}: {e}"))?;
        let q = proto::string(&fs, 1)?.to_string();
        let a = proto::string(&fs, 2)?.to_string();
        if let Some(t) = col.notetypes.get_mut(&nt) {
            t.templates.push((name, q, a));
        }
    }
    let mut stmt = db.prepare("select id, name, kind from decks").map_err(sql)?;
    let rows: Vec<(i64, String, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .and_then(Iterator::collect)
        .map_err(sql)?;
    for (id, name, kind) in rows {
        let fs = proto::fields(&kind).map_err(|e| format!("deck {name}: {e}"))?;
        // KindContainer { normal = 1 { config_id = 1 }, filtered = 2 }
        let config = match proto::bytes(&fs, 1) {
            Some(normal) => Some(proto::uint(&proto::fields(normal)?, 1) as i64),
            None => None,
        };
        col.decks.insert(
            id,
            DeckInfo {
                name: name.replace('\u{1f}', "::"),
                config,
            },
        );
    }
    let mut stmt = db
        .prepare("select id, name, config from deck_config")
        .map_err(sql)?;
    let rows: Vec<(i64, String, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .and_then(Iterator::collect)
        .map_err(sql)?;
    for (id, name, config) in rows {
        let fs = proto::fields(&config).map_err(|e| format!("deck options {name}: {e}"))?;
        let p6 = proto::floats(&fs, 6);
        col.options.insert(
            id,
            DeckOptions {
                name,
                learn_steps: proto::floats(&fs, 1),
                relearn_steps: proto::floats(&fs, 2),
                new_per_day: proto::uint(&fs, 9),
                reviews_per_day: proto::uint(&fs, 10),
                desired_retention: proto::float(&fs, 37).filter(|x| *x > 0.0),
                fsrs_params: if p6.is_empty() { proto::floats(&fs, 5) } else { p6 },
            },
        );
    }
    Ok(())
}
