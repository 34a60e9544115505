//! Spotting facts in a sentence: dates, years, quantities, ordinals, people after their role,
//! places after `in`/`at`, acronyms with their expansion, and dates and counts in Chinese text.

use super::text::{Tok, tokens};

/// What kind of fact a gap hides; it becomes the gap's hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    /// A full or partial date.
    Date,
    /// A year on its own.
    Year,
    /// A count, amount or percentage.
    Number,
    /// An ordinal such as `21st`.
    Ordinal,
    /// A person's name.
    Person,
    /// A place name.
    Place,
}

impl FactKind {
    /// The hint shown in the blank.
    pub fn hint(self) -> &'static str {
        match self {
            FactKind::Date => "date",
            FactKind::Year => "year",
            FactKind::Number => "number",
            FactKind::Ordinal => "which",
            FactKind::Person => "who",
            FactKind::Place => "where",
        }
    }
}

/// One fact: a byte span of the sentence, its kind, other ways to write it, and how good a
/// gap it makes (lower is better).
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Byte offset of the fact in the sentence.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Its kind.
    pub kind: FactKind,
    /// Other spellings a learner may type.
    pub accept: Vec<String>,
    /// 0 is the best gap.
    pub rank: u8,
}

const MONTHS: &[&str] = &[
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
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
];
const ROLES: &[&str] = &[
    "President",
    "Premier",
    "Secretary-General",
    "Minister",
    "Chairman",
    "Chairwoman",
    "Director",
    "Ambassador",
    "Chancellor",
    "King",
    "Queen",
    "Governor",
    "Mayor",
    "Professor",
    "Prof.",
    "Dr.",
];
const SPELLED: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
    "twenty", "thirty", "fifty", "hundred",
];
const MULTIPLIERS: &[&str] = &[
    "billion", "million", "trillion", "thousand", "percent", "per cent",
];

fn is_month(t: &Tok<'_>) -> bool {
    let l = t.text.to_lowercase();
    // "May" is a month only when capitalized.
    MONTHS.contains(&l.as_str()) && t.is_capitalized()
}

fn is_year(t: &str) -> bool {
    t.len() == 4
        && t.chars().all(|c| c.is_ascii_digit())
        && (1000..=2100).contains(&t.parse::<u32>().unwrap_or(0))
}

fn is_day(t: &str) -> bool {
    let t = t.trim_end_matches(['s', 't', 'n', 'd', 'h', 'r']);
    let first = t.split(['-', '–']).next().unwrap_or("");
    !first.is_empty()
        && first.len() <= 2
        && first.chars().all(|c| c.is_ascii_digit())
        && (1..=31).contains(&first.parse::<u32>().unwrap_or(0))
        && t.split(['-', '–'])
            .all(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty())
}

fn ordinal(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&t[digits..], "st" | "nd" | "rd" | "th")
}

/// Facts in an English sentence, best gaps first.
pub fn facts(s: &str) -> Vec<Fact> {
    let toks = tokens(s);
    let mut used = vec![false; toks.len()];
    let mut out = Vec::new();
    let gap_ok = |a: &Tok<'_>, b: &Tok<'_>| s[a.end..b.start].chars().all(|c| c.is_whitespace() || c == ',');
    // Dates.
    let mut i = 0;
    while i < toks.len() {
        let t = |k: usize| toks.get(k);
        let span = if is_month(&toks[i]) {
            match (t(i + 1), t(i + 2)) {
                (Some(d), Some(y)) if is_day(d.text) && is_year(y.text) && gap_ok(&toks[i], d) => {
                    Some((i, i + 2, 0))
                }
                (Some(y), _) if is_year(y.text) => Some((i, i + 1, 1)),
                (Some(d), _) if is_day(d.text) && gap_ok(&toks[i], d) => Some((i, i + 1, 3)),
                _ => None,
            }
        } else if is_day(toks[i].text)
            && t(i + 1).is_some_and(is_month)
            && t(i + 2).is_some_and(|y| is_year(y.text))
        {
            Some((i, i + 2, 0))
        } else if toks[i].text.len() == 10
            && toks[i].text.as_bytes().get(4) == Some(&b'-')
            && is_year(&toks[i].text[..4])
        {
            Some((i, i, 0))
        } else {
            None
        };
        if let Some((a, b, rank)) = span {
            used[a..=b].iter_mut().for_each(|u| *u = true);
            out.push(Fact {
                start: toks[a].start,
                end: toks[b].end,
                kind: FactKind::Date,
                accept: Vec::new(),
                rank,
            });
            i = b + 1;
        } else {
            i += 1;
        }
    }
    for (i, t) in toks.iter().enumerate() {
        if used[i] {
            continue;
        }
        let prev = i
            .checked_sub(1)
            .map(|p| toks[p].text.to_lowercase())
            .unwrap_or_default();
        let next = toks.get(i + 1);
        if is_year(t.text) {
            if matches!(
                prev.as_str(),
                "in" | "since" | "by" | "from" | "until" | "of" | "before" | "after"
            ) {
                used[i] = true;
                out.push(Fact {
                    start: t.start,
                    end: t.end,
                    kind: FactKind::Year,
                    accept: Vec::new(),
                    rank: 3,
                });
            }
            continue;
        }
        if matches!(
            prev.as_str(),
            "item" | "no." | "no" | "number" | "resolution" | "article" | "covid"
        ) {
            continue;
        }
        let money = t
            .text
            .trim_start_matches("US$")
            .trim_start_matches('$')
            .trim_start_matches('¥');
        let pct = money.strip_suffix('%').unwrap_or(money);
        let numeric = Tok {
            text: pct,
            start: t.start,
            end: t.end,
        };
        if numeric.is_number() && pct.chars().filter(|c| c.is_ascii_digit()).count() <= 12 {
            let mut end = i;
            // "10 500 square meters": a thousands group written with a space.
            if let Some(n) = next
                && n.text.len() == 3
                && n.text.chars().all(|c| c.is_ascii_digit())
                && s[t.end..n.start] == *" "
            {
                end = i + 1;
            }
            if let Some(m) = toks.get(end + 1)
                && MULTIPLIERS.contains(&m.text.to_lowercase().as_str())
            {
                end += 1;
            }
            let after = toks.get(end + 1);
            let counted =
                after.is_some_and(|a| a.text.chars().all(char::is_alphabetic) && !a.text.is_empty());
            if pct.len() < t.text.len() || end > i || counted {
                used[i..=end].iter_mut().for_each(|u| *u = true);
                let digits: String = s[t.start..toks[end].end]
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                // "14,800" and "10 500" may be typed as plain digits.
                let plain = pct == t.text && end == i && digits != t.text;
                let grouped = end > i && !MULTIPLIERS.iter().any(|m| toks[end].text.eq_ignore_ascii_case(m));
                let accept = if plain || grouped {
                    vec![digits]
                } else {
                    Vec::new()
                };
                out.push(Fact {
                    start: t.start,
                    end: toks[end].end,
                    kind: FactKind::Number,
                    accept,
                    rank: 1,
                });
            }
            continue;
        }
        if ordinal(t.text) && next.is_some() {
            used[i] = true;
            out.push(Fact {
                start: t.start,
                end: t.end,
                kind: FactKind::Ordinal,
                accept: Vec::new(),
                rank: 4,
            });
            continue;
        }
        let lower = t.text.to_lowercase();
        if let Some(n) = SPELLED.iter().position(|w| *w == lower)
            && next.is_some_and(|a| a.text.chars().all(|c| c.is_lowercase()))
        {
            used[i] = true;
            let digit = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20, 30, 50, 100][n].to_string();
            out.push(Fact {
                start: t.start,
                end: t.end,
                kind: FactKind::Number,
                accept: vec![digit],
                rank: 2,
            });
        }
    }
    people_and_places(s, &toks, &mut used, &mut out);
    out.sort_by_key(|f| (f.rank, f.start));
    out
}

/// A run of capitalized words starting at `i` (at most `max`), not crossing punctuation.
fn name_run(s: &str, toks: &[Tok<'_>], i: usize, max: usize) -> usize {
    let mut n = 0;
    while n < max
        && let Some(t) = toks.get(i + n)
    {
        let ok = t.is_capitalized()
            && t.text
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
            && !is_month(t)
            && !ROLES.contains(&t.text);
        if !ok || (n > 0 && !s[toks[i + n - 1].end..t.start].chars().all(char::is_whitespace)) {
            break;
        }
        n += 1;
    }
    n
}

fn people_and_places(s: &str, toks: &[Tok<'_>], used: &mut [bool], out: &mut Vec<Fact>) {
    for i in 0..toks.len() {
        if used[i] {
            continue;
        }
        let t = &toks[i];
        let role =
            ROLES.contains(&t.text) || (t.text == "General" && i > 0 && toks[i - 1].text == "Secretary");
        if role {
            let n = name_run(s, toks, i + 1, 3);
            let direct = toks
                .get(i + 1)
                .is_some_and(|nx| s[t.end..nx.start].chars().all(char::is_whitespace));
            if n >= 2 && direct && !used[i + 1..=i + n].iter().any(|u| *u) {
                used[i + 1..=i + n].iter_mut().for_each(|u| *u = true);
                out.push(Fact {
                    start: toks[i + 1].start,
                    end: toks[i + n].end,
                    kind: FactKind::Person,
                    accept: Vec::new(),
                    rank: 2,
                });
            }
            continue;
        }
        // "Deng Hao, Secretary-General of …"
        if i > 0 && !toks[i - 1].is_capitalized() && !used[i] {
            let n = name_run(s, toks, i, 3);
            if n >= 2
                && let Some(r) = toks.get(i + n)
                && ROLES.contains(&r.text)
                && s[toks[i + n - 1].end..r.start].trim() == ","
            {
                used[i..i + n].iter_mut().for_each(|u| *u = true);
                out.push(Fact {
                    start: t.start,
                    end: toks[i + n - 1].end,
                    kind: FactKind::Person,
                    accept: Vec::new(),
                    rank: 2,
                });
                continue;
            }
        }
        // "Measures in Asia" is part of a name, not a place.
        let in_name = i > 1 && toks[i - 1].is_capitalized();
        if matches!(t.text, "in" | "at")
            && !in_name
            && toks.get(i + 1).is_some_and(|n| !used[i + 1] && n.text != "The")
        {
            let n = name_run(s, toks, i + 1, 3);
            let adjective = n >= 1
                && ["ian", "ean", "ese", "ish", "ic"]
                    .iter()
                    .any(|x| toks[i + n].text.ends_with(x))
                && toks
                    .get(i + n + 1)
                    .is_some_and(|w| w.text.chars().all(char::is_lowercase));
            if adjective {
                continue;
            }
            // A longer capitalized run is usually an organization, not a place.
            if n >= 1 && name_run(s, toks, i + 1, 4) == n && !used[i + 1..=i + n].iter().any(|u| *u) {
                let (a, b) = (&toks[i + 1], &toks[i + n]);
                if s[t.end..a.start].chars().all(char::is_whitespace) {
                    used[i + 1..=i + n].iter_mut().for_each(|u| *u = true);
                    out.push(Fact {
                        start: a.start,
                        end: b.end,
                        kind: FactKind::Place,
                        accept: Vec::new(),
                        rank: 3,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
