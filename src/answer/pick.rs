//! Which of many targets (choices, items, one side of pairs) a typed piece names, without
//! comparing the piece with every target: a card of 100,000 items is judged, and self-checked
//! by `deckard check`, in time linear in its size rather than quadratic.
//!
//! Exact hits come from a map of comparison keys; the few targets that are read rather than
//! keyed (numbers, dates, punctuation only) are compared one by one. Typos are looked for only
//! when nothing is exact, and only among alternatives of the same digits whose length is within
//! the edit budget and whose characters could be that few edits away. The answers are those of
//! comparing with every target ([`tests::naive_pick`], kept as the oracle).

use std::ops::Range;

use super::target::{Given, Hit, Target, place_stem};
use super::text::distance_within;

/// An alternative a typo may name: its digits and length (its bucket), its target, its index
/// among the target's alternatives, its edit budget, and which character classes it holds (see
/// [`char_classes`]).
struct Fuzzy<'a> {
    digits: &'a str,
    len: usize,
    target: u32,
    alt: u32,
    max: u32,
    classes: u64,
}

/// A set of targets, indexed for [`Targets::pick`]. The indexes are sorted vectors searched by
/// bisection rather than hash maps: no allocation per key, so a large card costs a few words a
/// target.
pub struct Targets<'a> {
    /// The targets, in the author's order.
    pub list: &'a [Target],
    /// (key of a plain-text alternative, target), sorted.
    by_key: Vec<(&'a str, u32)>,
    /// (key of a place name without its suffix, `塔什干` of `塔什干市`, target), sorted.
    by_stem: Vec<(&'a str, u32)>,
    /// Targets with an alternative read as a number or date, or punctuation only, in order.
    others: Vec<u32>,
    /// The alternatives a typo may name, sorted by digits and length.
    fuzzy: Vec<Fuzzy<'a>>,
    /// (digits, length, where its alternatives are in `fuzzy`), sorted.
    buckets: Vec<(&'a str, usize, Range<usize>)>,
}

/// One bit per class of characters (the code point modulo 64). One edit adds or removes at
/// most one class on each side, so texts whose classes differ in more than `2 × max` bits are
/// more than `max` edits apart.
fn char_classes(chars: &[char]) -> u64 {
    chars.iter().fold(0, |m, &c| m | 1 << (u32::from(c) % 64))
}

/// The targets listed under `key` in a sorted (key, target) index, in order.
fn under<'s>(index: &'s [(&str, u32)], key: &'s str) -> impl Iterator<Item = usize> + 's {
    let from = index.partition_point(|(k, _)| *k < key);
    index
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(move |(k, _)| *k == key)
        .map(|(_, t)| *t as usize)
}

impl<'a> Targets<'a> {
    /// Indexes `list`; O(n log n) in the number of alternatives.
    pub fn new(list: &'a [Target]) -> Self {
        let mut t = Targets {
            list,
            by_key: Vec::new(),
            by_stem: Vec::new(),
            others: Vec::new(),
            fuzzy: Vec::new(),
            buckets: Vec::new(),
        };
        // Decks hold far fewer than 2^32 targets (see `deck::limits`); the index is u32 to
        // stay small, and a larger list is cut rather than wrapped.
        for (i, target) in list.iter().enumerate().take(u32::MAX as usize) {
            let i = i as u32;
            let mut other = false;
            for (a, alt) in target.alts.iter().enumerate().take(u32::MAX as usize) {
                let Some(key) = alt.text_key() else {
                    other = true;
                    continue;
                };
                t.by_key.push((key, i));
                if let Some(stem) = place_stem(key) {
                    t.by_stem.push((stem, i));
                }
                if let Some((digits, len, max)) = alt.typo_shape().filter(|_| !target.exact_only()) {
                    t.fuzzy.push(Fuzzy {
                        digits,
                        len,
                        target: i,
                        alt: a as u32,
                        max: max as u32,
                        classes: char_classes(alt.chars()),
                    });
                }
            }
            if other {
                t.others.push(i);
            }
        }
        t.by_key.sort_unstable();
        t.by_key.dedup();
        t.by_stem.sort_unstable();
        t.by_stem.dedup();
        t.fuzzy.sort_unstable_by(|x, y| {
            (x.digits, x.len, x.target, x.alt).cmp(&(y.digits, y.len, y.target, y.alt))
        });
        for (i, f) in t.fuzzy.iter().enumerate() {
            match t.buckets.last_mut() {
                Some((d, l, r)) if *d == f.digits && *l == f.len => r.end = i + 1,
                _ => t.buckets.push((f.digits, f.len, i..i + 1)),
            }
        }
        t
    }

    /// The alternatives a typo may name with these digits and this length.
    fn bucket(&self, digits: &str, len: usize) -> Option<&[Fuzzy<'a>]> {
        let at = self
            .buckets
            .binary_search_by(|(d, l, _)| (*d, *l).cmp(&(digits, len)))
            .ok()?;
        let (_, _, range) = self.buckets.get(at)?;
        self.fuzzy.get(range.clone())
    }

    /// The number of targets.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Every target `g` equals exactly, in order.
    pub fn exact(&self, g: &Given) -> Vec<usize> {
        let mut out: Vec<usize> = self.keyed(g).collect();
        out.extend(
            self.others
                .iter()
                .map(|&j| j as usize)
                .filter(|&j| self.is_exact(j, g)),
        );
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The first target `g` equals exactly.
    pub fn first_exact(&self, g: &Given) -> Option<usize> {
        let keyed = self.keyed(g).min();
        // Among the others, only one before the keyed hit can change the answer.
        let other = self
            .others
            .iter()
            .map(|&j| j as usize)
            .take_while(|&j| keyed.is_none_or(|k| j < k))
            .find(|&j| self.is_exact(j, g));
        other.or(keyed)
    }

    /// Which target `g` names: the first exact hit, or else a typo that no other target is as
    /// close to (a typo never lands on another valid answer). `None` when none or ambiguous.
    pub fn pick(&self, g: &Given) -> Option<(usize, Hit)> {
        if let Some(i) = self.first_exact(g) {
            return Some((i, self.list.get(i)?.compare(g, true)));
        }
        let len = g.chars.len();
        let classes = char_classes(&g.chars);
        // Budgets are at most 2 edits: only lengths within 2 of the typed one can be near. The
        // same length first: one edit is then a substitution or a swap, and two targets one
        // edit away settle the answer (ambiguous) without reading the rest.
        let lengths = [len, len + 1, len.wrapping_sub(1), len + 2, len.wrapping_sub(2)];
        let near = lengths
            .into_iter()
            .filter_map(|l| self.bucket(&g.digits, l))
            .flatten();
        // The nearest target and whether another is as near.
        let mut best: Option<(usize, u32)> = None;
        let mut tied = false;
        for f in near {
            if tied && best.is_some_and(|(d, _)| d == 1) {
                return None;
            }
            let max = f.max as usize;
            if (classes ^ f.classes).count_ones() as usize > 2 * max || len.abs_diff(f.len) > max {
                continue;
            }
            let Some(alt) = self
                .list
                .get(f.target as usize)
                .and_then(|t| t.alts.get(f.alt as usize))
            else {
                continue;
            };
            let Some(d) = distance_within(&g.chars, alt.chars(), max).filter(|&d| d > 0) else {
                continue;
            };
            match best {
                Some((bd, bt)) if d > bd || (d == bd && f.target == bt) => {}
                Some((bd, _)) if d == bd => tied = true,
                _ => {
                    best = Some((d, f.target));
                    tied = false;
                }
            }
        }
        // A target reached through two alternatives is still one target; a target found nearer
        // than a tie replaces it.
        let (_, i) = best.filter(|_| !tied)?;
        let i = i as usize;
        Some((i, self.list.get(i)?.compare(g, true)))
    }

    /// The targets `g` may equal by key, with duplicates: same key, or a place name with or
    /// without its administrative suffix.
    fn keyed<'s>(&'s self, g: &'s Given) -> impl Iterator<Item = usize> + 's {
        let stem = place_stem(&g.key);
        under(&self.by_key, &g.key)
            .chain(stem.into_iter().flat_map(|s| under(&self.by_key, s)))
            .chain(under(&self.by_stem, &g.key))
    }

    fn is_exact(&self, j: usize, g: &Given) -> bool {
        self.list
            .get(j)
            .is_some_and(|t| matches!(t.compare(g, false), Hit::Exact { .. }))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The pick of comparing `g` with every target: the definition [`Targets::pick`] keeps.
    pub fn naive_pick(g: &Given, targets: &[Target]) -> Option<(usize, Hit)> {
        let hits: Vec<Hit> = targets.iter().map(|t| t.compare(g, true)).collect();
        if let Some(i) = hits.iter().position(|h| matches!(h, Hit::Exact { .. })) {
            return hits.into_iter().nth(i).map(|h| (i, h));
        }
        let best = hits.iter().filter_map(Hit::distance).min()?;
        let mut at = hits
            .iter()
            .enumerate()
            .filter(|(_, h)| h.distance() == Some(best));
        let (i, h) = at.next()?;
        if at.next().is_some() {
            return None;
        }
        Some((i, h.clone()))
    }

    /// Every target that equals `g`, by comparing with each.
    fn naive_exact(g: &Given, targets: &[Target]) -> Vec<usize> {
        (0..targets.len())
            .filter(|&i| matches!(targets[i].compare(g, false), Hit::Exact { .. }))
            .collect()
    }

    /// Short texts over few letters, so that exact hits, typos, ties, digits, numbers, dates,
    /// place suffixes and punctuation-only answers all turn up.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[abcde]{1,7}",
            3 => "[abcde]{4,13}",
            1 => "[abc]{3,8}[12]",
            1 => "[12]{1,3}",
            1 => "(1|2|3) June 200(1|2)",
            1 => "(塔什干|北京|上海)(市|省)?",
            1 => "[?!.-]{1,3}",
            1 => "[a-e]{1,5} [a-e]{1,5}",
        ]
    }

    fn alternatives() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(text(), 1..3)
    }

    fn targets() -> impl Strategy<Value = Vec<Target>> {
        (
            prop::collection::vec(alternatives(), 0..8),
            any::<bool>(),
            0usize..4,
        )
            .prop_map(|(sets, as_set, strict_at)| {
                if as_set {
                    Target::set(&sets.into_iter().map(|mut a| a.swap_remove(0)).collect::<Vec<_>>())
                } else {
                    sets.iter()
                        .enumerate()
                        .map(|(i, a)| Target::new(a.iter().map(String::as_str)).strict(i == strict_at))
                        .collect()
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The indexed pick is the naive one, and so are the exact hits.
        #[test]
        fn indexed_pick_equals_the_naive_pick(targets in targets(), typed in prop_oneof![text(), "[a-e]{0,14}"]) {
            let g = Given::new(&typed);
            let index = Targets::new(&targets);
            prop_assert_eq!(index.pick(&g), naive_pick(&g, &targets));
            prop_assert_eq!(index.exact(&g), naive_exact(&g, &targets));
            prop_assert_eq!(index.first_exact(&g), naive_exact(&g, &targets).first().copied());
        }

        /// Typed as one of the targets' own alternatives, changed by an edit or not.
        #[test]
        fn indexed_pick_equals_the_naive_pick_near_a_target(
            targets in targets(), which in any::<prop::sample::Index>(), edit in 0usize..4, at in any::<prop::sample::Index>(),
        ) {
            let alts: Vec<&str> = targets.iter().flat_map(|t| t.alts.iter().map(|a| a.raw.as_str())).collect();
            prop_assume!(!alts.is_empty());
            let mut chars: Vec<char> = alts[which.index(alts.len())].chars().collect();
            let p = at.index(chars.len().max(1));
            match edit {
                1 if !chars.is_empty() => { chars.remove(p); }
                2 => chars.insert(p.min(chars.len()), 'b'),
                3 if p + 1 < chars.len() => chars.swap(p, p + 1),
                _ => {}
            }
            let g = Given::new(&chars.iter().collect::<String>());
            prop_assert_eq!(Targets::new(&targets).pick(&g), naive_pick(&g, &targets));
        }
    }

    #[test]
    fn a_typo_between_two_targets_names_neither() {
        let targets = Target::set(&["kyrgyzstan".into(), "kyrgyzstin".into()]);
        let g = Given::new("kyrgyzstun");
        assert_eq!(naive_pick(&g, &targets), None);
        assert_eq!(Targets::new(&targets).pick(&g), None);
        let g = Given::new("kyrgyzstam");
        assert_eq!(Targets::new(&targets).pick(&g), naive_pick(&g, &targets));
        assert_eq!(naive_pick(&g, &targets).map(|(i, _)| i), Some(0));
    }
}
