//! The learner's settings (`config.toml`): scheduler, retention, steps, daily limits, the hour a
//! day starts. A missing file means the defaults; a bad value is an error naming the key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::schedule::{self, Algorithm};

/// Errors reading the settings.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid settings.
    #[error("{path}:{line}:{col}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
struct Raw {
    scheduler: Option<String>,
    desired_retention: Option<f64>,
    maximum_interval: Option<u32>,
    learning_steps: Option<Vec<String>>,
    relearning_steps: Option<Vec<String>>,
    new_per_day: Option<usize>,
    reviews_per_day: Option<usize>,
    day_starts_at: Option<u8>,
    leech_threshold: Option<u32>,
    fsrs_params: Option<Vec<f64>>,
    fuzz: Option<bool>,
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schedule: schedule::Config::default(),
            new_per_day: 20,
            reviews_per_day: None,
            day_starts_at: 4,
        }
    }
}

impl Settings {
    /// Reads settings from `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Settings::parse(path, &text)
    }

    /// Parses settings text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Settings, ConfigError> {
        let idx = crate::deck::LineIndex::new(text);
        let invalid = |span: Option<std::ops::Range<usize>>, message: String| {
            let pos = idx.pos(span.map_or(0, |s| s.start));
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line: pos.line,
                col: pos.col,
                message,
            }
        };
        let raw: Raw = toml::from_str(text).map_err(|e| invalid(e.span(), e.message().trim().to_string()))?;
        let find = |key: &str| text.find(key).map(|i| i..i + key.len());
        let mut s = Settings::default();
        if let Some(name) = raw.scheduler {
            s.schedule.algorithm = match name.as_str() {
                "fsrs" => Algorithm::Fsrs,
                "sm2" | "sm-2" => Algorithm::Sm2,
                other => {
                    return Err(invalid(
                        find("scheduler"),
                        format!("scheduler: unknown `{other}`; use \"fsrs\" or \"sm2\""),
                    ));
                }
            };
        }
        if let Some(r) = raw.desired_retention {
            s.schedule.desired_retention = r;
        }
        if let Some(m) = raw.maximum_interval {
            s.schedule.maximum_interval = m;
        }
        for (key, steps, target) in [
            (
                "learning_steps",
                raw.learning_steps,
                &mut s.schedule.learning_steps,
            ),
            (
                "relearning_steps",
                raw.relearning_steps,
                &mut s.schedule.relearning_steps,
            ),
        ] {
            if let Some(steps) = steps {
                let mut out = Vec::new();
                for step in steps {
                    out.push(
                        schedule::parse_duration(&step)
                            .map_err(|e| invalid(find(key), format!("{key}: {e}")))?,
                    );
                }
                *target = out;
            }
        }
        if let Some(n) = raw.new_per_day {
            s.new_per_day = n;
        }
        s.reviews_per_day = raw.reviews_per_day;
        if let Some(h) = raw.day_starts_at {
            if h > 23 {
                return Err(invalid(
                    find("day_starts_at"),
                    "day_starts_at: an hour from 0 to 23".into(),
                ));
            }
            s.day_starts_at = h;
        }
        if let Some(l) = raw.leech_threshold {
            s.schedule.leech_threshold = l;
        }
        if let Some(p) = raw.fsrs_params {
            s.schedule.params = p;
        }
        if let Some(f) = raw.fuzz {
            s.schedule.fuzz = f;
        }
        // Validate the scheduler settings here, so the error names this file.
        schedule::Scheduler::new(s.schedule.clone()).map_err(|e| invalid(None, e.to_string()))?;
        Ok(s)
    }
}

/// The default settings file: `<config dir>/deckard/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().ok()?;
    Some(dirs.config_dir().join("deckard").join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_keep_defaults() {
        let s = Settings::parse(Path::new("c.toml"), "new_per_day = 5\nscheduler = \"sm2\"\n").unwrap();
        assert_eq!(s.new_per_day, 5);
        assert_eq!(s.schedule.algorithm, Algorithm::Sm2);
        assert_eq!(s.day_starts_at, 4);
    }

    #[test]
    fn bad_values_name_the_key_and_place() {
        let e = Settings::parse(Path::new("c.toml"), "new_per_day = 5\nnew_per_dya = 3\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("c.toml:2:1:"), "{msg}");
        assert!(msg.contains("new_per_dya"), "{msg}");
        let e = Settings::parse(Path::new("c.toml"), "day_starts_at = 30\n").unwrap_err();
        assert!(e.to_string().contains("day_starts_at"), "{e}");
        let e = Settings::parse(Path::new("c.toml"), "learning_steps = [\"1x\"]\n").unwrap_err();
        assert!(e.to_string().contains("learning_steps"), "{e}");
        let e = Settings::parse(Path::new("c.toml"), "desired_retention = 1.5\n").unwrap_err();
        assert!(e.to_string().contains("retention"), "{e}");
    }
}
