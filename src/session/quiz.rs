//! Timed quizzes: draw a fixed set of questions, judge each answer against its deadline, score
//! the whole and report it. The front end measures time and passes it in; nothing here reads a
//! clock, and the draw and the order of choices follow the seed.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use rand::SeedableRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_pcg::Pcg64;
use serde::Serialize;

use crate::answer::{self, Outcome, Presentation, Unreadable, normalize};
use crate::deck::{Answer, Card, Kind, Library};
use crate::progress::Progress;
use crate::schedule::Rating;
use crate::store::{Event, EventBody, IdGen, Mode, QuizSummary, Review};

use super::Selection;

/// Options of a quiz.
#[derive(Debug, Clone)]
pub struct QuizOptions {
    /// Which cards.
    pub selection: Selection,
    /// How many questions.
    pub count: usize,
    /// Seed of the draw and of the order of choices.
    pub seed: u64,
    /// Time for the whole quiz.
    pub total: Option<SignedDuration>,
    /// Time for each question.
    pub per_question: Option<SignedDuration>,
    /// Wrong choice answers cost points.
    pub negative: bool,
}

/// How a quiz question ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuizVerdict {
    /// Judged right.
    Right,
    /// Partly right.
    Partial,
    /// Wrong.
    Wrong,
    /// Answered after its deadline, or not answered when time ran out.
    Timeout,
    /// Never answered.
    Skipped,
}

impl QuizVerdict {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            QuizVerdict::Right => "right",
            QuizVerdict::Partial => "partial",
            QuizVerdict::Wrong => "wrong",
            QuizVerdict::Timeout => "timeout",
            QuizVerdict::Skipped => "skipped",
        }
    }
}

/// One question of a quiz and, once answered, how it went.
#[derive(Debug, Clone)]
pub struct Question {
    /// `deck-id/card-id`.
    pub key: String,
    /// The card as asked (a flashcard may have been turned into a choice question).
    pub card: Card,
    /// Choices and items in the order shown.
    pub presentation: Presentation,
    /// What the learner typed.
    pub given: Option<String>,
    /// How it ended.
    pub verdict: QuizVerdict,
    /// The judge's reason.
    pub reason: String,
    /// The author's feedback on the answer given (deck text: escape it before printing).
    pub feedback: Option<String>,
    /// Points earned (negative with negative marking or an author's penalty).
    pub score: f64,
    /// Time taken.
    pub ms: u64,
    /// The tags of the card and its deck.
    pub tags: Vec<String>,
}

/// A quiz in progress.
#[derive(Debug)]
pub struct Quiz {
    /// The questions, in the order asked.
    pub questions: Vec<Question>,
    /// Cards left out, and why.
    pub notes: Vec<String>,
    options: QuizOptions,
    /// Indexes of questions still to ask (skipped ones go to the back).
    pending: Vec<usize>,
    used_ms: u64,
}

/// Turns a flashcard into a choice question with distractors from the same deck's backs, each
/// distinct from the answer and from each other once normalised (no `b) large` / `c) large`).
fn as_choice(card: &Card, others: &[&str], rng: &mut Pcg64) -> Option<Card> {
    let Answer::Flashcard { back } = &card.answer else {
        return None;
    };
    let mut keys = vec![normalize::key(back)];
    let mut pool: Vec<&str> = Vec::new();
    for o in others {
        let k = normalize::key(o);
        if !k.is_empty() && !keys.contains(&k) {
            keys.push(k);
            pool.push(o);
        }
    }
    if pool.len() < 2 {
        return None;
    }
    let mut choices: Vec<String> = pool.sample(rng, 3).map(|s| s.to_string()).collect();
    choices.push(back.clone());
    choices.shuffle(rng);
    let correct = choices.iter().position(|c| c == back)?;
    let mut c = card.clone();
    c.kind = Kind::Choice;
    c.answer = Answer::Choice {
        choices,
        correct: vec![correct],
    };
    Some(c)
}

impl Quiz {
    /// Draws the questions.
    pub fn new(lib: &Library, options: QuizOptions) -> Quiz {
        let mut rng = Pcg64::seed_from_u64(options.seed);
        let mut pool = Vec::new();
        let mut notes = Vec::new();
        let mut wants_kind = options.selection.clone();
        // Flashcards may become choice questions, so a `--kinds choice` filter keeps them for now.
        if wants_kind.kinds.contains(&Kind::Choice) && !wants_kind.kinds.contains(&Kind::Flashcard) {
            wants_kind.kinds.push(Kind::Flashcard);
        }
        for deck in &lib.decks {
            let backs: Vec<&str> = deck
                .cards
                .iter()
                .filter_map(|c| match &c.answer {
                    Answer::Flashcard { back } => Some(back.as_str()),
                    _ => None,
                })
                .collect();
            for card in deck.cards.iter().filter(|c| wants_kind.matches(deck, c)) {
                let card = if card.kind == Kind::Flashcard {
                    match as_choice(card, &backs, &mut rng) {
                        Some(c) => c,
                        None => {
                            notes.push(format!(
                                "{}/{}: a flashcard with too few others in its deck to make choices; left out",
                                deck.id, card.id
                            ));
                            continue;
                        }
                    }
                } else {
                    card.clone()
                };
                let tags = card.all_tags(deck).map(str::to_string).collect();
                pool.push((format!("{}/{}", deck.id, card.id), card, tags));
            }
        }
        pool.shuffle(&mut rng);
        // One card per note (and one gap per cloze): siblings would give each other away.
        let mut seen_notes = std::collections::HashSet::new();
        pool.retain(|(key, card, _)| {
            let deck = key.split('/').next().unwrap_or("");
            seen_notes.insert(format!("{deck}/{}", card.sibling_key()))
        });
        pool.truncate(options.count);
        let questions: Vec<Question> = pool
            .into_iter()
            .enumerate()
            .map(|(index, (key, card, tags))| Question {
                // Each question is one showing, numbered by its place in the quiz: the draw and
                // the order of its options replay from the seed alone.
                presentation: answer::present(&card, &key, options.seed, index as u64),
                key,
                card,
                given: None,
                verdict: QuizVerdict::Skipped,
                reason: String::new(),
                feedback: None,
                score: 0.0,
                ms: 0,
                tags,
            })
            .collect();
        let pending = (0..questions.len()).collect();
        Quiz {
            questions,
            notes,
            options,
            pending,
            used_ms: 0,
        }
    }

    /// The options the quiz runs with.
    pub fn options(&self) -> &QuizOptions {
        &self.options
    }

    /// Index of the next question to ask, if any is left.
    pub fn next(&self) -> Option<usize> {
        if self.time_left().is_some_and(|t| t <= SignedDuration::ZERO) {
            return None;
        }
        self.pending.first().copied()
    }

    /// Number of questions not yet answered.
    pub fn remaining(&self) -> usize {
        self.pending.len()
    }

    /// Time left for the whole quiz, if it has a limit.
    pub fn time_left(&self) -> Option<SignedDuration> {
        let total = self.options.total?;
        Some(total - SignedDuration::from_millis(self.used_ms as i64))
    }

    /// The deadline for one question that starts now: the earlier of both limits.
    pub fn question_budget(&self) -> Option<SignedDuration> {
        match (self.options.per_question, self.time_left()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Records an answer to question `i` that took `ms`. Input that names no option of the
    /// question (and arrived in time) is not recorded: `Err` says why, and the front end asks
    /// again with the clock still running.
    pub fn answer(&mut self, i: usize, given: &str, ms: u64) -> Result<(), Unreadable> {
        let late = self
            .question_budget()
            .is_some_and(|b| SignedDuration::from_millis(ms as i64) > b);
        let Some(q) = self.questions.get(i) else {
            return Ok(());
        };
        let judged = answer::assess(&q.card, &q.presentation, given);
        if let (Err(u), false) = (&judged, late) {
            return Err(u.clone());
        }
        self.settle(i, given, ms, if late { None } else { judged.ok() });
        Ok(())
    }

    /// Closes question `i` when its time ran out with `typed` on the line (what the learner had
    /// typed by the deadline): judged as given when it reads as an answer, else timed out.
    pub fn answer_at_deadline(&mut self, i: usize, typed: &str, ms: u64) {
        let judged = self
            .questions
            .get(i)
            .filter(|_| !typed.trim().is_empty())
            .and_then(|q| answer::assess(&q.card, &q.presentation, typed).ok());
        match judged {
            Some(v) => self.settle(i, typed, ms, Some(v)),
            None => self.time_out(i, ms),
        }
    }

    /// Records question `i` as answered with `given` after `ms`: judged by `verdict`, or timed
    /// out when there is none (the answer came late).
    fn settle(&mut self, i: usize, given: &str, ms: u64, verdict: Option<answer::Verdict>) {
        self.used_ms += ms;
        self.pending.retain(|&p| p != i);
        let Some(q) = self.questions.get_mut(i) else {
            return;
        };
        q.ms = ms;
        q.given = Some(given.to_string());
        let Some(v) = verdict else {
            q.verdict = QuizVerdict::Timeout;
            q.reason = "time's up".to_string();
            q.score = 0.0;
            return;
        };
        q.reason = v.reason.clone();
        q.feedback = v.feedback.clone();
        q.verdict = match v.outcome {
            Outcome::Right => QuizVerdict::Right,
            Outcome::Partial => QuizVerdict::Partial,
            Outcome::Wrong => QuizVerdict::Wrong,
        };
        q.score = v.score;
        // A penalty the author set (a negative `credit`) stands; `--negative` adds none on top.
        if self.options.negative
            && v.outcome == Outcome::Wrong
            && v.score == 0.0
            && let Answer::Choice { choices, .. } = &q.card.answer
        {
            q.score = -1.0 / (choices.len().saturating_sub(1).max(1) as f64);
        }
    }

    /// Moves question `i` to the back (`:skip`), after `ms` spent on it.
    pub fn skip(&mut self, i: usize, ms: u64) {
        self.used_ms += ms;
        self.questions[i].ms += ms;
        if let Some(pos) = self.pending.iter().position(|&p| p == i) {
            self.pending.remove(pos);
            self.pending.push(i);
        }
    }

    /// Closes question `i` because the time ran out while it was open.
    pub fn time_out(&mut self, i: usize, ms: u64) {
        self.used_ms += ms;
        self.pending.retain(|&p| p != i);
        if let Some(q) = self.questions.get_mut(i) {
            q.ms += ms;
            q.verdict = QuizVerdict::Timeout;
            q.reason = "time's up".to_string();
            q.score = 0.0;
        }
    }

    /// Events for the progress log for question `i` (none when it was never answered).
    pub fn event(
        &self,
        i: usize,
        progress: &Progress,
        reschedule: bool,
        now: Timestamp,
        ids: &mut IdGen,
    ) -> Option<Event> {
        let q = self.questions.get(i)?;
        if q.verdict == QuizVerdict::Skipped {
            return None;
        }
        let rating = match q.verdict {
            QuizVerdict::Right => Rating::Good,
            QuizVerdict::Partial => super::rating_for_score(q.score),
            _ => Rating::Again,
        };
        // New cards stay new: a quiz is not where a card is first learned.
        let reschedule = reschedule && !progress.is_new(&q.key);
        Some(Event {
            id: ids.next(),
            time: now,
            body: EventBody::Review(Review {
                card: q.key.clone(),
                rating: rating as u8,
                answer: q.given.clone(),
                verdict: Some(q.verdict.name().to_string()),
                score: Some(q.score),
                ms: q.ms,
                mode: Mode::Quiz,
                reschedule,
                origin: None,
            }),
        })
    }

    /// The report of the quiz as it stands.
    pub fn report(&self) -> Report {
        let total: f64 = self.questions.iter().map(|q| q.score).sum();
        let max = self.questions.len() as f64;
        let mut by_tag: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        for q in &self.questions {
            for t in &q.tags {
                let e = by_tag.entry(t.as_str()).or_default();
                e.0 += q.score.max(0.0);
                e.1 += 1;
            }
        }
        let mut weakest: Vec<TagScore> = by_tag
            .into_iter()
            .map(|(tag, (s, n))| TagScore {
                tag: tag.to_string(),
                percent: round1(100.0 * s / n as f64),
                questions: n,
            })
            .filter(|t| t.percent < 100.0)
            .collect();
        weakest.sort_by(|a, b| {
            a.percent
                .total_cmp(&b.percent)
                .then_with(|| b.questions.cmp(&a.questions))
        });
        weakest.truncate(3);
        Report {
            questions: self
                .questions
                .iter()
                .map(|q| ReportItem {
                    deck: q.key.split('/').next().unwrap_or("").to_string(),
                    card: q.card.id.clone(),
                    prompt: q.card.prompt.clone(),
                    shown: q.presentation.lines.clone(),
                    given: q.given.clone(),
                    verdict: q.verdict,
                    score: round3(q.score),
                    right_answer: q.presentation.canonical(&q.card),
                    reason: q.reason.clone(),
                    feedback: q.feedback.clone(),
                    ms: q.ms,
                })
                .collect(),
            total: round3(total),
            max,
            percent: if max > 0.0 {
                round1(100.0 * total / max)
            } else {
                0.0
            },
            ms: self.used_ms,
            weakest_tags: weakest,
        }
    }

    /// The one-line summary recorded in the progress log.
    pub fn summary(&self) -> QuizSummary {
        let r = self.report();
        let mut decks: Vec<String> = r.questions.iter().map(|q| q.deck.clone()).collect();
        decks.sort();
        decks.dedup();
        QuizSummary {
            decks,
            questions: self.questions.len() as u32,
            answered: self.questions.iter().filter(|q| q.given.is_some()).count() as u32,
            score: r.total,
            max_score: r.max,
            ms: self.used_ms,
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A quiz report, printed as text or as one JSON document.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Each question in the order asked.
    pub questions: Vec<ReportItem>,
    /// Points earned.
    pub total: f64,
    /// Points possible.
    pub max: f64,
    /// `total / max` in percent.
    pub percent: f64,
    /// Time used.
    pub ms: u64,
    /// Tags with the lowest scores (at most three, below 100%).
    pub weakest_tags: Vec<TagScore>,
}

/// One question in a report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportItem {
    /// Deck id.
    pub deck: String,
    /// Card id.
    pub card: String,
    /// The question.
    pub prompt: String,
    /// The options as shown, in the shown order with their labels (`a) Tashkent`); empty for
    /// cards without options. Letters in `given` refer to these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<String>,
    /// The answer given.
    pub given: Option<String>,
    /// How it ended.
    pub verdict: QuizVerdict,
    /// Points earned.
    pub score: f64,
    /// The right answer.
    pub right_answer: String,
    /// Why the judge decided so.
    pub reason: String,
    /// The author's feedback on the answer given (deck text: escape it before printing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// Time taken.
    pub ms: u64,
}

/// The score of one tag.
#[derive(Debug, Clone, Serialize)]
pub struct TagScore {
    /// The tag.
    pub tag: String,
    /// Average score in percent.
    pub percent: f64,
    /// Questions with the tag.
    pub questions: usize,
}
