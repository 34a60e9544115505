//! One delimited record (or one set of typed answers) turned into a card, by column, and the
//! multi-value field syntax: values separated by `|`, two sides joined by `=`, `\` escapes.

use super::anki;
use super::csv::Col;
use crate::author::{Body, NewCard};
use crate::deck::{Alternatives, Answer, Graded, Kind};

/// Builds a card from one record.
pub(crate) fn row_card(fields: &[String], cols: &[Option<Col>], html: bool) -> Result<NewCard, String> {
    let get = |want: Col| -> String {
        let v = cols
            .iter()
            .zip(fields)
            .filter(|(c, _)| **c == Some(want))
            .map(|(_, f)| f.as_str())
            .find(|f| !f.trim().is_empty())
            .unwrap_or("");
        if html {
            anki::html_to_text(v)
        } else {
            v.trim().to_string()
        }
    };
    let raw = |want: Col| -> &str {
        cols.iter()
            .zip(fields)
            .find(|(c, _)| **c == Some(want))
            .map(|(_, f)| f.as_str())
            .unwrap_or("")
    };
    let (prompt, flash_style) = match (get(Col::Q), get(Col::Front)) {
        (q, _) if !q.is_empty() => (q, false),
        (_, f) => (f, true),
    };
    let answer = match (get(Col::A), get(Col::Back)) {
        (a, _) if !a.is_empty() => a,
        (_, b) => b,
    };
    let has_media = |s: &str| s.contains("<img") || s.contains("[sound:");
    let kind = match get(Col::Kind) {
        k if !k.is_empty() => Kind::parse(&k).ok_or_else(|| format!("unknown card kind `{k}`"))?,
        _ if !get(Col::Cloze).is_empty() || anki::is_anki_cloze(&prompt) => Kind::Cloze,
        _ if get(Col::Notetype).to_lowercase().contains("cloze") => Kind::Cloze,
        _ if !get(Col::Choices).is_empty() => Kind::Choice,
        _ if !get(Col::Items).is_empty() => Kind::Order,
        _ if !get(Col::Pairs).is_empty() => Kind::Match,
        _ if !get(Col::Tolerance).is_empty() || !get(Col::Unit).is_empty() => Kind::Number,
        // Anki's "Basic (type in the answer)" notes ask for a typed answer.
        _ if flash_style && get(Col::Notetype).to_lowercase().contains("type in") => Kind::Text,
        _ if flash_style => Kind::Flashcard,
        _ => Kind::Text,
    };
    if prompt.is_empty() && kind != Kind::Cloze {
        let front = raw(Col::Q).to_string() + raw(Col::Front);
        return Err(if has_media(&front) {
            "the question is only an image or a sound, which deckard cannot show".into()
        } else {
            "the question is empty".into()
        });
    }
    let need_answer = |what: &str| -> Result<String, String> {
        if answer.is_empty() {
            let back = raw(Col::A).to_string() + raw(Col::Back);
            Err(if has_media(&back) {
                "the answer is only an image or a sound, which deckard cannot show".into()
            } else {
                format!("the {what} is empty")
            })
        } else {
            Ok(answer.clone())
        }
    };
    let plain = |answer: Answer| Body::Plain {
        prompt: prompt.clone(),
        answer,
    };
    let mut distractors = Vec::new();
    let body = match kind {
        Kind::Flashcard => plain(Answer::Flashcard {
            back: need_answer("back")?,
        }),
        Kind::Text => plain(Answer::Text(Alternatives {
            answer: need_answer("answer")?,
            accept: split_multi(&get(Col::Accept)),
        })),
        Kind::TrueFalse => {
            let a = need_answer("answer")?;
            let b = parse_bool(&a).ok_or_else(|| format!("`{a}` is not true or false"))?;
            plain(Answer::TrueFalse(b))
        }
        Kind::Number => {
            let a = need_answer("answer")?;
            let value = parse_number(&a).ok_or_else(|| format!("`{a}` is not a number"))?;
            let tol = get(Col::Tolerance);
            let tolerance = if tol.is_empty() {
                0.0
            } else {
                parse_number(&tol)
                    .filter(|t| *t >= 0.0)
                    .ok_or_else(|| format!("tolerance `{tol}` is not a number"))?
            };
            let unit = Some(get(Col::Unit)).filter(|u| !u.is_empty());
            plain(Answer::Number {
                value,
                tolerance,
                unit,
            })
        }
        Kind::Choice => {
            let choices = split_multi(&get(Col::Choices));
            let mut correct = Vec::new();
            for want in split_multi(&need_answer("answer")?) {
                let i = choices
                    .iter()
                    .position(|c| *c == want)
                    .or_else(|| letter_index(&want).filter(|&i| i < choices.len()))
                    .ok_or_else(|| format!("the answer `{want}` is not among the choices"))?;
                if !correct.contains(&i) {
                    correct.push(i);
                }
            }
            correct.sort_unstable();
            plain(Answer::Choice { choices, correct })
        }
        Kind::List => {
            let mut items: Vec<Alternatives> = split_multi(&need_answer("answer")?)
                .into_iter()
                .map(|answer| Alternatives {
                    answer,
                    accept: Vec::new(),
                })
                .collect();
            for entry in split_raw(&get(Col::Accept), '|') {
                let parts: Vec<String> = split_raw(entry, '=').into_iter().map(unescape).collect();
                let [item, alts @ ..] = parts.as_slice() else {
                    continue;
                };
                let Some(slot) = items.iter_mut().find(|i| i.answer == item.trim()) else {
                    return Err(format!("`{}` in accept is not an item of the list", item.trim()));
                };
                slot.accept.extend(
                    alts.iter()
                        .map(|a| a.trim().to_string())
                        .filter(|a| !a.is_empty()),
                );
            }
            let ordered = parse_bool(&get(Col::Ordered)).unwrap_or(false);
            plain(Answer::List { items, ordered })
        }
        Kind::Order => {
            let items = match get(Col::Items) {
                i if i.is_empty() => split_multi(&need_answer("items")?),
                i => split_multi(&i),
            };
            plain(Answer::Order(items))
        }
        Kind::Match => {
            distractors = split_multi(&get(Col::Distractors));
            let mut pairs = Vec::new();
            for p in split_raw(&get(Col::Pairs), '|') {
                let parts: Vec<&str> = split_raw(p, '=');
                let [l, r] = parts.as_slice() else {
                    return Err(format!("pair `{}` is not written left=right", p.trim()));
                };
                pairs.push((unescape(l).trim().to_string(), unescape(r).trim().to_string()));
            }
            plain(Answer::Match(pairs))
        }
        Kind::Cloze => {
            let text = match get(Col::Cloze) {
                c if !c.is_empty() => c,
                _ => prompt.clone(),
            };
            Body::Cloze(anki::cloze_from_anki(&text))
        }
    };
    let mut card = NewCard::new(body);
    let id = get(Col::Id);
    card.id = Some(id).filter(|i| crate::author::ids::is_valid(i));
    let tags = get(Col::Tags);
    card.tags = if tags.contains('|') {
        split_multi(&tags)
    } else {
        tags.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    };
    card.source = Some(get(Col::Source)).filter(|s| !s.is_empty());
    card.hint = Some(get(Col::Hint)).filter(|s| !s.is_empty());
    let explain = get(Col::Explain);
    // A cloze from Anki keeps its "Back Extra" field as the explanation.
    let explain = if kind == Kind::Cloze && explain.is_empty() && !answer.is_empty() {
        answer
    } else {
        explain
    };
    card.explain = Some(explain).filter(|s| !s.is_empty());
    card.draft = parse_bool(&get(Col::Draft)).unwrap_or(false);
    card.strict = parse_bool(&get(Col::Strict)).unwrap_or(false);
    card.sibling = Some(get(Col::Note)).filter(|s| !s.is_empty());
    card.distractors = distractors;
    card.graded = credit_entries(&get(Col::Credit))?;
    Ok(card)
}

/// The `credit` column: `text=credit=feedback` entries (feedback optional) separated by `|`.
fn credit_entries(s: &str) -> Result<Vec<Graded>, String> {
    let mut out = Vec::new();
    for entry in split_raw(s, '|') {
        let parts: Vec<String> = split_raw(entry, '=').into_iter().map(unescape).collect();
        let (text, credit, feedback) = match parts.as_slice() {
            [t, c] => (t, c, None),
            [t, c, f] => (t, c, Some(f.trim().to_string())),
            _ => {
                return Err(format!(
                    "credit entry `{}` is not written text=credit=feedback",
                    entry.trim()
                ));
            }
        };
        let credit = parse_number(credit)
            .filter(|c| (-1.0..=1.0).contains(c))
            .ok_or_else(|| format!("credit `{}` is not a number from -1 to 1", credit.trim()))?;
        out.push(Graded {
            text: text.trim().to_string(),
            credit,
            feedback: feedback.filter(|f| !f.is_empty()),
        });
    }
    Ok(out)
}

fn letter_index(s: &str) -> Option<usize> {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(l), None) if l.is_ascii_lowercase() => Some((l as u8 - b'a') as usize),
        _ => None,
    }
}

/// `true`/`false` and their usual spellings.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "t" | "yes" | "y" | "1" | "wahr" | "vrai" => Some(true),
        "false" | "f" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

/// A number, allowing `_` and thousands commas.
pub fn parse_number(s: &str) -> Option<f64> {
    let t: String = s.trim().chars().filter(|c| !matches!(c, '_' | ',')).collect();
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Splits on `sep` where it is not escaped by `\`; escapes stay in the pieces.
pub(crate) fn split_raw(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            out.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&s[start..]);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// Removes `\` escapes.
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Values separated by unescaped `|`, unescaped and trimmed.
pub fn split_multi(s: &str) -> Vec<String> {
    split_raw(s, '|')
        .into_iter()
        .map(|p| unescape(p).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Escapes `\`, `|` and `=` in one value of a multi-value field.
pub fn escape_multi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '|' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
