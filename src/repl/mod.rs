//! The terminal front end of the study loop and the quiz: prompts, in-loop commands, colours.
//! All logic lives in `deckard::session`; this module only shows and reads.

pub mod input;
pub mod quiz;
pub mod study;

use anstyle::{AnsiColor, Style};
use deckard::answer::{Outcome, Presentation};
use deckard::deck::{Card, Deck, Kind};
use deckard::sanitize::{escape, escape_multiline};

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
    anstream::println!("{}", paint(Theme::BOLD, &escape_multiline(&card.prompt)));
    for line in &p.lines {
        anstream::println!("  {}", escape(line));
    }
    let how = match card.kind {
        Kind::TrueFalse => Some("true or false".to_string()),
        Kind::Choice => Some(match &card.answer {
            deckard::deck::Answer::Choice { correct, .. } if correct.len() > 1 => {
                "several are right: answer with letters, e.g. a, c".to_string()
            }
            _ => "answer with a letter or the text".to_string(),
        }),
        Kind::List => p
            .expected_items
            .map(|n| format!("{n} items, separated by commas")),
        Kind::Order => Some("answer with the numbers in order, e.g. 3 1 2".to_string()),
        Kind::Match => Some("answer as 1b 2a …".to_string()),
        _ => None,
    };
    if let Some(h) = how {
        anstream::println!("{}", paint(Theme::DIM, &format!("({h})")));
    }
}

/// The source line of a card: the document's title and the date it reflects.
pub fn source_line(deck: &Deck, card: &Card) -> Option<String> {
    let s = deck.source_of(card)?;
    let mut line = format!("source: {}", s.title);
    if let Some(p) = &s.publisher {
        line.push_str(&format!(", {p}"));
    }
    if let Some(d) = &s.as_of {
        line.push_str(&format!(" (as of {d})"));
    }
    Some(escape(&line).into_owned())
}

/// Where the card is defined, for `:edit`.
pub fn edit_line(deck: &Deck, card: &Card) -> String {
    format!("{}:{}", deck.origin.display_name(), card.pos.line)
}
