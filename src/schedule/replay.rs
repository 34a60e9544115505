//! The pure FSRS-6 replay behind `deckard replay`: a card's reviews folded through the memory
//! model, one [`Step`] per review. No learning steps and no fuzz, so the figures can be
//! checked against any FSRS implementation. Days are counted by a [`DayCount`]: study days
//! past the rollover, as the scheduler and Anki count them, or whole 24-hour periods, as
//! py-fsrs does. Reading review logs and writing the results is
//! [`crate::interchange::replay`]'s job: the scheduler does no I/O.

use super::DayCount;
use super::Rating;
use super::ScheduleError;
use super::fsrs::{Memory, Params, round_days};

/// The memory model with the settings a replay needs.
#[derive(Debug, Clone)]
pub struct Replayer {
    params: Params,
    retention_term: f64,
    maximum_interval: u32,
    days: DayCount,
}

/// The memory state after one review, and what led to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Days since the previous review, as the day count counts them (None for the first).
    pub elapsed_days: Option<u64>,
    /// Retrievability just before the review (None for the first).
    pub retrievability: Option<f64>,
    /// Memory after the review.
    pub memory: Memory,
    /// Interval in whole days, unfuzzed.
    pub interval_days: u32,
}

impl Replayer {
    /// Validates 21 (or 19) weights, retention in (0, 1) and a maximum interval of 1..=36500;
    /// `days` counts the days between reviews.
    pub fn new(
        params: &[f64],
        retention: f64,
        maximum_interval: u32,
        days: DayCount,
    ) -> Result<Self, ScheduleError> {
        let params = Params::new(params)?;
        if !(retention > 0.0 && retention < 1.0) {
            return Err(ScheduleError::Setting {
                name: "retention",
                value: retention.to_string(),
                expected: "between 0 and 1, exclusive",
            });
        }
        if !(1..=36_500).contains(&maximum_interval) {
            return Err(ScheduleError::Setting {
                name: "max-interval",
                value: maximum_interval.to_string(),
                expected: "1 to 36500 days",
            });
        }
        Ok(Replayer {
            retention_term: params.retention_term(retention),
            params,
            maximum_interval,
            days,
        })
    }

    /// One review at `time_ms` after `prev` (the memory and time of the previous review).
    pub fn step(&self, prev: Option<(Memory, i64)>, time_ms: i64, rating: Rating) -> Step {
        let at = |ms: i64| jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::MAX);
        let elapsed = prev.map(|(_, t)| self.days.between(at(t), at(time_ms)));
        let t = elapsed.unwrap_or(0);
        let r = prev.map(|(m, _)| self.params.retrievability(t as f64, m.stability));
        let memory = self
            .params
            .next_memory_at(prev.map(|(m, _)| m), t, r.unwrap_or(1.0), rating);
        let days = self.params.interval_with(memory.stability, self.retention_term);
        Step {
            elapsed_days: elapsed,
            retrievability: r,
            memory,
            interval_days: round_days(days, self.maximum_interval),
        }
    }

    /// Replays one card's reviews, in the order given, calling `emit` after each.
    pub fn replay_card(&self, reviews: &[(i64, Rating)], mut emit: impl FnMut(usize, &Step)) {
        let mut prev = None;
        for (i, &(t, rating)) in reviews.iter().enumerate() {
            let step = self.step(prev, t, rating);
            emit(i, &step);
            prev = Some((step.memory, t));
        }
    }
}
