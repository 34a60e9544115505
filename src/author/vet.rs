//! Whether new cards are fit to be written: the judge's self-check, sorted into findings that
//! keep a card out (it refuses its own answers, as `deckard check` reports as an error) and
//! advice shown beside a card that is written anyway (a `check` warning).

use crate::deck::Card;

/// The self-check findings on a set of new cards, each message naming its card.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Vetting {
    /// Findings that make a card broken: nothing may be written while any is present.
    pub refused: Vec<String>,
    /// Advice on cards that are fine to write.
    pub warnings: Vec<String>,
}

impl Vetting {
    /// Whether the cards may be written.
    pub fn accepted(&self) -> bool {
        self.refused.is_empty()
    }
}

/// Judges each card against its own answers; refusals and advice are kept apart so that a
/// card `check` accepts with a warning is written, with the warning shown.
pub fn vet(cards: &[&Card]) -> Vetting {
    let mut out = Vetting::default();
    for c in cards {
        for p in crate::answer::self_check(c) {
            let message = format!("card `{}`: {p}", c.id);
            if p.refused {
                out.refused.push(message);
            } else {
                out.warnings.push(message);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(text: &str) -> crate::deck::Deck {
        super::super::validate("t.toml", text).unwrap()
    }

    // Regression: `add` used to refuse any card with a self-check finding, so a choice that
    // merely looks like another choice's label (a `check` warning) could not be added.
    #[test]
    fn advice_is_a_warning_not_a_refusal() {
        let deck = cards(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nid = \"c\"\nkind = \"choice\"\nq = \"Capital?\"\nchoices = [\"Paris\", \"1\"]\na = \"Paris\"\n",
        );
        let v = vet(&deck.cards.iter().collect::<Vec<_>>());
        assert!(v.accepted(), "{v:?}");
        assert_eq!(v.warnings.len(), 1, "{v:?}");
        assert!(
            v.warnings[0].starts_with("card `c`: choice b) '1' looks like the label"),
            "{v:?}"
        );
    }
}
