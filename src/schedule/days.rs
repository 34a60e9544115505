//! How days are counted: the one place that turns two instants into "days elapsed" and a
//! review into a due date, for the scheduler, the replay of the learner's log, `deckard
//! replay` and the optimizer alike.
//!
//! - [`DayCount::Rollover`] (the default, as Anki): a study day begins at the `day_starts_at`
//!   hour in the learner's time zone. Elapsed days are the number of study days between two
//!   reviews, so a review at 23:00 and one at 09:00 the next morning are one day apart, and a
//!   review interval of N days makes the card due when study day (review day + N) begins, and
//!   a learning step that reaches into a later study day ends when that day begins.
//! - [`DayCount::Elapsed`] (as py-fsrs): whole 24-hour periods since the last review, and due
//!   exactly N × 24 hours after the review. Kept for checking deckard against py-fsrs.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::DAY_SECS;

/// The rule that counts days between reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayCount {
    /// Study days that begin at `hour` (0–23) local time in `tz`, as Anki counts them.
    Rollover {
        /// The local hour a study day begins at (the `day_starts_at` setting).
        hour: u8,
        /// The learner's time zone (the `time_zone` setting, else the system's).
        tz: TimeZone,
    },
    /// Whole 24-hour periods, as py-fsrs counts them.
    Elapsed,
}

impl Default for DayCount {
    /// Study days starting at 4 a.m. UTC: the settings' defaults before a time zone is known.
    fn default() -> Self {
        DayCount::Rollover {
            hour: 4,
            tz: TimeZone::UTC,
        }
    }
}

impl DayCount {
    /// Study days starting at `hour` in `tz`.
    pub fn rollover(hour: u8, tz: TimeZone) -> Self {
        DayCount::Rollover {
            hour: hour.min(23),
            tz,
        }
    }

    /// The day number of `t`: for study days, days since 1970-01-01 of the local date the
    /// study day began on; for 24-hour periods, whole periods since the Unix epoch.
    pub fn day(&self, t: Timestamp) -> i64 {
        match self {
            DayCount::Rollover { hour, tz } => {
                // Local seconds since the epoch, less the rollover: floored to whole days it is
                // the local date on which the study day holding `t` began.
                let offset = i64::from(tz.to_offset(t).seconds());
                (t.as_second() + offset - i64::from(*hour) * 3600).div_euclid(DAY_SECS)
            }
            DayCount::Elapsed => t.as_second().div_euclid(DAY_SECS),
        }
    }

    /// Days from `from` to `to` (0 when `to` is not later): study days crossed, or whole
    /// 24-hour periods.
    pub fn between(&self, from: Timestamp, to: Timestamp) -> u64 {
        match self {
            DayCount::Rollover { .. } => u64::try_from(self.day(to) - self.day(from)).unwrap_or(0),
            DayCount::Elapsed => elapsed_periods(from, to),
        }
    }

    /// When a card reviewed at `review` with an interval of `days` comes due: the start of the
    /// study day `days` after the review's, or exactly `days` × 24 hours later.
    pub fn due(&self, review: Timestamp, days: u32) -> Timestamp {
        match self {
            DayCount::Rollover { .. } => self.start_of(self.day(review) + i64::from(days)),
            DayCount::Elapsed => {
                let wait = SignedDuration::from_secs(i64::from(days) * DAY_SECS);
                review.saturating_add(wait).unwrap_or(Timestamp::MAX)
            }
        }
    }

    /// When a (re)learning step of `wait` started at `now` ends: exactly `wait` later, except
    /// that with study days a step reaching into a later study day ends when that day begins
    /// (Anki's rule: such a step is counted in days, `InDays`, and is due at the rollover).
    pub fn step_due(&self, now: Timestamp, wait: SignedDuration) -> Timestamp {
        let end = now.saturating_add(wait).unwrap_or(Timestamp::MAX);
        match self {
            DayCount::Rollover { .. } if self.day(end) > self.day(now) => self.start_of(self.day(end)),
            _ => end,
        }
    }

    /// When the day numbered `day` (see [`DayCount::day`]) begins.
    pub fn start_of(&self, day: i64) -> Timestamp {
        match self {
            DayCount::Rollover { hour, tz } => {
                let local = jiff::civil::date(1970, 1, 1)
                    .checked_add(jiff::Span::new().days(day.clamp(-4_000_000, 4_000_000)))
                    .ok()
                    .map(|d| d.at(i8::try_from(*hour).unwrap_or(4), 0, 0, 0));
                // A rollover hour skipped by a DST change starts the day at the next instant
                // that exists (jiff's "compatible" rule); out-of-range days saturate.
                local
                    .and_then(|dt| dt.to_zoned(tz.clone()).ok())
                    .map(|z| z.timestamp())
                    .unwrap_or(if day < 0 { Timestamp::MIN } else { Timestamp::MAX })
            }
            DayCount::Elapsed => Timestamp::from_second(day.saturating_mul(DAY_SECS)).unwrap_or(if day < 0 {
                Timestamp::MIN
            } else {
                Timestamp::MAX
            }),
        }
    }

    /// The short name `deckard replay --days` takes: "rollover" or "elapsed".
    pub fn name(&self) -> &'static str {
        match self {
            DayCount::Rollover { .. } => "rollover",
            DayCount::Elapsed => "elapsed",
        }
    }
}

/// Whole 24-hour periods from `from` to `to` (floored; 0 when `to` is not later), as py-fsrs
/// computes `(now - last_review).days`.
fn elapsed_periods(from: Timestamp, to: Timestamp) -> u64 {
    let diff = i128::from(to.as_millisecond()) - i128::from(from.as_millisecond());
    if diff <= 0 {
        0
    } else {
        u64::try_from(diff / 86_400_000).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn rollover_counts_study_days_and_elapsed_counts_periods() {
        let anki = DayCount::rollover(4, TimeZone::UTC);
        // 11:10, then 09:00 the next day: 22 hours, but the next study day.
        let (a, b) = (t("2026-11-01T11:10:00Z"), t("2026-11-02T09:00:00Z"));
        assert_eq!(anki.between(a, b), 1);
        assert_eq!(DayCount::Elapsed.between(a, b), 0);
        // 03:59 still belongs to the day before; 04:00 starts a new one.
        assert_eq!(anki.between(a, t("2026-11-02T03:59:59Z")), 0);
        assert_eq!(anki.between(a, t("2026-11-02T04:00:00Z")), 1);
        // Never negative.
        assert_eq!(anki.between(b, a), 0);
        assert_eq!(DayCount::Elapsed.between(b, a), 0);
    }

    #[test]
    fn due_dates_fall_at_the_start_of_a_study_day() {
        let anki = DayCount::rollover(4, TimeZone::UTC);
        let review = t("2026-11-01T11:10:00Z");
        assert_eq!(anki.due(review, 3), t("2026-11-04T04:00:00Z"));
        // Reviewed after midnight but before the rollover: the study day began the day before.
        assert_eq!(anki.due(t("2026-11-02T02:00:00Z"), 1), t("2026-11-02T04:00:00Z"));
        assert_eq!(DayCount::Elapsed.due(review, 3), t("2026-11-04T11:10:00Z"));
        // The due day is `days` study days after the review's.
        assert_eq!(anki.between(review, anki.due(review, 3)), 3);
        // Steps: within the study day, exactly their length; into a later one, at its start.
        let ten = SignedDuration::from_mins(10);
        assert_eq!(anki.step_due(review, ten), t("2026-11-01T11:20:00Z"));
        let late = t("2026-11-02T03:55:00Z");
        assert_eq!(anki.step_due(late, ten), t("2026-11-02T04:00:00Z"));
        let day = SignedDuration::from_hours(24);
        assert_eq!(anki.step_due(review, day), t("2026-11-02T04:00:00Z"));
        assert_eq!(DayCount::Elapsed.step_due(late, ten), t("2026-11-02T04:05:00Z"));
    }

    #[test]
    fn study_days_follow_the_time_zone_and_its_clock_changes() {
        let berlin = DayCount::rollover(4, TimeZone::get("Europe/Berlin").unwrap());
        // 04:30 CET on 2026-03-28 and 04:30 CEST on 2026-03-29 (23 hours apart): one day.
        let (a, b) = (t("2026-03-28T03:30:00Z"), t("2026-03-29T02:30:00Z"));
        assert_eq!(berlin.between(a, b), 1);
        assert_eq!(berlin.due(a, 1), t("2026-03-29T02:00:00Z"));
        let plus8 = DayCount::rollover(4, TimeZone::fixed(jiff::tz::offset(8)));
        // 02:00 UTC is 10:00 at +8: the study day began at 20:00 UTC the evening before.
        assert_eq!(plus8.due(t("2026-03-10T02:00:00Z"), 0), t("2026-03-09T20:00:00Z"));
    }

    #[test]
    fn elapsed_floors_whole_periods() {
        let day = 86_400_000;
        let ms = |n: i64| Timestamp::from_millisecond(n).unwrap();
        assert_eq!(DayCount::Elapsed.between(ms(0), ms(day - 1)), 0);
        assert_eq!(DayCount::Elapsed.between(ms(0), ms(day)), 1);
        assert_eq!(DayCount::Elapsed.between(ms(5), ms(3)), 0);
    }
}
