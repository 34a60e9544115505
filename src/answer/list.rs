//! Lists: an answer split into items (commas, semicolons, new lines, `、`, a final `and` or `和`), each item
//! judged as text against the expected items; duplicates count once, missing and extra items
//! lower the score, and in ordered lists only the longest run in the right order counts.

use super::normalize::{quote, simple};
use super::pick::Targets;
use super::target::{Given, Hit, Target};
use super::text::letters_off;
use super::{Verdict, list_limit};

/// Most items read from one answer; the rest of a longer answer is ignored.
pub const MAX_ITEMS: usize = 256;

/// Adjacent pieces joined back when together they name an item (`Washington, D.C.`).
const MAX_JOIN: usize = 4;

/// The pieces of an answer between separators, before any joining.
fn pieces(s: &str) -> Vec<&str> {
    s.split(['\n', ',', ';', '\u{3001}', '\u{ff0c}', '\u{ff1b}'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .take(MAX_ITEMS)
        .collect()
}

/// Splits `s` into typed items against `targets`: adjacent pieces are joined back when together
/// they name an item, and ` and ` splits a piece only when the whole piece names no item
/// (`Trinidad and Tobago` stays one).
pub fn split(given: &str, targets: &Targets) -> Vec<Given> {
    let s = simple(given);
    let pieces = pieces(&s);
    let names_item = |g: &Given| targets.first_exact(g).is_some();
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() && out.len() < MAX_ITEMS {
        let whole = Given::new(pieces.get(i).copied().unwrap_or(""));
        let mut taken = 1;
        if !names_item(&whole) {
            for n in (2..=MAX_JOIN.min(pieces.len() - i)).rev() {
                let joined = Given::new(&pieces.get(i..i + n).map(|p| p.join(", ")).unwrap_or_default());
                if names_item(&joined) {
                    out.push(joined);
                    taken = n;
                    break;
                }
            }
        }
        if taken == 1 {
            let piece = pieces.get(i).copied().unwrap_or("");
            if targets.pick(&whole).is_some() {
                out.push(whole);
            } else {
                // `China, Russia, and Kazakhstan`, `China and Russia`, `中国和俄罗斯`.
                let rest = piece.strip_prefix("and ").unwrap_or(piece);
                let subs = rest.split(" and ").flat_map(|p| p.split('和'));
                for sub in subs.map(str::trim).filter(|p| !p.is_empty()) {
                    out.extend(by_words(sub, targets).unwrap_or_else(|| vec![Given::new(sub)]));
                }
            }
        }
        i += taken;
    }
    out.truncate(MAX_ITEMS);
    out
}

/// `China Russia`: a piece naming no item is read word by word when every word names one.
fn by_words(piece: &str, targets: &Targets) -> Option<Vec<Given>> {
    let whole = Given::new(piece);
    if targets.pick(&whole).is_some() {
        return Some(vec![whole]);
    }
    let words: Vec<Given> = piece.split(' ').take(MAX_ITEMS).map(Given::new).collect();
    (words.len() > 1 && words.iter().all(|w| targets.pick(w).is_some())).then_some(words)
}

/// What each typed item turned out to be.
pub enum Slot {
    /// Expected item `i`, with how it matched.
    Item(usize, Hit),
    /// An item already named earlier.
    Repeat,
    /// Names no expected item.
    Extra(String),
}

/// Assigns typed items to expected ones: exact matches first, then unambiguous typos; each
/// expected item is named at most once.
pub fn assign(items: &[Given], targets: &Targets) -> Vec<Slot> {
    let mut taken = vec![false; targets.len()];
    let mut slots: Vec<Option<Slot>> = items.iter().map(|_| None).collect();
    // Exact matches, taking the first free target with the same answer (duplicate items).
    for (slot, g) in slots.iter_mut().zip(items) {
        let exact = targets.exact(g);
        if exact.is_empty() {
            continue;
        }
        let free = exact
            .into_iter()
            .find(|i| !taken.get(*i).copied().unwrap_or(true))
            .and_then(|i| Some((i, targets.list.get(i)?.compare(g, false))));
        *slot = Some(match free {
            Some((i, h)) => {
                if let Some(t) = taken.get_mut(i) {
                    *t = true;
                }
                Slot::Item(i, h)
            }
            None => Slot::Repeat,
        });
    }
    for (slot, g) in slots.iter_mut().zip(items) {
        if slot.is_some() {
            continue;
        }
        *slot = Some(match targets.pick(g) {
            Some((i, h)) if !taken.get(i).copied().unwrap_or(true) => {
                if let Some(t) = taken.get_mut(i) {
                    *t = true;
                }
                Slot::Item(i, h)
            }
            Some(_) => Slot::Repeat,
            None => Slot::Extra(g.raw.clone()),
        });
    }
    slots.into_iter().map(|s| s.unwrap_or(Slot::Repeat)).collect()
}

/// The length of the longest strictly increasing subsequence of `seq` (O(n log n)).
pub fn longest_increasing(seq: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &x in seq {
        let at = tails.partition_point(|&t| t < x);
        if at == tails.len() {
            tails.push(x);
        } else if let Some(t) = tails.get_mut(at) {
            *t = x;
        }
    }
    tails.len()
}

/// Judges a list answer.
pub fn judge(targets: &[Target], ordered: bool, given: &str, canonical: String) -> Verdict {
    let index = Targets::new(targets);
    let items = split(given, &index);
    if items.iter().all(Given::is_empty) {
        return Verdict::wrong("no answer", canonical);
    }
    let slots = assign(&items, &index);
    let mut named: Vec<usize> = Vec::new();
    let mut typos = Vec::new();
    let mut extras = Vec::new();
    for slot in &slots {
        match slot {
            Slot::Item(i, hit) => {
                named.push(*i);
                if let (Hit::Typo { dist, alt }, Some(t)) = (hit, targets.get(*i)) {
                    let raw = t.alts.get(*alt).map_or("", |a| a.raw.as_str());
                    typos.push(format!("{} '{}'", letters_off(*dist), quote(raw)));
                }
            }
            Slot::Repeat => {}
            Slot::Extra(raw) => extras.push(quote(raw)),
        }
    }
    let mut is_named = vec![false; targets.len()];
    for &i in &named {
        if let Some(n) = is_named.get_mut(i) {
            *n = true;
        }
    }
    let missing: Vec<String> = targets
        .iter()
        .zip(&is_named)
        .filter(|(_, named)| !**named)
        .map(|(t, _)| quote(t.canonical()))
        .collect();
    let in_order = if ordered {
        longest_increasing(&named)
    } else {
        named.len()
    };
    let denominator = (targets.len() + extras.len()).max(1) as f64;
    let score = in_order as f64 / denominator;
    let mut reasons = Vec::new();
    if !missing.is_empty() {
        reasons.push(format!("missing: {}", list_limit(&missing)));
    }
    if !extras.is_empty() {
        reasons.push(format!("not on the list: {}", list_limit(&extras)));
    }
    if in_order < named.len() {
        reasons.push(format!("{in_order} of {} in the right order", targets.len()));
    }
    if !typos.is_empty() {
        reasons.push(format!("accepted: {}", list_limit(&typos)));
    }
    let reason = match reasons.as_slice() {
        [] => "right".to_string(),
        _ => reasons.join("; "),
    };
    Verdict::scored(score, reason, canonical)
}
