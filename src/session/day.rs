//! Study days: a day starts at a configurable local hour (4 a.m. by default, as in Anki), so a
//! late-night session still counts as the day before.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::schedule::DayCount;

/// The study day containing an instant: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// When the day began.
    pub start: Timestamp,
    /// When the next day begins.
    pub end: Timestamp,
}

impl Day {
    /// The study day containing `now` in `tz`, with days starting at `start_hour` (0–23): the
    /// scheduler's own day rule ([`DayCount`]), so a session's "today" is the day the
    /// scheduler counts intervals in.
    pub fn containing(now: Timestamp, tz: &TimeZone, start_hour: u8) -> Day {
        let days = DayCount::rollover(start_hour, tz.clone());
        let n = days.day(now);
        Day {
            start: days.start_of(n),
            end: days.start_of(n + 1),
        }
    }

    /// The day after this one.
    pub fn next(&self, tz: &TimeZone, start_hour: u8) -> Day {
        Day::containing(self.end, tz, start_hour)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_starts_at_the_configured_hour() {
        let tz = TimeZone::UTC;
        let d = Day::containing("2026-03-10T02:00:00Z".parse().unwrap(), &tz, 4);
        assert_eq!(d.start, "2026-03-09T04:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(d.end, "2026-03-10T04:00:00Z".parse::<Timestamp>().unwrap());
        let d = Day::containing("2026-03-10T04:00:00Z".parse().unwrap(), &tz, 4);
        assert_eq!(d.start, "2026-03-10T04:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(
            d.next(&tz, 4).start,
            "2026-03-11T04:00:00Z".parse::<Timestamp>().unwrap()
        );
    }

    #[test]
    fn days_follow_the_time_zone() {
        let tz = TimeZone::fixed(jiff::tz::offset(8));
        let d = Day::containing("2026-03-10T02:00:00Z".parse().unwrap(), &tz, 4);
        // 10:00 local: the day began at 04:00 local = 20:00 UTC the day before.
        assert_eq!(d.start, "2026-03-09T20:00:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn a_day_cut_short_by_daylight_saving_ends_at_the_next_days_start() {
        // New York moved its clocks forward at 02:00 on 2026-03-08, so the study day from
        // 04:00 on the 7th (EST, 09:00 UTC) to 04:00 on the 8th (EDT, 08:00 UTC) is 23 hours.
        let tz = TimeZone::get("America/New_York").unwrap();
        let d = Day::containing("2026-03-07T12:00:00Z".parse().unwrap(), &tz, 4);
        assert_eq!(d.start, "2026-03-07T09:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(d.end, "2026-03-08T08:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(d.next(&tz, 4).start, d.end);
    }
}
