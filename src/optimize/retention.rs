//! The desired retention that costs least: the `fsrs` crate's workload simulator run with the
//! fitted parameters and the learner's own habits.
//!
//! The simulator (`fsrs::simulate`) introduces `new_per_day` cards a day for `days` days and
//! reviews each card when due, drawing every answer from the FSRS-6 model: recall with the
//! predicted probability; the first rating and the rating of a successful review from the
//! learner's own frequencies; same-day (re)learning steps from the crate's transition tables;
//! each answer costing the learner's own mean seconds for that state and rating (the crate's
//! defaults where the log has none). "Memorized" on a day is the sum over introduced cards of
//! their probability of recall that day.
//!
//! The optimum is the crate's `optimal_retention`: Brent's method over retention 0.70–0.95,
//! minimising total seconds spent over cards memorized at the end (time per unit of
//! knowledge), each point the mean of 16 seeded simulations (seeds 42 to 57). The table runs
//! the same 16 simulations at fixed retentions, so its "seconds per memorized" column is the
//! very function the search minimised (the search stops within its tolerance of 0.01).

use fsrs::{FSRSError, ItemProgress, SimulationResult, SimulatorConfig};

use super::items::ReviewStats;

/// Retentions shown in the table.
pub const TABLE: [f64; 6] = [0.70, 0.75, 0.80, 0.85, 0.90, 0.95];

/// Seeded simulations averaged for each table row: the crate's own sample size and seeds for
/// a simulated year (`brent` in its `simulation.rs`).
pub const TABLE_RUNS: u64 = 16;

/// The seed of the first of them.
const FIRST_SEED: u64 = 42;

/// What the simulation should assume about the learner's habits.
#[derive(Debug, Clone, PartialEq)]
pub struct Habits {
    /// New cards a day.
    pub new_per_day: usize,
    /// Most reviews a day (none: no cap).
    pub reviews_per_day: Option<usize>,
    /// Longest interval in days.
    pub maximum_interval: u32,
    /// Number of learning steps.
    pub learning_steps: usize,
    /// Number of relearning steps.
    pub relearning_steps: usize,
    /// Days simulated.
    pub days: usize,
}

/// The simulated workload at one desired retention, averaged over the simulated days.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Workload {
    /// The desired retention simulated.
    pub retention: f64,
    /// Reviews a day (first answers to new cards not counted).
    pub reviews_per_day: f64,
    /// Minutes of study a day, new cards included.
    pub minutes_per_day: f64,
    /// Cards memorized at the end (sum of their recall probabilities).
    pub memorized: f64,
    /// Seconds of study per card memorized at the end: what the optimum minimises.
    pub seconds_per_memorized: f64,
}

/// The optimum and the table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RetentionReport {
    /// The desired retention with the least study time per card memorized.
    pub optimal: f64,
    /// The workload at the optimum.
    pub at_optimal: Workload,
    /// The workload at each retention of [`TABLE`].
    pub table: Vec<Workload>,
    /// Days simulated.
    pub days: usize,
    /// Cards introduced in all (new cards a day × days).
    pub cards: usize,
}

/// The simulator's settings for this learner.
pub fn simulator_config(stats: &ReviewStats, habits: &Habits) -> SimulatorConfig {
    let defaults = SimulatorConfig::default();
    let new_per_day = habits.new_per_day.max(1);
    let mut state_rating_costs = defaults.state_rating_costs;
    for (row, cells) in state_rating_costs.iter_mut().zip(stats.seconds.iter()) {
        for (cost, &(secs, n)) in row.iter_mut().zip(cells.iter()) {
            if n > 0 {
                *cost = (secs / n as f64) as f32;
            }
        }
    }
    SimulatorConfig {
        deck_size: new_per_day * habits.days,
        learn_span: habits.days,
        max_cost_perday: f32::INFINITY,
        max_ivl: habits.maximum_interval as f32,
        first_rating_prob: shares(&stats.first_ratings).unwrap_or(defaults.first_rating_prob),
        review_rating_prob: shares(&[
            stats.review_ratings[1],
            stats.review_ratings[2],
            stats.review_ratings[3],
        ])
        .unwrap_or(defaults.review_rating_prob),
        learn_limit: new_per_day,
        review_limit: habits.reviews_per_day.unwrap_or(usize::MAX),
        learning_step_count: habits.learning_steps,
        relearning_step_count: habits.relearning_steps,
        state_rating_costs,
        ..defaults
    }
}

/// Each count's share of the total; None when all are zero.
fn shares<const N: usize>(counts: &[u64; N]) -> Option<[f32; N]> {
    let total: u64 = counts.iter().sum();
    (total > 0).then(|| counts.map(|c| (c as f64 / total as f64) as f32))
}

/// Finds the optimal retention and simulates the table. `progress` is called after each
/// simulation batch of the search; returning false stops it.
pub fn optimal_retention(
    params: &[f64; 21],
    stats: &ReviewStats,
    habits: &Habits,
    progress: impl FnMut(ItemProgress) -> bool + Send,
) -> Result<RetentionReport, FSRSError> {
    let config = simulator_config(stats, habits);
    let w: Vec<f32> = params.iter().map(|&x| x as f32).collect();
    let optimal = f64::from(fsrs::optimal_retention(&config, &w, progress, None, None)?);
    let optimal = (optimal * 1000.0).round() / 1000.0;
    let table = TABLE
        .iter()
        .map(|&r| workload(&config, &w, r))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RetentionReport {
        optimal,
        at_optimal: workload(&config, &w, optimal)?,
        table,
        days: config.learn_span,
        cards: config.deck_size,
    })
}

/// The mean workload of [`TABLE_RUNS`] seeded simulations at `retention`.
pub fn workload(config: &SimulatorConfig, w: &[f32], retention: f64) -> Result<Workload, FSRSError> {
    let mut sum = Workload {
        retention,
        reviews_per_day: 0.0,
        minutes_per_day: 0.0,
        memorized: 0.0,
        seconds_per_memorized: 0.0,
    };
    for seed in FIRST_SEED..FIRST_SEED + TABLE_RUNS {
        let r = fsrs::simulate(config, w, retention as f32, Some(seed), None)?;
        let one = summarize(&r);
        sum.reviews_per_day += one.0;
        sum.minutes_per_day += one.1;
        sum.memorized += one.2;
        sum.seconds_per_memorized += one.3;
    }
    let n = TABLE_RUNS as f64;
    Ok(Workload {
        retention,
        reviews_per_day: sum.reviews_per_day / n,
        minutes_per_day: sum.minutes_per_day / n,
        memorized: sum.memorized / n,
        seconds_per_memorized: sum.seconds_per_memorized / n,
    })
}

/// (reviews a day, minutes a day, memorized at the end, seconds per memorized card).
fn summarize(r: &SimulationResult) -> (f64, f64, f64, f64) {
    let days = r.review_cnt_per_day.len().max(1) as f64;
    let reviews: usize = r.review_cnt_per_day.iter().sum();
    let seconds: f64 = r.cost_per_day.iter().map(|&c| f64::from(c)).sum();
    let memorized = r.memorized_cnt_per_day.last().map_or(0.0, |&m| f64::from(m));
    let per = if memorized > 0.0 {
        seconds / memorized
    } else {
        f64::INFINITY
    };
    (reviews as f64 / days, seconds / 60.0 / days, memorized, per)
}
