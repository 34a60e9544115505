//! The settings keys: one row per key with a reader that checks the value's type and range and
//! stores it, each problem at the value's own span, in plain words.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{DeckSettings, Settings};
use crate::schedule::{self, Algorithm, ScheduleError};

type Value<'i> = Spanned<DeValue<'i>>;

/// What is wrong with a value: where (`None`: the whole value) and in words.
pub(super) struct Bad {
    pub(super) span: Option<Range<usize>>,
    pub(super) message: String,
    pub(super) hint: Option<String>,
}

impl Bad {
    fn new(message: String) -> Self {
        Bad {
            span: None,
            message,
            hint: None,
        }
    }

    fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Reads one key's value (with the file's text, to quote what was written) into the settings.
type Reader = fn(&Key, &str, &Value<'_>, &mut Settings) -> Result<(), Bad>;

/// One setting.
pub(super) struct Key {
    /// The name in `config.toml`.
    name: &'static str,
    /// What the value must be, completing "`name` must be …".
    what: &'static str,
    read: Reader,
}

/// Every key `config.toml` may hold.
const KEYS: &[Key] = &[
    Key {
        name: "scheduler",
        what: "\"fsrs\" or \"sm2\"",
        read: |k, text, v, s| {
            s.schedule.algorithm = match string(k, text, v)? {
                "fsrs" => Algorithm::Fsrs,
                "sm2" | "sm-2" => Algorithm::Sm2,
                _ => return Err(k.wrong(text, v)),
            };
            Ok(())
        },
    },
    Key {
        name: "desired_retention",
        what: "a number between 0 and 1, such as 0.9",
        read: |k, text, v, s| {
            s.schedule.desired_retention = number(k, text, v)?;
            Ok(())
        },
    },
    Key {
        name: "maximum_interval",
        what: "a whole number of days from 1 to 36500",
        read: |k, text, v, s| {
            s.schedule.maximum_interval = whole(k, text, v)?;
            Ok(())
        },
    },
    Key {
        name: "learning_steps",
        what: "a list of waits such as [\"1m\", \"10m\"]",
        read: |k, text, v, s| {
            s.schedule.learning_steps = steps(k, text, v)?;
            Ok(())
        },
    },
    Key {
        name: "relearning_steps",
        what: "a list of waits such as [\"10m\"]",
        read: |k, text, v, s| {
            s.schedule.relearning_steps = steps(k, text, v)?;
            Ok(())
        },
    },
    Key {
        name: "new_per_day",
        what: "a whole number of cards, 0 or more",
        read: |k, text, v, s| {
            s.new_per_day = whole(k, text, v)?;
            Ok(())
        },
    },
    Key {
        name: "reviews_per_day",
        what: "a whole number of reviews, 0 or more",
        read: |k, text, v, s| {
            s.reviews_per_day = Some(whole(k, text, v)?);
            Ok(())
        },
    },
    Key {
        name: "day_starts_at",
        what: "an hour from 0 to 23",
        read: |k, text, v, s| {
            let h: u8 = whole(k, text, v)?;
            if h > 23 {
                return Err(k.wrong(text, v));
            }
            s.day_starts_at = h;
            Ok(())
        },
    },
    Key {
        name: "leech_threshold",
        what: "a whole number of lapses, 0 or more (0 turns leeches off)",
        read: |k, text, v, s| {
            s.schedule.leech_threshold = whole(k, text, v)?;
            Ok(())
        },
    },
    Key {
        name: "fsrs_params",
        what: "a list of 21 numbers (or 19 for FSRS-5)",
        read: |k, text, v, s| {
            let DeValue::Array(items) = v.get_ref() else {
                return Err(k.wrong(text, v));
            };
            s.schedule.params = items
                .iter()
                .map(|item| {
                    number_value(item).ok_or_else(|| {
                        Bad::new(format!(
                            "{} must hold numbers only, found {}",
                            k.name,
                            written(text, item)
                        ))
                        .at(item.span())
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(())
        },
    },
    Key {
        name: "time_zone",
        what: "a time zone name such as \"Europe/Berlin\" or \"UTC\"",
        read: |k, text, v, s| {
            let name = string(k, text, v)?;
            if jiff::tz::TimeZone::get(name).is_err() {
                return Err(k
                    .wrong(text, v)
                    .hint("time zone names are the IANA ones, as in TZ"));
            }
            s.time_zone = Some(name.to_owned());
            Ok(())
        },
    },
    Key {
        name: "progress",
        what: "a path: a log file, or a folder ending in / (one log per device)",
        read: |k, text, v, s| {
            let path = string(k, text, v)?;
            if path.is_empty() {
                return Err(k.wrong(text, v));
            }
            s.progress = Some(std::path::PathBuf::from(path));
            Ok(())
        },
    },
    Key {
        name: "decks",
        what: "a list of deck files or folders, such as [\"~/decks\"]",
        read: |k, text, v, s| {
            let DeValue::Array(items) = v.get_ref() else {
                return Err(k.wrong(text, v));
            };
            s.decks = items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(p) if !p.is_empty() => Ok(std::path::PathBuf::from(p.as_ref())),
                    _ => Err(Bad::new(format!(
                        "{} must hold paths written as text such as \"~/decks\", found {}",
                        k.name,
                        written(text, item)
                    ))
                    .at(item.span())),
                })
                .collect::<Result<_, _>>()?;
            Ok(())
        },
    },
    Key {
        name: "bundled",
        what: "true or false (false: only your own decks)",
        read: |k, text, v, s| match v.get_ref() {
            DeValue::Boolean(b) => {
                s.bundled = *b;
                Ok(())
            }
            _ => Err(k.wrong(text, v)),
        },
    },
    Key {
        name: "new_card_order",
        what: "\"deck\", \"mixed\" or \"random\"",
        read: |k, text, v, s| {
            s.new_card_order =
                crate::session::NewOrder::parse(string(k, text, v)?).ok_or_else(|| k.wrong(text, v))?;
            Ok(())
        },
    },
    Key {
        name: "fuzz",
        what: "true or false",
        read: |k, text, v, s| match v.get_ref() {
            DeValue::Boolean(b) => {
                s.schedule.fuzz = *b;
                Ok(())
            }
            _ => Err(k.wrong(text, v)),
        },
    },
];

/// The keys every device sharing a progress folder must agree on, since card states depend on
/// them: they live in the folder's `settings.toml`, and a device's `config.toml` may not change
/// them there.
pub(super) const SHARED: &[&str] = &[
    "scheduler",
    "desired_retention",
    "maximum_interval",
    "learning_steps",
    "relearning_steps",
    "day_starts_at",
    "time_zone",
    "leech_threshold",
    "fsrs_params",
    "fuzz",
];

impl Key {
    /// "`name` must be `what`, found `value`", at the value.
    fn wrong(&self, text: &str, v: &Value<'_>) -> Bad {
        Bad::new(format!(
            "{} must be {}, found {}",
            self.name,
            self.what,
            written(text, v)
        ))
        .at(v.span())
    }
}

/// Reads every key of `root` into settings, adding each problem to `problems`; with
/// `shared_only` (a progress folder's `settings.toml`), keys of one device are refused.
pub(super) fn read(text: &str, root: &DeTable<'_>, problems: &mut Vec<Bad>, shared_only: bool) -> Settings {
    let mut settings = Settings::default();
    let mut names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
    names.push("deck");
    let mut deck_tables = None;
    for (key, value) in root.iter() {
        let name = key.get_ref().as_ref();
        // `[deck.<id>]` tables are welcome in a folder's settings: their keys are checked there.
        if shared_only && names.contains(&name) && !SHARED.contains(&name) && name != "deck" {
            problems.push(
                Bad::new(format!(
                    "`{name}` is a setting of each device, not of the progress folder"
                ))
                .at(key.span())
                .hint(format!(
                    "put it in the device's config.toml; the folder's settings.toml holds what every device shares: {}",
                    SHARED.join(", ")
                )),
            );
            continue;
        }
        if name == "deck" {
            // Read last, over the file's own values, which every deck inherits.
            deck_tables = Some(value);
            continue;
        }
        let Some(k) = KEYS.iter().find(|k| k.name == name) else {
            let bad = Bad::new(format!("unknown setting `{name}`")).at(key.span());
            problems.push(match crate::deck::closest(name, &names) {
                Some(c) => bad.hint(format!("did you mean `{c}`?")),
                None => bad.hint(format!("known settings: {}", names.join(", "))),
            });
            continue;
        };
        // Read the key alone over the defaults first, so the scheduler's range checks name
        // this key and every key's problem is reported, not only the first.
        let mut alone = Settings::default();
        let checked = (k.read)(k, text, value, &mut alone).and_then(|()| {
            schedule::Scheduler::new(alone.schedule)
                .map(drop)
                .map_err(|e| out_of_range(k, text, value, e))
        });
        match checked {
            Ok(()) => {
                // Cannot fail: the same reader just accepted the same value.
                let _ = (k.read)(k, text, value, &mut settings);
                settings.set.push(k.name);
            }
            Err(bad) => problems.push(match bad.span {
                Some(_) => bad,
                None => bad.at(value.span()),
            }),
        }
    }
    if problems.is_empty()
        && let Err(e) = schedule::Scheduler::new(settings.schedule.clone())
    {
        // Each key passed alone, so this is a rule across keys: name the file's first key.
        let at = root.iter().next().map_or(0..0, |(k, _)| k.span());
        problems.push(Bad::new(e.to_string()).at(at));
    }
    if let Some(tables) = deck_tables {
        settings.per_deck = read_decks(text, tables, &settings, problems, shared_only);
    }
    settings
}

/// Keys a `[deck.<id>]` table may hold: everything that is about scheduling one deck's cards.
const DECK_KEYS: &[&str] = &[
    "scheduler",
    "desired_retention",
    "maximum_interval",
    "learning_steps",
    "relearning_steps",
    "new_per_day",
    "reviews_per_day",
    "leech_threshold",
    "fsrs_params",
    "fuzz",
];

/// Reads the `[deck.<id>]` tables: each key through the same reader as at the top of the
/// file, over a copy of the file's settings. With `shared_only` (a progress folder's
/// `settings.toml`), a deck's daily limits are refused: they are each device's own.
fn read_decks(
    text: &str,
    tables: &Value<'_>,
    base: &Settings,
    problems: &mut Vec<Bad>,
    shared_only: bool,
) -> std::collections::BTreeMap<String, DeckSettings> {
    let mut out = std::collections::BTreeMap::new();
    let DeValue::Table(decks) = tables.get_ref() else {
        problems.push(
            Bad::new("`deck` must be a table of decks, such as [deck.sco-founding]".into())
                .at(tables.span())
                .hint("write each deck's settings under [deck.<deck-id>]"),
        );
        return out;
    };
    let lines = crate::deck::LineIndex::new(text);
    for (id, table) in decks.iter() {
        let id_text = id.get_ref().as_ref();
        let DeValue::Table(keys) = table.get_ref() else {
            problems.push(
                Bad::new(format!("deck.{id_text} must be a table of settings"))
                    .at(id.span())
                    .hint(format!("write [deck.{id_text}] and the deck's keys under it")),
            );
            continue;
        };
        let mut own = base.clone();
        own.per_deck.clear();
        let mut set = Vec::new();
        let before = problems.len();
        for (key, value) in keys.iter() {
            let name = key.get_ref().as_ref();
            if shared_only && DECK_KEYS.contains(&name) && !SHARED.contains(&name) {
                problems.push(
                    Bad::new(format!(
                        "`{name}` in [deck.{id_text}] is a setting of each device, not of the progress folder"
                    ))
                    .at(key.span())
                    .hint(format!(
                        "put it under [deck.{id_text}] in the device's config.toml; here a deck may set what every device shares: {}",
                        SHARED.iter().filter(|k| DECK_KEYS.contains(k)).copied().collect::<Vec<_>>().join(", ")
                    )),
                );
                continue;
            }
            let known = DECK_KEYS
                .contains(&name)
                .then(|| KEYS.iter().find(|k| k.name == name))
                .flatten();
            let Some(k) = known else {
                let mut bad =
                    Bad::new(format!("unknown setting `{name}` in [deck.{id_text}]")).at(key.span());
                bad = match crate::deck::closest(name, DECK_KEYS) {
                    Some(c) => bad.hint(format!("did you mean `{c}`?")),
                    None if KEYS.iter().any(|k| k.name == name) => bad.hint(format!(
                        "`{name}` applies to every deck: set it at the top of the file"
                    )),
                    None => bad.hint(format!("a deck's settings: {}", DECK_KEYS.join(", "))),
                };
                problems.push(bad);
                continue;
            };
            let mut alone = base.clone();
            let checked = (k.read)(k, text, value, &mut alone).and_then(|()| {
                schedule::Scheduler::new(alone.schedule)
                    .map(drop)
                    .map_err(|e| out_of_range(k, text, value, e))
            });
            match checked {
                Ok(()) => {
                    let _ = (k.read)(k, text, value, &mut own);
                    set.push(k.name);
                }
                Err(bad) => problems.push(match bad.span {
                    Some(_) => bad,
                    None => bad.at(value.span()),
                }),
            }
        }
        if problems.len() == before
            && let Err(e) = schedule::Scheduler::new(own.schedule.clone())
        {
            problems.push(Bad::new(format!("[deck.{id_text}]: {e}")).at(id.span()));
        }
        out.insert(
            id_text.to_string(),
            DeckSettings {
                schedule: own.schedule,
                new_per_day: own.new_per_day,
                reviews_per_day: own.reviews_per_day,
                set,
                pos: lines.pos(id.span().start),
                path: None,
            },
        );
    }
    out
}

/// A scheduler range error, in the words of the key it is about.
fn out_of_range(k: &Key, text: &str, v: &Value<'_>, e: ScheduleError) -> Bad {
    match e {
        ScheduleError::Setting { expected, .. } => Bad::new(format!(
            "{} must be {expected}, found {}",
            k.name,
            written(text, v)
        )),
        ScheduleError::ParamCount(n) => Bad::new(format!("{} must be {}, found {n}", k.name, k.what)),
        ScheduleError::ParamRange { index, min, max, .. } => {
            let item = match v.get_ref() {
                DeValue::Array(items) => items.get(index),
                _ => None,
            };
            let found = item.map_or_else(|| "?".to_string(), |i| written(text, i));
            let bad = Bad::new(format!(
                "{}: weight w{index} must be from {min} to {max}, found {found}",
                k.name
            ));
            match item {
                Some(i) => bad.at(i.span()),
                None => bad,
            }
        }
        other => Bad::new(format!("{}: {other}", k.name)),
    }
}

fn string<'a>(k: &Key, text: &str, v: &'a Value<'_>) -> Result<&'a str, Bad> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s.as_ref()),
        _ => Err(k.wrong(text, v)),
    }
}

fn number_value(v: &Value<'_>) -> Option<f64> {
    match v.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    }
}

fn number(k: &Key, text: &str, v: &Value<'_>) -> Result<f64, Bad> {
    number_value(v).ok_or_else(|| k.wrong(text, v))
}

/// A whole number that fits `T` (negative numbers and fractions are refused).
fn whole<T: TryFrom<u64>>(k: &Key, text: &str, v: &Value<'_>) -> Result<T, Bad> {
    match v.get_ref() {
        DeValue::Integer(i) => u64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| k.wrong(text, v)),
        _ => Err(k.wrong(text, v)),
    }
}

fn steps(k: &Key, text: &str, v: &Value<'_>) -> Result<Vec<jiff::SignedDuration>, Bad> {
    let DeValue::Array(items) = v.get_ref() else {
        return Err(k.wrong(text, v));
    };
    items
        .iter()
        .map(|item| {
            let step = match item.get_ref() {
                DeValue::String(s) => s.as_ref(),
                _ => {
                    return Err(Bad::new(format!(
                        "{} must hold waits written as text such as \"10m\", found {}",
                        k.name,
                        written(text, item)
                    ))
                    .at(item.span()));
                }
            };
            schedule::parse_duration(step).map_err(|e| {
                let why = match e {
                    ScheduleError::Duration { reason, .. } => reason.to_string(),
                    other => other.to_string(),
                };
                Bad::new(format!(
                    "{}: {} is not a wait: {why}",
                    k.name,
                    written(text, item)
                ))
                .at(item.span())
            })
        })
        .collect()
}

/// The value as written in the file (at most 40 characters), to quote in a message.
fn written(text: &str, v: &Value<'_>) -> String {
    let raw = text.get(v.span()).unwrap_or("").trim();
    let mut out: String = raw.chars().take(40).collect();
    if raw.chars().count() > 40 {
        out.push('…');
    }
    crate::sanitize::escape(&out).into_owned()
}
