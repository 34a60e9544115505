use super::*;
use crate::author::append::{DeckMeta, append_cards};
use crate::deck::Kind;

const TEXT: &str = include_str!("../../../tests/fixtures/lunar.txt");

fn prompts(d: &Drafted) -> Vec<String> {
    d.cards
        .iter()
        .map(|c| match &c.body {
            Body::Cloze(t) => t.clone(),
            Body::Plain { prompt, .. } => prompt.clone(),
        })
        .collect()
}

#[test]
fn fixture_drafts_the_expected_cards() {
    let d = draft("lunar.txt", TEXT);
    assert_eq!(d.source.id, "lunar");
    assert_eq!(d.source.title, "The Lunar Society");
    let p = prompts(&d);
    assert_eq!(p.len(), 9, "{p:#?}");
    assert_eq!(
        p[0],
        "The Lunar Society was founded in Birmingham on {{31 December 1765::date}} by Matthew Boulton."
    );
    assert_eq!(p[2], "Name the 4 items left out: Its members included …");
    assert!(
        matches!(&d.cards[2].body, Body::Plain { answer: Answer::List { items, .. }, .. } if items.len() == 4 && items[3].answer == "Joseph Priestley")
    );
    assert_eq!(p[4], "What does IAU stand for?");
    assert_eq!(p[5], "The goals of the society were (name all 3)");
    assert_eq!(
        p[7],
        "In 1791, President {{Ada Lovelace::who}} opened the new hall in London with 200 guests."
    );
    assert_eq!(p[8], "月球学会于{{1765年12月31日::date}}成立,有14名成员。");
    // Navigation, the caption, the byline and headings gave nothing.
    assert!(
        p.iter()
            .all(|p| !p.contains("Photo") && !p.contains("Source") && !p.contains("Home"))
    );
    for c in &d.cards {
        assert!(c.draft);
        assert_eq!(c.source.as_deref(), Some("lunar"));
        assert!(
            c.note
                .as_deref()
                .is_some_and(|n| n.starts_with("draft: lunar.txt line "))
        );
    }
    assert_eq!(d.cards[7].note.as_deref(), Some("draft: lunar.txt line 14"));
}

#[test]
fn drafts_load_as_a_deck_with_warnings() {
    let d = draft("lunar.txt", TEXT);
    let meta = DeckMeta {
        id: "lunar".into(),
        title: "Lunar".into(),
    };
    let out = append_cards(
        "lunar.toml",
        None,
        &meta,
        std::slice::from_ref(&d.source),
        &d.cards,
    )
    .unwrap();
    let (deck, diags) = crate::deck::parse_deck(crate::deck::Origin::Bundled("lunar.toml".into()), &out.text);
    let deck = deck.expect("loads");
    assert!(
        diags.iter().all(|x| x.message.contains("is a draft")),
        "{diags:?}"
    );
    assert_eq!(diags.len(), 9);
    assert!(deck.cards.iter().any(|c| c.kind == Kind::List));
    assert!(out.text.contains("# draft: lunar.txt line 5\n[[card]]"));
}

#[test]
fn hostile_text_drafts_nothing_bad() {
    for text in [
        "",
        "{{",
        "}} {{a|b::c}} on 1 May 2001 in Paris was a day.",
        "\u{202e}On 1 May 2001, X met Y in Paris today.",
        &"a, ".repeat(5000),
    ] {
        let d = draft("x.txt", text);
        let meta = DeckMeta {
            id: "x".into(),
            title: "X".into(),
        };
        if !d.cards.is_empty() {
            append_cards("x.toml", None, &meta, std::slice::from_ref(&d.source), &d.cards).unwrap();
        }
    }
}
