//! Adds cards (and the sources they cite) to a deck file without disturbing the rest of it:
//! comments, layout and the other cards stay as they were written (`toml_edit`).

use std::collections::HashSet;

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

use super::format::{DECK_ORDER, canonical_text, finish, format_document, normalize_table};
use super::{AuthorError, NewCard, card_table, ids, validate};
use crate::deck::Source;

/// The result of an append: the new file text and the ids given to the new cards.
#[derive(Debug, Clone)]
pub struct Appended {
    /// The whole deck file, ready to write.
    pub text: String,
    /// Ids of the appended cards, in order.
    pub ids: Vec<String>,
    /// Ids of cards already in the deck with the `origin` of an incoming card, which were
    /// updated in place instead of appended (in order).
    pub updated: Vec<String>,
}

/// Fields of a card the author may have added in deckard that an update from the source
/// keeps when the source does not set them.
const KEPT_ON_UPDATE: &[&str] = &["renamed_from", "note", "hint", "source", "sources", "tags"];

/// Id and title for a deck file that does not exist yet.
#[derive(Debug, Clone)]
pub struct DeckMeta {
    /// The deck id.
    pub id: String,
    /// The deck title.
    pub title: String,
}

impl DeckMeta {
    /// A deck id and title from a file name: `world-capitals.toml` → `world-capitals`.
    pub fn from_path(path: &std::path::Path) -> Self {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "deck".into());
        let id = ids::slug(&stem);
        let title = stem.replace(['-', '_'], " ");
        DeckMeta { id, title }
    }
}

/// Appends `cards` to the deck text `existing` (or starts a new deck when it is `None` or
/// blank), declaring `sources` the deck lacks. The result is checked as `deckard check` would;
/// on any error nothing is returned but the error.
pub fn append_cards(
    file: &str,
    existing: Option<&str>,
    meta: &DeckMeta,
    sources: &[Source],
    cards: &[NewCard],
) -> Result<Appended, AuthorError> {
    let fresh = existing.is_none_or(|t| t.trim().is_empty());
    let mut doc: DocumentMut = match existing {
        Some(t) if !fresh => t.parse().map_err(|e| AuthorError::toml(file, t, &e))?,
        _ => new_document(meta),
    };
    let deck = doc
        .get_mut("deck")
        .and_then(Item::as_table_mut)
        .ok_or_else(|| AuthorError::Shape {
            file: file.into(),
            message: "the file has no [deck] table".into(),
        })?;
    for s in sources {
        add_source(deck, s);
    }
    let cards_item = doc
        .entry("card")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(tables) = cards_item.as_array_of_tables_mut() else {
        return Err(AuthorError::Shape {
            file: file.into(),
            message: "`card` is not written as [[card]] tables; run `deckard fmt` or convert it first".into(),
        });
    };
    let mut taken: HashSet<String> = tables
        .iter()
        .filter_map(|t| t.get("id").and_then(Item::as_str).map(str::to_string))
        .collect();
    let mut new_ids = Vec::with_capacity(cards.len());
    let mut updated = Vec::new();
    for card in cards {
        let same_origin = card.origin.as_deref().and_then(|o| {
            tables
                .iter()
                .position(|t| t.get("origin").and_then(Item::as_str) == Some(o))
        });
        if let Some(i) = same_origin
            && let Some(old) = tables.get_mut(i)
        {
            let id = old
                .get("id")
                .and_then(Item::as_str)
                .unwrap_or_default()
                .to_string();
            *old = updated_table(old, card, &id);
            updated.push(id);
            continue;
        }
        let id = match &card.id {
            Some(id) if ids::is_valid(id) => ids::claim(id.clone(), &mut taken),
            _ => ids::unique(&card.id_seed(), &mut taken),
        };
        tables.push(card_table(card, &id));
        new_ids.push(id);
    }
    if fresh {
        format_document(&mut doc);
    }
    let text = finish(&doc.to_string());
    validate(file, &text)?;
    Ok(Appended {
        text,
        ids: new_ids,
        updated,
    })
}

/// The table of `card` replacing `old` (a card with the same origin): the id, the comments
/// above it and the fields the source does not set that the author may have added are kept.
fn updated_table(old: &Table, card: &NewCard, id: &str) -> Table {
    let mut t = card_table(card, id);
    let has_source = t.contains_key("source") || t.contains_key("sources");
    for key in KEPT_ON_UPDATE {
        if t.contains_key(key) || (key.starts_with("source") && has_source) {
            continue;
        }
        if let Some(v) = old.get(key) {
            t.insert(key, v.clone());
        }
    }
    normalize_table(&mut t, super::format::CARD_ORDER);
    t.decor_mut().clone_from(old.decor());
    t
}

fn new_document(meta: &DeckMeta) -> DocumentMut {
    let mut doc = DocumentMut::new();
    let mut deck = Table::new();
    deck.insert("id", value(meta.id.as_str()));
    deck.insert("title", value(meta.title.as_str()));
    normalize_table(&mut deck, DECK_ORDER);
    doc.insert("deck", Item::Table(deck));
    doc
}

/// Declares a source in `[deck]` unless one with its id is there already.
fn add_source(deck: &mut Table, s: &Source) {
    let mut t = InlineTable::new();
    t.insert("id", s.id.as_str().into());
    t.insert("title", s.title.as_str().into());
    if let Some(p) = &s.publisher {
        t.insert("publisher", p.as_str().into());
    }
    if let Some(a) = &s.as_of {
        t.insert("as_of", a.as_str().into());
    }
    if let Some(u) = &s.url {
        t.insert("url", u.as_str().into());
    }
    let has = |id: Option<&str>| id == Some(s.id.as_str());
    match deck.get_mut("sources") {
        Some(Item::Value(Value::Array(arr))) => {
            if arr.iter().any(|v| {
                has(v
                    .as_inline_table()
                    .and_then(|t| t.get("id"))
                    .and_then(Value::as_str))
            }) {
                return;
            }
            arr.push(Value::InlineTable(t));
            let v = Value::Array(arr.clone());
            if let Some(text) = canonical_text("sources", &v)
                && let Ok(mut new) = text.parse::<Value>()
            {
                let suffix = arr
                    .decor()
                    .suffix()
                    .and_then(|r| r.as_str())
                    .unwrap_or("")
                    .to_string();
                new.decor_mut().set_prefix(" ");
                new.decor_mut().set_suffix(suffix);
                if let Some(Item::Value(slot)) = deck.get_mut("sources") {
                    *slot = new;
                }
            }
        }
        Some(Item::ArrayOfTables(arr)) => {
            if arr.iter().any(|t| has(t.get("id").and_then(Item::as_str))) {
                return;
            }
            arr.push(t.into_table());
        }
        _ => {
            let mut arr = toml_edit::Array::new();
            arr.push(Value::InlineTable(t));
            let v = Value::Array(arr);
            let text = canonical_text("sources", &v).unwrap_or_default();
            let new = text.parse::<Value>().unwrap_or(v);
            deck.insert("sources", Item::Value(new));
            if let Some(Item::Value(v)) = deck.get_mut("sources") {
                v.decor_mut().set_prefix(" ");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::Body;
    use crate::deck::{Answer, Kind};

    const DECK: &str = "# My deck\n[deck]\nid = \"d\"   # the id\ntitle = 'D'\n\n# first card\n[[card]]\nid=\"one\"\nq = 'Q?'\na = 'A'   # answer\n\n# the end\n";

    #[test]
    fn appending_keeps_the_rest_of_the_file() {
        let meta = DeckMeta {
            id: "x".into(),
            title: "X".into(),
        };
        let card = NewCard::text("What is the capital of France?", "Paris");
        let out = append_cards("d.toml", Some(DECK), &meta, &[], &[card]).unwrap();
        let body = DECK.trim_end_matches("\n# the end\n");
        assert!(out.text.starts_with(body), "{}", out.text);
        assert!(out.text.contains("# the end"));
        assert!(
            out.text.contains(
                "[[card]]\nid = \"capital-france\"\nq = \"What is the capital of France?\"\na = \"Paris\"\n"
            ),
            "{}",
            out.text
        );
        assert_eq!(out.ids, vec!["capital-france"]);
        let deck = validate("d.toml", &out.text).unwrap();
        assert_eq!(deck.cards.len(), 2);
    }

    #[test]
    fn new_deck_with_source_and_colliding_ids() {
        let meta = DeckMeta::from_path(std::path::Path::new("dir/My_Deck.toml"));
        assert_eq!(meta.id, "my-deck");
        let src = Source {
            id: "doc".into(),
            title: "A doc".into(),
            publisher: None,
            as_of: None,
            url: None,
        };
        let mut a = NewCard::new(Body::Cloze("Paris is in {{France}}.".into()));
        a.source = Some("doc".into());
        a.draft = true;
        a.note = Some("from doc.txt line 3".into());
        let b = NewCard::new(Body::Cloze("Paris is in {{France}}!".into()));
        let out = append_cards("n.toml", None, &meta, std::slice::from_ref(&src), &[a, b]).unwrap();
        assert_eq!(out.ids, vec!["paris-france", "paris-france-2"]);
        assert!(out.text.starts_with("[deck]\nid = \"my-deck\"\ntitle = \"My Deck\"\nsources = [{ id = \"doc\", title = \"A doc\" }]\n\n# from doc.txt line 3\n[[card]]\n"), "{}", out.text);
        let deck = validate("n.toml", &out.text).unwrap();
        assert_eq!(deck.cards[0].kind, Kind::Cloze);
        assert!(deck.cards[0].draft);
        // A second append finds the source declared and the ids taken.
        let c = NewCard::new(Body::Cloze("Paris is in {{France}}.".into()));
        let again = append_cards("n.toml", Some(&out.text), &meta, &[src], &[c]).unwrap();
        assert_eq!(again.ids, vec!["paris-france-3"]);
        assert_eq!(again.text.matches("id = \"doc\"").count(), 1);
        assert!(again.text.starts_with(out.text.trim_end()));
    }

    #[test]
    fn invalid_results_are_refused() {
        let meta = DeckMeta {
            id: "x".into(),
            title: "X".into(),
        };
        let bad = NewCard::new(Body::Plain {
            prompt: "Pick".into(),
            answer: Answer::Choice {
                choices: vec!["a".into()],
                correct: vec![0],
            },
        });
        assert!(matches!(
            append_cards("d.toml", Some(DECK), &meta, &[], &[bad]),
            Err(AuthorError::Invalid { .. })
        ));
        assert!(matches!(
            append_cards("d.toml", Some("[deck\n"), &meta, &[], &[]),
            Err(AuthorError::Toml { line: 1, .. })
        ));
    }
}

#[cfg(test)]
mod update_tests {
    use super::*;

    const KEYED: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\n\n# checked by hand\n[[card]]\nid = \"paris\"\nq = \"Capital of France?\"\na = \"Paris\"\nrenamed_from = [\"old-paris\"]\norigin = \"csv:Capital of France?\"\n\n# the end\n";

    /// Re-importing a file added `paris-2`: a card whose origin is in the deck updates it.
    #[test]
    fn a_card_with_a_known_origin_updates_that_card_in_place() {
        let meta = DeckMeta {
            id: "d".into(),
            title: "D".into(),
        };
        let mut card = NewCard::text("Capital of France?", "Paris");
        card.origin = Some("csv:Capital of France?".into());
        card.explain = Some("On the Seine".into());
        let mut other = NewCard::text("Capital of Spain?", "Madrid");
        other.origin = Some("csv:Capital of Spain?".into());
        let out = append_cards("d.toml", Some(KEYED), &meta, &[], &[card, other]).unwrap();
        assert_eq!(out.updated, ["paris"]);
        assert_eq!(out.ids, ["capital-spain"]);
        assert!(
            out.text.contains("# checked by hand\n[[card]]\nid = \"paris\"\nq = \"Capital of France?\"\na = \"Paris\"\norigin = \"csv:Capital of France?\"\nrenamed_from = [\"old-paris\"]\nexplain = \"On the Seine\"\n"),
            "{}",
            out.text
        );
        assert_eq!(out.text.matches("[[card]]").count(), 2, "{}", out.text);
        assert!(out.text.contains("# the end"));
    }
}
