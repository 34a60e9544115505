//! The statistics document: every figure `deckard stats` shows, as one serializable value.
//! The terminal, `--json` and `--html` all render from it; `docs/stats-json.md` documents it.

use serde::Serialize;

/// The version of the JSON document; raised when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything `deckard stats` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The time the figures are for (RFC 3339).
    pub now: String,
    /// Today's study day (its local date).
    pub today_date: String,
    /// The local hour at which study days start.
    pub day_starts_at: u8,
    /// The time zone days are counted in.
    pub time_zone: String,
    /// The decks and tags the figures cover (empty: all).
    pub filter: Filter,
    /// The period of history covered: this many study days, ending today.
    pub days: u32,
    /// The retention the scheduler aims for.
    pub desired_retention: f64,
    /// Today's study.
    pub today: Today,
    /// Answers per day over the period, and streaks.
    pub calendar: Calendar,
    /// Reviews due per day ahead.
    pub forecast: Forecast,
    /// True retention over the period and per week.
    pub retention: Retention,
    /// How many cards are in each state now.
    pub cards: CardStates,
    /// Stability of the studied cards, in days.
    pub stability: Histogram,
    /// Difficulty of the studied cards (1 to 10).
    pub difficulty: Histogram,
    /// Probability of recall of the studied cards now.
    pub retrievability: Histogram,
    /// One row per deck.
    pub decks: Vec<GroupRow>,
    /// One row per tag (a deck's tags count for each of its cards).
    pub tags: Vec<GroupRow>,
    /// Tags with the lowest true retention (at least [`WEAK_MIN_REVIEWS`] reviews).
    pub weakest_tags: Vec<WeakTag>,
    /// Quiz scores per deck and day.
    pub quizzes: Vec<DeckQuizzes>,
}

/// Fewest reviews in the period for a tag to be ranked among the weakest.
pub const WEAK_MIN_REVIEWS: u32 = 5;

/// Most tags listed as the weakest.
pub const WEAK_MAX: usize = 5;

/// The selection the figures cover.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Filter {
    /// Deck ids (empty: all decks).
    pub decks: Vec<String>,
    /// Tags (empty: all cards).
    pub tags: Vec<String>,
}

/// Reviews passed out of reviews counted, and their share.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ratio {
    /// Reviews not rated again.
    pub passed: u32,
    /// Reviews counted.
    pub reviews: u32,
    /// `passed / reviews`, or null when nothing was counted.
    pub rate: Option<f64>,
}

impl Ratio {
    /// Counts one review.
    pub(crate) fn add(&mut self, passed: bool) {
        self.reviews += 1;
        self.passed += u32::from(passed);
    }

    /// Fills in `rate` from the counts.
    pub(crate) fn finish(&mut self) {
        self.rate = (self.reviews > 0).then(|| f64::from(self.passed) / f64::from(self.reviews));
    }

    /// Adds another ratio's counts.
    pub(crate) fn merge(&mut self, other: &Ratio) {
        self.passed += other.passed;
        self.reviews += other.reviews;
    }
}

/// Today's study.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Today {
    /// Different cards answered today (study and quiz).
    pub cards: u32,
    /// Answers given today.
    pub answers: u32,
    /// Time spent answering, in milliseconds.
    pub ms: u64,
    /// Answers rated again.
    pub again: u32,
    /// True retention of today's reviews of young and mature cards.
    pub retention: Ratio,
}

/// Answers per day and streaks.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Calendar {
    /// One entry per day of the period, oldest first, ending today.
    pub days: Vec<CalendarDay>,
    /// Answers in the period.
    pub answers: u32,
    /// Days of the period with at least one answer.
    pub days_studied: u32,
    /// Consecutive days with answers ending today (or yesterday, when today has none yet).
    pub current_streak: u32,
    /// The longest run of consecutive days with answers in the whole log.
    pub longest_streak: u32,
}

/// One day of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarDay {
    /// The local date (YYYY-MM-DD).
    pub date: String,
    /// Answers that day.
    pub answers: u32,
}

/// What falls due ahead.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Forecast {
    /// Cards that were due before today began (the backlog).
    pub overdue: u32,
    /// One entry per day from today, [`FORECAST_DAYS`] days.
    pub days: Vec<ForecastDay>,
}

/// Days ahead in the forecast, today included.
pub const FORECAST_DAYS: usize = 30;

/// One day of the forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastDay {
    /// The local date (YYYY-MM-DD).
    pub date: String,
    /// Cards falling due that day.
    pub due: u32,
}

/// True retention: the share of reviews of cards in the review phase not rated again.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Retention {
    /// The retention the scheduler aims for.
    pub desired: f64,
    /// Reviews of cards whose interval was under [`MATURE_DAYS`] days.
    pub young: Ratio,
    /// Reviews of cards whose interval was [`MATURE_DAYS`] days or more.
    pub mature: Ratio,
    /// Both together.
    pub total: Ratio,
    /// Per week of the period, oldest first; the last week ends today.
    pub weeks: Vec<Week>,
}

/// An interval of this many days or more makes a card mature (as Anki).
pub const MATURE_DAYS: i64 = 21;

/// True retention in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// Its first day.
    pub start: String,
    /// Its last day.
    pub end: String,
    /// Reviews of young cards.
    pub young: Ratio,
    /// Reviews of mature cards.
    pub mature: Ratio,
    /// Both.
    pub total: Ratio,
}

/// How many cards are in each state (of the cards in the decks in use and the filter).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CardStates {
    /// All cards.
    pub total: u32,
    /// Never studied.
    pub new: u32,
    /// In learning or relearning steps.
    pub learning: u32,
    /// In review with an interval under 21 days.
    pub young: u32,
    /// In review with an interval of 21 days or more.
    pub mature: u32,
    /// Suspended: always 0 until the log can record a suspension.
    pub suspended: u32,
    /// Buried until later than now.
    pub buried: u32,
    /// Leeches (also counted in their state above).
    pub leeches: u32,
}

/// A distribution over fixed bins.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Histogram {
    /// The bins, lowest first.
    pub bins: Vec<Bin>,
    /// The mean over the cards counted, or null when none.
    pub mean: Option<f64>,
    /// Cards counted.
    pub count: u32,
}

/// One bin: values in `[from, to)` (the last bin includes `to`; `to` null means no bound).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// A short label, e.g. `1-3d` or `90-100%`.
    pub label: String,
    /// Lower bound, inclusive.
    pub from: f64,
    /// Upper bound, exclusive (null: none).
    pub to: Option<f64>,
    /// Cards in the bin.
    pub count: u32,
}

/// Figures for one deck or tag.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupRow {
    /// The deck id or the tag.
    pub id: String,
    /// The deck's title (decks only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Cards.
    pub cards: u32,
    /// Cards never studied.
    pub new: u32,
    /// Studied cards due before today ends (the backlog included).
    pub due: u32,
    /// True retention over the period.
    pub retention: Ratio,
    /// Answers in the period.
    pub answers: u32,
    /// Mean time per answer in the period, in milliseconds (null: no answers).
    pub ms_per_answer: Option<u64>,
}

/// A tag among the weakest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakTag {
    /// The tag.
    pub tag: String,
    /// Its true retention over the period.
    pub retention: Ratio,
}

/// Quiz results of one deck, per day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeckQuizzes {
    /// The deck id.
    pub deck: String,
    /// Days with quiz answers from this deck, oldest first.
    pub days: Vec<QuizDay>,
}

/// One day's quiz answers of one deck.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizDay {
    /// The local date.
    pub date: String,
    /// Quiz answers that day.
    pub answers: u32,
    /// Points scored (partial credit counts; negative marking can subtract).
    pub score: f64,
    /// Score as a share of the answers (one point each).
    pub rate: f64,
}
