//! The terminal's shape: its width, text wrapped at word boundaries to it (CJK counts two
//! cells), lines cut to fit, and the terminal mode saved at start so it can be put back when
//! the line editor is abandoned (a quiz whose time ran out).

use std::io::IsTerminal;

use unicode_width::UnicodeWidthStr;

/// The width of standard output when it is a terminal; `None` for a pipe or a file, where
/// lines are never wrapped (scripts read one line per step).
pub fn width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .filter(|w| *w >= 20)
        .or(Some(80))
}

/// Display width of `s` in terminal cells.
pub fn cells(s: &str) -> usize {
    s.width()
}

/// `text` wrapped at word boundaries to `width` cells (kept whole without a width); each
/// line of the input is wrapped on its own.
pub fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(w) = width else {
        return text.lines().map(str::to_string).collect();
    };
    text.lines()
        .flat_map(|l| {
            if l.is_empty() {
                return vec![String::new()];
            }
            // Continuation lines keep the first line's indent, so lists stay readable.
            let indent: String = l.chars().take_while(|c| *c == ' ').collect();
            // No breaks at hyphens: they join card keys, deck ids and file names
            // (`sco-founding/…`), which must stay whole to be copied.
            let opts = textwrap::Options::new(w)
                .subsequent_indent(&indent)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            textwrap::wrap(l, opts)
                .into_iter()
                .map(|c| c.into_owned())
                .collect()
        })
        .collect()
}

/// Items joined by ` · `, broken into lines between items (never inside one) so that each
/// line, `indent` included, fits `width`; colour codes in an item take no width. No width:
/// one line. No items: no line.
pub fn join_fitting(items: &[String], indent: &str, width: Option<usize>) -> Vec<String> {
    const SEP: &str = " · ";
    let shown = textwrap::core::display_width;
    let mut lines = Vec::new();
    let mut line = String::new();
    for item in items {
        let needed = shown(indent) + shown(&line) + shown(SEP) + shown(item);
        if !line.is_empty() && width.is_some_and(|max| needed > max) {
            lines.push(format!("{indent}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push_str(SEP);
        }
        line.push_str(item);
    }
    if !line.is_empty() {
        lines.push(format!("{indent}{line}"));
    }
    lines
}

/// `text` cut to at most `width` cells, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if cells(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The terminal mode of standard input at start, to put back when the line editor is left
/// waiting in raw mode (its thread cannot be interrupted).
pub struct SavedMode {
    #[cfg(unix)]
    termios: Option<libc::termios>,
}

impl SavedMode {
    /// Saves the current mode (nothing when standard input is not a terminal).
    pub fn save() -> SavedMode {
        #[cfg(unix)]
        {
            let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr writes a termios on success; it is read only then.
            let ok = unsafe { libc::tcgetattr(libc::STDIN_FILENO, t.as_mut_ptr()) } == 0;
            SavedMode {
                // SAFETY: initialised by the successful call above.
                termios: ok.then(|| unsafe { t.assume_init() }),
            }
        }
        #[cfg(not(unix))]
        SavedMode {}
    }

    /// Puts the saved mode back.
    pub fn restore(&self) {
        #[cfg(unix)]
        if let Some(t) = &self.termios {
            // SAFETY: a termios obtained from tcgetattr on the same descriptor.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries_and_counts_cjk_as_two_cells() {
        let lines = wrap("In which city was the SCO founded in 2001?", Some(20));
        assert_eq!(lines, ["In which city was", "the SCO founded in", "2001?"]);
        let zh = wrap("上海合作组织成立于哪一年？请回答", Some(10));
        assert!(zh.iter().all(|l| cells(l) <= 10), "{zh:?}");
        assert_eq!(zh.concat(), "上海合作组织成立于哪一年？请回答");
        assert_eq!(wrap("a b", None), ["a b"]);
    }

    #[test]
    fn joined_items_break_between_items_only() {
        // Painted items: the colour codes take no width.
        let items: Vec<String> = ["1 again 10m", "2 hard 16d", "3 good 23d", "4 easy 1.3mo"]
            .iter()
            .map(|p| format!("\x1b[1m{p}\x1b[0m"))
            .collect();
        let plain = |lines: Vec<String>| -> Vec<String> {
            lines
                .iter()
                .map(|l| l.replace("\x1b[1m", "").replace("\x1b[0m", ""))
                .collect()
        };
        assert_eq!(
            plain(join_fitting(&items, "", Some(50))),
            ["1 again 10m · 2 hard 16d · 3 good 23d", "4 easy 1.3mo"]
        );
        assert_eq!(join_fitting(&items, "", None).len(), 1);
        assert_eq!(join_fitting(&items, "", Some(80)).len(), 1);
        // An item wider than the line gets a line of its own.
        assert_eq!(
            plain(join_fitting(&items[..2], "", Some(5))),
            ["1 again 10m", "2 hard 16d"]
        );
        // The indent counts, and starts every line.
        let items: Vec<String> = ["aaaa", "bbbb", "cccc"].map(String::from).to_vec();
        assert_eq!(join_fitting(&items, "  ", Some(13)), ["  aaaa · bbbb", "  cccc"]);
        assert!(join_fitting(&[], "  ", Some(13)).is_empty());
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("SCO: founding and charter", 12), "SCO: foundi…");
        assert_eq!(fit("short", 12), "short");
        assert_eq!(cells(&fit("上海合作组织", 7)), 7);
    }
}
