//! The passes over past answers: the log's review events (times, response times, quiz
//! scores) and each card's replayed history (the interval a card had when it was reviewed,
//! which decides whether a review counts for true retention and whether the card was young or
//! mature).

use std::collections::{BTreeMap, HashSet};

use jiff::SignedDuration;

use super::days::Days;
use super::doc::{Calendar, CalendarDay, DeckQuizzes, MATURE_DAYS, QuizDay, Ratio, Retention, Today, Week};
use super::{Input, KeyIndex, Universe};
use crate::schedule::Rating;
use crate::store::{EventBody, EventId, Mode};

/// Figures from the review events.
pub(crate) struct Answers {
    pub today: Today,
    pub calendar: Calendar,
    pub quizzes: Vec<DeckQuizzes>,
    /// Per card: answers in the period.
    pub card_answers: Vec<u32>,
    /// Per card: milliseconds spent on answers in the period.
    pub card_ms: Vec<u64>,
}

/// Walks the review events of selected cards once (undone ones left out, as in the replay).
pub(crate) fn answers(
    input: &Input<'_>,
    universe: &Universe<'_>,
    index: &KeyIndex<'_>,
    undone: &HashSet<EventId>,
    days: &Days,
    period_start: usize,
) -> Answers {
    let renames = input.lib.renames();
    let today_i = days.today();
    let mut per_day = vec![0u32; days.len()];
    let mut seen_today = vec![false; universe.cards.len()];
    let mut card_answers = vec![0u32; universe.cards.len()];
    let mut card_ms = vec![0u64; universe.cards.len()];
    let mut today = Today::default();
    // (deck, day) → (answers, points)
    let mut quiz: BTreeMap<(usize, usize), (u32, f64)> = BTreeMap::new();
    for e in input.events {
        let EventBody::Review(r) = &e.body else {
            continue;
        };
        // A renamed card's old key counts for its new one, as in the replay.
        let key = match renames.get(&r.card) {
            Some(new) => new.as_str(),
            None => r.card.as_str(),
        };
        let Some(&ci) = index.get(key) else {
            continue;
        };
        if !undone.is_empty() && undone.contains(&e.id) {
            continue;
        }
        let Some(d) = days.index(e.time) else {
            continue;
        };
        if d > today_i {
            // An answer dated after `now` (a clock moved back): not history yet.
            continue;
        }
        per_day[d] += 1;
        if d < period_start {
            continue;
        }
        card_answers[ci] += 1;
        card_ms[ci] += r.ms;
        if r.mode == Mode::Quiz {
            let points = r.score.unwrap_or(if r.rating > 1 { 1.0 } else { 0.0 });
            let slot = quiz.entry((universe.cards[ci].deck, d)).or_default();
            slot.0 += 1;
            slot.1 += points;
        }
        if d == today_i {
            today.answers += 1;
            today.ms += r.ms;
            today.again += u32::from(r.rating == Rating::Again.as_u8());
            if !seen_today[ci] {
                seen_today[ci] = true;
                today.cards += 1;
            }
        }
    }
    Answers {
        today,
        calendar: calendar(&per_day, days, period_start),
        quizzes: quizzes(input, universe, days, quiz),
        card_answers,
        card_ms,
    }
}

fn calendar(per_day: &[u32], days: &Days, period_start: usize) -> Calendar {
    let today = days.today();
    let period = &per_day[period_start..=today];
    let mut longest = 0;
    let mut run = 0;
    for &n in &per_day[..=today] {
        run = if n > 0 { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    // Today without answers yet does not break the streak: the day is not over.
    let end = if per_day[today] > 0 { today + 1 } else { today };
    let current = per_day[..end].iter().rev().take_while(|&&n| n > 0).count() as u32;
    Calendar {
        days: period
            .iter()
            .enumerate()
            .map(|(i, &answers)| CalendarDay {
                date: days.date(period_start + i).to_string(),
                answers,
            })
            .collect(),
        answers: period.iter().sum(),
        days_studied: period.iter().filter(|&&n| n > 0).count() as u32,
        current_streak: current,
        longest_streak: longest,
    }
}

fn quizzes(
    input: &Input<'_>,
    universe: &Universe<'_>,
    days: &Days,
    quiz: BTreeMap<(usize, usize), (u32, f64)>,
) -> Vec<DeckQuizzes> {
    let mut out: Vec<DeckQuizzes> = Vec::new();
    for ((deck, day), (answers, score)) in quiz {
        let id = &input.lib.decks[universe.decks[deck]].id;
        if out.last().is_none_or(|q| &q.deck != id) {
            out.push(DeckQuizzes {
                deck: id.clone(),
                days: Vec::new(),
            });
        }
        if let Some(q) = out.last_mut() {
            q.days.push(QuizDay {
                date: days.date(day).to_string(),
                answers,
                score,
                rate: score / f64::from(answers.max(1)),
            });
        }
    }
    out
}

/// Figures from the cards' replayed histories.
pub(crate) struct History {
    pub retention: Retention,
    /// Today's reviews for true retention (unfinished).
    pub today: Ratio,
    /// Per card: true retention in the period (unfinished).
    pub card_retention: Vec<Ratio>,
}

/// True retention counts a review when the card's scheduled interval before it was at least
/// a day (a review, not a learning step); the card was young when that interval was under
/// [`MATURE_DAYS`] days, mature otherwise; the review passed unless rated again.
pub(crate) fn history(
    input: &Input<'_>,
    universe: &Universe<'_>,
    days: &Days,
    period_start: usize,
) -> History {
    let today = days.today();
    let n_days = today + 1 - period_start;
    let n_weeks = n_days.div_ceil(7);
    let mut weeks: Vec<(Ratio, Ratio)> = vec![Default::default(); n_weeks];
    let mut young = Ratio::default();
    let mut mature = Ratio::default();
    let mut today_ratio = Ratio::default();
    let mut card_retention = vec![Ratio::default(); universe.cards.len()];
    let day = SignedDuration::from_hours(24);
    let mature_at = SignedDuration::from_hours(24 * MATURE_DAYS);
    for (ci, card) in universe.cards.iter().enumerate() {
        let Some(p) = input.progress.get(&card.key) else {
            continue;
        };
        let mut before: Option<SignedDuration> = None;
        for h in p.history.iter().filter(|h| h.reschedule) {
            let interval = before.replace(h.interval);
            let Some(interval) = interval.filter(|i| *i >= day) else {
                continue;
            };
            let Some(d) = days.index(h.time).filter(|d| (period_start..=today).contains(d)) else {
                continue;
            };
            let passed = h.rating != Rating::Again;
            let week = n_weeks - 1 - (today - d) / 7;
            let (y, m) = &mut weeks[week];
            if interval < mature_at {
                young.add(passed);
                y.add(passed);
            } else {
                mature.add(passed);
                m.add(passed);
            }
            card_retention[ci].add(passed);
            if d == today {
                today_ratio.add(passed);
            }
        }
    }
    let weeks = weeks
        .into_iter()
        .enumerate()
        .map(|(w, (mut y, mut m))| {
            let last = today - 7 * (n_weeks - 1 - w);
            let first = last.saturating_sub(6).max(period_start);
            let mut total = y;
            total.merge(&m);
            y.finish();
            m.finish();
            total.finish();
            Week {
                start: days.date(first).to_string(),
                end: days.date(last).to_string(),
                young: y,
                mature: m,
                total,
            }
        })
        .collect();
    let mut total = young;
    total.merge(&mature);
    young.finish();
    mature.finish();
    total.finish();
    History {
        retention: Retention {
            desired: 0.0,
            young,
            mature,
            total,
            weeks,
        },
        today: today_ratio,
        card_retention,
    }
}
