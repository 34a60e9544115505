//! The card search language (`deckard cards QUERY`, `study --query`, `suspend QUERY`, …):
//! parsing with column-accurate errors ([`parse`]) and evaluating a query against a card, its
//! deck and its progress at a given time ([`Env`]). No terminal I/O and no clock: the caller
//! passes `now` and the study day. The language is described in `docs/search.md`.

mod parse;

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use crate::answer::normalize::words;
use crate::deck::{Answer, Card, Deck, Kind, Library};
use crate::progress::{CardProgress, Progress};
use crate::schedule::{CardState, Phase, Scheduler};
use crate::session::Day;

pub use parse::parse;

/// A query that does not parse: where (1-based column, in characters) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based column, in characters, where the problem starts.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl QueryError {
    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "query:1:{}: {}", self.col, self.message)
    }
}

impl std::error::Error for QueryError {}

/// A `*` pattern (any run of characters), compared without regard to ASCII case.
#[derive(Debug, Clone, PartialEq)]
pub struct Glob(Vec<String>);

impl Glob {
    /// The pattern `p`: literal text and `*`.
    pub fn new(p: &str) -> Glob {
        Glob(p.to_lowercase().split('*').map(str::to_string).collect())
    }

    /// True when `s` matches the whole pattern.
    pub fn matches(&self, s: &str) -> bool {
        let s = s.to_lowercase();
        let parts = &self.0;
        let (first, last) = (&parts[0], &parts[parts.len() - 1]);
        if parts.len() == 1 {
            return s == *first;
        }
        if !s.starts_with(first.as_str()) || s.len() < first.len() + last.len() || !s.ends_with(last.as_str())
        {
            return false;
        }
        // Middle parts, leftmost first, between the fixed head and tail.
        let mut rest = &s[first.len()..s.len() - last.len()];
        for mid in &parts[1..parts.len() - 1] {
            match rest.find(mid.as_str()) {
                Some(i) => rest = &rest[i + mid.len()..],
                None => return false,
            }
        }
        true
    }
}

/// A card state for `is:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateIs {
    /// Never studied (or reset).
    New,
    /// In learning or relearning steps.
    Learning,
    /// Graduated to intervals of days.
    Review,
    /// Due by the end of today's study day (learning or review).
    Due,
    /// Suspended.
    Suspended,
    /// Buried now.
    Buried,
    /// Flagged as a leech.
    Leech,
    /// Marked `draft = true` in its deck.
    Draft,
}

impl StateIs {
    fn parse(s: &str) -> Option<StateIs> {
        Some(match s.to_ascii_lowercase().as_str() {
            "new" => StateIs::New,
            "learning" | "learn" => StateIs::Learning,
            "review" => StateIs::Review,
            "due" => StateIs::Due,
            "suspended" => StateIs::Suspended,
            "buried" => StateIs::Buried,
            "leech" => StateIs::Leech,
            "draft" => StateIs::Draft,
            _ => return None,
        })
    }
}

/// A numeric card property for `prop:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prop {
    /// Interval in days.
    Ivl,
    /// Days from the start of today's study day to the due date (0: due today, negative: overdue).
    Due,
    /// Lapses.
    Lapses,
    /// Scheduled answers.
    Reps,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    D,
    /// Retrievability now, 0 to 1.
    R,
}

impl Prop {
    fn parse(s: &str) -> Option<Prop> {
        Some(match s.to_ascii_lowercase().as_str() {
            "ivl" | "interval" => Prop::Ivl,
            "due" => Prop::Due,
            "lapses" => Prop::Lapses,
            "reps" => Prop::Reps,
            "d" | "difficulty" => Prop::D,
            "r" | "retrievability" => Prop::R,
            _ => return None,
        })
    }
}

/// A comparison for `prop:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Cmp {
    fn holds(self, a: f64, b: f64) -> bool {
        // Values are rounded to 1e-9 first, so `prop:r=0.9` is not at the mercy of float noise.
        let (a, b) = ((a * 1e9).round(), (b * 1e9).round());
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// Every card (the empty query).
    All,
    /// Folded words that must appear, in this order, in the prompt or an answer.
    Text(String),
    /// `deck:ID`.
    Deck(Glob),
    /// `tag:T` (the card's or its deck's tags).
    Tag(Glob),
    /// `is:STATE`.
    Is(StateIs),
    /// `kind:K`.
    Kind(Kind),
    /// `prop:NAME OP VALUE`; cards without the property (a new card's difficulty) never match.
    Prop(Prop, Cmp, f64),
    /// `rated:N`: answered since the start of the study day N-1 days before today.
    Rated(u32),
    /// `-X`.
    Not(Box<Query>),
    /// `X Y`.
    And(Vec<Query>),
    /// `X or Y`.
    Or(Vec<Query>),
}

/// What a query is evaluated against besides the card: progress, schedulers and the time.
pub struct Env<'a> {
    /// Every card's progress.
    pub progress: &'a Progress,
    /// The scheduler (its per-deck settings are looked up by deck id), for retrievability.
    pub sched: &'a Scheduler,
    /// The time the query is asked.
    pub now: Timestamp,
    /// Today's study day, for `is:due`, `prop:due` and `rated:`.
    pub day: Day,
}

/// One card as a query sees it, with what is looked up once per card.
struct Subject<'a> {
    deck: &'a Deck,
    card: &'a Card,
    progress: Option<&'a CardProgress>,
    state: CardState,
}

/// Every string that is a card's answer or a choice, for text search.
fn answer_texts(card: &Card) -> Vec<&str> {
    match &card.answer {
        Answer::Flashcard { back } => vec![back],
        Answer::Text(alt) => alt.all().collect(),
        Answer::TrueFalse(_) | Answer::Number { .. } => Vec::new(),
        Answer::Choice { choices, .. } => choices.iter().map(String::as_str).collect(),
        Answer::List { items, .. } => items.iter().flat_map(|i| i.all()).collect(),
        Answer::Order(items) => items.iter().map(String::as_str).collect(),
        Answer::Match(pairs) => pairs.iter().flat_map(|(l, r)| [l.as_str(), r.as_str()]).collect(),
    }
}

/// The searchable text of a card: its prompt and answers, folded to words (lower case, marks
/// removed, punctuation a word break), with a space before and after every word.
fn search_text(card: &Card) -> String {
    let mut out = String::from(" ");
    let canonical = card.canonical();
    let texts = std::iter::once(card.prompt.as_str())
        .chain(answer_texts(card))
        .chain(std::iter::once(canonical.as_str()));
    for t in texts {
        for w in words(t) {
            out.push_str(&w);
            out.push(' ');
        }
        out.push('\u{1}'); // texts are separate: a phrase does not run from one into the next
        out.push(' ');
    }
    out
}

impl Query {
    /// Parses a query; see [`parse`].
    pub fn parse(q: &str) -> Result<Query, QueryError> {
        parse(q)
    }

    /// True when the query needs the card's text (so callers can skip folding it).
    fn needs_text(&self) -> bool {
        match self {
            Query::Text(_) => true,
            Query::Not(q) => q.needs_text(),
            Query::And(qs) | Query::Or(qs) => qs.iter().any(Query::needs_text),
            _ => false,
        }
    }

    /// True when the card (`deck` holds it) matches at `env`.
    pub fn matches(&self, env: &Env<'_>, deck: &Deck, card: &Card) -> bool {
        let key = format!("{}/{}", deck.id, card.id);
        let progress = env.progress.get(&key);
        let subject = Subject {
            deck,
            card,
            progress,
            state: progress.map(|p| p.state.clone()).unwrap_or_default(),
        };
        let text = self.needs_text().then(|| search_text(card));
        self.eval(env, &subject, text.as_deref())
    }

    /// The cards of `lib` that match, in library order.
    pub fn select<'l>(&self, env: &Env<'_>, lib: &'l Library) -> Vec<(&'l Deck, &'l Card)> {
        lib.decks
            .iter()
            .flat_map(|d| d.cards.iter().map(move |c| (d, c)))
            .filter(|(d, c)| self.matches(env, d, c))
            .collect()
    }

    fn eval(&self, env: &Env<'_>, s: &Subject<'_>, text: Option<&str>) -> bool {
        let st = &s.state;
        match self {
            Query::All => true,
            Query::Text(t) => text.is_some_and(|h| contains_words(h, t)),
            Query::Deck(g) => g.matches(&s.deck.id),
            Query::Tag(g) => s.card.all_tags(s.deck).any(|t| g.matches(t)),
            Query::Kind(k) => s.card.kind == *k,
            Query::Is(is) => match is {
                StateIs::New => st.phase == Phase::New,
                StateIs::Learning => matches!(st.phase, Phase::Learning | Phase::Relearning),
                StateIs::Review => st.phase == Phase::Review,
                StateIs::Due => st.phase != Phase::New && st.due.is_some_and(|d| d < env.day.end),
                StateIs::Suspended => s.progress.is_some_and(|p| p.suspended),
                StateIs::Buried => s
                    .progress
                    .and_then(|p| p.buried_until)
                    .is_some_and(|u| u > env.now),
                StateIs::Leech => st.leech,
                StateIs::Draft => s.card.draft,
            },
            Query::Prop(p, cmp, v) => prop_value(env, s, *p).is_some_and(|x| cmp.holds(x, *v)),
            Query::Rated(n) => {
                let back = SignedDuration::from_hours(24 * i64::from(n.saturating_sub(1)));
                let from = env.day.start.checked_sub(back).unwrap_or(Timestamp::MIN);
                s.progress
                    .is_some_and(|p| p.history.iter().any(|h| h.time >= from && h.time <= env.now))
            }
            Query::Not(q) => !q.eval(env, s, text),
            Query::And(qs) => qs.iter().all(|q| q.eval(env, s, text)),
            Query::Or(qs) => qs.iter().any(|q| q.eval(env, s, text)),
        }
    }
}

/// True when the folded words `needle` appear in `hay` starting at a word start (Anki's
/// search matches inside words too: `pari` finds `Paris`).
fn contains_words(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        if hay[..at].ends_with(' ') {
            return true;
        }
        from = at + needle.len().max(1);
        if from >= hay.len() {
            break;
        }
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// The value of a property, or `None` when the card has none (a new card's difficulty).
fn prop_value(env: &Env<'_>, s: &Subject<'_>, p: Prop) -> Option<f64> {
    let st = &s.state;
    let studied = st.phase != Phase::New;
    match p {
        Prop::Ivl => studied.then_some(f64::from(st.interval_days)),
        Prop::Lapses => Some(f64::from(st.lapses)),
        Prop::Reps => Some(f64::from(st.reps)),
        Prop::D => st.memory().map(|m| m.difficulty),
        Prop::R => env.sched.for_deck(&s.deck.id).retrievability(st, env.now),
        Prop::Due => {
            let due = st.due.filter(|_| studied)?;
            let secs = due.duration_since(env.day.start).as_secs();
            Some(secs.div_euclid(86_400) as f64)
        }
    }
}

#[cfg(test)]
mod tests;
