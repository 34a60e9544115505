//! Pointing a device's `config.toml` at a progress folder (for `deckard progress migrate`),
//! keeping its comments and layout (`toml_edit`): `progress` is set to the folder, and the
//! shared scheduling keys it sets move into the folder's `settings.toml` when the folder has
//! none yet, so the states computed so far stay the same. Both files are written atomically,
//! the new `settings.toml` first: an interruption leaves at worst the keys in both files.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, value};

use super::{ConfigError, SHARED_KEYS};

/// What pointing at a folder changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pointed {
    /// Shared keys moved from `config.toml` into the folder's `settings.toml`.
    pub moved: Vec<String>,
    /// Shared keys left in `config.toml` because the folder already has settings: they are
    /// ignored there (`sync status` names them).
    pub left: Vec<String>,
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> ConfigError + '_ {
    move |source| ConfigError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Sets `progress = folder` in the settings file `config` (created if missing) and moves its
/// shared keys to `shared` (the folder's `settings.toml`) if that does not exist yet.
pub fn point_at_folder(config: &Path, folder: &str, shared: &Path) -> Result<Pointed, ConfigError> {
    let text = match std::fs::read_to_string(config) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(ConfigError::Read {
                path: config.to_path_buf(),
                source,
            });
        }
    };
    // Checked as settings first, so a broken file is reported as usual, not half-edited.
    super::Settings::parse(config, &text)?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| ConfigError::Invalid {
            path: config.to_path_buf(),
            problems: vec![super::Problem {
                pos: crate::deck::Pos { line: 1, col: 1 },
                message: e.message().to_owned(),
                hint: None,
            }],
        })?;
    let present: Vec<String> = doc
        .iter()
        .map(|(k, _)| k.to_owned())
        .filter(|k| SHARED_KEYS.contains(&k.as_str()))
        .collect();
    // A deck's scheduling keys (`[deck.<id>]`) are shared too; its daily limits stay.
    let deck_keys: Vec<(String, String)> = doc
        .get("deck")
        .and_then(|d| d.as_table_like())
        .into_iter()
        .flat_map(|decks| decks.iter())
        .filter_map(|(id, t)| Some((id, t.as_table_like()?)))
        .flat_map(|(id, t)| {
            t.iter()
                .filter(|(k, _)| SHARED_KEYS.contains(k))
                .map(|(k, _)| (id.to_owned(), k.to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    let named = || {
        let decks = deck_keys.iter().map(|(id, k)| format!("[deck.{id}] {k}"));
        present.iter().cloned().chain(decks).collect::<Vec<String>>()
    };
    let mut pointed = Pointed::default();
    if !present.is_empty() || !deck_keys.is_empty() {
        if shared.exists() {
            pointed.left = named();
        } else {
            let mut out = DocumentMut::new();
            for k in &present {
                if let Some((key, item)) = doc.remove_entry(k) {
                    out.insert_formatted(&key, item);
                }
            }
            for (id, k) in &deck_keys {
                let Some(table) = doc["deck"][id.as_str()].as_table_like_mut() else {
                    continue;
                };
                if let Some(item) = table.remove(k) {
                    out["deck"][id.as_str()][k.as_str()] = item;
                }
                if table.is_empty()
                    && let Some(decks) = doc["deck"].as_table_like_mut()
                {
                    decks.remove(id);
                }
            }
            if doc
                .get("deck")
                .and_then(|d| d.as_table_like())
                .is_some_and(|d| d.is_empty())
            {
                doc.remove("deck");
            }
            if let Some(decks) = out.get_mut("deck").and_then(|d| d.as_table_mut()) {
                // `[deck.<id>]` headers only, as the learner writes them.
                decks.set_implicit(true);
            }
            let body = format!(
                "# Scheduling settings shared by every device using this progress folder\n\
                 # (moved here from a device's config.toml by `deckard progress migrate`).\n{out}"
            );
            create_parents(shared)?;
            crate::fsio::write_new(shared, body.as_bytes()).map_err(write_err(shared))?;
            pointed.moved = named();
        }
    }
    doc["progress"] = value(folder);
    create_parents(config)?;
    crate::fsio::write_atomic(config, doc.to_string().as_bytes()).map_err(write_err(config))?;
    Ok(pointed)
}

fn create_parents(path: &Path) -> Result<(), ConfigError> {
    let dir: PathBuf = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(write_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn progress_is_set_and_shared_keys_move_to_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("config.toml");
        std::fs::write(
            &config,
            "# mine\nnew_per_day = 5\ndesired_retention = 0.85 # tuned\nprogress = \"old.jsonl\"\n",
        )
        .unwrap();
        let shared = tmp.path().join("sync/settings.toml");
        let pointed = point_at_folder(&config, "/x/sync/", &shared).unwrap();
        assert_eq!(pointed.moved, vec!["desired_retention".to_string()]);
        let text = std::fs::read_to_string(&config).unwrap();
        assert_eq!(text, "# mine\nnew_per_day = 5\nprogress = \"/x/sync/\"\n");
        let s = Settings::load_shared(&shared).unwrap();
        assert_eq!(s.schedule.desired_retention, 0.85);
        // The folder has settings now: a second device's keys stay, and are named.
        std::fs::write(&config, "fuzz = false\n").unwrap();
        let pointed = point_at_folder(&config, "/x/sync/", &shared).unwrap();
        assert_eq!(pointed.left, vec!["fuzz".to_string()]);
        assert!(std::fs::read_to_string(&config).unwrap().contains("fuzz = false"));
    }

    /// On main a deck's scheduling keys stayed in config.toml, where a folder ignores them:
    /// after `progress migrate` that deck's cards would have been scheduled otherwise.
    #[test]
    fn a_decks_scheduling_keys_move_and_its_limits_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("config.toml");
        std::fs::write(
            &config,
            "desired_retention = 0.85\n\n[deck.a]\nnew_per_day = 3\nmaximum_interval = 30\n\n[deck.b]\nfuzz = false\n",
        )
        .unwrap();
        let shared = tmp.path().join("sync/settings.toml");
        let pointed = point_at_folder(&config, "/x/sync/", &shared).unwrap();
        assert_eq!(
            pointed.moved,
            ["desired_retention", "[deck.a] maximum_interval", "[deck.b] fuzz"]
        );
        let local = Settings::load(&config, true).unwrap();
        assert_eq!(local.per_deck.keys().collect::<Vec<_>>(), ["a"]);
        assert_eq!(local.per_deck["a"].set, ["new_per_day"]);
        let s = Settings::load_shared(&shared).unwrap();
        assert_eq!(s.per_deck["a"].schedule.maximum_interval, 30);
        assert_eq!(s.per_deck["a"].schedule.desired_retention, 0.85);
        assert!(!s.per_deck["b"].schedule.fuzz);
        let (merged, ignored) = local.with_shared(&s);
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(merged.per_deck["a"].new_per_day, 3);
        assert_eq!(merged.per_deck["a"].schedule.maximum_interval, 30);
    }
}
