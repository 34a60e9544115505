//! The one integration test binary: every test drives the real `deckard` binary through the
//! harness in `common` (a cleared environment, a private home, pinned time and seed).
#![allow(clippy::disallowed_macros)] // tests print their own diagnostics

mod common;

mod alloc;
mod anki;
mod author;
mod cache;
mod cards;
mod check;
mod deck_v2;
mod decks;
mod edits;
mod errors;
mod first_contact;
mod fsrs_vectors;
mod integrity;
mod interchange;
mod judge;
mod kill;
mod optimize;
mod pty;
mod quiz;
mod replay;
mod schedule_props;
mod screen;
mod settings;
mod settings_decks;
mod snapshots;
mod stats;
mod store_kill;
mod study;
mod study_loop;
mod sync;
mod terminal;
