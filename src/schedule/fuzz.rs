//! Interval fuzz and constraints, as Anki's `rslib/src/scheduler/states/fuzz.rs`: a
//! deterministic spread of review intervals so cards learned together drift apart, floored,
//! within bounds that grow with the interval.

/// Fuzz factor in [0, 1) from a seed (SplitMix64, a fixed and documented generator, so the
/// same seed gives the same dates on every build).
pub fn factor(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    // The top 53 bits give a uniform double in [0, 1).
    (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Anki's fuzz ranges: (start, end, factor) in days.
const RANGES: [(f64, f64, f64); 3] = [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::INFINITY, 0.05)];

/// Half-width of the fuzz range around `interval` days (0 below 2.5 days).
pub fn delta(interval: f64) -> f64 {
    if interval < 2.5 {
        return 0.0;
    }
    RANGES.iter().fold(1.0, |acc, &(start, end, f)| {
        acc + f * (interval.min(end) - start).max(0.0)
    })
}

/// The fuzz range [lo, hi] for `interval`, kept within [minimum, maximum], widened by one day
/// when it would be a single day above 2 (Anki `constrained_fuzz_bounds`).
pub fn bounds(interval: f64, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    let interval = if interval.is_nan() {
        f64::from(minimum)
    } else {
        interval.clamp(f64::from(minimum), f64::from(maximum))
    };
    let d = delta(interval);
    // `as` saturates; the clamps below bring the values in range.
    let mut lo = ((interval - d).round() as u32).clamp(minimum, maximum);
    let mut hi = ((interval + d).round() as u32).clamp(minimum, maximum);
    if hi == lo && hi > 2 && hi < maximum {
        hi = lo + 1;
    }
    lo = lo.min(hi);
    (lo, hi)
}

/// A review interval in whole days from the unrounded `interval`, at least `minimum` and at
/// most `maximum`: fuzzed with `fuzz` (a factor in [0, 1)) when given, else rounded half to
/// even as py-fsrs.
pub fn constrain(interval: f64, minimum: u32, maximum: u32, fuzz: Option<f64>) -> u32 {
    let maximum = maximum.max(1);
    let minimum = minimum.clamp(1, maximum);
    match fuzz {
        Some(f) => {
            let (lo, hi) = bounds(interval, minimum, maximum);
            let span = f64::from(hi - lo + 1);
            let days = (f64::from(lo) + f.clamp(0.0, 1.0) * span).floor() as u32;
            days.clamp(lo, hi)
        }
        None => super::fsrs::round_days(interval, maximum).max(minimum),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_is_in_unit_interval_and_spread() {
        let xs: Vec<f64> = (0..1000).map(factor).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / 1000.0;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
        // Pinned: a change here moves every learner's due dates.
        assert_eq!(factor(0), 0.8833108082136426);
        assert_eq!(factor(42), 0.7415648787718233);
    }

    #[test]
    fn bounds_match_anki() {
        assert_eq!(bounds(1.0, 1, 100), (1, 1));
        assert_eq!(bounds(2.4, 1, 100), (2, 2));
        // 3 days: delta = 1.075 -> [2, 4].
        assert_eq!(bounds(3.0, 1, 100), (2, 4));
        // 10 days: delta = 1 + 0.675 + 0.3 = 1.975 -> [8, 12].
        assert_eq!(bounds(10.0, 1, 100), (8, 12));
        // 100 days: delta = 1 + 0.675 + 1.3 + 4 = 6.975 -> [93, 107].
        assert_eq!(bounds(100.0, 1, 36500), (93, 107));
        assert_eq!(bounds(100.0, 1, 100), (93, 100));
        // The minimum moves the whole range up.
        assert_eq!(bounds(5.0, 7, 100), (7, 9));
    }

    #[test]
    fn constrain_stays_in_bounds() {
        for f in [0.0, 0.3, 0.999_999] {
            let d = constrain(100.0, 1, 36500, Some(f));
            assert!((93..=107).contains(&d));
            assert_eq!(
                constrain(50.0, 60, 36500, Some(f)).max(60),
                constrain(50.0, 60, 36500, Some(f))
            );
        }
        assert_eq!(constrain(2.5, 1, 100, None), 2);
        assert_eq!(constrain(2.5, 3, 100, None), 3);
        assert_eq!(constrain(1e9, 1, 100, Some(0.999)), 100);
        assert!((93..=100).contains(&constrain(1e9, 1, 100, Some(0.5))));
        assert_eq!(constrain(f64::NAN, 1, 100, Some(0.5)), 1);
    }
}
