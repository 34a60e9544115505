//! Moodle GIFT: `::title::question{answers####general feedback}` with per-answer weights
//! (`%50%`) and feedback (`#…`), numeric tolerance (`#3:2`) and match distractors
//! (`= -> extra`). What GIFT has no field for travels in comments Moodle ignores
//! (`// [tag:x]`, `// [id:x]`, `// deckard: hint=…`, `note=…`, `strict=true`); what no
//! comment carries is reported.

use super::Exported;
use crate::author::import::gift::escape;
use crate::author::{Body, NewCard};
use crate::deck::{Answer, Graded, format_number};

/// Writes the cards as GIFT questions.
pub(super) fn export(cards: &[NewCard]) -> Exported {
    let mut ex = Exported::default();
    for c in cards {
        let id = c.id.clone().unwrap_or_default();
        let mut meta: Vec<(&str, String)> = Vec::new();
        let mut feedback = c.explain.clone();
        let question = match &c.body {
            Body::Cloze(text) => match crate::deck::cloze::parse(text) {
                Ok(cl) if cl.gaps.len() == 1 => {
                    let gap = &cl.gaps[0];
                    if let Some(h) = &gap.hint {
                        meta.push(("gap-hint", h.clone()));
                    }
                    let answers: Vec<String> = gap.answer.all().map(|a| format!("={}", escape(a))).collect();
                    format!(
                        "{}{{{}}}{}",
                        escape(&cl.pieces[0]),
                        answers.join(" "),
                        escape(&cl.pieces[1])
                    )
                }
                _ => {
                    ex.skipped.push((
                        id,
                        "GIFT has one blank per question; this cloze has several".into(),
                    ));
                    continue;
                }
            },
            Body::Plain { prompt, answer } => {
                let q = escape(prompt);
                let block = match answer {
                    Answer::Flashcard { back } => {
                        if let Some(e) = feedback.replace(back.clone()) {
                            meta.push(("explain", e));
                        }
                        String::new()
                    }
                    Answer::Text(alt) => text_block(alt.all(), &c.graded),
                    Answer::TrueFalse(b) => if *b { "T" } else { "F" }.to_string(),
                    Answer::Choice { choices, correct } => choice_block(choices, correct, &c.graded),
                    Answer::Number {
                        value,
                        tolerance,
                        unit,
                    } => {
                        if let Some(u) = unit {
                            meta.push(("unit", u.clone()));
                        }
                        if *tolerance > 0.0 {
                            format!("#{}:{}", format_number(*value), format_number(*tolerance))
                        } else {
                            format!("#{}", format_number(*value))
                        }
                    }
                    Answer::Match(pairs) => pairs
                        .iter()
                        .map(|(l, r)| format!("={} -> {}", arrow_safe(l), arrow_safe(r)))
                        .chain(c.distractors.iter().map(|d| format!("= -> {}", arrow_safe(d))))
                        .collect::<Vec<_>>()
                        .join(" "),
                    Answer::List { .. } | Answer::Order(_) => {
                        ex.skipped
                            .push((id, format!("GIFT has no {} question", c.kind().name())));
                        continue;
                    }
                };
                format!("{q}{{{block}}}")
            }
        };
        // The title is the key a re-import finds the card by: the GIFT title it came with, else
        // its id. An id that differs from the title travels in a comment.
        let title = match c.origin.as_deref() {
            Some(o) => match o.strip_prefix("gift:") {
                Some(t) => t.to_string(),
                None => {
                    ex.lose(&id, "the key from another tool (`origin`)");
                    id.clone()
                }
            },
            None => id.clone(),
        };
        let mut comment = String::new();
        if title != id {
            comment.push_str(&format!("[id:{id}]"));
        }
        for t in &c.tags {
            if !comment.is_empty() {
                comment.push(' ');
            }
            comment.push_str(&format!("[tag:{}]", t.replace(']', "")));
        }
        if !comment.is_empty() {
            ex.text.push_str(&format!("// {comment}\n"));
        }
        for (k, v) in [("hint", c.hint.clone()), ("source", c.source.clone())] {
            if let Some(v) = v {
                meta.push((k, v));
            }
        }
        if let Some(n) = &c.sibling {
            meta.push(("note", n.clone()));
        }
        if c.strict {
            meta.push(("strict", "true".into()));
        }
        if c.draft {
            meta.push(("draft", "true".into()));
        }
        for (k, v) in meta {
            ex.text.push_str(&format!("// deckard: {k}={}\n", escape(&v)));
        }
        let mut q = question;
        if let Some(f) = feedback {
            // General feedback goes just before the closing brace of the answer block.
            if let Some(i) = q.rfind('}') {
                q.insert_str(i, &format!("####{}", escape(&f)));
            }
        }
        ex.text.push_str(&format!("::{}::{q}\n\n", escape(&title)));
    }
    ex
}

fn arrow_safe(s: &str) -> String {
    escape(s).replace("->", "\\->")
}

/// `%50%` for a credit of 0.5.
fn weight(credit: f64) -> String {
    let w = format!("{:.5}", credit * 100.0);
    let w = w.trim_end_matches('0').trim_end_matches('.');
    format!("%{w}%")
}

/// `#feedback` of the graded entry for `text`, if it has one.
fn feedback_of(text: &str, graded: &[Graded]) -> String {
    graded
        .iter()
        .find(|g| g.text == text)
        .and_then(|g| g.feedback.as_deref())
        .map(|f| format!("#{}", escape(f)))
        .unwrap_or_default()
}

/// A short answer: the right answers, then the graded ones with their weight.
fn text_block<'a>(right: impl Iterator<Item = &'a str>, graded: &[Graded]) -> String {
    let right: Vec<&str> = right.collect();
    let mut parts: Vec<String> = right
        .iter()
        .map(|a| format!("={}{}", escape(a), feedback_of(a, graded)))
        .collect();
    for g in graded.iter().filter(|g| !right.contains(&g.text.as_str())) {
        parts.push(format!(
            "={}{}{}",
            weight(g.credit),
            escape(&g.text),
            feedback_of(&g.text, graded)
        ));
    }
    parts.join(" ")
}

/// Multiple choice: one right answer as `=`, several as `~%share%`; other choices as `~`, or
/// with their weight when they carry credit (several right: a wrong pick costs one share).
fn choice_block(choices: &[String], correct: &[usize], graded: &[Graded]) -> String {
    let credit_of = |c: &str| graded.iter().find(|g| g.text == c).map(|g| g.credit);
    let share = 1.0 / correct.len().max(1) as f64;
    choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = if correct.len() == 1 {
                match (correct.contains(&i), credit_of(c)) {
                    (true, _) => "=".to_string(),
                    (false, Some(cr)) if cr != 0.0 => format!("~{}", weight(cr)),
                    (false, _) => "~".to_string(),
                }
            } else if correct.contains(&i) {
                format!("~{}", weight(share))
            } else {
                // A wrong pick costs one right answer's share, as deckard scores it.
                let cr = credit_of(c).filter(|cr| *cr != 0.0).unwrap_or(-share);
                format!("~{}", weight(cr))
            };
            format!("{mark}{}{}", escape(c), feedback_of(c, graded))
        })
        .collect::<Vec<_>>()
        .join(" ")
}
