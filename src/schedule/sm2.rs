//! Anki's legacy SM-2 (the v3 scheduler without FSRS): an ease factor per card that Hard,
//! Again and Easy move, review intervals multiplied by it, and lapses that reset the interval
//! to a fraction of the old one after the relearning steps.

use super::steps::{Ctx, StepMove, next_step};
use super::{CardState, Next, Phase, Rating, fuzz};

/// Lowest ease factor.
pub const MIN_EASE: f64 = 1.3;

/// One SM-2 review: the phase move, ease and interval.
pub(crate) fn review(ctx: &Ctx<'_>, state: &CardState, rating: Rating) -> Next {
    let cfg = ctx.config;
    let sm2 = &cfg.sm2;
    let max = cfg.maximum_interval;
    let ease = if state.ease >= MIN_EASE {
        state.ease
    } else {
        sm2.starting_ease
    };
    match state.phase {
        Phase::New | Phase::Learning => {
            let step = if state.phase == Phase::New { 0 } else { state.step };
            match next_step(&cfg.learning_steps, step, rating) {
                StepMove::Stay { step, wait } => Next::step(state, Phase::Learning, step, wait),
                StepMove::Graduate => {
                    let days = if rating == Rating::Easy {
                        sm2.easy_interval
                    } else {
                        sm2.graduating_interval
                    };
                    let mut next = Next::review(state, graduate(ctx, days));
                    next.state.ease = ease;
                    next
                }
            }
        }
        Phase::Relearning => match next_step(&cfg.relearning_steps, state.step, rating) {
            StepMove::Stay { step, wait } => Next::step(state, Phase::Relearning, step, wait),
            StepMove::Graduate => {
                // The interval was set at the lapse; Easy adds a day (Anki v3).
                let base = state.interval_days.max(1);
                let days = if rating == Rating::Easy {
                    base.saturating_add(1)
                } else {
                    base
                };
                let mut next = Next::review(state, days.min(max));
                next.state.ease = ease;
                next
            }
        },
        Phase::Review => {
            let current = f64::from(state.interval_days.max(1));
            let late = ctx.elapsed_days.saturating_sub(u64::from(state.interval_days)) as f64;
            if rating == Rating::Again {
                let kept = (current * sm2.lapse_new_interval).round_ties_even() as u32;
                let days = kept.max(sm2.minimum_lapse_interval).clamp(1, max);
                let mut next = match cfg.relearning_steps.first() {
                    Some(&wait) => {
                        let mut n = Next::step(state, Phase::Relearning, 0, wait);
                        n.state.interval_days = days;
                        n
                    }
                    None => Next::review(state, days),
                };
                next.state.ease = (ease - 0.2).max(MIN_EASE);
                return next;
            }
            let m = sm2.interval_modifier;
            let hard_min = if sm2.hard_interval <= 1.0 {
                0
            } else {
                state.interval_days.saturating_add(1)
            };
            let hard = fuzz::constrain(current * sm2.hard_interval * m, hard_min, max, ctx.fuzz);
            let good_min = if sm2.hard_interval <= 1.0 {
                state.interval_days.saturating_add(1)
            } else {
                hard.saturating_add(1)
            };
            let good = fuzz::constrain((current + late / 2.0) * ease * m, good_min, max, ctx.fuzz);
            let easy_raw = (current + late) * ease * sm2.easy_bonus * m;
            let (days, new_ease) = match rating {
                Rating::Hard => (hard, ease - 0.15),
                Rating::Good => (good, ease),
                _ => (
                    fuzz::constrain(easy_raw, good.saturating_add(1), max, ctx.fuzz),
                    ease + 0.15,
                ),
            };
            let mut next = Next::review(state, days);
            next.state.ease = new_ease.max(MIN_EASE);
            next
        }
    }
}

/// A graduating interval, fuzzed like any review interval.
fn graduate(ctx: &Ctx<'_>, days: u32) -> u32 {
    fuzz::constrain(f64::from(days), 1, ctx.config.maximum_interval, ctx.fuzz)
}
