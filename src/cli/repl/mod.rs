//! The terminal front end of the study loop and the quiz: prompts, in-loop commands, colours.
//! All logic lives in `deckard::session`; this module only shows and reads.

pub mod input;
pub mod quiz;
pub mod study;
mod summary;

use anstyle::{AnsiColor, Style};
use deckard::answer::{Outcome, Presentation};
use deckard::deck::{Answer, Card, Deck, Kind};
use deckard::sanitize::{escape, escape_multiline};

use crate::cli::out::outln;
use crate::cli::term;

/// Styles used on the terminal (anstream drops them without a colour terminal or with NO_COLOR).
pub struct Theme;

impl Theme {
    /// Plain text.
    pub const PLAIN: Style = Style::new();
    /// Headers and counts.
    pub const DIM: Style = Style::new().dimmed();
    /// The question.
    pub const BOLD: Style = Style::new().bold();
    /// Right answers.
    pub const GOOD: Style = AnsiColor::Green.on_default().bold();
    /// Partly right answers.
    pub const PARTIAL: Style = AnsiColor::Yellow.on_default().bold();
    /// Wrong answers.
    pub const BAD: Style = AnsiColor::Red.on_default().bold();
}

/// Wraps text in a style; anstream removes the codes where colour is off.
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The mark and style for a verdict.
pub fn verdict_mark(o: Outcome) -> (Style, &'static str) {
    match o {
        Outcome::Right => (Theme::GOOD, "✓ right"),
        Outcome::Partial => (Theme::PARTIAL, "~ partly right"),
        Outcome::Wrong => (Theme::BAD, "✗ wrong"),
    }
}

/// Prints text wrapped to the terminal (as is into a pipe), in a style.
pub fn say(style: Style, text: &str) {
    for line in term::wrap(text, term::width()) {
        outln!("{}", paint(style, &line));
    }
}

/// Prints a card's question: the prompt, then choices or items as presented, then how to
/// answer (with the unit a number card expects), each wrapped to the terminal.
pub fn print_question(card: &Card, p: &Presentation) {
    say(Theme::BOLD, &escape_multiline(&card.prompt));
    for line in &p.lines {
        say(Style::new(), &format!("  {}", escape(line)));
    }
    // The judge says how it reads answers to this card; a list also says how many items.
    let how = match (card.kind, p.expected_items) {
        (Kind::List, Some(n)) => Some(format!("{n} items; {}", p.how)),
        _ if p.how.is_empty() => None,
        _ => Some(p.how.to_string()),
    };
    let unit = match &card.answer {
        Answer::Number { unit: Some(u), .. } => Some(format!("in {u}")),
        _ => None,
    };
    let how = match (how, unit) {
        (Some(h), Some(u)) => Some(format!("{h}, {u}")),
        (h, u) => h.or(u),
    };
    if let Some(h) = how {
        say(Theme::DIM, &format!("({})", escape(&h)));
    }
}

/// Longest source title shown after an answer, in cells.
const TITLE_CELLS: usize = 32;

/// The source of a card in one short line: the first document's title shortened, and the date
/// it reflects (`deckard show` gives them all in full).
pub fn source_line(deck: &Deck, card: &Card) -> Option<String> {
    let mut all = deck.sources_of(card);
    let s = all.next()?;
    let mut line = format!("source: {}", term::fit(&s.title, TITLE_CELLS));
    if let Some(d) = &s.as_of {
        line.push_str(&format!(" ({d})"));
    }
    let more = all.count();
    if more > 0 {
        line.push_str(&format!(" +{more} more"));
    }
    Some(escape(&line).into_owned())
}

/// The source before the card is answered: who published it and when, without the title,
/// which often names the answer.
pub fn source_before_answer(deck: &Deck, card: &Card) -> Option<String> {
    let s = deck.sources_of(card).next()?;
    let known: Vec<String> = [
        s.publisher.clone(),
        s.as_of.as_ref().map(|d| format!("as of {d}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let line = if known.is_empty() {
        "this card names a source; its title shows after you answer".to_string()
    } else {
        format!("source: {}; its title shows after you answer", known.join(", "))
    };
    Some(escape(&line).into_owned())
}

/// Every source of a card in full (title, publisher, date), for `deckard show`.
pub fn source_full(deck: &Deck, card: &Card) -> Option<String> {
    let parts: Vec<String> = deck
        .sources_of(card)
        .map(|s| {
            let mut part = s.title.clone();
            if let Some(p) = &s.publisher {
                part.push_str(&format!(", {p}"));
            }
            if let Some(d) = &s.as_of {
                part.push_str(&format!(" (as of {d})"));
            }
            part
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    let label = if parts.len() == 1 { "source" } else { "sources" };
    Some(escape(&format!("{label}: {}", parts.join("; "))).into_owned())
}

/// Where the card is defined, for `:edit`.
pub fn edit_line(deck: &Deck, card: &Card) -> String {
    format!("{}:{}", deck.origin.display_name(), card.pos.line)
}
