//! Anki's plain-text notes: the `#separator:` names, HTML fields turned into text, and Anki's
//! cloze syntax (`{{c1::answer::hint}}`) turned into deckard's (`{{answer::hint}}`).
//!
//! The records themselves are read by [`super::csv`] with the Anki dialect.

/// The separator character an Anki `#separator:` header names.
pub fn separator(name: &str) -> Option<char> {
    Some(match name.trim().to_lowercase().as_str() {
        "tab" | "\\t" => '\t',
        "comma" | "," => ',',
        "semicolon" | ";" => ';',
        "space" | " " => ' ',
        "pipe" | "|" => '|',
        "colon" | ":" => ':',
        other => {
            let mut c = other.chars();
            match (c.next(), c.next()) {
                (Some(ch), None) => ch,
                _ => return None,
            }
        }
    })
}

/// Plain text from an HTML field: line breaks and block ends become newlines, other tags and
/// `[sound:…]` references are dropped, character references are decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&', '[']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                out.push_str(rest);
                rest = "";
                break;
            };
            let tag = rest[1..end].trim().to_ascii_lowercase();
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if matches!(name.as_str(), "br" | "p" | "div" | "li" | "tr")
                && (name == "br" || tag.starts_with('/'))
            {
                out.push('\n');
            }
            rest = &rest[end + 1..];
        } else if rest.starts_with("[sound:") {
            match rest.find(']') {
                Some(end) => rest = &rest[end + 1..],
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else if rest.starts_with('&') {
            let (text, used) = entity(rest);
            out.push_str(&text);
            rest = &rest[used..];
        } else {
            out.push('[');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    // Tidy: no trailing spaces on lines, at most one blank line, no blank ends.
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    let mut tidy: Vec<&str> = Vec::new();
    for l in lines {
        if l.trim().is_empty() && tidy.last().is_none_or(|p| p.trim().is_empty()) {
            continue;
        }
        tidy.push(l);
    }
    tidy.join("\n").trim().replace('\u{a0}', " ")
}

/// Decodes one character reference at the start of `s`: (text, bytes used). Named references
/// are looked up by `html-escape` (the whole HTML5 list); a lone `&` stays as it is.
fn entity(s: &str) -> (String, usize) {
    let Some(end) = s.bytes().take(40).position(|b| b == b';') else {
        return ("&".into(), 1);
    };
    let reference = &s[..=end];
    if reference == "&nbsp;" {
        // A no-break space is a space in card text.
        return (" ".into(), end + 1);
    }
    match html_escape::decode_html_entities(reference) {
        std::borrow::Cow::Owned(text) if text != reference => (text, end + 1),
        _ => ("&".into(), 1),
    }
}

/// True when a field holds Anki cloze deletions (`{{c1::…}}`).
pub fn is_anki_cloze(s: &str) -> bool {
    s.match_indices("{{c").any(|(i, _)| {
        let rest = &s[i + 3..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with("::")
    })
}

/// Rewrites Anki cloze deletions `{{c1::answer::hint}}` as deckard gaps `{{answer::hint}}`.
pub fn cloze_from_anki(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("{{c") {
        out.push_str(&rest[..i + 2]);
        let after = &rest[i + 3..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with("::") {
            rest = &after[digits + 2..];
        } else {
            rest = &rest[i + 2..];
        }
    }
    out.push_str(rest);
    out
}

/// Rewrites deckard gaps as Anki cloze deletions, numbering them `c1`, `c2`…
pub fn cloze_to_anki(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    let mut n = 0;
    while let Some(i) = rest.find("{{") {
        n += 1;
        out.push_str(&rest[..i]);
        out.push_str(&format!("{{{{c{n}::"));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        assert_eq!(html_to_text("a<br>b &amp; <b>c</b>&nbsp;d"), "a\nb & c d");
        assert_eq!(html_to_text("<div>one</div><div>two</div>"), "one\ntwo");
        assert_eq!(
            html_to_text("x [sound:a.mp3] &#20013;&#x6587; [1]"),
            "x  中文 [1]"
        );
        assert_eq!(html_to_text("<img src=\"a.png\">"), "");
        assert_eq!(html_to_text("a < b & c"), "a < b & c");
    }

    #[test]
    fn cloze_syntax_converts_both_ways() {
        assert!(is_anki_cloze("The {{c1::SCO::org}} was founded"));
        assert!(!is_anki_cloze("{{SCO}}"));
        assert_eq!(
            cloze_from_anki("{{c1::Shanghai}} in {{c2::2001::year}}"),
            "{{Shanghai}} in {{2001::year}}"
        );
        assert_eq!(
            cloze_to_anki("{{Shanghai}} in {{2001::year}}"),
            "{{c1::Shanghai}} in {{c2::2001::year}}"
        );
    }
}
