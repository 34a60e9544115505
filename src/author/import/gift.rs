//! Moodle's GIFT format, both ways: multiple choice, true/false, short answer with
//! alternatives, numeric (`{#2001:1}`, `{#1..5}`), matching, missing word, essays; `::title::`,
//! `//` comments, `\` escapes, `####` general feedback.
//!
//! What GIFT has no field for travels in comments Moodle ignores: `// [tag:x]` (as Moodle
//! writes tags) and `// deckard: hint=…`, `source=…`, `unit=…`, `gap-hint=…`.

use super::{Imported, Problem};
use crate::author::{Body, NewCard};
use crate::deck::{Alternatives, Answer};

/// One question block: its first line, text and the comments just before it.
struct Block {
    line: usize,
    text: String,
    comments: Vec<String>,
}

/// Imports a GIFT file.
pub fn import(text: &str) -> Imported {
    let mut out = Imported::default();
    for b in blocks(text) {
        match question(&b) {
            Ok(Some(card)) => out.cards.push(card),
            Ok(None) => {}
            Err(message) => out.problems.push(Problem {
                line: b.line,
                message,
            }),
        }
    }
    out
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Option<Block> = None;
    let mut comments = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix("//") {
            if cur.is_none() {
                comments.push(c.trim().to_string());
            }
            continue;
        }
        if t.is_empty() {
            out.extend(cur.take());
            continue;
        }
        if t.starts_with("$CATEGORY:") && cur.is_none() {
            comments.clear();
            continue;
        }
        match &mut cur {
            Some(b) => {
                b.text.push('\n');
                b.text.push_str(line);
            }
            None => {
                cur = Some(Block {
                    line: i + 1,
                    text: line.to_string(),
                    comments: std::mem::take(&mut comments),
                })
            }
        }
    }
    out.extend(cur);
    out
}

/// Byte index of the first `pat` in `s` not escaped by `\`.
fn find_unescaped(s: &str, pat: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if s[i..].starts_with(pat) {
            return Some(i);
        }
    }
    None
}

/// Resolves GIFT escapes (`\n` is a newline, `\x` is `x`) and trims.
fn unescape(s: &str) -> String {
    unescape_raw(s).trim().to_string()
}

/// Resolves GIFT escapes, keeping surrounding spaces.
fn unescape_raw(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some(n) => out.push(n),
                None => {}
            },
            c => out.push(c),
        }
    }
    out
}

/// Escapes GIFT's special characters in text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One answer of a GIFT answer block.
struct Choice {
    right: bool,
    weight: Option<f64>,
    text: String,
}

fn question(b: &Block) -> Result<Option<NewCard>, String> {
    let mut s = b.text.trim();
    let mut title = None;
    if let Some(rest) = s.strip_prefix("::") {
        let end = find_unescaped(rest, "::").ok_or("the title opened with :: never closes")?;
        title = Some(unescape(&rest[..end]));
        s = rest[end + 2..].trim_start();
    }
    let mut html = false;
    for marker in ["[html]", "[moodle]", "[plain]", "[markdown]"] {
        if let Some(rest) = s.strip_prefix(marker) {
            html = marker == "[html]";
            s = rest.trim_start();
        }
    }
    let text = |raw: &str| {
        let t = unescape(raw);
        if html { super::anki::html_to_text(&t) } else { t }
    };
    let Some(open) = find_unescaped(s, "{") else {
        return Err("no answer in { braces }: a description, not a question".into());
    };
    let close =
        open + 1 + find_unescaped(&s[open + 1..], "}").ok_or("the answer opened with { never closes")?;
    let before = text(&s[..open]);
    let after = text(&s[close + 1..]);
    let mut inner = &s[open + 1..close];
    let mut explain = None;
    if let Some(i) = find_unescaped(inner, "####") {
        explain = Some(text(&inner[i + 4..])).filter(|e| !e.is_empty());
        inner = &inner[..i];
    }
    let inner = inner.trim();
    let mut meta = Meta::from_comments(&b.comments);
    let prompt = if after.is_empty() {
        before.clone()
    } else {
        format!("{before} _____ {after}")
    };
    let plain = |answer: Answer| Body::Plain {
        prompt: prompt.clone(),
        answer,
    };
    let body = if inner.is_empty() {
        let back = explain
            .take()
            .ok_or("an essay question without an answer cannot be a card")?;
        plain(Answer::Flashcard { back })
    } else if let Some(num) = inner.strip_prefix('#') {
        let (value, tolerance) = numeric(num)?;
        plain(Answer::Number {
            value,
            tolerance,
            unit: meta.unit.take(),
        })
    } else if let Some(b) = true_false(inner) {
        plain(Answer::TrueFalse(b))
    } else {
        let choices = answers(inner);
        if choices.is_empty() {
            return Err("the answer block has no answers".into());
        }
        let all_right = choices.iter().all(|c| c.right);
        if all_right && choices.iter().all(|c| find_unescaped(&c.text, "->").is_some()) {
            let pairs = choices
                .iter()
                .map(|c| {
                    let i = find_unescaped(&c.text, "->").unwrap_or(0);
                    (text(&c.text[..i]), text(&c.text[i + 2..]))
                })
                .collect();
            plain(Answer::Match(pairs))
        } else if all_right {
            let good: Vec<String> = choices
                .iter()
                .filter(|c| c.weight.is_none_or(|w| w >= 100.0))
                .map(|c| text(&c.text))
                .collect();
            let [answer, accept @ ..] = good.as_slice() else {
                return Err("a short-answer question with no fully right answer".into());
            };
            if after.is_empty() && before.is_empty() {
                return Err("the question text is empty".into());
            }
            if !after.is_empty() {
                let mut gap = std::iter::once(answer.as_str())
                    .chain(accept.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join("|");
                if let Some(h) = &meta.gap_hint {
                    gap = format!("{gap}::{h}");
                }
                let (b, a) = (unescape_raw(&s[..open]), unescape_raw(&s[close + 1..]));
                Body::Cloze(format!("{}{{{{{gap}}}}}{}", b.trim_start(), a.trim_end()))
            } else {
                plain(Answer::Text(Alternatives {
                    answer: answer.clone(),
                    accept: accept.to_vec(),
                }))
            }
        } else {
            let names: Vec<String> = choices.iter().map(|c| text(&c.text)).collect();
            let correct: Vec<usize> = choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.right || c.weight.is_some_and(|w| w > 0.0))
                .map(|(i, _)| i)
                .collect();
            if correct.is_empty() {
                return Err("a multiple-choice question with no right answer".into());
            }
            plain(Answer::Choice {
                choices: names,
                correct,
            })
        }
    };
    if let Body::Plain { prompt, .. } = &body
        && prompt.trim().is_empty()
    {
        return Err("the question text is empty".into());
    }
    let mut card = NewCard::new(body);
    card.id = meta
        .id
        .clone()
        .or(title)
        .filter(|t| crate::author::ids::is_valid(t));
    card.tags = meta.tags;
    card.hint = meta.hint;
    card.source = meta.source;
    card.explain = explain.or(meta.explain);
    card.draft = meta.draft;
    Ok(Some(card))
}

fn true_false(inner: &str) -> Option<bool> {
    let word = match find_unescaped(inner, "#") {
        Some(i) => &inner[..i],
        None => inner,
    };
    match word.trim() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Splits an answer block at unescaped `=` and `~`, dropping per-answer `#feedback`.
fn answers(inner: &str) -> Vec<Choice> {
    let mut out = Vec::new();
    let mut marks: Vec<(usize, bool)> = Vec::new();
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' | '~' => marks.push((i, c == '=')),
            _ => {}
        }
    }
    for (n, &(start, right)) in marks.iter().enumerate() {
        let end = marks.get(n + 1).map_or(inner.len(), |m| m.0);
        let mut body = inner[start + 1..end].trim();
        if let Some(i) = find_unescaped(body, "#") {
            body = body[..i].trim();
        }
        let mut weight = None;
        if let Some(rest) = body.strip_prefix('%')
            && let Some(e) = rest.find('%')
        {
            weight = rest[..e].trim().parse::<f64>().ok();
            body = rest[e + 1..].trim();
        }
        out.push(Choice {
            right: right && weight.is_none_or(|w| w > 0.0),
            weight,
            text: body.to_string(),
        });
    }
    out
}

/// `2001`, `2001:1`, `1..5`, or several `=%50%2000:1` answers (the fully right one is used).
fn numeric(s: &str) -> Result<(f64, f64), String> {
    let s = s.trim();
    let first = if s.starts_with('=') {
        answers(s)
            .into_iter()
            .find(|c| c.weight.is_none_or(|w| w >= 100.0))
            .map(|c| c.text)
            .ok_or("a numeric question with no fully right answer")?
    } else {
        match find_unescaped(s, "#") {
            Some(i) => s[..i].trim().to_string(),
            None => s.to_string(),
        }
    };
    let num = |t: &str| {
        crate::author::import::csv::parse_number(t).ok_or_else(|| format!("`{}` is not a number", t.trim()))
    };
    if let Some((lo, hi)) = first.split_once("..") {
        let (lo, hi) = (num(lo)?, num(hi)?);
        return Ok(((lo + hi) / 2.0, ((hi - lo) / 2.0).abs()));
    }
    match first.split_once(':') {
        Some((v, t)) => Ok((num(v)?, num(t)?.abs())),
        None => Ok((num(&first)?, 0.0)),
    }
}

/// What the comments before a question say about it.
#[derive(Default)]
struct Meta {
    id: Option<String>,
    tags: Vec<String>,
    hint: Option<String>,
    source: Option<String>,
    unit: Option<String>,
    gap_hint: Option<String>,
    explain: Option<String>,
    draft: bool,
}

impl Meta {
    fn from_comments(comments: &[String]) -> Meta {
        let mut m = Meta::default();
        for c in comments {
            let mut rest = c.as_str();
            while let Some(i) = rest.find('[') {
                let Some(end) = rest[i..].find(']') else { break };
                let inner = &rest[i + 1..i + end];
                if let Some(t) = inner.strip_prefix("tag:") {
                    m.tags.push(t.trim().to_string());
                } else if let Some(id) = inner.strip_prefix("id:") {
                    m.id = Some(id.trim().to_string());
                }
                rest = &rest[i + end + 1..];
            }
            if let Some(kv) = c.strip_prefix("deckard:")
                && let Some((k, v)) = kv.split_once('=')
            {
                let v = Some(unescape(v)).filter(|v| !v.is_empty());
                match k.trim() {
                    "hint" => m.hint = v,
                    "source" => m.source = v,
                    "unit" => m.unit = v,
                    "gap-hint" => m.gap_hint = v,
                    "explain" => m.explain = v,
                    "draft" => m.draft = v.as_deref() == Some("true"),
                    _ => {}
                }
            }
        }
        m
    }
}

#[cfg(test)]
mod tests;
