//! The settings of a device that shares a progress folder: the folder's `settings.toml` decides
//! everything card states depend on (the scheduling keys, at the top and in `[deck.<id>]`
//! tables), the device's own `config.toml` the rest (daily limits, paths, display).
//!
//! Every device must fold the same events into the same states, so a scheduling key in a
//! device's file is ignored, and named so `sync status` can say so; its daily limits, also per
//! deck, still apply.

use std::collections::BTreeMap;
use std::path::Path;

use super::{ConfigError, DeckSettings, SHARED_KEYS, Settings};

impl Settings {
    /// Reads the settings every device sharing a progress folder uses, from the folder's
    /// `settings.toml` (a missing file gives the defaults): only [`SHARED_KEYS`] may be set, at
    /// the top and in `[deck.<id>]` tables.
    pub fn load_shared(path: &Path) -> Result<Settings, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Settings::parse_with(path, &text, true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// These (a device's) settings with every shared key taken from `shared` (a progress
    /// folder's), and the shared keys this device's file set, which are thereby ignored: a
    /// key at the top as its name (`desired_retention`), one in a deck's table as
    /// `[deck.<id>] desired_retention`.
    pub fn with_shared(self, shared: &Settings) -> (Settings, Vec<String>) {
        let shared_key = |k: &&&'static str| SHARED_KEYS.contains(*k);
        let mut overridden: Vec<String> = self
            .set
            .iter()
            .filter(shared_key)
            .map(|k| (*k).to_string())
            .collect();
        for (id, d) in &self.per_deck {
            overridden.extend(
                d.set
                    .iter()
                    .filter(shared_key)
                    .map(|k| format!("[deck.{id}] {k}")),
            );
        }
        // A deck's schedule comes from the folder's table for it (else the folder's top level);
        // its daily limits from the device's table (else the device's top level).
        let mut per_deck = BTreeMap::new();
        let ids = self.per_deck.keys().chain(shared.per_deck.keys());
        for id in ids {
            if per_deck.contains_key(id) {
                continue;
            }
            let (local, folder) = (self.per_deck.get(id), shared.per_deck.get(id));
            let Some(place) = folder.or(local) else { continue };
            let mut set: Vec<&'static str> = folder.map_or_else(Vec::new, |d| d.set.clone());
            set.extend(local.iter().flat_map(|d| d.set.iter().filter(|k| !shared_key(k))));
            per_deck.insert(
                id.clone(),
                DeckSettings {
                    schedule: folder.map_or_else(|| shared.schedule.clone(), |d| d.schedule.clone()),
                    new_per_day: local.map_or(self.new_per_day, |d| d.new_per_day),
                    reviews_per_day: local.map_or(self.reviews_per_day, |d| d.reviews_per_day),
                    set,
                    pos: place.pos,
                    path: place.path.clone(),
                },
            );
        }
        let settings = Settings {
            schedule: shared.schedule.clone(),
            day_starts_at: shared.day_starts_at,
            time_zone: shared.time_zone.clone(),
            per_deck,
            ..self
        };
        (settings, overridden)
    }
}
