//! Enumerations in running text — "China, Russia, Kazakhstan and Uzbekistan", "mutual trust,
//! equality, and consultation" — found with their span, so the sentence can ask for them.

use super::text::{tokens, word_count};

/// A list of items written inline, and the byte span it covers in the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Enumeration {
    /// Byte offset of the first item.
    pub start: usize,
    /// Byte offset just past the last item.
    pub end: usize,
    /// The items, in order.
    pub items: Vec<String>,
}

/// Most words in one item; longer pieces are prose, not a list.
const MAX_ITEM_WORDS: usize = 5;
const MAX_ITEMS: usize = 15;
/// Words after which a list starts ("such as A, B and C").
const CUES: &[&str] = &[
    "namely",
    "such as",
    "including",
    "include",
    "includes",
    "comprising",
    "comprises",
    "based on",
    "as",
    "of",
    "in",
    "on",
    "for",
    "with",
    "are",
    "is",
    "were",
    "was",
    "by",
    "from",
    ":",
    "—",
    "–",
];
const CONNECT: &[&str] = &["of", "the", "for", "and", "de"];

/// The first inline list in a sentence, if any clause has one of 3 to 10 short items.
pub fn enumeration(s: &str) -> Option<Enumeration> {
    let mut offset = 0;
    for clause in s.split(';') {
        if let Some(mut e) = in_clause(clause) {
            e.start += offset;
            e.end += offset;
            return Some(e);
        }
        offset += clause.len() + 1;
    }
    None
}

/// Pieces of `c` between commas, as byte ranges without surrounding spaces.
fn segments(c: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, ch) in c.char_indices().chain(std::iter::once((c.len(), ','))) {
        if ch == ',' {
            let piece = &c[start..i];
            let lead = piece.len() - piece.trim_start().len();
            out.push((start + lead, start + piece.trim_end().len()));
            start = i + 1;
        }
    }
    out
}

fn in_clause(c: &str) -> Option<Enumeration> {
    let segs = segments(c);
    let j = segs.iter().rposition(|&(a, b)| {
        let t = &c[a..b];
        t.starts_with("and ") || t.starts_with("or ") || t.contains(" and ") || t.contains(" or ")
    });
    let Some(j) = j else { return introduced(c) };
    if j == 0 {
        return None;
    }
    let (a, b) = segs[j];
    let t = &c[a..b];
    // Split the "and" piece into the item before "and" (if any) and the last item.
    let (left, right_start) = if let Some(r) = t.strip_prefix("and ").or_else(|| t.strip_prefix("or ")) {
        (None, b - r.len())
    } else {
        let k = t
            .rfind(" and ")
            .map(|k| (k, 5))
            .or_else(|| t.rfind(" or ").map(|k| (k, 4)))?;
        (Some((a, a + k.0)), a + k.0 + k.1)
    };
    let mut pieces: Vec<(usize, usize)> = segs[..j].to_vec();
    pieces.extend(left);
    let capital = pieces[1..].iter().all(|&(x, y)| starts_upper(&c[x..y]));
    // Lowercase phrases joined by one comma and one "and" are usually prose ("with a shared
    // future, injecting impetus into regional and global development"): a list of them needs
    // at least one item standing alone between commas.

    let last = last_item(c, right_start, b, capital)?;
    let mut items: Vec<(usize, usize)> = vec![last];
    let mut middles = 0;
    for (n, &(x, y)) in pieces.iter().enumerate().rev() {
        let text = &c[x..y];
        let cue_only = CUES.contains(&text.trim().to_lowercase().as_str());
        if cue_only {
            break;
        }
        let short = word_count(text) <= MAX_ITEM_WORDS && !text.contains(['(', ')', '"', '“', '”']);
        if short && n > 0 && (!capital || starts_upper(text)) && !has_cue_word(text) {
            items.push((x, y));
            middles += usize::from(n < j);
            if items.len() > MAX_ITEMS {
                return None;
            }
            continue;
        }
        items.extend(head_item(c, x, y, capital));
        break;
    }
    if !capital && middles == 0 {
        return None;
    }
    items.reverse();
    let texts: Vec<String> = items.iter().map(|&(x, y)| tidy(&c[x..y])).collect();
    let distinct = texts.iter().enumerate().all(|(i, t)| !texts[..i].contains(t));
    let ok = (3..=MAX_ITEMS).contains(&texts.len())
        && distinct
        && texts.iter().all(|t| {
            !t.is_empty() && word_count(t) <= MAX_ITEM_WORDS + 1 && t.chars().any(char::is_alphabetic)
        });
    ok.then(|| Enumeration {
        start: items[0].0,
        end: items[items.len() - 1].1,
        items: texts,
    })
}

/// A list of names after a dash or colon, without "and": `10 Member States — A, B, C, D`.
fn introduced(c: &str) -> Option<Enumeration> {
    let (m, len) = [": ", " — ", " – ", " - "]
        .iter()
        .find_map(|mark| c.find(mark).map(|i| (i, mark.len())))?;
    let body = &c[m + len..];
    let items: Vec<(usize, usize)> = segments(body)
        .into_iter()
        .map(|(a, b)| (a + m + len, b + m + len))
        .collect();
    let texts: Vec<String> = items.iter().map(|&(x, y)| tidy(&c[x..y])).collect();
    let ok = (4..=MAX_ITEMS).contains(&texts.len())
        && items.iter().all(|&(x, y)| starts_upper(&c[x..y]))
        && texts
            .iter()
            .all(|t| !t.is_empty() && word_count(t) <= MAX_ITEM_WORDS + 1)
        && texts.iter().enumerate().all(|(i, t)| !texts[..i].contains(t));
    ok.then(|| Enumeration {
        start: items[0].0,
        end: items[items.len() - 1].1,
        items: texts,
    })
}

fn starts_upper(t: &str) -> bool {
    let t = t.trim_start_matches("the ").trim_start_matches(['"', '“']);
    t.chars().next().is_some_and(char::is_uppercase)
}

fn has_cue_word(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() > 1
        && words[..words.len() - 1].iter().any(|w| {
            matches!(
                *w,
                "is" | "are" | "was" | "were" | "namely" | "including" | "comprising"
            )
        })
}

/// The last item, after "and": a capitalized name, or a short phrase to the end of the piece.
fn last_item(c: &str, a: usize, b: usize, capital: bool) -> Option<(usize, usize)> {
    let t = &c[a..b];
    if capital {
        let toks = tokens(t);
        let mut end = None;
        for (i, tok) in toks.iter().enumerate() {
            let gap_ok = i == 0 || t[toks[i - 1].end..tok.start].chars().all(char::is_whitespace);
            let word_ok = tok.is_capitalized()
                || (i > 0 && CONNECT.contains(&tok.text))
                || (i == 0 && tok.text == "the");
            if !gap_ok || !word_ok {
                break;
            }
            if tok.is_capitalized() {
                end = Some(tok.end);
            }
        }
        return end.map(|e| (a, a + e));
    }
    let trimmed = t.trim_end_matches(['.', ':', '"', '”', ')']);
    (word_count(trimmed) <= MAX_ITEM_WORDS).then_some((a, a + trimmed.len()))
}

/// The first item, at the end of the piece that introduces the list.
fn head_item(c: &str, x: usize, y: usize, capital: bool) -> Option<(usize, usize)> {
    let t = &c[x..y];
    if capital {
        let toks = tokens(t);
        let mut start = None;
        for (i, tok) in toks.iter().enumerate().rev() {
            let gap_ok =
                i + 1 == toks.len() || t[tok.end..toks[i + 1].start].chars().all(char::is_whitespace);
            if !gap_ok || !(tok.is_capitalized() || CONNECT.contains(&tok.text)) {
                break;
            }
            if tok.is_capitalized() {
                start = Some(tok.start);
            }
        }
        let s = start?;
        return (s + x < y).then_some((x + s, y));
    }
    let lower = t.to_lowercase();
    let cut = CUES
        .iter()
        .filter_map(|cue| {
            let pat = if cue.chars().all(char::is_alphabetic) || cue.contains(' ') {
                format!(" {cue} ")
            } else {
                format!("{cue} ")
            };
            lower.rfind(&pat).map(|i| i + pat.len())
        })
        .max()?;
    let item = &t[cut..];
    (word_count(item) <= 3 && !item.trim().is_empty()).then_some((x + cut, y))
}

/// An item without a leading "the", a trailing "etc" or punctuation.
fn tidy(t: &str) -> String {
    let t = t.trim().trim_matches(['"', '“', '”', '.', ':', ';']).trim();
    let t = t.strip_suffix(" etc").unwrap_or(t);
    let t = t.strip_prefix("the ").unwrap_or(t);
    t.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(s: &str) -> Option<Vec<String>> {
        enumeration(s).map(|e| e.items)
    }

    #[test]
    fn names_and_phrases() {
        let s = "The SCO is an organization comprising China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan founded in Shanghai.";
        let e = enumeration(s).unwrap();
        assert_eq!(
            e.items,
            [
                "China",
                "Russia",
                "Kazakhstan",
                "Kyrgyzstan",
                "Tajikistan",
                "Uzbekistan"
            ]
        );
        assert_eq!(
            &s[e.start..e.end],
            "China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan"
        );
        assert_eq!(
            items("the \"Shanghai Spirit,\" which is based on mutual trust, mutual benefit, equality, consultation, respect for cultural diversity, and pursuit of common prosperity.").unwrap(),
            ["mutual trust", "mutual benefit", "equality", "consultation", "respect for cultural diversity", "pursuit of common prosperity"]
        );
        assert_eq!(
            items("Internally, the SCO adheres to the spirit, namely, mutual trust, equality, consultation and pursuit of common development; and externally, it is open.").unwrap(),
            ["mutual trust", "equality", "consultation", "pursuit of common development"]
        );
        assert_eq!(
            items("Six states have observer status with the SCO: Afghanistan, Belarus, India, Iran, Mongolia and Pakistan; and there are six partners.").unwrap(),
            ["Afghanistan", "Belarus", "India", "Iran", "Mongolia", "Pakistan"]
        );
    }

    #[test]
    fn lists_after_a_dash() {
        let e = enumeration("10 Member States — the Islamic Republic of Afghanistan, the Republic of India, the Kyrgyz Republic, the Russian Federation;").unwrap();
        assert_eq!(
            e.items,
            [
                "Islamic Republic of Afghanistan",
                "Republic of India",
                "Kyrgyz Republic",
                "Russian Federation"
            ]
        );
    }

    #[test]
    fn prose_is_not_a_list() {
        assert_eq!(items("It grew, and it changed the world, as we know."), None);
        assert_eq!(items("Xi met Putin and Modi."), None);
        assert_eq!(
            items("The goals, which took years to agree on and to write down, were met, and more."),
            None
        );
    }
}
