//! Every judge example of issue 13 ("fair questions") on a fixture deck of this test's own:
//! the input, the verdict before (in a comment), the verdict now.

use crate::answer::{Outcome, assess, judge, unshuffled};
use crate::deck::{Deck, Origin, parse_deck};
use Outcome::{Right, Wrong};

const DECK: &str = r#"
[deck]
id = "fair"
title = "Fair questions"

[[card]]
id = "members-zh"
q = "上海合作组织有几个创始成员国？"
a = "6"

[[card]]
id = "founded-zh"
q = "上海合作组织成立于哪一年？"
a = "2001"

[[card]]
id = "rats-city-zh"
q = "地区反恐怖机构执委会设在哪个城市？"
a = "塔什干"

[[card]]
id = "attendance"
q = "More than how many delegates attended the summit?"
a = "120"

[[card]]
id = "population"
q = "Over how many people live in the SCO member states?"
a = "2.2 billion"

[[card]]
id = "summit-dates"
q = "When was the Qingdao summit held?"
a = "June 9-10, 2018"

[[card]]
id = "year-2023"
q = "In which year did Iran join?"
a = "2023"

[[card]]
id = "founding-city"
q = "In which city was the SCO founded?"
a = "Shanghai"

[[card]]
id = "rats-city"
q = "Where is the RATS executive committee based?"
a = "Tashkent"

[[card]]
id = "deputy"
q = "Who was the deputy secretary-general?"
a = "Zhang Ming"
strict = true

[[card]]
id = "sg"
q = "Who was Secretary-General from 2019 to 2021?"
a = "Norov"

[[card]]
id = "minister"
q = "Who signed for Uzbekistan?"
a = "Alimov"

[[card]]
id = "centre"
q = "What is the acronym of the SCO energy and IT centre?"
a = "CSCOIET"

[[card]]
id = "trade"
q = "What was China's trade with SCO states?"
a = "US$244.85 billion"

[[card]]
id = "trade-rmb"
q = "What was the trade in yuan?"
a = "RMB 457.24 billion"

[[card]]
id = "hotel"
q = "Where was the declaration signed?"
choices = ["Peace Hotel", "Shangri-La Hotel", "Jin Jiang Hotel", "Park Hotel"]
a = "Shangri-La Hotel"

[[card]]
id = "sco-tf"
q = "The SCO was founded in 2001."
a = true
"#;

fn deck() -> Deck {
    let (deck, diags) = parse_deck(Origin::Bundled("fair.toml".into()), DECK);
    assert!(diags.is_empty(), "{diags:?}");
    deck.unwrap()
}

fn now(deck: &Deck, card: &str, given: &str) -> Outcome {
    let c = deck.card(card).unwrap_or_else(|| panic!("no card {card}"));
    judge(c, given).outcome
}

#[test]
fn answers_a_marker_accepts() {
    let d = deck();
    let cases = [
        ("members-zh", "六", Right),                        // before: wrong
        ("members-zh", "六个", Right),                      // before: wrong
        ("founded-zh", "二〇〇一年", Right),                // before: wrong
        ("rats-city-zh", "塔什干市", Right),                // before: wrong
        ("attendance", "more than 120", Right),             // before: wrong (not the number 120)
        ("population", "over 2.2 billion", Right),          // before: wrong
        ("summit-dates", "June 9 and 10, 2018", Right),     // before: wrong
        ("summit-dates", "June 9 to June 10, 2018", Right), // before: wrong
        ("year-2023", "twenty twenty-three", Right),        // before: wrong (read as 43)
        ("founding-city", "Shanghai, China", Right),        // before: wrong
        ("rats-city", "Tashkent, Uzbekistan", Right),       // before: wrong
        ("trade", "US$244.85bn", Right),                    // before: wrong
        ("trade-rmb", "457.24 billion yuan", Right),        // before: wrong
        ("trade", "$244.85 billion", Right),                // before: right, but as "two letters off"
        ("rats-city", "\x1b[1mTashkent\x1b[0m", Right),     // before: wrong (read as '1mtashkent0m')
    ];
    for (card, given, want) in cases {
        assert_eq!(now(&d, card, given), want, "{card}: {given:?}");
    }
}

#[test]
fn answers_a_marker_refuses() {
    let d = deck();
    let cases = [
        ("deputy", "Zhang Min", Wrong),             // before: right (one letter off)
        ("deputy", "Zhang Ping", Wrong),            // before: right (one letter off)
        ("sg", "Nurov", Wrong),                     // before: right (one letter off)
        ("minister", "Alimova", Wrong),             // before: right (one letter off)
        ("centre", "SCOIET", Wrong),                // before: right (one letter off)
        ("rats-city", "Paris, Uzbekistan", Wrong),  // before: wrong; stays wrong
        ("members-zh", "七个", Wrong),              // before: wrong; a wrong number stays wrong
        ("founded-zh", "二〇〇二年", Wrong),        // before: wrong; a different year stays wrong
        ("summit-dates", "June 9-10, 2019", Wrong), // before: wrong; stays wrong
        ("attendance", "more than 130", Wrong),     // before: wrong; stays wrong
    ];
    for (card, given, want) in cases {
        assert_eq!(now(&d, card, given), want, "{card}: {given:?}");
    }
}

#[test]
fn input_naming_no_option_is_asked_again() {
    let d = deck();
    let hotel = d.card("hotel").unwrap();
    let tf = d.card("sco-tf").unwrap();
    // before: each was judged wrong (and cost a point under --negative); now: asked again.
    for given in ["e", "5", "x", "Hilton"] {
        assert!(assess(hotel, &unshuffled(hotel), given).is_err(), "{given}");
    }
    // before: wrong; now: asked again.
    assert!(assess(tf, &unshuffled(tf), "perhaps").is_err());
    // A real pick is still judged.
    assert_eq!(assess(hotel, &unshuffled(hotel), "b").unwrap().outcome, Right);
}
