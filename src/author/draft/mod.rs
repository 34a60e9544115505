//! placeholder
mod facts;
mod lists;
mod text;
use super::NewCard;
use crate::deck::Source;
/// Drafted cards.
pub struct Drafted { pub cards: Vec<NewCard>, pub source: Source }
/// Drafts.
pub fn draft(_name: &str, _text: &str) -> Drafted { Drafted { cards: vec![], source: Source { id: "x".into(), title: "x".into(), publisher: None, as_of: None, url: None } } }
