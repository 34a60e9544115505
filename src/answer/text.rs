//! Typo tolerance: how many edits an answer of a given length may carry, and a bounded
//! Damerau–Levenshtein (optimal string alignment) distance that gives up early.

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
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur: Vec<usize> = vec![0; width];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && Some(&ca) == b.get(j - 1) && a.get(i - 1) == Some(&cb) {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
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

    #[test]
    fn long_inputs_are_refused_not_computed() {
        let a: Vec<char> = "a".repeat(MAX_TYPO_CHARS + 1).chars().collect();
        let mut b = a.clone();
        b[0] = 'b';
        assert_eq!(distance_within(&a, &b, 2), None);
        assert_eq!(distance_within(&a, &a, 2), Some(0));
    }
}
