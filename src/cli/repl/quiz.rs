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
use super::{Theme, paint, print_question, say};
use crate::cli::term;

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

/// `m:ss`, rounded up: a countdown shows 0:01 until the last second is over, never 0:00 while
/// time is left.
fn clock_text(d: SignedDuration) -> String {
    let s = (d.as_millis().max(0) as i64 + 999) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The status line of a timed question.
fn countdown(left: SignedDuration) -> String {
    format!("⏱ {} left", clock_text(left))
}

/// Notes about cards left out of the quiz, one line for each reason (not one per card).
pub fn note_lines(notes: &[String]) -> Vec<String> {
    let mut reasons: Vec<(String, Vec<String>)> = Vec::new();
    for n in notes {
        let (card, why) = n.split_once(": ").unwrap_or(("", n));
        let why = why.trim_end_matches("; left out").to_string();
        match reasons.iter_mut().find(|(w, _)| *w == why) {
            Some((_, cards)) => cards.push(card.to_string()),
            None => reasons.push((why, vec![card.to_string()])),
        }
    }
    reasons
        .into_iter()
        .map(|(why, cards)| match cards.as_slice() {
            [one] => format!("left out {}: {}", escape(one), escape(&why)),
            many => format!("{} cards left out: {}", many.len(), escape(&why)),
        })
        .collect()
}

/// Ends a line the editor still holds in raw mode: a new line, bracketed paste off, and the
/// terminal mode from before the quiz.
fn abandon_line(mode: &term::SavedMode) {
    mode.restore();
    crate::cli::out::out!("\r\x1b[?2004l\n");
}

impl QuizRun<'_> {
    /// Runs the quiz and prints the report.
    pub fn run(mut self) -> Result<Report, StoreError> {
        // Saved before the line editor first switches the terminal to raw mode.
        let mode = term::SavedMode::save();
        let mut reader = Reader::new(COMMANDS, self.json);
        let total = self.quiz.questions.len();
        if !self.json {
            for n in note_lines(&self.quiz.notes) {
                say(Theme::DIM, &n);
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
            // On a terminal the countdown is one status line above the prompt, rewritten in
            // place each second; a pipe gets the budget once, in the prompt.
            if reader.interactive
                && let Some(b) = budget
            {
                outln!("{}", countdown(b));
            }
            // The tick rewrites the line just above the prompt; once a typed line (and any
            // notice about it) sits there, the status line is printed again below them.
            let mut status_moved = false;
            loop {
                let elapsed = shown.elapsed();
                let left =
                    budget.map(|b| b - SignedDuration::try_from(elapsed).unwrap_or(SignedDuration::MAX));
                if status_moved
                    && reader.interactive
                    && let Some(l) = left
                {
                    outln!("{}", countdown(l));
                }
                status_moved = false;
                let prompt = match left {
                    Some(l) if !reader.interactive => format!("[{}] > ", clock_text(l)),
                    _ => "> ".to_string(),
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
                            let all_over = self.quiz.time_left().is_some_and(|t| t <= SignedDuration::ZERO);
                            if reader.interactive && all_over {
                                // The whole quiz is over: leave the line editor waiting, put
                                // the terminal back, and go straight to the report.
                                abandon_line(&mode);
                                outln!("{}", paint(Theme::BAD, "time's up"));
                                say(Theme::PLAIN, &self.outcome_line(i));
                                break 'questions;
                            } else if reader.interactive {
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
                                    say(Theme::PLAIN, &self.outcome_line(i));
                                }
                            }
                            continue 'questions;
                        }
                        let secs = ms / 1000;
                        if secs > next_tick {
                            next_tick = secs;
                            // Time left now (not when the wait began), on the status line.
                            if let Some(b) = budget {
                                let l = b - SignedDuration::from_millis(ms as i64);
                                // Up one line onto the status line, clear it, rewrite it.
                                reader.print_above(format!("\x1b[1A\x1b[2K{}", countdown(l)));
                            }
                        }
                    }
                    Input::Interrupted => continue,
                    Input::Eof => break 'questions,
                    Input::Line(l) => {
                        status_moved = true;
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
                            say(Theme::PLAIN, &self.outcome_line(i));
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
            let text =
                deckard::sanitize::json_safe(serde_json::to_string_pretty(&report).unwrap_or_default());
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
            say(Theme::DIM, text);
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
        say(
            Theme::PLAIN,
            &format!(
                "{:>2}. {} {}",
                n + 1,
                paint(style, &format!("{:<8}", q.verdict.name())),
                escape(&q.prompt)
            ),
        );
        let given = q.given.as_deref().map(escape).unwrap_or_else(|| "—".into());
        say(
            Theme::PLAIN,
            &format!(
                "    given: {given} · answer: {} · {:.1}s · {} pt",
                escape(&q.right_answer),
                q.ms as f64 / 1000.0,
                q.score
            ),
        );
        if let Some(f) = &q.feedback {
            say(Theme::PLAIN, &format!("    {}", escape(f)));
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
        say(Theme::PLAIN, &format!("weakest tags: {}", tags.join(", ")));
    }
}
