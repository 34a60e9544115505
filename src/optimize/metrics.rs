//! How well parameters predict reviews: log loss and RMSE(bins), computed with deckard's own
//! f64 memory model (the one that schedules), on the crate's training items.
//!
//! For each item the card's history before the target review is folded through
//! [`Params::next_memory`] (same-day reviews through the short-term formula, as `delta_t = 0`
//! in the crate), and the prediction is the retrievability after the target's `delta_t` days.
//! The outcome is 1 for Hard, Good or Easy and 0 for Again.
//!
//! - **Log loss**: the mean of −(y ln p + (1 − y) ln(1 − p)) over the items, every item
//!   weighted 1 (the crate's own `evaluate` weights recent items more; a held-out score
//!   should not). p is kept within [1e-9, 1 − 1e-9] so a single certain miss stays finite.
//! - **RMSE(bins)**, as srs-benchmark defines it (`rmse_matrix` in its `utils.py`; the crate's
//!   `r_matrix_index` is the same): items are grouped by three binned features — the
//!   interval, Δt → round(2.48 · 3.62^⌊log₃.₆₂ Δt⌋, 2); the number of reviews on distinct
//!   days up to and including the target, n → round(1.99 · 1.89^⌊log₁.₈₉ n⌋); and the lapses
//!   (Again on a later day) before it, l → 0 when l = 0, else round(1.65 · 1.73^⌊log₁.₇₃ l⌋).
//!   Within each bin the mean prediction is compared with the observed recall rate, and
//!   RMSE = √(Σ nᵦ (p̄ᵦ − ȳᵦ)² / Σ nᵦ), each bin weighted by its number of items nᵦ.

use std::collections::HashMap;

use fsrs::FSRSItem;

use super::Dataset;
use crate::schedule::{Memory, Params, Rating};

/// The two scores of a parameter set on a set of items (lower is better for both).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Metrics {
    /// Mean binary cross-entropy of the predicted recall probability.
    pub log_loss: f64,
    /// Calibration error over srs-benchmark's bins.
    pub rmse_bins: f64,
    /// Items scored.
    pub items: usize,
}

/// Scores `params` on every item of `data` (see the module doc).
pub fn evaluate(params: &Params, data: &Dataset) -> Metrics {
    let mut loss = 0.0;
    let mut bins: HashMap<(u32, u32, u32), (f64, f64, f64)> = HashMap::new();
    for item in data.items() {
        let p = predict(params, item).clamp(1e-9, 1.0 - 1e-9);
        let y = if item.reviews.last().is_some_and(|r| r.rating > 1) {
            1.0
        } else {
            0.0
        };
        loss -= y * p.ln() + (1.0 - y) * (1.0 - p).ln();
        let bin = bins.entry(bin_of(item)).or_default();
        bin.0 += p;
        bin.1 += y;
        bin.2 += 1.0;
    }
    let n = data.len() as f64;
    let (mut sq, mut total) = (0.0, 0.0);
    for (p, y, count) in bins.values() {
        sq += count * (p / count - y / count).powi(2);
        total += count;
    }
    Metrics {
        log_loss: if n > 0.0 { loss / n } else { f64::NAN },
        rmse_bins: if total > 0.0 {
            (sq / total).sqrt()
        } else {
            f64::NAN
        },
        items: data.len(),
    }
}

/// The predicted probability of recalling the item's target review.
pub fn predict(params: &Params, item: &FSRSItem) -> f64 {
    let Some((target, history)) = item.reviews.split_last() else {
        return f64::NAN;
    };
    let mut memory: Option<Memory> = None;
    for r in history {
        // Ratings were checked to be 1..=4 when the items were built.
        let rating = Rating::from_u8(r.rating as u8).unwrap_or(Rating::Good);
        memory = Some(params.next_memory(memory, u64::from(r.delta_t), rating));
    }
    match memory {
        Some(m) => params.retrievability(f64::from(target.delta_t), m.stability),
        None => f64::NAN,
    }
}

/// srs-benchmark's bin of an item: (interval bin × 100, review-count bin, lapse bin).
pub fn bin_of(item: &FSRSItem) -> (u32, u32, u32) {
    let Some((target, history)) = item.reviews.split_last() else {
        return (0, 0, 0);
    };
    let delta_t = f64::from(target.delta_t);
    let delta_bin = (2.48 * 3.62f64.powf(delta_t.log(3.62).floor()) * 100.0).round() as u32;
    let long_term = item.reviews.iter().filter(|r| r.delta_t > 0).count();
    let length = long_term as f64 + 1.0;
    let length_bin = (1.99 * 1.89f64.powf(length.log(1.89).floor())).round() as u32;
    let lapses = history.iter().filter(|r| r.rating == 1 && r.delta_t > 0).count();
    let lapse_bin = if lapses == 0 {
        0
    } else {
        (1.65 * 1.73f64.powf((lapses as f64).log(1.73).floor())).round() as u32
    };
    (delta_bin, length_bin, lapse_bin)
}
