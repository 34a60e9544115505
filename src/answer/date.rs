//! Dates as people write them: `15 June 2001`, `June 15, 2001`, `15th of June 2001`,
//! `2001-06-15`, `15/06/2001`, `15.06.2001`, `Sept 15 2001`, `June 2001`; and how a given date
//! compares with the expected one (a wrong day, month or year is wrong; a missing part is partial).

use super::normalize::simple;

/// Tokens read from a date, at most: a date has three parts and a few fillers.
const MAX_TOKENS: usize = 8;

/// Longer texts are not read as dates.
const MAX_TEXT_BYTES: usize = 100;

/// A calendar date, possibly without its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// The year (four digits as written).
    pub year: i32,
    /// The month, 1–12, when given.
    pub month: Option<u8>,
    /// The day of the month, when given.
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a word names: full names and the usual abbreviations (`Sept`, `Sep.`).
fn month(word: &str) -> Option<u8> {
    if word == "sept" {
        return Some(9);
    }
    if word.len() < 3 {
        return None;
    }
    let i = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)))?;
    Some(i as u8 + 1)
}

fn is_filler(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    matches!(word, "on" | "the" | "of" | "in")
        || DAYS
            .iter()
            .any(|d| *d == word || (word.len() == 3 && d.starts_with(word)))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    /// A number with its digit count.
    Num(u32, usize),
    Month(u8),
}

fn tokens(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    for raw in s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '/' | '-')) {
        if raw.is_empty() {
            continue;
        }
        let digits = raw.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            let suffix = raw.get(digits..)?;
            if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits > 4 {
                return None;
            }
            out.push(Tok::Num(raw.get(..digits)?.parse().ok()?, digits));
        } else if let Some(m) = month(raw) {
            out.push(Tok::Month(m));
        } else if !is_filler(raw) {
            return None;
        }
        if out.len() > MAX_TOKENS {
            return None;
        }
    }
    Some(out)
}

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in(y: i32, m: u8) -> u8 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn make(y: u32, ydigits: usize, m: u32, d: Option<u32>) -> Option<Date> {
    if ydigits != 4 || !(1..=12).contains(&m) {
        return None;
    }
    let (year, month) = (y as i32, m as u8);
    let day = match d {
        Some(d) if d >= 1 && d <= u32::from(days_in(year, month)) => Some(d as u8),
        Some(_) => return None,
        None => None,
    };
    Some(Date {
        year,
        month: Some(month),
        day,
    })
}

/// Every reading of `text` as a date (two for an ambiguous `06/07/2001`); empty when none.
pub fn parse(text: &str) -> Vec<Date> {
    if text.len() > MAX_TEXT_BYTES {
        return Vec::new();
    }
    let s = simple(text);
    let Some(t) = tokens(&s) else { return Vec::new() };
    use Tok::{Month as M, Num as N};
    let mut out = Vec::new();
    let mut push = |d: Option<Date>| {
        if let Some(d) = d
            && !out.contains(&d)
        {
            out.push(d);
        }
    };
    match t.as_slice() {
        [N(y, 4), N(m, 1..=2), N(d, 1..=2)] => push(make(*y, 4, *m, Some(*d))),
        [N(a, 1..=2), N(b, 1..=2), N(y, yd)] => {
            push(make(*y, *yd, *b, Some(*a)));
            push(make(*y, *yd, *a, Some(*b)));
        }
        [N(d, 1..=2), M(m), N(y, yd)] | [M(m), N(d, 1..=2), N(y, yd)] => {
            push(make(*y, *yd, u32::from(*m), Some(*d)))
        }
        [N(y, 4), M(m), N(d, 1..=2)] => push(make(*y, 4, u32::from(*m), Some(*d))),
        [M(m), N(y, yd)] | [N(y, yd), M(m)] => push(make(*y, *yd, u32::from(*m), None)),
        [N(y, 4), N(m, 1..=2)] if s.contains('-') => push(make(*y, 4, *m, None)),
        _ => {}
    }
    out
}

/// Most days a range may span: a meeting or a visit, not a season.
const MAX_DAYS: usize = 62;

/// One token of a date range or day list.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RangeTok {
    Num(u32, usize),
    Month(u8),
    /// `to`, `-`, `through`, `until`: the days between belong to it too.
    To,
}

fn range_tokens(s: &str) -> Option<Vec<RangeTok>> {
    let spaced = s.replace('-', " - ");
    let mut out = Vec::new();
    for raw in spaced.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.')) {
        if raw.is_empty() {
            continue;
        }
        let digits = raw.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            let suffix = raw.get(digits..)?;
            if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits > 4 {
                return None;
            }
            out.push(RangeTok::Num(raw.get(..digits)?.parse().ok()?, digits));
        } else if let Some(m) = month(raw) {
            out.push(RangeTok::Month(m));
        } else if matches!(raw, "-" | "to" | "through" | "thru" | "until" | "till") {
            out.push(RangeTok::To);
        } else if !(is_filler(raw) || matches!(raw, "and" | "&" | "from" | "between")) {
            return None;
        }
        if out.len() > 4 * MAX_TOKENS {
            return None;
        }
    }
    Some(out)
}

/// The day after `d` (a full date).
fn next_day(d: Date) -> Option<Date> {
    let (month, day) = (d.month?, d.day?);
    Some(if day < days_in(d.year, month) {
        Date {
            day: Some(day + 1),
            ..d
        }
    } else if month < 12 {
        Date {
            month: Some(month + 1),
            day: Some(1),
            ..d
        }
    } else {
        Date {
            year: d.year + 1,
            month: Some(1),
            day: Some(1),
        }
    })
}

/// Every day of a range or list of days, sorted: `9-10 June 2018`, `June 9 and 10, 2018`,
/// `June 9 to June 10, 2018`, `30 June – 1 July 2018`, `June 9, 10 and 11, 2018`. A month or year
/// written once applies to every day near it. Empty when `text` is not several days.
pub fn parse_days(text: &str) -> Vec<Date> {
    if text.len() > MAX_TEXT_BYTES {
        return Vec::new();
    }
    let s = simple(text);
    let Some(toks) = range_tokens(&s) else {
        return Vec::new();
    };
    let month_first = matches!(toks.first(), Some(RangeTok::Month(_)));
    // (day, month, year, joined to the day before by `to`)
    let mut days: Vec<(u32, Option<u8>, Option<u32>, bool)> = Vec::new();
    let mut month_now = None;
    let mut to = false;
    for t in toks {
        match t {
            RangeTok::Month(m) if month_first => month_now = Some(m),
            RangeTok::Month(m) => {
                for d in days.iter_mut().rev().take_while(|d| d.1.is_none()) {
                    d.1 = Some(m);
                }
            }
            RangeTok::Num(y, 4) => {
                for d in days.iter_mut().rev().take_while(|d| d.2.is_none()) {
                    d.2 = Some(y);
                }
            }
            RangeTok::Num(d, 1..=2) => {
                days.push((d, if month_first { month_now } else { None }, None, to));
                to = false;
            }
            RangeTok::Num(..) => return Vec::new(),
            RangeTok::To => to = true,
        }
    }
    if days.len() < 2 || days.len() > MAX_DAYS {
        return Vec::new();
    }
    let mut dates = Vec::new();
    for (d, m, y, _) in &days {
        match (m, y) {
            (Some(m), Some(y)) => match make(*y, 4, u32::from(*m), Some(*d)) {
                Some(date) => dates.push(date),
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        }
    }
    let ranged = days.iter().any(|d| d.3);
    if ranged {
        // A range is two days joined by `to`: every day from the first to the last.
        let [first, last] = dates.as_slice() else {
            return Vec::new();
        };
        if !days.get(1).is_some_and(|d| d.3)
            || (first.year, first.month, first.day) >= (last.year, last.month, last.day)
        {
            return Vec::new();
        }
        let mut out = vec![*first];
        let mut cur = *first;
        while cur != *last {
            match next_day(cur) {
                Some(n) if out.len() < MAX_DAYS => {
                    out.push(n);
                    cur = n;
                }
                _ => return Vec::new(),
            }
        }
        return out;
    }
    dates.sort_by_key(|d| (d.year, d.month, d.day));
    dates.dedup();
    if dates.len() < 2 { Vec::new() } else { dates }
}

/// The one reading of an expected answer as a date, when it is unambiguously one.
pub fn parse_expected(text: &str) -> Option<Date> {
    match parse(text).as_slice() {
        [d] => Some(*d),
        _ => None,
    }
}

/// How a given date compares with the expected one.
#[derive(Debug, Clone, PartialEq)]
pub enum Compared {
    /// The same date.
    Same,
    /// Right as far as it goes; the fraction of parts given and what is missing.
    Incomplete(f64, &'static str),
    /// A part differs.
    Different,
}

/// Compares a given date with the expected one.
pub fn compare(given: &Date, expected: &Date) -> Compared {
    if given.year != expected.year
        || given.month.is_some() && given.month != expected.month
        || given.day.is_some() && given.day != expected.day
    {
        return Compared::Different;
    }
    match (expected.day, given.day) {
        (Some(_), None) => Compared::Incomplete(2.0 / 3.0, "the day is missing"),
        _ => Compared::Same,
    }
}

/// A date for a reason: `15 June 2001`, `June 2001`.
pub fn show(d: &Date) -> String {
    let m = d
        .month
        .and_then(|m| MONTHS.get(usize::from(m).wrapping_sub(1)))
        .copied()
        .unwrap_or("");
    let mut name = m.to_string();
    if let Some(c) = name.get_mut(..1) {
        c.make_ascii_uppercase();
    }
    match d.day {
        Some(day) => format!("{day} {name} {}", d.year),
        None => format!("{name} {}", d.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JUNE_15: Date = Date {
        year: 2001,
        month: Some(6),
        day: Some(15),
    };

    #[test]
    fn common_forms_are_one_date() {
        for s in [
            "15 June 2001",
            "June 15, 2001",
            "2001-06-15",
            "15 june 2001",
            "15th June 2001",
            "the 15th of June, 2001",
            "15 Jun 2001",
            "Jun. 15 2001",
            "15/06/2001",
            "06/15/2001",
            "15.06.2001",
            "2001/6/15",
            "Friday, 15 June 2001",
            "2001 June 15",
        ] {
            assert_eq!(parse(s), vec![JUNE_15], "{s}");
        }
    }

    #[test]
    fn sept_and_other_abbreviations() {
        let d = parse_expected("Sept 11, 2001").unwrap();
        assert_eq!((d.month, d.day), (Some(9), Some(11)));
        assert_eq!(parse_expected("11 Sep 2001"), Some(d));
        assert_eq!(parse_expected("11 September 2001"), Some(d));
        assert_eq!(parse_expected("3 Dec. 2021").unwrap().month, Some(12));
    }

    #[test]
    fn month_and_year() {
        assert_eq!(
            parse_expected("June 2001"),
            Some(Date {
                year: 2001,
                month: Some(6),
                day: None
            })
        );
        assert_eq!(
            parse_expected("2001-06"),
            Some(Date {
                year: 2001,
                month: Some(6),
                day: None
            })
        );
    }

    #[test]
    fn ambiguous_numeric_dates_have_two_readings() {
        assert_eq!(parse("06/07/2001").len(), 2);
        assert_eq!(parse_expected("06/07/2001"), None);
    }

    #[test]
    fn ranges_and_day_lists_are_their_days() {
        let june = |d| Date {
            year: 2018,
            month: Some(6),
            day: Some(d),
        };
        for s in [
            "June 9 and 10, 2018",
            "June 9 to June 10, 2018",
            "9-10 June 2018",
            "June 9-10, 2018",
            "9 and 10 June 2018",
            "from 9 to 10 June 2018",
            "9 June 2018 - 10 June 2018",
            "June 9–10, 2018",
        ] {
            assert_eq!(parse_days(s), vec![june(9), june(10)], "{s}");
        }
        assert_eq!(parse_days("June 9-11, 2018"), vec![june(9), june(10), june(11)]);
        assert_eq!(
            parse_days("June 9, 10 and 11, 2018"),
            vec![june(9), june(10), june(11)]
        );
        let across = parse_days("30 June to 1 July 2018");
        assert_eq!(across.len(), 2);
        assert_eq!(across[1].month, Some(7));
        for s in [
            "June 9, 2018",
            "2018-06-09",
            "June 10-9, 2018",
            "9-10 June",
            "Shanghai",
            "9-10 Juno 2018",
        ] {
            assert!(parse_days(s).is_empty(), "{s}");
        }
        assert_ne!(
            parse_days("June 9 and 10, 2019"),
            parse_days("June 9 and 10, 2018")
        );
    }

    #[test]
    fn not_dates() {
        for s in [
            "",
            "2001",
            "Shanghai",
            "June",
            "31 June 2001",
            "29 February 2001",
            "15 June 01",
            "15 Juno 2001",
            "1 2 3 4",
        ] {
            assert!(parse(s).is_empty(), "{s}");
        }
        assert_eq!(parse("29 February 2000").len(), 1, "a leap year");
    }

    #[test]
    fn wrong_parts_are_different_and_missing_day_is_incomplete() {
        let given = |s: &str| parse_expected(s).unwrap();
        assert_eq!(compare(&given("16 June 2001"), &JUNE_15), Compared::Different);
        assert_eq!(compare(&given("15 July 2001"), &JUNE_15), Compared::Different);
        assert_eq!(compare(&given("15 June 2002"), &JUNE_15), Compared::Different);
        assert!(matches!(
            compare(&given("June 2001"), &JUNE_15),
            Compared::Incomplete(..)
        ));
        assert_eq!(compare(&given("June 15 2001"), &JUNE_15), Compared::Same);
        assert_eq!(show(&JUNE_15), "15 June 2001");
    }
}
