//! The learner's settings (`config.toml`): scheduler, retention, steps, daily limits, the hour a
//! day starts.
//!
//! The file is read with spans (`toml::de::DeTable`), as the deck parser reads decks, so every
//! problem names the key's own `path:line:col` in plain words, unknown keys get a "did you
//! mean", and all problems are reported at once. Each key is one row of the table in [`keys`]
//! with its own reader: a new setting is a new row.

pub mod edit;
mod folder;
mod folder_edit;
mod keys;

pub use folder_edit::{Pointed, point_at_folder};

use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use crate::deck::{LineIndex, Pos};
use crate::schedule;

/// Errors reading the settings.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: cannot read the settings: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A settings file could not be written.
    #[error("{path}: cannot write the settings: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A settings file that was asked for by name does not exist.
    #[error("{path}: the settings file does not exist")]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// The file has wrong settings; every problem found, in file order.
    #[error("{}", Problems(path, problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, each with its position.
        problems: Vec<Problem>,
    },
}

/// One problem in a settings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: the key or value it is about.
    pub pos: Pos,
    /// What is wrong, in words.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

/// Formats problems as `path:line:col: message` lines, each followed by its hint.
struct Problems<'a>(&'a Path, &'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.1.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}:{}: {}",
                self.0.display(),
                p.pos.line,
                p.pos.col,
                p.message
            )?;
            if let Some(h) = &p.hint {
                write!(f, "\n  hint: {h}")?;
            }
        }
        Ok(())
    }
}

/// Settings of one deck (`[deck.<id>]`): every key not written there is the file's own.
#[derive(Debug, Clone)]
pub struct DeckSettings {
    /// Scheduler settings for the deck's cards.
    pub schedule: schedule::Config,
    /// New cards a day from this deck (also within the global `new_per_day`).
    pub new_per_day: usize,
    /// Most reviews a day from this deck (none: no cap of its own).
    pub reviews_per_day: Option<usize>,
    /// The keys the table set, in file order.
    pub set: Vec<&'static str>,
    /// Where the `[deck.<id>]` table's id is written, for "no such deck" messages.
    pub pos: Pos,
    /// The file the table is in (a progress folder's tables sit in its `settings.toml`).
    pub path: Option<PathBuf>,
}

/// The learner's settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Scheduler settings.
    pub schedule: schedule::Config,
    /// New cards a day.
    pub new_per_day: usize,
    /// Most reviews in one session (none: no cap).
    pub reviews_per_day: Option<usize>,
    /// Local hour at which a study day starts.
    pub day_starts_at: u8,
    /// The time zone of study days (an IANA name); none: the system's (TZ).
    pub time_zone: Option<String>,
    /// Where progress lives: a log file, or a progress folder (a path ending in `/`, or an
    /// existing folder); relative paths are taken from the settings file's folder.
    pub progress: Option<PathBuf>,
    /// The keys the file set, in file order.
    pub set: Vec<&'static str>,
    /// Deck files and folders added to the bundled decks, as written (`~/decks`, or relative
    /// to the settings file).
    pub decks: Vec<PathBuf>,
    /// Use the bundled decks.
    pub bundled: bool,
    /// The order new cards are introduced in.
    pub new_card_order: crate::session::NewOrder,
    /// Per-deck settings (`[deck.<id>]` tables), by deck id.
    pub per_deck: std::collections::BTreeMap<String, DeckSettings>,
    /// The file the settings were read from (none: the defaults).
    pub path: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schedule: schedule::Config::default(),
            new_per_day: 20,
            reviews_per_day: None,
            day_starts_at: 4,
            time_zone: None,
            progress: None,
            set: Vec::new(),
            decks: Vec::new(),
            bundled: true,
            new_card_order: crate::session::NewOrder::Deck,
            per_deck: Default::default(),
            path: None,
        }
    }
}

impl Settings {
    /// Reads settings from `path`. A missing file gives the defaults unless it is `required`
    /// (a path the learner named, as opposed to the default location), when it is an error.
    pub fn load(path: &Path, required: bool) -> Result<Settings, ConfigError> {
        let text = match crate::untrusted::read_capped_text(path, 1 << 20) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return if required {
                    Err(ConfigError::Missing {
                        path: path.to_path_buf(),
                    })
                } else {
                    Ok(Settings::default())
                };
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let mut settings = Settings::parse(path, &text)?;
        settings.progress = settings.progress.map(|p| resolve(path, &p));
        Ok(settings)
    }

    /// Parses settings text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Settings, ConfigError> {
        Settings::parse_with(path, text, false)
    }

    /// Reads a progress folder's `settings.toml` from its text (see [`Settings::load_shared`]).
    pub fn parse_shared(path: &Path, text: &str) -> Result<Settings, ConfigError> {
        Settings::parse_with(path, text, true)
    }

    fn parse_with(path: &Path, text: &str, shared_only: bool) -> Result<Settings, ConfigError> {
        let lines = LineIndex::new(text);
        let mut problems = Vec::new();
        let (root, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            let mut settings = keys::read(text, root.get_ref(), &mut problems, shared_only);
            if problems.is_empty() {
                settings.path = Some(path.to_path_buf());
                for d in settings.per_deck.values_mut() {
                    d.path = Some(path.to_path_buf());
                }
                return Ok(settings);
            }
        } else {
            for e in errors {
                problems.push(keys::Bad {
                    span: e.span(),
                    message: format!("TOML syntax: {}", e.message().trim()),
                    hint: None,
                });
            }
        }
        let mut problems: Vec<Problem> = problems
            .into_iter()
            .map(|b| Problem {
                pos: lines.pos(b.span.map_or(0, |s| s.start)),
                message: b.message,
                hint: b.hint,
            })
            .collect();
        problems.sort_by_key(|p| p.pos);
        Err(ConfigError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// The keys every device sharing a progress folder must agree on (card states depend on them):
/// read from the folder's `settings.toml`, never from a device's `config.toml`.
pub const SHARED_KEYS: &[&str] = keys::SHARED;

/// A `progress` path as written in the settings file at `file`: `~/` is the home folder, and a
/// relative path is taken from the file's folder. A trailing `/` is kept (it means a folder).
fn resolve(file: &Path, written: &Path) -> PathBuf {
    use etcetera::BaseStrategy;
    if let Ok(rest) = written.strip_prefix("~")
        && let Ok(dirs) = etcetera::choose_base_strategy()
    {
        return dirs.home_dir().join(rest_with_slash(written, rest));
    }
    if written.is_absolute() {
        return written.to_owned();
    }
    file.parent().unwrap_or(Path::new(".")).join(written)
}

/// `rest` with the trailing `/` of `written` kept (`Path::strip_prefix` drops it).
fn rest_with_slash(written: &Path, rest: &Path) -> PathBuf {
    let mut s = rest.as_os_str().to_owned();
    if written.as_os_str().to_string_lossy().ends_with('/') && !rest.as_os_str().is_empty() {
        s.push("/");
    }
    PathBuf::from(s)
}

impl Settings {
    /// `[deck.<id>]` tables naming no deck in `deck_ids`, as `path:line:col: …` problems with
    /// a "did you mean" (the decks in use decide, so the caller passes their ids).
    pub fn unknown_decks(&self, deck_ids: &[&str]) -> Vec<String> {
        let own = self.path.as_deref().unwrap_or(Path::new("config.toml"));
        self.per_deck
            .iter()
            .filter(|(id, _)| !deck_ids.contains(&id.as_str()))
            .map(|(id, d)| {
                let path = d.path.as_deref().unwrap_or(own);
                let mut msg = format!(
                    "{}:{}:{}: [deck.{id}]: no deck `{id}` is in use",
                    path.display(),
                    d.pos.line,
                    d.pos.col
                );
                match crate::deck::closest(id, deck_ids) {
                    Some(c) => msg.push_str(&format!("\n  hint: did you mean `{c}`?")),
                    None => msg.push_str("\n  hint: `deckard decks` lists the decks in use"),
                }
                msg
            })
            .collect()
    }
}

/// The default settings file: `<config dir>/deckard/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().ok()?;
    Some(dirs.config_dir().join("deckard").join("config.toml"))
}

#[cfg(test)]
mod tests;
