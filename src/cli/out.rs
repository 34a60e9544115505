//! Standard output and standard error for every command, and the warnings channel.
//!
//! Printing never panics (std's `println!` does when the reader has gone, `| head`, or the disk
//! is full, `> /dev/full`). The first failed write is kept; later writes are skipped, loops stop
//! at their next step ([`failed`]), and the command ends with [`status`], which turns the kept
//! failure into a [`CliError`]: a quiet exit 0 for a closed pipe, a clear error otherwise.

use std::fmt;
use std::io::{self, Write};
use std::sync::Mutex;

use super::error::CliError;

static FAILED: Mutex<Option<io::Error>> = Mutex::new(None);

fn remember(e: io::Error) {
    let mut slot = FAILED.lock().unwrap_or_else(|p| p.into_inner());
    if slot.is_none() {
        *slot = Some(e);
    }
}

/// True once a write to standard output has failed: loops stop asking.
pub fn failed() -> bool {
    FAILED.lock().map(|s| s.is_some()).unwrap_or(true)
}

/// Writes to standard output (colour codes dropped where colour is off); used by the macros.
pub fn write(args: fmt::Arguments<'_>, newline: bool) {
    if failed() {
        return;
    }
    let mut out = anstream::stdout().lock();
    let r = out.write_fmt(args).and_then(|()| {
        if newline {
            out.write_all(b"\n")
        } else {
            out.flush()
        }
    });
    if let Err(e) = r {
        remember(e);
    }
}

/// Flushes standard output and reports the first failed write, if any.
pub fn status() -> Result<(), CliError> {
    if let Err(e) = io::stdout().flush() {
        remember(e);
    }
    let slot = FAILED.lock().unwrap_or_else(|p| p.into_inner());
    match &*slot {
        Some(e) => Err(CliError::io_named("standard output", e)),
        None => Ok(()),
    }
}

/// Writes `text` to standard output wrapped at word boundaries to the terminal's width (not
/// wrapped into a pipe or a file, where scripts read one line per item); continuation lines
/// keep the line's indent.
pub fn prose(text: &str) {
    for line in super::term::wrap(text, super::term::width()) {
        write(format_args!("{line}"), true);
    }
}

/// [`prose`] for standard error: wrapped when standard output is a terminal too.
pub fn err_prose(text: &str) {
    for line in super::term::wrap(text, super::term::width()) {
        err_line(&line);
    }
}

/// Writes one line to standard error; a failure there has nowhere left to be reported.
pub fn err_line(line: &str) {
    let _ = writeln!(anstream::stderr(), "{line}");
}

/// Rewrites the current line of standard error with `text` (progress while long work runs on
/// a terminal); an empty `text` clears the line.
pub fn err_progress(text: &str) {
    let mut err = anstream::stderr();
    let _ = write!(err, "\r{text:<72}\r{}", if text.is_empty() { "" } else { text });
    let _ = err.flush();
}

/// The warnings channel: `deckard: warning: …` on standard error, escaped, and wrapped to the
/// terminal's width like [`err_prose`].
pub fn warn(message: &str) {
    err_prose(&format!(
        "deckard: warning: {}",
        deckard::sanitize::escape_multiline(message)
    ));
}

/// `println!` that never panics; see the module doc.
macro_rules! outln {
    () => {
        $crate::cli::out::write(format_args!(""), true)
    };
    ($($arg:tt)*) => {
        $crate::cli::out::write(format_args!($($arg)*), true)
    };
}

/// `print!` (flushed, for prompts) that never panics.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::out::write(format_args!($($arg)*), false)
    };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::out::err_line(&format!($($arg)*))
    };
}

/// `println!` wrapped to the terminal's width ([`prose`]), for reports and hints.
macro_rules! proseln {
    ($($arg:tt)*) => {
        $crate::cli::out::prose(&format!($($arg)*))
    };
}

/// `eprintln!` wrapped to the terminal's width ([`err_prose`]).
macro_rules! errproseln {
    ($($arg:tt)*) => {
        $crate::cli::out::err_prose(&format!($($arg)*))
    };
}

pub(crate) use {errln, errproseln, out, outln, proseln};
