//! Turns a [`NewCard`] into a `[[card]]` table in the canonical layout.

use toml_edit::{Array, InlineTable, Item, Table, Value, value};

use super::format::{CARD_ORDER, normalize_table};
use super::{Body, NewCard};
use crate::deck::Answer;

/// The `[[card]]` table for a card; `id` is the id to write (derived by the caller if needed).
pub fn card_table(card: &NewCard, id: &str) -> Table {
    let mut t = Table::new();
    t.insert("id", value(id));
    match &card.body {
        Body::Cloze(text) => {
            t.insert("cloze", value(text.as_str()));
        }
        Body::Plain { prompt, answer } => answer_fields(&mut t, prompt, answer),
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

fn answer_fields(t: &mut Table, prompt: &str, answer: &Answer) {
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
            if !alt.accept.is_empty() {
                t.insert("accept", value(strings(&alt.accept)));
            }
        }
        Answer::TrueFalse(b) => {
            q(t);
            t.insert("a", value(*b));
        }
        Answer::Choice { choices, correct } => {
            q(t);
            t.insert("choices", value(strings(choices)));
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
