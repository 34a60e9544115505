use super::*;
use crate::deck::Answer;

const SAMPLE: &str = r#"// A GIFT quiz
$CATEGORY: geography

::Q1:: What is the capital of France? {=Paris =paris city#right ~Lyon}

// [tag:europe] [tag:capitals]
// deckard: hint=On the Seine
::capital-de::Capital of Germany?{=Berlin =Berlin city}

The Earth is flat.{F}

The sun is a star.{TRUE#Yes}

When was the SCO founded?{#2001:1}

Pick a number between one and five.{#1..5}

Which are prime?{~%50%2 ~%50%3 ~%-100%4}

Match the capitals. {
  =France -> Paris
  =Japan -> Tokyo
}

The SCO was founded in {=Shanghai =Shang-hai} in 2001.

Moodle costs {~lots =nothing ~little} to use.

::essay::Explain photosynthesis.{####Plants make sugar from light.}

Write anything.{}

Just a description line.

Escaped \{braces\} and a\: colon and 50\% {=yes\=no}

Broken {=never closes
"#;

#[test]
fn every_question_type() {
    let got = import(SAMPLE);
    let kinds: Vec<_> = got.cards.iter().map(|c| c.kind().name()).collect();
    assert_eq!(
        kinds,
        [
            "choice",
            "text",
            "truefalse",
            "truefalse",
            "number",
            "number",
            "choice",
            "match",
            "cloze",
            "choice",
            "flashcard",
            "text"
        ]
    );
    let c = &got.cards;
    assert_eq!(c[0].id.as_deref(), Some("Q1"));
    assert!(
        matches!(&c[0].body, Body::Plain { answer: Answer::Choice { correct, choices }, .. } if correct == &[0, 1] && choices.len() == 3)
    );
    assert_eq!(c[1].id.as_deref(), Some("capital-de"));
    assert_eq!(c[1].tags, ["geography", "europe", "capitals"]);
    assert_eq!(c[1].hint.as_deref(), Some("On the Seine"));
    assert!(
        matches!(&c[1].body, Body::Plain { answer: Answer::Text(a), .. } if a.answer == "Berlin" && a.accept == ["Berlin city"])
    );
    assert!(matches!(
        &c[2].body,
        Body::Plain {
            answer: Answer::TrueFalse(false),
            ..
        }
    ));
    assert!(
        matches!(&c[4].body, Body::Plain { answer: Answer::Number { value, tolerance, .. }, .. } if *value == 2001.0 && *tolerance == 1.0)
    );
    assert!(
        matches!(&c[5].body, Body::Plain { answer: Answer::Number { value, tolerance, .. }, .. } if *value == 3.0 && *tolerance == 2.0)
    );
    assert!(
        matches!(&c[6].body, Body::Plain { answer: Answer::Choice { correct, .. }, .. } if correct == &[0, 1])
    );
    assert!(
        matches!(&c[7].body, Body::Plain { answer: Answer::Match(p), .. } if p[1] == ("Japan".to_string(), "Tokyo".to_string()))
    );
    assert_eq!(
        c[8].body,
        Body::Cloze("The SCO was founded in {{Shanghai|Shang-hai}} in 2001.".into())
    );
    assert!(
        matches!(&c[9].body, Body::Plain { prompt, answer: Answer::Choice { correct, .. } } if prompt == "Moodle costs _____ to use." && correct == &[1])
    );
    assert!(
        matches!(&c[10].body, Body::Plain { answer: Answer::Flashcard { back }, .. } if back == "Plants make sugar from light.")
    );
    assert!(
        matches!(&c[11].body, Body::Plain { prompt, answer: Answer::Text(a) } if prompt == "Escaped {braces} and a: colon and 50%" && a.answer == "yes=no")
    );
    let lines: Vec<(usize, bool)> = got.problems.iter().map(|p| (p.line, p.partial)).collect();
    // The true/false card is imported, only its feedback is reported; the multiple-answer
    // question's -100% is kept as a penalty, and the difference from Moodle reported.
    assert_eq!(
        lines,
        [(12, true), (18, true), (31, false), (33, false), (37, false)],
        "{:?}",
        got.problems
    );
}

#[test]
fn escape_round_trips() {
    let s = "a {b} ~c =d #e: f\\g\nh";
    assert_eq!(unescape(&escape(s)), s);
}
