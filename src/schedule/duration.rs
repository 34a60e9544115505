//! Short human durations: parsing "1m30s"-style settings and formatting intervals for the
//! rating buttons ("10m", "2d", "3mo", "1.2y").

use jiff::SignedDuration;

use super::ScheduleError;

/// Longest text [`parse_duration`] looks at; keeps work bounded on hostile input.
const MAX_LEN: usize = 64;

/// Parses a duration made of number-unit parts, units `s`, `m`, `h`, `d`, `w`: "90s", "10m",
/// "1h", "1d", "1m30s", "1h 30m". Numbers are whole; the total must fit in 100 years.
pub fn parse_duration(s: &str) -> Result<SignedDuration, ScheduleError> {
    let err = |reason| ScheduleError::Duration {
        text: s.chars().take(MAX_LEN).collect(),
        reason,
    };
    let text = s.trim();
    if text.is_empty() {
        return Err(err("empty; write e.g. 10m, 1h or 1m30s"));
    }
    if text.len() > MAX_LEN {
        return Err(err("too long"));
    }
    let mut total: i64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return Err(err("expected a number, e.g. 10m, 1h or 1m30s"));
        }
        let (num, after) = rest.split_at(digits);
        let n: i64 = num.parse().map_err(|_| err("number too large"))?;
        let unit_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let secs = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3_600,
            "d" => 86_400,
            "w" => 604_800,
            "" if after.starts_with(['.', ',']) => {
                return Err(err("whole numbers only; write 90m rather than 1.5h"));
            }
            "" => return Err(err("missing unit (s, m, h, d or w)")),
            _ => return Err(err("unknown unit; use s, m, h, d or w")),
        };
        total = n
            .checked_mul(secs)
            .and_then(|x| total.checked_add(x))
            .filter(|&t| t <= 36_500 * 86_400)
            .ok_or_else(|| err("longer than 100 years"))?;
        rest = after.trim_start();
    }
    Ok(SignedDuration::from_secs(total))
}

/// Formats an interval compactly: seconds, minutes, hours, days, months (30 days) or years
/// (365 days), with one decimal for hours, months and years when needed.
pub fn format_interval(d: SignedDuration) -> String {
    let sign = if d.is_negative() { "-" } else { "" };
    let secs = d.as_secs_f64().abs();
    let days = secs / 86_400.0;
    let body = if secs < 59.5 {
        format!("{}s", secs.round())
    } else if secs < 3_570.0 {
        format!("{}m", (secs / 60.0).round())
    } else if secs < 86_400.0 * 0.995 {
        format!("{}h", one_decimal(secs / 3_600.0))
    } else if days < 29.5 {
        format!("{}d", days.round())
    } else if days < 364.5 {
        format!("{}mo", one_decimal(days / 30.0))
    } else {
        format!("{}y", one_decimal(days / 365.0))
    };
    format!("{sign}{body}")
}

/// `x` with one decimal, without a trailing ".0".
fn one_decimal(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_settings_durations() {
        let secs = |s: &str| parse_duration(s).map(|d| d.as_secs());
        assert_eq!(secs("1m"), Ok(60));
        assert_eq!(secs("10m"), Ok(600));
        assert_eq!(secs("1h"), Ok(3600));
        assert_eq!(secs("1d"), Ok(86_400));
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("1m30s"), Ok(90));
        assert_eq!(secs(" 1h 30m "), Ok(5400));
        assert_eq!(secs("2w"), Ok(1_209_600));
    }

    #[test]
    fn rejects_bad_durations_with_reason() {
        for (s, reason) in [
            ("", "empty"),
            ("10", "missing unit"),
            ("m", "expected a number"),
            ("10x", "unknown unit"),
            ("1.5h", "whole numbers only"),
            ("-1m", "expected a number"),
            ("99999999999999999999s", "too large"),
            ("40000d", "100 years"),
            (&"1s".repeat(40), "too long"),
        ] {
            let e = parse_duration(s).unwrap_err().to_string();
            assert!(e.contains(reason), "{s:?}: {e}");
        }
    }

    #[test]
    fn formats_like_rating_buttons() {
        let f = |secs: i64| format_interval(SignedDuration::from_secs(secs));
        assert_eq!(f(30), "30s");
        assert_eq!(f(600), "10m");
        assert_eq!(f(330), "6m");
        assert_eq!(f(5400), "1.5h");
        assert_eq!(f(3600), "1h");
        assert_eq!(f(2 * 86_400), "2d");
        assert_eq!(f(90 * 86_400), "3mo");
        assert_eq!(f(45 * 86_400), "1.5mo");
        assert_eq!(f(438 * 86_400), "1.2y");
        assert_eq!(f(36_500 * 86_400), "100y");
        assert_eq!(f(-600), "-10m");
    }
}
