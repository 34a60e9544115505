//! What commands share: the context (settings, progress path, clock, seed), loading the decks in
//! use, and turning `--deck`/`--tag`/`--kinds` into a selection.

use std::path::PathBuf;

use deckard::deck::{self, Library, Severity};
use deckard::sanitize::escape;

use super::args::Cli;
use super::error::CliError;
use super::out::errln;

/// What every command that touches progress needs: the settings, the log's path, the clock.
pub struct Ctx {
    /// The learner's settings.
    pub settings: deckard::config::Settings,
    /// The progress log.
    pub progress: PathBuf,
    /// `--now`, if pinned.
    pub now: Option<jiff::Timestamp>,
    /// The seed (pinned or drawn from the OS).
    pub seed: u64,
    /// The local time zone (TZ is honoured).
    pub tz: jiff::tz::TimeZone,
    /// The derived cache (`DECKARD_CACHE`, empty to turn it off).
    pub cache: Option<deckard::cache::Cache>,
    /// Cache writes running in the background; they finish when the command ends.
    pub pending: std::cell::RefCell<Vec<deckard::cache::Pending>>,
}

impl Ctx {
    /// Reads the settings and resolves the progress path, the seed and the time zone.
    pub fn new(cli: &Cli) -> Result<Ctx, CliError> {
        let config = cli.config.clone().or_else(deckard::config::default_path);
        let settings = match &config {
            Some(p) => deckard::config::Settings::load(p, cli.config.is_some())
                .map_err(|e| CliError::input(e.to_string()))?,
            None => deckard::config::Settings::default(),
        };
        let progress = cli
            .progress
            .clone()
            .or_else(deckard::store::default_path)
            .ok_or_else(|| {
                CliError::input("cannot find a data directory for the progress log")
                    .hint("pass --progress FILE or set DECKARD_PROGRESS")
            })?;
        let seed = cli.seed.unwrap_or_else(rand::random);
        Ok(Ctx {
            settings,
            progress,
            now: cli.now,
            seed,
            tz: jiff::tz::TimeZone::system(),
            cache: cache(),
            pending: Default::default(),
        })
    }

    /// The current time, or the pinned one.
    pub fn now(&self) -> jiff::Timestamp {
        self.now.unwrap_or_else(jiff::Timestamp::now)
    }
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

/// The derived cache: `DECKARD_CACHE` if set (empty turns the cache off), else the OS cache dir.
fn cache() -> Option<deckard::cache::Cache> {
    match std::env::var_os("DECKARD_CACHE") {
        Some(d) if d.is_empty() => None,
        Some(d) => Some(deckard::cache::Cache::new(d.into())),
        None => deckard::cache::Cache::default_dir().map(deckard::cache::Cache::new),
    }
}

/// The decks in use: `--decks` paths, or the bundled decks (through the cache).
pub fn load(paths: &[PathBuf]) -> Library {
    match (cache(), paths.is_empty()) {
        (Some(c), true) => c.load_bundled(),
        (Some(c), false) => c.load_paths(paths),
        (None, true) => deck::load_bundled(),
        (None, false) => deck::load_paths(paths),
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
