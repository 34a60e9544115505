//! Reading a log's bytes: the header check, splitting off a torn last line, and parsing and
//! validating every complete line into events. No file access here: callers bring the bytes
//! and decide what to do about a torn tail.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::event::{Decoded, Event, Wire};
use super::{FORMAT_VERSION, StoreError};
use crate::sanitize::escape;

/// The header line a new log starts with (without its newline).
pub(crate) const HEADER: &str = r#"{"deckard":"progress","version":1}"#;

/// How the bytes of a log divide up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Where the event lines start (just after the header's newline); 0 when there is no header.
    pub body: usize,
    /// End of the last complete line: everything after it is the torn tail.
    pub end: usize,
    /// Line number of the torn tail, when there is one.
    pub torn_line: Option<usize>,
    /// The file has no complete header yet: empty, or cut short while being created.
    pub fresh: bool,
}

#[derive(Deserialize)]
struct HeaderWire {
    deckard: Option<String>,
    version: Option<serde_json::Value>,
}

/// The JSON error without serde_json's position, which would count from the start of the line.
fn json_reason(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let pos = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&pos) {
        Some(msg) => format!("{} (column {})", escape(msg), e.column()),
        None => escape(&full).into_owned(),
    }
}

/// Checks the header and finds the torn tail. Errors: not a deckard file, a future version.
pub(crate) fn layout(path: &Path, buf: &[u8]) -> Result<Layout, StoreError> {
    let canonical = [HEADER.as_bytes(), b"\n"].concat();
    let Some(nl) = memchr::memchr(b'\n', buf) else {
        // No complete first line: an empty file, or a header cut short while being written.
        if canonical.starts_with(buf) {
            return Ok(Layout {
                body: 0,
                end: 0,
                torn_line: (!buf.is_empty()).then_some(1),
                fresh: true,
            });
        }
        return Err(not_deckard(path, "its first line is not a deckard header"));
    };
    let header: HeaderWire = serde_json::from_slice(&buf[..nl])
        .map_err(|_| not_deckard(path, "its first line is not a deckard header"))?;
    if header.deckard.as_deref() != Some("progress") {
        return Err(not_deckard(
            path,
            "its header does not say \"deckard\": \"progress\"",
        ));
    }
    let version = header.version.as_ref().and_then(serde_json::Value::as_u64);
    match version {
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(StoreError::FutureVersion {
                path: path.to_owned(),
                version: v,
            });
        }
        Some(v) if v >= 1 => {}
        _ => {
            return Err(StoreError::Corrupt {
                path: path.to_owned(),
                line: 1,
                reason: "the header has no valid `version`".into(),
            });
        }
    }
    let body = nl + 1;
    let end = match memchr::memrchr(b'\n', buf) {
        Some(last) => last + 1,
        None => body,
    };
    let torn_line = (end < buf.len()).then(|| 1 + count_lines(&buf[..end]));
    Ok(Layout {
        body,
        end,
        torn_line,
        fresh: false,
    })
}

fn not_deckard(path: &Path, why: &str) -> StoreError {
    StoreError::NotDeckard {
        path: path.to_owned(),
        reason: why.to_owned(),
    }
}

fn count_lines(buf: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', buf).count()
}

/// Parses one complete line (no newline). `None` for a blank line.
pub(crate) fn parse_line(line: &[u8]) -> Option<Result<Decoded, String>> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(
        serde_json::from_slice::<Wire>(line)
            .map_err(|e| json_reason(&e))
            .and_then(Wire::decode)
            .map_err(|e| escape(&e).into_owned()),
    )
}

/// Calls `f(line_number, line_bytes)` for each line of `body`, which holds whole lines.
pub(crate) fn for_each_line<'b, E>(
    body: &'b [u8],
    first_line: usize,
    mut f: impl FnMut(usize, &'b [u8]) -> Result<(), E>,
) -> Result<(), E> {
    let mut start = 0;
    let mut n = first_line;
    for nl in memchr::memchr_iter(b'\n', body) {
        f(n, &body[start..nl])?;
        start = nl + 1;
        n += 1;
    }
    Ok(())
}

/// Tallies events of types this version does not know, for one warning.
#[derive(Default)]
pub(crate) struct Unknown(BTreeMap<String, usize>);

impl Unknown {
    pub fn add(&mut self, kind: String) {
        *self.0.entry(kind).or_default() += 1;
    }

    pub fn warning(&self, path: &Path) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let total: usize = self.0.values().sum();
        let kinds: Vec<String> = self
            .0
            .keys()
            .take(5)
            .map(|k| format!("\"{}\"", escape(k)))
            .collect();
        Some(format!(
            "{}: skipped {total} event(s) of a type this deckard does not know ({}); \
             a newer deckard wrote them, and they are kept in the file",
            path.display(),
            kinds.join(", ")
        ))
    }
}

/// Parses the complete lines of a log (the bytes `layout` found) into events, in file order.
pub(crate) fn parse_events(
    path: &Path,
    buf: &[u8],
    layout: &Layout,
) -> Result<(Vec<Event>, Vec<String>), StoreError> {
    let body = &buf[layout.body..layout.end];
    // Lines average over 100 bytes; a slight over-reservation beats regrowing a huge Vec.
    let mut events = Vec::with_capacity(body.len() / 96);
    let mut unknown = Unknown::default();
    for_each_line(body, 2, |n, line| {
        match parse_line(line) {
            None => {}
            Some(Ok(Decoded::Known(e))) => events.push(e),
            Some(Ok(Decoded::Unknown { kind, .. })) => unknown.add(kind),
            Some(Err(reason)) => {
                return Err(StoreError::Corrupt {
                    path: path.to_owned(),
                    line: n,
                    reason,
                });
            }
        }
        Ok(())
    })?;
    Ok((events, unknown.warning(path).into_iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(s: &str) -> Result<Layout, StoreError> {
        layout(Path::new("p"), s.as_bytes())
    }

    const EV: &str = r#"{"id":"0000000000000001","time":"2025-01-01T00:00:00Z","type":"undo","target":"0000000000000002"}"#;

    #[test]
    fn empty_and_torn_header_are_fresh() {
        for s in ["", "{\"deck", HEADER] {
            let l = lay(s).unwrap();
            assert!(l.fresh, "{s}");
            assert_eq!(l.torn_line, (!s.is_empty()).then_some(1));
        }
    }

    #[test]
    fn torn_tail_is_found_with_its_line() {
        let s = format!("{HEADER}\n{EV}\n{{\"id\":\"00");
        let l = lay(&s).unwrap();
        assert_eq!((l.body, l.torn_line), (HEADER.len() + 1, Some(3)));
        assert_eq!(&s[l.end..], "{\"id\":\"00");
        let (ev, w) = parse_events(Path::new("p"), s.as_bytes(), &l).unwrap();
        assert_eq!((ev.len(), w.len()), (1, 0));
    }

    #[test]
    fn foreign_and_future_files_are_refused() {
        assert!(matches!(lay("hello\n"), Err(StoreError::NotDeckard { .. })));
        assert!(matches!(lay("hello"), Err(StoreError::NotDeckard { .. })));
        assert!(matches!(lay("{\"a\":1}\n"), Err(StoreError::NotDeckard { .. })));
        let future = lay("{\"deckard\":\"progress\",\"version\":2}\n");
        assert!(matches!(
            future,
            Err(StoreError::FutureVersion { version: 2, .. })
        ));
        let bad = lay("{\"deckard\":\"progress\",\"version\":\"x\"}\n");
        assert!(matches!(bad, Err(StoreError::Corrupt { line: 1, .. })));
    }

    #[test]
    fn corrupt_line_is_named_and_unknown_types_skipped() {
        let s = format!("{HEADER}\n{EV}\n\n{{oops}}\n{EV}\n");
        let l = lay(&s).unwrap();
        match parse_events(Path::new("p"), s.as_bytes(), &l) {
            Err(StoreError::Corrupt { line: 4, reason, .. }) => {
                assert!(reason.contains("column"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        let s = format!("{HEADER}\n{}\n", EV.replace("undo", "note"));
        let (ev, w) = parse_events(Path::new("p"), s.as_bytes(), &lay(&s).unwrap()).unwrap();
        assert!(ev.is_empty());
        assert!(w[0].contains("\"note\""), "{w:?}");
    }
}
