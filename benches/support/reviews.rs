//! The review log the store and folder benches share: a million answers over 100,000 cards,
//! as study sessions write them.

use deckard::store::{Event, EventBody, IdGen, Mode, Review};
use jiff::Timestamp;

/// Answers in the benchmark log.
pub const REVIEWS: u64 = 1_000_000;
/// Cards they are spread over.
pub const CARDS: u64 = 100_000;

/// A review as a study session writes it; every other card takes a typed answer.
pub fn review(ids: &mut IdGen, i: u64) -> Event {
    let card = (i * 7919) % CARDS;
    let typed = card.is_multiple_of(2);
    Event {
        id: ids.next(),
        time: Timestamp::from_second(1_700_000_000 + (i * 37) as i64).unwrap(),
        body: EventBody::Review(Review {
            card: format!("deck-{:02}/card-{card:05}", card % 40),
            rating: (i % 4) as u8 + 1,
            answer: typed.then(|| format!("answer {}", i % 1000)),
            verdict: typed.then(|| ["right", "partial", "wrong"][(i % 3) as usize].to_owned()),
            score: typed.then_some(0.5),
            ms: 1500 + (i * 131) % 20_000,
            mode: Mode::Study,
            reschedule: true,
            origin: None,
        }),
    }
}
