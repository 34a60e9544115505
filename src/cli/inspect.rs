//! Commands that inspect decks and histories without a session: `check`, `judge`, `replay`.

use std::process::ExitCode;

use deckard::deck::{self, Library, Severity};
use deckard::sanitize::escape;

use crate::cli::error::CliError;
use crate::cli::out::{outln, proseln};

/// Problems the answer judge finds: a card must accept its own answer and alternatives.
fn judge_diagnostics(lib: &Library) -> Vec<deck::Diagnostic> {
    let mut out = Vec::new();
    for d in &lib.decks {
        for c in &d.cards {
            for problem in deckard::answer::self_check(c) {
                // A card that rejects its own answer is broken; other findings are advice.
                let severity = if problem.refused {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                out.push(deck::Diagnostic {
                    file: d.origin.display_name(),
                    pos: c.pos,
                    severity,
                    message: format!("card `{}`: {problem}", c.id),
                    hint: Some(format!(
                        "try answers with `deckard judge {}/{} ANSWER`",
                        d.id, c.id
                    )),
                });
            }
        }
    }
    out
}

pub fn check(lib: &Library) -> ExitCode {
    let mut errors = 0;
    let mut warnings = 0;
    let mut diagnostics = lib.diagnostics.clone();
    diagnostics.extend(judge_diagnostics(lib));
    diagnostics.extend(deckard::answer::true_false_balance(&lib.decks));
    for d in &diagnostics {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        proseln!("{}", deckard::sanitize::escape_multiline(&d.to_string()));
    }
    // A file of another tool's format given to `check` by mistake: say how to convert it.
    let mut named: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.file.as_str())
        .collect();
    named.sort_unstable();
    named.dedup();
    for file in named {
        let ext = std::path::Path::new(file)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let to = match ext.as_deref() {
            Some("csv" | "tsv" | "txt" | "gift") => "DECK.toml",
            Some("apkg" | "colpkg") => "DIR/",
            _ => continue,
        };
        let file = escape(file);
        proseln!(
            "hint: {file} is not a deck file (decks are TOML); to make decks of it: deckard import {file} --to {to}"
        );
    }
    let cards = lib.card_count();
    outln!(
        "{} deck(s), {cards} card(s): {errors} error(s), {warnings} warning(s)",
        lib.decks.len()
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn replay(
    file: &std::path::Path,
    params: Option<Vec<f64>>,
    retention: f64,
    max: u32,
    days: deckard::schedule::DayCount,
) -> Result<ExitCode, CliError> {
    use deckard::interchange::replay::{self, ReplayError};
    use deckard::schedule::replay::Replayer;
    let params = params.unwrap_or_else(|| deckard::schedule::fsrs::DEFAULT_PARAMS.to_vec());
    let replayer =
        Replayer::new(&params, retention, max, days).map_err(|e| CliError::usage(e.to_string()))?;
    let stdin = file.as_os_str() == "-";
    let name = if stdin {
        "stdin".into()
    } else {
        escape(&file.display().to_string()).into_owned()
    };
    let input: Box<dyn std::io::Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        // Only a regular file: a FIFO or /dev/zero would hang or never end.
        Box::new(deckard::untrusted::open_regular(file).map_err(|e| CliError::input(format!("{name}: {e}")))?)
    };
    match replay::run(input, std::io::stdout().lock(), &replayer) {
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(ReplayError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(CliError::input(format!("{name}: {}", escape(&e.to_string())))),
    }
}

/// `deckard judge`: one line per answer, plain or JSON.
pub fn judge(lib: &Library, key: &str, answers: &[String], json: bool) -> Result<ExitCode, CliError> {
    let Some((_, card)) = lib.card(key) else {
        let keys: Vec<String> = lib
            .decks
            .iter()
            .flat_map(|d| d.cards.iter().map(move |c| format!("{}/{}", d.id, c.id)))
            .collect();
        let names: Vec<&str> = keys.iter().map(String::as_str).collect();
        let f = CliError::input(format!("no card `{}`", escape(key)));
        return Err(match deck::closest(key, &names) {
            Some(c) => f.hint(format!("did you mean `{}`?", escape(c))),
            None => f.hint("cards are named deck-id/card-id; `deckard decks` lists the decks"),
        });
    };
    for given in answers {
        if crate::cli::out::failed() {
            break;
        }
        let v = deckard::answer::judge(card, given);
        if json {
            let line = serde_json::json!({
                "card": key,
                "given": given,
                "verdict": v.outcome.name(),
                "score": v.score,
                "reason": v.reason,
                "canonical": v.canonical,
                "feedback": v.feedback.as_deref().map(escape),
            });
            outln!("{}", deckard::sanitize::json_safe(line.to_string()));
        } else {
            outln!(
                "{:<7} {:.2}  {}  ({}; answer: {})",
                v.outcome.name(),
                v.score,
                escape(given),
                escape(&v.reason),
                escape(&v.canonical)
            );
            if let Some(f) = &v.feedback {
                outln!("        feedback: {}", escape(f));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
