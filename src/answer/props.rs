//! Property tests: judging never panics on any card and any answer, and every well-formed card
//! accepts its own canonical answer (in the author's order and in any shuffled presentation).

use proptest::prelude::*;

use super::tests::card;
use super::*;
use crate::deck::Alternatives;

/// Any text at all, controls and odd scripts included.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f-\\x9f\u{202e}a-z0-9 ,;.:>→()-]{0,40}",
        "[a-z0-9 ,;\n]{0,60}",
    ]
}

/// A plausible answer: words of letters (some accented), digits, hyphens and dots.
fn word() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ][a-zà-ÿ]{0,9}(-[A-Za-z]{1,5})?( [A-Za-z0-9][a-z0-9.]{0,7}){0,2}"
}

fn any_card() -> impl Strategy<Value = Card> {
    let v = || prop::collection::vec(any_text(), 0..6);
    prop_oneof![
        any_text().prop_map(|b| card(Answer::Flashcard { back: b })),
        (any_text(), v()).prop_map(|(a, accept)| card(Answer::Text(Alternatives { answer: a, accept }))),
        any::<bool>().prop_map(|b| card(Answer::TrueFalse(b))),
        (v(), prop::collection::vec(0usize..8, 0..4))
            .prop_map(|(choices, correct)| card(Answer::Choice { choices, correct })),
        (any::<f64>(), any::<f64>(), prop::option::of(any_text())).prop_map(|(value, tolerance, unit)| card(
            Answer::Number {
                value,
                tolerance,
                unit
            }
        )),
        (prop::collection::vec((any_text(), v()), 0..6), any::<bool>()).prop_map(|(items, ordered)| card(
            Answer::List {
                items: items
                    .into_iter()
                    .map(|(answer, accept)| Alternatives { answer, accept })
                    .collect(),
                ordered
            }
        )),
        v().prop_map(|i| card(Answer::Order(i))),
        prop::collection::vec((any_text(), any_text()), 0..5).prop_map(|p| card(Answer::Match(p))),
    ]
}

/// Distinct plausible texts (distinct once normalised, as a judge needs them).
fn distinct_words(min: usize, max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(word(), min..max).prop_map(|ws| {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for w in ws {
            let k = normalize::key(&w);
            if !seen.contains(&k) {
                seen.push(k);
                out.push(w);
            }
        }
        out
    })
}

fn good_card() -> impl Strategy<Value = Card> {
    prop_oneof![
        (word(), prop::collection::vec(word(), 0..3))
            .prop_map(|(a, accept)| card(Answer::Text(Alternatives { answer: a, accept }))),
        any::<bool>().prop_map(|b| card(Answer::TrueFalse(b))),
        (
            distinct_words(2, 7),
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>()
        )
            .prop_map(|(choices, a, b)| {
                let mut correct = vec![a.index(choices.len()), b.index(choices.len())];
                correct.sort_unstable();
                correct.dedup();
                card(Answer::Choice { choices, correct })
            }),
        (
            -1e12f64..1e12,
            0f64..10.0,
            prop::option::of("[a-z]{1,6}|%|billion|million USD")
        )
            .prop_map(|(value, tolerance, unit)| card(Answer::Number {
                value,
                tolerance,
                unit
            })),
        any::<f64>()
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(|value| card(Answer::Number {
                value,
                tolerance: 0.0,
                unit: None
            })),
        (any::<i32>()).prop_map(|v| card(Answer::Number {
            value: f64::from(v),
            tolerance: 0.0,
            unit: None
        })),
        (distinct_words(1, 8), any::<bool>()).prop_map(|(items, ordered)| card(Answer::List {
            items: items
                .into_iter()
                .map(|answer| Alternatives {
                    answer,
                    accept: vec![]
                })
                .collect(),
            ordered
        })),
        distinct_words(2, 7).prop_map(|i| card(Answer::Order(i))),
        (distinct_words(1, 6), distinct_words(6, 7))
            .prop_map(|(l, r)| card(Answer::Match(l.into_iter().zip(r).collect()))),
        (1u32..28, 1usize..12, 1900i32..2100).prop_map(|(d, m, y)| {
            const M: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            card(Answer::Text(Alternatives {
                answer: format!("{d} {} {y}", M[m - 1]),
                accept: vec![format!("{y}-{m:02}-{d:02}")],
            }))
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn judging_never_panics(c in any_card(), given in any_text(), seed in any::<u64>()) {
        let v = judge(&c, &given);
        prop_assert!((0.0..=1.0).contains(&v.score));
        prop_assert!(!v.reason.chars().any(char::is_control));
        let _ = judge_presented(&c, &present(&c, "d/c", seed, seed % 7), &given);
        let _ = self_check(&c);
        let _ = crate::session::suggested_rating(&v);
    }

    #[test]
    fn the_canonical_answer_is_always_right(c in good_card(), seed in any::<u64>()) {
        let v = judge(&c, &c.canonical());
        prop_assert_eq!(v.outcome, Outcome::Right, "{:?}: {}", c.answer, v.reason);
        let shuffled = judge_presented(&c, &present(&c, "d/c", seed, seed % 7), &c.canonical());
        prop_assert_eq!(shuffled.outcome, Outcome::Right, "{:?}: {}", c.answer, shuffled.reason);
        let refused: Vec<_> = self_check(&c).into_iter().filter(|p| p.refused).collect();
        prop_assert!(refused.is_empty(), "{:?}: {:?}", c.answer, refused);
    }
}
