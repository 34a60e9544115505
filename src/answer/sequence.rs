//! Order and match cards. Order: the sequence typed as displayed numbers (`3 1 2`, `312`) or
//! as names, scored by the longest run in the right order. Match: pairs typed as `1b 2a 3c`,
//! as letters in left order (`b a c`), or as `left → right` texts, scored by right pairs.

use super::list::{self, Slot, longest_increasing};
use super::normalize::{key, quote, simple};
use super::pick::Targets;
use super::present::{match_label, match_position};
use super::target::{Given, Target};
use super::{Unreadable, Verdict, list_limit};

/// Most numbers or pairs read from one answer.
const MAX_TOKENS: usize = 256;

/// The answer's alphanumeric tokens when every one is a number; `None` otherwise.
fn numbers(s: &str) -> Option<Vec<usize>> {
    let tokens: Vec<&str> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_TOKENS)
        .collect();
    if tokens.is_empty() || !tokens.iter().all(|t| t.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    tokens.iter().map(|t| t.parse().ok()).collect()
}

/// The answer as display positions (`3 1 2`, or `312` for up to nine items), each in `1..=n`.
fn positions(s: &str, n: usize) -> Option<Vec<usize>> {
    let mut ps = numbers(s)?;
    if let [p] = ps.as_slice()
        && n <= 9
        && p.to_string().len() == n
    {
        ps = p.to_string().bytes().map(|b| usize::from(b - b'0')).collect();
    }
    ps.iter().all(|p| (1..=n).contains(p)).then_some(ps)
}

/// The answer as item names in sequence (author indexes) and the pieces naming no item.
fn by_names(s: &str, targets: &Targets) -> (Vec<usize>, Vec<String>) {
    let s = s
        .replace("->", "\n")
        .replace(['→', '>', '|'], "\n")
        .replace(" then ", "\n");
    let typed = list::split(&s, targets);
    let mut seq = Vec::new();
    let mut unknown = Vec::new();
    for slot in list::assign(&typed, targets) {
        match slot {
            Slot::Item(i, _) => seq.push(i),
            Slot::Repeat => {}
            Slot::Extra(raw) => unknown.push(quote(&raw)),
        }
    }
    (seq, unknown)
}

/// Judges an order answer; `order` maps display position → author index. An answer naming no
/// item and no shown number is asked again.
pub fn judge_order(
    items: &[String],
    order: &[usize],
    given: &str,
    canonical: String,
) -> Result<Verdict, Unreadable> {
    let n = items.len();
    let targets = Target::set(items);
    let s = simple(given);
    let mut seq: Vec<usize> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    // Names first: an answer naming every piece as an item is read as names even when the
    // items are themselves numbers; otherwise numbers are display positions.
    let named = by_names(&s, &Targets::new(&targets));
    match positions(&s, n) {
        Some(ps) if !named.1.is_empty() || named.0.is_empty() => {
            for p in ps {
                if let Some(&i) = p.checked_sub(1).and_then(|i| order.get(i))
                    && !seq.contains(&i)
                {
                    seq.push(i);
                }
            }
        }
        _ => (seq, unknown) = named,
    }
    if seq.is_empty() && unknown.is_empty() {
        return Ok(Verdict::wrong("no answer", canonical));
    }
    if seq.is_empty() {
        return Err(Unreadable {
            reason: format!(
                "{} names no item: type the numbers 1–{n} in order, or the items",
                list_limit(&unknown)
            ),
        });
    }
    let run = longest_increasing(&seq);
    let score = if run == n && unknown.is_empty() {
        1.0
    } else if run >= 2 {
        run as f64 / (n + unknown.len()) as f64
    } else {
        0.0
    };
    let mut reasons = Vec::new();
    if run < n {
        reasons.push(format!("{run} of {n} in the right order"));
    }
    let mut named = vec![false; n];
    for &i in &seq {
        if let Some(b) = named.get_mut(i) {
            *b = true;
        }
    }
    let missing: Vec<String> = (0..n)
        .filter(|&i| !named.get(i).copied().unwrap_or(true))
        .filter_map(|i| items.get(i))
        .map(|s| quote(s))
        .collect();
    if !missing.is_empty() {
        reasons.push(format!("missing: {}", list_limit(&missing)));
    }
    if !unknown.is_empty() {
        reasons.push(format!("not an item: {}", list_limit(&unknown)));
    }
    let reason = if reasons.is_empty() {
        "right".to_string()
    } else {
        reasons.join("; ")
    };
    Ok(Verdict::scored(score, reason, canonical))
}

/// One atom of a compact match answer.
#[derive(Clone, Copy)]
enum Atom {
    Num(usize),
    /// A right-side label, as its display position.
    Letter(usize),
}

/// `1b 2a`, `1-b, 2-a`, `b1` (`1ab 2aa` past 26 pairs): the answer as numbers and labels of the
/// right side; `None` if it has words or a label that no right-side position has.
fn atoms(s: &str, n: usize) -> Option<Vec<Atom>> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && out.len() < MAX_TOKENS {
        let c = b.get(i).copied().unwrap_or(b' ');
        if c.is_ascii_digit() {
            let n = b
                .get(i..)
                .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
            out.push(Atom::Num(s.get(i..i + n.min(6))?.parse().ok()?));
            i += n;
        } else if c.is_ascii_lowercase() {
            let len = b
                .get(i..)
                .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_lowercase()).count());
            out.push(Atom::Letter(match_position(s.get(i..i + len)?, n)?));
            i += len;
        } else if c.is_ascii() && !c.is_ascii_alphanumeric() {
            i += 1;
        } else {
            return None;
        }
    }
    Some(out)
}

/// Reads `(left author index, right author index)` pairs from an answer.
fn read_pairs(
    s: &str,
    lefts: &Targets,
    rights: &Targets,
    right_order: &[usize],
) -> (Vec<(usize, usize)>, Vec<String>) {
    let n = lefts.len();
    let right_at = |pos: usize| right_order.get(pos).copied();
    let mut pairs = Vec::new();
    let mut unknown = Vec::new();
    // Labels name the right side's shown positions, distractors included.
    if let Some(atoms) = atoms(s, right_order.len()).filter(|a| !a.is_empty()) {
        if atoms.iter().all(|a| matches!(a, Atom::Letter(_))) && atoms.len() == n {
            for (l, a) in atoms.iter().enumerate() {
                if let Atom::Letter(c) = a
                    && let Some(r) = right_at(*c)
                {
                    pairs.push((l, r));
                }
            }
            return (pairs, unknown);
        }
        if atoms.len() % 2 == 0 {
            let mut ok = Vec::new();
            for ch in atoms.chunks(2) {
                match ch {
                    [Atom::Num(l), Atom::Letter(r)] | [Atom::Letter(r), Atom::Num(l)] => {
                        match (l.checked_sub(1).filter(|l| *l < n), right_at(*r)) {
                            (Some(l), Some(r)) => ok.push((l, r)),
                            _ => unknown.push(format!("{l}{}", match_label(*r, right_order.len()))),
                        }
                    }
                    _ => break,
                }
            }
            if ok.len() + unknown.len() == atoms.len() / 2 {
                return (ok, unknown);
            }
            unknown.clear();
        }
    }
    let part_list: Vec<&str> = s.split([';', '\n']).collect();
    let part_list: Vec<&str> = if part_list.len() == 1 {
        s.split([';', '\n', ',']).collect()
    } else {
        part_list
    };
    for part in part_list.into_iter().take(MAX_TOKENS) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let split = ["→", "->", "=", ":", " - "]
            .iter()
            .find_map(|sep| part.split_once(sep));
        let Some((l, r)) = split else {
            unknown.push(quote(part));
            continue;
        };
        let left = match (lefts.pick(&Given::new(l)), numbers(l)) {
            (Some((i, _)), _) => Some(i),
            (None, Some(v)) if v.len() == 1 => v.first().and_then(|p| p.checked_sub(1)).filter(|p| *p < n),
            _ => None,
        };
        let r = r.trim();
        let right = match rights.pick(&Given::new(r)) {
            Some((i, _)) => Some(i),
            None => match_position(r, right_order.len()).and_then(right_at),
        };
        match (left, right) {
            (Some(l), Some(r)) => pairs.push((l, r)),
            _ => unknown.push(quote(part)),
        }
    }
    (pairs, unknown)
}

/// Judges a match answer; `right_order` maps the right side's display position → pair index,
/// where indexes past the pairs are `distractors` (right-side options that pair with nothing).
/// An answer naming no pair at all is asked again.
pub fn judge_match(
    pairs: &[(String, String)],
    distractors: &[String],
    right_order: &[usize],
    given: &str,
    canonical: String,
) -> Result<Verdict, Unreadable> {
    let n = pairs.len();
    let lefts = Target::set(&pairs.iter().map(|p| p.0.clone()).collect::<Vec<_>>());
    let right_texts: Vec<String> = pairs
        .iter()
        .map(|p| p.1.clone())
        .chain(distractors.iter().cloned())
        .collect();
    let rights = Target::set(&right_texts);
    // Indexes past the pairs are distractors: never right, even one written like a pair's.
    let right_keys: Vec<String> = right_texts.iter().map(|r| key(r)).collect();
    let s = simple(given);
    let (typed, unknown) = read_pairs(&s, &Targets::new(&lefts), &Targets::new(&rights), right_order);
    if typed.is_empty() && unknown.is_empty() {
        return Ok(Verdict::wrong("no answer", canonical));
    }
    if typed.is_empty() {
        return Err(Unreadable {
            reason: format!(
                "{} names no pair: {}",
                list_limit(&unknown),
                if right_order.len() > 26 {
                    "pair numbers with labels, e.g. 1ab 2aa"
                } else {
                    "pair numbers with letters, e.g. 1b 2a"
                }
            ),
        });
    }
    let mut chosen: Vec<Option<usize>> = vec![None; n];
    for (l, r) in typed {
        if let Some(slot @ None) = chosen.get_mut(l) {
            *slot = Some(r);
        }
    }
    let mut right = 0;
    let mut wrong = Vec::new();
    let mut missing = Vec::new();
    for (l, slot) in chosen.iter().enumerate() {
        let left_text = pairs.get(l).map_or("", |p| p.0.as_str());
        let want = right_keys.get(l);
        match slot {
            Some(r) if *r < n && right_keys.get(*r) == want => right += 1,
            Some(r) => wrong.push(format!(
                "{} → {} (is {})",
                quote(left_text),
                quote(right_texts.get(*r).map_or("", String::as_str)),
                quote(pairs.get(l).map_or("", |p| p.1.as_str()))
            )),
            None => missing.push(quote(left_text)),
        }
    }
    let score = right as f64 / (n + unknown.len()).max(1) as f64;
    let mut reasons = Vec::new();
    if !wrong.is_empty() {
        reasons.push(format!("wrong: {}", list_limit(&wrong)));
    }
    if !missing.is_empty() {
        reasons.push(format!("missing: {}", list_limit(&missing)));
    }
    if !unknown.is_empty() {
        reasons.push(format!("not understood: {}", list_limit(&unknown)));
    }
    let reason = if reasons.is_empty() {
        "right".to_string()
    } else {
        reasons.join("; ")
    };
    Ok(Verdict::scored(score, reason, canonical))
}
