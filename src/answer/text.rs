//! Typo tolerance: how many edits an answer of a given length may carry, and a bounded
//! Damerau–Levenshtein (optimal string alignment) distance that gives up early.
//!
//! The distance is banded and bounded because it runs for every accepted answer on every
//! judgement; its unit tests check it against `strsim::osa_distance`, the full-matrix form
//! that `deck::closest` uses for "did you mean" suggestions.

/// Keys longer than this are only compared exactly: typo tolerance never costs quadratic work.
pub const MAX_TYPO_CHARS: usize = 256;

/// Edits allowed for an expected key of `len` characters: none for short words (`Iran` vs
/// `Iraq`), one for medium (`Kyrgyzstan`), two for long ones.
pub fn tolerance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=11 => 1,
        _ => 2,
    }
}

/// The edit distance between `a` and `b` (insertions, deletions, substitutions and swaps of
/// neighbours) when it is at most `max`; `None` when larger or when a side is too long.
pub fn distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    if a.len().abs_diff(b.len()) > max || a.len() > MAX_TYPO_CHARS || b.len() > MAX_TYPO_CHARS {
        return None;
    }
    // Three rows of the matrix; on the stack for the common short word, since the typo search
    // of a large card may run this for many candidates.
    const ON_STACK: usize = 48;
    let m = b.len();
    if m < ON_STACK {
        let mut rows = [0usize; 3 * ON_STACK];
        banded(a, b, max, &mut rows[..3 * (m + 1)])
    } else {
        banded(a, b, max, &mut vec![0; 3 * (m + 1)])
    }
}

/// [`distance_within`] on rows taken from `rows` (three of `b.len() + 1` cells).
fn banded(a: &[char], b: &[char], max: usize, rows: &mut [usize]) -> Option<usize> {
    // Only cells within `max` of the diagonal can lead to a distance within `max`: the band
    // keeps the work at O(len × max). Cells just outside the band read as `max + 1`.
    let (n, m) = (a.len(), b.len());
    let far = max + 1;
    let (mut before, rest) = rows.split_at_mut(m + 1);
    let (mut prev, mut cur) = rest.split_at_mut(m + 1);
    before.fill(far);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = if j <= max { j } else { far };
    }
    cur.fill(far);
    for i in 1..=n {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(m);
        let ca = a.get(i - 1).copied();
        if let Some(c) = cur.get_mut(lo - 1) {
            *c = if lo == 1 { i } else { far };
        }
        let mut row_min = if lo == 1 { i } else { far };
        for j in lo..=hi {
            let cb = b.get(j - 1).copied();
            let at = |row: &[usize], k: usize| row.get(k).copied().unwrap_or(far);
            let cost = usize::from(ca != cb);
            let mut d = (at(prev, j - 1) + cost)
                .min(at(prev, j) + 1)
                .min(at(cur, j - 1) + 1);
            if i > 1 && j > 1 && ca == b.get(j - 2).copied() && a.get(i - 2).copied() == cb {
                d = d.min(at(before, j - 2) + 1);
            }
            let d = d.min(far);
            if let Some(c) = cur.get_mut(j) {
                *c = d;
            }
            row_min = row_min.min(d);
        }
        if let Some(c) = cur.get_mut(hi + 1) {
            *c = far;
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev.get(m).copied().unwrap_or(far);
    (d <= max).then_some(d)
}

/// The digits of `s` in order: a typo may not change them (`G20` is not `G21`).
pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// "one letter off" / "2 letters off", for reasons.
pub fn letters_off(d: usize) -> String {
    match d {
        1 => "one letter off".to_string(),
        2 => "two letters off".to_string(),
        n => format!("{n} letters off"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance_within(&a, &b, max)
    }

    #[test]
    fn distances() {
        assert_eq!(d("kyrgyzstan", "kyrgyzstan", 1), Some(0));
        assert_eq!(d("kyrgyzstan", "kyrgystan", 1), Some(1));
        assert_eq!(d("kyrgyzstan", "kyrgzystan", 1), Some(1), "a swap is one edit");
        assert_eq!(d("kazakhstan", "kazakstn", 1), None);
        assert_eq!(d("kazakhstan", "kazakstn", 2), Some(2));
        assert_eq!(d("abc", "xyz", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("ab", "", 1), None);
    }

    #[test]
    fn tolerance_grows_with_length() {
        assert_eq!(tolerance("iran".len()), 0);
        assert_eq!(tolerance("china".len()), 1);
        assert_eq!(tolerance("kyrgyzstan".len()), 1);
        assert_eq!(tolerance("shangrilahotel".len()), 2);
    }

    /// The full-matrix optimal string alignment distance of a well-kept crate: the one
    /// definition the banded version must agree with.
    fn reference(a: &[char], b: &[char]) -> usize {
        let (a, b): (String, String) = (a.iter().collect(), b.iter().collect());
        strsim::osa_distance(&a, &b)
    }

    proptest::proptest! {
        #[test]
        fn banded_distance_matches_the_full_matrix(a in "[abc]{0,9}", b in "[abc]{0,9}", max in 0usize..4) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = reference(&a, &b);
            proptest::prop_assert_eq!(distance_within(&a, &b, max), (full <= max).then_some(full));
        }
    }

    #[test]
    fn long_inputs_are_refused_not_computed() {
        let a: Vec<char> = "a".repeat(MAX_TYPO_CHARS + 1).chars().collect();
        let mut b = a.clone();
        b[0] = 'b';
        assert_eq!(distance_within(&a, &b, 2), None);
        assert_eq!(distance_within(&a, &a, 2), Some(0));
    }
}
