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
    let mut pointed = Pointed::default();
    if !present.is_empty() {
        if shared.exists() {
            pointed.left = present;
        } else {
            let mut out = DocumentMut::new();
            for k in &present {
                if let Some((key, item)) = doc.remove_entry(k) {
                    out.insert_formatted(&key, item);
                }
            }
            let body = format!(
                "# Scheduling settings shared by every device using this progress folder\n\
                 # (moved here from a device's config.toml by `deckard progress migrate`).\n{out}"
            );
            create_parents(shared)?;
            crate::fsio::write_new(shared, body.as_bytes()).map_err(write_err(shared))?;
            pointed.moved = present;
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
}
