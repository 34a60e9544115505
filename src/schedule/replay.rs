//! `deckard replay`: reads a review history in the FSRS optimizer's CSV layout
//! (`card_id,review_time,review_rating`, time in ms since the epoch, UTC; other columns
//! ignored) and replays each card through the FSRS-6 memory model, writing one JSON object per
//! review. No learning steps and no fuzz, so the figures can be checked against any FSRS
//! implementation.
//!
//! Output is grouped by card (in order of first appearance), each card's reviews in time order
//! (ties keep file order). Elapsed days are whole 24-hour periods between reviews.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};

use serde::Serialize;

use super::fsrs::{Memory, Params, elapsed_days_ms, round_days};
use super::{Rating, ScheduleError};

/// A problem reading or replaying a review log.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// Reading the input or writing the output failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A bad header or data line.
    #[error("line {line}: {message}")]
    Line {
        /// 1-based line number in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Bad options (parameters, retention, maximum interval).
    #[error(transparent)]
    Settings(#[from] ScheduleError),
}

/// The memory model with the settings a replay needs.
#[derive(Debug, Clone)]
pub struct Replayer {
    params: Params,
    retention_term: f64,
    maximum_interval: u32,
}

/// The memory state after one review, and what led to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Whole days since the previous review (None for the first).
    pub elapsed_days: Option<u64>,
    /// Retrievability just before the review (None for the first).
    pub retrievability: Option<f64>,
    /// Memory after the review.
    pub memory: Memory,
    /// Interval in whole days, unfuzzed.
    pub interval_days: u32,
}

impl Replayer {
    /// Validates 21 (or 19) weights, retention in (0, 1) and a maximum interval of 1..=36500.
    pub fn new(params: &[f64], retention: f64, maximum_interval: u32) -> Result<Self, ScheduleError> {
        let params = Params::new(params)?;
        if !(retention > 0.0 && retention < 1.0) {
            return Err(ScheduleError::Setting {
                name: "retention",
                value: retention.to_string(),
                expected: "between 0 and 1, exclusive",
            });
        }
        if !(1..=36_500).contains(&maximum_interval) {
            return Err(ScheduleError::Setting {
                name: "max-interval",
                value: maximum_interval.to_string(),
                expected: "1 to 36500 days",
            });
        }
        Ok(Replayer {
            retention_term: params.retention_term(retention),
            params,
            maximum_interval,
        })
    }

    /// One review at `time_ms` after `prev` (the memory and time of the previous review).
    pub fn step(&self, prev: Option<(Memory, i64)>, time_ms: i64, rating: Rating) -> Step {
        let elapsed = prev.map(|(_, t)| elapsed_days_ms(t, time_ms));
        let t = elapsed.unwrap_or(0);
        let r = prev.map(|(m, _)| self.params.retrievability(t as f64, m.stability));
        let memory = self
            .params
            .next_memory_at(prev.map(|(m, _)| m), t, r.unwrap_or(1.0), rating);
        let days = self.params.interval_with(memory.stability, self.retention_term);
        Step {
            elapsed_days: elapsed,
            retrievability: r,
            memory,
            interval_days: round_days(days, self.maximum_interval),
        }
    }

    /// Replays one card's reviews, in the order given, calling `emit` after each.
    pub fn replay_card(&self, reviews: &[(i64, Rating)], mut emit: impl FnMut(usize, &Step)) {
        let mut prev = None;
        for (i, &(t, rating)) in reviews.iter().enumerate() {
            let step = self.step(prev, t, rating);
            emit(i, &step);
            prev = Some((step.memory, t));
        }
    }
}

/// One review line of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// 1-based line number.
    pub line: usize,
    /// Card id as written.
    pub card_id: String,
    /// Milliseconds since the epoch, UTC.
    pub time_ms: i64,
    /// The rating.
    pub rating: Rating,
}

/// Parses the CSV: a header naming `card_id`, `review_time` and `review_rating` (any order,
/// other columns ignored), then one review a line. Quoted fields and CRLF line ends are fine.
pub fn parse_csv(input: impl Read) -> Result<Vec<Review>, ReplayError> {
    let mut reader = BufReader::new(input);
    let mut buf = String::new();
    let mut line = 0;
    let mut columns: Option<[usize; 3]> = None;
    let mut out = Vec::new();
    loop {
        buf.clear();
        if reader.read_line(&mut buf)? == 0 {
            break;
        }
        line += 1;
        let text = buf.trim_end_matches(['\n', '\r']);
        let text = if line == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        let bad = |message: String| ReplayError::Line { line, message };
        let fields = split_fields(text).map_err(|m| bad(m.into()))?;
        let Some([id, time, rating]) = columns else {
            columns = Some(header_columns(&fields).map_err(bad)?);
            continue;
        };
        let get = |i: usize, name: &str| {
            fields
                .get(i)
                .map(|s| s.trim())
                .ok_or_else(|| bad(format!("missing {name} (only {} fields)", fields.len())))
        };
        let card_id = get(id, "card_id")?;
        if card_id.is_empty() {
            return Err(bad("empty card_id".into()));
        }
        let time_text = get(time, "review_time")?;
        let time_ms = time_text.parse::<i64>().map_err(|_| {
            bad(format!(
                "review_time {:?} is not a whole number of milliseconds",
                clip(time_text)
            ))
        })?;
        let rating_text = get(rating, "review_rating")?;
        let rating = rating_text
            .parse::<u8>()
            .ok()
            .and_then(Rating::from_u8)
            .ok_or_else(|| {
                bad(format!(
                    "review_rating {:?} is not 1, 2, 3 or 4",
                    clip(rating_text)
                ))
            })?;
        out.push(Review {
            line,
            card_id: card_id.to_owned(),
            time_ms,
            rating,
        });
    }
    if columns.is_none() {
        return Err(ReplayError::Line {
            line: line.max(1),
            message: "no header line (expected card_id,review_time,review_rating)".into(),
        });
    }
    Ok(out)
}

/// Reads the CSV from `input`, replays it and writes JSON lines to `output`; returns the
/// number of reviews.
pub fn run(input: impl Read, mut output: impl Write, replayer: &Replayer) -> Result<usize, ReplayError> {
    let reviews = parse_csv(input)?;
    // Group by card, keeping first-appearance order.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut cards: Vec<Vec<&Review>> = Vec::new();
    for r in &reviews {
        let i = *index.entry(r.card_id.as_str()).or_insert_with(|| {
            cards.push(Vec::new());
            cards.len() - 1
        });
        if let Some(card) = cards.get_mut(i) {
            card.push(r);
        }
    }
    let mut out = std::io::BufWriter::new(&mut output);
    let mut result = Ok(());
    for card in &mut cards {
        card.sort_by_key(|r| r.time_ms);
        let times: Vec<(i64, Rating)> = card.iter().map(|r| (r.time_ms, r.rating)).collect();
        replayer.replay_card(&times, |i, step| {
            let Some(r) = card.get(i) else { return };
            if result.is_ok() {
                result = write_record(&mut out, r, step);
            }
        });
        result
            .as_ref()
            .map_err(|e| std::io::Error::new(e.kind(), e.to_string()))?;
    }
    out.flush()?;
    Ok(reviews.len())
}

#[derive(Serialize)]
#[serde(untagged)]
enum CardId<'a> {
    Number(i64),
    Text(&'a str),
}

#[derive(Serialize)]
struct Record<'a> {
    card_id: CardId<'a>,
    review_time: i64,
    rating: u8,
    elapsed_days: Option<u64>,
    retrievability: Option<f64>,
    stability: f64,
    difficulty: f64,
    interval_days: u32,
}

fn write_record(out: &mut impl Write, r: &Review, step: &Step) -> std::io::Result<()> {
    let record = Record {
        // Numeric ids (Anki's) stay numbers; anything else is a string.
        card_id: r
            .card_id
            .parse()
            .map(CardId::Number)
            .unwrap_or(CardId::Text(&r.card_id)),
        review_time: r.time_ms,
        rating: r.rating.as_u8(),
        elapsed_days: step.elapsed_days,
        retrievability: step.retrievability,
        stability: step.memory.stability,
        difficulty: step.memory.difficulty,
        interval_days: step.interval_days,
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")
}

/// Indices of card_id, review_time and review_rating in the header.
fn header_columns(fields: &[String]) -> Result<[usize; 3], String> {
    let find = |name: &str| {
        fields
            .iter()
            .position(|f| f.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                format!("header has no {name} column (expected card_id,review_time,review_rating)")
            })
    };
    Ok([find("card_id")?, find("review_time")?, find("review_rating")?])
}

/// Splits one CSV line: fields separated by commas, optionally in double quotes with `""`
/// for a quote inside.
fn split_fields(line: &str) -> Result<Vec<String>, &'static str> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err("unterminated quoted field"),
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => {}
                Some(_) => return Err("text after a closing quote"),
            }
        } else {
            loop {
                match chars.next() {
                    Some(',') => break,
                    Some(c) => field.push(c),
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                }
            }
        }
        fields.push(field);
    }
}

/// At most 40 characters of `s`, for error messages.
fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &str) -> Vec<String> {
        split_fields(s).unwrap()
    }

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(fields("a,b,c"), ["a", "b", "c"]);
        assert_eq!(
            fields("\"a,1\",\"say \"\"hi\"\"\",,"),
            ["a,1", "say \"hi\"", "", ""]
        );
        assert_eq!(fields(""), [""]);
        assert!(split_fields("\"abc").is_err());
        assert!(split_fields("\"a\"b,c").is_err());
    }

    #[test]
    fn reads_columns_in_any_order_with_crlf() {
        let csv =
            "\u{feff}review_rating,extra,card_id,review_time\r\n3,x,\"7\",1000\r\n\r\n1,y,7,90000000\r\n";
        let rows = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].card_id, "7");
        assert_eq!(rows[1].rating, Rating::Again);
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn bad_lines_name_the_line() {
        let cases = [
            ("card_id,review_time\n", "line 1: header has no review_rating"),
            (
                "card_id,review_time,review_rating\n1,2,5\n",
                "line 2: review_rating \"5\"",
            ),
            (
                "card_id,review_time,review_rating\n1,2,3\n1,x,3\n",
                "line 3: review_time",
            ),
            (
                "card_id,review_time,review_rating\n1,2\n",
                "line 2: missing review_rating",
            ),
            ("", "line 1: no header"),
        ];
        for (csv, want) in cases {
            let e = parse_csv(csv.as_bytes()).unwrap_err().to_string();
            assert!(e.starts_with(want), "{e}");
        }
    }

    #[test]
    fn replays_grouped_by_card_in_time_order() {
        let csv = "card_id,review_time,review_rating\n1,86400000,3\nb,0,3\n1,0,4\n";
        let mut out = Vec::new();
        let r = Replayer::new(&super::super::fsrs::DEFAULT_PARAMS, 0.9, 36500).unwrap();
        assert_eq!(run(csv.as_bytes(), &mut out, &r).unwrap(), 3);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("{\"card_id\":1,\"review_time\":0,\"rating\":4,\"elapsed_days\":null,\"retrievability\":null,\"stability\":8.2956"), "{}", lines[0]);
        assert!(lines[1].contains("\"elapsed_days\":1"), "{}", lines[1]);
        assert!(lines[2].starts_with("{\"card_id\":\"b\""), "{}", lines[2]);
    }
}
