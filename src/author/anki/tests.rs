//! Unit tests of the conversion rules on hand-built collections, and of the package limits.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use super::collection::{CardRow, Collection, DeckInfo, Note, Notetype, RevRow};
use super::convert::convert;
use super::package::{self, Limits};
use crate::store::EventBody;

fn nt(name: &str, cloze: bool, fields: &[&str], templates: &[(&str, &str)]) -> Notetype {
    Notetype {
        name: name.into(),
        cloze,
        fields: fields.iter().map(|f| f.to_string()).collect(),
        templates: templates
            .iter()
            .enumerate()
            .map(|(i, (q, a))| (format!("Card {}", i + 1), q.to_string(), a.to_string()))
            .collect(),
    }
}

fn card(id: i64, note: i64, ord: i64, kind: i64, queue: i64, due: i64) -> CardRow {
    CardRow {
        id,
        note,
        deck: 10,
        ord,
        kind,
        queue,
        due,
        remaining_steps: 0,
    }
}

fn rev(id: i64, card: i64, ease: i64, kind: i64, factor: i64, ivl: i64) -> RevRow {
    RevRow {
        id,
        card,
        ease,
        ivl,
        factor,
        ms: 1000,
        kind,
    }
}

fn collection() -> Collection {
    let mut notetypes = HashMap::new();
    notetypes.insert(
        1,
        nt(
            "Optional reversed",
            false,
            &["Front", "Back", "Add Reverse"],
            &[
                ("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
                (
                    "{{#Add Reverse}}{{Back}}{{/Add Reverse}}",
                    "{{FrontSide}}<hr id=answer>{{Front}}",
                ),
            ],
        ),
    );
    notetypes.insert(
        2,
        nt(
            "Cloze",
            true,
            &["Text", "Back Extra"],
            &[("{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}")],
        ),
    );
    notetypes.insert(
        3,
        nt("Front only", false, &["Front"], &[("{{Front}}", "{{FrontSide}}")]),
    );
    let mut decks = BTreeMap::new();
    decks.insert(
        10,
        DeckInfo {
            name: "Top::Sub Deck".into(),
            config: None,
        },
    );
    Collection {
        crt: 1_700_000_000,
        modified_ms: 1_800_000_000_000,
        fsrs: true,
        rollover: Some(4),
        decks,
        notetypes,
        notes: vec![
            Note {
                id: 100,
                guid: "g1".into(),
                notetype: 1,
                tags: vec!["t".into()],
                fields: vec!["Q".into(), "A".into(), String::new()],
            },
            Note {
                id: 200,
                guid: "g2".into(),
                notetype: 2,
                tags: vec![],
                fields: vec!["{{c2::two}} and {{c1::one::hint}}".into(), "extra".into()],
            },
            Note {
                id: 300,
                guid: "g3".into(),
                notetype: 3,
                tags: vec![],
                fields: vec!["lonely".into()],
            },
        ],
        cards: vec![
            card(1, 100, 0, 2, 2, 30),
            card(2, 200, 0, 2, -1, 31),
            card(3, 200, 1, 0, 0, 5),
            card(4, 300, 0, 0, 0, 6),
        ],
        revlog: vec![
            rev(1_750_000_000_000, 1, 3, 0, 2500, 1),
            rev(1_750_100_000_000, 1, 0, 4, 2500, 20),
            rev(1_750_200_000_000, 1, 0, 4, 0, 0),
            rev(1_750_300_000_000, 2, 1, 3, 0, 0),
            rev(1_750_400_000_000, 2, 4, 3, 2500, 3),
            rev(1_750_500_000_000, 4, 3, 0, 2500, 1),
        ],
        options: HashMap::new(),
    }
}

#[test]
fn templates_decide_the_cards_and_cloze_numbers_map_to_gaps_by_position() {
    let c = convert(&collection(), &|_| Ok(None)).unwrap();
    assert_eq!(c.decks.len(), 1);
    assert_eq!(c.decks[0].id, "top-sub-deck");
    assert_eq!(c.decks[0].title, "Top::Sub Deck");
    // Optional reversed with only its first card: one card, named for its template.
    assert_eq!(c.keys[&1], "top-sub-deck/n100-1");
    // c1 is the second deletion in the text: deckard's gap 2.
    assert_eq!(c.keys[&2], "top-sub-deck/n200.2");
    assert_eq!(c.keys[&3], "top-sub-deck/n200.1");
    assert!(
        !c.keys.contains_key(&4),
        "a template with no back field is not converted"
    );
    assert!(
        c.skipped.iter().any(|s| s.contains("shows no field on the back")),
        "{:?}",
        c.skipped
    );
    assert!(
        c.skipped
            .iter()
            .any(|s| s.contains("1 review(s) of cards not converted")),
        "{:?}",
        c.skipped
    );
    let text = &c.decks[0].text;
    assert!(text.contains("cloze = \"{{two}} and {{one::hint}}\""), "{text}");
    assert!(text.contains("explain = \"extra\""), "{text}");
    assert!(
        text.contains("origin = \"anki:g1:0\"") && text.contains("origin = \"anki:g2\""),
        "{text}"
    );
    crate::author::validate("top-sub-deck.toml", text).unwrap();
}

#[test]
fn revlog_rows_become_reviews_reschedules_resets_and_the_card_states_follow() {
    let col = collection();
    let c = convert(&col, &|_| Ok(None)).unwrap();
    let kinds: Vec<String> = c
        .events
        .iter()
        .map(|e| match &e.body {
            EventBody::Review(r) => format!("review {} {} {}", r.card, r.rating, r.reschedule),
            EventBody::Reschedule { card, due } => format!("reschedule {card} {due}"),
            EventBody::Reset { card } => format!("reset {card}"),
            EventBody::Suspend { card } => format!("suspend {card}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            "review top-sub-deck/n100-1 3 true".to_string(),
            // Set due date: 20 days after the row.
            "reschedule top-sub-deck/n100-1 2025-07-06T18:53:20Z".into(),
            // Forget (ease factor 0).
            "reset top-sub-deck/n100-1".into(),
            // A cram review leaves the schedule alone; a rescheduling one moves it.
            "review top-sub-deck/n200.2 1 false".into(),
            "review top-sub-deck/n200.2 4 true".into(),
            // Card states as of the collection's last change: due day 30, 31 from crt.
            "reschedule top-sub-deck/n100-1 2023-12-14T22:13:20Z".into(),
            "reschedule top-sub-deck/n200.2 2023-12-15T22:13:20Z".into(),
        ]
    );
    assert_eq!((c.reviews, c.rescheduled, c.suspended), (3, 2, 1));
    // Ids come from the collection's creation and the row: a second conversion gives the same.
    let again = convert(&col, &|_| Ok(None)).unwrap();
    assert_eq!(
        c.events.iter().map(|e| e.id).collect::<Vec<_>>(),
        again.events.iter().map(|e| e.id).collect::<Vec<_>>()
    );
    let mut other = col.clone();
    other.crt += 1;
    let moved = convert(&other, &|_| Ok(None)).unwrap();
    assert_ne!(
        c.events[0].id, moved.events[0].id,
        "another collection's review 1 is another event"
    );
}

#[test]
fn a_second_import_keeps_the_ids_the_deck_file_gives_each_origin() {
    let col = collection();
    let first = convert(&col, &|_| Ok(None)).unwrap();
    let renamed = first.decks[0].text.replace("id = \"n100-1\"", "id = \"capital\"");
    let deck = crate::author::validate("top-sub-deck.toml", &renamed).unwrap();
    let second = convert(&col, &|_| Ok(Some(deck.clone()))).unwrap();
    assert_eq!(second.keys[&1], "top-sub-deck/capital");
    assert_eq!(second.decks[0].text, renamed);
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn package_limits_refuse_large_entries_and_media_totals_and_unsafe_names_are_skipped() {
    let small = Limits {
        collection: 1000,
        media_file: 100,
        media_total: 150,
        entries: 10,
    };
    let db = [1u8; 10];
    let err = package::read("p", &zip_of(&[("collection.anki2", &[0u8; 2000])]), &small)
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("more than the 1000 bytes allowed"),
        "{err}"
    );
    let media = br#"{"0": "a.png", "1": "b.png", "2": "../evil", "3": "missing.png"}"#;
    let pkg = zip_of(&[
        ("collection.anki2", &db),
        ("media", media),
        ("0", &[0u8; 80]),
        ("1", &[0u8; 80]),
        ("2", b"x"),
    ]);
    let err = package::read("p", &pkg, &small).err().unwrap();
    assert!(
        err.to_string()
            .contains("media files add up to more than 150 bytes"),
        "{err}"
    );
    let roomy = Limits {
        media_total: 1000,
        ..small
    };
    let got = package::read("p", &pkg, &roomy).unwrap();
    assert_eq!(
        got.media.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        vec!["a.png", "b.png"]
    );
    assert_eq!(got.media_skipped.len(), 2, "{:?}", got.media_skipped);
    let many: Vec<(String, Vec<u8>)> = (0..11).map(|i| (format!("f{i}"), vec![])).collect();
    let refs: Vec<(&str, &[u8])> = many.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    let err = package::read("p", &zip_of(&refs), &small).err().unwrap();
    assert!(err.to_string().contains("11 entries"), "{err}");
}

#[test]
fn an_imported_review_names_its_revlog_row_and_reads_back_the_same() {
    let c = convert(&collection(), &|_| Ok(None)).unwrap();
    let e = &c.events[0];
    let line = e.to_line();
    assert!(
        line.contains(r#""origin":"anki:1700000000:revlog:1750000000000""#),
        "{line}"
    );
    let back: crate::store::Event = serde_json::from_str(&line).unwrap();
    assert_eq!(&back, e);
    assert_eq!(
        e.id,
        crate::store::EventId::imported("anki:1700000000:revlog:1750000000000")
    );
}

#[test]
fn suspensions_follow_anki_unless_the_learners_own_is_later() {
    use crate::progress::Progress;
    use crate::schedule::{Config, Scheduler};
    use crate::store::{Event, EventId};
    let sched = Scheduler::new(Config::default()).unwrap();
    let c = convert(&collection(), &|_| Ok(None)).unwrap();
    let key = "top-sub-deck/n200.2";
    let state = c.suspension.iter().find(|s| s.key == key).unwrap();
    assert!(state.suspended);
    // First import: the suspension is added; once in the log, nothing more.
    let first = super::suspension_events(&c.suspension, &Progress::default());
    assert_eq!(first.len(), 1);
    assert!(matches!(&first[0].body, EventBody::Suspend { card } if card == key));
    assert!(super::suspension_events(&c.suspension, &Progress::replay(&first, &sched)).is_empty());
    // Unsuspended in Anki later: a newer export unsuspends it.
    let mut newer = collection();
    newer.cards[1].queue = 2;
    newer.modified_ms += 1000;
    let later = convert(&newer, &|_| Ok(None)).unwrap();
    let second = super::suspension_events(&later.suspension, &Progress::replay(&first, &sched));
    assert_eq!(second.len(), 1);
    assert!(matches!(&second[0].body, EventBody::Unsuspend { card } if card == key));
    // The learner suspended it in deckard after Anki's last change: theirs stands.
    let mine = Event::suspend(
        EventId::from_u64(7),
        later.suspension[1]
            .at
            .checked_add(jiff::SignedDuration::from_secs(60))
            .unwrap(),
        key,
    );
    let log = vec![first[0].clone(), mine];
    assert!(super::suspension_events(&later.suspension, &Progress::replay(&log, &sched)).is_empty());
}
