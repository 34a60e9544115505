//! Anki's deck options as `[deck.<id>]` tables (one per imported deck, from its preset), added
//! to the learner's `config.toml` keeping every byte of what is there (comments, order) and any
//! table the learner already wrote for a deck.

use std::collections::HashMap;

use toml_edit::{DocumentMut, Item, Table};

use super::collection::Collection;
use super::convert::{Conversion, Settings};

/// What merging did.
#[derive(Debug, Default, PartialEq)]
pub struct Merged {
    /// The new file text.
    pub text: String,
    /// Deck ids whose table was added.
    pub added: Vec<String>,
    /// Deck ids that already had a table, left as they were.
    pub kept: Vec<String>,
}

/// Adds a `[deck.<id>]` table for each deck that has none in `config` (a file's text, or ""
/// for no file). An error names what in `config` is not TOML or not a table.
pub fn merge(config: &str, settings: &[Settings]) -> Result<Merged, String> {
    let mut doc: DocumentMut = config.parse().map_err(|e| format!("not valid TOML: {e}"))?;
    // A file of comments only keeps them in the document's trailing decor, which would end up
    // below the new tables: append to its text instead.
    let only_comments = doc.iter().next().is_none();
    if only_comments {
        doc = DocumentMut::new();
    }
    let mut out = Merged::default();
    let decks = doc.entry("deck").or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    let Some(decks) = decks.as_table_mut() else {
        return Err("`deck` is not a table".into());
    };
    for s in settings {
        if decks.contains_key(&s.deck) {
            out.kept.push(s.deck.clone());
            continue;
        }
        let mut table = deck_table(s)?;
        table
            .decor_mut()
            .set_prefix("\n# From Anki's deck options (deckard import)\n");
        decks.insert(&s.deck, Item::Table(table));
        out.added.push(s.deck.clone());
    }
    out.text = if only_comments {
        let sep = if config.is_empty() || config.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        format!("{config}{sep}{doc}")
    } else {
        doc.to_string()
    };
    Ok(out)
}

/// Each deck's table cut in two for a progress folder: the keys in `shared` (scheduling, which
/// the folder's `settings.toml` holds for every device) and the rest (daily limits, which stay
/// in the device's `config.toml`). A part with no key is left out.
pub fn split(settings: &[Settings], shared: &[&str]) -> Result<(Vec<Settings>, Vec<Settings>), String> {
    let (mut folder, mut device) = (Vec::new(), Vec::new());
    for s in settings {
        let table = deck_table(s)?;
        for (keep, out) in [(true, &mut folder), (false, &mut device)] {
            let mut part = Table::new();
            for (k, v) in table.iter().filter(|(k, _)| shared.contains(k) == keep) {
                part.insert(k, v.clone());
            }
            if part.is_empty() {
                continue;
            }
            let mut doc = DocumentMut::new();
            let mut decks = Table::new();
            decks.set_implicit(true);
            decks.insert(&s.deck, Item::Table(part));
            doc.insert("deck", Item::Table(decks));
            out.push(Settings {
                deck: s.deck.clone(),
                options: s.options.clone(),
                toml: doc.to_string(),
            });
        }
    }
    Ok((folder, device))
}

/// The `[deck.<id>]` table of one deck's options.
fn deck_table(s: &Settings) -> Result<Table, String> {
    let parsed: DocumentMut = s
        .toml
        .parse()
        .map_err(|e| format!("settings of {}: {e}", s.deck))?;
    parsed
        .get("deck")
        .and_then(Item::as_table)
        .and_then(|d| d.get(&s.deck))
        .and_then(Item::as_table)
        .cloned()
        .ok_or_else(|| format!("settings of {} hold no [deck.{}] table", s.deck, s.deck))
}

/// The deck options of each imported deck's preset, as a `[deck.<id>]` table.
pub(super) fn collect(col: &Collection, ids: &HashMap<i64, String>, out: &mut Conversion) {
    for d in &out.decks {
        let Some((_, info)) = col.decks.iter().find(|(id, _)| ids.get(id) == Some(&d.id)) else {
            continue;
        };
        let Some(o) = info.config.and_then(|c| col.options.get(&c)) else {
            continue;
        };
        let steps = |s: &[f32]| {
            s.iter()
                .map(|m| format!("\"{}\"", minutes(*m)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut t = format!("[deck.{}]\n", d.id);
        // A deck package does not carry the collection's FSRS switch: fitted parameters
        // show FSRS was in use; a collection package says so outright.
        if col.fsrs || !o.fsrs_params.is_empty() {
            t.push_str("scheduler = \"fsrs\"\n");
        }
        if let Some(r) = o.desired_retention {
            t.push_str(&format!("desired_retention = {}\n", round(f64::from(r), 4)));
        }
        if matches!(o.fsrs_params.len(), 19 | 21) {
            let p: Vec<String> = o
                .fsrs_params
                .iter()
                .map(|x| round(f64::from(*x), 4).to_string())
                .collect();
            t.push_str(&format!("fsrs_params = [{}]\n", p.join(", ")));
        }
        if !o.learn_steps.is_empty() {
            t.push_str(&format!("learning_steps = [{}]\n", steps(&o.learn_steps)));
        }
        if !o.relearn_steps.is_empty() {
            t.push_str(&format!("relearning_steps = [{}]\n", steps(&o.relearn_steps)));
        }
        t.push_str(&format!(
            "new_per_day = {}\nreviews_per_day = {}\n",
            o.new_per_day, o.reviews_per_day
        ));
        out.settings.push(Settings {
            deck: d.id.clone(),
            options: o.clone(),
            toml: t,
        });
    }
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// A step in minutes as a deckard wait: `10m`, `1h`, `1d`, or seconds when fractional.
fn minutes(m: f32) -> String {
    let secs = (f64::from(m) * 60.0).round() as i64;
    if secs % 86_400 == 0 {
        format!("{}d", secs / 86_400)
    } else if secs % 3600 == 0 {
        format!("{}h", secs / 3600)
    } else if secs % 60 == 0 {
        format!("{}m", secs / 60)
    } else {
        format!("{secs}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::anki::collection::DeckOptions;

    fn s(deck: &str) -> Settings {
        Settings {
            deck: deck.into(),
            options: DeckOptions::default(),
            toml: format!(
                "[deck.{deck}]\ndesired_retention = 0.9\nlearning_steps = [\"1m\", \"10m\"]\nnew_per_day = 20\n"
            ),
        }
    }

    #[test]
    fn adds_missing_tables_and_keeps_the_learners() {
        let config = "# mine\nnew_per_day = 5\n\n[deck.b]\nnew_per_day = 1 # keep\n";
        let m = merge(config, &[s("a"), s("b")]).unwrap();
        assert_eq!(m.added, vec!["a"]);
        assert_eq!(m.kept, vec!["b"]);
        assert!(m.text.starts_with(config), "{}", m.text);
        assert!(
            m.text.contains(
                "[deck.a]\ndesired_retention = 0.9\nlearning_steps = [\"1m\", \"10m\"]\nnew_per_day = 20\n"
            ),
            "{}",
            m.text
        );
        crate::config::Settings::parse(std::path::Path::new("config.toml"), &m.text).unwrap();
        assert_eq!(
            merge(&m.text, &[s("a")]).unwrap().text,
            m.text,
            "a second import adds nothing"
        );
        assert!(merge("deck = 3\n", &[s("a")]).is_err());
        let m = merge("# only a comment", &[s("a")]).unwrap();
        assert!(
            m.text
                .starts_with("# only a comment\n\n# From Anki's deck options"),
            "{}",
            m.text
        );
        assert_eq!(merge("", &[s("a")]).unwrap().added, vec!["a"]);
    }
}
