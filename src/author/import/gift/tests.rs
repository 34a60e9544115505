use super::*;
use crate::author::NewCard;
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

fn only(text: &str) -> (NewCard, Vec<String>) {
    let mut got = import(text);
    assert_eq!(got.cards.len(), 1, "{:?}", got.problems);
    let lost = got.problems.iter().map(|p| p.message.clone()).collect();
    (got.cards.remove(0), lost)
}

fn number(c: &NewCard) -> (f64, f64) {
    match &c.body {
        Body::Plain {
            answer: Answer::Number { value, tolerance, .. },
            ..
        } => (*value, *tolerance),
        other => panic!("{other:?}"),
    }
}

/// `{#3:2~#Completely wrong}` failed with "`2~` is not a number": the trailing `~#feedback` of
/// a numeric question is the feedback for any other answer.
#[test]
fn numeric_questions_in_every_form() {
    let (c, lost) = only("How many?{#3:2~#Completely wrong}");
    assert_eq!(number(&c), (3.0, 2.0));
    assert_eq!(lost, ["the feedback for any other answer `Completely wrong`"]);
    assert_eq!(number(&only("Pick one.{#1..5}").0), (3.0, 2.0));
    assert_eq!(number(&only("Exactly.{#8}").0), (8.0, 0.0));
    let (c, lost) = only("Weight?{#=4:0#Exactly. =%50%4:1#Close.}");
    assert_eq!(number(&c), (4.0, 0.0));
    assert_eq!(
        lost,
        [
            "the right answer's feedback `Exactly.` (a number card has no per-answer feedback)",
            "`4:1` worth 50% (a number card has no partial credit)"
        ]
    );
    assert!(
        import("Bad.{#=%50%4:1}").problems[0]
            .message
            .contains("no fully right answer")
    );
}

#[test]
fn short_answers_keep_partial_credit_and_the_wildcard_is_no_answer() {
    let (c, lost) = only("Which amphibian says ribbit?{=Frog =%50%Cat#Half. =%0%*#Try a pond animal.}");
    let Body::Plain {
        answer: Answer::Text(alt),
        ..
    } = &c.body
    else {
        panic!("{:?}", c.body)
    };
    assert_eq!((alt.answer.as_str(), alt.accept.len()), ("Frog", 0));
    assert_eq!(
        c.graded,
        [crate::deck::Graded {
            text: "Cat".into(),
            credit: 0.5,
            feedback: Some("Half.".into())
        }]
    );
    assert_eq!(lost, ["the feedback for any other answer `Try a pond animal.`"]);
}

#[test]
fn per_answer_format_markers_weights_and_penalties() {
    let (c, _) = only(
        "::q::[html]<p>Pick <b>one</b></p>{=[html]<p>An <i>activity</i></p>#[html]<b>yes</b> ~[plain]blue ~%50%[moodle]red ~%-100%[markdown]green}",
    );
    let Body::Plain {
        prompt,
        answer: Answer::Choice { choices, correct },
    } = &c.body
    else {
        panic!("{:?}", c.body)
    };
    assert_eq!(prompt, "Pick one");
    assert_eq!(choices, &["An activity", "blue", "red", "green"]);
    assert_eq!(correct, &[0]);
    let credits: Vec<(&str, f64, Option<&str>)> = c
        .graded
        .iter()
        .map(|g| (g.text.as_str(), g.credit, g.feedback.as_deref()))
        .collect();
    assert_eq!(
        credits,
        [
            ("An activity", 1.0, Some("yes")),
            ("red", 0.5, None),
            ("green", -1.0, None)
        ]
    );
    assert_eq!(c.origin.as_deref(), Some("gift:q"));
}

#[test]
fn matching_distractors_and_the_missing_word_blank() {
    let (c, _) = only("Match.{=Cat -> Meow =Dog -> Woof = -> Quack}");
    assert!(matches!(&c.body, Body::Plain { answer: Answer::Match(p), .. } if p.len() == 2));
    assert_eq!(c.distractors, ["Quack"]);
    // No space before the full stop, none doubled; HTML around a cloze gap is converted.
    let (c, _) = only("The cheetah is the {~heaviest =fastest}.");
    assert!(matches!(&c.body, Body::Plain { prompt, .. } if prompt == "The cheetah is the _____."));
    let (c, _) = only("[html]<p>A young frog is a {=tadpole} at first.</p>");
    assert_eq!(
        c.body,
        Body::Cloze("A young frog is a {{tadpole}} at first.".into())
    );
}

#[test]
fn categories_become_tags_and_general_feedback_the_explanation() {
    let got = import(
        "$CATEGORY: $course$/top/Default for Biology 101/Animals\n\n::a::Q?{=x####Because.}\n\n$CATEGORY: $course$/Plants\n\nR?{T}\n",
    );
    assert_eq!(got.cards[0].tags, ["biology-101", "animals"]);
    assert_eq!(got.cards[0].explain.as_deref(), Some("Because."));
    assert_eq!(got.cards[1].tags, ["plants"]);
    // A question without a title has no key to be found again by.
    assert_eq!(got.cards[1].origin, None);
}

/// Moodle's rule: parts of a question without a marker have the question text's format.
#[test]
fn unmarked_answers_of_an_html_question_are_html() {
    let (c, _) = only("[html]<p>Pick</p>{=<b>bold</b>#<i>yes</i> ~[plain]a <b> b}");
    let Body::Plain {
        answer: Answer::Choice { choices, .. },
        ..
    } = &c.body
    else {
        panic!("{:?}", c.body)
    };
    assert_eq!(choices, &["bold", "a <b> b"]);
    assert_eq!(c.graded[0].feedback.as_deref(), Some("yes"));
}
