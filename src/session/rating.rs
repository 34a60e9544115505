//! The rating a session suggests from the judge's verdict: what the learner gets by pressing
//! Enter in study, and what a quiz answer records.
//!
//! The rule: right → Good; wrong → Again; partly right → Hard only when *more than half* of it
//! was right (score > 1/2), else Again. Hard is a passing rating (the card's interval grows), so
//! 1 of 6 items, or exactly half, never suggests it.

use crate::answer::{Outcome, Verdict};
use crate::schedule::Rating;

/// The rating suggested for a verdict: Good when right, Again when wrong, and for a partly right
/// answer Hard when more than half of it was right (score above 1/2), else Again.
pub fn suggested_rating(v: &Verdict) -> Rating {
    match v.outcome {
        Outcome::Right => Rating::Good,
        Outcome::Wrong => Rating::Again,
        Outcome::Partial => rating_for_score(v.score),
    }
}

/// The rating of a partly right answer with `score` (0 to 1): Hard above one half, else Again.
pub fn rating_for_score(score: f64) -> Rating {
    if score > 0.5 { Rating::Hard } else { Rating::Again }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partial(score: f64) -> Verdict {
        Verdict {
            outcome: Outcome::Partial,
            score,
            reason: String::new(),
            canonical: String::new(),
            feedback: None,
        }
    }

    #[test]
    fn a_list_partly_right_passes_only_when_most_of_it_was_right() {
        // Before: every partial answer suggested Hard, a pass — 1 of 6 items lengthened the interval.
        assert_eq!(suggested_rating(&partial(1.0 / 6.0)), Rating::Again);
        assert_eq!(
            suggested_rating(&partial(3.0 / 6.0)),
            Rating::Again,
            "half is not most"
        );
        assert_eq!(suggested_rating(&partial(4.0 / 6.0)), Rating::Hard);
        assert_eq!(suggested_rating(&partial(5.0 / 6.0)), Rating::Hard);
    }

    #[test]
    fn right_and_wrong() {
        let mut v = partial(1.0);
        v.outcome = Outcome::Right;
        assert_eq!(suggested_rating(&v), Rating::Good);
        v.outcome = Outcome::Wrong;
        v.score = 0.0;
        assert_eq!(suggested_rating(&v), Rating::Again);
    }

    #[test]
    fn judged_list_of_six_follows_the_rule() {
        use crate::answer::judge;
        use crate::deck::{Origin, parse_deck};
        let items = [
            "China",
            "Russia",
            "Kazakhstan",
            "Kyrgyzstan",
            "Tajikistan",
            "Uzbekistan",
        ];
        let text = "[deck]\nid = \"t\"\ntitle = \"T\"\n[[card]]\nid = \"founders\"\nq = \"Name the six founders\"\na = [\"China\", \"Russia\", \"Kazakhstan\", \"Kyrgyzstan\", \"Tajikistan\", \"Uzbekistan\"]\n";
        let (deck, diags) = parse_deck(Origin::Bundled("t.toml".into()), text);
        assert!(diags.is_empty(), "{diags:?}");
        let deck = deck.unwrap();
        let card = deck.card("founders").unwrap();
        let cases = [
            (1, Rating::Again),
            (3, Rating::Again),
            (4, Rating::Hard),
            (5, Rating::Hard),
            (6, Rating::Good),
        ];
        for (n, want) in cases {
            let given = items[..n].join(", ");
            assert_eq!(suggested_rating(&judge(card, &given)), want, "{n} of 6");
        }
    }
}
