//! Multiple choice: picks typed as letters (`b`, `a, c`, `a c`, `ac`), numbers (`2`) or the
//! choice's text (typos tolerated unless they land on another choice), scored with partial
//! credit for several correct choices and a penalty for each wrong pick.

use super::normalize::{quote, simple};
use super::pick::Targets;
use super::target::{Given, Hit, Target};
use super::{Unreadable, Verdict, list_limit};

/// Most picks read from one answer.
const MAX_PICKS: usize = 64;

/// One piece of a choice answer, read.
enum Pick {
    /// A choice, by author index.
    Choice(usize),
    /// Something that names no choice (shown in the reason).
    Unknown(String),
}

/// The display label of position `pos`: a letter for up to 26 choices, else a number.
pub fn label(pos: usize, count: usize) -> String {
    if count <= 26 {
        crate::deck::letter(pos).to_string()
    } else {
        (pos + 1).to_string()
    }
}

/// A choice named by a label (`b`, `2`, `b)`) at display position → author index.
fn by_label(token: &str, order: &[usize]) -> Option<usize> {
    let t = token
        .trim()
        .trim_end_matches([')', '.', ':'])
        .trim_start_matches('(');
    let pos = match t.as_bytes() {
        [c @ b'a'..=b'z'] if order.len() <= 26 => usize::from(c - b'a'),
        _ if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) => {
            t.parse::<usize>().ok()?.checked_sub(1)?
        }
        _ => return None,
    };
    order.get(pos).copied()
}

/// Splits `b) Peace Hotel, c) Park Hotel` at each `, x)` label, keeping commas inside texts.
fn split_labelled(s: &str) -> Option<Vec<&str>> {
    let labelled_at = |i: usize| {
        let rest = s.get(i..).unwrap_or("");
        let n = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        (1..=2).contains(&n) && rest.as_bytes().get(n) == Some(&b')')
    };
    if !labelled_at(0) {
        return None;
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _) in s.match_indices(", ") {
        if labelled_at(i + 2) {
            parts.push(s.get(start..i)?);
            start = i + 2;
        }
    }
    parts.push(s.get(start..)?);
    Some(parts)
}

/// Reads one piece: a label with or without text, a run of labels, or a choice's text.
fn read_part(part: &str, targets: &Targets, order: &[usize], out: &mut Vec<Pick>) {
    let part = part.trim();
    if part.is_empty() {
        return;
    }
    // Exact choice text first: a choice may itself be `1` or `B`.
    let g = Given::new(part);
    if let Some((i, hit)) = targets.pick(&g)
        && matches!(hit, Hit::Exact { .. })
    {
        out.push(Pick::Choice(i));
        return;
    }
    // `b) Shangri-La Hotel`: the text decides when it names a choice, else the label.
    if let Some((label, text)) = part.split_once(')') {
        let named = targets
            .pick(&Given::new(text))
            .filter(|(_, h)| matches!(h, Hit::Exact { .. }));
        if let Some(i) = named.map(|(j, _)| j).or_else(|| by_label(label, order)) {
            out.push(Pick::Choice(i));
            return;
        }
    }
    if let Some(i) = by_label(part, order) {
        out.push(Pick::Choice(i));
        return;
    }
    let tokens: Vec<&str> = part.split_whitespace().collect();
    if tokens.len() > 1 && tokens.iter().all(|t| by_label(t, order).is_some()) {
        out.extend(tokens.iter().filter_map(|t| by_label(t, order)).map(Pick::Choice));
        return;
    }
    if let Some((i, _)) = targets.pick(&g) {
        out.push(Pick::Choice(i));
        return;
    }
    // `ac`: a run of distinct letters, each a choice.
    let letters: Vec<char> = part.chars().collect();
    if order.len() <= 26 && letters.len() <= order.len() && letters.iter().all(|c| c.is_ascii_lowercase()) {
        let picks: Vec<usize> = letters
            .iter()
            .filter_map(|c| by_label(&c.to_string(), order))
            .collect();
        if picks.len() == letters.len() {
            out.extend(picks.into_iter().map(Pick::Choice));
            return;
        }
    }
    out.push(Pick::Unknown(part.to_string()));
}

/// Reads every pick in an answer.
fn picks(given: &str, targets: &Targets, order: &[usize]) -> Vec<Pick> {
    let s = simple(given);
    let mut out = Vec::new();
    let whole = Given::new(&s);
    // The whole answer as one choice's text; a typo only when it is not several picks.
    let several = s.contains([',', ';', '\n', ')']);
    if let Some((i, hit)) = targets.pick(&whole)
        && (matches!(hit, Hit::Exact { .. }) || !several)
    {
        out.push(Pick::Choice(i));
        return out;
    }
    let parts: Vec<&str> = match split_labelled(&s) {
        Some(p) => p,
        None => s
            .split([',', ';', '\n', '/', '+', '&'])
            .flat_map(|p| p.split(" and "))
            .collect(),
    };
    for part in parts.into_iter().take(MAX_PICKS) {
        read_part(part, targets, order, &mut out);
    }
    out
}

/// The choices an answer picks (author indexes, each once) and how many pieces named none.
pub(super) fn chosen(choices: &[String], order: &[usize], given: &str) -> (Vec<usize>, usize) {
    let targets = Target::set(choices);
    let mut chosen: Vec<usize> = Vec::new();
    let mut unknown = 0;
    for p in picks(given, &Targets::new(&targets), order) {
        match p {
            Pick::Choice(i) if !chosen.contains(&i) => chosen.push(i),
            Pick::Choice(_) => {}
            Pick::Unknown(_) => unknown += 1,
        }
    }
    (chosen, unknown)
}

/// What a learner may type to name a choice, for the reason of an unreadable answer.
fn labels_hint(count: usize) -> String {
    match count {
        0 => "this card has no choices".to_string(),
        1..=26 => format!("type a letter a–{} or the choice's text", label(count - 1, count)),
        _ => format!("type a number 1–{count} or the choice's text"),
    }
}

/// Judges a multiple-choice answer; `order` maps display position → author index. Input with a
/// piece that names no choice (`e` of four, `5`, a word no choice has) is not judged: the
/// learner is asked again, so a slip of the keyboard never costs a point.
pub fn judge(
    choices: &[String],
    correct: &[usize],
    order: &[usize],
    given: &str,
    canonical: String,
) -> Result<Verdict, Unreadable> {
    let targets = Target::set(choices);
    let shown = |i: usize| {
        let pos = order.iter().position(|&o| o == i).unwrap_or(i);
        let text = choices.get(i).map_or("", String::as_str);
        format!("{}) {}", label(pos, choices.len()), quote(text))
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for p in picks(given, &Targets::new(&targets), order) {
        match p {
            Pick::Choice(i) if !chosen.contains(&i) => chosen.push(i),
            Pick::Choice(_) => {}
            Pick::Unknown(u) => unknown.push(format!("'{}'", quote(&u))),
        }
    }
    if chosen.is_empty() && unknown.is_empty() {
        return Ok(Verdict::wrong("no answer", canonical));
    }
    if !unknown.is_empty() {
        return Err(Unreadable {
            reason: format!(
                "{} names no choice: {}",
                list_limit(&unknown),
                labels_hint(choices.len())
            ),
        });
    }
    let hits = chosen.iter().filter(|i| correct.contains(i)).count();
    let wrong: Vec<String> = chosen
        .iter()
        .filter(|i| !correct.contains(i))
        .map(|&i| shown(i))
        .collect();
    let missing: Vec<String> = correct
        .iter()
        .filter(|i| !chosen.contains(i))
        .map(|&i| shown(i))
        .collect();
    let penalties = wrong.len() as f64;
    let score = ((hits as f64 - penalties) / correct.len().max(1) as f64).clamp(0.0, 1.0);
    let mut reasons = Vec::new();
    if !wrong.is_empty() {
        reasons.push(format!("wrong pick: {}", list_limit(&wrong)));
    }
    if !missing.is_empty() && correct.len() > 1 {
        reasons.push(format!("missing: {}", list_limit(&missing)));
    } else if !missing.is_empty() {
        reasons.push(format!("the answer is {}", list_limit(&missing)));
    }
    let reason = if reasons.is_empty() {
        "right".to_string()
    } else {
        reasons.join("; ")
    };
    Ok(Verdict::scored(score, reason, canonical))
}
