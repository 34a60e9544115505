//! One expected answer with its alternatives, compiled for comparison, and how one typed piece
//! of text compares with it: exactly, with a tolerated typo, partly (a date without its day) or
//! not at all. Each alternative is read as a date, a number or text, whichever it is written as.

use super::date::{self, Date};
use super::normalize::{key, simple, words};
use super::number::{self, Expected, Num, Qualifier};
use super::rules::{Rules, is_acronym, looks_like_name};
use super::text::{MAX_TYPO_CHARS, digits, distance_within, tolerance};

/// What one alternative is, once read.
#[derive(Debug, Clone)]
enum Form {
    Date(Date),
    /// Several days: a range (`9-10 June 2018`) or a list (`June 9 and 10, 2018`), each day.
    Days(Vec<Date>),
    /// A number, with the bound the answer itself states (`more than 120`).
    Number(Expected, Option<Qualifier>),
    Text,
}

/// Administrative suffixes of Chinese place names, longest first: `塔什干市` is `塔什干`.
const PLACE_SUFFIXES: [&str; 6] = ["特别行政区", "自治区", "市", "省", "县", "区"];

/// A Chinese place name without its administrative suffix, when a name of two or more
/// characters is left; `None` otherwise.
pub(super) fn place_stem(key: &str) -> Option<&str> {
    PLACE_SUFFIXES.iter().find_map(|suffix| {
        let stem = key.strip_suffix(suffix)?;
        (stem.chars().count() >= 2 && stem.chars().all(is_cjk)).then_some(stem)
    })
}

/// CJK ideographs (the unified block and extension A).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

#[cfg(test)]
thread_local! {
    /// How many times this thread compared a typed text with a whole target: tests hold the
    /// judge of a large card to a number of comparisons that does not grow with its size.
    pub static COMPARES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One accepted way of writing the answer.
#[derive(Debug, Clone)]
pub struct Alt {
    /// As the author wrote it.
    pub raw: String,
    key: String,
    chars: Vec<char>,
    digits: String,
    form: Form,
    /// Compared exactly: a name or an acronym.
    strict: bool,
    /// The bound the card's question or unit speaks of.
    allowed: Option<Qualifier>,
}

/// An expected answer: the canonical one first, then the alternatives.
#[derive(Debug, Clone)]
pub struct Target {
    /// The alternatives, canonical first.
    pub alts: Vec<Alt>,
    /// Exact matches only, never a typo (a `strict` card: names and acronyms).
    exact: bool,
}

/// A typed piece of text, read once in every way a target may need.
#[derive(Debug, Clone)]
pub struct Given {
    /// The text as typed (already cut to a bounded length).
    pub raw: String,
    /// Its comparison key.
    pub key: String,
    pub(super) chars: Vec<char>,
    pub(super) digits: String,
    /// Its reading as a number, if it is one.
    pub number: Option<Num>,
    /// Its readings as a date.
    pub dates: Vec<Date>,
    /// Its reading as several days (a range or a list), if it is one.
    pub days: Vec<Date>,
}

impl Given {
    /// Reads a typed piece of text.
    pub fn new(raw: &str) -> Self {
        let key = key(raw);
        let chars = key.chars().take(MAX_TYPO_CHARS + 1).collect();
        let digits = digits(&key);
        Given {
            raw: raw.trim().to_string(),
            number: number::parse(raw),
            dates: date::parse(raw),
            days: date::parse_days(raw),
            key,
            chars,
            digits,
        }
    }

    /// True when nothing meaningful was typed.
    pub fn is_empty(&self) -> bool {
        self.key.is_empty() && simple(&self.raw).is_empty()
    }
}

/// How a given text compares with a target.
#[derive(Debug, Clone, PartialEq)]
pub enum Hit {
    /// The same answer as alternative `alt`.
    Exact { alt: usize },
    /// Alternative `alt`, `dist` edits away, within its tolerance.
    Typo { alt: usize, dist: usize },
    /// Right as far as it goes (a date without its day).
    Partial {
        alt: usize,
        score: f64,
        note: &'static str,
    },
    /// A number other than the expected one.
    OtherNumber,
    /// A date other than the expected one.
    OtherDate,
    /// No match.
    Miss,
}

impl Hit {
    /// True for a hit that counts as right.
    pub fn is_right(&self) -> bool {
        matches!(self, Hit::Exact { .. } | Hit::Typo { .. })
    }

    /// Ranking: lower is better (exact, then fewer edits, then partial).
    fn rank(&self) -> usize {
        match self {
            Hit::Exact { .. } => 0,
            Hit::Typo { dist, .. } => *dist,
            Hit::Partial { .. } => 100,
            Hit::OtherNumber | Hit::OtherDate => 200,
            Hit::Miss => 300,
        }
    }

    /// The edit distance of a right hit (0 when exact); `None` when not right.
    #[cfg(test)]
    pub fn distance(&self) -> Option<usize> {
        match self {
            Hit::Exact { .. } => Some(0),
            Hit::Typo { dist, .. } => Some(*dist),
            _ => None,
        }
    }
}

impl Alt {
    fn new(raw: &str, number: Option<Expected>, rules: &Rules) -> Self {
        let key = key(raw);
        // Each reading only when the ones before it failed: a large card reads every choice.
        let days = || Some(date::parse_days(raw)).filter(|d| !d.is_empty());
        let form = if let Some(e) = number {
            Form::Number(e, number::parse(raw).and_then(|n| n.qualifier))
        } else if let Some(d) = date::parse_expected(raw) {
            Form::Date(d)
        } else if let Some(days) = days() {
            Form::Days(days)
        } else {
            match number::parse(raw) {
                // Only a bare number (with `%`, a scale word or a currency) makes a text answer
                // numeric: `10 Downing Street` stays text.
                Some(n) if n.unit.is_empty() || n.unit == "%" || number::currency(&n.unit).is_some() => {
                    let unit = if n.unit.is_empty() {
                        None
                    } else {
                        Some(n.unit.as_str())
                    };
                    Form::Number(Expected::new(n.scaled(), 0.0, unit), n.qualifier)
                }
                _ => Form::Text,
            }
        };
        Alt {
            raw: raw.to_string(),
            chars: key.chars().take(MAX_TYPO_CHARS + 1).collect(),
            digits: digits(&key),
            key,
            form,
            strict: rules.strict || is_acronym(raw) || (rules.person && looks_like_name(raw)),
            allowed: rules.qualifier,
        }
    }

    /// A number given with a bound is the number when the answer states that bound too, or the
    /// question asks with it (`more than how many?` → `more than 120`); a currency must be the
    /// expected one when both name one.
    fn number_matches(&self, e: &Expected, bound: Option<Qualifier>, n: &Num) -> bool {
        let bound_ok = n.qualifier.is_none() || n.qualifier == bound || n.qualifier == self.allowed;
        let other_currency =
            number::currency(&e.unit).is_some() && number::currency(&n.unit).is_some() && e.unit != n.unit;
        e.accepts(n) && bound_ok && !other_currency
    }

    fn compare(&self, index: usize, g: &Given, typos: bool) -> Hit {
        match &self.form {
            Form::Number(e, bound) => match &g.number {
                Some(n) if self.number_matches(e, *bound, n) => Hit::Exact { alt: index },
                Some(_) => Hit::OtherNumber,
                None if !self.key.is_empty() && g.key == self.key => Hit::Exact { alt: index },
                None => Hit::Miss,
            },
            Form::Days(days) => {
                if !g.days.is_empty() && g.days == *days {
                    Hit::Exact { alt: index }
                } else if !g.days.is_empty() || !g.dates.is_empty() {
                    Hit::OtherDate
                } else {
                    Hit::Miss
                }
            }
            Form::Date(d) => {
                let mut best = if g.dates.is_empty() {
                    Hit::Miss
                } else {
                    Hit::OtherDate
                };
                for gd in &g.dates {
                    match date::compare(gd, d) {
                        date::Compared::Same => return Hit::Exact { alt: index },
                        date::Compared::Incomplete(score, note) => {
                            best = Hit::Partial {
                                alt: index,
                                score,
                                note,
                            }
                        }
                        date::Compared::Different => {}
                    }
                }
                best
            }
            Form::Text => self.compare_text(index, g, typos),
        }
    }

    /// The key that alone decides whether a typed text equals this alternative (with
    /// [`place_stem`] on either side), when it is plain text; `None` for a number, a date or
    /// punctuation only, which are compared by reading.
    pub(super) fn text_key(&self) -> Option<&str> {
        (matches!(self.form, Form::Text) && !self.key.is_empty()).then_some(self.key.as_str())
    }

    /// For an alternative a typo may name: its digits, its length in (bounded) characters and
    /// its edit budget; `None` when it is only ever compared exactly.
    pub(super) fn typo_shape(&self) -> Option<(&str, usize, usize)> {
        let max = tolerance(self.chars.len());
        (self.text_key().is_some() && !self.strict && max > 0).then_some((
            self.digits.as_str(),
            self.chars.len(),
            max,
        ))
    }

    /// The characters a typo distance is computed on.
    pub(super) fn chars(&self) -> &[char] {
        &self.chars
    }

    fn compare_text(&self, index: usize, g: &Given, typos: bool) -> Hit {
        if self.key.is_empty() {
            // An answer of punctuation only: compare what was typed, minus spacing and case.
            return if simple(&self.raw) == simple(&g.raw) {
                Hit::Exact { alt: index }
            } else {
                Hit::Miss
            };
        }
        if g.key == self.key {
            return Hit::Exact { alt: index };
        }
        if place_stem(&g.key) == Some(self.key.as_str()) || place_stem(&self.key) == Some(g.key.as_str()) {
            return Hit::Exact { alt: index };
        }
        let max = tolerance(self.chars.len());
        if !typos || self.strict || max == 0 || g.digits != self.digits {
            return Hit::Miss;
        }
        match distance_within(&g.chars, &self.chars, max) {
            Some(dist) if dist > 0 => Hit::Typo { alt: index, dist },
            _ => Hit::Miss,
        }
    }
}

impl Target {
    /// A target from an answer and its alternatives, each read as a date, number or text.
    pub fn new<'a>(alternatives: impl IntoIterator<Item = &'a str>) -> Self {
        Self::with(alternatives, &Rules::default())
    }

    /// A target read under a card's rules (names exact, bounds the question allows).
    pub fn with<'a>(alternatives: impl IntoIterator<Item = &'a str>, rules: &Rules) -> Self {
        Target {
            alts: alternatives
                .into_iter()
                .map(|a| Alt::new(a, None, rules))
                .collect(),
            exact: false,
        }
    }

    /// A target that is a number with a tolerance and unit (number cards).
    pub fn number(value: f64, tolerance: f64, unit: Option<&str>, shown: &str, rules: &Rules) -> Self {
        Target {
            alts: vec![Alt::new(
                shown,
                Some(Expected::new(value, tolerance, unit)),
                rules,
            )],
            exact: false,
        }
    }

    /// One target per text of a set (choices, items, one side of pairs); each may also be named
    /// by its distinctive words alone (`Park` for `Park Hotel` when every choice is a hotel).
    pub fn set(choices: &[String]) -> Vec<Target> {
        // The words of the first choice that every other choice has too; most sets share none,
        // and the reading stops as soon as none is left.
        let mut shared: Vec<String> = choices.first().map(|c| words(c)).unwrap_or_default();
        for c in choices.iter().skip(1) {
            if shared.is_empty() {
                break;
            }
            let ws = words(c);
            shared.retain(|w| ws.contains(w));
        }
        choices
            .iter()
            .map(|c| {
                if shared.is_empty() || choices.len() < 2 {
                    return Target::new([c.as_str()]);
                }
                let ws = words(c);
                let distinct: Vec<&str> = ws
                    .iter()
                    .filter(|w| !shared.contains(w))
                    .map(String::as_str)
                    .collect();
                if distinct.is_empty() {
                    Target::new([c.as_str()])
                } else {
                    Target::new([c.clone(), distinct.join(" ")].iter().map(String::as_str))
                }
            })
            .collect()
    }

    /// The same target, accepting exact matches only when `strict` (no typo tolerance).
    pub fn strict(mut self, strict: bool) -> Self {
        self.exact = strict;
        self
    }

    /// True when no typo is accepted for this target (a `strict` card).
    pub(super) fn exact_only(&self) -> bool {
        self.exact
    }

    /// The canonical answer as written.
    pub fn canonical(&self) -> &str {
        self.alts.first().map_or("", |a| a.raw.as_str())
    }

    /// The best comparison of `g` with any alternative; typos only when `typos` is true.
    pub fn compare(&self, g: &Given, typos: bool) -> Hit {
        #[cfg(test)]
        COMPARES.with(|c| c.set(c.get() + 1));
        let mut best = Hit::Miss;
        for (i, alt) in self.alts.iter().enumerate() {
            let hit = alt.compare(i, g, typos && !self.exact);
            if hit.rank() < best.rank() {
                best = hit;
            }
            if best.rank() == 0 {
                break;
            }
        }
        best
    }
}
