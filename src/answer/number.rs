//! Numbers as people type them: `10,500`, `10 500`, `10500`, `1.5 million`, `15%`,
//! `forty-three`, `two thousand and one`, `twenty twenty-three`, Chinese numerals (`六`, `两`,
//! `二〇〇一`, `三万`) with a measure word, a currency (`US$244.85bn`, `RMB 457.24 billion`),
//! a qualifier (`more than 120`), an optional unit; and their comparison against an expected
//! value with a tolerance. Numbers are never typo-tolerated.

pub use super::currency::currency;
use super::currency::currency_prefix;
use super::normalize::simple;
use super::numerals::{MEASURE_WORDS, chinese_number};

/// Digits read from one number, at most; longer runs are not numbers anyone types.
const MAX_DIGITS: usize = 400;

/// Longer texts are not read as numbers (room for the 309 digits of the largest `f64`).
const MAX_TEXT_BYTES: usize = 512;

/// A number read from text.
#[derive(Debug, Clone, PartialEq)]
pub struct Num {
    /// The value as written, before any scale word (`1.5` in `1.5 million`).
    pub value: f64,
    /// The scale word's factor (`1e6` for `million`), 1 when there is none.
    pub scale: f64,
    /// What follows the number and scale, lower case (`km`, `%`), empty when nothing does;
    /// a currency as its code (`usd`, `cny`), a Chinese measure word dropped.
    pub unit: String,
    /// A bound said before the number (`more than 120`), when there is one.
    pub qualifier: Option<Qualifier>,
}

/// A bound said with a number: the learner (or the deck) says "more than", not "exactly".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// `more than`, `over`, `above`, `at least`.
    More,
    /// `less than`, `fewer than`, `under`, `below`, `up to`.
    Less,
}

/// Words that bound a number, longest first.
const QUALIFIERS: [(&str, Qualifier); 11] = [
    ("more than ", Qualifier::More),
    ("in excess of ", Qualifier::More),
    ("upwards of ", Qualifier::More),
    ("at least ", Qualifier::More),
    ("over ", Qualifier::More),
    ("above ", Qualifier::More),
    ("less than ", Qualifier::Less),
    ("fewer than ", Qualifier::Less),
    ("at most ", Qualifier::Less),
    ("under ", Qualifier::Less),
    ("below ", Qualifier::Less),
];

/// The qualifier a question or unit speaks of (`more than how many`, `over`), if any.
pub fn qualifier_in(text: &str) -> Option<Qualifier> {
    let s = format!(" {} ", simple(text).replace(|c: char| !c.is_alphanumeric(), " "));
    QUALIFIERS
        .iter()
        .find(|(w, _)| s.contains(&format!(" {w}")))
        .map(|(_, q)| *q)
}

impl Num {
    /// The value with its scale applied.
    pub fn scaled(&self) -> f64 {
        self.value * self.scale
    }
}

/// Words that may precede a number without changing it.
const FILLERS: [&str; 9] = [
    "about ",
    "around ",
    "approximately ",
    "approx. ",
    "approx ",
    "roughly ",
    "some ",
    "in ",
    "ca. ",
];

/// Reads `text` as a number with an optional unit; `None` when it is not one.
pub fn parse(text: &str) -> Option<Num> {
    if text.len() > MAX_TEXT_BYTES {
        return None;
    }
    let s = simple(text);
    let mut s = s.trim().trim_end_matches(['.', '!', '?']).trim();
    for f in FILLERS {
        if let Some(rest) = s.strip_prefix(f) {
            s = rest;
        }
    }
    let mut qualifier = None;
    if let Some((rest, q)) = QUALIFIERS
        .iter()
        .find_map(|(w, q)| Some((s.strip_prefix(w)?, *q)))
    {
        qualifier = Some(q);
        s = rest;
    }
    s = s.trim_start_matches(['~', '≈']).trim_start();
    let (currency, s) = match currency_prefix(s) {
        Some((code, rest)) => (Some(code), rest),
        None => (None, s),
    };
    let (value, rest) = digits_number(s)
        .or_else(|| spelled_number(s))
        .or_else(|| chinese_number(s))?;
    if !value.is_finite() {
        return None;
    }
    let rest = rest.trim();
    if rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '/' | ':' | '.' | ',' | '+')) {
        return None;
    }
    let (scale, unit) = split_scale(rest);
    let mut unit = normalise_unit(unit);
    if let Some(c) = currency {
        unit = if unit.is_empty() || unit == c {
            c.to_string()
        } else {
            format!("{c} {unit}")
        };
    }
    Some(Num {
        value,
        scale,
        unit,
        qualifier,
    })
}

/// Reads a number written in digits at the start of `s`: sign, thousands separators (`,`, space,
/// `'`, `_` in groups of three), a decimal point or a lone decimal comma.
fn digits_number(s: &str) -> Option<(f64, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut clean = String::new();
    if let Some(&c @ (b'-' | b'+')) = b.first() {
        clean.push(c as char);
        i = 1;
    }
    let run = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let first = run(i);
    let starts_fraction = first == 0 && b.get(i) == Some(&b'.') && run(i + 1) > 0;
    if first == 0 && !starts_fraction {
        return None;
    }
    clean.push_str(s.get(i..i + first)?);
    i += first;
    let mut grouped = false;
    // Thousands groups: only after a first group of one to three digits.
    while (1..=3).contains(&first)
        && let Some(&sep) = b.get(i)
        && matches!(sep, b',' | b' ' | b'\'' | b'_')
        && run(i + 1) == 3
    {
        clean.push_str(s.get(i + 1..i + 4)?);
        i += 4;
        grouped = true;
    }
    let mut point = false;
    if let Some(&sep @ (b'.' | b',')) = b.get(i)
        && (sep == b'.' || !grouped)
        && run(i + 1) > 0
        && !(sep == b',' && run(i + 1) == 3)
    {
        let n = run(i + 1);
        clean.push('.');
        clean.push_str(s.get(i + 1..i + 1 + n)?);
        i += 1 + n;
        point = true;
    }
    if starts_fraction && !point {
        return None;
    }
    if clean.len() > MAX_DIGITS {
        return None;
    }
    Some((clean.parse().ok()?, s.get(i..)?))
}

fn small(word: &str) -> Option<u64> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = UNITS.iter().position(|u| *u == word) {
        return Some(n as u64);
    }
    TENS.iter().position(|t| *t == word).map(|n| 20 + 10 * n as u64)
}

fn scale_word(word: &str) -> Option<f64> {
    Some(match word {
        "thousand" | "k" => 1e3,
        "million" | "millions" | "mn" | "mio" => 1e6,
        "billion" | "billions" | "bn" => 1e9,
        "trillion" | "trillions" | "tn" => 1e12,
        _ => return None,
    })
}

/// Reads a spelled-out number at the start of `s` (`forty-three`, `a hundred and five`,
/// `two thousand and one`, `three million`); returns it with the words that follow.
fn spelled_number(s: &str) -> Option<(f64, &str)> {
    let mut total = 0.0_f64;
    let mut current = 0.0_f64;
    let mut seen = false;
    let mut after_a = false;
    // `twenty twenty-three`, `nineteen oh five`: a year said as two pairs of digits.
    let mut century: Option<f64> = None;
    let mut end = 0;
    let mut rest_at = 0;
    let mut pos = 0;
    for token in s.split_inclusive([' ', '-']) {
        let word = token.trim_end_matches([' ', '-']).trim_end_matches(',');
        pos += token.len();
        if let Some(n) = small(word) {
            if after_a {
                return None;
            }
            let pair_done = current >= 10.0 && (n >= 10 || current % 10.0 != 0.0);
            if century.is_none() && total == 0.0 && (10.0..100.0).contains(&current) && pair_done {
                century = Some(current);
                current = 0.0;
            }
            current += n as f64;
        } else if word == "oh" && century.is_none() && total == 0.0 && (10.0..100.0).contains(&current) {
            century = Some(current);
            current = 0.0;
        } else if century.is_some() && (word == "hundred" || scale_word(word).is_some()) {
            return None;
        } else if word == "hundred" {
            current = if current == 0.0 { 100.0 } else { current * 100.0 };
            after_a = false;
        } else if let Some(f) = scale_word(word).filter(|_| word.len() > 2) {
            total += if current == 0.0 { 1.0 } else { current } * f;
            current = 0.0;
            after_a = false;
        } else if word == "a" && !seen {
            after_a = true;
            continue;
        } else if word == "and" && seen {
            continue;
        } else {
            break;
        }
        seen = true;
        end = pos;
        rest_at = pos;
    }
    if !seen || after_a {
        return None;
    }
    let _ = end;
    let value = match century {
        Some(c) => c * 100.0 + current,
        None => total + current,
    };
    Some((value, s.get(rest_at..).unwrap_or("")))
}

/// Splits a leading scale word off a unit: `billion usd` → (1e9, `usd`), `万人` → (1e4, `人`).
fn split_scale(rest: &str) -> (f64, &str) {
    for (c, f) in [("亿", 1e8), ("万", 1e4), ("千", 1e3)] {
        if let Some(tail) = rest.strip_prefix(c) {
            return (f, tail.trim());
        }
    }
    let (first, tail) = rest.split_once(' ').unwrap_or((rest, ""));
    match scale_word(first) {
        Some(f) => (f, tail.trim()),
        None if first == "hundred" => (100.0, tail.trim()),
        None => (1.0, rest),
    }
}

/// A unit in comparable form: lower case, `percent` as `%`, a currency as its code, a Chinese
/// measure word as no unit, a plural `s` dropped.
fn normalise_unit(unit: &str) -> String {
    let u = unit.trim().trim_end_matches(['.', '!', '?']).trim();
    if let Some(code) = currency(u) {
        return code.to_string();
    }
    if MEASURE_WORDS.contains(&u) {
        return String::new();
    }
    match u {
        "percent" | "per cent" | "pct" | "%" => "%".to_string(),
        u if u.len() > 3 && u.ends_with('s') => u.get(..u.len() - 1).unwrap_or(u).to_string(),
        u => u.to_string(),
    }
}

/// An expected number: value, tolerance and the card's unit (which may start with a scale word).
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// The exact value as the card writes it.
    pub value: f64,
    /// Accepted absolute difference, in the card's own scale.
    pub tolerance: f64,
    /// The card's scale word factor (`billion` in `unit = "billion USD"`), 1 when none.
    pub scale: f64,
    /// The card's unit without its scale word, normalised; empty when none.
    pub unit: String,
}

impl Expected {
    /// The expectation for a value, a tolerance and an optional unit.
    pub fn new(value: f64, tolerance: f64, unit: Option<&str>) -> Self {
        let u = unit.map(simple).unwrap_or_default();
        let (scale, rest) = split_scale(&u);
        Expected {
            value,
            tolerance: if tolerance.is_nan() { 0.0 } else { tolerance.abs() },
            scale,
            unit: normalise_unit(rest),
        }
    }

    /// Whether `given` is this number: same value within the tolerance, in either scale.
    pub fn accepts(&self, given: &Num) -> bool {
        let near = |a: f64, b: f64, tol: f64| {
            let slack = 1e-9 * a.abs().max(b.abs()).max(1.0);
            (a - b).abs() <= tol + slack
        };
        if given.scale == 1.0 && near(given.value, self.value, self.tolerance) {
            return true;
        }
        let tol = self.tolerance * self.scale;
        near(given.scaled(), self.value * self.scale, tol)
    }

    /// True when the given unit names something else than the card's unit.
    pub fn other_unit(&self, given: &Num) -> bool {
        !given.unit.is_empty() && !self.unit.is_empty() && given.unit != self.unit
    }
}

/// A number for a reason: `2002`, `1.5 million`.
pub fn show(n: &Num) -> String {
    let v = crate::deck::format_number(n.value);
    let scale = match n.scale {
        1e3 => " thousand",
        1e6 => " million",
        1e9 => " billion",
        1e12 => " trillion",
        100.0 => " hundred",
        _ => "",
    };
    // Percent and ordinal suffixes are written against the number: "17th", not "17 th".
    let glued = matches!(n.unit.as_str(), "" | "%" | "st" | "nd" | "rd" | "th");
    let unit = if glued {
        n.unit.clone()
    } else {
        format!(" {}", n.unit)
    };
    let bound = match n.qualifier {
        Some(Qualifier::More) => "more than ",
        Some(Qualifier::Less) => "less than ",
        None => "",
    };
    format!("{bound}{v}{scale}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_shown_as_written() {
        // Regression: feedback read "17 th is not 21st".
        let n = parse("17th").expect("an ordinal reads as a number");
        assert_eq!(show(&n), "17th");
        assert_eq!(show(&parse("45 %").unwrap()), "45%");
        assert_eq!(show(&parse("3 km").unwrap()), "3 km");
    }

    fn v(s: &str) -> Option<f64> {
        parse(s).map(|n| n.scaled())
    }

    #[test]
    fn digits_with_separators() {
        assert_eq!(v("10500"), Some(10500.0));
        assert_eq!(v("10,500"), Some(10500.0));
        assert_eq!(v("10 500"), Some(10500.0));
        assert_eq!(v("1,234,567.5"), Some(1234567.5));
        assert_eq!(v("3.25"), Some(3.25));
        assert_eq!(v("3,25"), Some(3.25), "a lone decimal comma");
        assert_eq!(v("-5"), Some(-5.0));
        assert_eq!(v("\u{2212}5"), Some(-5.0), "a minus sign");
        assert_eq!(v(".5"), Some(0.5));
        assert_eq!(v("２００１"), Some(2001.0), "full-width digits");
    }

    #[test]
    fn units_scales_and_percent() {
        assert_eq!(v("244.85 billion"), Some(244.85e9));
        assert_eq!(v("1.5 million"), Some(1.5e6));
        assert_eq!(v("10k"), Some(10e3));
        let p = parse("15%").unwrap();
        assert_eq!((p.value, p.unit.as_str()), (15.0, "%"));
        assert_eq!(parse("15 percent").unwrap().unit, "%");
        assert_eq!(parse("6 states").unwrap().unit, "state");
        assert_eq!(
            parse("$300").unwrap().unit,
            "usd",
            "currencies read as their code"
        );
        assert_eq!(v("about 6"), Some(6.0));
    }

    #[test]
    fn spelled_out() {
        assert_eq!(v("six"), Some(6.0));
        assert_eq!(v("forty-three"), Some(43.0));
        assert_eq!(v("Forty Three"), Some(43.0));
        assert_eq!(v("a hundred"), Some(100.0));
        assert_eq!(v("one hundred and five"), Some(105.0));
        assert_eq!(v("two thousand and one"), Some(2001.0));
        assert_eq!(v("three million"), Some(3e6));
        assert_eq!(v("ninety-nine"), Some(99.0));
        assert_eq!(v("zero"), Some(0.0));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(v(""), None);
        assert_eq!(v("a"), None);
        assert_eq!(v("Iran"), None);
        assert_eq!(v("2001-06-15"), None, "a date is not a number");
        assert_eq!(v("1 2"), None);
        assert_eq!(v("1.2.3"), None);
        assert_eq!(v(&"9".repeat(1000)), None);
        assert_eq!(v("a six"), None);
    }

    #[test]
    fn comparison_with_tolerance_and_scale() {
        let e = Expected::new(2001.0, 0.0, None);
        assert!(e.accepts(&parse("2001").unwrap()));
        assert!(!e.accepts(&parse("2002").unwrap()));
        let e = Expected::new(100.0, 5.0, None);
        assert!(e.accepts(&parse("104.9").unwrap()));
        assert!(!e.accepts(&parse("106").unwrap()));
        let e = Expected::new(244.85, 0.0, Some("billion USD"));
        assert!(e.accepts(&parse("244.85").unwrap()));
        assert!(e.accepts(&parse("244.85 billion").unwrap()));
        assert!(e.accepts(&parse("244,850,000,000").unwrap()));
        assert!(!e.accepts(&parse("244.85 million").unwrap()));
        let e = Expected::new(6e6, 0.0, None);
        assert!(e.accepts(&parse("6 million").unwrap()));
        assert!(!Expected::new(6.0, 0.0, None).accepts(&parse("6 million").unwrap()));
    }

    #[test]
    fn units_are_compared_loosely() {
        let e = Expected::new(15.0, 0.0, Some("percent"));
        assert!(!e.other_unit(&parse("15%").unwrap()));
        assert!(e.other_unit(&parse("15 km").unwrap()));
        assert!(!e.other_unit(&parse("15").unwrap()));
    }
}
