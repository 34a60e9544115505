//! Plain-text plumbing for drafting: tidying a line, splitting it into sentences, and cutting a
//! sentence into word tokens that remember where they are.

/// One word of a sentence with its byte span (surrounding punctuation excluded).
#[derive(Debug, Clone, PartialEq)]
pub struct Tok<'a> {
    /// The word without surrounding punctuation.
    pub text: &'a str,
    /// Byte offset of the word in the sentence.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

impl Tok<'_> {
    /// Starts with an uppercase letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Made of digits (with `,` `.` inside, as in `14,800` or `97.2`).
    pub fn is_number(&self) -> bool {
        let t = self.text;
        t.chars().next().is_some_and(|c| c.is_ascii_digit())
            && t.chars().last().is_some_and(|c| c.is_ascii_digit())
            && t.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    }
}

const TRIM: &[char] = &[
    ',', ';', ':', '.', '!', '?', '(', ')', '[', ']', '"', '\'', '“', '”', '‘', '’', '«', '»', '—', '–',
];

/// The words of a sentence.
pub fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(st)) => {
                push_word(s, st, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn push_word<'a>(s: &'a str, st: usize, end: usize, out: &mut Vec<Tok<'a>>) {
    let word = &s[st..end];
    let lead = word.len() - word.trim_start_matches(TRIM).len();
    let core = word.trim_matches(TRIM);
    // A trailing `.` stays on initials and abbreviations (`R.`, `St.`), not on sentence ends.
    let keep_dot = word[lead..]
        .strip_prefix(core)
        .is_some_and(|rest| rest.starts_with('.'))
        && (core.chars().count() == 1 && core.chars().all(char::is_uppercase)
            || ABBREVIATIONS.contains(&core));
    if core.is_empty() {
        return;
    }
    let start = st + lead;
    let end = start + core.len() + usize::from(keep_dot);
    out.push(Tok {
        text: &s[start..end],
        start,
        end,
    });
}

/// Words whose trailing dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "St", "Mr", "Mrs", "Ms", "Dr", "No", "Nos", "Prof", "Gen", "Jr", "Sr", "vs", "e.g", "i.e", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "U.S", "U.N", "approx",
];

/// Tidies a line: collapses spaces, puts a space after a comma glued to a year (`17,2021`),
/// removes spaces before commas and full stops.
pub fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.trim().chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let c = if c == '\u{a0}' { ' ' } else { c };
        if c.is_whitespace() {
            let next = chars.get(i + 1).copied();
            if out.ends_with(' ') || matches!(next, Some(',' | '.' | ';')) {
                continue;
            }
            out.push(' ');
            continue;
        }
        out.push(c);
        // `2022,the` → `2022, the`
        if c == ',' && chars.get(i + 1).is_some_and(char::is_ascii_alphabetic) {
            out.push(' ');
        }
        // `September 17,2021` → `September 17, 2021`
        if c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars
                .get(i + 1..i + 5)
                .is_some_and(|y| y.iter().all(char::is_ascii_digit))
            && chars.get(i + 5).is_none_or(|c| !c.is_ascii_digit())
        {
            out.push(' ');
        }
    }
    out
}

/// Splits a paragraph into sentences (English `.`/`!`/`?` before a capital, and `。！？`).
pub fn sentences(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        if i < start {
            continue;
        }
        let end = i + c.len_utf8();
        let boundary = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => {
                let next_nonspace = chars[n + 1..]
                    .iter()
                    .find(|(_, c)| !c.is_whitespace())
                    .map(|(_, c)| *c);
                let spaced = chars
                    .get(n + 1)
                    .is_none_or(|(_, c)| c.is_whitespace() || matches!(c, '"' | '”' | '’'));
                let word = p[start..i]
                    .rsplit(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or("");
                let abbrev = c == '.'
                    && (word.chars().count() == 1 && word.chars().all(char::is_uppercase)
                        || ABBREVIATIONS.contains(&word.trim_start_matches(TRIM)));
                spaced
                    && !abbrev
                    && next_nonspace.is_none_or(|c| {
                        c.is_uppercase()
                            || c.is_ascii_digit()
                            || is_cjk(c)
                            || matches!(c, '"' | '“' | '(' | '‘')
                    })
            }
            _ => false,
        };
        if boundary {
            // A closing quote after the full stop belongs to this sentence.
            let mut end = end;
            if let Some(&(qi, q)) = chars.get(n + 1)
                && matches!(q, '"' | '”' | '’')
                && chars.get(n + 2).is_none_or(|(_, c)| c.is_whitespace())
            {
                end = qi + q.len_utf8();
            }
            if end < start {
                continue;
            }
            let s = p[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let s = p[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// True for Chinese, Japanese or Korean characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// Number of words (a CJK character counts as half a word).
pub fn word_count(s: &str) -> usize {
    let cjk = s.chars().filter(|c| is_cjk(*c)).count();
    s.split_whitespace().filter(|w| !w.chars().all(is_cjk)).count() + cjk / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_respect_abbreviations() {
        let s = sentences(
            "It met in St. Petersburg in 2002. R. E. Mirzaev took office. Then 3 more came! 它成立了。好的",
        );
        assert_eq!(
            s,
            [
                "It met in St. Petersburg in 2002.",
                "R. E. Mirzaev took office.",
                "Then 3 more came!",
                "它成立了。",
                "好的"
            ]
        );
        assert_eq!(
            sentences("Founded in 97.2 acres. ok"),
            ["Founded in 97.2 acres. ok"]
        );
        assert_eq!(
            sentences("It is \"in the Assembly.\" The next."),
            ["It is \"in the Assembly.\"", "The next."]
        );
    }

    #[test]
    fn tokens_drop_punctuation_but_keep_spans() {
        let s = "On June 15, 2001 (PRC), St. Petersburg's “best”.";
        let t: Vec<&str> = tokens(s).iter().map(|t| t.text).collect();
        assert_eq!(
            t,
            ["On", "June", "15", "2001", "PRC", "St.", "Petersburg's", "best"]
        );
        assert!(tokens("14,800 people")[0].is_number());
        assert!(!tokens("COVID-19")[0].is_number());
    }

    #[test]
    fn lines_are_tidied() {
        assert_eq!(
            clean_line("  On September 17,2021,  China ,ok . "),
            "On September 17, 2021, China, ok."
        );
        assert_eq!(clean_line("1,000,000 people"), "1,000,000 people");
        assert_eq!(clean_line("In 2022,the year"), "In 2022, the year");
    }
}
