//! The deck model: what a loaded, validated deck looks like in memory.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Where a deck came from: a file on disk or a deck compiled into the binary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// A deck file on disk.
    File(PathBuf),
    /// A bundled deck, by its path relative to the project's `decks/` folder.
    Bundled(String),
}

impl Origin {
    /// The name used in messages (`file:line:col`).
    pub fn display_name(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Bundled(name) => format!("<bundled>/{name}"),
        }
    }
}

/// A 1-based line and column (in characters) in a deck file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
}

/// A document a deck's cards are drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Short id that cards name in their `source` field.
    pub id: String,
    /// Title of the document.
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// The date the document reflects (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub as_of: Option<String>,
    /// Where to find it.
    pub url: Option<String>,
}

/// One deck: metadata and its cards (cloze cards already expanded, one per gap).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deck {
    /// Stable id; progress is keyed by `deck-id/card-id`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// BCP-47-ish language tag such as `en` or `zh`.
    pub language: Option<String>,
    /// Tags applied to every card of the deck.
    pub tags: Vec<String>,
    /// Documents the cards cite.
    pub sources: Vec<Source>,
    /// The cards, in file order.
    pub cards: Vec<Card>,
    /// Where the deck was loaded from.
    pub origin: Origin,
    /// Position of the `[deck]` table.
    pub pos: Pos,
    /// Study order among decks (`position`): lower first; decks without one come last.
    pub position: Option<i64>,
    /// The ids of the cards whose own answer the judge refuses (`deckard check` rejects them,
    /// so sessions skip them), when the loader ran that check: the start-up cache runs it once,
    /// when it compiles the file, so a warm start does not judge every card again. `None`: not
    /// checked.
    pub refused: Option<Vec<String>>,
}

impl Deck {
    /// The sources a card cites, in the order the card names them.
    pub fn sources_of<'a>(&'a self, card: &'a Card) -> impl Iterator<Item = &'a Source> + 'a {
        card.source_ids()
            .iter()
            .filter_map(|id| self.sources.iter().find(|s| &s.id == id))
    }

    /// Looks a card up by id.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }
}

/// The kinds of card a deck can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// Self-graded front/back card.
    Flashcard,
    /// Typed answer with alternatives (names, dates, phrases).
    Text,
    /// True or false.
    TrueFalse,
    /// Multiple choice, one or several correct.
    Choice,
    /// A number, with an optional tolerance and unit.
    Number,
    /// A list of items, in any order or in order.
    List,
    /// One gap of a cloze text.
    Cloze,
    /// Put items in sequence.
    Order,
    /// Match left items to right items.
    Match,
}

impl Kind {
    /// Every kind, in documentation order.
    pub const ALL: [Kind; 9] = [
        Kind::Flashcard,
        Kind::Text,
        Kind::TrueFalse,
        Kind::Choice,
        Kind::Number,
        Kind::List,
        Kind::Cloze,
        Kind::Order,
        Kind::Match,
    ];

    /// The name used in deck files (`kind = "…"`) and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Flashcard => "flashcard",
            Kind::Text => "text",
            Kind::TrueFalse => "truefalse",
            Kind::Choice => "choice",
            Kind::Number => "number",
            Kind::List => "list",
            Kind::Cloze => "cloze",
            Kind::Order => "order",
            Kind::Match => "match",
        }
    }

    /// Parses a kind name, accepting a few common spellings.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "flashcard" | "flash" | "basic" => Kind::Flashcard,
            "text" | "typed" | "answer" => Kind::Text,
            "truefalse" | "true-false" | "true_false" | "tf" | "bool" => Kind::TrueFalse,
            "choice" | "multiple-choice" | "mc" | "multiple_choice" => Kind::Choice,
            "number" | "numeric" => Kind::Number,
            "list" => Kind::List,
            "cloze" => Kind::Cloze,
            "order" | "sequence" => Kind::Order,
            "match" | "matching" | "pairs" => Kind::Match,
            _ => return None,
        })
    }

    /// True for kinds the learner grades themselves (no typed answer to judge).
    pub fn is_self_graded(self) -> bool {
        self == Kind::Flashcard
    }
}

/// One answer with its accepted alternatives.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Alternatives {
    /// The canonical answer, shown to the learner.
    pub answer: String,
    /// Other answers that are just as right.
    pub accept: Vec<String>,
}

impl Alternatives {
    /// The canonical answer followed by every alternative.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.answer.as_str()).chain(self.accept.iter().map(String::as_str))
    }
}

/// One answer written as a table (`{ text = "Lutetia", credit = 0.5, feedback = "…" }`) in a
/// text card's `accept` or a choice card's `choices`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Graded {
    /// The answer or choice, as written.
    pub text: String,
    /// The score an answer matching it earns, in `-1..=1` (1 right, negative a penalty).
    pub credit: f64,
    /// Shown with the verdict when the answer matches it.
    pub feedback: Option<String>,
}

/// What a card expects, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The back of a flashcard.
    Flashcard {
        /// Text revealed after the learner thinks of the answer.
        back: String,
    },
    /// A typed answer (also used for each cloze gap).
    Text(Alternatives),
    /// True or false.
    TrueFalse(bool),
    /// Multiple choice.
    Choice {
        /// Choices in the order the author wrote them.
        choices: Vec<String>,
        /// Indexes of the correct choices (one or more).
        correct: Vec<usize>,
    },
    /// A number.
    Number {
        /// The exact value.
        value: f64,
        /// Accepted absolute difference.
        tolerance: f64,
        /// Unit shown with the answer, optional in typed answers.
        unit: Option<String>,
    },
    /// A list of items.
    List {
        /// The items with their alternatives.
        items: Vec<Alternatives>,
        /// Whether the order matters.
        ordered: bool,
    },
    /// Items to put in sequence; stored in the correct order.
    Order(Vec<String>),
    /// Pairs to match, left to right.
    Match(Vec<(String, String)>),
}

/// One question the learner is asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// Stable id, unique in the deck. Cloze gaps get `id.N`.
    pub id: String,
    /// The id the author wrote; cards sharing it are siblings (gaps of one cloze).
    pub note_id: String,
    /// The card kind.
    pub kind: Kind,
    /// The question as shown (for cloze: the text with this gap blanked).
    pub prompt: String,
    /// What counts as right.
    pub answer: Answer,
    /// Tags (the deck's tags are not repeated here).
    pub tags: Vec<String>,
    /// Ids of the deck's sources the card draws on (`source` or `sources`); read with
    /// [`Card::source_ids`].
    pub sources: Vec<String>,
    /// The note the card belongs to (`note`): cards of one note are siblings.
    pub note: Option<String>,
    /// The card's key in the tool it was imported from (`origin`), unique in the deck.
    pub origin: Option<String>,
    /// Exact or listed answers only, no typo tolerance (`strict = true`: names, acronyms).
    pub strict: bool,
    /// Credit and feedback of answers written as tables in `accept` (text cards) or `choices`.
    pub graded: Vec<Graded>,
    /// Extra right-side options of a match card that pair with nothing (`distractors`).
    pub distractors: Vec<String>,
    /// Former ids whose history belongs to this card (`renamed_from`).
    pub renamed_from: Vec<String>,
    /// Context shown after the answer.
    pub explain: Option<String>,
    /// A hint the learner can ask for.
    pub hint: Option<String>,
    /// Drafted by a tool and not reviewed yet.
    pub draft: bool,
    /// Position of the card's `[[card]]` header.
    pub pos: Pos,
}

impl Card {
    /// The answer to show after the learner has answered, as one line.
    pub fn canonical(&self) -> String {
        match &self.answer {
            Answer::Flashcard { back } => back.clone(),
            Answer::Text(alt) => alt.answer.clone(),
            Answer::TrueFalse(b) => if *b { "true" } else { "false" }.to_string(),
            Answer::Choice { choices, correct } => correct
                .iter()
                .filter_map(|&i| choices.get(i).map(|c| format!("{}) {}", letter(i), c)))
                .collect::<Vec<_>>()
                .join(", "),
            Answer::Number { value, unit, .. } => match unit {
                Some(u) => format!("{} {}", format_number(*value), u),
                None => format_number(*value),
            },
            Answer::List { items, .. } => items
                .iter()
                .map(|i| i.answer.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            Answer::Order(items) => items.join(" → "),
            Answer::Match(pairs) => pairs
                .iter()
                .map(|(l, r)| format!("{l} → {r}"))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The ids of every source the card draws on (empty when it cites none).
    pub fn source_ids(&self) -> &[String] {
        &self.sources
    }

    /// The key that makes cards siblings within a deck: the `note` when the card has one, else
    /// the id the author wrote (gaps of one cloze). Notes are prefixed so that they never
    /// collide with an id (ids cannot contain `:`).
    pub fn sibling_key(&self) -> std::borrow::Cow<'_, str> {
        match &self.note {
            Some(n) => std::borrow::Cow::Owned(format!("note:{n}")),
            None => std::borrow::Cow::Borrowed(&self.note_id),
        }
    }

    /// The credit and feedback written for the answer or choice `text`, if any.
    pub fn graded_for(&self, text: &str) -> Option<&Graded> {
        self.graded.iter().find(|g| g.text == text)
    }

    /// Tags of the card together with its deck's tags.
    pub fn all_tags<'a>(&'a self, deck: &'a Deck) -> impl Iterator<Item = &'a str> {
        deck.tags.iter().chain(self.tags.iter()).map(String::as_str)
    }
}

/// The letter of a choice index: 0 → `a`.
pub fn letter(i: usize) -> char {
    (b'a' + (i % 26) as u8) as char
}

/// Formats a number without a trailing `.0` and without exponent for ordinary magnitudes.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v}");
        s
    }
}
