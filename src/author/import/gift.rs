//! Moodle's GIFT format, both ways: multiple choice, true/false, short answer with
//! alternatives, numeric (`{#2001:1}`, `{#1..5}`), matching, missing word, essays; `::title::`,
//! `//` comments, `\` escapes, `####` general feedback.
//!
//! What GIFT has no field for travels in comments Moodle ignores: `// [tag:x]` (as Moodle
//! writes tags) and `// deckard: hint=…`, `source=…`, `unit=…`, `gap-hint=…`.

mod answers;

use super::Imported;
use crate::author::{Body, NewCard};
use crate::deck::{Alternatives, Answer, Graded, format_number};

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
    let (html, rest) = answers::strip_marker(s);
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
        explain = Some(answers::text_of(f, h || html)).filter(|e| !e.is_empty());
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
        let (wild, list): (Vec<_>, Vec<_>) = answers::answers(inner)
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

/// A weight as GIFT writes it: `50%`.
fn percent(credit: f64) -> String {
    format!("{}%", format_number(credit * 100.0))
}

/// `=left -> right` pairs; an empty left side makes the right side a distractor.
fn matching(list: &[answers::Ans], x: &mut Extra) -> Answer {
    let mut pairs = Vec::new();
    for a in list {
        let i = find_unescaped(&a.raw, "->").unwrap_or(0);
        let (l, r) = (
            answers::text_of(&a.raw[..i], a.html),
            answers::text_of(&a.raw[i + 2..], a.html),
        );
        if let Some(f) = &a.feedback {
            x.lost.push(format!(
                "the feedback `{f}` on a pair (a match card has no per-pair feedback)"
            ));
        }
        if l.is_empty() {
            if !x.distractors.contains(&r) {
                x.distractors.push(r);
            }
        } else {
            pairs.push((l, r));
        }
    }
    Answer::Match(pairs)
}

/// The `*` answer ("anything else"): its credit and feedback have no place.
fn wildcard(a: &answers::Ans, x: &mut Extra) {
    if a.credit() > 0.0 {
        x.lost.push(format!(
            "any other answer worth {} (deckard has no wildcard answer)",
            percent(a.credit())
        ));
    }
    if let Some(f) = &a.feedback {
        x.lost.push(format!("the feedback for any other answer `{f}`"));
    }
}

/// A short answer: the fully right answers are the answer and its alternatives; weighted ones
/// become `accept` entries with their credit, and feedback goes with its answer.
fn short_answer(list: &[answers::Ans], x: &mut Extra) -> Result<Answer, String> {
    let mut full: Vec<String> = Vec::new();
    for a in list {
        let t = a.text();
        if t.is_empty() || full.contains(&t) || x.graded.iter().any(|g| g.text == t) {
            continue;
        }
        let credit = a.credit();
        if credit >= 1.0 {
            full.push(t.clone());
        }
        if credit < 1.0 || a.feedback.is_some() {
            x.graded.push(Graded {
                text: t,
                credit: credit.min(1.0),
                feedback: a.feedback.clone(),
            });
        }
    }
    let [answer, accept @ ..] = full.as_slice() else {
        return Err("a short-answer question with no fully right answer".into());
    };
    Ok(Answer::Text(Alternatives {
        answer: answer.clone(),
        accept: accept.to_vec(),
    }))
}

/// The answers of a missing-word short answer, as a cloze gap (`a|b::hint`): gaps take plain
/// alternatives, so credit and feedback are reported.
fn gap_answers(list: &[answers::Ans], x: &mut Extra, hint: Option<&str>) -> Result<String, String> {
    let mut full = Vec::new();
    for a in list {
        let t = a.text();
        if a.credit() >= 1.0 {
            full.push(t.replace('|', "\\|"));
        } else {
            x.lost.push(format!(
                "`{t}` worth {} (a cloze gap has no partial credit)",
                percent(a.credit())
            ));
        }
        if let Some(f) = &a.feedback {
            x.lost.push(format!(
                "the feedback `{f}` (a cloze gap has no per-answer feedback)"
            ));
        }
    }
    if full.is_empty() {
        return Err("a short-answer question with no fully right answer".into());
    }
    let mut gap = full.join("|");
    if let Some(h) = hint {
        gap = format!("{gap}::{h}");
    }
    Ok(gap)
}

/// Multiple choice. With `=` answers, those are right and `~%w%` answers earn their weight
/// (a penalty when negative); without, Moodle's multiple-answer form: every answer with a
/// positive weight is right.
fn choice(list: &[answers::Ans], x: &mut Extra) -> Result<Answer, String> {
    let names: Vec<String> = list.iter().map(answers::Ans::text).collect();
    let any_full = list.iter().any(|a| a.credit() >= 1.0);
    let correct: Vec<usize> = (0..list.len())
        .filter(|&i| {
            let c = list[i].credit();
            if any_full { c >= 1.0 } else { c > 0.0 }
        })
        .collect();
    if correct.is_empty() {
        return Err("a multiple-choice question with no right answer".into());
    }
    // Several right answers: deckard charges a wrong pick the share of one right answer, as
    // Moodle does with that weight (`~%-50%` of two), so such a weight is a plain wrong choice.
    let share = 1.0 / correct.len() as f64;
    let plain_wrong = |a: &answers::Ans| !any_full && (a.credit() + share).abs() < 0.01;
    if !any_full {
        let weights: Vec<f64> = correct.iter().map(|&i| list[i].credit()).collect();
        if weights.iter().any(|w| (w - weights[0]).abs() > 0.01) {
            let shown: Vec<String> = weights.iter().map(|w| percent(*w)).collect();
            x.lost.push(format!(
                "the unequal weights {} of the right answers (deckard counts each right answer alike)",
                shown.join(", ")
            ));
        }
        if list.iter().any(|a| a.credit() < 0.0 && !plain_wrong(a)) {
            x.lost.push(
                "Moodle's floor at 0 for a multiple-answer question (deckard keeps a wrong pick's penalty: a wrong pick alone scores below 0)"
                    .into(),
            );
        }
    }
    for (i, a) in list.iter().enumerate() {
        let right = correct.contains(&i);
        let credit = if right || plain_wrong(a) {
            f64::from(u8::from(right))
        } else {
            a.credit().min(0.99)
        };
        if credit != if right { 1.0 } else { 0.0 } || a.feedback.is_some() {
            x.graded.push(Graded {
                text: names[i].clone(),
                credit,
                feedback: a.feedback.clone(),
            });
        }
    }
    Ok(Answer::Choice {
        choices: names,
        correct,
    })
}

/// `T`, `TRUE`, `F`, `FALSE`, then optional `#feedback` (for a wrong, then a right answer).
fn true_false(inner: &str) -> Option<(bool, Vec<String>)> {
    let (word, rest) = match find_unescaped(inner, "#") {
        Some(i) => (&inner[..i], &inner[i..]),
        None => (inner, ""),
    };
    let b = match word.trim() {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    let mut feedback = Vec::new();
    let mut rest = rest;
    while let Some(r) = rest.strip_prefix('#') {
        let end = find_unescaped(r, "#").unwrap_or(r.len());
        let (h, f) = answers::strip_marker(&r[..end]);
        let f = answers::text_of(f, h);
        if !f.is_empty() {
            feedback.push(f);
        }
        rest = &r[end..];
    }
    Some((b, feedback))
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
