//! What commands share: the context (settings, progress path, clock, seed), loading the decks in
//! use, and turning `--deck`/`--tag`/`--kinds` into a selection.

use std::path::{Path, PathBuf};

use deckard::deck::{self, Library, Severity};
use deckard::sanitize::escape;
use deckard::store::{DeviceId, Folder, ProgressSource};

use super::args::Cli;
use super::error::CliError;
use super::out::errln;

/// What every command that touches progress needs: the settings, the log's path, the clock.
pub struct Ctx {
    /// The learner's settings (in a progress folder, its shared keys from the folder).
    pub settings: deckard::config::Settings,
    /// The log this device writes: the progress log, or this device's log in the folder.
    pub progress: PathBuf,
    /// Where progress is read from and written to.
    pub source: ProgressSource,
    /// The settings file read, if any.
    pub config: Option<PathBuf>,
    /// Shared keys this device's config.toml sets, ignored because the folder decides them.
    pub overridden: Vec<&'static str>,
    /// `--now`, if pinned.
    pub now: Option<jiff::Timestamp>,
    /// The seed (pinned or drawn from the OS).
    pub seed: u64,
    /// The time zone of study days: `time_zone`, else the system's (TZ is honoured).
    pub tz: jiff::tz::TimeZone,
}

impl Ctx {
    /// Reads the settings and resolves the progress path, the seed and the time zone.
    pub fn new(cli: &Cli) -> Result<Ctx, CliError> {
        let config = cli.config.clone().or_else(deckard::config::default_path);
        let local = match &config {
            Some(p) => deckard::config::Settings::load(p, cli.config.is_some())
                .map_err(|e| CliError::input(e.to_string()))?,
            None => deckard::config::Settings::default(),
        };
        let path = cli
            .progress
            .clone()
            .or_else(|| local.progress.clone())
            .or_else(deckard::store::default_path)
            .ok_or_else(|| {
                CliError::input("cannot find a data directory for the progress log")
                    .hint("pass --progress FILE or set DECKARD_PROGRESS")
            })?;
        let (source, settings, overridden) = if is_folder(&path) {
            let folder = Folder::new(path, device_id()?);
            let shared = deckard::config::Settings::load_shared(&folder.settings_path())
                .map_err(|e| CliError::input(e.to_string()))?;
            let (settings, overridden) = local.with_shared(&shared);
            (ProgressSource::Folder(folder), settings, overridden)
        } else {
            (ProgressSource::File(path), local, Vec::new())
        };
        let tz = match &settings.time_zone {
            // Checked when the settings were read; the system's zone if it vanished since.
            Some(name) => jiff::tz::TimeZone::get(name).unwrap_or_else(|_| jiff::tz::TimeZone::system()),
            None => jiff::tz::TimeZone::system(),
        };
        let seed = cli.seed.unwrap_or_else(rand::random);
        Ok(Ctx {
            settings,
            progress: source.own_path(),
            source,
            config,
            overridden,
            now: cli.now,
            seed,
            tz,
        })
    }

    /// The current time, or the pinned one.
    pub fn now(&self) -> jiff::Timestamp {
        self.now.unwrap_or_else(jiff::Timestamp::now)
    }
}

/// True when `path` names a progress folder: it ends in `/` or is an existing folder.
pub fn is_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || path.is_dir()
}

/// This device's id in progress folders, made on first use from the OS's randomness and kept
/// in the local data directory (never in the synced folder).
pub fn device_id() -> Result<DeviceId, CliError> {
    let path = deckard::store::default_device_id_path().ok_or_else(|| {
        CliError::input("cannot find a data directory to keep this device's id in")
            .hint("set HOME (or XDG_DATA_HOME) so deckard can keep its local data")
    })?;
    deckard::store::load_or_create_device_id(&path, rand::random())
        .map_err(|e| CliError::input(e.to_string()))
}

/// The cards `--deck`, `--tag` and `--kinds` choose; unknown names are a usage error.
pub fn selection(
    lib: &Library,
    decks: &[String],
    tags: &[String],
    kinds: &[String],
) -> Result<deckard::session::Selection, CliError> {
    let mut parsed = Vec::new();
    for k in kinds {
        match deck::Kind::parse(k) {
            Some(kind) => parsed.push(kind),
            None => {
                let names: Vec<&str> = deck::Kind::ALL.iter().map(|k| k.name()).collect();
                return Err(CliError::usage(format!("unknown kind `{}`", escape(k)))
                    .hint(format!("kinds: {}", names.join(", "))));
            }
        }
    }
    let sel = deckard::session::Selection {
        decks: decks.to_vec(),
        tags: tags.to_vec(),
        kinds: parsed,
    };
    let unknown = sel.unknown(lib);
    if !unknown.is_empty() {
        let ids: Vec<&str> = lib.decks.iter().map(|d| d.id.as_str()).collect();
        return Err(
            CliError::usage(format!("no cards have {}", escape(&unknown.join(", "))))
                .hint(format!("decks in use: {}", ids.join(", "))),
        );
    }
    Ok(sel)
}

/// The decks in use: `--decks` paths, or the bundled decks.
pub fn load(paths: &[PathBuf]) -> Library {
    if paths.is_empty() {
        deck::load_bundled()
    } else {
        deck::load_paths(paths)
    }
}

/// Loads the decks in use; any error in them stops the command, pointing at `deckard check`.
pub fn load_valid(paths: &[PathBuf]) -> Result<Library, CliError> {
    let lib = load(paths);
    if lib.has_errors() {
        let n = lib
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        for d in lib
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .take(5)
        {
            errln!("{}", escape(&d.to_string()));
        }
        return Err(CliError::input(format!("the decks have {n} error(s)"))
            .hint("run `deckard check` to see them all"));
    }
    Ok(lib)
}
