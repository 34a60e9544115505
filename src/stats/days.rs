//! Study days over a span of time, computed once: placing a million answers in their study day
//! is then a binary search instead of a time-zone conversion each.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::session::Day;

/// Furthest back a day is placed (100 years): older answers count in no day.
const MAX_DAYS_BACK: usize = 36_500;

/// Consecutive study days, oldest first, from the first day needed up to some days after today.
#[derive(Debug, Clone)]
pub(crate) struct Days {
    /// The start of each day, then the end of the last one.
    bounds: Vec<Timestamp>,
    /// The local date each day starts on (its name: a day starting at 04:00 on 3 March is
    /// 3 March until 04:00 on the 4th).
    dates: Vec<Date>,
    /// The index of the day containing `now`.
    today: usize,
}

impl Days {
    /// The days from the one containing `from` (or today, if later) to `ahead` days after the
    /// one containing `now`.
    pub(crate) fn new(from: Timestamp, now: Timestamp, tz: &TimeZone, start_hour: u8, ahead: usize) -> Days {
        let today = Day::containing(now, tz, start_hour);
        let mut back = vec![today];
        let mut first = today;
        while first.start > from && back.len() <= MAX_DAYS_BACK {
            let Some(before) = first.start.checked_sub(jiff::SignedDuration::from_secs(1)).ok() else {
                break;
            };
            first = Day::containing(before, tz, start_hour);
            back.push(first);
        }
        back.reverse();
        let today_index = back.len() - 1;
        let mut day = today;
        for _ in 0..ahead {
            day = day.next(tz, start_hour);
            back.push(day);
        }
        let mut bounds: Vec<Timestamp> = back.iter().map(|d| d.start).collect();
        bounds.push(day.end);
        let dates = back.iter().map(|d| d.start.to_zoned(tz.clone()).date()).collect();
        Days {
            bounds,
            dates,
            today: today_index,
        }
    }

    /// The index of the day holding `t`, if it is in the span.
    pub(crate) fn index(&self, t: Timestamp) -> Option<usize> {
        let first = *self.bounds.first()?;
        let end = *self.bounds.last()?;
        if t < first || t >= end {
            return None;
        }
        // Days are 24 hours but for clock changes: guess from the seconds, then step to the
        // right day (a step or two at most). A million answers are placed this way.
        let last = self.bounds.len() - 2;
        let guess = (t.as_second() - first.as_second()).div_euclid(86_400);
        let mut i = usize::try_from(guess).unwrap_or(0).min(last);
        while i > 0 && self.bounds[i] > t {
            i -= 1;
        }
        while i < last && self.bounds[i + 1] <= t {
            i += 1;
        }
        Some(i)
    }

    /// The index of today.
    pub(crate) fn today(&self) -> usize {
        self.today
    }

    /// The number of days in the span.
    pub(crate) fn len(&self) -> usize {
        self.dates.len()
    }

    /// The local date of day `i`.
    pub(crate) fn date(&self, i: usize) -> Date {
        self.dates.get(i).copied().unwrap_or_default()
    }

    /// When day `i` starts.
    pub(crate) fn start(&self, i: usize) -> Timestamp {
        self.bounds.get(i).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn days_start_at_the_hour_and_span_back_and_ahead() {
        let days = Days::new(
            t("2026-03-01T12:00:00Z"),
            t("2026-03-05T02:00:00Z"),
            &TimeZone::UTC,
            4,
            2,
        );
        // 02:00 on the 5th is still the study day of the 4th.
        assert_eq!(days.date(days.today()), jiff::civil::date(2026, 3, 4));
        assert_eq!(days.date(0), jiff::civil::date(2026, 3, 1));
        assert_eq!(days.len(), 4 + 2);
        assert_eq!(days.index(t("2026-03-01T04:00:00Z")), Some(0));
        assert_eq!(days.index(t("2026-03-02T03:59:59Z")), Some(0));
        assert_eq!(days.index(t("2026-03-02T04:00:00Z")), Some(1));
        assert_eq!(days.index(t("2026-03-01T03:59:59Z")), None);
        assert_eq!(days.index(t("2026-03-07T03:59:59Z")), Some(5));
        assert_eq!(days.index(t("2026-03-07T04:00:00Z")), None);
        assert_eq!(days.start(days.today()), t("2026-03-04T04:00:00Z"));
    }

    #[test]
    fn days_across_clock_changes_are_23_and_25_hours() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        // Clocks go forward at 02:00 on 29 March 2026 and back at 03:00 on 25 October: with
        // days starting at 04:00, the study days of the 28th and the 24th are the odd ones.
        let days = Days::new(t("2026-03-27T12:00:00Z"), t("2026-10-27T12:00:00Z"), &tz, 4, 0);
        for i in 0..days.len() {
            let start = days.start(i);
            assert_eq!(days.index(start), Some(i), "{}", days.date(i));
            let before = start.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap();
            assert_eq!(days.index(before), i.checked_sub(1), "{}", days.date(i));
        }
        let spring = days
            .dates
            .iter()
            .position(|d| d.to_string() == "2026-03-28")
            .unwrap();
        assert_eq!(
            days.start(spring + 1).as_second() - days.start(spring).as_second(),
            23 * 3600
        );
        let autumn = days
            .dates
            .iter()
            .position(|d| d.to_string() == "2026-10-24")
            .unwrap();
        assert_eq!(
            days.start(autumn + 1).as_second() - days.start(autumn).as_second(),
            25 * 3600
        );
    }
}
