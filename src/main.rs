//! The `deckard` binary: command-line parsing and the terminal front end over the library.

mod add;
mod author_cli;
mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
