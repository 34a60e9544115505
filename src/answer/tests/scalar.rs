//! Text, numbers, dates and true/false.

use super::*;
use crate::answer::{Outcome, judge};
use crate::deck::Answer;
use Outcome::{Partial, Right, Wrong};

#[test]
fn text_normalisation() {
    let c = text("Shangri-La Hotel", &[]);
    expect(
        &c,
        &[
            ("Shangri-La Hotel", Right),
            ("shangri-la hotel", Right),
            ("  SHANGRI  LA   HOTEL ", Right),
            ("ShangriLa Hotel!", Right),
            ("the Shangri-La Hotel", Right),
            ("Ｓｈａｎｇｒｉ-Ｌａ Hotel", Right),
            ("Peace Hotel", Wrong),
            ("Shangri", Wrong),
        ],
    );
}

#[test]
fn diacritics_are_optional_but_letters_are_not() {
    let c = text("Türkiye", &[]);
    expect(
        &c,
        &[
            ("Turkiye", Right),
            ("TÜRKIYE", Right),
            ("Türkiye", Right),
            ("Turkey", Wrong),
        ],
    );
    expect(&text("Turkiye", &[]), &[("Türkiye", Right)]);
}

#[test]
fn leading_article_is_ignored() {
    expect(
        &text("the Secretariat", &[]),
        &[
            ("Secretariat", Right),
            ("The secretariat", Right),
            ("a secretariat", Right),
        ],
    );
    expect(
        &text("Secretariat", &[]),
        &[("the Secretariat", Right), ("Secretary", Wrong)],
    );
}

#[test]
fn accept_alternatives() {
    let c = text("Kyrgyzstan", &["Kyrgyz Republic", "Kirghizia"]);
    expect(
        &c,
        &[
            ("Kyrgyz Republic", Right),
            ("kirghizia", Right),
            ("Kyrgyz", Wrong),
        ],
    );
    assert!(judge(&c, "Kyrgyz Republic").reason.contains("accepted"));
}

#[test]
fn typo_tolerance_by_length() {
    expect(
        &text("Iran", &[]),
        &[("Iraq", Wrong), ("Irn", Wrong), ("Iran", Right)],
    );
    expect(&text("Mali", &[]), &[("Bali", Wrong)]);
    let c = text("Kyrgyzstan", &[]);
    expect(
        &c,
        &[
            ("Kyrgystan", Right),
            ("Kyrgzystan", Right),
            ("Kirgyzstan", Right),
            ("Kirgystan", Wrong),
            ("Kazakhstan", Wrong),
        ],
    );
    assert_eq!(
        judge(&c, "Kyrgystan").reason,
        "accepted: one letter off 'Kyrgyzstan'"
    );
    let c = text("Council of Heads of State", &[]);
    expect(
        &c,
        &[
            ("Counsil of Heads of Stat", Right),
            ("Concil of Heds of Stat", Wrong),
            ("Council of Heads of Government", Wrong),
        ],
    );
    expect(
        &text("China", &[]),
        &[("Chnia", Right), ("Chin", Right), ("Chile", Wrong)],
    );
}

#[test]
fn typos_never_change_digits() {
    expect(
        &text("G20 summit", &[]),
        &[("G20 sumit", Right), ("G21 summit", Wrong), ("G2 summit", Wrong)],
    );
}

#[test]
fn text_that_is_a_number_is_judged_as_one() {
    let c = text("2001", &[]);
    expect(
        &c,
        &[
            ("2001", Right),
            ("two thousand and one", Right),
            ("in 2001", Right),
            ("2002", Wrong),
            ("2011", Wrong),
            ("200", Wrong),
        ],
    );
    assert_eq!(judge(&c, "2002").reason, "wrong: 2002 is not 2001");
    expect(
        &text("15%", &[]),
        &[("15 %", Right), ("15 percent", Right), ("16%", Wrong)],
    );
    expect(
        &text("10 Downing Street", &[]),
        &[
            ("10 Downing St", Wrong),
            ("10 downing street", Right),
            ("11 Downing Street", Wrong),
        ],
    );
}

#[test]
fn text_that_is_a_date_is_judged_as_one() {
    let c = text("15 June 2001", &[]);
    expect(
        &c,
        &[
            ("15 June 2001", Right),
            ("June 15, 2001", Right),
            ("2001-06-15", Right),
            ("15 june 2001", Right),
            ("15th of June 2001", Right),
            ("15 Jun 2001", Right),
            ("16 June 2001", Wrong),
            ("15 July 2001", Wrong),
            ("15 June 2002", Wrong),
            ("14 June 2001", Wrong),
            ("June 2001", Partial),
            ("2001", Wrong),
        ],
    );
    assert_eq!(
        judge(&c, "16 June 2001").reason,
        "wrong: 16 June 2001 is not 15 June 2001"
    );
    expect(
        &text("11 September 2001", &[]),
        &[
            ("Sept 11, 2001", Right),
            ("11 Sep 2001", Right),
            ("11 Oct 2001", Wrong),
        ],
    );
}

#[test]
fn numbers_with_separators_units_and_words() {
    let c = number(10500.0, 0.0, None);
    expect(
        &c,
        &[
            ("10500", Right),
            ("10,500", Right),
            ("10 500", Right),
            ("10.500", Wrong),
            ("10501", Wrong),
            ("ten thousand five hundred", Right),
        ],
    );
    let c = number(244.85, 0.0, Some("billion USD"));
    expect(
        &c,
        &[
            ("244.85 billion", Right),
            ("244.85", Right),
            ("$244.85 billion", Right),
            ("244,850,000,000", Right),
            ("244.85 million", Wrong),
            ("244.8", Wrong),
        ],
    );
    let c = number(43.0, 0.0, None);
    expect(
        &c,
        &[
            ("forty-three", Right),
            ("Forty Three", Right),
            ("43", Right),
            ("forty-four", Wrong),
            ("thirty-four", Wrong),
            ("fourty-three", Wrong),
        ],
    );
    expect(
        &number(100.0, 0.0, None),
        &[
            ("a hundred", Right),
            ("one hundred", Right),
            ("hundred", Right),
            ("1e2", Wrong),
        ],
    );
    expect(
        &number(3e6, 0.0, None),
        &[
            ("three million", Right),
            ("3 million", Right),
            ("3,000,000", Right),
            ("3 billion", Wrong),
        ],
    );
    expect(
        &number(15.0, 0.0, Some("%")),
        &[
            ("15%", Right),
            ("15 per cent", Right),
            ("15", Right),
            ("51%", Wrong),
        ],
    );
}

#[test]
fn numbers_are_never_typo_tolerated() {
    expect(
        &number(2001.0, 0.0, None),
        &[
            ("2001", Right),
            ("2002", Wrong),
            ("2010", Wrong),
            ("20001", Wrong),
            ("twenty", Wrong),
            ("Shanghai", Wrong),
        ],
    );
    assert_eq!(
        judge(&number(2001.0, 0.0, None), "2002").reason,
        "wrong: 2002 is not 2001"
    );
}

#[test]
fn number_tolerance() {
    let c = number(100.0, 5.0, None);
    expect(
        &c,
        &[
            ("95", Right),
            ("105", Right),
            ("102.5", Right),
            ("94.9", Wrong),
            ("106", Wrong),
        ],
    );
    assert!(judge(&c, "103").reason.contains("within ±5"));
    expect(
        &number(-5.0, 0.0, None),
        &[("-5", Right), ("\u{2212}5", Right), ("5", Wrong)],
    );
}

#[test]
fn number_unit_is_optional_and_noted_when_other() {
    let c = number(6.0, 0.0, Some("km"));
    expect(
        &c,
        &[("6", Right), ("6 km", Right), ("6km", Right), ("7 km", Wrong)],
    );
    assert!(judge(&c, "6 miles").reason.contains("unit"));
}

#[test]
fn true_false_forms() {
    let t = card(Answer::TrueFalse(true));
    expect(
        &t,
        &[
            ("true", Right),
            ("T", Right),
            ("yes", Right),
            ("Y", Right),
            ("TRUE.", Right),
            ("false", Wrong),
            ("no", Wrong),
            ("n", Wrong),
            ("maybe", Wrong),
            ("", Wrong),
        ],
    );
    let f = card(Answer::TrueFalse(false));
    expect(
        &f,
        &[
            ("false", Right),
            ("f", Right),
            ("No", Right),
            ("n", Right),
            ("yes", Wrong),
            ("t", Wrong),
        ],
    );
}

#[test]
fn extreme_number_cards_accept_their_canonical_answer() {
    for v in [
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        -1e300,
        0.1 + 0.2,
        1e15,
        123456789.123,
    ] {
        let c = number(v, 0.0, None);
        assert_eq!(judge(&c, &c.canonical()).outcome, Right, "{v}");
    }
    let c = number(f64::NAN, 0.0, None);
    assert_eq!(judge(&c, &c.canonical()).outcome, Right);
    assert_eq!(judge(&c, "1").outcome, Wrong);
}
