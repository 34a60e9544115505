//! Cards of many choices, items or pairs: judging and self-checking them compares each typed
//! piece with a few targets, not with all of them (issue 14: `deckard check` on a deck of
//! 100,000 order, match or list entries took 4–7 s in a release build, since each piece of the
//! card's own answer was compared with every item).

use super::card;
use crate::answer::target::COMPARES;
use crate::answer::{Outcome, judge, self_check};
use crate::deck::{Alternatives, Answer};

const N: usize = 20_000;

/// Whole-target comparisons made by `f` on this thread.
fn compares<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = COMPARES.with(|c| c.get());
    let out = f();
    (out, COMPARES.with(|c| c.get()) - before)
}

/// Letters only (`qbaa`…): no digits, so no bucket by digits narrows the typo search.
fn name(i: usize) -> String {
    let mut s = String::from("item ");
    let mut n = i;
    for _ in 0..4 {
        s.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    s
}

fn names() -> Vec<String> {
    (0..N).map(name).collect()
}

fn list() -> crate::deck::Card {
    card(Answer::List {
        items: names()
            .into_iter()
            .map(|answer| Alternatives {
                answer,
                accept: vec![],
            })
            .collect(),
        ordered: true,
    })
}

#[test]
fn the_self_check_of_large_cards_compares_each_piece_with_a_few_targets() {
    let order = card(Answer::Order(names()));
    let pairs = card(Answer::Match(
        names()
            .into_iter()
            .map(|n| (n.clone(), n.to_uppercase() + "!"))
            .collect(),
    ));
    for c in [order, pairs, list()] {
        let (problems, n) = compares(|| self_check(&c));
        // On main every piece was compared with all 20,000 targets, several times: hundreds of
        // millions. The list card's self-check looks every item up once.
        assert!(n < 4 * N, "{n} comparisons for {:?}", c.kind);
        // 256 pieces are read of an answer: longer cards are refused as before, nothing else.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems
                .iter()
                .all(|p| p.refused && p.message.contains("card's own answer")),
            "{problems:?}"
        );
    }
}

#[test]
fn misspelt_pieces_of_a_large_list_are_still_judged_with_bounded_work() {
    let c = list();
    // Pieces that are other items (the names are dense: `item haaa` → `item haxa`, also an
    // item), pieces one letter off several items (`item aazza`: `item aaza`, `item azza`…)
    // and every fifth piece as the item itself.
    let typed: Vec<String> = (0..300)
        .map(|i| {
            let mut s = name(i * 7);
            if i % 5 != 1 {
                s.replace_range(7..8, if i % 3 == 0 { "zz" } else { "x" });
            }
            s
        })
        .collect();
    let (v, n) = compares(|| judge(&c, &typed.join(", ")));
    // A typo as near to two items names neither; the others are items.
    assert_eq!(v.outcome, Outcome::Partial, "{}", v.reason);
    assert!(
        v.reason.contains(
            "not on the list: item aazza, item vazza, item lczza, item gdzza, item bezza and 64 more;"
        ),
        "{}",
        v.reason
    );
    assert!(!v.reason.contains("accepted"), "{}", v.reason);
    assert!(n < 100 * 256, "{n} comparisons");
}
