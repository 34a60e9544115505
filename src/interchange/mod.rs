//! Interchange formats: files deckard reads from and writes for other tools, kept apart from
//! the core (the scheduler, the judge, the store) that does no parsing of foreign formats.
//!
//! [`delimited`] is the one reader and writer of CSV and TSV (the `csv` crate: one set of
//! quoting rules for import, export and replay); [`replay`] reads an FSRS optimizer review log
//! and writes the memory states that the scheduler's pure replay computes, as JSON lines.

pub mod delimited;
pub mod replay;
