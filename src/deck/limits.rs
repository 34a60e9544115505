//! Bounds on what parsing a deck may allocate, checked by one pass over the bytes before the
//! TOML parser builds anything: the parser keeps a node of some 50 bytes per value, so a file
//! of `x = [1,1,1,…]` would otherwise take 90 times its size. The limits are stated in
//! `docs/deck-format.md`; each refusal points at the array, nesting or string concerned.

use std::ops::Range;

use super::diag::{Diagnostic, Severity};
use super::model::{Origin, Pos};

/// [`check`] as the diagnostic `parse_deck` reports; its position is computed without the
/// line index, which for a file of a million short lines would itself be large.
pub(super) fn refuse_hostile(origin: &Origin, text: &str) -> Result<(), Diagnostic> {
    check(text).map_err(|(span, message)| {
        let at = span.start.min(text.len());
        let before = &text.as_bytes()[..at];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let col = text.get(line_start..at).map_or(1, |s| s.chars().count() + 1);
        Diagnostic {
            file: origin.display_name(),
            pos: Pos {
                line: (memchr::memchr_iter(b'\n', before).count() + 1) as u32,
                col: col as u32,
            },
            severity: Severity::Error,
            message,
            hint: Some(
                "deckard refuses shapes this large before reading them; split the deck into several files"
                    .into(),
            ),
        }
    })
}

/// Most items in one array (100,000 choices, items or pairs still fit).
pub const MAX_ARRAY_ITEMS: usize = 250_000;
/// Most values in one file: keys, table headers and array items together.
pub const MAX_VALUES: usize = 1_000_000;
/// Deepest nesting of arrays and inline tables.
pub const MAX_NESTING: usize = 16;
/// Longest string, in bytes, before any field-specific limit applies (unknown fields too).
pub const MAX_STRING: usize = 1024 * 1024;

/// The first bound `text` breaks: where, and what to say.
pub fn check(text: &str) -> Result<(), (Range<usize>, String)> {
    let b = text.as_bytes();
    // Open arrays and inline tables: (start offset, items so far).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut values = 0usize;
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
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
            b'"' | b'\'' => {
                let end = string_end(b, i);
                // Without its quotes (one or three on each side); escapes count as typed.
                let quotes = if b.get(i..i + 3) == Some(&[c, c, c][..]) {
                    6
                } else {
                    2
                };
                let len = (end - i).saturating_sub(quotes);
                if len > MAX_STRING {
                    return Err((
                        i..i + 1,
                        format!("this string is {len} bytes long; the limit is {MAX_STRING}"),
                    ));
                }
                i = end;
            }
            b'[' if open.is_empty() && line_start => {
                // A table header: `[deck]` or `[[card]]`.
                values += 1;
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                line_start = false;
                if values > MAX_VALUES {
                    return Err(too_many(i));
                }
                continue;
            }
            b'[' | b'{' => {
                if open.len() >= MAX_NESTING {
                    return Err((
                        i..i + 1,
                        format!("arrays and tables nest deeper than {MAX_NESTING} levels here"),
                    ));
                }
                open.push((i, 0));
                i += 1;
            }
            b']' | b'}' => {
                open.pop();
                i += 1;
            }
            b',' | b'=' => {
                values += 1;
                if let Some((start, items)) = open.last_mut() {
                    *items += usize::from(c == b',');
                    if *items >= MAX_ARRAY_ITEMS {
                        return Err((
                            *start..*start + 1,
                            format!("this array has more than {MAX_ARRAY_ITEMS} items, the limit"),
                        ));
                    }
                }
                if values > MAX_VALUES {
                    return Err(too_many(i));
                }
                i += 1;
            }
            _ => i += 1,
        }
        line_start = false;
    }
    Ok(())
}

fn too_many(at: usize) -> (Range<usize>, String) {
    (
        at..at + 1,
        format!("the file holds more than {MAX_VALUES} values, the limit for one deck file"),
    )
}

/// The offset just past the string starting at `start` (basic or literal, one- or multi-line);
/// the end of the text if it never closes (the TOML parser reports that).
pub(super) fn string_end(b: &[u8], start: usize) -> usize {
    let q = b[start];
    let multi = b.get(start..start + 3) == Some(&[q, q, q][..]);
    let mut i = start + if multi { 3 } else { 1 };
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 2,
            c if c == q => {
                if !multi {
                    return i + 1;
                }
                if b.get(i..i + 3) == Some(&[q, q, q][..]) {
                    // Up to two more quotes may belong to the string (`""""` ends with one).
                    let mut end = i + 3;
                    while end < b.len() && b[end] == q && end < i + 5 {
                        end += 1;
                    }
                    return end;
                }
                i += 1;
            }
            b'\n' if !multi => return i,
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_decks_pass() {
        let text = "[deck]\nid = \"d\" # a [comment, with, commas]\n[[card]]\nq = \"a, b [c] {d}\"\nitems = [\"x\", 'y', \"\"\"z,\n,\"\"\"]\nt = { a = [1, [2]] }\n";
        assert_eq!(check(text), Ok(()));
        for (_, text) in crate::deck::bundled_files() {
            assert_eq!(check(text), Ok(()));
        }
    }

    #[test]
    fn hostile_shapes_are_found_where_they_start() {
        let big = format!("[deck]\nx = [{}]\n", "1,".repeat(MAX_ARRAY_ITEMS + 1));
        let (at, msg) = check(&big).unwrap_err();
        assert_eq!((at.start, msg.contains("items")), (11, true), "{msg}");
        let deep = format!(
            "x = {}{}",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert!(check(&deep).unwrap_err().1.contains("nest"));
        let long = format!("x = \"{}\"", "a".repeat(MAX_STRING + 1));
        assert!(check(&long).unwrap_err().1.contains("string"));
        let many = "[[card]]\n".repeat(MAX_VALUES + 1);
        assert!(check(&many).unwrap_err().1.contains("values"));
        // Commas inside strings and comments are not items.
        let quoted = format!(
            "x = [\"{}\"]\n# {}\n",
            ",".repeat(MAX_ARRAY_ITEMS + 1),
            ",".repeat(MAX_ARRAY_ITEMS + 1)
        );
        assert_eq!(check(&quoted), Ok(()));
    }
}
