//! A fast path for the lines deckard writes most: review events exactly as
//! [`Event::to_line`] lays them out (fixed key order, no whitespace, no escapes) and their
//! canonical UTC times. It accepts a strict subset of what the general serde path accepts and
//! must give the same event for it; anything else returns `None` and takes the general path,
//! which also words every error. A million-line log spends most of its open time here.

use jiff::Timestamp;

use super::event::{Event, EventBody, EventId, Mode, Review};

struct Cursor<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn lit(&mut self, s: &[u8]) -> Option<()> {
        let rest = self.b.get(self.i..)?;
        rest.starts_with(s).then(|| self.i += s.len())
    }

    fn opt_lit(&mut self, s: &[u8]) -> bool {
        self.lit(s).is_some()
    }

    /// The body of a string whose opening quote was just consumed; escapes and raw control
    /// characters are left to the general path.
    fn str_body(&mut self) -> Option<&'a str> {
        let start = self.i;
        let rest = self.b.get(start..)?;
        let len = rest.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        if rest[len] != b'"' {
            return None;
        }
        self.i += len + 1;
        // Both ends are ASCII, so char boundaries: the line was checked as UTF-8 once.
        self.s.get(start..start + len)
    }

    fn string(&mut self) -> Option<&'a str> {
        self.lit(b"\"")?;
        self.str_body()
    }

    fn digits(&mut self) -> &'a [u8] {
        let rest = self.b.get(self.i..).unwrap_or_default();
        let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        self.i += n;
        &rest[..n]
    }

    /// A JSON unsigned integer (no leading zeros) that fits a u64.
    fn uint(&mut self) -> Option<u64> {
        let d = self.digits();
        if d.is_empty() || (d.len() > 1 && d[0] == b'0') {
            return None;
        }
        d.iter().try_fold(0u64, |acc, &c| {
            acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        })
    }

    /// A JSON number, checked against JSON's grammar (Rust's parser accepts more).
    fn number(&mut self) -> Option<f64> {
        let start = self.i;
        self.opt_lit(b"-");
        let int = self.digits();
        if int.is_empty() || (int.len() > 1 && int[0] == b'0') {
            return None;
        }
        if self.opt_lit(b".") && self.digits().is_empty() {
            return None;
        }
        if self.opt_lit(b"e") || self.opt_lit(b"E") {
            let _ = self.opt_lit(b"+") || self.opt_lit(b"-");
            if self.digits().is_empty() {
                return None;
            }
        }
        let text = self.s.get(start..self.i)?;
        text.parse().ok().filter(|v: &f64| v.is_finite())
    }
}

fn two(b: &[u8], at: usize) -> Option<i64> {
    let (h, l) = (*b.get(at)?, *b.get(at + 1)?);
    (h.is_ascii_digit() && l.is_ascii_digit()).then(|| i64::from((h - b'0') * 10 + (l - b'0')))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` for years 1000 to 8999, as jiff would parse it.
pub(crate) fn timestamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || b.last() != Some(&b'Z') {
        return None;
    }
    let year = two(b, 0)? * 100 + two(b, 2)?;
    let (month, day) = (two(b, 5)?, two(b, 8)?);
    let (hour, min, sec) = (two(b, 11)?, two(b, 14)?, two(b, 17)?);
    let date_ok = (1000..9000).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day);
    if !date_ok || hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => {
            frac.iter().try_fold(0i32, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + i32::from(c - b'0'))
            })? * 10i32.pow(9 - frac.len() as u32)
        }
        _ => return None,
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec;
    Timestamp::new(secs, nanos).ok()
}

/// A review line in the exact layout `to_line` writes, or `None`.
pub(crate) fn review(line: &str) -> Option<Event> {
    let mut c = Cursor {
        s: line,
        b: line.as_bytes(),
        i: 0,
    };
    c.lit(b"{\"id\":\"")?;
    let id: EventId = c.str_body()?.parse().ok()?;
    c.lit(b",\"time\":\"")?;
    let time = timestamp(c.str_body()?)?;
    c.lit(b",\"type\":\"review\",\"card\":")?;
    let card = c.string()?.to_owned();
    c.lit(b",\"rating\":")?;
    let rating = u8::try_from(c.uint()?).ok()?;
    let answer = match c.opt_lit(b",\"answer\":") {
        true => Some(c.string()?.to_owned()),
        false => None,
    };
    let verdict = match c.opt_lit(b",\"verdict\":") {
        true => Some(c.string()?.to_owned()),
        false => None,
    };
    let score = match c.opt_lit(b",\"score\":") {
        true => Some(c.number()?),
        false => None,
    };
    c.lit(b",\"ms\":")?;
    let ms = c.uint()?;
    c.lit(b",\"mode\":\"")?;
    let mode = match (c.opt_lit(b"study\""), c.opt_lit(b"quiz\"")) {
        (true, _) => Mode::Study,
        (_, true) => Mode::Quiz,
        _ => return None,
    };
    let reschedule = !c.opt_lit(b",\"reschedule\":false");
    if reschedule {
        let _ = c.opt_lit(b",\"reschedule\":true");
    }
    c.lit(b"}")?;
    if !c.b[c.i..].iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let body = EventBody::Review(Review {
        card,
        rating,
        answer,
        verdict,
        score,
        ms,
        mode,
        reschedule,
        origin: None,
    });
    Some(Event { id, time, body })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn slow(line: &str) -> Option<Event> {
        serde_json::from_str(line).ok()
    }

    proptest! {
        #[test]
        fn timestamps_agree_with_jiff(secs in -30_000_000_000i64..200_000_000_000, nanos in 0i32..1_000_000_000) {
            let t = Timestamp::new(secs, nanos).unwrap();
            let text = t.to_string();
            if let Some(fast) = timestamp(&text) {
                prop_assert_eq!(fast, t);
            } else {
                prop_assert!(!(1000..9000).contains(&t.to_zoned(jiff::tz::TimeZone::UTC).year()));
            }
        }

        #[test]
        fn reviews_agree_with_serde(
            id: u64, secs in 0i64..4_000_000_000, card in "[a-z]{1,5}/[a-z.0-9]{1,5}",
            rating in 1u8..=4, answer in proptest::option::of(".{0,12}"),
            verdict in proptest::option::of("[a-z]{1,8}"), score in proptest::option::of(-1e9f64..1e9),
            ms: u64, quiz: bool, reschedule: bool,
        ) {
            let e = Event {
                id: EventId::from_u64(id),
                time: Timestamp::from_second(secs).unwrap(),
                body: EventBody::Review(Review {
                    card, rating, answer, verdict, score, ms,
                    mode: if quiz { Mode::Quiz } else { Mode::Study }, reschedule,
                    origin: None,
                }),
            };
            let line = e.to_line();
            let fast = review(&line);
            if !line.contains('\\') {
                prop_assert_eq!(fast.as_ref(), Some(&e));
            }
            if let Some(f) = fast {
                prop_assert_eq!(Some(f), slow(&line));
            }
        }
    }

    #[test]
    fn off_layout_lines_take_the_general_path() {
        let good = r#"{"id":"00000000000000ab","time":"2025-02-28T23:59:59.5Z","type":"review","card":"d/c","rating":3,"score":1e-3,"ms":12,"mode":"quiz","reschedule":false}"#;
        assert_eq!(review(good), slow(good));
        for bad in [
            r#"{"id": "00000000000000ab"}"#,
            &good.replace("12,", "012,"),
            &good.replace("1e-3", "1."),
            &good.replace("1e-3", ".5"),
            &good.replace("02-28", "02-29"),
            &good.replace("\"d/c\"", "\"d/\\u0063\""),
            &good.replace("}", "}x"),
            &good.replace("\"rating\":3", "\"rating\":300"),
        ] {
            assert_eq!(review(bad), None, "{bad}");
        }
    }
}
