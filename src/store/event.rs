//! Progress events: what one log line holds, its JSON form (both directions), the checks a line
//! must pass to be written or read, and seeded event-id generation.
//!
//! Writing and reading go through one borrowed wire struct ([`Wire`]), so the two cannot drift
//! apart, and reading a large log allocates only the strings an [`Event`] keeps.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

/// Unique id of an event: 64 random bits, written as 16 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct EventId(u64);

impl EventId {
    /// The id with these 64 bits.
    pub const fn from_u64(bits: u64) -> Self {
        EventId(bits)
    }

    /// The id's 64 bits.
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// The id of an event imported from elsewhere (an Anki review), derived from `origin`, a
    /// string that names it there for good (say `anki:<collection id>:<review id>`): importing
    /// it twice, or on two devices, gives one id, so merges keep one copy. Never use it for an
    /// event deckard itself records: those take ids from [`IdGen::fresh`].
    pub fn imported(origin: &str) -> Self {
        EventId(stable_hash(b"deckard/imported\0", origin.as_bytes()))
    }

    /// A new id for a line `merge --renumber` moves off a colliding id: a function of the
    /// line's bytes and `attempt`, so renumbering the same line again gives the same id.
    pub(crate) fn renumbered(line: &[u8], attempt: u32) -> Self {
        let mut salt = b"deckard/renumbered\0".to_vec();
        salt.extend_from_slice(&attempt.to_le_bytes());
        EventId(stable_hash(&salt, line))
    }
}

/// A 64-bit hash fixed for all time (FNV-1a, then the SplitMix64 finalizer so every input
/// bit reaches every output bit): ids derived from it must not change between versions.
fn stable_hash(salt: &[u8], bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in salt.iter().chain(bytes) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Why a string is not an event id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an event id is 16 lowercase hex digits")]
pub struct ParseEventIdError;

impl FromStr for EventId {
    type Err = ParseEventIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // One spelling per id (no sign, no upper case), so byte-equal lines and equal ids agree.
        if s.len() != 16 {
            return Err(ParseEventIdError);
        }
        // A table and one validity check at the end: this runs a million times per open.
        let mut bits = 0u64;
        let mut bad = 0u8;
        for b in s.bytes() {
            let digit = HEX[usize::from(b)];
            bad |= digit;
            bits = bits << 4 | u64::from(digit & 0x0f);
        }
        match bad & 0xf0 {
            0 => Ok(EventId(bits)),
            _ => Err(ParseEventIdError),
        }
    }
}

/// Value of each lowercase hex digit; 0xff for every other byte.
const HEX: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 16 {
        t[b"0123456789abcdef"[i] as usize] = i as u8;
        i += 1;
    }
    t
};

impl Serialize for EventId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<'de, str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Generator of event ids (PCG-64 MCG, stable across `rand` versions).
///
/// Ids must be unique across every device a learner has, so a log being written takes its
/// generator from [`IdGen::fresh`], fed by the OS's randomness and the clock; `--seed` fixes
/// the draw of cards, never ids (two devices running `quiz --seed 42` must not collide).
#[derive(Clone, Debug)]
pub struct IdGen(Pcg64Mcg);

impl IdGen {
    /// A generator whose ids are fixed by `seed`: for tests and benchmarks only.
    pub fn new(seed: u64) -> Self {
        IdGen(Pcg64Mcg::seed_from_u64(seed))
    }

    /// A generator for ids that go into a log: `random` must be drawn from the OS and `nanos`
    /// read from the clock by the caller (the library has neither), never derived from a
    /// user's seed. 128 bits of state: two generators share ids only if both parts agree.
    pub fn fresh(random: u64, nanos: u128) -> Self {
        let state = (u128::from(random) << 64) ^ nanos;
        IdGen(Pcg64Mcg::from_seed(state.to_le_bytes()))
    }

    /// The next id.
    #[allow(clippy::should_implement_trait)] // infallible: an Iterator's Option would only add noise
    pub fn next(&mut self) -> EventId {
        EventId(self.0.next_u64())
    }
}

/// One entry of the progress log.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Unique id, so merges can tell events apart.
    pub id: EventId,
    /// When it happened (the caller's clock or `--now`).
    pub time: Timestamp,
    /// What happened.
    pub body: EventBody,
}

/// What an event records.
#[derive(Clone, Debug, PartialEq)]
pub enum EventBody {
    /// A card was answered.
    Review(Review),
    /// An earlier event is withdrawn.
    Undo {
        /// The id of the withdrawn event.
        target: EventId,
    },
    /// A card is kept out of sessions until a time.
    Bury {
        /// The card key, `deck-id/card-id`.
        card: String,
        /// When it may come back.
        until: Timestamp,
    },
    /// A quiz ended; its answers are separate `Review` events.
    Quiz(QuizSummary),
    /// A card is kept out of every session until a later `Unsuspend` (format version 2).
    Suspend {
        /// The card key, `deck-id/card-id`.
        card: String,
    },
    /// A suspended card comes back (format version 2).
    Unsuspend {
        /// The card key, `deck-id/card-id`.
        card: String,
    },
    /// A card is forgotten: new again from this point, its earlier answers kept as history
    /// (format version 2).
    Reset {
        /// The card key, `deck-id/card-id`.
        card: String,
    },
    /// A card is made due at a time, its memory kept (format version 2).
    Reschedule {
        /// The card key, `deck-id/card-id`.
        card: String,
        /// When it is due.
        due: Timestamp,
    },
}

impl EventBody {
    /// The lowest log format version whose readers understand this event: an older reader
    /// would skip it and compute wrong card states, so a log holding one must say so.
    pub fn min_version(&self) -> u32 {
        match self {
            EventBody::Review(_) | EventBody::Undo { .. } | EventBody::Bury { .. } | EventBody::Quiz(_) => 1,
            EventBody::Suspend { .. }
            | EventBody::Unsuspend { .. }
            | EventBody::Reset { .. }
            | EventBody::Reschedule { .. } => 2,
        }
    }

    /// The card the event is about, if it is about one card.
    pub fn card(&self) -> Option<&str> {
        match self {
            EventBody::Review(r) => Some(&r.card),
            EventBody::Bury { card, .. }
            | EventBody::Suspend { card }
            | EventBody::Unsuspend { card }
            | EventBody::Reset { card }
            | EventBody::Reschedule { card, .. } => Some(card),
            EventBody::Undo { .. } | EventBody::Quiz(_) => None,
        }
    }
}

/// Constructors of the card-management events, for the `suspend`/`reset`/`reschedule`
/// commands and for importers that carry another tool's card states over (the Anki importer).
impl Event {
    /// A self-graded study answer to `card`: `rating` (1–4) after `ms`, nothing typed, the
    /// schedule updated (what a flashcard review writes; tests and simulations build on it).
    pub fn study_answer(id: EventId, time: Timestamp, card: impl Into<String>, rating: u8, ms: u64) -> Event {
        Event {
            id,
            time,
            body: EventBody::Review(Review {
                card: card.into(),
                rating,
                answer: None,
                verdict: None,
                score: None,
                ms,
                mode: Mode::Study,
                reschedule: true,
                origin: None,
            }),
        }
    }

    /// Suspends `card` (a `deck-id/card-id` key) at `time`: no session shows it until it is
    /// unsuspended.
    pub fn suspend(id: EventId, time: Timestamp, card: impl Into<String>) -> Event {
        Event {
            id,
            time,
            body: EventBody::Suspend { card: card.into() },
        }
    }

    /// Lifts a suspension of `card` at `time`.
    pub fn unsuspend(id: EventId, time: Timestamp, card: impl Into<String>) -> Event {
        Event {
            id,
            time,
            body: EventBody::Unsuspend { card: card.into() },
        }
    }

    /// Forgets `card` at `time`: it is new again; its history stays in the log.
    pub fn reset(id: EventId, time: Timestamp, card: impl Into<String>) -> Event {
        Event {
            id,
            time,
            body: EventBody::Reset { card: card.into() },
        }
    }

    /// Makes `card` due at `due` (recorded at `time`), keeping its memory state; a new card
    /// becomes a review card due then.
    pub fn reschedule(id: EventId, time: Timestamp, card: impl Into<String>, due: Timestamp) -> Event {
        Event {
            id,
            time,
            body: EventBody::Reschedule {
                card: card.into(),
                due,
            },
        }
    }
}

/// Where an answer was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// A study session.
    Study,
    /// A timed quiz.
    Quiz,
}

impl Mode {
    /// The spelling in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Study => "study",
            Mode::Quiz => "quiz",
        }
    }
}

/// One answer to one card.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    /// The card key, `deck-id/card-id`.
    pub card: String,
    /// The scheduler rating, 1 (again) to 4 (easy).
    pub rating: u8,
    /// What the learner typed, if the card takes a typed answer.
    pub answer: Option<String>,
    /// The judge's verdict: right, partial, wrong, timeout or skipped.
    pub verdict: Option<String>,
    /// Partial credit in [0, 1], when the judge gives one.
    pub score: Option<f64>,
    /// Response time in milliseconds.
    pub ms: u64,
    /// Study session or quiz.
    pub mode: Mode,
    /// False for a quiz answer that must not touch the schedule.
    pub reschedule: bool,
    /// Where an imported answer came from (`anki:<collection>:revlog:<id>`); `None` for
    /// answers given in deckard.
    pub origin: Option<String>,
}

/// The result of a whole quiz.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizSummary {
    /// The decks the quiz drew from.
    pub decks: Vec<String>,
    /// Questions asked.
    pub questions: u32,
    /// Questions answered before time ran out.
    pub answered: u32,
    /// Points scored.
    pub score: f64,
    /// Points possible.
    pub max_score: f64,
    /// Duration in milliseconds.
    pub ms: u64,
}

/// The JSON shape of one event line; every field but the first three is optional, and which
/// ones a type needs is checked in [`Wire::decode`]. Unknown fields are ignored (newer writers).
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct Wire<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    time: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    card: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rating: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answer: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    verdict: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    mode: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reschedule: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    target: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    until: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    due: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    decks: Option<Vec<Cow<'a, str>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    questions: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answered: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    origin: Option<Cow<'a, str>>,
}

/// A decoded line: a known event, or one of a type this version does not know.
pub(crate) enum Decoded {
    Known(Event),
    Unknown {
        id: EventId,
        time: Timestamp,
        kind: String,
    },
}

impl Decoded {
    pub(crate) fn id_time(&self) -> (EventId, Timestamp) {
        match self {
            Decoded::Known(e) => (e.id, e.time),
            Decoded::Unknown { id, time, .. } => (*id, *time),
        }
    }
}

fn need<T>(v: Option<T>, field: &str, kind: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("a {kind} event needs the field `{field}`"))
}

fn parse_time(s: &str, field: &str) -> Result<Timestamp, String> {
    s.parse()
        .map_err(|e| format!("`{field}` is not an RFC 3339 time: {e}"))
}

fn parse_id(s: &str, field: &str) -> Result<EventId, String> {
    s.parse().map_err(|e| format!("`{field}`: {e}"))
}

impl<'a> Wire<'a> {
    /// Checks the fields and builds the event.
    pub(crate) fn decode(self) -> Result<Decoded, String> {
        let id = parse_id(&self.id, "id")?;
        let time = parse_time(&self.time, "time")?;
        let kind = &*self.kind;
        let body = match kind {
            "review" => EventBody::Review(Review {
                card: need(self.card, "card", kind)?.into_owned(),
                rating: need(self.rating, "rating", kind)?,
                answer: self.answer.map(Cow::into_owned),
                verdict: self.verdict.map(Cow::into_owned),
                score: self.score,
                ms: need(self.ms, "ms", kind)?,
                mode: match &*need(self.mode, "mode", kind)? {
                    "study" => Mode::Study,
                    "quiz" => Mode::Quiz,
                    _ => return Err("`mode` must be \"study\" or \"quiz\"".into()),
                },
                reschedule: self.reschedule.unwrap_or(true),
                origin: self.origin.map(Cow::into_owned),
            }),
            "undo" => EventBody::Undo {
                target: parse_id(&need(self.target, "target", kind)?, "target")?,
            },
            "bury" => EventBody::Bury {
                card: need(self.card, "card", kind)?.into_owned(),
                until: parse_time(&need(self.until, "until", kind)?, "until")?,
            },
            "quiz" => EventBody::Quiz(QuizSummary {
                decks: need(self.decks, "decks", kind)?
                    .into_iter()
                    .map(Cow::into_owned)
                    .collect(),
                questions: need(self.questions, "questions", kind)?,
                answered: need(self.answered, "answered", kind)?,
                score: need(self.score, "score", kind)?,
                max_score: need(self.max_score, "max_score", kind)?,
                ms: need(self.ms, "ms", kind)?,
            }),
            "suspend" => EventBody::Suspend {
                card: need(self.card, "card", kind)?.into_owned(),
            },
            "unsuspend" => EventBody::Unsuspend {
                card: need(self.card, "card", kind)?.into_owned(),
            },
            "reset" => EventBody::Reset {
                card: need(self.card, "card", kind)?.into_owned(),
            },
            "reschedule" => EventBody::Reschedule {
                card: need(self.card, "card", kind)?.into_owned(),
                due: parse_time(&need(self.due, "due", kind)?, "due")?,
            },
            _ => {
                return Ok(Decoded::Unknown {
                    id,
                    time,
                    kind: kind.to_owned(),
                });
            }
        };
        let event = Event { id, time, body };
        event.check()?;
        Ok(Decoded::Known(event))
    }

    /// The wire form of an event, borrowing its strings.
    fn encode(e: &'a Event) -> Self {
        let mut w = Wire {
            id: Cow::Owned(e.id.to_string()),
            time: Cow::Owned(e.time.to_string()),
            ..Wire::default()
        };
        match &e.body {
            EventBody::Review(r) => {
                w.kind = Cow::Borrowed("review");
                w.card = Some(Cow::Borrowed(&r.card));
                w.rating = Some(r.rating);
                w.answer = r.answer.as_deref().map(Cow::Borrowed);
                w.verdict = r.verdict.as_deref().map(Cow::Borrowed);
                w.score = r.score;
                w.ms = Some(r.ms);
                w.mode = Some(Cow::Borrowed(r.mode.as_str()));
                // The common case stays implicit to keep a million-line log small.
                w.reschedule = (!r.reschedule).then_some(false);
                w.origin = r.origin.as_deref().map(Cow::Borrowed);
            }
            EventBody::Undo { target } => {
                w.kind = Cow::Borrowed("undo");
                w.target = Some(Cow::Owned(target.to_string()));
            }
            EventBody::Bury { card, until } => {
                w.kind = Cow::Borrowed("bury");
                w.card = Some(Cow::Borrowed(card));
                w.until = Some(Cow::Owned(until.to_string()));
            }
            EventBody::Quiz(q) => {
                w.kind = Cow::Borrowed("quiz");
                w.decks = Some(q.decks.iter().map(|d| Cow::Borrowed(d.as_str())).collect());
                w.questions = Some(q.questions);
                w.answered = Some(q.answered);
                w.score = Some(q.score);
                w.max_score = Some(q.max_score);
                w.ms = Some(q.ms);
            }
            EventBody::Suspend { card } => {
                w.kind = Cow::Borrowed("suspend");
                w.card = Some(Cow::Borrowed(card));
            }
            EventBody::Unsuspend { card } => {
                w.kind = Cow::Borrowed("unsuspend");
                w.card = Some(Cow::Borrowed(card));
            }
            EventBody::Reset { card } => {
                w.kind = Cow::Borrowed("reset");
                w.card = Some(Cow::Borrowed(card));
            }
            EventBody::Reschedule { card, due } => {
                w.kind = Cow::Borrowed("reschedule");
                w.card = Some(Cow::Borrowed(card));
                w.due = Some(Cow::Owned(due.to_string()));
            }
        }
        w
    }
}

fn check_card(card: &str) -> Result<(), String> {
    match card.split_once('/') {
        Some((deck, id)) if !deck.is_empty() && !id.is_empty() => Ok(()),
        _ => Err("`card` must be a key `deck-id/card-id`".into()),
    }
}

fn check_finite(v: f64, field: &str) -> Result<(), String> {
    // JSON has no NaN or infinity: serde_json would write `null`, which would not read back.
    if v.is_finite() {
        Ok(())
    } else {
        Err(format!("`{field}` must be a finite number"))
    }
}

impl Event {
    /// Checks what the wire types cannot: the same rules apply when writing and reading, so
    /// every line written reads back.
    pub(crate) fn check(&self) -> Result<(), String> {
        match &self.body {
            EventBody::Review(r) => {
                check_card(&r.card)?;
                if !(1..=4).contains(&r.rating) {
                    return Err("`rating` must be 1 to 4".into());
                }
                if let Some(s) = r.score {
                    check_finite(s, "score")?;
                }
            }
            EventBody::Undo { .. } => {}
            EventBody::Bury { card, .. }
            | EventBody::Suspend { card }
            | EventBody::Unsuspend { card }
            | EventBody::Reset { card }
            | EventBody::Reschedule { card, .. } => check_card(card)?,
            EventBody::Quiz(q) => {
                check_finite(q.score, "score")?;
                check_finite(q.max_score, "max_score")?;
            }
        }
        Ok(())
    }

    /// The event as one JSON line, without the newline.
    pub fn to_line(&self) -> String {
        // Serializing plain strings, numbers and options into a String cannot fail.
        serde_json::to_string(&Wire::encode(self)).unwrap_or_default()
    }
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire::encode(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Wire::deserialize(d)?.decode().map_err(serde::de::Error::custom)? {
            Decoded::Known(e) => Ok(e),
            Decoded::Unknown { kind, .. } => {
                Err(serde::de::Error::custom(format!("unknown event type `{kind}`")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn review(id: u64, secs: i64, card: &str) -> Event {
        Event {
            id: EventId(id),
            time: Timestamp::from_second(secs).unwrap(),
            body: EventBody::Review(Review {
                card: card.into(),
                rating: 3,
                answer: Some("a \"quoted\"\nanswer".into()),
                verdict: Some("right".into()),
                score: Some(0.5),
                ms: 1200,
                mode: Mode::Study,
                reschedule: true,
                origin: None,
            }),
        }
    }

    fn roundtrip(e: &Event) -> Event {
        let line = e.to_line();
        assert!(!line.contains('\n'), "{line}");
        serde_json::from_str(&line).unwrap()
    }

    #[test]
    fn every_type_roundtrips() {
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        let mut r = review(1, 1_700_000_000, "d/c");
        assert_eq!(roundtrip(&r), r);
        if let EventBody::Review(x) = &mut r.body {
            x.reschedule = false;
            x.mode = Mode::Quiz;
            x.answer = None;
        }
        assert_eq!(roundtrip(&r), r);
        for body in [
            EventBody::Undo {
                target: EventId(u64::MAX),
            },
            EventBody::Bury {
                card: "d/c.1".into(),
                until: t,
            },
            EventBody::Quiz(QuizSummary {
                decks: vec!["a".into(), "b".into()],
                questions: 10,
                answered: 9,
                score: 7.5,
                max_score: 10.0,
                ms: 60_000,
            }),
            EventBody::Suspend { card: "d/c".into() },
            EventBody::Unsuspend { card: "d/c".into() },
            EventBody::Reset { card: "d/c".into() },
            EventBody::Reschedule {
                card: "d/c".into(),
                due: t,
            },
        ] {
            let e = Event {
                id: EventId(7),
                time: t,
                body,
            };
            assert_eq!(roundtrip(&e), e);
        }
    }

    #[test]
    fn card_events_read_as_documented_and_need_version_2() {
        let t: Timestamp = "2026-03-01T09:00:00Z".parse().unwrap();
        let e = Event::reschedule(EventId(1), t, "d/c", "2026-03-08T04:00:00Z".parse().unwrap());
        assert_eq!(
            e.to_line(),
            r#"{"id":"0000000000000001","time":"2026-03-01T09:00:00Z","type":"reschedule","card":"d/c","due":"2026-03-08T04:00:00Z"}"#
        );
        assert_eq!(e.body.min_version(), 2);
        assert_eq!(Event::suspend(EventId(1), t, "d/c").body.min_version(), 2);
        assert_eq!(review(1, 0, "d/c").body.min_version(), 1);
        let missing =
            r#"{"id":"0000000000000001","time":"2026-03-01T09:00:00Z","type":"reschedule","card":"d/c"}"#;
        assert!(serde_json::from_str::<Event>(missing).is_err());
        assert!(Event::reset(EventId(1), t, "nodeck").check().is_err());
    }

    #[test]
    fn review_line_is_compact_and_readable() {
        let line = review(0xab, 0, "d/c").to_line();
        assert_eq!(
            line,
            r#"{"id":"00000000000000ab","time":"1970-01-01T00:00:00Z","type":"review","card":"d/c","rating":3,"answer":"a \"quoted\"\nanswer","verdict":"right","score":0.5,"ms":1200,"mode":"study"}"#
        );
    }

    #[test]
    fn bad_events_are_refused_both_ways() {
        let mut e = review(1, 0, "d/c");
        if let EventBody::Review(r) = &mut e.body {
            r.rating = 5;
        }
        assert!(e.check().is_err());
        let mut e = review(1, 0, "nodeck");
        assert!(e.check().is_err());
        if let EventBody::Review(r) = &mut e.body {
            r.card = "d/c".into();
            r.score = Some(f64::NAN);
        }
        assert!(e.check().is_err());
        let line = r#"{"id":"0000000000000001","time":"1970-01-01T00:00:00Z","type":"review","card":"d/c","rating":0,"ms":1,"mode":"study"}"#;
        assert!(serde_json::from_str::<Event>(line).is_err());
    }

    #[test]
    fn ids_are_strict_hex() {
        assert_eq!("00000000000000ff".parse(), Ok(EventId(255)));
        for bad in ["ff", "00000000000000FF", "+000000000000000", "000000000000000g"] {
            assert!(bad.parse::<EventId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn idgen_is_seeded() {
        let a: Vec<_> = (0..3)
            .map({
                let mut g = IdGen::new(9);
                move |_| g.next()
            })
            .collect();
        let mut g = IdGen::new(9);
        assert_eq!(a, vec![g.next(), g.next(), g.next()]);
        assert_ne!(IdGen::new(1).next(), IdGen::new(2).next());
    }

    #[test]
    fn fresh_generators_differ_in_either_part() {
        let first = |r, n| IdGen::fresh(r, n).next();
        assert_ne!(first(42, 1), first(42, 2));
        assert_ne!(first(1, 42), first(2, 42));
    }

    /// Pinned values: an imported event must keep its id in every future version, or a second
    /// import would double it.
    #[test]
    fn imported_ids_are_fixed_by_origin() {
        let a = EventId::imported("anki:1700000000:1");
        assert_eq!(a, EventId::imported("anki:1700000000:1"));
        assert_ne!(a, EventId::imported("anki:1700000000:2"));
        // Computed independently (scripted FNV-1a + SplitMix64 finalizer).
        assert_eq!(a.to_string(), "efb312d09d0ee169");
    }
}
