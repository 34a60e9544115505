//! Delimited text (CSV, TSV) read and written with the `csv` crate, so every reader and writer
//! follows one set of rules (RFC 4180): a field in double quotes may hold the separator, line
//! breaks and doubled quotes (`""`); a quote elsewhere in a field is a plain character.
//!
//! Two things the crate does not do are added here: records carry the line they start on, and
//! a quoted field still open at the end of the input is reported (the crate silently ends it
//! there, which would swallow the rest of a file into one field).

use std::io::{self, Read};

/// One record: the 1-based line it starts on and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line in the input where the record starts.
    pub line: usize,
    /// The fields, unquoted; a line break inside a quoted field reads as `\n`, even from a
    /// file with CRLF line ends.
    pub fields: Vec<String>,
}

/// Why the records of an input could not all be read.
#[derive(Debug, thiserror::Error)]
pub enum DelimitedError {
    /// A quoted field opened on `line` never closes before the end of the input.
    #[error("line {line}: a quoted field opened on this line never closes")]
    Unclosed {
        /// 1-based line where the record with the open quote starts.
        line: usize,
    },
    /// The `csv` crate refused the text (it cannot on a `&str` read from memory: kept so
    /// that a future crate version's error is reported, not hidden).
    #[error("line {line}: {message}")]
    Unreadable {
        /// 1-based line of the record.
        line: usize,
        /// The crate's words.
        message: String,
    },
}

/// A last line appended to the input: when the input's own records are complete it reads as
/// one record holding just this field; when a quoted field is still open it is swallowed
/// into that field instead, which is how an unclosed quote is noticed.
const PROBE: &[u8] = b"\n\"\x01\"";

/// Reads records separated by `sep` from `text`; `first_line` is the line number of the
/// text's first line (after any header lines the caller consumed). Blank lines are skipped.
pub fn records(text: &str, sep: u8, first_line: usize) -> Records<'_> {
    let reader = ::csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes().chain(PROBE));
    Records {
        reader,
        text: text.as_bytes(),
        counted: 0,
        line: first_line,
        ahead: None,
        done: false,
    }
}

/// The records of one text, in order (see [`records`]).
pub struct Records<'t> {
    reader: ::csv::Reader<io::Chain<&'t [u8], &'static [u8]>>,
    text: &'t [u8],
    /// Line breaks are counted up to this byte, and `line` is the line there.
    counted: usize,
    line: usize,
    /// The record read ahead: only once the next one is known can a record be told apart from
    /// the one that swallowed the probe.
    ahead: Option<Record>,
    done: bool,
}

impl Records<'_> {
    /// The line of the record the reader says starts at `byte`. The crate's own line number
    /// is where its reading began, before the blank lines it skips; count from the text.
    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.text.len());
        while self.text.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.counted {
            self.line += memchr::memchr_iter(b'\n', &self.text[self.counted..start]).count();
            self.counted = start;
        }
        self.line
    }

    fn read(&mut self) -> Result<Option<Record>, DelimitedError> {
        let mut record = ::csv::StringRecord::new();
        match self.reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => {
                let byte = e.position().map_or(self.counted, |p| p.byte() as usize);
                let line = self.line_at(byte);
                return Err(DelimitedError::Unreadable {
                    line,
                    message: e.to_string(),
                });
            }
        }
        let byte = record.position().map_or(self.counted, |p| p.byte() as usize);
        let line = self.line_at(byte);
        let fields = record
            .iter()
            .map(|f| {
                if f.contains("\r\n") {
                    f.replace("\r\n", "\n")
                } else {
                    f.to_string()
                }
            })
            .collect();
        Ok(Some(Record { line, fields }))
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Record, DelimitedError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let current = match self.ahead.take() {
            Some(r) => r,
            None => match self.read() {
                Ok(Some(r)) => r,
                // The probe always yields a record, so the input ended inside it.
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            },
        };
        match self.read() {
            Ok(Some(next)) => {
                self.ahead = Some(next);
                Some(Ok(current))
            }
            Ok(None) => {
                self.done = true;
                if current.fields.len() == 1 && current.fields[0] == "\x01" {
                    None
                } else {
                    // The last record swallowed the probe: its quote never closed.
                    Some(Err(DelimitedError::Unclosed { line: current.line }))
                }
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// One record as a line of delimited text (ending in `\n`), quoting only fields that need it
/// (they hold the separator, a quote or a line break).
pub fn record_line(fields: &[String], sep: u8) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.write_record(fields);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, sep: u8) -> Result<Vec<(usize, Vec<String>)>, String> {
        records(text, sep, 1)
            .map(|r| r.map(|r| (r.line, r.fields)).map_err(|e| e.to_string()))
            .collect()
    }

    fn rec(line: usize, fields: &[&str]) -> (usize, Vec<String>) {
        (line, fields.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn quoted_fields_hold_separators_line_breaks_and_doubled_quotes() {
        let got = read("q,a\n\"one,\r\ntwo\",\"say \"\"hi\"\"\"\nlast,x", b',').unwrap();
        assert_eq!(
            got,
            [
                rec(1, &["q", "a"]),
                rec(2, &["one,\ntwo", "say \"hi\""]),
                rec(4, &["last", "x"])
            ]
        );
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_plain_and_blank_lines_are_skipped() {
        let got = read("5\" tall\tx\n\n\"a\"b\ty\n", b'\t').unwrap();
        assert_eq!(got, [rec(1, &["5\" tall", "x"]), rec(3, &["ab", "y"])]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_its_record() {
        assert_eq!(
            read("q,a\nx,\"open\nmore\n", b','),
            Err("line 2: a quoted field opened on this line never closes".to_string())
        );
        // Even right at the end, and with a doubled quote inside.
        assert!(read("q,a\nx,\"a\"\"", b',').is_err());
        assert_eq!(read("q,a\nx,\"a\"\"\"", b',').unwrap().len(), 2);
        assert_eq!(read("", b',').unwrap(), []);
    }

    #[test]
    fn first_line_offsets_the_line_numbers() {
        let got: Vec<usize> = records("a\n\r\n\nb\n", b',', 3)
            .map(|r| r.unwrap().line)
            .collect();
        assert_eq!(got, [3, 6]);
    }

    #[test]
    fn writing_quotes_only_what_needs_it_and_reads_back() {
        let fields: Vec<String> = ["plain", "a,b", "say \"hi\"", "two\nlines", ""]
            .map(String::from)
            .into();
        let line = record_line(&fields, b',');
        assert_eq!(line, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n");
        assert_eq!(read(&line, b',').unwrap(), [(1, fields)]);
    }
}
