//! Reading answers: rustyline on a terminal (history, completion and hints for `:commands`), or
//! plain lines when stdin or stdout is not a terminal, so sessions can be scripted and tested.
//!
//! Lines are read on a thread of their own and handed over through a channel, so a timed quiz
//! can stop waiting when its time runs out.

use std::borrow::Cow;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{
    Cmd, ConditionalEventHandler, Context, Editor, Event, EventContext, EventHandler, ExternalPrinter,
    Helper, KeyEvent, Movement, RepeatCount,
};

/// One result of reading a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A line (without its newline).
    Line(String),
    /// Ctrl-C: cancel the current input.
    Interrupted,
    /// Ctrl-D or end of input: end the session.
    Eof,
    /// The time given to `read_timeout` ran out.
    TimedOut,
}

/// The in-loop commands, for completion and hints.
struct Commands {
    names: &'static [&'static str],
    history: HistoryHinter,
    /// The line as being edited: rustyline asks for a hint after every edit, so this is what
    /// the learner has typed so far (rustyline offers no other way to read an unfinished line).
    partial: Partial,
}

/// The unfinished line, shared between the reading thread and the loop.
type Partial = Arc<Mutex<String>>;

fn set_partial(p: &Partial, text: &str) {
    if let Ok(mut s) = p.lock() {
        s.clear();
        s.push_str(text);
    }
}

impl Completer for Commands {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let head = &line[..pos];
        if !head.starts_with(':') {
            return Ok((0, Vec::new()));
        }
        let pairs = self
            .names
            .iter()
            .filter(|n| n.starts_with(head))
            .map(|n| Pair {
                display: n.to_string(),
                replacement: n.to_string(),
            })
            .collect();
        Ok((0, pairs))
    }
}

impl Hinter for Commands {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        set_partial(&self.partial, line);
        if line.starts_with(':') && pos == line.len() && line.len() > 1 {
            let name = self
                .names
                .iter()
                .find(|n| n.starts_with(line) && n.len() > line.len())?;
            return Some(name[line.len()..].to_string());
        }
        self.history.hint(line, pos, ctx)
    }
}

impl Highlighter for Commands {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if std::env::var_os("NO_COLOR").is_some() {
            Cow::Borrowed(hint)
        } else {
            Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
        }
    }
}

impl Validator for Commands {}
impl Helper for Commands {}

/// Ctrl-C clears a line in progress; only on an empty line does it interrupt, so the loop can
/// say how to quit (and quit on a second one).
struct CtrlC;

impl ConditionalEventHandler for CtrlC {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        if ctx.line().is_empty() {
            None
        } else {
            Some(Cmd::Kill(Movement::WholeLine))
        }
    }
}

enum Request {
    Read(String),
    Stop,
}

/// Where answers come from.
pub struct Reader {
    requests: Sender<Request>,
    lines: Receiver<Input>,
    printer: Option<Box<dyn ExternalPrinter + Send>>,
    /// True when reading from a terminal with rustyline.
    pub interactive: bool,
    waiting: bool,
    /// The last two inputs were Ctrl-C on an empty line.
    interrupts: u8,
    partial: Partial,
}

impl Reader {
    /// A reader on stdin: rustyline when stdin and stdout are terminals, plain lines otherwise.
    /// With `prompts_to_stderr`, plain mode keeps stdout for the caller's output (`--json`).
    pub fn new(commands: &'static [&'static str], prompts_to_stderr: bool) -> Reader {
        let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        let (req_tx, req_rx) = mpsc::channel::<Request>();
        let (line_tx, line_rx) = mpsc::channel::<Input>();
        let partial = Partial::default();
        if interactive && let Ok(mut ed) = Editor::<Commands, DefaultHistory>::new() {
            ed.set_helper(Some(Commands {
                names: commands,
                history: HistoryHinter::new(),
                partial: partial.clone(),
            }));
            ed.bind_sequence(KeyEvent::ctrl('C'), EventHandler::Conditional(Box::new(CtrlC)));
            let printer = ed
                .create_external_printer()
                .ok()
                .map(|p| Box::new(p) as Box<dyn ExternalPrinter + Send>);
            let shared = partial.clone();
            std::thread::spawn(move || serve_editor(ed, req_rx, line_tx, shared));
            return Reader {
                requests: req_tx,
                lines: line_rx,
                printer,
                interactive,
                waiting: false,
                interrupts: 0,
                partial,
            };
        }
        let shared = partial.clone();
        std::thread::spawn(move || serve_plain(req_rx, line_tx, prompts_to_stderr, shared));
        Reader {
            requests: req_tx,
            lines: line_rx,
            printer: None,
            interactive: false,
            waiting: false,
            interrupts: 0,
            partial,
        }
    }

    /// What has been typed on the line still being read (empty when no read is pending): a
    /// timed quiz judges it when the time runs out.
    pub fn partial(&self) -> String {
        if !self.waiting {
            return String::new();
        }
        self.partial.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Reads one line after showing `prompt`.
    pub fn read(&mut self, prompt: &str) -> Input {
        self.read_timeout(prompt, None)
    }

    /// Reads one line, giving up after `timeout` (the read stays pending for the next call).
    pub fn read_timeout(&mut self, prompt: &str, timeout: Option<Duration>) -> Input {
        if !self.waiting {
            if self.requests.send(Request::Read(prompt.to_string())).is_err() {
                return Input::Eof;
            }
            self.waiting = true;
        }
        let got = match timeout {
            None => self.lines.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(t) => self.lines.recv_timeout(t),
        };
        match got {
            Ok(input) => {
                self.waiting = false;
                self.interrupts = if input == Input::Interrupted {
                    self.interrupts.saturating_add(1)
                } else {
                    0
                };
                input
            }
            Err(RecvTimeoutError::Timeout) => Input::TimedOut,
            Err(RecvTimeoutError::Disconnected) => {
                self.waiting = false;
                Input::Eof
            }
        }
    }

    /// True when the input just read is the second Ctrl-C in a row on an empty line.
    pub fn second_interrupt(&self) -> bool {
        self.interrupts >= 2
    }

    /// Prints a line above the one being edited (a countdown), or nothing without a terminal.
    pub fn print_above(&mut self, text: String) {
        if let Some(p) = self.printer.as_mut() {
            let _ = p.print(text);
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        let _ = self.requests.send(Request::Stop);
    }
}

fn serve_editor(
    mut ed: Editor<Commands, DefaultHistory>,
    requests: Receiver<Request>,
    lines: Sender<Input>,
    partial: Partial,
) {
    while let Ok(Request::Read(prompt)) = requests.recv() {
        set_partial(&partial, "");
        let input = match ed.readline(&prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = ed.add_history_entry(line.as_str());
                }
                Input::Line(line)
            }
            Err(ReadlineError::Interrupted) => Input::Interrupted,
            Err(_) => Input::Eof,
        };
        let eof = input == Input::Eof;
        if lines.send(input).is_err() || eof {
            return;
        }
    }
}

/// Longest line read in plain mode; the rest of a longer line is discarded.
const MAX_LINE: usize = 1 << 20;

fn serve_plain(requests: Receiver<Request>, lines: Sender<Input>, to_stderr: bool, partial: Partial) {
    let stdin = std::io::stdin();
    let mut stdin = stdin.lock();
    let mut out: Box<dyn Write> = if to_stderr {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    while let Ok(Request::Read(prompt)) = requests.recv() {
        let _ = write!(out, "{prompt}");
        let _ = out.flush();
        set_partial(&partial, "");
        let input = match read_bounded(&mut stdin, &partial) {
            Some(line) => {
                // A piped transcript reads better with the answer on the prompt's line.
                let _ = writeln!(out, "{}", deckard::sanitize::escape(&line));
                Input::Line(line)
            }
            None => {
                let _ = writeln!(out);
                Input::Eof
            }
        };
        let _ = out.flush();
        let eof = input == Input::Eof;
        if lines.send(input).is_err() || eof {
            return;
        }
    }
}

/// Reads one line of at most `MAX_LINE` bytes (lossy UTF-8); `None` at end of input.
/// The bytes read so far of an unfinished line are kept in `partial`.
fn read_bounded(r: &mut impl BufRead, partial: &Partial) -> Option<String> {
    let mut buf = Vec::new();
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return any.then(|| String::from_utf8_lossy(&buf).into_owned()),
        };
        if chunk.is_empty() {
            return any.then(|| String::from_utf8_lossy(&buf).into_owned());
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = MAX_LINE.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        r.consume(take);
        if !done {
            set_partial(partial, &String::from_utf8_lossy(&buf));
        }
        if done {
            while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                buf.pop();
            }
            return Some(String::from_utf8_lossy(&buf).into_owned());
        }
    }
}
