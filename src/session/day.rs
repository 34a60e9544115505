//! Study days: a day starts at a configurable local hour (4 a.m. by default, as in Anki), so a
//! late-night session still counts as the day before.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// The study day containing an instant: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// When the day began.
    pub start: Timestamp,
    /// When the next day begins.
    pub end: Timestamp,
}

impl Day {
    /// The study day containing `now` in `tz`, with days starting at `start_hour` (0–23).
    pub fn containing(now: Timestamp, tz: &TimeZone, start_hour: u8) -> Day {
        let local = now.to_zoned(tz.clone());
        let hour = i8::try_from(start_hour.min(23)).unwrap_or(4);
        let mut date = local.date();
        if local.hour() < hour {
            date = date.yesterday().unwrap_or(date);
        }
        let start = date
            .at(hour, 0, 0, 0)
            .to_zoned(tz.clone())
            .map(|z| z.timestamp())
            .unwrap_or(now);
        let end = date
            .tomorrow()
            .ok()
            .and_then(|d| d.at(hour, 0, 0, 0).to_zoned(tz.clone()).ok())
            .map(|z| z.timestamp())
            .unwrap_or_else(|| start.checked_add(24.hours()).unwrap_or(start));
        Day { start, end }
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
}
