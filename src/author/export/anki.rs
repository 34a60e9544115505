//! Anki's "Notes in Plain Text": Basic, "Basic (type in the answer)" and Cloze notes with a
//! GUID, note type and tags column.
//!
//! The GUID is the card's Anki key when it came from Anki (`origin = "anki:…"`), else its id,
//! so that importing the file again (into deckard or Anki) finds the same notes.

use super::{Exported, canonical, push_record};
use crate::author::import::anki::cloze_to_anki;
use crate::author::{Body, NewCard};
use crate::deck::{Answer, format_number, letter};

/// Anki's stock note type that asks for a typed answer.
const TYPE_IN: &str = "Basic (type in the answer)";

/// Writes the cards as Anki notes.
pub(super) fn export(cards: &[NewCard]) -> Exported {
    let mut ex = Exported {
        text: "#separator:tab\n#html:false\n#guid column:1\n#notetype column:2\n#tags column:5\n".into(),
        ..Exported::default()
    };
    for c in cards {
        let id = c.id.clone().unwrap_or_default();
        let guid = match c.origin.as_deref() {
            Some(o) => match o.strip_prefix("anki:") {
                Some(g) => g.to_string(),
                None => {
                    ex.lose(&id, "the key from another tool (`origin`)");
                    id.clone()
                }
            },
            None => id.clone(),
        };
        let (notetype, front, back) = match &c.body {
            Body::Cloze(text) => (
                "Cloze",
                cloze_to_anki(text),
                c.explain.clone().unwrap_or_default(),
            ),
            Body::Plain {
                prompt,
                answer: Answer::Flashcard { back },
            } => ("Basic", prompt.clone(), back.clone()),
            // A typed answer without alternatives is what Anki's type-in note asks.
            Body::Plain {
                prompt,
                answer: Answer::Text(alt),
            } if alt.accept.is_empty() => (TYPE_IN, prompt.clone(), alt.answer.clone()),
            Body::Plain { prompt, answer } => {
                ex.approximated.push((
                    id.clone(),
                    "Basic notes showing the question and the answer".into(),
                ));
                ("Basic", front_with_options(prompt, answer), back_text(answer))
            }
        };
        if c.explain.is_some() && notetype != "Cloze" {
            ex.lose(&id, "the explanation (a Basic note has a front and a back only)");
        }
        for (has, what) in [
            (c.hint.is_some(), "hints"),
            (c.source.is_some(), "sources"),
            (c.draft, "the draft mark"),
            (!c.graded.is_empty(), "per-answer credit and feedback"),
            (!c.distractors.is_empty(), "match distractors"),
            (c.strict, "`strict`"),
            (c.sibling.is_some(), "sibling notes (`note`)"),
        ] {
            if has {
                ex.lose(&id, what);
            }
        }
        let tags: Vec<String> = c
            .tags
            .iter()
            .map(|t| t.replace(char::is_whitespace, "_"))
            .collect();
        push_record(
            &mut ex.text,
            &[guid, notetype.into(), front, back, tags.join(" ")],
            b'\t',
        );
    }
    ex
}

/// The question with what the learner chooses from, for formats without that kind.
pub(crate) fn front_with_options(prompt: &str, answer: &Answer) -> String {
    let mut s = prompt.to_string();
    match answer {
        Answer::Choice { choices, .. } => {
            for (i, c) in choices.iter().enumerate() {
                s.push_str(&format!("\n{}) {c}", letter(i)));
            }
        }
        Answer::Order(items) => {
            let mut sorted = items.clone();
            sorted.sort();
            s.push_str(&format!("\n({})", sorted.join(", ")));
        }
        Answer::Match(pairs) => {
            let mut rights: Vec<&str> = pairs.iter().map(|p| p.1.as_str()).collect();
            rights.sort_unstable();
            let lefts: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
            s.push_str(&format!("\n{}\n({})", lefts.join(", "), rights.join(", ")));
        }
        _ => {}
    }
    s
}

pub(crate) fn back_text(answer: &Answer) -> String {
    match answer {
        Answer::Text(alt) if !alt.accept.is_empty() => {
            format!("{} (also: {})", alt.answer, alt.accept.join(", "))
        }
        Answer::Number { tolerance, .. } if *tolerance > 0.0 => {
            format!("{} (± {})", canonical(answer), format_number(*tolerance))
        }
        Answer::List { ordered: true, .. } => format!("{} (in this order)", canonical(answer)),
        _ => canonical(answer),
    }
}
