//! Every figure computed on small hand-made logs whose answers are worked out by hand.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::deck::{Origin, parse_deck};
use crate::schedule::{Config, Phase, Scheduler};
use crate::store::{EventId, Mode, Review};

const DECK_D: &str = r#"
[deck]
id = "d"
title = "Deck <D> & co"
tags = ["geo"]

[[card]]
id = "a"
q = "A?"
a = "a"
tags = ["x"]

[[card]]
id = "b"
q = "B?"
a = "b"
tags = ["x", "y"]

[[card]]
id = "c"
q = "C?"
a = "c"
"#;

const DECK_E: &str = r#"
[deck]
id = "e"
title = "Deck E"

[[card]]
id = "z"
q = "Z?"
a = "z"
tags = ["y"]
"#;

fn lib() -> Library {
    let mut lib = Library::default();
    for (name, text) in [("d.toml", DECK_D), ("e.toml", DECK_E)] {
        let (deck, diags) = parse_deck(Origin::Bundled(name.into()), text);
        assert!(diags.is_empty(), "{diags:?}");
        lib.decks.push(deck.unwrap());
    }
    lib
}

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A log under construction: ids count up.
#[derive(Default)]
struct Log(Vec<Event>);

impl Log {
    #[allow(clippy::too_many_arguments)] // one log line's fields, spelled out at each call
    fn answer(
        &mut self,
        time: &str,
        card: &str,
        rating: u8,
        ms: u64,
        mode: Mode,
        reschedule: bool,
        score: Option<f64>,
    ) -> EventId {
        let id = EventId::from_u64(self.0.len() as u64 + 1);
        self.0.push(Event {
            id,
            time: t(time),
            body: EventBody::Review(Review {
                card: card.into(),
                rating,
                answer: None,
                verdict: None,
                score,
                ms,
                mode,
                reschedule,
                origin: None,
            }),
        });
        id
    }

    fn study(&mut self, time: &str, card: &str, rating: u8) -> EventId {
        self.answer(time, card, rating, 1000, Mode::Study, true, None)
    }

    fn undo(&mut self, time: &str, target: EventId) {
        let id = EventId::from_u64(self.0.len() as u64 + 1);
        self.0.push(Event {
            id,
            time: t(time),
            body: EventBody::Undo { target },
        });
    }
}

fn sched() -> Scheduler {
    Scheduler::new(Config {
        fuzz: false,
        ..Config::default()
    })
    .unwrap()
}

/// Stats of `log` at `now` (UTC) with days starting at `hour`, over `days` days.
fn stats(log: &Log, selection: &Selection, now: &str, hour: u8, days: u32) -> (Stats, Progress) {
    let sched = sched();
    let progress = Progress::replay(&log.0, &sched);
    let lib = lib();
    let s = compute(&Input {
        lib: &lib,
        selection,
        progress: &progress,
        events: &log.0,
        sched: &sched,
        tz: &TimeZone::UTC,
        day_starts_at: hour,
        now: t(now),
        days,
    });
    (s, progress)
}

fn answers_on(s: &Stats, date: &str) -> u32 {
    s.calendar
        .days
        .iter()
        .find(|d| d.date == date)
        .map(|d| d.answers)
        .unwrap()
}

/// Answers on Feb 1–5 (outside a 28-day period), Mar 1–3, Mar 5, Mar 7–8, Mar 9 (an answer
/// at 03:00 on the 10th belongs to the 9th when days start at 04:00) and today, Mar 10.
fn calendar_log() -> Log {
    let mut log = Log::default();
    for day in 1..=5 {
        log.study(&format!("2026-02-0{day}T10:00:00Z"), "d/c", 3);
    }
    for time in [
        "2026-03-01T10:00:00Z",
        "2026-03-02T10:00:00Z",
        "2026-03-03T10:00:00Z",
        "2026-03-05T10:00:00Z",
        "2026-03-07T10:00:00Z",
        "2026-03-08T10:00:00Z",
        "2026-03-10T03:00:00Z",
        "2026-03-10T09:00:00Z",
    ] {
        log.study(time, "d/c", 3);
    }
    log.answer(
        "2026-03-10T09:05:00Z",
        "d/b",
        1,
        4000,
        Mode::Quiz,
        false,
        Some(0.0),
    );
    let undone = log.answer("2026-03-10T09:06:00Z", "d/a", 1, 9000, Mode::Study, true, None);
    log.undo("2026-03-10T09:06:30Z", undone);
    log.study("2026-03-10T09:07:00Z", "e/z", 1);
    log
}

#[test]
fn calendar_counts_answers_per_study_day_and_streaks() {
    let log = calendar_log();
    let (s, _) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 28);
    assert_eq!(s.today_date, "2026-03-10");
    assert_eq!(s.calendar.days.len(), 28);
    assert_eq!(s.calendar.days[0].date, "2026-02-11");
    assert_eq!(
        answers_on(&s, "2026-03-09"),
        1,
        "03:00 on the 10th is the 9th's study day"
    );
    assert_eq!(
        answers_on(&s, "2026-03-10"),
        3,
        "c, b (quiz) and z; the undone answer is gone"
    );
    assert_eq!(answers_on(&s, "2026-03-04"), 0);
    assert_eq!(s.calendar.answers, 7 + 3);
    assert_eq!(s.calendar.days_studied, 8, "Mar 1, 2, 3, 5, 7, 8, 9, 10");
    assert_eq!(s.calendar.current_streak, 4, "Mar 7, 8, 9, 10");
    assert_eq!(s.calendar.longest_streak, 5, "Feb 1–5, before the period");

    // With days starting at midnight, the 03:00 answer is the 10th's, and the 9th is empty.
    let (s, _) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 0, 28);
    assert_eq!(answers_on(&s, "2026-03-09"), 0);
    assert_eq!(answers_on(&s, "2026-03-10"), 4);
    assert_eq!(s.calendar.current_streak, 1);
}

#[test]
fn streak_survives_a_day_not_yet_studied_but_not_a_missed_one() {
    let log = calendar_log();
    let (s, _) = stats(&log, &Selection::default(), "2026-03-11T12:00:00Z", 4, 28);
    assert_eq!(s.calendar.current_streak, 4, "today (11th) may still be studied");
    let (s, _) = stats(&log, &Selection::default(), "2026-03-12T12:00:00Z", 4, 28);
    assert_eq!(s.calendar.current_streak, 0, "the 11th was missed");
}

#[test]
fn today_counts_cards_time_and_again() {
    let log = calendar_log();
    let (s, _) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 28);
    assert_eq!(s.today.cards, 3);
    assert_eq!(s.today.answers, 3);
    assert_eq!(s.today.ms, 1000 + 4000 + 1000);
    assert_eq!(s.today.again, 2, "b in the quiz and z");
    // Only deck d: z leaves every figure.
    let sel = Selection {
        decks: vec!["d".into()],
        ..Selection::default()
    };
    let (s, _) = stats(&log, &sel, "2026-03-10T12:00:00Z", 4, 28);
    assert_eq!((s.today.cards, s.today.again, s.today.ms), (2, 1, 5000));
    assert_eq!(s.filter.decks, ["d"]);
    assert_eq!(s.decks.len(), 1);
}

/// Reviews with known intervals: see the comments for which count for true retention.
fn retention_log() -> Log {
    let mut log = Log::default();
    // b: Easy when new (not counted), Easy 16 days later (young, passed), then with an
    // interval of over 21 days, Good on Mar 9 (mature, passed).
    log.study("2026-02-11T10:00:00Z", "d/b", 4);
    log.study("2026-02-27T10:00:00Z", "d/b", 4);
    log.study("2026-03-09T10:00:00Z", "d/b", 3);
    // a: two learning steps (not counted), Again on Mar 5 (young, failed), a relearning step
    // (not counted), Good on Mar 8 (young, passed).
    log.study("2026-03-01T10:00:00Z", "d/a", 3);
    log.study("2026-03-01T10:10:00Z", "d/a", 3);
    log.study("2026-03-05T10:00:00Z", "d/a", 1);
    log.study("2026-03-05T10:10:00Z", "d/a", 3);
    log.study("2026-03-08T10:00:00Z", "d/a", 3);
    // A quiz answer that does not reschedule never counts.
    log.answer(
        "2026-03-09T11:00:00Z",
        "d/a",
        1,
        2000,
        Mode::Quiz,
        false,
        Some(0.0),
    );
    // z (tag y): Easy (not counted), Again (young, failed), relearning (not counted), Good
    // three times (young, passed; the third gives an interval of over 21 days), Again today
    // (mature, failed): 3 of 5.
    log.study("2026-02-12T10:00:00Z", "e/z", 4);
    log.study("2026-02-20T10:00:00Z", "e/z", 1);
    log.study("2026-02-20T10:10:00Z", "e/z", 3);
    log.study("2026-02-25T10:00:00Z", "e/z", 3);
    log.study("2026-03-02T10:00:00Z", "e/z", 3);
    log.study("2026-03-06T10:00:00Z", "e/z", 3);
    log.study("2026-03-10T10:00:00Z", "e/z", 1);
    log
}

/// The intervals the comments of [`retention_log`] rely on.
fn check_intervals(p: &Progress) {
    let day = SignedDuration::from_hours(24);
    let iv = |card: &str| -> Vec<SignedDuration> {
        p.get(card).unwrap().history.iter().map(|h| h.interval).collect()
    };
    let b = iv("d/b");
    assert!(b[0] >= day && b[0] < day * 21, "{b:?}");
    assert!(b[1] >= day * 21, "{b:?}");
    let a = iv("d/a");
    assert!(a[0] < day && a[1] >= day && a[2] < day && a[3] >= day, "{a:?}");
    let z = iv("e/z");
    assert!(
        z[0] >= day && z[1] < day && z[2..5].iter().all(|i| *i >= day && *i < day * 21),
        "{z:?}"
    );
    assert!(z[5] >= day * 21, "{z:?}");
}

fn ratio(passed: u32, reviews: u32) -> Ratio {
    Ratio {
        passed,
        reviews,
        rate: Some(f64::from(passed) / f64::from(reviews)),
    }
}

#[test]
fn true_retention_counts_reviews_of_young_and_mature_cards() {
    let log = retention_log();
    let (s, p) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 28);
    check_intervals(&p);
    let r = &s.retention;
    assert_eq!(r.desired, 0.9);
    // Young: b Feb 27 ✓, a Mar 5 ✗, a Mar 8 ✓, z Feb 20 ✗, Feb 25 ✓, Mar 2 ✓, Mar 6 ✓.
    assert_eq!(r.young, ratio(5, 7));
    // Mature: b Mar 9 ✓, z Mar 10 ✗.
    assert_eq!(r.mature, ratio(1, 2));
    assert_eq!(r.total, ratio(6, 9));
    assert_eq!(r.weeks.len(), 4);
    assert_eq!(
        (r.weeks[0].start.as_str(), r.weeks[0].end.as_str()),
        ("2026-02-11", "2026-02-17")
    );
    assert_eq!(r.weeks[0].total.rate, None, "no reviews that week");
    assert_eq!(r.weeks[1].total, ratio(0, 1), "z Feb 20");
    assert_eq!(r.weeks[2].total, ratio(3, 3), "z Feb 25, b Feb 27, z Mar 2");
    assert_eq!(r.weeks[3].young, ratio(2, 3), "a Mar 5 ✗, z Mar 6 ✓, a Mar 8 ✓");
    assert_eq!(r.weeks[3].mature, ratio(1, 2), "b Mar 9 ✓, z Mar 10 ✗");
    assert_eq!(s.today.retention, ratio(0, 1));
    // A period of 7 days keeps only the last week.
    let (s, _) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 7);
    assert_eq!(s.retention.total, ratio(3, 5));
    assert_eq!(s.retention.weeks.len(), 1);
}

#[test]
fn per_deck_and_tag_rows_and_the_weakest_tags() {
    let log = retention_log();
    let (s, _) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 28);
    let ids: Vec<&str> = s.tags.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["geo", "x", "y"]);
    let tag = |id: &str| s.tags.iter().find(|r| r.id == id).unwrap();
    assert_eq!(tag("geo").retention, ratio(3, 4), "a and b");
    assert_eq!(tag("x").retention, ratio(3, 4), "a and b");
    assert_eq!(tag("y").retention, ratio(5, 7), "b 2 of 2, z 3 of 5");
    assert_eq!((tag("geo").cards, tag("x").cards, tag("y").cards), (3, 2, 2));
    assert_eq!((tag("geo").new, tag("y").new), (1, 0), "c was never studied");
    // Answers in the period: b 3, a 5 + the quiz answer, z 7; one second each, 2 s the quiz.
    assert_eq!(tag("x").answers, 9);
    assert_eq!(tag("x").ms_per_answer, Some(10_000 / 9));
    let d = &s.decks[0];
    assert_eq!((d.id.as_str(), d.title.as_deref()), ("d", Some("Deck <D> & co")));
    assert_eq!((d.cards, d.new, d.answers), (3, 1, 9));
    assert_eq!(s.decks[1].retention, ratio(3, 5));
    // Only y has five reviews.
    assert_eq!(s.weakest_tags.len(), 1);
    assert_eq!(s.weakest_tags[0].tag, "y");
    // A tag filter keeps the cards with it: b and z.
    let sel = Selection {
        tags: vec!["y".into()],
        ..Selection::default()
    };
    let (s, _) = stats(&log, &sel, "2026-03-10T12:00:00Z", 4, 28);
    assert_eq!(s.cards.total, 2);
    assert_eq!(s.retention.total, ratio(5, 7));
}

#[test]
fn card_states_and_distributions() {
    let log = retention_log();
    let (s, p) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 28);
    let c = &s.cards;
    // a and b in review (young or mature by their last interval), z relearning after
    // today's Again, c new.
    let b = &p.get("d/b").unwrap().state;
    let a = &p.get("d/a").unwrap().state;
    assert_eq!((a.phase, b.phase), (Phase::Review, Phase::Review));
    let mature = [a, b].iter().filter(|s| s.interval_days >= 21).count() as u32;
    assert_eq!(c.total, 4);
    assert_eq!(c.new, 1);
    assert_eq!(c.learning, 1);
    assert_eq!(c.young + c.mature, 2);
    assert_eq!(c.mature, mature);
    assert_eq!((c.suspended, c.leeches, c.buried), (0, 0, 0));
    for h in [&s.stability, &s.difficulty, &s.retrievability] {
        assert_eq!(h.count, 3, "the studied cards");
        assert_eq!(h.bins.iter().map(|b| b.count).sum::<u32>(), 3);
    }
    assert_eq!(s.stability.bins.len(), 9);
    assert_eq!(s.difficulty.bins.len(), 9);
    assert_eq!(s.retrievability.bins.len(), 10);
    let mean_s = [a, b, &p.get("e/z").unwrap().state]
        .iter()
        .map(|s| s.stability)
        .sum::<f64>()
        / 3.0;
    assert!((s.stability.mean.unwrap() - mean_s).abs() < 1e-9);
}

#[test]
fn suspended_cards_are_their_own_state_and_never_forecast() {
    let mut log = retention_log();
    let (before, _) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 28);
    let id = EventId::from_u64(log.0.len() as u64 + 1);
    log.0.push(Event::suspend(id, t("2026-03-10T11:00:00Z"), "d/a"));
    let (s, _) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 28);
    assert_eq!(s.cards.suspended, 1);
    assert_eq!(s.cards.total, before.cards.total);
    assert_eq!(
        s.cards.young + s.cards.mature + 1,
        before.cards.young + before.cards.mature,
        "a was in review"
    );
    let forecast = |s: &Stats| s.forecast.days.iter().map(|d| d.due).sum::<u32>() + s.forecast.overdue;
    assert_eq!(
        forecast(&s) + 1,
        forecast(&before),
        "a is never due while suspended"
    );
}

#[test]
fn histogram_bins_take_values_at_their_lower_edge() {
    let mut h = Histogram {
        bins: vec![
            Bin {
                label: "0-1".into(),
                from: 0.0,
                to: Some(1.0),
                count: 0,
            },
            Bin {
                label: "1+".into(),
                from: 1.0,
                to: None,
                count: 0,
            },
        ],
        ..Histogram::default()
    };
    let mut sum = 0.0;
    for v in [0.0, 0.99, 1.0, 500.0, -1.0, f64::NAN] {
        h.add(v, &mut sum);
    }
    h.finish(sum);
    assert_eq!(h.bins[0].count, 3, "0, 0.99 and -1 (below the first edge)");
    assert_eq!(h.bins[1].count, 2);
    assert_eq!(h.count, 5, "NaN is not counted");
    assert_eq!(h.mean, Some(500.99 / 5.0));
}

#[test]
fn forecast_places_due_cards_in_study_days() {
    let mut log = Log::default();
    // c: Easy long ago, due mid-February: the backlog.
    log.study("2026-02-01T10:00:00Z", "d/c", 4);
    // a: Again at 03:50 → due 03:51, today's study day (the 9th, as days start at 04:00).
    log.study("2026-03-10T03:50:00Z", "d/a", 1);
    // b: Again at 03:59 → due 04:00, the first instant of tomorrow's study day.
    log.study("2026-03-10T03:59:00Z", "d/b", 1);
    let now = "2026-03-10T03:59:30Z";
    let (s, p) = stats(&log, &Selection::default(), now, 4, 28);
    assert_eq!(p.get("d/a").unwrap().state.due, Some(t("2026-03-10T03:51:00Z")));
    assert_eq!(p.get("d/b").unwrap().state.due, Some(t("2026-03-10T04:00:00Z")));
    assert!(p.get("d/c").unwrap().state.due.unwrap() < t("2026-03-01T00:00:00Z"));
    assert_eq!(s.today_date, "2026-03-09");
    assert_eq!(s.forecast.overdue, 1);
    assert_eq!(s.forecast.days.len(), FORECAST_DAYS);
    assert_eq!(
        (s.forecast.days[0].date.as_str(), s.forecast.days[0].due),
        ("2026-03-09", 1)
    );
    assert_eq!(
        (s.forecast.days[1].date.as_str(), s.forecast.days[1].due),
        ("2026-03-10", 1)
    );
    assert_eq!(s.decks[0].due, 2, "c (overdue) and a; b is due tomorrow");
    // Days starting at midnight: both are due today, the 10th.
    let (s, _) = stats(&log, &Selection::default(), now, 0, 28);
    assert_eq!(
        (s.forecast.days[0].date.as_str(), s.forecast.days[0].due),
        ("2026-03-10", 2)
    );
    assert_eq!(s.forecast.days[1].due, 0);
    assert_eq!(s.forecast.overdue, 1);
}

#[test]
fn quiz_scores_per_deck_and_day() {
    let mut log = Log::default();
    log.answer(
        "2026-03-08T10:00:00Z",
        "d/a",
        3,
        1000,
        Mode::Quiz,
        false,
        Some(1.0),
    );
    log.answer(
        "2026-03-08T10:01:00Z",
        "d/b",
        1,
        1000,
        Mode::Quiz,
        false,
        Some(0.0),
    );
    log.answer(
        "2026-03-08T10:02:00Z",
        "d/c",
        2,
        1000,
        Mode::Quiz,
        false,
        Some(0.5),
    );
    log.answer(
        "2026-03-08T10:03:00Z",
        "e/z",
        3,
        1000,
        Mode::Quiz,
        false,
        Some(1.0),
    );
    // Without a score, a rating above again counts one point.
    log.answer("2026-03-10T10:00:00Z", "d/a", 3, 1000, Mode::Quiz, true, None);
    log.answer("2026-03-10T10:01:00Z", "d/b", 1, 1000, Mode::Quiz, true, None);
    // Study answers are not quiz answers.
    log.study("2026-03-10T10:02:00Z", "d/c", 1);
    let (s, _) = stats(&log, &Selection::default(), "2026-03-10T12:00:00Z", 4, 28);
    assert_eq!(s.quizzes.len(), 2);
    let d = &s.quizzes[0];
    assert_eq!(d.deck, "d");
    assert_eq!(d.days.len(), 2);
    assert_eq!(
        (d.days[0].date.as_str(), d.days[0].answers, d.days[0].score),
        ("2026-03-08", 3, 1.5)
    );
    assert_eq!(d.days[0].rate, 0.5);
    assert_eq!((d.days[1].answers, d.days[1].rate), (2, 0.5));
    assert_eq!(
        (s.quizzes[1].deck.as_str(), s.quizzes[1].days[0].rate),
        ("e", 1.0)
    );
}

#[test]
fn an_empty_log_gives_empty_figures() {
    let (s, _) = stats(
        &Log::default(),
        &Selection::default(),
        "2026-03-10T12:00:00Z",
        4,
        365,
    );
    assert_eq!(s.calendar.days.len(), 365);
    assert_eq!((s.calendar.current_streak, s.calendar.longest_streak), (0, 0));
    assert_eq!(s.retention.total.rate, None);
    assert_eq!(s.retention.weeks.len(), 53);
    assert_eq!(s.cards.new, 4);
    assert_eq!(s.stability.mean, None);
    assert!(s.quizzes.is_empty() && s.weakest_tags.is_empty());
    assert_eq!(s.decks[0].ms_per_answer, None);
    let page = html::render(&s);
    assert!(page.contains("No quiz answers in this period."));
    assert_eq!(
        page.matches("class=\"bar\"").count(),
        30 + 9 + 9 + 10,
        "forecast and histograms"
    );
}

#[test]
fn html_escapes_deck_text_and_loads_nothing() {
    let (s, _) = stats(
        &retention_log(),
        &Selection::default(),
        "2026-03-10T12:00:00Z",
        4,
        28,
    );
    let page = html::render(&s);
    assert!(page.contains("Deck &lt;D&gt; &amp; co"));
    assert!(!page.contains("Deck <D>"));
    assert!(page.contains(html::CSP));
    assert!(!page.contains("<script"));
}

#[test]
fn a_renamed_cards_old_answers_count_for_it() {
    let text = DECK_D.replace("id = \"a\"\n", "id = \"a\"\nrenamed_from = [\"old-a\"]\n");
    let (deck, diags) = parse_deck(Origin::Bundled("d.toml".into()), &text);
    assert!(diags.is_empty(), "{diags:?}");
    let lib = Library {
        decks: vec![deck.unwrap()],
        ..Library::default()
    };
    let mut log = Log::default();
    log.answer(
        "2026-03-10T09:00:00Z",
        "d/old-a",
        3,
        7000,
        Mode::Study,
        true,
        None,
    );
    log.answer("2026-03-10T09:01:00Z", "d/a", 3, 3000, Mode::Study, true, None);
    let sched = sched();
    let progress = Progress::replay_renamed(&log.0, &sched, &lib.renames());
    let s = compute(&Input {
        lib: &lib,
        selection: &Selection::default(),
        progress: &progress,
        events: &log.0,
        sched: &sched,
        tz: &TimeZone::UTC,
        day_starts_at: 4,
        now: t("2026-03-10T12:00:00Z"),
        days: 28,
    });
    assert_eq!((s.today.cards, s.today.answers, s.today.ms), (1, 2, 10_000));
    assert_eq!(s.cards.new, 2, "b and c; a was studied under its old id");
}
