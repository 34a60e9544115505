//! Where a deck file's cards are: the text cut at its top-level `[[card]]` headers, so that the
//! parser builds the span-keeping TOML tree of one card at a time rather than of the whole file
//! (that tree takes some 20 times the text).
//!
//! A header is a line whose first character is `[` outside any string, array or inline table;
//! the scan follows strings and brackets as the TOML grammar does. Only the common shape is cut:
//! the `[deck]` table (and its `[[deck.sources]]`, or any other table) before the first card,
//! then cards, each followed only by its own sub-tables (`[card.x]`). Anything else, a quoted or
//! unreadable header among them, gives `None`, and the caller parses the whole file as one.

use std::ops::Range;

use super::limits::string_end;

/// A deck file cut at its cards.
#[derive(Debug, PartialEq)]
pub struct Cut {
    /// Where the first card begins: the `[deck]` table and any other before it.
    pub head: usize,
    /// Each card's text, from its `[[card]]` header to the next one (or the end).
    pub cards: Vec<Range<usize>>,
}

/// What a header names.
enum Header {
    /// `[[card]]`: a new card.
    Card,
    /// `[card.x]` or `[[card.x]]`: part of the card above.
    OfCard,
    /// Any other table (`[deck]`, `[[deck.sources]]`, or one the parser will call unknown).
    Other,
}

/// The header starting at `b[i]` (a `[`), up to the end of its line; `None` when it is not a
/// plain dotted name (quoted, or not closed on its line).
fn header(b: &[u8], i: usize) -> Option<Header> {
    let line_end = memchr::memchr(b'\n', b.get(i..)?).map_or(b.len(), |n| i + n);
    let line = std::str::from_utf8(b.get(i..line_end)?).ok()?;
    let (double, rest) = match line.strip_prefix("[[") {
        Some(r) => (true, r),
        None => (false, line.strip_prefix('[')?),
    };
    let close = if double { "]]" } else { "]" };
    let (name, after) = rest.split_once(close)?;
    let after = after.trim_start();
    if !(after.is_empty() || after.starts_with('#') || after == "\r") {
        return None;
    }
    let parts: Vec<&str> = name.split('.').map(str::trim).collect();
    let bare = |p: &&str| {
        !p.is_empty()
            && p.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    };
    if !parts.iter().all(bare) {
        return None;
    }
    Some(match parts.as_slice() {
        ["card"] if double => Header::Card,
        ["card"] => return None,
        ["card", ..] => Header::OfCard,
        _ => Header::Other,
    })
}

/// Cuts `text` at its `[[card]]` headers; `None` for a shape that only the whole-file parse
/// reads right.
pub fn cut(text: &str) -> Option<Cut> {
    let b = text.as_bytes();
    let mut out = Cut {
        head: b.len(),
        cards: Vec::new(),
    };
    let mut depth = 0usize;
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            b'"' | b'\'' => i = string_end(b, i),
            b'[' if depth == 0 && line_start => {
                match header(b, i)? {
                    Header::Card => {
                        if let Some(last) = out.cards.last_mut() {
                            last.end = i;
                        } else {
                            out.head = i;
                        }
                        out.cards.push(i..b.len());
                    }
                    Header::OfCard if !out.cards.is_empty() => {}
                    Header::Other if out.cards.is_empty() => {}
                    Header::OfCard | Header::Other => return None,
                }
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
        line_start = false;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(text: &str) -> Option<Vec<&str>> {
        let c = cut(text)?;
        let mut parts = vec![&text[..c.head]];
        parts.extend(c.cards.iter().map(|r| &text[r.clone()]));
        Some(parts)
    }

    #[test]
    fn a_deck_is_cut_before_each_card() {
        let text = "[deck]\nid = \"d\"\n[[deck.sources]]\nid = \"s\"\n[[card]]\nq = \"[[card]]\"\n [[ card ]] # two\nitems = [\n[\"a\", \"b\"],\n]\n[card.accept]\nx = 1\n";
        assert_eq!(
            cards(text).unwrap(),
            [
                "[deck]\nid = \"d\"\n[[deck.sources]]\nid = \"s\"\n",
                "[[card]]\nq = \"[[card]]\"\n ",
                "[[ card ]] # two\nitems = [\n[\"a\", \"b\"],\n]\n[card.accept]\nx = 1\n",
            ]
        );
        // A header inside a multi-line string is text.
        let text = "[deck]\nx = \"\"\"\n[[card]]\n\"\"\"\n[[card]]\nq = '''\n[deck]\n'''\n";
        assert_eq!(cards(text).unwrap().len(), 2);
        assert_eq!(
            cut("[deck]\n").unwrap(),
            Cut {
                head: 7,
                cards: vec![]
            }
        );
    }

    #[test]
    fn unusual_shapes_are_left_to_the_whole_file_parse() {
        for text in [
            "[[card]]\nq = 1\n[deck]\nid = \"d\"\n",
            "[deck]\n[card]\nq = 1\n",
            "[deck]\n[card.x]\n[[card]]\n",
            "[deck]\n[[\"card\"]]\nq = 1\n",
            "[deck]\n[[card]] x\n",
            "[deck]\n[[card]\n",
        ] {
            assert_eq!(cut(text), None, "{text}");
        }
    }
}
