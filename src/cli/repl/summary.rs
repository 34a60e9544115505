//! The end of a study session: what was done (cards, not answers; the ones missed and
//! skipped), what is due later today and tomorrow, and why nothing is left when the day's
//! new-card limit is the reason.

use deckard::answer::Outcome;
use deckard::deck::Answer;
use deckard::sanitize::escape;

use super::study::StudyRun;
use super::{Theme, paint, say};
use crate::cli::out::outln;
use crate::cli::term;

/// Cells given to a missed card's prompt in the summary.
const PROMPT_CELLS: usize = 44;

impl StudyRun<'_> {
    /// Prints the session summary.
    pub(super) fn summary(&self, wall_ms: u64) {
        let t = self.study.tally();
        let count = |o: Outcome| t.cards.iter().filter(|(_, x)| *x == o).count();
        outln!();
        outln!("{}", paint(Theme::BOLD, "Session summary"));
        let answers = if t.answered > t.cards.len() {
            format!(" ({} answers)", t.answered)
        } else {
            String::new()
        };
        say(
            Theme::PLAIN,
            &format!(
                "{} card(s): {} right, {} partly right, {} wrong{answers}",
                t.cards.len(),
                count(Outcome::Right),
                count(Outcome::Partial),
                count(Outcome::Wrong),
            ),
        );
        if !t.missed.is_empty() {
            outln!("missed:");
            for key in &t.missed {
                say(anstyle::Style::new(), &format!("  {}", self.card_line(key)));
            }
        }
        if !t.skipped_cards.is_empty() {
            outln!("skipped until tomorrow:");
            for key in &t.skipped_cards {
                say(anstyle::Style::new(), &format!("  {}", self.card_line(key)));
            }
        }
        if t.reviews > 0 {
            say(
                Theme::PLAIN,
                &format!(
                    "retention today: {:.0}% ({} of {} reviews recalled)",
                    100.0 * t.recalled as f64 / t.reviews as f64,
                    t.recalled,
                    t.reviews
                ),
            );
        }
        let secs = wall_ms / 1000;
        outln!("time: {}m {:02}s", secs / 60, secs % 60);
        say(Theme::PLAIN, &self.ahead_line());
        self.limit_note();
        if let Some(l) = t.leeches.first() {
            say(
                Theme::BAD,
                &format!("leech: {} has lapsed often; rewrite or split it.", escape(l)),
            );
        }
    }

    /// A card in a list: its prompt, shortened to one line, and its answer.
    fn card_line(&self, key: &str) -> String {
        let lib_card = self.study.card(key);
        let Some(card) = lib_card else {
            return escape(key).into_owned();
        };
        let prompt = escape(&card.prompt).replace("\\n", " ");
        let width = term::width().map_or(PROMPT_CELLS, |w| w.saturating_sub(6).min(PROMPT_CELLS));
        // Choices are shuffled on screen: the author's letter would mislead, so the text alone.
        let answer = match &card.answer {
            Answer::Choice { choices, correct } => correct
                .iter()
                .filter_map(|&i| choices.get(i).cloned())
                .collect::<Vec<_>>()
                .join(", "),
            _ => card.canonical(),
        };
        format!("{} → {}", term::fit(&prompt, width), escape(&answer))
    }

    /// "Due later today: 3 (next at 09:25) · tomorrow: 6", or the parts that apply.
    pub(super) fn ahead_line(&self) -> String {
        let a = self.study.due_ahead(&self.selection, self.tomorrow);
        let mut parts = Vec::new();
        if a.later_today > 0 {
            let at = a.next_at.map(|t| {
                let local = t.to_zoned(self.tz.clone());
                format!(" (next at {})", local.strftime("%H:%M"))
            });
            parts.push(format!(
                "later today: {}{}",
                a.later_today,
                at.unwrap_or_default()
            ));
        }
        parts.push(format!("tomorrow: {}", a.tomorrow));
        format!("Due {}.", parts.join(" · "))
    }

    /// When new cards wait but today's limit keeps them back: say so, and how to study more.
    pub(super) fn limit_note(&self) {
        let held = self.study.new_held_back();
        if held == 0 || self.study.counts().new > 0 {
            return;
        }
        let more = self.new_per_day + 20;
        say(
            Theme::PLAIN,
            &format!(
                "Today's new-card limit ({}) is reached; {held} new card(s) wait. \
                 `deckard study --new {more}` allows {more} today.",
                self.new_per_day
            ),
        );
    }
}
