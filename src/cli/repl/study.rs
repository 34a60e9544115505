//! The study loop on the terminal: ask, judge, show, rate, save; until nothing is left or the
//! learner quits. Every answer is appended (and synced) to the log before the next question.

use std::time::Instant;

use crate::cli::out::outln;
use deckard::answer::Outcome;
use deckard::deck::Kind;
use deckard::sanitize::{escape, escape_multiline};
use deckard::schedule::{Rating, format_interval};
use deckard::session::{Answered, Asked, Selection, Study};
use deckard::store::{Event, IdGen, Store, StoreError};
use jiff::Timestamp;

use super::input::{Input, Reader};
use super::{Theme, edit_line, paint, print_question, source_line, verdict_mark};

/// The commands offered at the answer prompt.
pub const COMMANDS: &[&str] = &[
    ":hint", ":skip", ":undo", ":source", ":edit", ":stats", ":help", ":quit",
];

const HELP: &str = "\
commands: :hint  show the card's hint        :skip   bury the card until tomorrow
          :undo  take back the last answer   :source show where the card comes from
          :edit  print file:line of the card :stats  this session so far
          :help  this list                   :quit   end the session (Ctrl-D too)
Ctrl-C clears the current input. After an answer: Enter accepts the suggested rating,
1-4 or again/hard/good/easy choose another.";

/// Everything the loop needs from the command line.
pub struct StudyRun<'a> {
    /// The session.
    pub study: Study<'a>,
    /// The open progress log.
    pub store: Store,
    /// Event ids.
    pub ids: IdGen,
    /// The clock (`--now` pins it).
    pub clock: &'a dyn Fn() -> Timestamp,
    /// Seed for shuffling choices.
    pub seed: u64,
    /// Which cards (for the "due tomorrow" count).
    pub selection: Selection,
    /// The next study day.
    pub tomorrow: deckard::session::Day,
}

enum Step {
    Next,
    Quit,
}

impl StudyRun<'_> {
    fn save(&mut self, event: &Event) -> Result<(), StoreError> {
        self.store.append(event)
    }

    /// Runs the loop until done; prints the summary.
    pub fn run(mut self) -> Result<(), StoreError> {
        let mut reader = Reader::new(COMMANDS, false);
        let started = Instant::now();
        let c = self.study.counts();
        if c.due + c.new + c.learning == 0 {
            outln!("Nothing to study now. {}", self.tomorrow_line());
            return Ok(());
        }
        // Stop asking once nobody can see the questions (a closed pipe, a full disk).
        while !crate::cli::out::failed() {
            let now = (self.clock)();
            let Some(asked) = self.study.next(now, self.seed) else {
                break;
            };
            match self.ask(&asked, &mut reader)? {
                Step::Next => {}
                Step::Quit => break,
            }
        }
        self.summary(started.elapsed().as_millis() as u64);
        Ok(())
    }

    fn header(&self, asked: &Asked<'_>) {
        let c = asked.counts;
        let mut parts = vec![format!("{} due", c.due)];
        if c.learning > 0 {
            parts.push(format!("{} learning", c.learning));
        }
        parts.push(format!("{} new", c.new));
        outln!();
        outln!(
            "{}",
            paint(
                Theme::DIM,
                &format!(
                    "── {} · #{} · {} ──",
                    escape(&asked.deck.title),
                    asked.number,
                    parts.join(" · ")
                )
            )
        );
    }

    fn ask(&mut self, asked: &Asked<'_>, reader: &mut Reader) -> Result<Step, StoreError> {
        self.header(asked);
        print_question(asked.card, &asked.presentation);
        let shown = Instant::now();
        let flashcard = asked.card.kind == Kind::Flashcard;
        let prompt = if flashcard { "(Enter to reveal) > " } else { "> " };
        let (given, judged) = loop {
            match reader.read(prompt) {
                Input::Line(l) if l.trim().starts_with(':') => match self.command(l.trim(), asked)? {
                    Some(step) => return Ok(step),
                    None => continue,
                },
                Input::Line(l) if flashcard => break (l, None),
                // Input naming no option is not an answer: say why and ask again.
                Input::Line(l) => match self.study.judge(asked, &l) {
                    Ok(v) => break (l, Some(v)),
                    Err(u) => outln!("{}", paint(Theme::DIM, &escape(&u.reason))),
                },
                Input::Interrupted | Input::TimedOut => continue,
                Input::Eof => return Ok(Step::Quit),
            }
        };
        let ms = shown.elapsed().as_millis() as u64;
        let now = (self.clock)();
        let (verdict, suggested) = match judged {
            None => {
                outln!("{}", escape_multiline(&asked.card.canonical()));
                (None, Rating::Good)
            }
            Some(v) => {
                let (style, mark) = verdict_mark(v.outcome);
                outln!("{} — {}", paint(style, mark), escape(&v.canonical));
                // A plain "right" adds nothing to the mark; anything else says why.
                if v.outcome != Outcome::Right || v.reason != "right" {
                    outln!("{}", paint(Theme::DIM, &escape(&v.reason)));
                }
                if let Some(f) = &v.feedback {
                    outln!("{}", escape_multiline(f));
                }
                let r = deckard::session::suggested_rating(&v);
                (Some(v), r)
            }
        };
        if let Some(e) = &asked.card.explain {
            outln!("{}", escape_multiline(e));
        }
        if let Some(s) = source_line(asked.deck, asked.card) {
            outln!("{}", paint(Theme::DIM, &s));
        }
        let preview = self.study.preview(&asked.key, now);
        let line: Vec<String> = Rating::ALL
            .iter()
            .zip(preview.iter())
            .map(|(r, o)| {
                let text = format!("{} {} {}", *r as u8, r.name(), format_interval(o.interval));
                if *r == suggested {
                    paint(Theme::BOLD, &format!("[{text}]"))
                } else {
                    text
                }
            })
            .collect();
        outln!("{}", line.join(" · "));
        let rating = loop {
            match reader.read(&format!("rate (Enter = {}) > ", suggested.name())) {
                Input::Line(l) => match parse_rating(&l, suggested) {
                    Some(r) => break r,
                    None if l.trim() == ":quit" => return Ok(Step::Quit),
                    None => outln!(
                        "type 1-4 or again/hard/good/easy, or Enter for {}",
                        suggested.name()
                    ),
                },
                Input::Interrupted | Input::TimedOut => continue,
                Input::Eof => return Ok(Step::Quit),
            }
        };
        let recorded = self.study.record(
            asked,
            Answered {
                rating,
                given: (!flashcard).then_some(given),
                verdict,
                ms,
            },
            now,
            &mut self.ids,
        );
        self.save(&recorded.event)?;
        outln!(
            "{}",
            paint(
                Theme::DIM,
                &format!("next in {}", format_interval(recorded.interval))
            )
        );
        if recorded.became_leech {
            outln!(
                "{}",
                paint(
                    Theme::BAD,
                    "This card is a leech: it keeps slipping. Consider rewriting it (:edit shows where)."
                )
            );
        }
        Ok(Step::Next)
    }

    /// Runs an in-loop command; `Some` ends the current question.
    fn command(&mut self, cmd: &str, asked: &Asked<'_>) -> Result<Option<Step>, StoreError> {
        let now = (self.clock)();
        match cmd {
            ":hint" | ":h" => match &asked.card.hint {
                Some(h) => outln!("hint: {}", escape(h)),
                None => outln!("no hint for this card"),
            },
            ":skip" | ":s" => {
                let e = self.study.skip(asked, now, &mut self.ids);
                self.save(&e)?;
                outln!("skipped until tomorrow");
                return Ok(Some(Step::Next));
            }
            ":undo" | ":u" => match self.study.undo(now, &mut self.ids) {
                Some((e, key)) => {
                    self.save(&e)?;
                    outln!("undone: {} comes back now", escape(&key));
                    return Ok(Some(Step::Next));
                }
                None => outln!("nothing to undo in this session"),
            },
            ":source" => match source_line(asked.deck, asked.card) {
                Some(s) => outln!("{s}"),
                None => outln!("this card names no source"),
            },
            ":edit" | ":e" => outln!("{}", escape(&edit_line(asked.deck, asked.card))),
            ":stats" => self.stats_line(),
            ":help" | ":?" => outln!("{HELP}"),
            ":quit" | ":q" => return Ok(Some(Step::Quit)),
            other => outln!("unknown command {}; :help lists them", escape(other)),
        }
        Ok(None)
    }

    fn stats_line(&self) {
        let t = self.study.tally();
        outln!(
            "this session: {} answered ({} right, {} partly, {} wrong), {} skipped",
            t.answered,
            t.right,
            t.partial,
            t.wrong,
            t.skipped
        );
    }

    fn tomorrow_line(&self) -> String {
        let n = self.study.due_tomorrow(&self.selection, self.tomorrow);
        format!("Due tomorrow: {n}.")
    }

    fn summary(&self, wall_ms: u64) {
        let t = self.study.tally();
        outln!();
        outln!("{}", paint(Theme::BOLD, "Session summary"));
        outln!(
            "reviewed {} card(s): {} right, {} partly right, {} wrong",
            t.answered,
            t.right,
            t.partial,
            t.wrong
        );
        if t.reviews > 0 {
            outln!(
                "retention today: {:.0}% ({} of {} reviews recalled)",
                100.0 * t.recalled as f64 / t.reviews as f64,
                t.recalled,
                t.reviews
            );
        }
        let secs = wall_ms / 1000;
        outln!("time: {}m {:02}s", secs / 60, secs % 60);
        outln!("{}", self.tomorrow_line());
        if let Some(l) = t.leeches.first() {
            outln!("leech: {} has lapsed often; rewrite or split it.", escape(l));
        }
    }
}

/// A rating from what the learner typed at the rating prompt; Enter takes the suggestion.
pub fn parse_rating(s: &str, suggested: Rating) -> Option<Rating> {
    match s.trim().to_lowercase().as_str() {
        "" => Some(suggested),
        "1" | "again" | "a" => Some(Rating::Again),
        "2" | "hard" | "h" => Some(Rating::Hard),
        "3" | "good" | "g" => Some(Rating::Good),
        "4" | "easy" | "e" => Some(Rating::Easy),
        _ => None,
    }
}
