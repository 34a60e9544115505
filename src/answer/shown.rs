//! What typed text shows on a terminal: escape sequences (colours, cursor moves, window titles)
//! and other controls removed, a backspace or delete taking back the character before it. The
//! judge reads an answer as the learner saw it, not as the bytes that drew it.

use std::borrow::Cow;

/// `s` as a terminal shows it: ANSI CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC \`) and
/// two-byte escapes dropped, C0/C1 controls other than tab and newline dropped, backspace and
/// delete erasing the character before them. Borrows when there is nothing to remove.
pub fn as_shown(s: &str) -> Cow<'_, str> {
    let special = |c: char| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{9b}';
    if !s.chars().any(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                // CSI: parameters and intermediates up to a final byte in `@`..=`~`.
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                // OSC, DCS, SOS, PM, APC: up to BEL or ST (`ESC \`).
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    while let Some(c) = chars.next() {
                        if c == '\x07' {
                            break;
                        }
                        if c == '\x1b' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                // A two-byte escape (`ESC c`, `ESC 7`), or a lone ESC at the end.
                _ => {}
            },
            '\u{9b}' => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            '\x08' | '\x7f' => {
                out.pop();
            }
            c if special(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_vanish() {
        assert_eq!(as_shown("Tashkent"), "Tashkent");
        assert_eq!(as_shown("\x1b[31mTashkent\x1b[0m"), "Tashkent");
        assert_eq!(as_shown("Tash\x1b[1;2Hkent"), "Tashkent");
        assert_eq!(as_shown("\x1b]0;title\x07Tashkent"), "Tashkent");
        assert_eq!(as_shown("\x1b]0;title\x1b\\Tashkent"), "Tashkent");
        assert_eq!(as_shown("Tashkenx\x08t"), "Tashkent");
        assert_eq!(as_shown("Tash\x00kent\x1b"), "Tashkent");
        assert_eq!(as_shown("\u{9b}2JTashkent"), "Tashkent");
    }
}
