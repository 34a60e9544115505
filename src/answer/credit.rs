//! Answers the author graded (deck format v2): `accept` and `choices` entries written as tables
//! with a `credit` (partial credit or a penalty) and `feedback`, and `strict` text cards.

use super::choice;
use super::normalize::quote;
use super::rules::Rules;
use super::target::{Given, Hit, Target};
use super::{Outcome, Unreadable, Verdict};
use crate::deck::{Alternatives, Card};

/// Judges a text or cloze answer: the card's answer and full-credit alternatives as usual (no
/// typos on a strict card); an exact match of an entry with less credit scores that credit.
pub(super) fn text(
    card: &Card,
    alts: &Alternatives,
    rules: &Rules,
    given: &str,
    canonical: String,
) -> Verdict {
    let target = Target::with(alts.all(), rules).strict(card.strict);
    if card.graded.is_empty() {
        return super::single(&target, given, canonical);
    }
    let g = Given::new(given);
    let hit = target.compare(&g, true);
    // Partial credit and penalties are for the answer the author wrote, never for a typo of it;
    // and an exact match of a right answer wins over them.
    if !matches!(hit, Hit::Exact { .. }) {
        for e in card.graded.iter().filter(|e| e.credit < 1.0) {
            if matches!(
                Target::new([e.text.as_str()]).compare(&g, false),
                Hit::Exact { .. }
            ) {
                let reason = match e.credit {
                    c if c > 0.0 => format!("partly right: '{}' earns {c}", quote(&e.text)),
                    c if c < 0.0 => format!("wrong: '{}' costs {}", quote(&e.text), -c),
                    _ => format!(
                        "wrong: '{}' is not '{}'",
                        quote(&e.text),
                        quote(target.canonical())
                    ),
                };
                return Verdict::credited(e.credit, reason, canonical, e.feedback.clone());
            }
        }
    }
    let mut v = super::single(&target, given, canonical);
    if v.outcome == Outcome::Right
        && let Hit::Exact { alt } | Hit::Typo { alt, .. } = hit
        && let Some(a) = target.alts.get(alt)
    {
        v.feedback = card.graded_for(&a.raw).and_then(|e| e.feedback.clone());
    }
    v
}

/// Judges a choice card some of whose choices carry credit or feedback. Picks without credit
/// score as usual (1 for a right one, a penalty for a wrong one, the sum never below 0); a
/// positive credit adds to it and a negative credit is a penalty the score keeps.
pub(super) fn choice(
    card: &Card,
    choices: &[String],
    correct: &[usize],
    order: &[usize],
    given: &str,
    canonical: String,
) -> Result<Verdict, Unreadable> {
    // Input naming no choice is asked again before any credit is counted.
    let base = choice::judge(choices, correct, order, given, canonical.clone())?;
    let (chosen, unknown) = choice::chosen(choices, order, given);
    if chosen.is_empty() && unknown == 0 {
        return Ok(base);
    }
    let mut gained = 0.0;
    let mut penalty = 0.0;
    let mut plain_penalties = unknown as f64;
    let mut hits = 0.0;
    let mut feedback = Vec::new();
    let mut notes = Vec::new();
    for &i in &chosen {
        let text = choices.get(i).map_or("", String::as_str);
        let graded = card.graded_for(text);
        if let Some(f) = graded.and_then(|g| g.feedback.as_deref()) {
            feedback.push(f.to_string());
        }
        match graded.map(|g| g.credit) {
            _ if correct.contains(&i) => hits += 1.0,
            Some(c) if c > 0.0 => {
                gained += c;
                notes.push(format!("'{}' earns {c}", quote(text)));
            }
            Some(c) if c < 0.0 => {
                penalty += c;
                notes.push(format!("'{}' costs {}", quote(text), -c));
            }
            _ => plain_penalties += 1.0,
        }
    }
    let n = correct.len().max(1) as f64;
    // Partly right choices stand in for missing right ones; picked on top of every right one
    // they are extra picks, each costing what an extra wrong pick costs.
    let credited = chosen
        .iter()
        .filter(|&&i| !correct.contains(&i))
        .filter(|&&i| {
            card.graded_for(choices.get(i).map_or("", String::as_str))
                .is_some_and(|g| g.credit > 0.0)
        })
        .count();
    let extra = (chosen.len() + unknown)
        .saturating_sub(correct.len())
        .min(credited) as f64;
    let score = (((hits + gained - plain_penalties - extra) / n).clamp(0.0, 1.0) + penalty).clamp(-1.0, 1.0);
    let feedback = (!feedback.is_empty()).then(|| feedback.join(" "));
    let reason = if notes.is_empty() {
        base.reason.clone()
    } else if plain_penalties == 0.0 && (correct.len() == 1 || hits == n) {
        // Every pick is right or graded: the credits say it all.
        let word = if score >= 1.0 {
            "right"
        } else if score > 0.0 {
            "partly right"
        } else {
            "wrong"
        };
        format!("{word}: {}", notes.join(", "))
    } else {
        format!("{}; {}", base.reason, notes.join(", "))
    };
    Ok(Verdict::credited(score, reason, canonical, feedback))
}

#[cfg(test)]
mod tests {
    use crate::answer::{Outcome, judge, judge_presented, present, unshuffled};
    use crate::deck::{Card, Deck, Origin, parse_deck};

    fn deck(text: &str) -> Deck {
        let (deck, diags) = parse_deck(Origin::Bundled("t.toml".into()), text);
        assert!(diags.is_empty(), "{diags:?}");
        deck.unwrap()
    }

    fn v2() -> Deck {
        deck(include_str!("../../tests/decks/v2.toml"))
    }

    /// (outcome, score, feedback) of one answer.
    fn judged(card: &Card, given: &str) -> (Outcome, f64, Option<String>) {
        let v = judge(card, given);
        (v.outcome, v.score, v.feedback)
    }

    #[test]
    fn accept_entries_score_their_credit_and_carry_feedback() {
        let d = v2();
        let c = d.card("capital").unwrap();
        assert_eq!(judged(c, "Paris"), (Outcome::Right, 1.0, None));
        assert_eq!(judged(c, "Paree"), (Outcome::Right, 1.0, None));
        assert_eq!(
            judged(c, "Pari"),
            (Outcome::Right, 1.0, None),
            "typos of right answers stand"
        );
        assert_eq!(
            judged(c, "lutetia"),
            (Outcome::Partial, 0.5, Some("the Roman name".into()))
        );
        assert_eq!(
            judged(c, "Lyon"),
            (Outcome::Wrong, -0.25, Some("Lyon is the third city".into()))
        );
        // Credit is for the answer as written, never for a typo of it.
        assert_eq!(judged(c, "Lutetai"), (Outcome::Wrong, 0.0, None));
        assert_eq!(judged(c, "Marseille"), (Outcome::Wrong, 0.0, None));
    }

    #[test]
    fn feedback_on_a_full_credit_entry_or_the_answer_itself() {
        let d = deck(
            "[deck]\nid = \"t\"\ntitle = \"T\"\n[[card]]\nid = \"a\"\nq = \"Q\"\na = \"Kyrgyzstan\"\naccept = [{ text = \"Kyrgyzstan\", feedback = \"home of the SCO's RATS\" }, { text = \"Kirghizia\", feedback = \"the old name\" }]\n",
        );
        let c = d.card("a").unwrap();
        assert_eq!(c.canonical(), "Kyrgyzstan");
        assert_eq!(
            judged(c, "Kyrgyzstan"),
            (Outcome::Right, 1.0, Some("home of the SCO's RATS".into()))
        );
        assert_eq!(
            judged(c, "Kirghizia"),
            (Outcome::Right, 1.0, Some("the old name".into()))
        );
        assert_eq!(
            judged(c, "Kirgizia"),
            (Outcome::Right, 1.0, Some("the old name".into()))
        );
        assert_eq!(judged(c, "Tajikistan"), (Outcome::Wrong, 0.0, None));
    }

    #[test]
    fn strict_cards_take_no_typos() {
        let text = |strict: bool| {
            format!(
                "[deck]\nid = \"t\"\ntitle = \"T\"\n[[card]]\nid = \"a\"\nq = \"Q\"\na = \"Kyrgyzstan\"\naccept = [\"Kirghizia\"]\nstrict = {strict}\n[[card]]\nid = \"l\"\nq = \"Q\"\na = [\"Kazakhstan\", \"Uzbekistan\"]\nstrict = {strict}\n"
            )
        };
        let loose = deck(&text(false));
        let strict = deck(&text(true));
        for (given, outcome) in [
            ("Kyrgyzstan", Outcome::Right),
            ("kyrgyzstan", Outcome::Right),
            ("Kirghizia", Outcome::Right),
            ("Kyrgystan", Outcome::Wrong),
            ("Kirghizai", Outcome::Wrong),
        ] {
            assert_eq!(
                judge(strict.card("a").unwrap(), given).outcome,
                outcome,
                "{given}"
            );
            assert_eq!(
                judge(loose.card("a").unwrap(), given).outcome,
                Outcome::Right,
                "{given}"
            );
        }
        assert_eq!(
            judge(strict.card("l").unwrap(), "Kazakhstan, Uzbekistan").outcome,
            Outcome::Right
        );
        assert_eq!(
            judge(strict.card("l").unwrap(), "Kazakstan, Uzbekistan").outcome,
            Outcome::Partial
        );
        assert_eq!(
            judge(loose.card("l").unwrap(), "Kazakstan, Uzbekistan").outcome,
            Outcome::Right
        );
        let nato = v2();
        assert_eq!(judge(nato.card("nato").unwrap(), "NAT0").outcome, Outcome::Wrong);
    }

    #[test]
    fn choices_score_their_credit() {
        let d = v2();
        let c = d.card("largest-city").unwrap();
        assert_eq!(judged(c, "a"), (Outcome::Right, 1.0, None));
        assert_eq!(
            judged(c, "b"),
            (Outcome::Wrong, -0.25, Some("Lyon is third".into()))
        );
        assert_eq!(
            judged(c, "Marseille"),
            (Outcome::Partial, 0.5, Some("second largest".into()))
        );
        // A partly right pick on top of the right one is an extra pick.
        assert_eq!(judged(c, "a, c").1, 0.5);
        assert_eq!(judged(c, "a, b").1, 0.75);
        // Before: "zzz" was judged wrong (0 points); now it names no choice and is asked again.
        assert!(crate::answer::assess(c, &unshuffled(c), "zzz").is_err());
    }

    #[test]
    fn distractors_are_shown_and_always_wrong() {
        let d = v2();
        let c = d.card("capitals").unwrap();
        let p = unshuffled(c);
        assert_eq!(
            p.lines,
            [
                "1) France",
                "2) Italy",
                "a) Paris",
                "b) Rome",
                "c) Lyon",
                "d) Milan"
            ]
        );
        assert_eq!(judged(c, "1a 2b").0, Outcome::Right);
        assert_eq!(judged(c, "1c 2b").1, 0.5);
        assert_eq!(judged(c, "France -> Paris; Italy -> Milan").1, 0.5);
        assert_eq!(judged(c, "1c 2d").0, Outcome::Wrong);
        // Shuffled, the distractors mix into the right side and letters follow the display.
        let shown = present(c, "t/capitals", 7, 0);
        assert_eq!(shown.order.len(), 4);
        let letter_of = |text: &str| {
            let pos = shown.lines[2..].iter().position(|l| l.ends_with(text)).unwrap();
            crate::deck::letter(pos)
        };
        let right = format!("1{} 2{}", letter_of("Paris"), letter_of("Rome"));
        assert_eq!(judge_presented(c, &shown, &right).outcome, Outcome::Right);
        let wrong = format!("1{} 2{}", letter_of("Lyon"), letter_of("Rome"));
        assert_eq!(judge_presented(c, &shown, &wrong).score, 0.5);
    }
}
