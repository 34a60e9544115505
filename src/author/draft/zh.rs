//! Facts in Chinese text, which has no spaces to find words by: dates and counted numbers.

use super::facts::{Fact, FactKind};
use super::text::is_cjk;

/// Dates (`2001年6月15日`) and counts (`6个`) in Chinese text.
pub fn chinese_facts(s: &str) -> Vec<Fact> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut n = 0;
    while n < chars.len() {
        let (start, c) = chars[n];
        if !c.is_ascii_digit() || (n > 0 && chars[n - 1].1.is_ascii_digit()) {
            n += 1;
            continue;
        }
        let mut m = n;
        while m < chars.len() && (chars[m].1.is_ascii_digit() || chars[m].1 == '.') {
            m += 1;
        }
        let unit = chars.get(m).map(|x| x.1);
        let end_of = |k: usize| chars.get(k).map_or(s.len(), |x| x.0);
        if unit == Some('年') && m - n == 4 {
            // Extend over 月 and 日 parts.
            let mut e = m + 1;
            for mark in ['月', '日'] {
                let mut d = e;
                while d < chars.len() && chars[d].1.is_ascii_digit() {
                    d += 1;
                }
                if d > e && chars.get(d).map(|x| x.1) == Some(mark) {
                    e = d + 1;
                } else {
                    break;
                }
            }
            out.push(Fact {
                start,
                end: end_of(e),
                kind: FactKind::Date,
                accept: Vec::new(),
                rank: if e > m + 1 { 0 } else { 3 },
            });
            n = e;
            continue;
        }
        if matches!(
            unit,
            Some('个' | '名' | '家' | '次' | '%' | '亿' | '万' | '国' | '位' | '项')
        ) && chars.get(m + 1).is_some_and(|x| is_cjk(x.1))
        {
            out.push(Fact {
                start,
                end: end_of(m),
                kind: FactKind::Number,
                accept: Vec::new(),
                rank: 1,
            });
        }
        n = m;
    }
    out.sort_by_key(|f| (f.rank, f.start));
    out
}
