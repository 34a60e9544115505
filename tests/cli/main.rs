//! The one integration test binary: every test drives the real `deckard` binary through the
//! harness in `common` (a cleared environment, a private home, pinned time and seed).
#![allow(clippy::disallowed_macros)] // tests print their own diagnostics

mod common;

mod author;
mod check;
mod deck_v2;
mod decks;
mod errors;
mod fsrs_vectors;
mod hygiene;
mod judge;
mod kill;
mod pty;
mod quiz;
mod replay;
mod schedule_props;
mod store_kill;
mod study;
mod sync;
