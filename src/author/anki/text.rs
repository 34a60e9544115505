//! Anki field HTML as deckard card text: media references named in brackets (`[image: a.png]`,
//! `[audio: b.mp3]`) so nothing is lost where a terminal cannot show it, then tags dropped,
//! line breaks kept and character references decoded (see [`import::anki::html_to_text`]).
//!
//! [`import::anki::html_to_text`]: crate::author::import::anki::html_to_text

use crate::author::import::anki::html_to_text;

/// Plain text of one field.
pub fn field_text(html: &str) -> String {
    html_to_text(&name_media(html))
}

/// The media files card text names (`[image: x]`, `[audio: x]`), in order.
pub fn marked_media(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in ["[image: ", "[audio: "] {
        for (i, _) in text.match_indices(prefix) {
            let rest = &text[i + prefix.len()..];
            if let Some(end) = rest.find(']') {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
}

/// Replaces `<img src="x">` by `[image: x]` and `[sound:x]` by `[audio: x]` (not `[sound:…]`, which the HTML step drops).
fn name_media(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '[']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some((name, used)) = img_tag(rest) {
            apart(&mut out);
            // Escaped again: the text goes through the HTML decoder next.
            out.push_str(&format!("[image: {}]", html_escape::encode_text(&name)));
            rest = &rest[used..];
        } else if opens_div(rest) && !ends_line(&out) {
            // Anki's editor starts each new line with `<div>`: text before it ends a line.
            out.push_str("<br>");
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        } else if let Some((name, used)) = sound_tag(rest) {
            apart(&mut out);
            out.push_str(&format!("[audio: {}]", html_escape::encode_text(&name)));
            rest = &rest[used..];
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// A space before a media name that would otherwise stick to the word before it
/// ("on the Seine[image: x]"); none at the start of a line.
fn apart(out: &mut String) {
    if !ends_line(out) && !out.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

fn opens_div(s: &str) -> bool {
    s.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("<div"))
        && s[4..].starts_with(|c: char| c == '>' || c.is_whitespace())
}

/// True when the HTML so far is empty or ends a line (`<br>`, `</div>`, `</p>`).
fn ends_line(html: &str) -> bool {
    let t = html.trim_end().to_ascii_lowercase();
    t.is_empty()
        || t.ends_with("</div>")
        || t.ends_with("</p>")
        || (t.ends_with('>') && t[..t.len() - 1].trim_end_matches([' ', '/']).ends_with("<br"))
}

/// `<img … src="name" …>` at the start of `s`: (decoded name, bytes used).
fn img_tag(s: &str) -> Option<(String, usize)> {
    let head = s.get(..4)?;
    if !head.eq_ignore_ascii_case("<img") || !s[4..].starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    let end = s.find('>')?;
    let tag = &s[..end];
    let lower = tag.to_ascii_lowercase();
    let at = lower.find("src=")? + 4;
    let value = &tag[at..];
    let name = match value.chars().next()? {
        q @ ('"' | '\'') => value[1..].split(q).next()?,
        _ => value.split(|c: char| c.is_whitespace() || c == '/').next()?,
    };
    Some((html_escape::decode_html_entities(name).into_owned(), end + 1))
}

/// `[sound:name]` at the start of `s`: (name, bytes used).
fn sound_tag(s: &str) -> Option<(String, usize)> {
    let rest = s.strip_prefix("[sound:")?;
    let end = rest.find(']')?;
    Some((
        html_escape::decode_html_entities(&rest[..end]).into_owned(),
        7 + end + 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_are_named_and_html_becomes_text() {
        assert_eq!(
            field_text("Paris<br>on the Seine<img src=\"capital.png\">"),
            "Paris\non the Seine [image: capital.png]"
        );
        assert_eq!(field_text("say [sound:a&amp;b.mp3]!"), "say [audio: a&b.mp3]!");
        assert_eq!(field_text("say[sound:b.mp3]"), "say [audio: b.mp3]");
        assert_eq!(field_text("<b>map</b><img src=m.png>"), "map [image: m.png]");
        assert_eq!(field_text("<div><img src=m.png></div>"), "[image: m.png]");
        assert_eq!(field_text("Tokyo &amp; Kyoto&nbsp;were"), "Tokyo & Kyoto were");
        assert_eq!(field_text("a.<div>b &lt;!&gt;</div>"), "a.\nb <!>");
        assert_eq!(field_text("<div>a</div><div>b</div>"), "a\nb");
        assert_eq!(field_text("a<br><div>b</div>"), "a\nb");
        assert_eq!(field_text("<IMG SRC='x y.png' alt=\"\">"), "[image: x y.png]");
        assert_eq!(
            marked_media("[image: a.png] x [audio: b.mp3] [image: c"),
            vec!["a.png", "b.mp3"]
        );
    }
}
