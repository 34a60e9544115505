//! Normalisation of typed and expected text: the comparison keys the judge compares, and the
//! bounded, escaped snippets of text its reasons quote.
//!
//! Two levels: [`simple`] (NFKC, lower case, whitespace collapsed, punctuation kept) feeds the
//! number, date and list parsers; [`key`] (diacritics, punctuation, spaces and a leading article
//! dropped) is what two texts must share to be the same answer.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::sanitize::escape;

/// Typed answers are cut to this many bytes before any parsing, so hostile input costs little.
pub const MAX_INPUT_BYTES: usize = 16 * 1024;

/// Longest text quoted in a reason, in characters.
const MAX_QUOTE_CHARS: usize = 60;

/// Words dropped from the front of an answer of several words.
const ARTICLES: [&str; 3] = ["the", "a", "an"];

/// `s` cut to at most `max` bytes on a character boundary.
pub fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// NFKC, lower case, dashes and minus signs as `-`, controls as spaces, whitespace collapsed
/// (to a new line when the run held one, since lists may be typed one item a line).
pub fn simple(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending: Option<char> = None;
    for c in s.nfkc() {
        let c = match c {
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => '-',
            c => c,
        };
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            if !out.is_empty() {
                let newline = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') || pending == Some('\n');
                pending = Some(if newline { '\n' } else { ' ' });
            }
            continue;
        }
        if let Some(p) = pending.take() {
            out.push(p);
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Zero-width and direction marks: they carry no meaning in an answer.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Letters that do not decompose into a base letter and a mark.
fn fold_letter(c: char, out: &mut String) {
    match c {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'þ' => out.push_str("th"),
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' | 'ð' => out.push('d'),
        'ı' => out.push('i'),
        'ς' => out.push('σ'),
        c => out.push(c),
    }
}

/// The words of `s`: compatibility-decomposed, marks removed, lower case, apostrophes dropped,
/// `&` read as `and`, any other non-alphanumeric character a word break.
pub fn words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, words: &mut Vec<String>| {
        if !cur.is_empty() {
            words.push(std::mem::take(cur));
        }
    };
    for c in s.nfkd() {
        if is_combining_mark(c) || matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{2bc}') {
            continue;
        }
        if c == '&' {
            flush(&mut cur, &mut words);
            words.push("and".to_string());
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                fold_letter(l, &mut cur);
            }
        } else {
            flush(&mut cur, &mut words);
        }
    }
    flush(&mut cur, &mut words);
    words
}

/// The comparison key of `s`: its [`words`] without a leading article, joined without spaces,
/// so `The Shangri-La` and `shangri la` share the key `shangrila`.
pub fn key(s: &str) -> String {
    let w = words(s);
    let skip = usize::from(w.len() > 1 && w.first().is_some_and(|f| ARTICLES.contains(&f.as_str())));
    w.iter().skip(skip).map(String::as_str).collect()
}

/// `s` made safe and short for a reason: controls escaped, cut after [`MAX_QUOTE_CHARS`].
pub fn quote(s: &str) -> String {
    let s = s.trim();
    let mut cut: String = s.chars().take(MAX_QUOTE_CHARS).collect();
    if s.chars().nth(MAX_QUOTE_CHARS).is_some() {
        cut.push('…');
    }
    escape(&cut).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_space_and_punctuation_are_ignored() {
        assert_eq!(key("  Shangri-La   HOTEL "), key("shangri la hotel"));
        assert_eq!(key("Shangri-La"), key("ShangriLa"));
        assert_eq!(key("U.S.A."), key("USA"));
        assert_eq!(key("Xi'an"), key("Xian"));
    }

    #[test]
    fn diacritics_are_optional() {
        assert_eq!(key("Türkiye"), key("Turkiye"));
        assert_eq!(key("Straße"), key("strasse"));
        assert_eq!(key("Ørsted"), key("orsted"));
        assert_ne!(key("Türkiye"), key("Tarkiye"));
    }

    #[test]
    fn nfkc_folds_compatibility_forms() {
        assert_eq!(key("ＳＣＯ"), key("sco"));
        assert_eq!(key("ﬁnance"), key("finance"));
        assert_eq!(simple("１０\u{a0}５００"), "10 500");
    }

    #[test]
    fn leading_article_is_dropped_but_not_a_lone_word() {
        assert_eq!(key("the Secretariat"), key("Secretariat"));
        assert_eq!(key("An Organisation"), key("organisation"));
        assert_eq!(key("a"), "a");
        assert_ne!(key("theSecretariat x"), key("Secretariat x"));
    }

    #[test]
    fn ampersand_reads_as_and() {
        assert_eq!(key("Trade & Economy"), key("trade and economy"));
    }

    #[test]
    fn controls_vanish_from_simple_and_quotes_are_escaped() {
        assert_eq!(simple("a\x1b\u{202e}b\t c"), "a b c");
        assert_eq!(simple(" a \r\n b\n"), "a\nb");
        assert_eq!(quote("x\x1b[31m"), "x\\e[31m");
        assert!(quote(&"y".repeat(500)).ends_with('…'));
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("äöü", 3), "ä");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
