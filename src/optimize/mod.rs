//! `deckard optimize`: FSRS-6 parameters fitted to the learner's own reviews with the `fsrs`
//! crate, evaluated on held-out data, and the desired retention that costs least.
//!
//! The pieces, each in its own file: [`items`] turns the progress log into the crate's
//! training items (one per review on a later day than the card's previous one, holding the
//! history before it, days counted by deckard's day rollover); [`metrics`] scores parameters
//! by log loss and RMSE(bins) with deckard's own f64 model — the one that schedules; [`fit`]
//! runs the crate's optimizer, on the earlier part of the reviews for the honest comparison
//! ([`holdout`]) and on all of them for the parameters written; [`retention`] simulates future
//! workload; [`synthetic`] simulates a learner with known parameters for tests and benches.
//! No terminal I/O and no clock here; every random draw is seeded.

pub mod fit;
pub mod items;
pub mod metrics;
pub mod retention;
pub mod synthetic;

pub use fit::{FitError, FitProgress, fit};
pub use items::{Dataset, Options};
pub use metrics::{Metrics, evaluate};

/// deckard's minimum of training items (reviews on a later day than the card's previous
/// review) before it fits anything. The crate returns the defaults below 8 items and fits
/// only the four initial stabilities below 64; with 400, the 70% the held-out comparison
/// fits on stays well above 64 after the crate's outlier filter, and the 30% it is scored on
/// holds 120 reviews.
pub const MIN_ITEMS: usize = 400;

/// The share of training items, oldest first, that the held-out comparison fits on; the rest
/// (the most recent reviews) is what both parameter sets are scored on.
pub const TRAIN_SHARE: f64 = 0.7;

/// The held-out comparison: both parameter sets scored on the same later reviews.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Holdout {
    /// Items fitted on (the earlier part).
    pub train_items: usize,
    /// Items scored (the later part).
    pub test_items: usize,
    /// The parameters in use, scored on the later part.
    pub current: Metrics,
    /// Parameters fitted on the earlier part only, scored on the later part.
    pub fitted: Metrics,
    /// The parameters fitted on the earlier part.
    pub params: [f64; 21],
}

/// Fits on the earlier [`TRAIN_SHARE`] of the items and scores `current` and the fitted
/// parameters on the rest. `current` must be valid FSRS weights (21, or 19 for FSRS-5).
pub fn holdout(
    data: &Dataset,
    current: &[f64],
    relearning_steps: usize,
    progress: Option<FitProgress>,
) -> Result<Holdout, FitError> {
    let (train, test) = data.split(TRAIN_SHARE);
    let params = fit(&train, relearning_steps, progress)?;
    let current_params = crate::schedule::Params::new(current).map_err(FitError::Params)?;
    let fitted_params = crate::schedule::Params::new(&params).map_err(FitError::Params)?;
    Ok(Holdout {
        train_items: train.len(),
        test_items: test.len(),
        current: evaluate(&current_params, &test),
        fitted: evaluate(&fitted_params, &test),
        params,
    })
}

#[cfg(test)]
mod tests;
