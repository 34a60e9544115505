//! Writing settings back: `deckard optimize --write` stores fitted FSRS weights and
//! `deckard import` adds the folder it filled to `decks`, in `config.toml`, through
//! `toml_edit`, so the learner's comments, layout and other keys stay as they were written. The file (and its folder) is created when missing, and replaced
//! atomically ([`crate::fsio::write_atomic`]).

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use crate::deck::LineIndex;

/// Why the settings could not be updated.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The file could not be read or written.
    #[error("{path}: cannot {action} the settings: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// "read" or "write".
        action: &'static str,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML, so it cannot be edited without losing something.
    #[error("{path}:{line}:{col}: TOML syntax: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: u32,
        /// 1-based column.
        col: u32,
        /// What is wrong.
        message: String,
    },
    /// `decks` holds something other than a list of paths.
    #[error("{path}: `decks` is not a list of paths, so {folder} cannot be added to it")]
    NotAList {
        /// The file.
        path: PathBuf,
        /// The path that was to be added.
        folder: String,
    },
    /// A key on the way to the value holds something other than a table.
    #[error("{path}: `{key}` is not a table, so `{key}.fsrs_params` cannot be written")]
    NotATable {
        /// The file.
        path: PathBuf,
        /// The dotted key.
        key: String,
    },
}

/// Sets `fsrs_params` to `weights`: at the top level, or in the `[deck.<id>]` table when
/// `deck` is given. Every other line of the file is kept as written.
pub fn set_fsrs_params(path: &Path, deck: Option<&str>, weights: &[f64]) -> Result<(), EditError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(EditError::Io {
                path: path.to_path_buf(),
                action: "read",
                source,
            });
        }
    };
    let new = with_fsrs_params(path, &text, deck, weights)?;
    let io = |source| EditError::Io {
        path: path.to_path_buf(),
        action: "write",
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    crate::fsio::write_atomic(path, new.as_bytes()).map_err(io)
}

/// The settings text with `fsrs_params` set (see [`set_fsrs_params`]); `path` names the file
/// in messages.
pub fn with_fsrs_params(
    path: &Path,
    text: &str,
    deck: Option<&str>,
    weights: &[f64],
) -> Result<String, EditError> {
    let mut doc = parse(path, text)?;
    let not_a_table = |key: String| EditError::NotATable {
        path: path.to_path_buf(),
        key,
    };
    let table: &mut Table = match deck {
        None => doc.as_table_mut(),
        Some(id) => {
            let decks = doc.entry("deck").or_insert_with(|| {
                let mut t = Table::new();
                // `[deck.<id>]` headers only, no empty `[deck]` above them.
                t.set_implicit(true);
                Item::Table(t)
            });
            let decks = decks.as_table_mut().ok_or_else(|| not_a_table("deck".into()))?;
            let own = decks.entry(id).or_insert_with(|| Item::Table(Table::new()));
            own.as_table_mut()
                .ok_or_else(|| not_a_table(format!("deck.{id}")))?
        }
    };
    let array: Array = weights.iter().copied().collect();
    match table.get_mut("fsrs_params").and_then(Item::as_value_mut) {
        // Replace the value but keep what surrounds it (a comment after it, its spacing).
        Some(old) => {
            let decor = old.decor().clone();
            *old = Value::Array(array);
            *old.decor_mut() = decor;
        }
        None => {
            table.insert("fsrs_params", toml_edit::value(array));
        }
    }
    Ok(doc.to_string())
}

/// The settings text with `written` (a deck file or folder, as it should appear in the file)
/// added to `decks`, or `None` when `decks` already lists it.
pub fn with_deck_source(path: &Path, text: &str, written: &str) -> Result<Option<String>, EditError> {
    let mut doc = parse(path, text)?;
    let not_a_list = || EditError::NotAList {
        path: path.to_path_buf(),
        folder: written.to_string(),
    };
    match doc.get_mut("decks") {
        None => {
            // A new top-level key goes above the first table, where TOML needs it.
            doc.insert("decks", toml_edit::value(Array::from_iter([written])));
        }
        Some(item) => {
            let list = item.as_array_mut().ok_or_else(not_a_list)?;
            if list.iter().any(|v| v.as_str() == Some(written)) {
                return Ok(None);
            }
            list.push(written);
        }
    }
    Ok(Some(doc.to_string()))
}

fn parse(path: &Path, text: &str) -> Result<DocumentMut, EditError> {
    text.parse().map_err(|e: toml_edit::TomlError| {
        let pos = LineIndex::new(text).pos(e.span().map_or(0, |s| s.start));
        EditError::Syntax {
            path: path.to_path_buf(),
            line: pos.line,
            col: pos.col,
            message: e.message().trim().to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::fsrs::DEFAULT_PARAMS;

    fn edit(text: &str, deck: Option<&str>) -> String {
        with_fsrs_params(Path::new("config.toml"), text, deck, &DEFAULT_PARAMS).unwrap()
    }

    #[test]
    fn keeps_comments_and_other_keys() {
        let text = "# my settings\nnew_per_day = 10 # ten is plenty\n\n[sm2]\n";
        let out = edit(text, None);
        assert!(
            out.starts_with("# my settings\nnew_per_day = 10 # ten is plenty\n"),
            "{out}"
        );
        assert!(out.contains("fsrs_params = [0.212, 1.2931,"), "{out}");
        let again = with_fsrs_params(Path::new("c"), &out, None, &[0.5; 21]).unwrap();
        assert_eq!(again.matches("fsrs_params").count(), 1, "{again}");
        assert!(again.contains("fsrs_params = [0.5, 0.5,"), "{again}");
        let settings = crate::config::Settings::parse(Path::new("c"), &edit("# hi\n", None)).unwrap();
        assert_eq!(settings.schedule.params, DEFAULT_PARAMS.to_vec());
    }

    #[test]
    fn a_deck_gets_its_own_table() {
        let out = edit("day_starts_at = 5\n", Some("sco-founding"));
        assert!(
            out.contains("day_starts_at = 5\n\n[deck.sco-founding]\nfsrs_params = [0.212"),
            "{out}"
        );
        assert!(!out.contains("[deck]\n"), "{out}");
        let twice = with_fsrs_params(Path::new("c"), &out, Some("other"), &[0.5; 21]).unwrap();
        assert!(twice.contains("[deck.other]\nfsrs_params = [0.5"), "{twice}");
        assert!(
            twice.contains("[deck.sco-founding]\nfsrs_params = [0.212"),
            "{twice}"
        );
    }

    #[test]
    fn bad_toml_names_line_and_column() {
        let e = with_fsrs_params(Path::new("c.toml"), "a = 1\nb = \n", None, &DEFAULT_PARAMS).unwrap_err();
        assert!(e.to_string().starts_with("c.toml:2:"), "{e}");
        let e = with_fsrs_params(Path::new("c.toml"), "deck = 3\n", Some("x"), &DEFAULT_PARAMS).unwrap_err();
        assert!(e.to_string().contains("`deck` is not a table"), "{e}");
    }

    #[test]
    fn an_imported_folder_joins_decks_once_and_above_the_tables() {
        let path = Path::new("config.toml");
        let text = "# mine\nnew_per_day = 5\n\n[deck.geo]\nnew_per_day = 2\n";
        let out = with_deck_source(path, text, "~/anki").unwrap().unwrap();
        assert!(
            out.starts_with("# mine\nnew_per_day = 5\ndecks = [\"~/anki\"]\n\n[deck.geo]\n"),
            "{out}"
        );
        let settings = crate::config::Settings::parse(path, &out).unwrap();
        assert_eq!(settings.decks, vec![PathBuf::from("~/anki")]);
        assert_eq!(with_deck_source(path, &out, "~/anki").unwrap(), None);
        let two = with_deck_source(path, &out, "/srv/decks").unwrap().unwrap();
        assert!(two.contains("decks = [\"~/anki\", \"/srv/decks\"]"), "{two}");
        let e = with_deck_source(path, "decks = 3\n", "x").unwrap_err();
        assert!(e.to_string().contains("`decks` is not a list"), "{e}");
    }
}
