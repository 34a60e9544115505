//! The FSRS-6 memory model: pure f64 functions from (stability, difficulty, rating, elapsed
//! days) to the next memory state, retrievability and interval. No card phases, no clock.
//!
//! Every formula follows py-fsrs 6.x (`fsrs/scheduler.py`) operation for operation, down to
//! the evaluation order and `e ** x` written as a power, so results agree bit for bit on the
//! same libm and within 1e-9 relative anywhere (see `tests/fsrs_vectors.rs`). Unlike fsrs-rs,
//! stability has no upper clamp (fsrs.md §4).

use std::f64::consts::E;

use super::{Rating, ScheduleError};

/// FSRS-6 default weights w0..w20 (py-fsrs `DEFAULT_PARAMETERS`).
pub const DEFAULT_PARAMS: [f64; 21] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
    0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];

/// Inclusive bounds of each weight (py `LOWER/UPPER_BOUNDS_PARAMETERS`).
pub const PARAM_BOUNDS: [(f64, f64); 21] = [
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (1.0, 10.0),
    (0.001, 4.0),
    (0.001, 4.0),
    (0.001, 0.75),
    (0.0, 4.5),
    (0.0, 0.8),
    (0.001, 3.5),
    (0.001, 5.0),
    (0.001, 0.25),
    (0.001, 0.9),
    (0.0, 4.0),
    (0.0, 1.0),
    (1.0, 6.0),
    (0.0, 2.0),
    (0.0, 2.0),
    (0.0, 0.8),
    (0.1, 0.8),
];

/// Lowest stability after any update, in days.
pub const S_MIN: f64 = 0.001;
/// Difficulty bounds.
pub const D_MIN: f64 = 1.0;
/// Difficulty bounds.
pub const D_MAX: f64 = 10.0;

/// A memory state: stability in days and difficulty in [1, 10].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// Days until retrievability falls to 90%.
    pub stability: f64,
    /// How hard the card is, 1 (easy) to 10 (hard).
    pub difficulty: f64,
}

/// A validated set of 21 FSRS-6 weights with the derived forgetting-curve constants.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    w: [f64; 21],
    decay: f64,
    factor: f64,
    // Rating-independent terms, computed once by the same expressions py-fsrs evaluates on
    // every call, so caching them changes no bit of any result.
    e_w8: f64,
    d0_easy: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params::from_array(DEFAULT_PARAMS)
    }
}

impl Params {
    /// Validates 21 FSRS-6 weights, or 19 FSRS-5 weights (mapped to FSRS-6 by appending
    /// w19 = 0, w20 = 0.5, as fsrs-rs does).
    pub fn new(values: &[f64]) -> Result<Self, ScheduleError> {
        let mut w = [0.0; 21];
        match values.len() {
            21 => w.copy_from_slice(values),
            19 => {
                w[..19].copy_from_slice(values);
                w[19] = 0.0;
                w[20] = 0.5;
            }
            n => return Err(ScheduleError::ParamCount(n)),
        }
        for (index, (&value, &(min, max))) in w.iter().zip(PARAM_BOUNDS.iter()).enumerate() {
            // Written so that NaN fails too.
            if !(min <= value && value <= max) {
                return Err(ScheduleError::ParamRange {
                    index,
                    value,
                    min,
                    max,
                });
            }
        }
        Ok(Params::from_array(w))
    }

    fn from_array(w: [f64; 21]) -> Self {
        let decay = -w[20];
        let factor = 0.9f64.powf(1.0 / decay) - 1.0;
        let mut p = Params {
            w,
            decay,
            factor,
            e_w8: E.powf(w[8]),
            d0_easy: 0.0,
        };
        p.d0_easy = p.init_difficulty(Rating::Easy, false);
        p
    }

    /// The 21 weights.
    pub fn weights(&self) -> &[f64; 21] {
        &self.w
    }

    /// Retrievability after `elapsed_days` days at stability `s`: (1 + F t / S)^-w20.
    pub fn retrievability(&self, elapsed_days: f64, s: f64) -> f64 {
        (1.0 + self.factor * elapsed_days / s).powf(self.decay)
    }

    /// The unrounded interval in days at which retrievability reaches `retention`.
    pub fn next_interval(&self, s: f64, retention: f64) -> f64 {
        self.interval_with(s, self.retention_term(retention))
    }

    /// The retention-dependent term of [`Params::next_interval`], for callers that cache it.
    pub fn retention_term(&self, retention: f64) -> f64 {
        retention.powf(1.0 / self.decay) - 1.0
    }

    /// [`Params::next_interval`] with a cached [`Params::retention_term`].
    pub fn interval_with(&self, s: f64, retention_term: f64) -> f64 {
        (s / self.factor) * retention_term
    }

    /// The interval in whole days as py-fsrs schedules it: rounded half to even, then
    /// clamped to [1, maximum].
    pub fn interval_days(&self, s: f64, retention: f64, maximum: u32) -> u32 {
        round_days(self.next_interval(s, retention), maximum)
    }

    /// Stability after the first review: w[G-1], floored at [`S_MIN`].
    pub fn init_stability(&self, rating: Rating) -> f64 {
        self.w[rating.index()].max(S_MIN)
    }

    /// Difficulty after the first review: w4 - e^(w5 (G-1)) + 1, clamped to [1, 10] if asked.
    pub fn init_difficulty(&self, rating: Rating, clamp: bool) -> f64 {
        let d = self.w[4] - E.powf(self.w[5] * (rating.value() - 1.0)) + 1.0;
        if clamp { clamp_difficulty(d) } else { d }
    }

    /// Difficulty after a later review: linear damping, then mean reversion towards the
    /// unclamped D0(Easy), then the [1, 10] clamp.
    pub fn next_difficulty(&self, d: f64, rating: Rating) -> f64 {
        let target = self.d0_easy;
        let delta = -(self.w[6] * (rating.value() - 3.0));
        let damped = d + (10.0 - d) * delta / 9.0;
        clamp_difficulty(self.w[7] * target + (1.0 - self.w[7]) * damped)
    }

    /// Stability after a successful review (Hard, Good or Easy) at retrievability `r`.
    pub fn recall_stability(&self, d: f64, s: f64, r: f64, rating: Rating) -> f64 {
        let w = &self.w;
        let hard_penalty = if rating == Rating::Hard { w[15] } else { 1.0 };
        let easy_bonus = if rating == Rating::Easy { w[16] } else { 1.0 };
        s * (1.0
            + self.e_w8
                * (11.0 - d)
                * s.powf(-w[9])
                * (E.powf((1.0 - r) * w[10]) - 1.0)
                * hard_penalty
                * easy_bonus)
    }

    /// Stability after a lapse (Again) at retrievability `r`, capped at S / e^(w17 w18).
    pub fn forget_stability(&self, d: f64, s: f64, r: f64) -> f64 {
        let w = &self.w;
        let long_term = w[11] * d.powf(-w[12]) * ((s + 1.0).powf(w[13]) - 1.0) * E.powf((1.0 - r) * w[14]);
        let short_term = s / E.powf(w[17] * w[18]);
        long_term.min(short_term)
    }

    /// Stability after a same-day review: S e^(w17 (G - 3 + w18)) S^-w19, never shrinking
    /// on a pass. Floored at [`S_MIN`].
    pub fn short_term_stability(&self, s: f64, rating: Rating) -> f64 {
        let w = &self.w;
        let mut inc = E.powf(w[17] * ((rating.value() - 3.0) + w[18])) * s.powf(-w[19]);
        if rating != Rating::Again {
            inc = inc.max(1.0);
        }
        (s * inc).max(S_MIN)
    }

    /// Stability after a review at least one whole day after the last, where retrievability
    /// had fallen to `r`: recall or forget. Floored at [`S_MIN`].
    pub fn long_term_stability(&self, m: Memory, r: f64, rating: Rating) -> f64 {
        let s = if rating == Rating::Again {
            self.forget_stability(m.difficulty, m.stability, r)
        } else {
            self.recall_stability(m.difficulty, m.stability, r, rating)
        };
        s.max(S_MIN)
    }

    /// One review through the memory model, as py-fsrs does with learning steps off: the
    /// first review initialises, a review less than one whole day after the last uses the
    /// short-term formula, any other the long-term one. Difficulty always updates.
    pub fn next_memory(&self, prev: Option<Memory>, elapsed_days: u64, rating: Rating) -> Memory {
        let r = prev.map(|m| self.retrievability(elapsed_days as f64, m.stability));
        self.next_memory_at(prev, elapsed_days, r.unwrap_or(1.0), rating)
    }

    /// [`Params::next_memory`] with the retrievability before the review already computed.
    pub fn next_memory_at(&self, prev: Option<Memory>, elapsed_days: u64, r: f64, rating: Rating) -> Memory {
        let Some(m) = prev else {
            return Memory {
                stability: self.init_stability(rating),
                difficulty: self.init_difficulty(rating, true),
            };
        };
        let stability = if elapsed_days < 1 {
            self.short_term_stability(m.stability, rating)
        } else {
            self.long_term_stability(m, r, rating)
        };
        Memory {
            stability,
            difficulty: self.next_difficulty(m.difficulty, rating),
        }
    }
}

/// Rounds a day count half to even (Python `round`) and clamps it to [1, maximum].
pub fn round_days(days: f64, maximum: u32) -> u32 {
    let r = days.round_ties_even();
    // NaN and negatives go to 1; `as` saturates huge values, then the clamp applies.
    let whole = if r >= 1.0 { r as u32 } else { 1 };
    whole.clamp(1, maximum.max(1))
}

fn clamp_difficulty(d: f64) -> f64 {
    d.clamp(D_MIN, D_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retrievability_is_0_9_at_stability() {
        let p = Params::default();
        for s in [0.5, 1.0, 10.0, 1000.0] {
            assert!((p.retrievability(s, s) - 0.9).abs() < 1e-12);
            assert!((p.next_interval(s, 0.9) - s).abs() < 1e-9 * s);
        }
    }

    #[test]
    fn nineteen_values_map_to_fsrs6() {
        let five = [
            0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
            1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
        ];
        let p = Params::new(&five).unwrap();
        assert_eq!(p.weights()[19], 0.0);
        assert_eq!(p.weights()[20], 0.5);
        // Decay 0.5 gives FSRS-5's factor 19/81.
        assert!((p.factor - 19.0 / 81.0).abs() < 1e-15);
    }

    #[test]
    fn bad_params_name_the_value() {
        assert!(matches!(
            Params::new(&[1.0; 5]),
            Err(ScheduleError::ParamCount(5))
        ));
        let mut w = DEFAULT_PARAMS;
        w[20] = 0.05;
        let e = Params::new(&w).unwrap_err();
        assert!(e.to_string().contains("w20"), "{e}");
        w[20] = f64::NAN;
        assert!(Params::new(&w).is_err());
    }

    #[test]
    fn rounding_is_half_to_even() {
        assert_eq!(round_days(2.5, 100), 2);
        assert_eq!(round_days(3.5, 100), 4);
        assert_eq!(round_days(0.2, 100), 1);
        assert_eq!(round_days(f64::NAN, 100), 1);
        assert_eq!(round_days(1e300, 100), 100);
    }

    #[test]
    fn passes_never_shrink_short_term_stability() {
        let p = Params::default();
        for s in [0.01, 1.0, 100.0, 1e5] {
            assert!(p.short_term_stability(s, Rating::Hard) >= s);
            assert!(p.short_term_stability(s, Rating::Again) <= s);
        }
    }
}
