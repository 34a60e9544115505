//! Turns a [`NewCard`] into a `[[card]]` table in the canonical layout.

use toml_edit::{Array, InlineTable, Item, Table, Value, value};

use super::format::{CARD_ORDER, normalize_table};
use super::{Body, NewCard};
use crate::deck::{Answer, Graded};

/// The `[[card]]` table for a card; `id` is the id to write (derived by the caller if needed).
pub fn card_table(card: &NewCard, id: &str) -> Table {
    let mut t = Table::new();
    t.insert("id", value(id));
    match &card.body {
        Body::Cloze(text) => {
            t.insert("cloze", value(text.as_str()));
        }
        Body::Plain { prompt, answer } => answer_fields(&mut t, prompt, answer, &card.graded),
    }
    if !card.distractors.is_empty() {
        t.insert("distractors", value(strings(&card.distractors)));
    }
    if let Some(n) = &card.sibling {
        t.insert("note", value(n.as_str()));
    }
    if let Some(o) = &card.origin {
        t.insert("origin", value(o.as_str()));
    }
    if card.strict {
        t.insert("strict", value(true));
    }
    if !card.tags.is_empty() {
        t.insert("tags", value(strings(&card.tags)));
    }
    if let Some(s) = &card.source {
        t.insert("source", value(s.as_str()));
    }
    if let Some(h) = &card.hint {
        t.insert("hint", value(h.as_str()));
    }
    if let Some(e) = &card.explain {
        t.insert("explain", value(e.as_str()));
    }
    if card.draft {
        t.insert("draft", value(true));
    }
    normalize_table(&mut t, CARD_ORDER);
    if let Some(note) = &card.note {
        let note: String = note
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        t.decor_mut().set_prefix(format!("\n# {}\n", note.trim()));
    }
    t
}

fn answer_fields(t: &mut Table, prompt: &str, answer: &Answer, graded: &[Graded]) {
    let q = |t: &mut Table| {
        t.insert("q", value(prompt));
    };
    match answer {
        Answer::Flashcard { back } => {
            t.insert("front", value(prompt));
            t.insert("back", value(back.as_str()));
        }
        Answer::Text(alt) => {
            q(t);
            t.insert("a", value(alt.answer.as_str()));
            // Plain alternatives keep their place; graded answers that are not alternatives
            // (partial credit, penalties, feedback on `a`) follow as tables.
            let mut accept = Array::new();
            for a in &alt.accept {
                accept.push(entry(a, graded.iter().find(|g| g.text == *a), 1.0));
            }
            for g in graded.iter().filter(|g| !alt.accept.contains(&g.text)) {
                accept.push(entry(&g.text, Some(g), 1.0));
            }
            if !accept.is_empty() {
                t.insert("accept", value(accept));
            }
        }
        Answer::TrueFalse(b) => {
            q(t);
            t.insert("a", value(*b));
        }
        Answer::Choice { choices, correct } => {
            q(t);
            let mut arr = Array::new();
            for (i, c) in choices.iter().enumerate() {
                let default = if correct.contains(&i) { 1.0 } else { 0.0 };
                arr.push(entry(c, graded.iter().find(|g| g.text == *c), default));
            }
            t.insert("choices", value(arr));
            let right: Vec<String> = correct.iter().filter_map(|&i| choices.get(i).cloned()).collect();
            match right.as_slice() {
                [one] => t.insert("a", value(one.as_str())),
                _ => t.insert("a", value(strings(&right))),
            };
        }
        Answer::Number {
            value: v,
            tolerance,
            unit,
        } => {
            q(t);
            t.insert("a", Item::Value(number(*v)));
            if *tolerance > 0.0 {
                t.insert("tolerance", Item::Value(number(*tolerance)));
            }
            if let Some(u) = unit {
                t.insert("unit", value(u.as_str()));
            }
        }
        Answer::List { items, ordered } => {
            q(t);
            let names: Vec<String> = items.iter().map(|i| i.answer.clone()).collect();
            t.insert("a", value(strings(&names)));
            let mut accept = InlineTable::new();
            for i in items.iter().filter(|i| !i.accept.is_empty()) {
                accept.insert(&i.answer, Value::Array(strings(&i.accept)));
            }
            if !accept.is_empty() {
                t.insert("accept", value(accept));
            }
            if *ordered {
                t.insert("ordered", value(true));
            }
        }
        Answer::Order(items) => {
            q(t);
            t.insert("items", value(strings(items)));
        }
        Answer::Match(pairs) => {
            q(t);
            let mut arr = Array::new();
            for (l, r) in pairs {
                arr.push(Value::Array(strings(&[l.clone(), r.clone()])));
            }
            t.insert("pairs", value(arr));
        }
    }
}

/// One `accept` or `choices` entry: a plain string, or a table when it carries a credit other
/// than `default` or feedback.
fn entry(text: &str, graded: Option<&Graded>, default: f64) -> Value {
    let Some(g) = graded.filter(|g| g.credit != default || g.feedback.is_some()) else {
        return Value::from(text);
    };
    let mut t = InlineTable::new();
    t.insert("text", Value::from(text));
    if g.credit != default {
        t.insert("credit", number(g.credit));
    }
    if let Some(f) = &g.feedback {
        t.insert("feedback", Value::from(f.as_str()));
    }
    Value::InlineTable(t)
}

fn strings(items: &[String]) -> Array {
    items.iter().map(String::as_str).collect()
}

/// A number as TOML writes it: an integer when it is one, else a float.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}
