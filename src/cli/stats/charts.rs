//! Terminal chart pieces drawn with Unicode blocks: vertical bars in eighths, horizontal bars,
//! a stacked bar, a sparkline, and items wrapped to the width. Plain text: colour is added by
//! the caller, so every chart stays legible under `NO_COLOR`.

/// Blocks of a vertical bar, by eighths filled.
const UP: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Blocks of a horizontal bar, by eighths filled.
const RIGHT: [char; 9] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// Display width in terminal cells (wide CJK characters count two).
pub use crate::cli::term::cells as width;

/// `s` cut to `max` columns (with `…` when cut) and padded to exactly `max`.
pub fn fit(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    if width(s) <= max {
        out.push_str(s);
        w = width(s);
    } else {
        for c in s.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + cw + 1 > max {
                break;
            }
            out.push(c);
            w += cw;
        }
        out.push('…');
        w += 1;
    }
    out.push_str(&" ".repeat(max.saturating_sub(w)));
    out
}

/// Columns of vertical bars, `height` rows, top row first: `values` in `0..=1` of the full
/// height; a value above zero shows at least one eighth. `None` leaves the column empty.
pub fn columns(values: &[Option<f64>], height: usize) -> Vec<Vec<char>> {
    let eighths: Vec<usize> = values
        .iter()
        .map(|v| match v {
            Some(v) if *v > 0.0 => ((v.min(1.0) * (height * 8) as f64).round() as usize).max(1),
            _ => 0,
        })
        .collect();
    (0..height)
        .map(|row| {
            let floor = (height - 1 - row) * 8;
            eighths
                .iter()
                .map(|&e| UP[e.saturating_sub(floor).min(8)])
                .collect()
        })
        .collect()
}

/// A horizontal bar of `share` (0..=1) of `max` columns, in eighths, padded to `max`.
pub fn hbar(share: f64, max: usize) -> String {
    let e = if share > 0.0 {
        ((share.min(1.0) * (max * 8) as f64).round() as usize).max(1)
    } else {
        0
    };
    let mut s: String = "█".repeat(e / 8);
    if e % 8 > 0 {
        s.push(RIGHT[e % 8]);
    }
    let used = e.div_ceil(8);
    s.push_str(&" ".repeat(max.saturating_sub(used)));
    s
}

/// A sparkline: one block per value in `0..=1`.
pub fn spark(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| UP[((v.clamp(0.0, 1.0) * 7.0).round() as usize) + 1])
        .collect()
}

/// Widths of parts that add up to exactly `total` columns (largest remainders), each part
/// above zero getting at least one column when there is room.
pub fn split(counts: &[u32], total: usize) -> Vec<usize> {
    let sum: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    if sum == 0 {
        return vec![0; counts.len()];
    }
    let exact: Vec<f64> = counts
        .iter()
        .map(|&c| c as f64 * total as f64 / sum as f64)
        .collect();
    let mut out: Vec<usize> = exact
        .iter()
        .zip(counts)
        .map(|(e, &c)| if c > 0 { (e.floor() as usize).max(1) } else { 0 })
        .collect();
    // The minimum of one column may overshoot: take back from the widest parts.
    while out.iter().sum::<usize>() > total {
        let Some(i) = (0..out.len()).max_by_key(|&i| out[i]) else {
            break;
        };
        out[i] -= 1;
    }
    let mut left = total.saturating_sub(out.iter().sum::<usize>());
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for &i in &order {
        if left == 0 {
            break;
        }
        if counts[i] > 0 {
            out[i] += 1;
            left -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_eighths() {
        let rows = columns(&[Some(1.0), Some(0.5), Some(0.01), Some(0.0), None], 2);
        assert_eq!(rows[0].iter().collect::<String>(), "█    ");
        assert_eq!(rows[1].iter().collect::<String>(), "██▁  ");
        assert_eq!(hbar(0.5, 4), "██  ");
        assert_eq!(hbar(0.3, 4), "█▎  ", "9.6 eighths round to 10");
        assert_eq!(hbar(0.0, 3), "   ");
        assert_eq!(spark(&[0.0, 1.0]), "▁█");
    }

    #[test]
    fn parts_add_up() {
        assert_eq!(split(&[1, 1, 1], 10), [4, 3, 3]);
        assert_eq!(split(&[100, 1], 10), [9, 1]);
        assert_eq!(split(&[0, 0], 10), [0, 0]);
    }

    #[test]
    fn lines_wrap_and_labels_fit() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ab", 4), "ab  ");
    }
}
