//! The `deckard` binary; everything it adds to the library lives in `src/cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
