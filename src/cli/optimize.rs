//! `deckard optimize`: fit FSRS-6 weights to the learner's reviews, show honestly how much
//! better they predict the most recent reviews than the weights in use, store them with
//! `--write`, and with `--retention` simulate which desired retention costs least.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use deckard::optimize::retention::{self, Habits, RetentionReport};
use deckard::optimize::{self, Dataset, FitError, FitProgress, Holdout, MIN_ITEMS, Options, TRAIN_SHARE};
use deckard::sanitize::escape;
use deckard::store;
use serde::Serialize;

use super::args::Cli;
use super::ctx::{self, Ctx};
use super::error::CliError;
use super::out::{err_progress, outln, proseln, warn};

/// What `--json` prints: one document.
#[derive(Serialize)]
struct Report {
    /// Reviews counted (every rescheduling answer, first and same-day ones included).
    reviews: usize,
    /// Cards with counted reviews.
    cards: usize,
    /// Training items: reviews on a later day than the card's previous one.
    items: usize,
    /// deckard's minimum of training items.
    minimum: usize,
    /// Training items still needed before fitting (0 once there are enough).
    needed: usize,
    /// The decks fitted (empty: all).
    decks: Vec<String>,
    holdout: Option<Holdout>,
    /// The weights fitted on all items.
    params: Option<[f64; 21]>,
    /// The settings file written, if `--write`.
    written: Option<PathBuf>,
    retention: Option<RetentionReport>,
}

/// Runs the command (see the module doc).
pub fn run(
    cli: &Cli,
    decks: &[String],
    write: bool,
    want_retention: bool,
    json: bool,
) -> Result<ExitCode, CliError> {
    let ctx = if write {
        Ctx::new_config_optional(cli)?
    } else {
        Ctx::new(cli)?
    };
    let events = crate::cli::commands::read_events(&ctx)?;
    // The decks only name renamed cards and the known deck ids. A missing `--config` file is
    // fine with `--write` (it is created), and then the decks are the bundled ones.
    let lib = match ctx::load(cli) {
        Ok(lib) => lib,
        Err(_) if write && cli.config.as_ref().is_some_and(|p| !p.exists()) => deckard::deck::load_bundled(),
        Err(e) => return Err(e),
    };
    check_decks(decks, &lib, &events)?;
    let renames = lib.renames();
    let data = Dataset::build(
        &events,
        &Options {
            tz: ctx.tz.clone(),
            day_starts_at: ctx.settings.day_starts_at,
            decks,
            renames: &renames,
        },
    );
    let mut report = Report {
        reviews: data.reviews(),
        cards: data.cards(),
        items: data.len(),
        minimum: MIN_ITEMS,
        needed: MIN_ITEMS.saturating_sub(data.len()),
        decks: decks.to_vec(),
        holdout: None,
        params: None,
        written: None,
        retention: None,
    };
    if report.needed > 0 {
        if json {
            print_json(&report);
        } else {
            print_too_little(&report);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let schedule = &ctx.settings.schedule;
    let relearning = schedule.relearning_steps.len();
    if !json {
        print_counts(&report);
    }
    let holdout = with_progress("fitting on the earlier reviews", |p| {
        optimize::holdout(&data, &schedule.params, relearning, p)
    })
    .map_err(fit_error)?;
    if !json {
        print_holdout(&holdout);
    }
    report.holdout = Some(holdout);
    let params = with_progress("fitting on all reviews", |p| optimize::fit(&data, relearning, p))
        .map_err(fit_error)?;
    report.params = Some(params);
    if !json {
        print_params(&report, &params);
    }
    let config = match &ctx.source {
        // In a progress folder the weights are shared by every device, or states would differ.
        deckard::store::ProgressSource::Folder(f) if decks.is_empty() => f.settings_path(),
        _ => settings_path(cli)?,
    };
    if write {
        let targets: Vec<Option<&str>> = if decks.is_empty() {
            vec![None]
        } else {
            decks.iter().map(|d| Some(d.as_str())).collect()
        };
        for deck in targets {
            deckard::config::edit::set_fsrs_params(&config, deck, &params)
                .map_err(|e| CliError::input(e.to_string()))?;
        }
        if !json {
            let place = if decks.is_empty() {
                "fsrs_params".to_string()
            } else {
                format!("fsrs_params of [deck.{}]", decks.join("], [deck."))
            };
            proseln!(
                "wrote {} to {}",
                escape(&place),
                escape(&config.display().to_string())
            );
        }
        report.written = Some(config);
    } else if !json {
        proseln!(
            "nothing written: run `deckard optimize --write` to store them in {}",
            escape(&config.display().to_string())
        );
    }
    if want_retention {
        let habits = Habits {
            new_per_day: ctx.settings.new_per_day,
            reviews_per_day: ctx.settings.reviews_per_day,
            maximum_interval: schedule.maximum_interval,
            learning_steps: schedule.learning_steps.len(),
            relearning_steps: relearning,
            days: 365,
        };
        let r = simulate(&params, &data, &habits)?;
        if !json {
            print_retention(&r, &habits, schedule.desired_retention);
        }
        report.retention = Some(r);
    }
    if json {
        print_json(&report);
    }
    Ok(ExitCode::SUCCESS)
}

/// `--deck` ids must name a deck in use or a deck with history in the log.
fn check_decks(
    decks: &[String],
    lib: &deckard::deck::Library,
    events: &[store::Event],
) -> Result<(), CliError> {
    for d in decks {
        let in_lib = lib.decks.iter().any(|x| &x.id == d);
        let in_log = events.iter().any(|e| match &e.body {
            store::EventBody::Review(r) => r.card.split_once('/').is_some_and(|(deck, _)| deck == d),
            _ => false,
        });
        if !in_lib && !in_log {
            let ids: Vec<&str> = lib.decks.iter().map(|x| x.id.as_str()).collect();
            return Err(
                CliError::usage(format!("no deck `{}` in use or in the progress log", escape(d)))
                    .hint(format!("decks in use: {}", ids.join(", "))),
            );
        }
    }
    Ok(())
}

/// The settings file to write: `--config`, or the default location.
fn settings_path(cli: &Cli) -> Result<PathBuf, CliError> {
    cli.config
        .clone()
        .or_else(deckard::config::default_path)
        .ok_or_else(|| {
            CliError::input("cannot find a config directory for config.toml")
                .hint("pass --config FILE or set DECKARD_CONFIG")
        })
}

fn fit_error(e: FitError) -> CliError {
    match e {
        FitError::Params(_) => CliError::internal(e.to_string()),
        FitError::Crate(_) => {
            CliError::input(e.to_string()).hint("the progress log may hold too few varied reviews")
        }
    }
}

/// Runs `work`, showing the crate's progress on standard error while it runs, when standard
/// error is a terminal.
fn with_progress<T>(label: &str, work: impl FnOnce(Option<FitProgress>) -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work(None);
    }
    let state: FitProgress = fsrs::CombinedProgressState::new_shared();
    let done = Arc::new(AtomicBool::new(false));
    std::thread::scope(|s| {
        let (state2, done2) = (Arc::clone(&state), Arc::clone(&done));
        s.spawn(move || {
            while !done2.load(Ordering::Relaxed) {
                let (cur, total) = state2.lock().map(|p| (p.current(), p.total())).unwrap_or((0, 0));
                if let Some(pct) = (cur * 100).checked_div(total) {
                    err_progress(&format!("{label}: {pct}%"));
                }
                std::thread::sleep(Duration::from_millis(150));
            }
            err_progress("");
        });
        let out = work(Some(state));
        done.store(true, Ordering::Relaxed);
        out
    })
}

fn simulate(params: &[f64; 21], data: &Dataset, habits: &Habits) -> Result<RetentionReport, CliError> {
    let tty = std::io::stderr().is_terminal();
    let runs = Mutex::new(0usize);
    let r = retention::optimal_retention(params, &data.stats, habits, |_| {
        if tty && let Ok(mut n) = runs.lock() {
            *n += 1;
            err_progress(&format!(
                "simulating {} days of study: search step {}",
                habits.days, *n
            ));
        }
        true
    });
    if tty {
        err_progress("");
    }
    r.map_err(|e| CliError::input(format!("the workload simulation failed: {e}")))
}

fn print_json(report: &Report) {
    match serde_json::to_string_pretty(report) {
        Ok(s) => outln!("{s}"),
        Err(e) => warn(&format!("cannot print the report as JSON: {e}")),
    }
}

fn print_too_little(r: &Report) {
    proseln!(
        "not enough reviews to fit parameters: {} of your {} reviews count, and deckard needs {}",
        r.items,
        r.reviews,
        r.minimum
    );
    proseln!(
        "review {} more card(s) on a later day than their previous review, then run `deckard optimize` again",
        r.needed
    );
    outln!("nothing written");
}

fn print_counts(r: &Report) {
    proseln!(
        "{} reviews of {} cards; {} count for fitting (a review on a later day than the card's previous one)",
        r.reviews,
        r.cards,
        r.items
    );
}

fn print_holdout(h: &Holdout) {
    outln!();
    proseln!(
        "Held-out check: fitted on the earliest {:.0}% of those reviews ({}), scored on the latest {} (lower is better)",
        TRAIN_SHARE * 100.0,
        h.train_items,
        h.test_items
    );
    outln!("                    log loss   RMSE(bins)");
    outln!(
        "current parameters  {:>8.4}   {:>10.4}",
        h.current.log_loss,
        h.current.rmse_bins
    );
    outln!(
        "fitted parameters   {:>8.4}   {:>10.4}",
        h.fitted.log_loss,
        h.fitted.rmse_bins
    );
    let change = |new: f64, old: f64| (new - old) / old * 100.0;
    if h.fitted.log_loss < h.current.log_loss {
        proseln!(
            "the fitted parameters predict your latest reviews better: log loss {:+.1}%, RMSE(bins) {:+.1}%",
            change(h.fitted.log_loss, h.current.log_loss),
            change(h.fitted.rmse_bins, h.current.rmse_bins)
        );
    } else {
        proseln!("the fitted parameters do not predict your latest reviews better than the current ones");
    }
}

fn print_params(r: &Report, params: &[f64; 21]) {
    let list: Vec<String> = params.iter().map(|w| w.to_string()).collect();
    outln!();
    outln!("Parameters fitted on all {} reviews:", r.items);
    outln!("fsrs_params = [{}]", list.join(", "));
}

fn print_retention(r: &RetentionReport, habits: &Habits, current: f64) {
    outln!();
    proseln!(
        "Optimal desired retention: {:.2} (least study time per card remembered; {} days of {} new cards a day simulated)",
        r.optimal,
        r.days,
        habits.new_per_day.max(1)
    );
    outln!("retention  reviews/day  minutes/day  memorized  seconds/memorized");
    let mut rows: Vec<(bool, &retention::Workload)> = r
        .table
        .iter()
        .filter(|w| (w.retention - r.optimal).abs() > 0.0005)
        .map(|w| (false, w))
        .collect();
    rows.push((true, &r.at_optimal));
    rows.sort_by(|a, b| a.1.retention.total_cmp(&b.1.retention));
    for (best, w) in rows {
        outln!(
            "{:>8.3}{} {:>11.1}  {:>11.1}  {:>9.0}  {:>17.1}",
            w.retention,
            if best { "*" } else { " " },
            w.reviews_per_day,
            w.minutes_per_day,
            w.memorized,
            w.seconds_per_memorized
        );
    }
    if r.optimal <= 0.705 || r.optimal >= 0.945 {
        outln!(
            "note: {:.2} is at the edge of the range searched (0.70 to 0.95); the simulator does not look beyond it",
            r.optimal
        );
    }
    proseln!(
        "your desired_retention is {current}; set `desired_retention = {:.2}` in config.toml to use the optimum",
        r.optimal
    );
}
