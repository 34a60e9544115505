//! Figures about the cards as they are now: states, what falls due, the distributions of the
//! memory model, and the per-deck and per-tag rows.

use super::days::Days;
use super::doc::{
    Bin, CardStates, FORECAST_DAYS, Forecast, ForecastDay, GroupRow, Histogram, MATURE_DAYS, WEAK_MAX,
    WEAK_MIN_REVIEWS, WeakTag,
};
use super::scan::{Answers, History};
use super::{Input, Universe};
use crate::schedule::Phase;

/// Figures about the cards now.
pub(crate) struct NowCards {
    pub states: CardStates,
    pub forecast: Forecast,
    pub stability: Histogram,
    pub difficulty: Histogram,
    pub retrievability: Histogram,
    /// Per card: never studied.
    pub new: Vec<bool>,
    /// Per card: due before today ends.
    pub due: Vec<bool>,
}

/// Bin edges of stability in days; the last bin has no upper bound.
const STABILITY_EDGES: [f64; 9] = [0.0, 1.0, 3.0, 7.0, 14.0, 30.0, 90.0, 180.0, 365.0];

/// A histogram's empty bins from their edges; `top` closes the last bin (inclusive).
fn bins(edges: &[f64], top: Option<f64>, label: impl Fn(f64, Option<f64>) -> String) -> Histogram {
    let bins = edges
        .iter()
        .enumerate()
        .map(|(i, &from)| {
            let to = edges.get(i + 1).copied().or(top);
            Bin {
                label: label(from, to),
                from,
                to,
                count: 0,
            }
        })
        .collect();
    Histogram {
        bins,
        mean: None,
        count: 0,
    }
}

impl Histogram {
    /// Counts a value in the last bin starting at or below it (values below the first bin
    /// count in the first).
    pub(crate) fn add(&mut self, v: f64, sum: &mut f64) {
        if !v.is_finite() {
            return;
        }
        let i = self.bins.partition_point(|b| b.from <= v).saturating_sub(1);
        if let Some(b) = self.bins.get_mut(i) {
            b.count += 1;
            self.count += 1;
            *sum += v;
        }
    }

    pub(crate) fn finish(&mut self, sum: f64) {
        self.mean = (self.count > 0).then(|| sum / f64::from(self.count));
    }
}

fn num(v: f64) -> String {
    crate::deck::format_number(v)
}

/// States, forecast and distributions, one pass over the selected cards.
pub(crate) fn cards(input: &Input<'_>, universe: &Universe<'_>, days: &Days) -> NowCards {
    let today = days.today();
    let today_start = days.start(today);
    let today_end = days.start(today + 1);
    let mut states = CardStates::default();
    let mut forecast = vec![0u32; FORECAST_DAYS];
    let mut overdue = 0;
    let mut stability = bins(&STABILITY_EDGES, None, |a, b| match b {
        Some(b) => format!("{}-{}d", num(a), num(b)),
        None => format!("{}d+", num(a)),
    });
    let difficulty_edges: Vec<f64> = (1..10).map(f64::from).collect();
    let mut difficulty = bins(&difficulty_edges, Some(10.0), |a, b| {
        format!("{}-{}", num(a), num(b.unwrap_or(a)))
    });
    let r_edges: Vec<f64> = (0..10).map(|i| f64::from(i) / 10.0).collect();
    let mut retrievability = bins(&r_edges, Some(1.0), |a, b| {
        format!("{}-{}%", num(a * 100.0), num(b.unwrap_or(a) * 100.0))
    });
    let (mut s_sum, mut d_sum, mut r_sum) = (0.0, 0.0, 0.0);
    let mut new = vec![false; universe.cards.len()];
    let mut due = vec![false; universe.cards.len()];
    for (ci, card) in universe.cards.iter().enumerate() {
        states.total += 1;
        let Some(p) = input.progress.get(&card.key) else {
            states.new += 1;
            new[ci] = true;
            continue;
        };
        let s = &p.state;
        states.leeches += u32::from(s.leech);
        states.buried += u32::from(p.buried_until.is_some_and(|u| u > input.now));
        // As in Anki's card counts, suspended is a state of its own: never due, not young or
        // mature, and not in the forecast.
        if p.suspended {
            states.suspended += 1;
            continue;
        }
        match s.phase {
            Phase::New => {
                states.new += 1;
                new[ci] = true;
                continue;
            }
            Phase::Learning | Phase::Relearning => states.learning += 1,
            Phase::Review if i64::from(s.interval_days) < MATURE_DAYS => states.young += 1,
            Phase::Review => states.mature += 1,
        }
        if let Some(t) = s.due {
            due[ci] = t < today_end;
            if t < today_start {
                overdue += 1;
            } else if let Some(slot) = days.index(t).and_then(|d| forecast.get_mut(d - today)) {
                *slot += 1;
            }
        }
        if let Some(m) = s.memory() {
            stability.add(m.stability, &mut s_sum);
            difficulty.add(m.difficulty, &mut d_sum);
        }
        if let Some(r) = input.sched.retrievability(s, input.now) {
            retrievability.add(r, &mut r_sum);
        }
    }
    stability.finish(s_sum);
    difficulty.finish(d_sum);
    retrievability.finish(r_sum);
    NowCards {
        states,
        forecast: Forecast {
            overdue,
            days: forecast
                .into_iter()
                .enumerate()
                .map(|(i, due)| ForecastDay {
                    date: days.date(today + i).to_string(),
                    due,
                })
                .collect(),
        },
        stability,
        difficulty,
        retrievability,
        new,
        due,
    }
}

/// The per-deck and per-tag tables and the weakest tags.
pub(crate) struct Groups {
    pub decks: Vec<GroupRow>,
    pub tags: Vec<GroupRow>,
    pub weakest: Vec<WeakTag>,
}

/// Sums the per-card figures into deck and tag rows.
pub(crate) fn groups(
    input: &Input<'_>,
    universe: &Universe<'_>,
    now: &NowCards,
    answers: &Answers,
    history: &History,
) -> Groups {
    let mut decks: Vec<(GroupRow, u64)> = universe
        .decks
        .iter()
        .map(|&d| {
            let deck = &input.lib.decks[d];
            let row = GroupRow {
                id: deck.id.clone(),
                title: Some(deck.title.clone()),
                ..GroupRow::default()
            };
            (row, 0)
        })
        .collect();
    let mut tags: Vec<(GroupRow, u64)> = universe
        .tags
        .iter()
        .map(|t| {
            let row = GroupRow {
                id: (*t).to_owned(),
                ..GroupRow::default()
            };
            (row, 0)
        })
        .collect();
    let add = |(row, ms): &mut (GroupRow, u64), ci: usize| {
        row.cards += 1;
        row.new += u32::from(now.new[ci]);
        row.due += u32::from(now.due[ci]);
        row.retention.merge(&history.card_retention[ci]);
        row.answers += answers.card_answers[ci];
        *ms += answers.card_ms[ci];
    };
    for (ci, card) in universe.cards.iter().enumerate() {
        add(&mut decks[card.deck], ci);
        for &t in &card.tags {
            add(&mut tags[t], ci);
        }
    }
    let finish = |rows: Vec<(GroupRow, u64)>| -> Vec<GroupRow> {
        rows.into_iter()
            .map(|(mut row, ms)| {
                row.retention.finish();
                row.ms_per_answer = (row.answers > 0).then(|| ms / u64::from(row.answers));
                row
            })
            .collect()
    };
    let decks = finish(decks);
    let tags = finish(tags);
    let mut weak: Vec<(f64, &GroupRow)> = tags
        .iter()
        .filter(|t| t.retention.reviews >= WEAK_MIN_REVIEWS)
        .filter_map(|t| t.retention.rate.filter(|r| *r < 1.0).map(|r| (r, t)))
        .collect();
    weak.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let weakest = weak
        .into_iter()
        .take(WEAK_MAX)
        .map(|(_, t)| WeakTag {
            tag: t.id.clone(),
            retention: t.retention,
        })
        .collect();
    Groups { decks, tags, weakest }
}
