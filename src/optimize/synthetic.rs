//! A simulated learner whose memory follows FSRS-6 with known weights, for tests and
//! benchmarks of the optimizer: its reviews are what a fit should recover.
//!
//! Cards are introduced evenly over the first 80% of the days, at a random minute of the
//! learner's study hours (08:00–20:00 UTC). The first rating is drawn from fixed shares; an
//! Again or Hard first answer is followed by a same-day review ten minutes later (Good four
//! times in five, else Again). Each later review comes when deckard would schedule it at the learner's
//! desired retention under the true weights, stretched by a random ±20% so intervals vary; the
//! learner recalls with the true probability after that many study days, and answers Hard,
//! Good or Easy (15/75/10%) on a recall, Again on a lapse, followed by a same-day relearning
//! review ten minutes later. Everything is drawn from one seeded PCG generator.

use jiff::{SignedDuration, Timestamp};
use rand::{Rng, RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::schedule::{Memory, Params, Rating};
use crate::store::{Event, EventBody, IdGen, Mode, Review};

/// The learner to simulate.
#[derive(Debug, Clone)]
pub struct Learner {
    /// The true FSRS-6 weights of the learner's memory.
    pub weights: [f64; 21],
    /// Cards studied.
    pub cards: usize,
    /// Days simulated.
    pub days: u32,
    /// The first day, at 00:00 UTC.
    pub start: Timestamp,
    /// The deck id of the card keys (`deck/c<n>`).
    pub deck: String,
    /// The desired retention the learner's reviews are scheduled at (0.9 is deckard's default).
    pub retention: f64,
    /// The seed of every draw.
    pub seed: u64,
}

/// Non-default weights for a ground truth: a learner who forgets faster at first but gains
/// stability more per review, with a slower-decaying forgetting curve.
pub const TRUE_WEIGHTS: [f64; 21] = [
    0.5, 1.8, 4.5, 12.0, 5.8, 1.1, 2.2, 0.02, 1.6, 0.25, 1.1, 1.7, 0.09, 0.35, 1.3, 0.45, 2.2, 0.6, 0.3,
    0.15, 0.25,
];

/// Every review event of the learner, in time order.
pub fn simulate(learner: &Learner) -> Vec<Event> {
    let params = Params::new(&learner.weights).unwrap_or_default();
    let mut rng = Pcg64Mcg::seed_from_u64(learner.seed);
    // The deck goes into the id stream too: two simulated decks with one seed, written to one
    // log, must not share event ids (the log refuses two different events under one id).
    let deck_hash = learner.deck.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut ids = IdGen::new(learner.seed ^ 0x5eed ^ deck_hash);
    let mut events = Vec::new();
    let intro_days = (f64::from(learner.days) * 0.8).max(1.0);
    let end = i64::from(learner.days);
    for n in 0..learner.cards {
        let key = format!("{}/c{n}", learner.deck);
        let mut day = (n as f64 * intro_days / learner.cards as f64) as i64;
        let mut review = |day: i64, minute: i64, rating: Rating, rng: &mut Pcg64Mcg| {
            let time = learner
                .start
                .saturating_add(SignedDuration::from_mins(day * 1440 + 480 + minute))
                .unwrap_or(learner.start);
            events.push(Event {
                id: ids.next(),
                time,
                body: EventBody::Review(Review {
                    card: key.clone(),
                    rating: rating.as_u8(),
                    answer: None,
                    verdict: None,
                    score: None,
                    ms: rng.random_range(2_000..15_000),
                    mode: Mode::Study,
                    reschedule: true,
                    origin: None,
                }),
            });
        };
        let minute = rng.random_range(0..700);
        let first = pick(&mut rng, &[0.2, 0.1, 0.5, 0.2]);
        review(day, minute, first, &mut rng);
        let mut memory = params.next_memory(None, 0, first);
        if first <= Rating::Hard {
            memory = same_day(&params, memory, day, minute, &mut rng, &mut review);
        }
        loop {
            let wait = params.next_interval(memory.stability, learner.retention) * rng.random_range(0.8..1.2);
            let delta = (wait.round() as i64).max(1);
            day += delta;
            if day >= end {
                break;
            }
            let r = params.retrievability(delta as f64, memory.stability);
            let rating = if rng.random::<f64>() < r {
                [Rating::Hard, Rating::Good, Rating::Easy][pick_index(&mut rng, &[0.15, 0.75, 0.10])]
            } else {
                Rating::Again
            };
            let minute = rng.random_range(0..700);
            review(day, minute, rating, &mut rng);
            memory = params.next_memory(Some(memory), delta as u64, rating);
            if rating == Rating::Again {
                memory = same_day(&params, memory, day, minute, &mut rng, &mut review);
            }
        }
    }
    events.sort_by_key(|e| (e.time, e.id));
    events
}

/// A same-day (re)learning review ten minutes after `minute`.
fn same_day(
    params: &Params,
    memory: Memory,
    day: i64,
    minute: i64,
    rng: &mut Pcg64Mcg,
    review: &mut impl FnMut(i64, i64, Rating, &mut Pcg64Mcg),
) -> Memory {
    let rating = if rng.random::<f64>() < 0.8 {
        Rating::Good
    } else {
        Rating::Again
    };
    review(day, minute + 10, rating, rng);
    params.next_memory(Some(memory), 0, rating)
}

fn pick(rng: &mut impl Rng, shares: &[f64; 4]) -> Rating {
    Rating::ALL[pick_index(rng, shares)]
}

fn pick_index(rng: &mut impl Rng, shares: &[f64]) -> usize {
    let mut x = rng.random::<f64>();
    for (i, s) in shares.iter().enumerate() {
        if x < *s {
            return i;
        }
        x -= s;
    }
    shares.len() - 1
}
