//! Fitting the 21 FSRS-6 weights with the `fsrs` crate's optimizer (`compute_parameters`:
//! the crate's outlier filter, initial stabilities from first-interval recall curves, then
//! five epochs of Adam on the whole history, recent reviews weighted more).

use std::sync::{Arc, Mutex};

use fsrs::{CombinedProgressState, ComputeParametersInput, FSRSError};

use super::Dataset;
use crate::schedule::ScheduleError;
use crate::schedule::fsrs::PARAM_BOUNDS;

/// The crate's progress state: the caller may poll it (`current()` of `total()` items
/// processed) from another thread while [`fit`] runs.
pub type FitProgress = Arc<Mutex<CombinedProgressState>>;

/// Why fitting failed.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    /// The crate refused the data or did not converge to finite weights.
    #[error("the FSRS optimizer failed: {0}")]
    Crate(#[from] FSRSError),
    /// Weights deckard's scheduler would not accept (a bug: they are clamped to its bounds).
    #[error("the fitted parameters are not valid: {0}")]
    Params(ScheduleError),
}

/// Fits the weights on every item of `data`. `relearning_steps` is the number of relearning
/// steps in use (the crate caps w17 and w18 when there are several). The result is rounded
/// to 4 decimals (as Anki shows them) and clamped to deckard's bounds, so what is scored and
/// what is written are the same numbers.
pub fn fit(
    data: &Dataset,
    relearning_steps: usize,
    progress: Option<FitProgress>,
) -> Result<[f64; 21], FitError> {
    let input = ComputeParametersInput {
        train_set: data.items().to_vec(),
        card_ids: Some(data.card_ids().to_vec()),
        progress,
        enable_short_term: true,
        num_relearning_steps: Some(relearning_steps.max(1)),
        training_config: None,
    };
    let raw = fsrs::compute_parameters(input)?;
    let weights = to_weights(&raw);
    crate::schedule::Params::new(&weights).map_err(FitError::Params)?;
    Ok(weights)
}

/// The crate's f32 weights as deckard's f64 ones: the shortest decimal that reads back as the
/// same f32 (so 0.8f32 is 0.8, not 0.800000011920929), rounded to 4 decimals, clamped.
pub fn to_weights(raw: &[f32]) -> [f64; 21] {
    let mut w = crate::schedule::fsrs::DEFAULT_PARAMS;
    for (i, (slot, &(lo, hi))) in w.iter_mut().zip(PARAM_BOUNDS.iter()).enumerate() {
        let Some(&x) = raw.get(i) else { break };
        let exact: f64 = x.to_string().parse().unwrap_or(f64::from(x));
        *slot = ((exact * 10_000.0).round() / 10_000.0).clamp(lo, hi);
    }
    w
}
