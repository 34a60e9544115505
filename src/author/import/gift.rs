//! Moodle's GIFT format read as learning platforms write it: multiple choice (weights and
//! penalties as per-choice credit), true/false, short answer (partial credit), numeric in every
//! form (`{#3:2}`, `{#1..5}`, `{#=3:0 =%50%3:1}`, `~#feedback`), matching (with distractors),
//! missing word, essays; `::title::` (the card's key, `origin = "gift:…"`), `$CATEGORY:` (tags),
//! `[html]`/`[plain]`/`[moodle]`/`[markdown]` markers, `//` comments, `\` escapes, `#` and
//! `####` feedback. What has no place in a deckard card is listed in the report.
//!
//! What GIFT has no field for travels in comments Moodle ignores (deckard's exporter writes
//! them): `// [tag:x]`, `// [id:x]` and `// deckard: hint=…`, `source=…`, `unit=…`, `gap-hint=…`,
//! `note=…`, `strict=true`.

mod answers;
mod kinds;

use super::Imported;
use crate::author::{Body, NewCard};
use crate::deck::{Answer, Graded};
use kinds::{choice, gap_answers, matching, percent, short_answer, true_false, wildcard};

/// One question block: its first line, text, the comments just before it and the tags of the
/// `$CATEGORY:` it is in.
struct Block {
    line: usize,
    text: String,
    comments: Vec<String>,
    category: Vec<String>,
}

/// Imports a GIFT file.
pub fn import(text: &str) -> Imported {
    let mut out = Imported::default();
    for b in blocks(text) {
        match question(&b) {
            Ok(q) => {
                for l in q.lost {
                    out.lost(b.line, l);
                }
                let key = q.card.origin.clone();
                match key.as_deref().and_then(|k| k.strip_prefix("gift:")) {
                    Some(title) => {
                        let mut card = q.card;
                        card.origin = None;
                        super::keyed(&mut out, b.line, card, title, "gift");
                    }
                    None => out.cards.push(q.card),
                }
            }
            Err(message) => out.problem(b.line, message),
        }
    }
    out
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Option<Block> = None;
    let mut comments = Vec::new();
    let mut category: Vec<String> = Vec::new();
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
        if let Some(path) = t.strip_prefix("$CATEGORY:")
            && cur.is_none()
        {
            comments.clear();
            category = category_tags(path);
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
                    category: category.clone(),
                })
            }
        }
    }
    out.extend(cur);
    out
}

/// Tags from a category path (`$course$/top/Default for Biology/Animals` → `biology`…): each
/// part as a tag, without Moodle's `$course$` and `top` and the `Default for` of its
/// default categories.
fn category_tags(path: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for part in path.split('/') {
        let part = part.trim();
        let part = part.strip_prefix("Default for ").unwrap_or(part);
        if part.is_empty() || part == "top" || (part.starts_with('$') && part.ends_with('$')) {
            continue;
        }
        let tag = crate::author::ids::slug(part);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
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

/// A converted question and what of it had no place in a deck.
struct Converted {
    card: NewCard,
    lost: Vec<String>,
}

/// What the kinds' converters fill in besides the body.
#[derive(Default)]
struct Extra {
    graded: Vec<Graded>,
    distractors: Vec<String>,
    lost: Vec<String>,
}

fn question(b: &Block) -> Result<Converted, String> {
    let mut s = b.text.trim();
    let mut title = None;
    if let Some(rest) = s.strip_prefix("::") {
        let end = find_unescaped(rest, "::").ok_or("the title opened with :: never closes")?;
        title = Some(unescape(&rest[..end]));
        s = rest[end + 2..].trim_start();
    }
    let (marker, rest) = answers::strip_marker(s);
    let html = marker == Some(true);
    s = rest;
    let text = |raw: &str| answers::text_of(raw, html);
    let Some(open) = find_unescaped(s, "{") else {
        return Err("no answer in { braces }: a description, not a question".into());
    };
    let close =
        open + 1 + find_unescaped(&s[open + 1..], "}").ok_or("the answer opened with { never closes")?;
    let (before_raw, after_raw) = (&s[..open], &s[close + 1..]);
    let before = text(before_raw);
    let after = text(after_raw);
    let mut inner = &s[open + 1..close];
    let mut explain = None;
    if let Some(i) = find_unescaped(inner, "####") {
        let (h, f) = answers::strip_marker(&inner[i + 4..]);
        explain = Some(answers::text_of(f, h.unwrap_or(html))).filter(|e| !e.is_empty());
        inner = &inner[..i];
    }
    let inner = inner.trim();
    let mut meta = Meta::from_comments(&b.comments);
    let mut x = Extra::default();
    let around = |middle: &str| blank_in(before_raw, &before, middle, after_raw, &after);
    let prompt = if after.is_empty() {
        before.clone()
    } else {
        around("_____")
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
        let n = answers::numeric(num)?;
        if let Some(f) = n.feedback {
            x.lost.push(format!(
                "the right answer's feedback `{f}` (a number card has no per-answer feedback)"
            ));
        }
        for (a, credit, _) in &n.partial {
            x.lost.push(format!(
                "`{a}` worth {} (a number card has no partial credit)",
                percent(*credit)
            ));
        }
        if let Some(f) = n.otherwise {
            x.lost.push(format!("the feedback for any other answer `{f}`"));
        }
        plain(Answer::Number {
            value: n.value,
            tolerance: n.tolerance,
            unit: meta.unit.take(),
        })
    } else if let Some((b, feedback)) = true_false(inner) {
        for f in feedback {
            x.lost.push(format!(
                "the feedback `{f}` (a true/false card has no per-answer feedback)"
            ));
        }
        plain(Answer::TrueFalse(b))
    } else {
        // `*` is "any other answer" in every kind: its feedback has no place, it is no option.
        let (wild, list): (Vec<_>, Vec<_>) = answers::answers(inner, html)
            .into_iter()
            .partition(answers::Ans::is_wildcard);
        for a in &wild {
            wildcard(a, &mut x);
        }
        if list.is_empty() {
            return Err("the answer block has no answers".into());
        }
        let all_eq = list.iter().all(|a| a.right);
        if all_eq && list.iter().all(|a| find_unescaped(&a.raw, "->").is_some()) {
            plain(matching(&list, &mut x))
        } else if all_eq && after.is_empty() {
            plain(short_answer(&list, &mut x)?)
        } else if all_eq {
            let gap = gap_answers(&list, &mut x, meta.gap_hint.as_deref())?;
            Body::Cloze(around(&format!("{{{{{gap}}}}}")))
        } else {
            plain(choice(&list, &mut x)?)
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
        .or(title.clone())
        .filter(|t| crate::author::ids::is_valid(t));
    card.origin = title.filter(|t| !t.is_empty()).map(|t| format!("gift:{t}"));
    card.tags = b.category.clone();
    for t in meta.tags {
        if !card.tags.contains(&t) {
            card.tags.push(t);
        }
    }
    card.hint = meta.hint;
    card.source = meta.source;
    card.explain = explain.or(meta.explain);
    card.draft = meta.draft;
    card.strict = meta.strict;
    card.sibling = meta.note;
    card.graded = x.graded;
    card.distractors = x.distractors;
    Ok(Converted { card, lost: x.lost })
}

/// The missing-word form: `middle` (the blank, or a cloze gap) where the answer block was,
/// between the text before and after it as converted, spaced as the source text was (no
/// space before the `.` that follows a block).
fn blank_in(before_raw: &str, before: &str, middle: &str, after_raw: &str, after: &str) -> String {
    let space_before = !before.is_empty() && before_raw.ends_with(char::is_whitespace);
    let space_after = !after.is_empty() && after_raw.starts_with(char::is_whitespace);
    format!(
        "{before}{}{middle}{}{after}",
        if space_before { " " } else { "" },
        if space_after { " " } else { "" }
    )
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
    note: Option<String>,
    strict: bool,
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
                    "strict" => m.strict = v.as_deref() == Some("true"),
                    "note" => m.note = v,
                    _ => {}
                }
            }
        }
        m
    }
}

#[cfg(test)]
mod tests;
