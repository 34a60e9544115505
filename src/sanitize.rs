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
            | '\u{00ad}' // soft hyphen: invisible unless a line breaks there
            | '\u{061c}' // Arabic letter mark (a bidi control)
            | '\u{180e}' // Mongolian vowel separator (zero-width)
            | '\u{2028}' | '\u{2029}' // line and paragraph separators: a line break to some terminals
            | '\u{e0000}'..='\u{e007f}' // tag characters: invisible, can smuggle text
        )
}

/// `text` (serialized JSON) with every character that must not reach a terminal written as a
/// JSON escape (`\u009b`, surrogate pairs above U+FFFF). Such characters can only occur inside
/// JSON strings, where the escape means the same character, so the document is unchanged for
/// a JSON reader: a learner's answer stays exact, and the terminal sees only ASCII escapes.
pub fn json_safe(text: String) -> String {
    // Whitespace between tokens is left alone; inside strings serde_json escaped it already.
    let unsafe_here = |c: char| is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t');
    if !text.chars().any(unsafe_here) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut units = [0u16; 2];
    for c in text.chars() {
        if unsafe_here(c) {
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
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

    /// On main these reached the terminal raw.
    #[test]
    fn invisible_and_direction_characters_are_escaped() {
        for c in [
            '\u{061c}',
            '\u{2028}',
            '\u{2029}',
            '\u{00ad}',
            '\u{e0000}',
            '\u{e0041}',
            '\u{e007f}',
        ] {
            let s = format!("a{c}b");
            assert_eq!(escape(&s), format!("a\\u{{{:x}}}b", c as u32));
        }
    }

    #[test]
    fn json_keeps_the_value_and_escapes_for_the_terminal() {
        let given = "x\u{9b}31m\u{7f}\u{202e}\u{e0041}\n\"é";
        let text = json_safe(serde_json::to_string(&serde_json::json!({ "given": given })).unwrap());
        assert_eq!(text, r#"{"given":"x\u009b31m\u007f\u202e\udb40\udc41\n\"é"}"#);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["given"], given);
    }
}
