//! What commands share: the context (settings, progress path, clock, seed), loading the decks in
//! use, and turning `--deck`/`--tag`/`--kinds` into a selection.

use std::path::{Path, PathBuf};

use deckard::deck::{self, Library, Severity};
use deckard::sanitize::{escape, escape_multiline};
use deckard::store::{DeviceId, Folder, ProgressSource};

use super::args::Cli;
use super::error::CliError;
use super::out::{errln, warn};

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
    pub overridden: Vec<String>,
    /// `--now`, if pinned.
    pub now: Option<jiff::Timestamp>,
    /// The seed (pinned or drawn from the OS).
    pub seed: u64,
    /// The time zone of study days: `time_zone`, else the system's (TZ is honoured).
    pub tz: jiff::tz::TimeZone,
    /// The progress log is the default one (no `--progress` or DECKARD_PROGRESS).
    pub default_log: bool,
    /// The derived cache (`DECKARD_CACHE`, empty to turn it off).
    pub cache: Option<deckard::cache::Cache>,
    /// Cache writes running in the background; they finish when the command ends.
    pub pending: std::cell::RefCell<Vec<deckard::cache::Pending>>,
}

impl Ctx {
    /// Reads the settings and resolves the progress path, the seed and the time zone.
    pub fn new(cli: &Cli) -> Result<Ctx, CliError> {
        Ctx::build(cli, cli.config.is_some())
    }

    /// [`Ctx::new`] for a command that creates the settings file (`optimize --write`): a
    /// missing `--config` file means the defaults there too.
    pub fn new_config_optional(cli: &Cli) -> Result<Ctx, CliError> {
        Ctx::build(cli, false)
    }

    fn build(cli: &Cli, config_required: bool) -> Result<Ctx, CliError> {
        let (local, config) = settings(cli, config_required)?;
        let path = cli
            .progress
            .clone()
            .or_else(|| local.progress.clone())
            .or_else(deckard::store::default_path)
            .ok_or_else(|| {
                CliError::input("cannot find a data directory for the progress log")
                    .hint("pass --progress FILE or set DECKARD_PROGRESS")
            })?;
        let (source, mut settings, overridden) = if is_folder(&path) {
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
        // Every deck counts days by the learner's rollover hour and zone (both shared keys).
        let days = deckard::schedule::DayCount::rollover(settings.day_starts_at, tz.clone());
        settings.schedule.days = days.clone();
        for deck in settings.per_deck.values_mut() {
            deck.schedule.days = days.clone();
        }
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
            default_log: cli.progress.is_none(),
            cache: cache(),
            pending: Default::default(),
        })
    }

    /// Warns before answers are written at a pretend time into the learner's own log, where
    /// they would move real due dates.
    pub fn warn_pretend_time(&self) {
        let Some(now) = self.now else { return };
        let off = now.duration_since(jiff::Timestamp::now()).abs();
        if self.default_log && off > jiff::SignedDuration::from_mins(1) {
            warn(&format!(
                "--now {now} is not the current time, and answers go into your progress log ({}); pass --progress FILE to keep pretend sessions apart",
                self.progress.display()
            ));
        }
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

/// The settings (`--config`, or the default file) and the file they came from.
fn settings(cli: &Cli, required: bool) -> Result<(deckard::config::Settings, Option<PathBuf>), CliError> {
    let config = cli.config.clone().or_else(deckard::config::default_path);
    let settings = match &config {
        Some(p) => {
            deckard::config::Settings::load(p, required).map_err(|e| CliError::input(e.to_string()))?
        }
        None => deckard::config::Settings::default(),
    };
    Ok((settings, config))
}

/// Where the decks in use come from: `--decks` replaces everything (scripts and tests rely on
/// it); otherwise the bundled decks (unless `bundled = false`) and the settings' `decks`.
pub struct InUse {
    /// The bundled decks are in use.
    pub bundled: bool,
    /// Deck files and folders.
    pub paths: Vec<PathBuf>,
}

/// The decks in use, from `--decks` or the settings (`~` is the home folder; other relative
/// paths are relative to the settings file).
pub fn in_use(cli: &Cli) -> Result<InUse, CliError> {
    if !cli.decks.is_empty() {
        return Ok(InUse {
            bundled: false,
            paths: cli.decks.clone(),
        });
    }
    let (settings, file) = settings(cli, cli.config.is_some())?;
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let base = file.as_deref().and_then(|f| f.parent()).map(PathBuf::from);
    let paths = settings
        .decks
        .iter()
        .map(|p| match (p.strip_prefix("~"), &home, &base) {
            (Ok(rest), Some(h), _) => h.join(rest),
            (Err(_), _, Some(b)) if p.is_relative() => b.join(p),
            _ => p.clone(),
        })
        .collect();
    Ok(InUse {
        bundled: settings.bundled,
        paths,
    })
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
        only: None,
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

/// The derived cache: `DECKARD_CACHE` if set (empty turns the cache off), else the OS cache dir.
fn cache() -> Option<deckard::cache::Cache> {
    match std::env::var_os("DECKARD_CACHE") {
        Some(d) if d.is_empty() => None,
        Some(d) => Some(deckard::cache::Cache::new(d.into())),
        None => deckard::cache::Cache::default_dir().map(deckard::cache::Cache::new),
    }
}

/// The decks in use (see [`in_use`]), through the derived cache.
pub fn load(cli: &Cli) -> Result<Library, CliError> {
    let u = in_use(cli)?;
    Ok(match cache() {
        Some(c) => c.load_with_bundled(u.bundled, &u.paths),
        None => deck::load_with_bundled(u.bundled, &u.paths),
    })
}

/// Loads the decks in use. A deck file with errors is left out with a warning naming it, so one
/// broken file does not block every command (`check` still fails on it); only when no deck
/// loads at all is it an error.
pub fn load_valid(cli: &Cli) -> Result<Library, CliError> {
    let lib = load(cli)?;
    if !lib.has_errors() {
        return Ok(lib);
    }
    let errors: Vec<&deck::Diagnostic> = lib
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut files: Vec<&str> = errors.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    if lib.decks.is_empty() {
        for d in errors.iter().take(5) {
            errln!("{}", escape_multiline(&d.to_string()));
        }
        return Err(
            CliError::input(format!("the decks have {} error(s)", errors.len()))
                .hint("run `deckard check` to see them all"),
        );
    }
    for file in files {
        let first = errors.iter().find(|d| d.file == file);
        let n = errors.iter().filter(|d| d.file == file).count();
        warn(&format!("left out {file}: {n} error(s), the first:"));
        if let Some(d) = first {
            errln!("{}", escape_multiline(&d.to_string()));
        }
    }
    errln!("hint: `deckard check` lists every problem; the other decks are in use");
    Ok(lib)
}
