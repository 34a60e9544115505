//! Makes untrusted text (deck content, typed answers) safe to print on a terminal.
//!
//! Control characters (C0, C1, DEL), escape sequences, bidirectional overrides and zero-width
//! characters could move the cursor, recolour the screen or hide text; they are shown escaped
//! instead (`\e`, `\u{202e}`), while tabs become spaces and ordinary Unicode passes through.

use std::borrow::Cow;

/// True when `c` must not reach a terminal as it is.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}' // zero-width and direction marks
            | '\u{202a}'..='\u{202e}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{feff}' // zero-width no-break space
            | '\u{fff9}'..='\u{fffb}' // interlinear annotations
        )
}

/// Escapes a single line of untrusted text: newlines are escaped too.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

/// Escapes untrusted text that may span several lines: newlines are kept.
pub fn escape_multiline(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

fn escape_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !(keep_newlines && c == '\n')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' => out.push(' '),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\x1b' => out.push_str("\\e"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("Türkiye 上海"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_are_neutralised() {
        assert_eq!(escape("\x1b[31mred\x1b[0m"), "\\e[31mred\\e[0m");
        assert_eq!(escape("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(escape("a\u{9b}b"), "a\\u{9b}b");
        assert_eq!(escape("a\nb"), "a\\nb");
        assert_eq!(escape_multiline("a\nb\x07"), "a\nb\\u{7}");
        assert_eq!(escape("a\tb\u{7f}"), "a b\\u{7f}");
    }
}
