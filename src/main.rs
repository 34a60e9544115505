//! The `deckard` binary: command-line parsing and the terminal front end over the library.

mod add;
mod author_cli;
mod cli;
mod commands;
mod inspect;
mod repl;

fn main() -> std::process::ExitCode {
    cli::main()
}
