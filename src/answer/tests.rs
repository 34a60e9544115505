//! Rule-by-rule tests of the judge, each with the answers it must accept and must not.

use super::*;
use crate::deck::{Alternatives, Kind, Pos};

pub(super) fn card(answer: Answer) -> Card {
    let kind = match &answer {
        Answer::Flashcard { .. } => Kind::Flashcard,
        Answer::Text(_) => Kind::Text,
        Answer::TrueFalse(_) => Kind::TrueFalse,
        Answer::Choice { .. } => Kind::Choice,
        Answer::Number { .. } => Kind::Number,
        Answer::List { .. } => Kind::List,
        Answer::Order(_) => Kind::Order,
        Answer::Match(_) => Kind::Match,
    };
    Card {
        id: "c".into(),
        note_id: "c".into(),
        kind,
        prompt: "?".into(),
        answer,
        tags: vec![],
        source: None,
        explain: None,
        hint: None,
        draft: false,
        pos: Pos::default(),
    }
}

fn text(answer: &str, accept: &[&str]) -> Card {
    card(Answer::Text(Alternatives { answer: answer.into(), accept: accept.iter().map(|s| s.to_string()).collect() }))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn list(items: &[&str], ordered: bool) -> Card {
    card(Answer::List {
        items: items.iter().map(|s| Alternatives { answer: s.to_string(), accept: vec![] }).collect(),
        ordered,
    })
}

fn founders() -> Card {
    let mut c = list(&["China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"], false);
    if let Answer::List { items, .. } = &mut c.answer {
        items[1].accept = strings(&["Russian Federation"]);
        items[3].accept = strings(&["Kyrgyz Republic"]);
    }
    c
}

fn choice(choices: &[&str], correct: &[usize]) -> Card {
    card(Answer::Choice { choices: strings(choices), correct: correct.to_vec() })
}

fn number(value: f64, tolerance: f64, unit: Option<&str>) -> Card {
    card(Answer::Number { value, tolerance, unit: unit.map(str::to_string) })
}

/// Asserts the outcome of each answer.
fn expect(c: &Card, cases: &[(&str, Outcome)]) {
    for (given, want) in cases {
        let v = judge(c, given);
        assert_eq!(v.outcome, *want, "{:?} on {:?}: {}", given, c.answer, v.reason);
    }
}

use Outcome::{Partial, Right, Wrong};

#[test]
fn text_normalisation() {
    let c = text("Shangri-La Hotel", &[]);
    expect(&c, &[
        ("Shangri-La Hotel", Right),
        ("shangri-la hotel", Right),
        ("  SHANGRI  LA   HOTEL ", Right),
        ("ShangriLa Hotel!", Right),
        ("the Shangri-La Hotel", Right),
        ("Ｓｈａｎｇｒｉ-Ｌａ Hotel", Right),
        ("Peace Hotel", Wrong),
        ("Shangri", Wrong),
    ]);
}

#[test]
fn diacritics_are_optional_but_letters_are_not() {
    let c = text("Türkiye", &[]);
    expect(&c, &[("Turkiye", Right), ("TÜRKIYE", Right), ("Türkiye", Right), ("Turkey", Wrong)]);
    expect(&text("Turkiye", &[]), &[("Türkiye", Right)]);
}

#[test]
fn leading_article_is_ignored() {
    expect(&text("the Secretariat", &[]), &[("Secretariat", Right), ("The secretariat", Right), ("a secretariat", Right)]);
    expect(&text("Secretariat", &[]), &[("the Secretariat", Right), ("Secretary", Wrong)]);
}

#[test]
fn accept_alternatives() {
    let c = text("Kyrgyzstan", &["Kyrgyz Republic", "Kirghizia"]);
    expect(&c, &[("Kyrgyz Republic", Right), ("kirghizia", Right), ("Kyrgyz", Wrong)]);
    assert!(judge(&c, "Kyrgyz Republic").reason.contains("accepted"));
}

#[test]
fn typo_tolerance_by_length() {
    expect(&text("Iran", &[]), &[("Iraq", Wrong), ("Irn", Wrong), ("Iran", Right)]);
    expect(&text("Mali", &[]), &[("Bali", Wrong)]);
    let c = text("Kyrgyzstan", &[]);
    expect(&c, &[("Kyrgystan", Right), ("Kyrgzystan", Right), ("Kirgyzstan", Right), ("Kirgystan", Wrong), ("Kazakhstan", Wrong)]);
    assert_eq!(judge(&c, "Kyrgystan").reason, "accepted: one letter off 'Kyrgyzstan'");
    let c = text("Council of Heads of State", &[]);
    expect(&c, &[("Counsil of Heads of Stat", Right), ("Concil of Heds of Stat", Wrong), ("Council of Heads of Government", Wrong)]);
    expect(&text("China", &[]), &[("Chnia", Right), ("Chin", Right), ("Chile", Wrong)]);
}

#[test]
fn typos_never_change_digits() {
    expect(&text("G20 summit", &[]), &[("G20 sumit", Right), ("G21 summit", Wrong), ("G2 summit", Wrong)]);
}

#[test]
fn text_that_is_a_number_is_judged_as_one() {
    let c = text("2001", &[]);
    expect(&c, &[("2001", Right), ("two thousand and one", Right), ("in 2001", Right), ("2002", Wrong), ("2011", Wrong), ("200", Wrong)]);
    assert_eq!(judge(&c, "2002").reason, "wrong: 2002 is not 2001");
    expect(&text("15%", &[]), &[("15 %", Right), ("15 percent", Right), ("16%", Wrong)]);
    expect(&text("10 Downing Street", &[]), &[("10 Downing St", Wrong), ("10 downing street", Right), ("11 Downing Street", Wrong)]);
}

#[test]
fn text_that_is_a_date_is_judged_as_one() {
    let c = text("15 June 2001", &[]);
    expect(&c, &[
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
    ]);
    assert_eq!(judge(&c, "16 June 2001").reason, "wrong: 16 June 2001 is not 15 June 2001");
    expect(&text("11 September 2001", &[]), &[("Sept 11, 2001", Right), ("11 Sep 2001", Right), ("11 Oct 2001", Wrong)]);
}

#[test]
fn numbers_with_separators_units_and_words() {
    let c = number(10500.0, 0.0, None);
    expect(&c, &[("10500", Right), ("10,500", Right), ("10 500", Right), ("10.500", Wrong), ("10501", Wrong), ("ten thousand five hundred", Right)]);
    let c = number(244.85, 0.0, Some("billion USD"));
    expect(&c, &[("244.85 billion", Right), ("244.85", Right), ("$244.85 billion", Right), ("244,850,000,000", Right), ("244.85 million", Wrong), ("244.8", Wrong)]);
    let c = number(43.0, 0.0, None);
    expect(&c, &[("forty-three", Right), ("Forty Three", Right), ("43", Right), ("forty-four", Wrong), ("thirty-four", Wrong), ("fourty-three", Wrong)]);
    expect(&number(100.0, 0.0, None), &[("a hundred", Right), ("one hundred", Right), ("hundred", Right), ("1e2", Wrong)]);
    expect(&number(3e6, 0.0, None), &[("three million", Right), ("3 million", Right), ("3,000,000", Right), ("3 billion", Wrong)]);
    expect(&number(15.0, 0.0, Some("%")), &[("15%", Right), ("15 per cent", Right), ("15", Right), ("51%", Wrong)]);
}

#[test]
fn numbers_are_never_typo_tolerated() {
    expect(&number(2001.0, 0.0, None), &[("2001", Right), ("2002", Wrong), ("2010", Wrong), ("20001", Wrong), ("twenty", Wrong), ("Shanghai", Wrong)]);
    assert_eq!(judge(&number(2001.0, 0.0, None), "2002").reason, "wrong: 2002 is not 2001");
}

#[test]
fn number_tolerance() {
    let c = number(100.0, 5.0, None);
    expect(&c, &[("95", Right), ("105", Right), ("102.5", Right), ("94.9", Wrong), ("106", Wrong)]);
    assert!(judge(&c, "103").reason.contains("within ±5"));
    expect(&number(-5.0, 0.0, None), &[("-5", Right), ("\u{2212}5", Right), ("5", Wrong)]);
}

#[test]
fn number_unit_is_optional_and_noted_when_other() {
    let c = number(6.0, 0.0, Some("km"));
    expect(&c, &[("6", Right), ("6 km", Right), ("6km", Right), ("7 km", Wrong)]);
    assert!(judge(&c, "6 miles").reason.contains("unit"));
}

#[test]
fn true_false_forms() {
    let t = card(Answer::TrueFalse(true));
    expect(&t, &[("true", Right), ("T", Right), ("yes", Right), ("Y", Right), ("TRUE.", Right), ("false", Wrong), ("no", Wrong), ("n", Wrong), ("maybe", Wrong), ("", Wrong)]);
    let f = card(Answer::TrueFalse(false));
    expect(&f, &[("false", Right), ("f", Right), ("No", Right), ("n", Right), ("yes", Wrong), ("t", Wrong)]);
}

#[test]
fn single_choice_by_letter_number_or_text() {
    let c = choice(&["Peace Hotel", "Shangri-La Hotel", "Jin Jiang Hotel", "Park Hotel"], &[1]);
    expect(&c, &[
        ("b", Right),
        ("B", Right),
        ("b)", Right),
        ("2", Right),
        ("Shangri-La Hotel", Right),
        ("shangri la hotl", Right),
        ("Shangri-La", Right),
        ("a", Wrong),
        ("Peace Hotel", Wrong),
        ("Park", Wrong),
        ("e", Wrong),
        ("5", Wrong),
        ("a, b", Wrong),
        ("", Wrong),
    ]);
}

#[test]
fn choice_typo_never_lands_on_another_choice() {
    let c = choice(&["Iran", "Iraq"], &[0]);
    expect(&c, &[("Iran", Right), ("Iraq", Wrong), ("Irak", Wrong)]);
    // `Austria` is one letter off `Australia`'s neighbour? No: equally close to both → refused.
    let c = choice(&["Slovakia", "Slovenia"], &[0]);
    expect(&c, &[("Slovakia", Right), ("Slovenia", Wrong), ("Slovekia", Wrong)]);
    let c = choice(&["Kazakhstan", "Kyrgyzstan"], &[1]);
    expect(&c, &[("Kyrgystan", Right), ("Kazakstan", Wrong)]);
}

#[test]
fn several_correct_choices_with_partial_credit_and_penalty() {
    let c = choice(&["Kazakhstan", "Russia", "Tajikistan", "China"], &[0, 2]);
    expect(&c, &[
        ("a, c", Right),
        ("c a", Right),
        ("ac", Right),
        ("A;C", Right),
        ("1, 3", Right),
        ("Kazakhstan and Tajikistan", Right),
        ("a) Kazakhstan, c) Tajikistan", Right),
        ("a", Partial),
        ("a, b, c", Partial),
        ("b", Wrong),
        ("a, b", Wrong),
        ("b, d", Wrong),
    ]);
    assert!((judge(&c, "a").score - 0.5).abs() < 1e-9);
    assert!((judge(&c, "a b c").score - 0.5).abs() < 1e-9);
    assert!(judge(&c, "a").reason.contains("missing: c) Tajikistan"));
    assert!(judge(&c, "a b c").reason.contains("wrong pick: b) Russia"));
}

#[test]
fn numeric_choice_texts_win_over_positions() {
    let c = choice(&["2", "4", "6", "8"], &[2]);
    expect(&c, &[("6", Right), ("c", Right), ("2", Wrong), ("3", Right)]);
    let c = choice(&["2001", "2002"], &[0]);
    expect(&c, &[("2001", Right), ("a", Right), ("2002", Wrong), ("2003", Wrong)]);
}

#[test]
fn unordered_lists() {
    let c = founders();
    expect(&c, &[
        ("China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan", Right),
        ("Uzbekistan; Tajikistan; Kyrgyzstan; Kazakhstan; Russia; China", Right),
        ("China\nRussia\nKazakhstan\nKyrgyzstan\nTajikistan\nUzbekistan", Right),
        ("China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan", Right),
        ("China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, and Uzbekistan", Right),
        ("china russia kazakhstan kyrgyzstan tajikistan uzbekistan", Right),
        ("Russian Federation, China, Kyrgyz Republic, Tajikistan, Uzbekistan, Kazakhstan", Right),
        ("China, Russia, Kazakstan, Kyrgyzstan, Tajikistan, Uzbekistan", Right),
        ("China, China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan", Right),
        ("China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan", Partial),
        ("China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan, Iran", Partial),
        ("China", Partial),
        ("Iran, India", Wrong),
        ("", Wrong),
        (",,, ;", Wrong),
    ]);
    let five = judge(&c, "China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan");
    assert!((five.score - 5.0 / 6.0).abs() < 1e-9);
    assert_eq!(five.reason, "missing: Uzbekistan");
    let extra = judge(&c, "China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan, Iran");
    assert!(extra.score < 1.0 && extra.reason.contains("not on the list: iran"));
    let spam = judge(&c, &"China, Russia, Iran, India, Pakistan, Mongolia, Belarus, Turkey, Egypt, Qatar".to_string());
    assert!(spam.score < 0.25, "listing many wrong items costs: {}", spam.score);
}

#[test]
fn list_typo_never_lands_on_another_item() {
    let c = list(&["Austria", "Australia"], false);
    expect(&c, &[("Austria, Australia", Right), ("Austria, Austria", Partial)]);
    let c = list(&["Iran", "Iraq"], false);
    expect(&c, &[("Iraq", Partial), ("Irak, Iran", Partial)]);
}

#[test]
fn list_items_containing_commas_or_and() {
    let c = list(&["Trinidad and Tobago", "Washington, D.C."], false);
    expect(&c, &[("Trinidad and Tobago, Washington, D.C.", Right), ("Washington DC and Trinidad and Tobago", Partial)]);
}

#[test]
fn ordered_lists_credit_the_longest_run() {
    let c = list(&["Shanghai", "Astana", "Tashkent", "Bishkek"], true);
    expect(&c, &[
        ("Shanghai, Astana, Tashkent, Bishkek", Right),
        ("Astana, Shanghai, Tashkent, Bishkek", Partial),
        ("Bishkek, Tashkent, Astana, Shanghai", Partial),
        ("Tashkent, Bishkek", Partial),
        ("Moscow", Wrong),
    ]);
    assert!((judge(&c, "Astana, Shanghai, Tashkent, Bishkek").score - 0.75).abs() < 1e-9);
    assert!(judge(&c, "Astana, Shanghai, Tashkent, Bishkek").reason.contains("3 of 4 in the right order"));
}

#[test]
fn order_by_numbers_or_names() {
    let c = card(Answer::Order(strings(&["Heads of State", "Heads of Government", "Foreign Ministers"])));
    expect(&c, &[
        ("1 2 3", Right),
        ("123", Right),
        ("1, 2, 3", Right),
        ("Heads of State, Heads of Government, Foreign Ministers", Right),
        ("heads of state > heads of government > foreign ministers", Right),
        ("Heads of State → Heads of Government → Foreign Ministers", Right),
        ("2 1 3", Partial),
        ("1 3 2", Partial),
        ("3 2 1", Wrong),
        ("1 2", Partial),
        ("7 8 9", Wrong),
        ("", Wrong),
    ]);
    // Numbers are read against the shuffled display.
    let p = present(&c, 7);
    let typed: Vec<String> = (0..3).map(|i| (p.order.iter().position(|&o| o == i).unwrap() + 1).to_string()).collect();
    assert_eq!(judge_presented(&c, &p, &typed.join(" ")).outcome, Right);
}

#[test]
fn order_of_years_reads_years_not_positions() {
    let c = card(Answer::Order(strings(&["1996", "2001", "2017"])));
    expect(&c, &[("1996, 2001, 2017", Right), ("2001, 1996, 2017", Partial), ("1 2 3", Right)]);
}

#[test]
fn match_pairs() {
    let c = card(Answer::Match(vec![
        ("Secretariat".into(), "Beijing".into()),
        ("RATS Executive Committee".into(), "Tashkent".into()),
        ("Founding summit".into(), "Shanghai".into()),
    ]));
    expect(&c, &[
        ("1a 2b 3c", Right),
        ("1-a, 2-b, 3-c", Right),
        ("3c 1a 2b", Right),
        ("a b c", Right),
        ("1 a 2 b 3 c", Right),
        ("Secretariat → Beijing; RATS Executive Committee → Tashkent; Founding summit → Shanghai", Right),
        ("secretariat: beijing\nrats executive committee: tashkent\nfounding summit: shanghai", Right),
        ("1a 2c 3b", Partial),
        ("1a", Partial),
        ("1b 2a 3c", Partial),
        ("1b 2c 3a", Wrong),
        ("b c a", Wrong),
        ("1z 2y", Wrong),
        ("", Wrong),
    ]);
    assert!(judge(&c, "1a 2c 3b").reason.contains("(is Tashkent)"));
    let p = present(&c, 3);
    let code: Vec<String> = (0..3)
        .map(|i| format!("{}{}", i + 1, crate::deck::letter(p.order.iter().position(|&o| o == i).unwrap())))
        .collect();
    assert_eq!(judge_presented(&c, &p, &code.join(" ")).outcome, Right);
}

#[test]
fn flashcards_are_self_graded() {
    let c = card(Answer::Flashcard { back: "Mutual trust".into() });
    expect(&c, &[("mutual trust", Right), ("anything", Wrong), ("", Wrong)]);
    assert_eq!(judge(&c, "x").reason, "self-graded card");
}

#[test]
fn suggested_ratings() {
    let c = founders();
    assert_eq!(suggested_rating(&judge(&c, "Iran")), 1);
    assert_eq!(suggested_rating(&judge(&c, "China")), 2);
    assert_eq!(suggested_rating(&judge(&c, &c.canonical())), 3);
    assert_eq!(Outcome::Partial.name(), "partial");
    assert_eq!(Outcome::Right.to_string(), "right");
}

#[test]
fn hostile_input_is_bounded_and_never_echoed_raw() {
    let big = "x".repeat(1 << 20);
    let junk = "\x1b[2J\u{202e}\x07\0".repeat(1000);
    let cards = [
        text("Shanghai", &[]),
        text("15 June 2001", &[]),
        number(6.0, 0.0, None),
        founders(),
        choice(&["a", "b"], &[0]),
        card(Answer::Order(strings(&["x", "y"]))),
        card(Answer::Match(vec![("a".into(), "b".into())])),
        card(Answer::TrueFalse(true)),
    ];
    for c in &cards {
        for given in [big.as_str(), junk.as_str(), "", "\0", "9".repeat(5000).as_str(), ",".repeat(100_000).as_str()] {
            let v = judge(c, given);
            assert!(!v.reason.chars().any(|ch| ch.is_control()), "{:?}", v.reason);
            assert!(v.reason.len() < 2000);
            assert_ne!(v.outcome, Right);
        }
    }
    let v = judge(&text("Shanghai", &[]), "Shang\x1b[31mhai");
    assert!(!v.reason.contains('\x1b'));
}

#[test]
fn a_mismatched_presentation_falls_back_to_the_author_order() {
    let c = choice(&["x", "y", "z"], &[1]);
    let bad = Presentation { lines: vec![], expected_items: None, order: vec![5, 5], how: "", seed: 0 };
    assert_eq!(judge_presented(&c, &bad, "b").outcome, Right);
}

#[test]
fn presentation_lines() {
    let c = choice(&["Peace Hotel", "Park Hotel"], &[0]);
    assert_eq!(present(&c, 9).lines, vec!["a) Peace Hotel", "b) Park Hotel"]);
    let c = founders();
    assert_eq!(present(&c, 1).expected_items, Some(6));
    let c = card(Answer::Match(vec![("A".into(), "1".into()), ("B".into(), "2".into())]));
    let p = present(&c, 1);
    assert_eq!(p.lines.len(), 4);
    assert!(p.lines[0].starts_with("1) ") && p.lines[2].starts_with("a) "));
}

#[test]
fn self_check_finds_alternatives_the_judge_refuses_and_clashes() {
    assert!(self_check(&founders()).is_empty());
    assert!(self_check(&text("15 June 2001", &["June 15, 2001", "2001-06-15"])).is_empty());
    // An item's alternative that is another item.
    let mut c = list(&["Russia", "China"], false);
    if let Answer::List { items, .. } = &mut c.answer {
        items[0].accept = strings(&["china"]);
    }
    assert!(!self_check(&c).is_empty());
    // Choices that normalise to the same text, and a choice that reads as another's letter.
    assert!(!self_check(&choice(&["Shangri-La", "Shangri La"], &[0])).is_empty());
    assert!(!self_check(&choice(&["b", "c"], &[0])).is_empty());
    assert!(!self_check(&card(Answer::Order(strings(&["Türkiye", "Turkiye"])))).is_empty());
    assert!(self_check(&card(Answer::TrueFalse(false))).is_empty());
}

