use super::*;
use crate::author::import::{Format, Options, import_text};
use crate::author::{Body, NewCard};
use crate::deck::{Alternatives, Answer, Kind};

fn body(c: &NewCard) -> (&str, &Answer) {
    match &c.body {
        Body::Plain { prompt, answer } => (prompt, answer),
        Body::Cloze(_) => panic!("cloze"),
    }
}

#[test]
fn header_row_names_columns() {
    let text = "question,answer,accept,tags,explain\n\
                \"Capital of France?\",Paris,\"paris city|Lutetia\",geo europe,\"Seat of government, since 508\"\n\
                Multi-line?,\"one\ntwo\",,,\n";
    let got = import(text, Dialect::csv());
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(got.cards.len(), 2);
    let (q, a) = body(&got.cards[0]);
    assert_eq!(q, "Capital of France?");
    assert_eq!(
        a,
        &Answer::Text(Alternatives {
            answer: "Paris".into(),
            accept: vec!["paris city".into(), "Lutetia".into()]
        })
    );
    assert_eq!(got.cards[0].tags, ["geo", "europe"]);
    assert_eq!(
        got.cards[0].explain.as_deref(),
        Some("Seat of government, since 508")
    );
    assert_eq!(
        body(&got.cards[1]).1,
        &Answer::Text(Alternatives {
            answer: "one\ntwo".into(),
            accept: vec![]
        })
    );
}

#[test]
fn kinds_from_columns_and_bad_rows_with_lines() {
    let text = "id,kind,q,a,choices,tolerance,unit,items,pairs,cloze\n\
                c1,,Pick one,b,a|b|c,,,,,\n\
                n1,number,How many?,6,,0.5,states,,,\n\
                t1,truefalse,Sky is blue,yes,,,,,,\n\
                o1,,Order them,,,,,x|y|z,,\n\
                m1,,Match,,,,,,k=v|k2=v2,\n\
                z1,,,,,,,,,The {{SCO}} is big.\n\
                bad,number,How many?,lots,,,,,,\n\
                bad2,,Pick,d,a|b,,,,,\n\
                bad3,weird,Q,A,,,,,,\n\
                ,,,answer only,,,,,,\n";
    let got = import(text, Dialect::csv());
    let kinds: Vec<_> = got.cards.iter().map(|c| c.kind()).collect();
    assert_eq!(
        kinds,
        [
            Kind::Choice,
            Kind::Number,
            Kind::TrueFalse,
            Kind::Order,
            Kind::Match,
            Kind::Cloze
        ]
    );
    let lines: Vec<_> = got
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (8, "`lots` is not a number"),
            (9, "the answer `d` is not among the choices"),
            (10, "unknown card kind `weird`"),
            (11, "the question is empty"),
        ]
    );
}

#[test]
fn anki_plain_text_with_headers_and_html() {
    let text = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#tags column:5\n\
                abc\tBasic\t<b>Capital</b> of France?\tParis&nbsp;<br>(since 508)\tgeo\n\
                def\tCloze\tThe {{c1::SCO}} was founded in {{c2::2001::year}}.\tFounded in Shanghai\t\n\
                ghi\tBasic\t<img src=\"x.png\">\tPicture\t\n";
    let got = import_text(text, &Options::new(Format::Anki));
    assert_eq!(got.cards.len(), 2, "{got:?}");
    assert_eq!(got.cards[0].id.as_deref(), Some("abc"));
    assert_eq!(
        body(&got.cards[0]),
        (
            "Capital of France?",
            &Answer::Flashcard {
                back: "Paris \n(since 508)".trim().replace(" \n", "\n")
            }
        )
    );
    assert_eq!(got.cards[0].tags, ["geo"]);
    assert_eq!(
        got.cards[1].body,
        Body::Cloze("The {{SCO}} was founded in {{2001::year}}.".into())
    );
    assert_eq!(got.cards[1].explain.as_deref(), Some("Founded in Shanghai"));
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, 8);
    assert!(got.problems[0].message.contains("image"), "{:?}", got.problems);
}

#[test]
fn headerless_anki_export_and_unterminated_quote() {
    let text = "front one\tback one\nfront two\tback two\textra\n\"open\tnever closed\n";
    let got = import_text(text, &Options::new(Format::Anki));
    assert_eq!(got.cards.len(), 2);
    assert_eq!(got.cards[0].kind(), Kind::Flashcard);
    let lines: Vec<_> = got.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3], "{:?}", got.problems);
}

#[test]
fn multi_values_escape() {
    let parts = ["a|b", "c=d", "e\\f"];
    let joined: Vec<String> = parts.iter().map(|p| escape_multi(p)).collect();
    assert_eq!(split_multi(&joined.join("|")), parts);
}

#[test]
fn a_quoted_field_with_a_line_break_and_doubled_quotes_is_one_field() {
    // CRLF file: the break inside the quotes reads as `\n`, and the next record's line counts it.
    let text =
        "q,a,explain\r\n\"Who said \"\"veni,\r\nvidi\"\"?\",Caesar,\"\"\"Latin\"\"\"\r\nbad row only\r\n";
    let got = import(text, Dialect::csv());
    assert_eq!(got.cards.len(), 1, "{:?}", got.problems);
    let (q, a) = body(&got.cards[0]);
    assert_eq!(q, "Who said \"veni,\nvidi\"?");
    assert_eq!(
        a,
        &Answer::Text(Alternatives {
            answer: "Caesar".into(),
            accept: vec![]
        })
    );
    assert_eq!(got.cards[0].explain.as_deref(), Some("\"Latin\""));
    assert_eq!(got.problems.len(), 1, "{:?}", got.problems);
    assert_eq!(got.problems[0].line, 4);
}

/// A semicolon file with a byte-order mark imported nothing and said it was "read as Csv".
#[test]
fn byte_order_mark_and_separators_are_detected() {
    let text = "\u{feff}q;a;tags\r\n\"One; two?\";Three;x\r\nFour?;Five;\r\n";
    let got = import_text(text, &Options::new(Format::Csv));
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!((got.delimiter, got.bom, got.cards.len()), (Some(';'), true, 2));
    assert_eq!(body(&got.cards[0]).0, "One; two?");
    assert_eq!(got.cards[0].origin.as_deref(), Some("csv:One; two?"));
    assert_eq!(detect_separator("a\tb\tc,d\n", ','), '\t');
    // A headerless Anki line with more commas than tabs is still tab-separated.
    assert_eq!(
        detect_separator("Paris, France, Europe\tcapital, city\n", '\t'),
        '\t'
    );
    assert_eq!(detect_separator("a;b;c,d\n", ','), ';');
    assert_eq!(detect_separator("a;b,c\n", ','), ',');
    assert_eq!(detect_separator("\"a;b\",c\n", ','), ',');
    assert_eq!(detect_separator("plain\n", ';'), ';');
    // A separator given by the user wins over detection and over `#separator:`.
    let mut opts = Options::new(Format::Csv);
    opts.delimiter = Some('|');
    let got = import_text("#separator:tab\nq|a\nx|y;z\n", &opts);
    assert_eq!(got.cards.len(), 1);
    assert_eq!(
        body(&got.cards[0]).1,
        &Answer::Text(Alternatives {
            answer: "y;z".into(),
            accept: vec![]
        })
    );
}

#[test]
fn anki_keys_are_the_guid_column_else_the_first_field_and_ignored_columns_are_no_skips() {
    let text = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#tags column:5\nA1b%2\tBasic\tFront <b>one</b>\tBack\ttag\nC3d\tBasic (type in the answer)\tTyped?\tYes\t\n";
    let got = import_text(text, &Options::new(Format::Anki));
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(got.cards[0].origin.as_deref(), Some("anki:A1b%2"));
    assert_eq!(got.cards[1].kind(), Kind::Text);
    let got = import_text(
        "#notetype column:1\nBasic (and reversed card)\tHund\tdog\n",
        &Options::new(Format::Anki),
    );
    assert_eq!(got.cards.len(), 1);
    assert_eq!(
        (got.problems[0].line, got.problems[0].partial),
        (2, true),
        "{:?}",
        got.problems
    );
    let got = import_text("Front <b>one</b>\tBack\textra\n", &Options::new(Format::Anki));
    assert_eq!(got.cards[0].origin.as_deref(), Some("anki:Front one"));
    // The card was imported: the extra field is reported as left out of it.
    assert!(got.problems[0].partial, "{:?}", got.problems);
}

#[test]
fn credit_column_entries() {
    let text = "q,a,credit\nWhich says ribbit?,Frog,\"Toad=0.5=Close, toads croak|Frog=1=Yes\"\nBad?,x,y=2\n";
    let got = import(text, Dialect::csv());
    assert_eq!(got.cards.len(), 1);
    let g = &got.cards[0].graded;
    assert_eq!((g[0].text.as_str(), g[0].credit), ("Toad", 0.5));
    assert_eq!(g[0].feedback.as_deref(), Some("Close, toads croak"));
    assert_eq!(g[1].feedback.as_deref(), Some("Yes"));
    assert_eq!(got.problems[0].line, 3);
    assert_eq!(got.problems[0].message, "credit `2` is not a number from -1 to 1");
}
