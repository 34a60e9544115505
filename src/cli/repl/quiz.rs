//! The timed quiz on the terminal: questions against the clock, then the score report.
//! It shares the reader, the question display and the verdict marks with the study loop.

use std::time::{Duration, Instant};

use crate::cli::out::{errln, outln};
use deckard::progress::Progress;
use deckard::sanitize::escape;
use deckard::session::quiz::{Quiz, QuizVerdict, Report};
use deckard::store::{Event, EventBody, IdGen, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

use super::input::{Input, Reader};
use super::{Theme, paint, print_question};

/// The commands offered during a quiz.
pub const COMMANDS: &[&str] = &[":skip", ":hint", ":quit", ":help"];

/// Everything the quiz loop needs from the command line.
pub struct QuizRun<'a> {
    /// The quiz.
    pub quiz: Quiz,
    /// The progress so far (to tell new cards from studied ones).
    pub progress: &'a Progress,
    /// The open progress log.
    pub store: Store,
    /// Event ids.
    pub ids: IdGen,
    /// The clock (`--now` pins it).
    pub clock: &'a dyn Fn() -> Timestamp,
    /// Quiz answers also count as reviews of studied cards.
    pub reschedule: bool,
    /// Hints allowed.
    pub hints: bool,
    /// Print the report as JSON on stdout.
    pub json: bool,
}

fn clock_text(d: SignedDuration) -> String {
    let s = d.as_secs().max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

impl QuizRun<'_> {
    /// Runs the quiz and prints the report.
    pub fn run(mut self) -> Result<Report, StoreError> {
        let mut reader = Reader::new(COMMANDS, self.json);
        let total = self.quiz.questions.len();
        if !self.json {
            for n in &self.quiz.notes {
                outln!("{}", paint(Theme::DIM, &escape(n)));
            }
            let mut limits = Vec::new();
            if let Some(t) = self.quiz.options().total {
                limits.push(format!("{} in all", clock_text(t)));
            }
            if let Some(t) = self.quiz.options().per_question {
                limits.push(format!("{} a question", clock_text(t)));
            }
            let limits = if limits.is_empty() {
                String::new()
            } else {
                format!(" — {}", limits.join(", "))
            };
            outln!(
                "{}",
                paint(Theme::BOLD, &format!("Quiz: {total} question(s){limits}"))
            );
        }
        'questions: while let Some(i) = self.quiz.next() {
            if crate::cli::out::failed() {
                break;
            }
            let q = &self.quiz.questions[i];
            if !self.json {
                outln!();
                outln!(
                    "{}",
                    paint(
                        Theme::DIM,
                        &format!(
                            "── question {} of {total} · {} left ──",
                            i + 1,
                            self.quiz.remaining()
                        )
                    )
                );
                print_question(&q.card, &q.presentation);
            }
            let budget = self.quiz.question_budget();
            let shown = Instant::now();
            let mut next_tick = 0u64;
            loop {
                let elapsed = shown.elapsed();
                let left =
                    budget.map(|b| b - SignedDuration::try_from(elapsed).unwrap_or(SignedDuration::MAX));
                let prompt = match left {
                    Some(l) => format!("[{}] > ", clock_text(l)),
                    None => "> ".to_string(),
                };
                // Wake up every second to refresh the countdown on a terminal.
                let wait = left.map(|l| {
                    let until_tick = Duration::from_millis(1000 - (elapsed.as_millis() % 1000) as u64);
                    let l = Duration::try_from(l).unwrap_or(Duration::ZERO);
                    if reader.interactive { l.min(until_tick) } else { l }
                });
                match reader.read_timeout(&prompt, wait) {
                    Input::TimedOut => {
                        let ms = shown.elapsed().as_millis() as u64;
                        if budget.is_some_and(|b| SignedDuration::from_millis(ms as i64) >= b) {
                            // What was typed by the deadline is the answer, judged as given.
                            let typed = reader.partial();
                            self.quiz.answer_at_deadline(i, &typed, ms);
                            self.save(i)?;
                            if reader.interactive {
                                // Readline cannot be interrupted: close its line with Enter, so
                                // the terminal leaves raw mode before the next question or report.
                                // What is typed after the deadline is not read.
                                reader.print_above(format!(
                                    "time's up — {}; press Enter",
                                    self.outcome_line(i)
                                ));
                                let _ = reader.read("");
                            } else {
                                if !typed.is_empty() {
                                    // The rest of the unfinished line belongs to this question.
                                    let _ = reader.read("");
                                }
                                if !self.json {
                                    outln!();
                                    outln!("{}", paint(Theme::BAD, "time's up"));
                                    outln!("{}", self.outcome_line(i));
                                }
                            }
                            continue 'questions;
                        }
                        let secs = ms / 1000;
                        if secs > next_tick {
                            next_tick = secs;
                            if let Some(l) = left {
                                reader.print_above(format!("⏱ {} left", clock_text(l)));
                            }
                        }
                    }
                    Input::Interrupted => continue,
                    Input::Eof => break 'questions,
                    Input::Line(l) => {
                        let ms = shown.elapsed().as_millis() as u64;
                        match l.trim() {
                            ":quit" | ":q" => break 'questions,
                            ":skip" | ":s" => {
                                self.quiz.skip(i, ms);
                                continue 'questions;
                            }
                            ":hint" if self.hints => {
                                match &self.quiz.questions[i].card.hint {
                                    Some(h) => outln!("hint: {}", escape(h)),
                                    None => outln!("no hint for this question"),
                                }
                                continue;
                            }
                            ":hint" => {
                                outln!("no hints in this quiz (start it with --hints)");
                                continue;
                            }
                            ":help" => {
                                outln!(":skip  come back to it at the end   :quit  end the quiz and report");
                                continue;
                            }
                            // Study commands (`:undo`, `:stats`, `:source`, `:edit`) are no answers.
                            cmd if is_command(cmd) => {
                                self.say(&format!(
                                    "{} is not available in a quiz; :help lists the commands",
                                    escape(cmd)
                                ));
                                continue;
                            }
                            _ => {}
                        }
                        // Input naming no option is asked again, with the clock running on.
                        if let Err(u) = self.quiz.answer(i, &l, ms) {
                            self.say(&u.reason);
                            continue;
                        }
                        self.save(i)?;
                        if !self.json {
                            outln!("{}", self.outcome_line(i));
                        }
                        continue 'questions;
                    }
                }
            }
        }
        let summary = Event {
            id: self.ids.next(),
            time: (self.clock)(),
            body: EventBody::Quiz(self.quiz.summary()),
        };
        self.store.append(&summary)?;
        let report = self.quiz.report();
        if self.json {
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            outln!("{text}");
        } else {
            print_report(&report);
        }
        Ok(report)
    }

    /// A one-line notice for the learner: on stderr with `--json`, which keeps stdout for the
    /// report.
    fn say(&self, text: &str) {
        // Callers pass text already safe to print (judge reasons, escaped commands).
        if self.json {
            errln!("{text}");
        } else {
            outln!("{}", paint(Theme::DIM, text));
        }
    }

    /// `✓ right — Tashkent`: how question `i` ended, and its answer.
    fn outcome_line(&self, i: usize) -> String {
        let q = &self.quiz.questions[i];
        let (style, mark) = match q.verdict {
            QuizVerdict::Right => (Theme::GOOD, "✓ right"),
            QuizVerdict::Partial => (Theme::PARTIAL, "~ partly right"),
            QuizVerdict::Timeout => (Theme::BAD, "✗ time's up"),
            _ => (Theme::BAD, "✗ wrong"),
        };
        format!(
            "{} — {}",
            paint(style, mark),
            escape(&q.presentation.canonical(&q.card))
        )
    }

    fn save(&mut self, i: usize) -> Result<(), StoreError> {
        let now = (self.clock)();
        if let Some(e) = self
            .quiz
            .event(i, self.progress, self.reschedule, now, &mut self.ids)
        {
            self.store.append(&e)?;
        }
        Ok(())
    }
}

/// True for a line that is an in-loop command (`:undo`), not an answer.
fn is_command(line: &str) -> bool {
    line.strip_prefix(':')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// Prints a report as text.
pub fn print_report(r: &Report) {
    outln!();
    outln!("{}", paint(Theme::BOLD, "Quiz report"));
    for (n, q) in r.questions.iter().enumerate() {
        let style = match q.verdict {
            QuizVerdict::Right => Theme::GOOD,
            QuizVerdict::Partial => Theme::PARTIAL,
            _ => Theme::BAD,
        };
        outln!(
            "{:>2}. {} {}",
            n + 1,
            paint(style, &format!("{:<8}", q.verdict.name())),
            escape(&q.prompt)
        );
        let given = q.given.as_deref().map(escape).unwrap_or_else(|| "—".into());
        outln!(
            "    given: {given} · answer: {} · {:.1}s · {} pt",
            escape(&q.right_answer),
            q.ms as f64 / 1000.0,
            q.score
        );
        if let Some(f) = &q.feedback {
            outln!("    {}", escape(f));
        }
    }
    let secs = r.ms / 1000;
    outln!(
        "score: {} / {} ({}%) · time used: {}m {:02}s",
        r.total,
        r.max,
        r.percent,
        secs / 60,
        secs % 60
    );
    if !r.weakest_tags.is_empty() {
        let tags: Vec<String> = r
            .weakest_tags
            .iter()
            .map(|t| format!("{} ({}%)", escape(&t.tag), t.percent))
            .collect();
        outln!("weakest tags: {}", tags.join(", "));
    }
}
