//! deckard: a quiz and flashcard learning engine.
//!
//! The library holds everything without terminal I/O: the deck model and loader ([`deck`]),
//! and the text safety helpers ([`sanitize`]). The `deckard` binary is a thin shell over it.

pub mod author;
pub mod deck;
pub mod sanitize;
