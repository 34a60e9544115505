//! An index from card key (`deck-id/card-id`) to the card's place in a [`Library`], so looking a
//! card up never walks a deck: `decks` and `check` look up every studied card, and a study
//! session looks up each card it asks.
//!
//! The index holds only hashes and positions (16 bytes a card, no strings), sorted by hash;
//! every hit is confirmed by comparing the ids, so a hash collision costs a comparison, never a
//! wrong card.

use xxhash_rust::xxh3::Xxh3;

use super::{Card, Deck};

/// Sorted `(hash of deck id and card id, deck index, card index)`.
#[derive(Debug, Default, Clone)]
pub(crate) struct CardIndex {
    entries: Vec<(u64, u32, u32)>,
    /// The shape the index was built for: decks and cards. A library changed since then is
    /// searched directly rather than trusted to the index.
    shape: (usize, usize),
}

fn key_hash(deck: &str, card: &str) -> u64 {
    let mut h = Xxh3::new();
    h.update(deck.as_bytes());
    // A separator no id contains, so "a/bc" and "ab/c" hash apart.
    h.update(&[0]);
    h.update(card.as_bytes());
    h.digest()
}

/// Number of decks and cards: what the index must still match.
pub(crate) fn shape(decks: &[Deck]) -> (usize, usize) {
    (decks.len(), decks.iter().map(|d| d.cards.len()).sum())
}

impl CardIndex {
    /// Indexes every card of `decks`.
    pub(crate) fn build(decks: &[Deck]) -> CardIndex {
        let mut entries = Vec::with_capacity(shape(decks).1);
        for (di, d) in decks.iter().enumerate() {
            for (ci, c) in d.cards.iter().enumerate() {
                entries.push((key_hash(&d.id, &c.id), di as u32, ci as u32));
            }
        }
        entries.sort_unstable();
        CardIndex {
            entries,
            shape: shape(decks),
        }
    }

    /// True when `decks` still has the shape the index was built for.
    pub(crate) fn fits(&self, decks: &[Deck]) -> bool {
        self.shape == shape(decks)
    }

    /// The deck and card with these ids, confirmed against `decks`.
    pub(crate) fn find<'a>(&self, decks: &'a [Deck], deck: &str, card: &str) -> Option<(&'a Deck, &'a Card)> {
        let h = key_hash(deck, card);
        let start = self.entries.partition_point(|e| e.0 < h);
        self.entries[start..]
            .iter()
            .take_while(|e| e.0 == h)
            .find_map(|&(_, di, ci)| {
                let d = decks.get(di as usize)?;
                let c = d.cards.get(ci as usize)?;
                (d.id == deck && c.id == card).then_some((d, c))
            })
    }
}

#[cfg(test)]
mod tests {
    use crate::deck::{Library, Origin, parse_deck};

    fn deck(id: &str, cards: &[&str]) -> crate::deck::Deck {
        let mut text = format!("[deck]\nid = \"{id}\"\ntitle = \"T\"\n");
        for c in cards {
            text.push_str(&format!("\n[[card]]\nid = \"{c}\"\nq = \"q {c}?\"\na = \"x\"\n"));
        }
        parse_deck(Origin::Bundled(format!("{id}.toml")), &text)
            .0
            .expect("deck parses")
    }

    #[test]
    fn finds_every_card_and_nothing_else() {
        let lib = Library::new(vec![deck("a", &["bc", "x"]), deck("ab", &["c", "x"])], vec![]);
        for key in ["a/bc", "a/x", "ab/c", "ab/x"] {
            let (d, c) = lib.card(key).expect(key);
            assert_eq!(format!("{}/{}", d.id, c.id), key);
        }
        for key in ["a/c", "ab/bc", "b/x", "a", "a/", "/x", "a/x/y"] {
            assert!(lib.card(key).is_none(), "{key}");
        }
    }

    /// The index is built on the first lookup; a deck pushed afterwards must still be found.
    #[test]
    fn decks_added_after_the_first_lookup_are_found() {
        let mut lib = Library::new(vec![deck("a", &["x"])], vec![]);
        assert!(lib.card("a/x").is_some());
        lib.decks.push(deck("b", &["y"]));
        assert_eq!(lib.card("b/y").map(|(d, _)| d.id.as_str()), Some("b"));
        assert!(lib.card("a/x").is_some());
    }

    #[test]
    fn many_cards_are_all_found() {
        let ids: Vec<String> = (0..2000).map(|i| format!("c{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let lib = Library::new(vec![deck("d", &refs)], vec![]);
        for (i, id) in ids.iter().enumerate() {
            let (_, c) = lib.card(&format!("d/{id}")).expect("found");
            assert_eq!(c.id, ids[i]);
        }
    }
}
