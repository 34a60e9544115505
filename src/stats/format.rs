//! How figures are written for people, shared by the terminal and the HTML report so both show
//! a value the same way (and tests can check a shown figure against the JSON).

/// A share as a percentage with one decimal (`85.7%`), or `–` when there is none.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) if r.is_finite() => format!("{:.1}%", r * 100.0),
        _ => "–".into(),
    }
}

/// A time span in milliseconds as `1h 5m`, `6m 30s` or `45s` (rounded down to seconds).
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s}s"),
        _ => format!("{h}h {m}m"),
    }
}

/// Seconds per answer with one decimal (`4.2s`), or `–` when there were no answers.
pub fn seconds(ms: Option<u64>) -> String {
    match ms {
        Some(ms) => format!("{:.1}s", ms as f64 / 1000.0),
        None => "–".into(),
    }
}

/// A mean with two decimals, or `–`.
pub fn mean(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v:.2}"),
        _ => "–".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_naturally() {
        assert_eq!(percent(Some(6.0 / 7.0)), "85.7%");
        assert_eq!(percent(None), "–");
        assert_eq!(duration(390_500), "6m 30s");
        assert_eq!(duration(45_999), "45s");
        assert_eq!(duration(3_900_000), "1h 5m");
        assert_eq!(seconds(Some(4_250)), "4.2s");
        assert_eq!(seconds(None), "–");
        assert_eq!(mean(Some(2.0 / 3.0)), "0.67");
    }
}
