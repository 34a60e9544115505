//! The bundled SCO decks: clean under `check`, every topic covered, every document cited.

use std::collections::HashMap;

use deckard::deck::{Kind, Severity, load_bundled};

/// Which seed document each source id stands for (the conflicts guide's table).
const DOCUMENTS: &[(&str, &str)] = &[
    ("overview", "000"),
    ("relations-2017", "000"),
    ("institute-2023", "000"),
    ("keywords-2019", "001"),
    ("anniversary-2021", "002"),
    ("report-2018", "003"),
    ("xinhua-2023", "004"),
];

#[test]
fn bundled_decks_have_no_errors_or_warnings_and_accept_their_own_answers() {
    let lib = load_bundled();
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    for d in &lib.decks {
        for c in &d.cards {
            let problems = deckard::answer::self_check(c);
            assert!(problems.is_empty(), "{}/{}: {problems:?}", d.id, c.id);
        }
    }
    assert!(!lib.diagnostics.iter().any(|d| d.severity == Severity::Error));
}

#[test]
fn every_topic_has_cards_and_all_kinds_are_used() {
    let lib = load_bundled();
    let topics = [
        "sco-founding",
        "sco-spirit",
        "sco-bodies",
        "sco-membership",
        "sco-partners",
        "sco-un",
        "sco-summits",
        "sco-economy",
        "sco-institute",
        "sco-security",
        "sco-culture",
        "sco-initiatives",
        "sco-assessment",
        "sco-zh",
    ];
    for t in topics {
        let deck = lib.deck(t).unwrap_or_else(|| panic!("no deck {t}"));
        assert!(deck.cards.len() >= 10, "{t} has {} cards", deck.cards.len());
    }
    assert!(lib.card_count() >= 250, "{} cards", lib.card_count());
    for kind in Kind::ALL {
        assert!(
            lib.decks.iter().any(|d| d.cards.iter().any(|c| c.kind == kind)),
            "no {} card",
            kind.name()
        );
    }
    let zh = lib.deck("sco-zh").unwrap();
    assert_eq!(zh.language.as_deref(), Some("zh"));
}

#[test]
fn every_card_cites_a_source_and_every_document_is_cited_enough() {
    let lib = load_bundled();
    let doc_of: HashMap<&str, &str> = DOCUMENTS.iter().copied().collect();
    let mut cited: HashMap<&str, usize> = HashMap::new();
    for d in &lib.decks {
        for c in &d.cards {
            assert!(!c.source_ids().is_empty(), "{}/{} has no source", d.id, c.id);
            assert_eq!(
                d.sources_of(c).count(),
                c.source_ids().len(),
                "{}/{}: unknown source",
                d.id,
                c.id
            );
            for (src, source) in c.source_ids().iter().zip(d.sources_of(c)) {
                assert!(source.as_of.is_some(), "{}: source {src} has no date", d.id);
                assert!(
                    !source.title.contains(".txt"),
                    "{}: a seed file name as a title",
                    d.id
                );
                let doc = doc_of
                    .get(src.as_str())
                    .unwrap_or_else(|| panic!("{}/{}: source {src} maps to no document", d.id, c.id));
                *cited.entry(doc).or_default() += 1;
            }
            assert!(c.explain.is_some(), "{}/{} has no explain", d.id, c.id);
        }
    }
    for (doc, min) in [("000", 20), ("001", 10), ("002", 20), ("003", 10), ("004", 20)] {
        let n = cited.get(doc).copied().unwrap_or(0);
        assert!(
            n >= min,
            "document {doc} is cited by {n} cards, want at least {min}"
        );
    }
}

#[test]
fn counts_that_change_over_time_name_their_document_or_date() {
    let lib = load_bundled();
    for d in &lib.decks {
        for c in &d.cards {
            let p = c.prompt.to_lowercase();
            let count_question = p.contains("how many member")
                || p.contains("how many observer")
                || p.contains("how many dialogue partner");
            if count_question {
                let dated = p.contains("according to")
                    || p.contains("as of")
                    || p.contains("in 20")
                    || p.chars().filter(char::is_ascii_digit).count() >= 4
                    || [
                        "overview",
                        "keywords",
                        "anniversary",
                        "feature",
                        "article",
                        "report",
                        "profile",
                    ]
                    .iter()
                    .any(|doc| p.contains(doc));
                assert!(
                    dated,
                    "{}/{} asks a dated count without its date: {}",
                    d.id, c.id, c.prompt
                );
            }
        }
    }
}
