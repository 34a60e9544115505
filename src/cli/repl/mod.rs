//! The terminal front end of the study loop and the quiz: prompts, in-loop commands, colours.
//! All logic lives in `deckard::session`; this module only shows and reads.

pub mod input;
pub mod quiz;
pub mod study;

use anstyle::{AnsiColor, Style};
use deckard::answer::{Outcome, Presentation};
use deckard::deck::{Card, Deck, Kind};
use deckard::sanitize::{escape, escape_multiline};

use crate::cli::out::outln;

/// Styles used on the terminal (anstream drops them without a colour terminal or with NO_COLOR).
pub struct Theme;

impl Theme {
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

/// Prints a card's question: the prompt, then choices or items as presented.
pub fn print_question(card: &Card, p: &Presentation) {
    outln!("{}", paint(Theme::BOLD, &escape_multiline(&card.prompt)));
    for line in &p.lines {
        outln!("  {}", escape(line));
    }
    // The judge says how it reads answers to this card; a list also says how many items.
    let how = match (card.kind, p.expected_items) {
        (Kind::List, Some(n)) => Some(format!("{n} items; {}", p.how)),
        _ if p.how.is_empty() => None,
        _ => Some(p.how.to_string()),
    };
    if let Some(h) = how {
        outln!("{}", paint(Theme::DIM, &format!("({h})")));
    }
}

/// The source line of a card: each document's title and the date it reflects.
pub fn source_line(deck: &Deck, card: &Card) -> Option<String> {
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
