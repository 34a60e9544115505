//! The binary's one error type: every command returns [`CliError`], which knows its kind, its
//! `hint:` lines and the exit status it maps to. Library errors convert into it here, once.

use std::fmt;
use std::io;
use std::path::Path;
use std::process::ExitCode;

use deckard::sanitize::{escape, escape_multiline};

/// What went wrong, which decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Invalid input: a deck, an answer file, a progress log, a setting (exit 1).
    Input,
    /// The command line itself is wrong (exit 2).
    Usage,
    /// Reading or writing a file failed (exit 1).
    Io,
    /// The reader of our output went away (`| head`): end quietly (exit 0).
    BrokenPipe,
    /// A bug in deckard (exit 3).
    Internal,
}

/// An error on its way to the user.
#[derive(Debug)]
pub struct CliError {
    kind: Kind,
    message: String,
    hints: Vec<String>,
}

impl CliError {
    fn new(kind: Kind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Invalid input: exit status 1.
    pub fn input(message: impl Into<String>) -> Self {
        Self::new(Kind::Input, message)
    }

    /// A usage error: exit status 2.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    /// A bug: exit status 3.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Kind::Internal, message).hint("this is a bug in deckard; please report it")
    }

    /// A failed read or write of `path` (a broken pipe is its own kind).
    pub fn io(path: &Path, err: &io::Error) -> Self {
        Self::io_named(&path.display().to_string(), err)
    }

    /// A failed read or write of something that is not a file path ("standard output").
    pub fn io_named(name: &str, err: &io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            return Self::new(Kind::BrokenPipe, format!("{name}: {err}"));
        }
        let e = Self::new(Kind::Io, format!("{}: {err}", escape(name)));
        match err.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                e.hint("free some disk space and run the command again; nothing was lost")
            }
            io::ErrorKind::PermissionDenied => e.hint("check the file's permissions"),
            io::ErrorKind::NotFound => e.hint("check the path"),
            _ => e,
        }
    }

    /// Adds a `hint:` line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The exit status this error maps to.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.kind {
            Kind::BrokenPipe => 0,
            Kind::Input | Kind::Io => 1,
            Kind::Usage => 2,
            Kind::Internal => 3,
        })
    }

    /// Prints `deckard: error: …` and the hints to standard error (nothing for a closed pipe).
    pub fn report(&self) {
        if self.kind == Kind::BrokenPipe {
            return;
        }
        crate::cli::out::err_prose(&format!("deckard: error: {}", escape_multiline(&self.message)));
        for h in &self.hints {
            crate::cli::out::err_prose(&format!("hint: {}", escape_multiline(h)));
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for h in &self.hints {
            write!(f, "\nhint: {h}")?;
        }
        Ok(())
    }
}

impl From<deckard::store::StoreError> for CliError {
    fn from(e: deckard::store::StoreError) -> Self {
        use deckard::store::StoreError;
        match &e {
            StoreError::Io { path, op, source } => {
                let mut c = CliError::io(path, source);
                c.message = format!("cannot {op} {}", c.message);
                c
            }
            _ => CliError::input(e.to_string()),
        }
    }
}

impl From<deckard::store::FolderError> for CliError {
    fn from(e: deckard::store::FolderError) -> Self {
        use deckard::store::{FolderError, Unread};
        match e {
            FolderError::Store(e) => e.into(),
            FolderError::Blocked { ref problem, .. } => {
                let hint = match problem {
                    Unread::NewerFormat { .. } | Unread::NewerEvents { .. } => {
                        "install the deckard the other device uses; `deckard sync status` lists the files"
                    }
                    _ => {
                        "fix or remove the line on the device that wrote it; `deckard sync status` lists the files"
                    }
                };
                CliError::input(e.to_string()).hint(hint)
            }
        }
    }
}

impl From<deckard::author::AuthorError> for CliError {
    fn from(e: deckard::author::AuthorError) -> Self {
        use deckard::author::AuthorError;
        match &e {
            AuthorError::Io { path, source } => CliError::io(path, source),
            AuthorError::Exists(_) => {
                CliError::input(e.to_string()).hint("choose another file name, or delete the file first")
            }
            _ => CliError::input(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_exit_status() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        let full = io::Error::from(io::ErrorKind::StorageFull);
        assert_eq!(
            CliError::io_named("standard output", &pipe).exit_code(),
            ExitCode::from(0)
        );
        assert_eq!(
            CliError::io_named("standard output", &full).exit_code(),
            ExitCode::from(1)
        );
        assert_eq!(CliError::input("x").exit_code(), ExitCode::from(1));
        assert_eq!(CliError::usage("x").exit_code(), ExitCode::from(2));
        assert_eq!(CliError::internal("x").exit_code(), ExitCode::from(3));
    }

    #[test]
    fn a_full_disk_names_the_file_and_says_what_to_do() {
        let full = io::Error::from(io::ErrorKind::StorageFull);
        let e = CliError::io(Path::new("/tmp/deck.toml"), &full);
        let text = e.to_string();
        assert!(text.starts_with("/tmp/deck.toml: "), "{text}");
        assert!(text.contains("hint: free some disk space"), "{text}");
        assert_eq!(e.kind, Kind::Io);
    }
}
