//! Reading a log's bytes: the header check, splitting off a torn last line, and parsing and
//! validating every complete line into events. No file access here: callers bring the bytes
//! and decide what to do about a torn tail.

use std::collections::BTreeMap;
use std::io::{self, Read, Seek};
use std::path::Path;

use serde::Deserialize;

use super::event::{Decoded, Event, EventBody, Wire};
use super::fast;
use super::{FORMAT_VERSION, StoreError};
use crate::sanitize::escape;

/// The header line a new log starts with (without its newline): version 1, so that an older
/// deckard keeps reading a log until it holds an event only version 2 readers understand.
pub(crate) const HEADER: &str = r#"{"deckard":"progress","version":1}"#;

/// The header line of a log of format `version`, as deckard writes it.
pub(crate) fn header(version: u32) -> String {
    format!(r#"{{"deckard":"progress","version":{version}}}"#)
}

/// The longest header line raised to a new version in place (one disk sector, so the write
/// that raises it cannot be torn by a crash).
pub(crate) const MAX_HEADER_REWRITE: usize = 512;

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

/// Read size: big enough for few syscalls, small enough to stay in cache. Reading a large log
/// into one buffer instead costs a page fault per 4 KiB, more than the parse on some machines.
const CHUNK: usize = 1 << 20;

/// The longest first line looked at before calling a file foreign.
const MAX_HEADER: usize = 64 * 1024;

/// What a scan found besides the lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Offset just past the last complete line.
    pub end: u64,
    /// The torn tail (bytes after the last newline): its line number and bytes.
    pub torn: Option<(usize, Vec<u8>)>,
    /// No complete header yet: an empty file, or one cut short while being created.
    pub fresh: bool,
    /// The number of the line that starts at `end`.
    pub next_line: usize,
    /// Event types this version does not know, found by [`read_events`] (a newer deckard's).
    pub unknown: Vec<String>,
    /// The format version in the header (1 for a fresh log).
    pub version: u32,
    /// The length of the header line in bytes, without its newline (0 for a fresh log).
    pub header_len: usize,
}

/// A place to start reading a log: the start of the file, or just past a line read before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Resume {
    /// Byte offset of the first line to read.
    pub offset: u64,
    /// Its 1-based line number (for error messages).
    pub line: usize,
}

impl Resume {
    /// The start of the file: the header is read and checked.
    pub const START: Resume = Resume { offset: 0, line: 1 };
}

/// The header of the log `r` (read from its start, leaving `r` anywhere): its version and
/// length, for a scan that resumes past it.
pub(crate) fn read_header(path: &Path, r: &mut (impl Read + Seek)) -> Result<(u32, usize), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_owned(),
        op: "read",
        source,
    };
    r.seek(io::SeekFrom::Start(0)).map_err(io)?;
    let mut first = Vec::new();
    r.take(MAX_HEADER as u64 + 1)
        .read_to_end(&mut first)
        .map_err(io)?;
    let Some(nl) = memchr::memchr(b'\n', &first) else {
        return Err(not_deckard(path, "its first line is not a deckard header"));
    };
    Ok((check_header(path, &first[..nl], FORMAT_VERSION)?, nl))
}

/// Reads `r` to its end, checks the header, and hands each run of complete event lines to
/// `f` with the number of its first line; `f` returns how many lines the run held.
/// Errors: not a deckard file, a future version, an I/O error, or whatever `f` returns.
pub(crate) fn scan(
    path: &Path,
    r: &mut impl Read,
    f: impl FnMut(usize, &[u8]) -> Result<usize, StoreError>,
) -> Result<Scan, StoreError> {
    scan_from(path, r, Resume::START, f)
}

/// [`scan`] from `from`, where `r` is positioned; past the start the header is not looked at
/// (it was checked when the lines before `from` were read).
pub(crate) fn scan_from(
    path: &Path,
    r: &mut impl Read,
    from: Resume,
    mut f: impl FnMut(usize, &[u8]) -> Result<usize, StoreError>,
) -> Result<Scan, StoreError> {
    let mut buf = vec![0u8; CHUNK];
    let mut filled = 0;
    let mut offset = from.offset; // file offset of buf[0]
    let mut line = from.line; // number of the first line in buf
    let mut header_done = from.offset > 0;
    // Past the start these stay as placeholders: the caller reads the header itself.
    let mut version = 1;
    let mut header_len = 0;
    loop {
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0); // one line longer than the buffer
        }
        let n = match r.read(&mut buf[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.to_owned(),
                    op: "read",
                    source,
                });
            }
        };
        filled += n;
        let data = &buf[..filled];
        let mut start = 0;
        if !header_done {
            match memchr::memchr(b'\n', data) {
                Some(nl) => {
                    version = check_header(path, &data[..nl], FORMAT_VERSION)?;
                    header_len = nl;
                    header_done = true;
                    start = nl + 1;
                    line = 2;
                }
                None if n == 0 => return unterminated_header(path, data),
                None if filled > MAX_HEADER || data.first().is_some_and(|&b| b != b'{') => {
                    return Err(not_deckard(path, "its first line is not a deckard header"));
                }
                None => continue,
            }
        }
        let end = match memchr::memrchr(b'\n', &data[start..]) {
            Some(i) => start + i + 1,
            None => start,
        };
        if end > start {
            line += f(line, &data[start..end])?;
        }
        if n == 0 {
            let tail = &data[end..];
            return Ok(Scan {
                end: offset + end as u64,
                torn: (!tail.is_empty()).then(|| (line, tail.to_vec())),
                fresh: false,
                next_line: line,
                unknown: Vec::new(),
                version,
                header_len,
            });
        }
        buf.copy_within(end..filled, 0);
        filled -= end;
        offset += end as u64;
    }
}

/// A file without a single complete line: fresh if it is a prefix of our header.
fn unterminated_header(path: &Path, data: &[u8]) -> Result<Scan, StoreError> {
    let canonical = [HEADER.as_bytes(), b"\n"].concat();
    if !canonical.starts_with(data) {
        return Err(not_deckard(path, "its first line is not a deckard header"));
    }
    Ok(Scan {
        end: 0,
        torn: (!data.is_empty()).then(|| (1, data.to_vec())),
        fresh: true,
        next_line: 1,
        unknown: Vec::new(),
        version: 1,
        header_len: 0,
    })
}

/// Checks a header line as a reader of format `reader_version` would; returns its version.
pub(crate) fn check_header(path: &Path, first: &[u8], reader_version: u32) -> Result<u32, StoreError> {
    let header: HeaderWire = serde_json::from_slice(first)
        .map_err(|_| not_deckard(path, "its first line is not a deckard header"))?;
    if header.deckard.as_deref() != Some("progress") {
        return Err(not_deckard(
            path,
            "its header does not say \"deckard\": \"progress\"",
        ));
    }
    match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v > u64::from(reader_version) => Err(StoreError::FutureVersion {
            path: path.to_owned(),
            version: v,
            reader: reader_version,
        }),
        Some(v) if v >= 1 => Ok(u32::try_from(v).unwrap_or(u32::MAX)),
        _ => Err(StoreError::Corrupt {
            path: path.to_owned(),
            line: 1,
            reason: "the header has no valid `version`".into(),
        }),
    }
}

fn not_deckard(path: &Path, why: &str) -> StoreError {
    StoreError::NotDeckard {
        path: path.to_owned(),
        reason: why.to_owned(),
    }
}

/// Parses one complete line (no newline). `None` for a blank line.
pub(crate) fn parse_line(line: &[u8]) -> Option<Result<Decoded, String>> {
    match std::str::from_utf8(line) {
        Ok(text) => parse_text(text),
        Err(_) => Some(slow_parse(line)),
    }
}

/// [`parse_line`] for a line already known to be UTF-8.
fn parse_text(line: &str) -> Option<Result<Decoded, String>> {
    if let Some(e) = fast::review(line).filter(|e| e.check().is_ok()) {
        return Some(Ok(Decoded::Known(e)));
    }
    if line.bytes().all(|b| b.is_ascii_whitespace()) {
        return None;
    }
    Some(slow_parse(line.as_bytes()))
}

fn slow_parse(line: &[u8]) -> Result<Decoded, String> {
    serde_json::from_slice::<Wire>(line)
        .map_err(|e| json_reason(&e))
        .and_then(Wire::decode)
        .map_err(|e| escape(&e).into_owned())
}

/// Calls `f(line_number, line_bytes)` for each line of `run`, which holds whole lines; returns
/// how many there were.
pub(crate) fn for_each_line<'b, E>(
    run: &'b [u8],
    first_line: usize,
    mut f: impl FnMut(usize, &'b [u8]) -> Result<(), E>,
) -> Result<usize, E> {
    let mut start = 0;
    let mut n = 0;
    for nl in memchr::memchr_iter(b'\n', run) {
        f(first_line + n, &run[start..nl])?;
        start = nl + 1;
        n += 1;
    }
    Ok(n)
}

/// Tallies events of types this version does not know, for one warning.
#[derive(Default)]
pub(crate) struct Unknown(BTreeMap<String, usize>);

impl Unknown {
    pub fn add(&mut self, kind: String) {
        *self.0.entry(kind).or_default() += 1;
    }

    pub fn merge(&mut self, other: Unknown) {
        for (kind, n) in other.0 {
            *self.0.entry(kind).or_default() += n;
        }
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

/// Runs of lines at least this long are parsed on several threads.
const PARALLEL_MIN: usize = 256 * 1024;

/// How a part of a log parsed: its line count, or the 0-based index of its first bad line
/// and why.
type Part = Result<usize, (usize, String)>;

/// Events and, for each, its line number (0-based within its part until the parts are joined)
/// and, when asked for, its (time, id) key.
#[derive(Default)]
struct Parsed {
    events: Vec<Event>,
    lines: Vec<usize>,
    /// Filled when `keyed`: the keys taken while each event is still in cache, so a merge of
    /// several files (a progress folder) orders them without walking the events again.
    keys: Vec<(jiff::Timestamp, super::EventId)>,
    keyed: bool,
}

impl Parsed {
    fn push(&mut self, e: Event, line: usize) {
        if self.keyed {
            self.keys.push((e.time, e.id));
        }
        self.events.push(e);
        self.lines.push(line);
    }
}

/// Parses a run of whole lines, appending its events to `out`.
fn parse_part(run: &[u8], out: &mut Parsed, unknown: &mut Unknown) -> Part {
    let mut add = |i, parsed| {
        match parsed {
            None => {}
            Some(Ok(Decoded::Known(e))) => out.push(e, i),
            Some(Ok(Decoded::Unknown { kind, .. })) => unknown.add(kind),
            Some(Err(reason)) => return Err((i, reason)),
        }
        Ok(())
    };
    // Checking UTF-8 once per run is much cheaper than once per string.
    match std::str::from_utf8(run) {
        Ok(text) => {
            // `run` ends with a newline, so this yields exactly its lines.
            let mut n = 0;
            for line in text.split_terminator('\n') {
                add(n, parse_text(line))?;
                n += 1;
            }
            Ok(n)
        }
        Err(_) => for_each_line(run, 0, |i, line| add(i, parse_line(line))),
    }
}

/// Splits a run of whole lines into at most `n` runs of whole lines of similar size.
fn split_lines(run: &[u8], n: usize) -> Vec<&[u8]> {
    let mut parts = Vec::with_capacity(n);
    let mut rest = run;
    for k in (1..n).rev() {
        let want = rest.len() / (k + 1);
        match memchr::memchr(b'\n', rest.get(want..).unwrap_or_default()) {
            Some(i) if want + i + 1 < rest.len() => {
                let (head, tail) = rest.split_at(want + i + 1);
                parts.push(head);
                rest = tail;
            }
            _ => break,
        }
    }
    parts.push(rest);
    parts
}

/// The event on a last line that lacks only its newline (a write cut short just before it, or
/// a file saved by an editor): such a line is kept, and the newline added when writing.
pub(crate) fn whole_tail(scan: &Scan) -> Option<Decoded> {
    match &scan.torn {
        Some((_, tail)) if !scan.fresh => parse_line(tail)?.ok(),
        _ => None,
    }
}

/// Reads a whole log from `r` into its events (in file order) and warnings; `size_hint` is
/// the file's length. The torn tail, if any, is left to the caller, in the returned [`Scan`],
/// but a tail that is a whole valid line but for its newline is read as an event (see
/// [`whole_tail`]). Repeated ids are checked here (see [`drop_repeats`]).
pub(crate) fn read_events(
    path: &Path,
    r: &mut impl Read,
    size_hint: u64,
) -> Result<(Vec<Event>, Vec<String>, Scan), StoreError> {
    read_events_from(path, r, size_hint, Resume::START)
}

/// [`read_events`] from `from`, where `r` is positioned.
pub(crate) fn read_events_from(
    path: &Path,
    r: &mut impl Read,
    size_hint: u64,
    from: Resume,
) -> Result<(Vec<Event>, Vec<String>, Scan), StoreError> {
    let (events, _, warnings, scan) = read_parsed(path, r, size_hint, from, false)?;
    Ok((events, warnings, scan))
}

/// [`read_events_from`], with each event's (time, id) key beside it.
pub(crate) fn read_keyed(
    path: &Path,
    r: &mut impl Read,
    size_hint: u64,
    from: Resume,
) -> Result<Keyed, StoreError> {
    read_parsed(path, r, size_hint, from, true)
}

/// Events, their (time, id) keys, warnings, and what the scan found.
pub(crate) type Keyed = (
    Vec<Event>,
    Vec<(jiff::Timestamp, super::EventId)>,
    Vec<String>,
    Scan,
);

fn read_parsed(
    path: &Path,
    r: &mut impl Read,
    size_hint: u64,
    from: Resume,
    keyed: bool,
) -> Result<Keyed, StoreError> {
    let size_hint = size_hint.saturating_sub(from.offset);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    // Reserving by the file size skips regrowing a Vec of a million events.
    let guess = usize::try_from(size_hint / 128).unwrap_or(0);
    let mut out = Parsed {
        events: Vec::with_capacity(guess),
        lines: Vec::with_capacity(guess),
        keys: Vec::with_capacity(if keyed { guess } else { 0 }),
        keyed,
    };
    let mut unknown = Unknown::default();
    let scan = scan_from(path, r, from, |first, run| {
        let runs = match threads > 1 && run.len() >= PARALLEL_MIN {
            true => split_lines(run, threads),
            false => vec![run],
        };
        let (head, rest) = runs.split_first().unwrap_or((&run, &[]));
        let head_start = out.lines.len();
        let mut parts = std::thread::scope(|s| {
            let workers: Vec<_> = rest
                .iter()
                .map(|part| {
                    s.spawn(move || {
                        let mut parsed = Parsed {
                            keyed,
                            ..Parsed::default()
                        };
                        let mut unknown = Unknown::default();
                        let lines = parse_part(part, &mut parsed, &mut unknown);
                        (lines, parsed, unknown)
                    })
                })
                .collect();
            // The first part goes straight into `out`, saving a copy.
            let mut parts = vec![(
                parse_part(head, &mut out, &mut unknown),
                Parsed::default(),
                Unknown::default(),
            )];
            parts.extend(workers.into_iter().map(|w| {
                // Parsing does not panic on any input; should it still, report, don't abort.
                w.join().unwrap_or_else(|_| {
                    (
                        Err((0, "internal error: parser thread panicked".into())),
                        Parsed::default(),
                        Unknown::default(),
                    )
                })
            }));
            parts
        });
        for l in &mut out.lines[head_start..] {
            *l += first;
        }
        let mut lines = 0;
        for (k, (part, parsed, unk)) in parts.iter_mut().enumerate() {
            match part {
                Ok(n) => {
                    if k > 0 {
                        out.events.append(&mut parsed.events);
                        out.keys.append(&mut parsed.keys);
                        out.lines.extend(parsed.lines.iter().map(|l| l + first + lines));
                    }
                    unknown.merge(std::mem::take(unk));
                    lines += *n;
                }
                Err((i, reason)) => {
                    return Err(StoreError::Corrupt {
                        path: path.to_owned(),
                        line: first + lines + *i,
                        reason: std::mem::take(reason),
                    });
                }
            }
        }
        Ok(lines)
    })?;
    match (whole_tail(&scan), &scan.torn) {
        (Some(Decoded::Known(e)), Some((line, _))) => out.push(e, *line),
        (Some(Decoded::Unknown { kind, .. }), _) => unknown.add(kind),
        _ => {}
    }
    let mut warnings: Vec<String> = unknown.warning(path).into_iter().collect();
    warnings.extend(drop_repeats(path, &mut out)?);
    warnings.extend(backwards(path, &out));
    let scan = Scan {
        unknown: unknown.0.into_keys().collect(),
        ..scan
    };
    Ok((out.events, out.keys, warnings, scan))
}

/// Checks that no id is used twice: a repeat of the same event (a line copied twice) is left
/// out with one warning; two different events under one id are refused naming both lines, as
/// `merge` does, since deckard cannot tell which one is right.
fn drop_repeats(path: &Path, out: &mut Parsed) -> Result<Option<String>, StoreError> {
    // The common case, no repeat, costs one sort of the ids; only a repeat builds the map
    // that finds its lines.
    let mut ids: Vec<u64> = out.events.iter().map(|e| e.id.as_u64()).collect();
    ids.sort_unstable();
    if ids.windows(2).all(|w| w[0] != w[1]) {
        return Ok(None);
    }
    drop(ids);
    let mut first: std::collections::HashMap<super::EventId, usize> =
        std::collections::HashMap::with_capacity(out.events.len());
    let mut repeats: Vec<usize> = Vec::new();
    for (i, e) in out.events.iter().enumerate() {
        match first.entry(e.id) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(slot) => {
                let j = *slot.get();
                if out.events[j] != *e {
                    return Err(StoreError::Duplicate {
                        path: path.to_owned(),
                        id: e.id,
                        first_line: out.lines[j],
                        second_line: out.lines[i],
                    });
                }
                repeats.push(i);
            }
        }
    }
    let Some(&at) = repeats.first() else {
        return Ok(None);
    };
    let warning = format!(
        "{}:{}: event {} repeats an earlier line; skipped it{}",
        path.display(),
        out.lines[at],
        out.events[at].id,
        match repeats.len() {
            1 => String::new(),
            n => format!(" and {} other repeated line(s)", n - 1),
        }
    );
    let mut keep = vec![true; out.events.len()];
    for &i in &repeats {
        keep[i] = false;
    }
    let mut flags = keep.iter();
    out.events.retain(|_| *flags.next().unwrap_or(&true));
    let mut flags = keep.iter();
    out.lines.retain(|_| *flags.next().unwrap_or(&true));
    let mut flags = keep.iter();
    out.keys.retain(|_| *flags.next().unwrap_or(&true));
    Ok(Some(warning))
}

/// One warning for the first event dated before the event above it: a clock that went back.
/// Answers imported from elsewhere (an Anki history, which carries its `origin`) are old by
/// nature and are left out of the comparison. Each card's events are still applied in time
/// order.
fn backwards(path: &Path, out: &Parsed) -> Option<String> {
    let own = |e: &&Event| !matches!(&e.body, EventBody::Review(r) if r.origin.is_some());
    let mut latest: Option<&Event> = None;
    for (i, e) in out.events.iter().enumerate().filter(|(_, e)| own(e)) {
        match latest {
            Some(before) if e.time < before.time => {
                return Some(format!(
                    "{}:{}: this event is dated {}, before the event above it ({}): was the \
                     clock set back? each card's events are applied in time order",
                    path.display(),
                    out.lines[i],
                    e.time,
                    before.time
                ));
            }
            _ => latest = Some(e),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<(Vec<Event>, Vec<String>, Scan), StoreError> {
        read_events(Path::new("p"), &mut s.as_bytes(), s.len() as u64)
    }

    const EV: &str = r#"{"id":"0000000000000001","time":"2025-01-01T00:00:00Z","type":"undo","target":"0000000000000002"}"#;

    #[test]
    fn empty_and_torn_header_are_fresh() {
        for s in ["", "{\"deck", HEADER] {
            let scan = read(s).unwrap().2;
            assert!(scan.fresh, "{s}");
            assert_eq!(scan.torn.map(|t| t.0), (!s.is_empty()).then_some(1));
        }
    }

    #[test]
    fn torn_tail_is_found_with_its_line() {
        let s = format!("{HEADER}\n{EV}\n{{\"id\":\"00");
        let (ev, w, scan) = read(&s).unwrap();
        assert_eq!((ev.len(), w.len()), (1, 0));
        assert_eq!(scan.end as usize, s.len() - 9);
        assert_eq!(scan.torn, Some((3, b"{\"id\":\"00".to_vec())));
    }

    #[test]
    fn foreign_and_future_files_are_refused() {
        assert!(matches!(read("hello\n"), Err(StoreError::NotDeckard { .. })));
        assert!(matches!(read("hello"), Err(StoreError::NotDeckard { .. })));
        assert!(matches!(read("{\"a\":1}\n"), Err(StoreError::NotDeckard { .. })));
        let big = "{".repeat(MAX_HEADER + 1);
        assert!(matches!(read(&big), Err(StoreError::NotDeckard { .. })));
        let future = read("{\"deckard\":\"progress\",\"version\":3}\n");
        assert!(matches!(
            future,
            Err(StoreError::FutureVersion { version: 3, .. })
        ));
        let bad = read("{\"deckard\":\"progress\",\"version\":\"x\"}\n");
        assert!(matches!(bad, Err(StoreError::Corrupt { line: 1, .. })));
    }

    #[test]
    fn corrupt_line_is_named_and_unknown_types_skipped() {
        let s = format!("{HEADER}\n{EV}\n\n{{oops}}\n{EV}\n");
        match read(&s) {
            Err(StoreError::Corrupt { line: 4, reason, .. }) => {
                assert!(reason.contains("column"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        let s = format!("{HEADER}\n{}\n", EV.replace("undo", "note"));
        let (ev, w, _) = read(&s).unwrap();
        assert!(ev.is_empty());
        assert!(w[0].contains("\"note\""), "{w:?}");
    }

    /// Big enough for several read chunks and parallel parts: line numbers must still be exact.
    #[test]
    fn large_logs_keep_order_and_line_numbers() {
        let mut s = format!("{HEADER}\n");
        let n = 3 * CHUNK / EV.len();
        for i in 0..n {
            s.push_str(&EV.replace("0000000000000001", &format!("{i:016x}")));
            s.push('\n');
        }
        let (ev, _, scan) = read(&s).unwrap();
        assert_eq!(ev.len(), n);
        assert!(ev.iter().enumerate().all(|(i, e)| e.id.as_u64() == i as u64));
        assert_eq!((scan.end as usize, scan.torn), (s.len(), None));
        let bad_line = n / 2 + 7;
        let mut lines: Vec<&str> = s.lines().collect();
        lines[bad_line - 1] = "{]";
        let damaged = lines.join("\n") + "\n";
        assert!(matches!(read(&damaged), Err(StoreError::Corrupt { line, .. }) if line == bad_line));
    }

    #[test]
    fn split_lines_keeps_whole_lines() {
        let run = b"a\nbb\nccc\nd\n";
        for n in 1..6 {
            let parts = split_lines(run, n);
            assert_eq!(parts.concat(), run);
            assert!(parts.iter().all(|p| p.ends_with(b"\n")), "{parts:?}");
        }
    }
}
