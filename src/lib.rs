//! deckard: a quiz and flashcard learning engine.
//!
//! The library holds everything without terminal I/O: the deck model and loader ([`deck`]),
//! answer judging ([`answer`]), the scheduler ([`schedule`]), the progress log ([`store`]) and
//! the per-card progress replayed from it ([`progress`]), the card search language
//! ([`query`]), sessions ([`session`]), statistics ([`stats`]), FSRS parameter fitting
//! ([`optimize`]), settings ([`config`]), other tools' formats ([`interchange`]), atomic file
//! rewrites ([`fsio`]), bounded reading of files deckard did not write ([`untrusted`]) and the
//! text safety helpers ([`sanitize`]). The `deckard` binary is a thin shell over it.

pub mod answer;
pub mod author;
pub mod config;
pub mod deck;
pub mod fsio;
pub mod interchange;
pub mod optimize;
pub mod progress;
pub mod query;
pub mod sanitize;
pub mod schedule;
pub mod session;
pub mod stats;
pub mod store;
pub mod untrusted;

#[cfg(test)]
mod fuzz;
