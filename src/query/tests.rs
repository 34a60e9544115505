//! Each operator of the search language on a small deck with a pinned log.

use jiff::Timestamp;

use super::*;
use crate::deck::{Origin, parse_deck};
use crate::schedule::Config;
use crate::store::{Event, EventBody, EventId};

const DECK: &str = r#"
[deck]
id = "geo"
title = "Geography"
tags = ["world"]

[[card]]
id = "paris"
q = "Capital of France?"
a = "Paris"
tags = ["europe"]

[[card]]
id = "ci"
q = "Which country has Yamoussoukro as its capital?"
a = "Côte d'Ivoire"
tags = ["africa"]

[[card]]
id = "nile"
q = "Longest river?"
choices = ["Nile", "Amazon"]
a = "Nile"
tags = ["africa"]

[[card]]
id = "everest"
q = "Height of Everest in metres?"
a = 8849
draft = true
"#;

const OTHER: &str = r#"
[deck]
id = "sco-founding"
title = "SCO"

[[card]]
id = "year"
q = "Year the SCO was founded?"
a = 2001
"#;

fn lib() -> Library {
    let mut lib = Library::default();
    for text in [DECK, OTHER] {
        let (deck, diags) = parse_deck(Origin::Bundled("t.toml".into()), text);
        assert!(
            diags.iter().all(|d| d.severity != crate::deck::Severity::Error),
            "{diags:?}"
        );
        lib.decks.push(deck.unwrap());
    }
    lib
}

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn review(id: u64, time: &str, card: &str, rating: u8) -> Event {
    Event::study_answer(EventId::from_u64(id), t(time), card, rating, 1000)
}

/// The pinned log: `paris` a review card answered twice (last on 03-02), `nile` a leech
/// (lapsed again and again, last answered on 02-16, so due and poorly remembered), `ci` in learning since today, `year` never
/// studied but suspended and buried; `everest` never studied.
fn events() -> Vec<Event> {
    let mut v = vec![
        review(1, "2026-01-01T10:00:00Z", "geo/paris", 3),
        review(2, "2026-03-02T10:00:00Z", "geo/paris", 3),
        review(3, "2026-03-10T09:00:00Z", "geo/ci", 1),
    ];
    // Nile: graduate, then lapse (again) eight times, a day apart: a leech.
    let mut id = 100;
    v.push(review(id, "2026-01-01T10:00:00Z", "geo/nile", 4));
    for day in 0..8 {
        id += 1;
        v.push(review(
            id,
            &format!("2026-02-{:02}T10:00:00Z", day * 2 + 1),
            "geo/nile",
            1,
        ));
        id += 1;
        v.push(review(
            id,
            &format!("2026-02-{:02}T10:00:00Z", day * 2 + 2),
            "geo/nile",
            4,
        ));
    }
    v.push(Event::suspend(
        EventId::from_u64(500),
        t("2026-03-01T10:00:00Z"),
        "sco-founding/year",
    ));
    v.push(Event {
        id: EventId::from_u64(501),
        time: t("2026-03-10T09:30:00Z"),
        body: EventBody::Bury {
            card: "sco-founding/year".into(),
            until: t("2026-03-11T04:00:00Z"),
        },
    });
    v
}

/// The keys matching `q` at 2026-03-10 10:00 UTC (study day from 04:00).
fn keys(q: &str) -> Vec<String> {
    let sched = Scheduler::new(Config::default()).unwrap();
    let progress = Progress::replay(&events(), &sched);
    let env = Env {
        progress: &progress,
        sched: &sched,
        now: t("2026-03-10T10:00:00Z"),
        day: Day {
            start: t("2026-03-10T04:00:00Z"),
            end: t("2026-03-11T04:00:00Z"),
        },
    };
    let query = parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    let lib = lib();
    query
        .select(&env, &lib)
        .into_iter()
        .map(|(d, c)| format!("{}/{}", d.id, c.id))
        .collect()
}

#[track_caller]
fn check(q: &str, expected: &[&str]) {
    assert_eq!(keys(q), expected, "query {q:?}");
}

#[test]
fn words_match_prompts_and_answers_without_case_or_accents() {
    check("capital", &["geo/paris", "geo/ci"]);
    check("cote", &["geo/ci"]);
    check("CÔTE", &["geo/ci"]);
    check("\"côte d'ivoire\"", &["geo/ci"]);
    check("\"capital of\"", &["geo/paris"]);
    check("amazon", &["geo/nile"]);
    check("8849", &["geo/everest"]);
    check("pari", &["geo/paris"]);
    check("aris", &[]);
    check("\"france paris\"", &[]);
}

#[test]
fn deck_tag_kind_and_draft() {
    check("deck:geo", &["geo/paris", "geo/ci", "geo/nile", "geo/everest"]);
    check("deck:sco-*", &["sco-founding/year"]);
    check("deck:*found*", &["sco-founding/year"]);
    check("deck:sco", &[]);
    check("tag:africa", &["geo/ci", "geo/nile"]);
    check("tag:world -tag:africa", &["geo/paris", "geo/everest"]);
    check("tag:eu*", &["geo/paris"]);
    check("kind:choice", &["geo/nile"]);
    check("is:draft", &["geo/everest"]);
}

#[test]
fn states() {
    check("is:new", &["geo/everest", "sco-founding/year"]);
    check("is:learning", &["geo/ci"]);
    check("is:review", &["geo/paris", "geo/nile"]);
    check("is:suspended", &["sco-founding/year"]);
    check("is:buried", &["sco-founding/year"]);
    check("is:leech", &["geo/nile"]);
    check("is:due", &["geo/ci", "geo/nile"]);
}

#[test]
fn properties_and_rated() {
    check("prop:lapses>2", &["geo/nile"]);
    check(
        "prop:lapses=0",
        &["geo/paris", "geo/ci", "geo/everest", "sco-founding/year"],
    );
    check("prop:ivl>=30", &["geo/paris"]);
    check("prop:reps=2", &["geo/paris"]);
    check("prop:d>8", &["geo/nile"]);
    // Two Good answers leave FSRS-6's default difficulty for Good, about 2.1.
    check("prop:d<3", &["geo/paris"]);
    check("prop:r<0.8", &["geo/nile"]);
    check("prop:r>=0.8", &["geo/paris", "geo/ci"]);
    check("prop:due<=0", &["geo/ci", "geo/nile"]);
    check("prop:due>0", &["geo/paris"]);
    check("rated:1", &["geo/ci"]);
    check("rated:9", &["geo/paris", "geo/ci"]);
    check("rated:30", &["geo/paris", "geo/ci", "geo/nile"]);
}

#[test]
fn combinations() {
    check(
        "tag:africa or deck:sco*",
        &["geo/ci", "geo/nile", "sco-founding/year"],
    );
    check("-(tag:africa or deck:sco*)", &["geo/paris", "geo/everest"]);
    check("deck:geo (is:new or is:leech)", &["geo/nile", "geo/everest"]);
    check(
        "-is:new or is:suspended",
        &["geo/paris", "geo/ci", "geo/nile", "sco-founding/year"],
    );
    check("is:new -is:suspended", &["geo/everest"]);
    check(
        "",
        &[
            "geo/paris",
            "geo/ci",
            "geo/nile",
            "geo/everest",
            "sco-founding/year",
        ],
    );
}

#[test]
fn glob_matches_whole_strings() {
    let g = Glob::new("a*b*c");
    assert!(g.matches("abc") && g.matches("aXbYc") && g.matches("ABC"));
    assert!(!g.matches("ab") && !g.matches("abcd") && !g.matches("xabc"));
    assert!(Glob::new("*").matches(""));
    assert!(!Glob::new("aa*aa").matches("aaa"));
}
