//! Scheduling: when each card comes back. Pure functions of (card state, rating, time, seed);
//! no I/O, no clock, no unseeded randomness.
//!
//! [`Scheduler`] runs one review: the FSRS-6 memory model ([`fsrs`]) always updates stability
//! and difficulty (so retrievability and statistics work whichever algorithm schedules), then
//! either FSRS-6 (py-fsrs card phases, [`steps`]) or Anki's legacy SM-2 ([`sm2`]) picks the
//! interval, with Anki-style fuzz ([`fuzz`]). [`replay`] replays a review-log CSV.
//!
//! Days are counted by [`days::DayCount`], set in [`Config::days`]: study days past the
//! learner's `day_starts_at` hour (as Anki) by default, or whole 24-hour periods (as py-fsrs).
//! Elapsed days, same-day (short-term) reviews and review due dates all follow it.

pub mod config;
pub mod days;
pub mod duration;
pub mod fsrs;
pub mod fuzz;
pub mod replay;
pub mod sm2;
pub mod steps;

use jiff::{SignedDuration, Timestamp};

pub use config::{Algorithm, Config, Sm2Config};
pub use days::DayCount;
pub use duration::{format_interval, parse_duration};
pub use fsrs::{Memory, Params};

/// One day, the unit of review intervals.
const DAY_SECS: i64 = 86_400;

/// How well the learner recalled a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    /// Forgot.
    Again = 1,
    /// Recalled with serious difficulty.
    Hard = 2,
    /// Recalled.
    Good = 3,
    /// Recalled effortlessly.
    Easy = 4,
}

impl Rating {
    /// The four ratings, worst first.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The rating numbered 1..=4, if any.
    pub fn from_u8(n: u8) -> Option<Rating> {
        match n {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    /// Lower-case name: "again", "hard", "good", "easy".
    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    /// The rating as a number 1..=4.
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    fn value(self) -> f64 {
        f64::from(self as u8)
    }

    fn index(self) -> usize {
        self as usize - 1
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Never reviewed.
    #[default]
    New,
    /// Going through the learning steps.
    Learning,
    /// Graduated: reviewed at intervals of days.
    Review,
    /// Lapsed: going through the relearning steps.
    Relearning,
}

/// Everything the scheduler knows about one card.
#[derive(Debug, Clone, PartialEq)]
pub struct CardState {
    /// New, learning, review or relearning.
    pub phase: Phase,
    /// Index of the current (re)learning step.
    pub step: u32,
    /// When the card is next due (None while new).
    pub due: Option<Timestamp>,
    /// When it was last reviewed.
    pub last_review: Option<Timestamp>,
    /// FSRS stability in days (0 while new).
    pub stability: f64,
    /// FSRS difficulty in [1, 10] (0 while new).
    pub difficulty: f64,
    /// SM-2 ease factor (0 until the card graduates under SM-2).
    pub ease: f64,
    /// The last scheduled review interval in days (0 before graduating).
    pub interval_days: u32,
    /// Number of reviews.
    pub reps: u32,
    /// Number of times a review card was forgotten.
    pub lapses: u32,
    /// Whether the card has lapsed often enough to be a leech.
    pub leech: bool,
}

impl Default for CardState {
    fn default() -> Self {
        CardState::new()
    }
}

impl CardState {
    /// A new, never reviewed card.
    pub fn new() -> Self {
        CardState {
            phase: Phase::New,
            step: 0,
            due: None,
            last_review: None,
            stability: 0.0,
            difficulty: 0.0,
            ease: 0.0,
            interval_days: 0,
            reps: 0,
            lapses: 0,
            leech: false,
        }
    }

    /// The FSRS memory state, if the card has a usable one.
    pub fn memory(&self) -> Option<Memory> {
        let ok = self.phase != Phase::New
            && self.stability.is_finite()
            && self.stability > 0.0
            && self.difficulty.is_finite();
        ok.then_some(Memory {
            stability: self.stability,
            difficulty: self.difficulty.clamp(fsrs::D_MIN, fsrs::D_MAX),
        })
    }
}

/// The result of one review.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The card after the review: due after a (re)learning step's wait (at the start of the
    /// study day it reaches into, if later), or at the start of the study day the interval
    /// leads to (see [`days::DayCount`]).
    pub state: CardState,
    /// The wait the algorithm chose: a step's duration, or the review interval in whole days
    /// (as 24-hour days; the due date itself follows the day count).
    pub interval: SignedDuration,
    /// Whether this review made the card a leech (tell the learner).
    pub became_leech: bool,
}

/// A problem with scheduler settings or a duration.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    /// Wrong number of FSRS weights.
    #[error("FSRS parameters: expected 21 values (or 19 for FSRS-5), got {0}")]
    ParamCount(usize),
    /// A weight outside its bounds.
    #[error("FSRS parameter w{index} = {value} is out of range [{min}, {max}]")]
    ParamRange {
        /// Which weight.
        index: usize,
        /// Its value.
        value: f64,
        /// Lowest allowed.
        min: f64,
        /// Highest allowed.
        max: f64,
    },
    /// A setting outside its range.
    #[error("{name} = {value} is out of range: {expected}")]
    Setting {
        /// Name of the setting.
        name: &'static str,
        /// The offending value, as written.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// A duration that could not be parsed.
    #[error("invalid duration {text:?}: {reason}")]
    Duration {
        /// The text given.
        text: String,
        /// What is wrong.
        reason: &'static str,
    },
}

/// A validated configuration, ready to schedule reviews; optionally with other configurations
/// for some decks (`[deck.<id>]` in the settings), looked up with [`Scheduler::for_deck`].
#[derive(Debug, Clone)]
pub struct Scheduler {
    config: Config,
    params: Params,
    /// Schedulers of decks with their own settings, by deck id.
    decks: std::sync::Arc<std::collections::HashMap<String, Scheduler>>,
}

impl Scheduler {
    /// Validates the configuration: FSRS weights, retention in (0, 1), maximum interval
    /// 1..=36500, positive steps, sane SM-2 knobs.
    pub fn new(config: Config) -> Result<Self, ScheduleError> {
        let params = Params::new(&config.params)?;
        config::validate(&config)?;
        Ok(Scheduler {
            config,
            params,
            decks: Default::default(),
        })
    }

    /// This scheduler for every deck except those in `decks`, which use their own.
    pub fn with_decks(mut self, decks: std::collections::HashMap<String, Scheduler>) -> Self {
        // A deck's own scheduler never defers further: one level of lookup.
        let flat = decks
            .into_iter()
            .map(|(id, mut s)| {
                s.decks = Default::default();
                (id, s)
            })
            .collect();
        self.decks = std::sync::Arc::new(flat);
        self
    }

    /// The scheduler of the deck `id`: its own when it has settings, else this one.
    pub fn for_deck(&self, id: &str) -> &Scheduler {
        self.decks.get(id).unwrap_or(self)
    }

    /// The scheduler of the card `deck-id/card-id`.
    pub fn for_key(&self, key: &str) -> &Scheduler {
        match key.split_once('/') {
            Some((deck, _)) if !self.decks.is_empty() => self.for_deck(deck),
            _ => self,
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The FSRS weights in use (19-value sets already mapped to 21).
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Reviews a card at `now` with `rating`. `fuzz_seed` picks the fuzz (pass a hash of the
    /// card key and review count, so replaying a log gives the same dates).
    pub fn review(&self, state: &CardState, rating: Rating, now: Timestamp, fuzz_seed: u64) -> Outcome {
        let fuzz = self.config.fuzz.then(|| fuzz::factor(fuzz_seed));
        let elapsed = state.last_review.map(|t| self.config.days.between(t, now));
        let memory = |r: Rating| self.params.next_memory(state.memory(), elapsed.unwrap_or(0), r);
        let ctx = steps::Ctx {
            config: &self.config,
            fuzz,
            elapsed_days: elapsed.unwrap_or(0),
        };
        let mut next = match self.config.algorithm {
            Algorithm::Fsrs => steps::fsrs_review(&ctx, &self.params, state, rating, &memory),
            Algorithm::Sm2 => sm2::review(&ctx, state, rating),
        };
        let m = memory(rating);
        next.state.stability = m.stability;
        next.state.difficulty = m.difficulty;
        next.state.reps = state.reps.saturating_add(1);
        next.state.last_review = Some(now);
        next.state.due = Some(self.due(now, &next));
        let lapsed = state.phase == Phase::Review && rating == Rating::Again;
        let mut became_leech = false;
        if lapsed {
            next.state.lapses = state.lapses.saturating_add(1);
            became_leech = is_leech_milestone(next.state.lapses, self.config.leech_threshold);
            next.state.leech |= became_leech;
        }
        Outcome {
            state: next.state,
            interval: next.interval,
            became_leech,
        }
    }

    /// The outcome of each rating, Again first, for showing "again 10m · good 4d" buttons.
    pub fn preview(&self, state: &CardState, now: Timestamp, fuzz_seed: u64) -> [Outcome; 4] {
        Rating::ALL.map(|r| self.review(state, r, now, fuzz_seed))
    }

    /// Probability of recall at `now` (None for a new card): days since the last review, as
    /// the day count counts them, on the FSRS forgetting curve.
    pub fn retrievability(&self, state: &CardState, now: Timestamp) -> Option<f64> {
        let m = state.memory()?;
        let last = state.last_review?;
        let t = self.config.days.between(last, now);
        Some(self.params.retrievability(t as f64, m.stability))
    }

    /// When a card reviewed at `now` comes due: a review interval at the start of its study
    /// day, a (re)learning step after its wait (see [`DayCount::step_due`]).
    fn due(&self, now: Timestamp, next: &Next) -> Timestamp {
        match next.days {
            Some(days) => self.config.days.due(now, days),
            None => self.config.days.step_due(now, next.interval),
        }
    }
}

/// Whether `lapses` is a point where the learner should hear about a leech: at the threshold,
/// then every half threshold after it (as Anki).
fn is_leech_milestone(lapses: u32, threshold: u32) -> bool {
    threshold > 0 && lapses >= threshold && (lapses - threshold).is_multiple_of((threshold / 2).max(1))
}

/// The next state and wait chosen by an algorithm, before the common bookkeeping.
pub(crate) struct Next {
    state: CardState,
    interval: SignedDuration,
    /// The review interval in whole days; None for a (re)learning step.
    days: Option<u32>,
}

impl Next {
    /// A (re)learning step: stay in `phase` at `step` for `wait`.
    fn step(state: &CardState, phase: Phase, step: u32, wait: SignedDuration) -> Self {
        let mut s = state.clone();
        s.phase = phase;
        s.step = step;
        Next {
            state: s,
            interval: wait,
            days: None,
        }
    }

    /// A review interval of `days` whole days.
    fn review(state: &CardState, days: u32) -> Self {
        let mut s = state.clone();
        s.phase = Phase::Review;
        s.step = 0;
        s.interval_days = days;
        Next {
            state: s,
            interval: days_duration(days),
            days: Some(days),
        }
    }
}

/// `days` whole days as a duration.
fn days_duration(days: u32) -> SignedDuration {
    SignedDuration::from_secs(i64::from(days) * DAY_SECS)
}

#[cfg(test)]
mod tests;
