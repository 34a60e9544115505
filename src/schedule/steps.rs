//! Card phases on top of the FSRS memory model, as py-fsrs 6.x schedules them: new cards walk
//! the learning steps, lapsed review cards the relearning steps, graduates get FSRS intervals.
//! Review intervals for Hard, Good and Easy are kept distinct and growing, as Anki does.

use jiff::SignedDuration;

use super::fsrs::{Memory, Params, round_days};
use super::{CardState, Config, Next, Phase, Rating, fuzz};

/// What the scheduler knows about this review besides the card.
pub(crate) struct Ctx<'a> {
    pub config: &'a Config,
    /// The fuzz factor in [0, 1), or None with fuzz off.
    pub fuzz: Option<f64>,
    /// Whole days since the last review (0 for a new card).
    pub elapsed_days: u64,
}

/// Where a rating moves a card in its (re)learning steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepMove {
    /// Stay in (re)learning at `step`, due after `wait`.
    Stay {
        /// The step index.
        step: u32,
        /// Time until due.
        wait: SignedDuration,
    },
    /// Leave the steps for review.
    Graduate,
}

/// The move for `rating` at `step` of `steps` (py-fsrs rules): Again restarts, Hard repeats
/// (the first step waits 1.5x it, or the mean of the first two), Good advances or graduates
/// from the last step, Easy graduates. No steps at all graduates at once.
pub fn next_step(steps: &[SignedDuration], step: u32, rating: Rating) -> StepMove {
    let i = step as usize;
    let Some(&first) = steps.first() else {
        return StepMove::Graduate;
    };
    if i >= steps.len() && rating != Rating::Again {
        return StepMove::Graduate;
    }
    match rating {
        Rating::Again => StepMove::Stay { step: 0, wait: first },
        Rating::Hard => {
            let wait = match (i, steps.get(1)) {
                (0, None) => first.saturating_mul(3).checked_div(2).unwrap_or(first),
                (0, Some(&second)) => first.saturating_add(second).checked_div(2).unwrap_or(first),
                _ => steps.get(i).copied().unwrap_or(first),
            };
            StepMove::Stay { step, wait }
        }
        Rating::Good => match steps.get(i + 1) {
            Some(&wait) => StepMove::Stay { step: step + 1, wait },
            None => StepMove::Graduate,
        },
        Rating::Easy => StepMove::Graduate,
    }
}

/// Review intervals for Hard, Good and Easy from their unrounded values: each at least one
/// day more than the one before and, when it grows, more than the `last` interval, so fuzz
/// can neither collapse the buttons nor shrink a growing interval (Anki
/// `passing_fsrs_review_intervals`). With fuzz off and distinct values this is plain
/// rounding, as py-fsrs.
pub fn passing_intervals(raw: [f64; 3], last: u32, maximum: u32, fuzz: Option<f64>) -> [u32; 3] {
    let above_last = |x: f64| {
        if round_days(x, maximum) > last {
            last.saturating_add(1)
        } else {
            1
        }
    };
    let hard = fuzz::constrain(raw[0], above_last(raw[0]), maximum, fuzz);
    let good = fuzz::constrain(raw[1], above_last(raw[1]).max(hard + 1), maximum, fuzz);
    let easy = fuzz::constrain(raw[2], above_last(raw[2]).max(good + 1), maximum, fuzz);
    [hard, good, easy]
}

/// One FSRS review: the phase move and the interval (memory is updated by the caller).
pub(crate) fn fsrs_review(
    ctx: &Ctx<'_>,
    params: &Params,
    state: &CardState,
    rating: Rating,
    memory: &dyn Fn(Rating) -> Memory,
) -> Next {
    let cfg = ctx.config;
    let raw = |r: Rating| params.next_interval(memory(r).stability, cfg.desired_retention);
    let days = |r: Rating| fuzz::constrain(raw(r), 1, cfg.maximum_interval, ctx.fuzz);
    let in_steps = |steps: &[SignedDuration], step: u32, phase: Phase| match next_step(steps, step, rating) {
        StepMove::Stay { step, wait } => Next::step(state, phase, step, wait),
        StepMove::Graduate => Next::review(state, days(rating)),
    };
    match state.phase {
        Phase::New => in_steps(&cfg.learning_steps, 0, Phase::Learning),
        Phase::Learning => in_steps(&cfg.learning_steps, state.step, Phase::Learning),
        Phase::Relearning => in_steps(&cfg.relearning_steps, state.step, Phase::Relearning),
        Phase::Review => match (rating, cfg.relearning_steps.first()) {
            (Rating::Again, Some(&wait)) => Next::step(state, Phase::Relearning, 0, wait),
            (Rating::Again, None) => Next::review(state, days(Rating::Again)),
            _ => {
                let raws = [raw(Rating::Hard), raw(Rating::Good), raw(Rating::Easy)];
                let ivls = passing_intervals(raws, state.interval_days, cfg.maximum_interval, ctx.fuzz);
                let i = rating as usize - 2;
                Next::review(state, ivls.get(i).copied().unwrap_or(1))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(n: i64) -> SignedDuration {
        SignedDuration::from_mins(n)
    }

    #[test]
    fn learning_steps_follow_py_fsrs() {
        let two = [m(1), m(10)];
        use StepMove::*;
        assert_eq!(next_step(&two, 0, Rating::Again), Stay { step: 0, wait: m(1) });
        assert_eq!(
            next_step(&two, 0, Rating::Hard),
            Stay {
                step: 0,
                wait: SignedDuration::from_secs(330)
            }
        );
        assert_eq!(next_step(&two, 0, Rating::Good), Stay { step: 1, wait: m(10) });
        assert_eq!(next_step(&two, 1, Rating::Hard), Stay { step: 1, wait: m(10) });
        assert_eq!(next_step(&two, 1, Rating::Good), Graduate);
        assert_eq!(next_step(&two, 0, Rating::Easy), Graduate);
        assert_eq!(
            next_step(&[m(10)], 0, Rating::Hard),
            Stay { step: 0, wait: m(15) }
        );
        assert_eq!(next_step(&[], 0, Rating::Again), Graduate);
        // A step left over from a longer configuration graduates on a pass.
        assert_eq!(next_step(&two, 5, Rating::Hard), Graduate);
        assert_eq!(next_step(&two, 5, Rating::Again), Stay { step: 0, wait: m(1) });
    }

    #[test]
    fn passing_intervals_are_distinct() {
        assert_eq!(passing_intervals([1.0, 1.2, 1.4], 0, 100, None), [1, 2, 3]);
        assert_eq!(passing_intervals([10.0, 20.0, 30.0], 5, 100, None), [10, 20, 30]);
        // At the maximum they may only collapse onto it.
        assert_eq!(
            passing_intervals([99.0, 120.0, 200.0], 5, 100, None),
            [99, 100, 100]
        );
        for seed in 0..200 {
            let f = Some(super::super::fuzz::factor(seed));
            let [h, g, e] = passing_intervals([30.0, 31.0, 32.0], 29, 36500, f);
            assert!(30 <= h && h < g && g < e, "{h} {g} {e}");
        }
    }
}
