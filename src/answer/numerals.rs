//! Chinese numerals: positional (`三百零五`, `两千`, `十二`, `三万`, colloquial `三百五`) and digit
//! by digit as years are written (`二〇〇一`); and the measure words that follow a count (`六个`).

/// The value of a Chinese digit (`〇`, `零`, `一` … `九`, `两`).
fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a Chinese numeral at the start of `s`: positional (`三百零五`, `两千`, `十二`, `三万`)
/// or digit by digit as years are written (`二〇〇一`); returns it with the text after it.
pub(super) fn chinese_number(s: &str) -> Option<(f64, &str)> {
    let is_part = |c: char| chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿');
    let end = s
        .char_indices()
        .find(|(_, c)| !is_part(*c))
        .map_or(s.len(), |(i, _)| i);
    let run = s.get(..end)?;
    let rest = s.get(end..)?;
    let chars: Vec<char> = run.chars().collect();
    // A numeral starts with a digit or `十`: `万里` is no number.
    if chars.is_empty() || chars.len() > 24 || matches!(chars.first(), Some('百' | '千' | '万' | '亿')) {
        return None;
    }
    // Two or more bare digits are read digit by digit: `二〇〇一` is 2001.
    if chars.len() > 1 && chars.iter().all(|c| chinese_digit(*c).is_some()) {
        let v = chars
            .iter()
            .filter_map(|c| chinese_digit(*c))
            .fold(0u64, |v, d| v.saturating_mul(10).saturating_add(d));
        return Some((v as f64, rest));
    }
    let (mut total, mut section, mut digit) = (0f64, 0f64, None::<f64>);
    // `三百五` is 350: a last digit right after a unit counts in the unit below it, unless a
    // `零` said the place is skipped (`三百零五` is 305).
    let (mut last_factor, mut zero) = (1f64, false);
    for c in chars {
        if let Some(d) = chinese_digit(c) {
            zero |= d == 0;
            digit = Some(d as f64);
            continue;
        }
        zero = false;
        let factor = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 1e4,
            _ => 1e8,
        };
        if factor >= 1e4 {
            total = (total + section + digit.take().unwrap_or(0.0)).max(1.0) * factor;
            section = 0.0;
        } else {
            // `十二`: a ten with no digit before it is one ten.
            section += digit.take().unwrap_or(1.0) * factor;
        }
        last_factor = factor;
    }
    let tail = match digit {
        Some(d) if last_factor >= 100.0 && !zero => d * last_factor / 10.0,
        Some(d) => d,
        None => 0.0,
    };
    Some((total + section + tail, rest))
}

/// Chinese measure words and counters: `六个` is six, `二〇〇一年` the year 2001.
pub(super) const MEASURE_WORDS: [&str; 18] = [
    "个", "位", "名", "人", "次", "年", "座", "家", "项", "种", "届", "条", "只", "件", "所", "国", "支",
    "岁",
];
