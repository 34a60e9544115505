//! Scheduler settings: the algorithm, retention, maximum interval, (re)learning steps, leech
//! threshold, FSRS weights, fuzz and the SM-2 knobs, with their defaults and validation.

use jiff::SignedDuration;

use super::{DAY_SECS, DayCount, ScheduleError, format_interval, fsrs};

/// Which algorithm picks the intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// FSRS-6 (the default).
    #[default]
    Fsrs,
    /// Anki's legacy SM-2.
    Sm2,
}

/// The knobs of Anki's legacy SM-2 (Anki's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct Sm2Config {
    /// Ease of a card when it first graduates (2.5).
    pub starting_ease: f64,
    /// Interval after the last learning step, in days (1).
    pub graduating_interval: u32,
    /// Interval when a learning card is rated Easy, in days (4).
    pub easy_interval: u32,
    /// Extra multiplier for Easy on a review card (1.3).
    pub easy_bonus: f64,
    /// Multiplier of the current interval for Hard (1.2).
    pub hard_interval: f64,
    /// Multiplier applied to every review interval (1.0).
    pub interval_modifier: f64,
    /// Fraction of the old interval kept after a lapse (0.0).
    pub lapse_new_interval: f64,
    /// Shortest interval after a lapse, in days (1).
    pub minimum_lapse_interval: u32,
}

impl Default for Sm2Config {
    fn default() -> Self {
        Sm2Config {
            starting_ease: 2.5,
            graduating_interval: 1,
            easy_interval: 4,
            easy_bonus: 1.3,
            hard_interval: 1.2,
            interval_modifier: 1.0,
            lapse_new_interval: 0.0,
            minimum_lapse_interval: 1,
        }
    }
}

/// The learner's scheduling settings; validated by [`Scheduler::new`](super::Scheduler::new).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// FSRS-6 or SM-2.
    pub algorithm: Algorithm,
    /// Probability of recall FSRS aims for at the due date (0.9).
    pub desired_retention: f64,
    /// Longest review interval in days (36500).
    pub maximum_interval: u32,
    /// Waits between learning steps of a new card (1m, 10m).
    pub learning_steps: Vec<SignedDuration>,
    /// Waits between relearning steps after a lapse (10m).
    pub relearning_steps: Vec<SignedDuration>,
    /// Lapses that make a card a leech (8); 0 turns leech detection off.
    pub leech_threshold: u32,
    /// FSRS weights: 21 (FSRS-6) or 19 (FSRS-5, mapped to FSRS-6).
    pub params: Vec<f64>,
    /// Whether review intervals get a deterministic random spread.
    pub fuzz: bool,
    /// SM-2 settings, used when `algorithm` is [`Algorithm::Sm2`].
    pub sm2: Sm2Config,
    /// How days between reviews are counted: study days past `day_starts_at` in the
    /// learner's time zone (4 a.m. UTC until the program knows the zone), or 24-hour periods.
    pub days: DayCount,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            algorithm: Algorithm::Fsrs,
            desired_retention: 0.9,
            maximum_interval: 36_500,
            learning_steps: vec![SignedDuration::from_mins(1), SignedDuration::from_mins(10)],
            relearning_steps: vec![SignedDuration::from_mins(10)],
            leech_threshold: 8,
            params: fsrs::DEFAULT_PARAMS.to_vec(),
            fuzz: true,
            sm2: Sm2Config::default(),
            days: DayCount::default(),
        }
    }
}

const MAX_STEP_SECS: i64 = 36_500 * DAY_SECS;

/// Checks every setting except the FSRS weights (see [`fsrs::Params::new`]).
pub(crate) fn validate(c: &Config) -> Result<(), ScheduleError> {
    let bad = |name, value: String, expected| {
        Err(ScheduleError::Setting {
            name,
            value,
            expected,
        })
    };
    let r = c.desired_retention;
    if !(r > 0.0 && r < 1.0) {
        return bad("desired_retention", r.to_string(), "between 0 and 1, exclusive");
    }
    if !(1..=36_500).contains(&c.maximum_interval) {
        return bad(
            "maximum_interval",
            c.maximum_interval.to_string(),
            "1 to 36500 days",
        );
    }
    for (name, steps) in [
        ("learning_steps", &c.learning_steps),
        ("relearning_steps", &c.relearning_steps),
    ] {
        for s in steps {
            if !s.is_positive() || s.as_secs() > MAX_STEP_SECS {
                return bad(
                    name,
                    format_interval(*s),
                    "each step positive and at most 100 years",
                );
            }
        }
    }
    let s = &c.sm2;
    let checks: [(&'static str, f64, bool, &'static str); 6] = [
        (
            "sm2.starting_ease",
            s.starting_ease,
            (1.3..=10.0).contains(&s.starting_ease),
            "1.3 to 10",
        ),
        (
            "sm2.easy_bonus",
            s.easy_bonus,
            (1.0..=10.0).contains(&s.easy_bonus),
            "1 to 10",
        ),
        (
            "sm2.hard_interval",
            s.hard_interval,
            (0.5..=10.0).contains(&s.hard_interval),
            "0.5 to 10",
        ),
        (
            "sm2.interval_modifier",
            s.interval_modifier,
            (0.1..=10.0).contains(&s.interval_modifier),
            "0.1 to 10",
        ),
        (
            "sm2.lapse_new_interval",
            s.lapse_new_interval,
            (0.0..=1.0).contains(&s.lapse_new_interval),
            "0 to 1",
        ),
        (
            "sm2.graduating_interval",
            f64::from(s.graduating_interval),
            s.graduating_interval >= 1 && s.graduating_interval <= s.easy_interval,
            "at least 1 day and at most the easy interval",
        ),
    ];
    for (name, value, ok, expected) in checks {
        if !ok {
            return bad(name, value.to_string(), expected);
        }
    }
    if s.minimum_lapse_interval < 1 {
        return bad("sm2.minimum_lapse_interval", "0".into(), "at least 1 day");
    }
    Ok(())
}
