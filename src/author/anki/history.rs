//! Anki's review log and card states as progress events: answers as `review`s, "set due
//! date" rows as `reschedule`s, "forget" rows as `reset`s, then each review card's due date
//! and each suspension as of the collection's last change. Event ids derive from the
//! collection's creation stamp and the row or card, so a second import finds them present.

use std::collections::HashMap;

use jiff::Timestamp;

use super::AnkiError;
use super::collection::Collection;
use super::convert::Conversion;
use crate::progress::{MarkKind, Progress};
use crate::schedule::{Phase, Scheduler};
use crate::store::{Event, EventBody, EventId, Mode, Review};

/// Whether Anki had a card suspended, as of the collection's last change.
#[derive(Debug, Clone, PartialEq)]
pub struct Suspension {
    /// The deckard card key.
    pub key: String,
    /// Suspended in Anki.
    pub suspended: bool,
    /// The collection's last change (after the card's last review).
    pub at: Timestamp,
    /// Names the state for its event id: collection, card and the collection's change time.
    origin: String,
}

/// Where Anki had a card in its (re)learning steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Learning {
    /// The deckard card key.
    pub key: String,
    /// Relearning (after a lapse) rather than learning.
    pub relearning: bool,
    /// The steps still to go, the current one included (Anki's `left`).
    pub remaining: u32,
    /// When Anki had it due.
    pub due: Timestamp,
    /// Whether Anki counted the due in days (a step ending past the rollover, queue 3): then
    /// it is the start of a study day and carries no fuzz.
    pub in_days: bool,
}

/// Anki adds up to this much to a (re)learning step within the day (25% of the step, at most
/// 5 minutes: `learning_ivl_with_fuzz`); deckard's own steps carry no fuzz.
const LEARNING_FUZZ_SECS: i64 = 300;

/// Each card of `learning` whose replayed state in `progress` (under `sched`, with the deck
/// settings the import wrote) does not continue where Anki left it: another phase, another
/// step, or a due time other than Anki's (allowing Anki's learning fuzz on a step within the
/// day, by which deckard may be due up to 5 minutes earlier). Empty when every card carries
/// over.
pub fn learning_differences(learning: &[Learning], progress: &Progress, sched: &Scheduler) -> Vec<String> {
    let mut out = Vec::new();
    for l in learning {
        let state = progress.state(&l.key);
        let cfg = sched.for_key(&l.key).config();
        let (phase, steps, name) = if l.relearning {
            (Phase::Relearning, &cfg.relearning_steps, "relearning")
        } else {
            (Phase::Learning, &cfg.learning_steps, "learning")
        };
        let anki_step = u32::try_from(steps.len())
            .ok()
            .and_then(|n| n.checked_sub(l.remaining));
        let due_ok = state.due.is_some_and(|d| {
            if l.in_days {
                // The same study day (both at its start; compared by day, as Anki's day
                // numbers and the local calendar may differ by a clock change's hour).
                cfg.days.day(d) == cfg.days.day(l.due)
            } else {
                (0..LEARNING_FUZZ_SECS).contains(&(l.due.as_second() - d.as_second()))
            }
        });
        if state.phase == phase && anki_step == Some(state.step) && due_ok {
            continue;
        }
        let theirs = match anki_step {
            Some(i) => format!("{name} step {} of {}", i + 1, steps.len()),
            None => format!(
                "{name} with {} step(s) to go of {} here",
                l.remaining,
                steps.len()
            ),
        };
        let ours = match state.phase {
            Phase::Learning | Phase::Relearning => format!(
                "{} step {}",
                if state.phase == Phase::Learning {
                    "learning"
                } else {
                    "relearning"
                },
                state.step + 1
            ),
            Phase::Review => "review".to_string(),
            Phase::New => "new".to_string(),
        };
        out.push(format!(
            "{}: Anki had it at {theirs}, due {}; deckard continues at {ours}, due {} (its steps differ from the deck options Anki used)",
            l.key,
            l.due,
            state.due.map_or("-".to_string(), |d| d.to_string())
        ));
    }
    out
}

/// The `suspend`/`unsuspend` events that bring the log in line with Anki's suspensions: for
/// each card whose state in `progress` differs, unless the learner's own suspend or unsuspend
/// in deckard is later than Anki's state (the later of the two wins, as in the log). Empty on
/// a second import of the same package.
pub fn suspension_events(states: &[Suspension], progress: &Progress) -> Vec<Event> {
    let mut out = Vec::new();
    for s in states {
        let p = progress.get(&s.key);
        if p.is_some_and(|p| p.suspended) == s.suspended {
            continue;
        }
        let last_mark = p.and_then(|p| {
            p.marks
                .iter()
                .filter(|m| matches!(m.kind, MarkKind::Suspend | MarkKind::Unsuspend))
                .map(|m| m.time)
                .max()
        });
        if last_mark.is_some_and(|t| t > s.at) {
            continue;
        }
        let id = EventId::imported(&s.origin);
        out.push(if s.suspended {
            Event::suspend(id, s.at, s.key.clone())
        } else {
            Event::unsuspend(id, s.at, s.key.clone())
        });
    }
    out
}

/// The review log and card states as events.
pub(super) fn events(col: &Collection, out: &mut Conversion) -> Result<(), AnkiError> {
    let ts = |ms: i64| {
        Timestamp::from_millisecond(ms).map_err(|e| AnkiError::Internal(format!("time {ms} ms: {e}")))
    };
    let id = |what: &str, n: i64| EventId::imported(&format!("anki:{}:{what}:{n}", col.crt));
    let mut last: HashMap<i64, i64> = HashMap::new();
    let mut not_carried = 0;
    let mut no_answer = 0;
    for r in &col.revlog {
        let Some(key) = out.keys.get(&r.card) else {
            not_carried += 1;
            continue;
        };
        last.insert(r.card, r.id);
        let time = ts(r.id)?;
        let body = match (r.ease, r.kind) {
            (1..=4, 0..=3) => {
                out.reviews += 1;
                EventBody::Review(Review {
                    card: key.clone(),
                    rating: r.ease as u8,
                    answer: None,
                    verdict: None,
                    score: None,
                    ms: u64::try_from(r.ms).unwrap_or(0),
                    mode: Mode::Study,
                    // A cram review in a filtered deck (factor 0) leaves the schedule alone.
                    reschedule: !(r.kind == 3 && r.factor == 0),
                    origin: Some(format!("anki:{}:revlog:{}", col.crt, r.id)),
                })
            }
            (0, 4) if r.factor == 0 => EventBody::Reset { card: key.clone() },
            (0, 4 | 5) => EventBody::Reschedule {
                card: key.clone(),
                due: ts(r.id + r.ivl.max(0) * 86_400_000)?,
            },
            _ => {
                no_answer += 1;
                continue;
            }
        };
        // The same string names the row in the review's `origin` field.
        out.events.push(Event {
            id: id("revlog", r.id),
            time,
            body,
        });
    }
    if not_carried > 0 {
        out.skipped
            .push(format!("{not_carried} review(s) of cards not converted"));
    }
    if no_answer > 0 {
        out.skipped
            .push(format!("{no_answer} review-log row(s) that record no answer"));
    }
    for c in &col.cards {
        let Some(key) = out.keys.get(&c.id) else {
            continue;
        };
        out.anki_cards += 1;
        // Card states are stated as of the collection's last change, after every review.
        let at = col.modified_ms.max(last.get(&c.id).map_or(0, |l| l + 1));
        if c.kind == 2 {
            out.rescheduled += 1;
            out.events.push(Event::reschedule(
                id(&format!("due{}", c.due), c.id),
                ts(at)?,
                key.clone(),
                Timestamp::from_second(col.crt + c.due * 86_400)
                    .map_err(|e| AnkiError::Internal(format!("due day {}: {e}", c.due)))?,
            ));
        } else if matches!(c.kind, 1 | 3) {
            // A timestamp (queue 1, or a suspended or buried card due within a day) is in
            // seconds; a day number (queue 3) counts days from the collection's creation.
            let in_days = c.due < 1_000_000_000;
            let secs = if in_days { col.crt + c.due * 86_400 } else { c.due };
            out.learning.push(Learning {
                key: key.clone(),
                relearning: c.kind == 3,
                remaining: c.remaining_steps,
                due: Timestamp::from_second(secs)
                    .map_err(|e| AnkiError::Internal(format!("learning due {}: {e}", c.due)))?,
                in_days,
            });
        }
        if c.queue == -1 {
            out.suspended += 1;
        }
        out.suspension.push(Suspension {
            key: key.clone(),
            suspended: c.queue == -1,
            at: ts(at)?,
            origin: format!(
                "anki:{}:{}:{}:{}",
                col.crt,
                if c.queue == -1 { "suspend" } else { "unsuspend" },
                c.id,
                col.modified_ms
            ),
        });
    }
    out.events.sort_by_key(|e| e.time);
    Ok(())
}
