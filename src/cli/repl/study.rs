//! The study loop on the terminal: ask, judge, show, rate, save; until nothing is left or the
//! learner quits. Every answer is appended (and synced) to the log before the next question,
//! and a judged answer is saved even when input ends or the learner quits at the rating prompt.

use std::time::Instant;

use crate::cli::out::outln;
use deckard::answer::{self, Outcome};
use deckard::deck::Kind;
use deckard::sanitize::{escape, escape_multiline};
use deckard::schedule::{Rating, format_interval};
use deckard::session::{Answered, Asked, Selection, Study};
use deckard::store::{Event, IdGen, Store, StoreError};
use jiff::Timestamp;

use super::input::{Input, Reader};
use super::{Theme, edit_line, paint, print_question, say, source_before_answer, source_line, verdict_mark};
use crate::cli::term;

/// The commands offered at the answer prompt.
pub const COMMANDS: &[&str] = &[
    ":hint", ":skip", ":undo", ":source", ":edit", ":stats", ":help", ":quit",
];

/// `:help`, laid out to fit a 50-column terminal.
pub const HELP: &str = "\
commands at the answer prompt:
  :hint    show the card's hint
  :skip    bury the card until tomorrow
  :undo    take back the last answer or skip
  :source  where the card comes from
  :edit    open the card in $VISUAL or $EDITOR
  :stats   this session so far
  :help    this list
  :quit    end the session (or Ctrl-D)
Ctrl-C clears the line; on an empty line, a
second Ctrl-C quits.
After an answer: Enter takes the suggested
rating; 1-4 or again/hard/good/easy choose
another; :undo takes the answer back to retype.";

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
    /// The learner's time zone (for "next at 09:25").
    pub tz: jiff::tz::TimeZone,
    /// Today's new-card limit (for "the limit is reached").
    pub new_per_day: usize,
}

enum Step {
    Next,
    Quit,
}

/// What came of the answer prompt.
enum Got {
    /// What was typed, and the verdict (none for a flashcard).
    Answer(String, Option<answer::Verdict>),
    Done(Step),
}

/// What came of the rating prompt.
enum Rated {
    /// Save with this rating and go on.
    Rating(Rating),
    /// Save with this rating, then end the session (`:quit`, Ctrl-D, end of input).
    LastRating(Rating),
    /// `:undo`: the answer is taken back and typed again.
    Retype,
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
            outln!("Nothing to study now.");
            self.limit_note();
            outln!("{}", self.ahead_line());
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
        let tail = format!(" · #{} · {} ──", asked.number, parts.join(" · "));
        let title = escape(&asked.deck.title);
        // On a narrow terminal the deck title gives way, so the header stays one line.
        let title = match term::width() {
            Some(w) => term::fit(&title, w.saturating_sub(term::cells(&tail) + 3).max(8)),
            None => title.into_owned(),
        };
        outln!();
        outln!("{}", paint(Theme::DIM, &format!("── {title}{tail}")));
    }

    fn ask(&mut self, asked: &Asked<'_>, reader: &mut Reader) -> Result<Step, StoreError> {
        self.header(asked);
        print_question(asked.card, &asked.presentation);
        let shown = Instant::now();
        let flashcard = asked.card.kind == Kind::Flashcard;
        loop {
            let (given, judged) = match self.read_answer(asked, reader)? {
                Got::Answer(l, v) => (l, v),
                Got::Done(step) => return Ok(step),
            };
            let ms = shown.elapsed().as_millis() as u64;
            let now = (self.clock)();
            let (verdict, suggested) = self.reveal(asked, &given, judged);
            self.after_answer(asked, suggested, now);
            let (rating, step) = match self.read_rating(suggested, flashcard, reader) {
                Rated::Rating(r) => (r, Step::Next),
                Rated::LastRating(r) => (r, Step::Quit),
                Rated::Retype => {
                    outln!("{}", paint(Theme::DIM, "answer taken back; type it again"));
                    continue;
                }
            };
            let answered = Answered {
                rating,
                given: (!flashcard).then_some(given),
                verdict,
                ms,
            };
            self.save_answer(asked, answered, now)?;
            return Ok(step);
        }
    }

    /// Reads the answer, running in-loop commands. On a terminal an empty answer is asked
    /// about once before it is judged, so a stray Enter never answers the next card.
    fn read_answer(&mut self, asked: &Asked<'_>, reader: &mut Reader) -> Result<Got, StoreError> {
        let flashcard = asked.card.kind == Kind::Flashcard;
        let prompt = if flashcard { "(Enter to reveal) > " } else { "> " };
        let mut empty_seen = false;
        loop {
            match reader.read(prompt) {
                Input::Line(l) if l.trim().starts_with(':') => {
                    if let Some(step) = self.command(l.trim(), asked)? {
                        return Ok(Got::Done(step));
                    }
                }
                Input::Line(l) if l.trim().is_empty() && !flashcard && reader.interactive && !empty_seen => {
                    empty_seen = true;
                    say(
                        Theme::DIM,
                        "nothing typed: Enter again shows the answer (counted as not recalled), or type your answer",
                    );
                }
                Input::Line(l) if flashcard => return Ok(Got::Answer(l, None)),
                // Input naming no option is not an answer: say why and ask again.
                Input::Line(l) => match self.study.judge(asked, &l) {
                    Ok(v) => return Ok(Got::Answer(l, Some(v))),
                    Err(u) => say(Theme::DIM, &escape(&u.reason)),
                },
                Input::Interrupted if reader.second_interrupt() => return Ok(Got::Done(Step::Quit)),
                Input::Interrupted => say(Theme::DIM, "(Ctrl-C again, :quit or Ctrl-D ends the session)"),
                Input::TimedOut => {}
                Input::Eof => return Ok(Got::Done(Step::Quit)),
            }
        }
    }

    /// Judges the answer and shows the verdict (a flashcard's back); returns the verdict and
    /// the suggested rating.
    fn reveal(
        &self,
        asked: &Asked<'_>,
        given: &str,
        judged: Option<answer::Verdict>,
    ) -> (Option<answer::Verdict>, Rating) {
        let Some(v) = judged else {
            say(
                Theme::BOLD,
                &format!("answer: {}", escape_multiline(&asked.card.canonical())),
            );
            return (None, Rating::Good);
        };
        let (style, mark) = verdict_mark(v.outcome);
        say(style, &format!("{mark} — {}", escape(&v.canonical)));
        // A plain "right" adds nothing to the mark; anything else says why.
        if v.outcome != Outcome::Right || v.reason != "right" {
            say(Theme::DIM, &escape(&v.reason));
        }
        if let Some(f) = &v.feedback {
            say(Theme::PLAIN, &escape_multiline(f));
        }
        // The answer as typed, unless the reason already quotes it so.
        if v.outcome != Outcome::Right && !given.trim().is_empty() && !v.reason.contains(given.trim()) {
            say(Theme::DIM, &format!("you typed: “{}”", escape(given.trim())));
        }
        let r = deckard::session::suggested_rating(&v);
        (Some(v), r)
    }

    /// After the verdict: the explanation (marked apart from the answer), the source in one
    /// line, and what each rating would do.
    fn after_answer(&self, asked: &Asked<'_>, suggested: Rating, now: Timestamp) {
        if let Some(e) = &asked.card.explain {
            say(Theme::DIM, &format!("why: {}", escape_multiline(e)));
        }
        if let Some(s) = source_line(asked.deck, asked.card) {
            say(Theme::DIM, &s);
        }
        let preview = self.study.preview(&asked.key, now);
        let parts: Vec<String> = deckard::schedule::Rating::ALL
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
        // Broken between ratings, never inside one ("1.3mo" split over two lines).
        for line in term::join_fitting(&parts, "", term::width()) {
            outln!("{line}");
        }
    }

    /// Reads the rating. On a terminal a flashcard needs a typed rating (a stray Enter must not
    /// rate a card never read); in a pipe Enter takes the suggestion, one line per step.
    fn read_rating(&self, suggested: Rating, flashcard: bool, reader: &mut Reader) -> Rated {
        let explicit = flashcard && reader.interactive;
        let prompt = if explicit {
            "rate 1-4 > ".to_string()
        } else {
            format!("rate (Enter = {}) > ", suggested.name())
        };
        loop {
            match reader.read(&prompt) {
                Input::Line(l) if l.trim().is_empty() && explicit => say(
                    Theme::DIM,
                    "how well did you recall it? 1 again · 2 hard · 3 good · 4 easy",
                ),
                Input::Line(l) => match l.trim() {
                    ":undo" | ":u" => return Rated::Retype,
                    ":quit" | ":q" => return Rated::LastRating(suggested),
                    other => match parse_rating(other, suggested) {
                        Some(r) => return Rated::Rating(r),
                        None => say(
                            Theme::DIM,
                            &format!(
                                "type 1-4 or again/hard/good/easy, Enter for {}, :undo to retype",
                                suggested.name()
                            ),
                        ),
                    },
                },
                Input::Interrupted if reader.second_interrupt() => return Rated::LastRating(suggested),
                Input::Interrupted => say(Theme::DIM, "(Ctrl-C again or :quit saves this answer and ends)"),
                Input::TimedOut => {}
                Input::Eof => return Rated::LastRating(suggested),
            }
        }
    }

    fn save_answer(
        &mut self,
        asked: &Asked<'_>,
        answered: Answered,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let recorded = self.study.record(asked, answered, now, &mut self.ids);
        self.save(&recorded.event)?;
        outln!(
            "{}",
            paint(
                Theme::DIM,
                &format!("next in {}", format_interval(recorded.interval))
            )
        );
        if recorded.became_leech {
            say(
                Theme::BAD,
                "This card is a leech: it keeps slipping. Consider rewriting it (:edit opens it).",
            );
        }
        Ok(())
    }

    /// Runs an in-loop command; `Some` ends the current question.
    fn command(&mut self, cmd: &str, asked: &Asked<'_>) -> Result<Option<Step>, StoreError> {
        let now = (self.clock)();
        match cmd {
            ":hint" | ":h" => match &asked.card.hint {
                Some(h) => say(Theme::DIM, &format!("hint: {}", escape(h))),
                None => outln!("no hint for this card"),
            },
            ":skip" | ":s" => {
                let e = self.study.skip(asked, now, &mut self.ids);
                self.save(&e)?;
                outln!("skipped until tomorrow (:undo brings it back)");
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
            // Before the answer, the title stays hidden: it often names the answer.
            ":source" => match source_before_answer(asked.deck, asked.card) {
                Some(s) => say(Theme::DIM, &s),
                None => outln!("this card names no source"),
            },
            ":edit" | ":e" => {
                let at = edit_line(asked.deck, asked.card);
                let done = crate::cli::edit::open_at(&asked.deck.origin, asked.card.pos.line);
                say(Theme::DIM, &crate::cli::edit::message(&done, &at));
            }
            ":stats" => self.stats_line(),
            ":help" | ":?" => say(Theme::DIM, HELP),
            ":quit" | ":q" => return Ok(Some(Step::Quit)),
            other => outln!("unknown command {}; :help lists them", escape(other)),
        }
        Ok(None)
    }

    fn stats_line(&self) {
        let t = self.study.tally();
        say(
            Theme::DIM,
            &format!(
                "this session: {} card(s) ({} right, {} partly, {} wrong), {} skipped",
                t.cards.len(),
                t.right,
                t.partial,
                t.wrong,
                t.skipped
            ),
        );
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
