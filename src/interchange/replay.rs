//! `deckard replay`'s files: reads a review history in the FSRS optimizer's CSV layout
//! (`card_id,review_time,review_rating`, time in ms since the epoch, UTC; other columns
//! ignored), replays each card through the scheduler's pure [`Replayer`], and writes one JSON
//! object per review.
//!
//! Output is grouped by card (in order of first appearance), each card's reviews in time order
//! (ties keep file order). Elapsed days follow the replayer's day count (study days, or 24-hour periods).

use std::collections::HashMap;
use std::io::{Read, Write};

use serde::Serialize;

use super::delimited::{self, DelimitedError};
use crate::schedule::Rating;
use crate::schedule::replay::{Replayer, Step};

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
/// other columns ignored), then one review a record. Quoted fields (which may span lines),
/// CRLF line ends and a leading byte-order mark are fine.
pub fn parse_csv(mut input: impl Read) -> Result<Vec<Review>, ReplayError> {
    let mut text = String::new();
    input.read_to_string(&mut text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut columns: Option<[usize; 3]> = None;
    let mut out = Vec::new();
    let mut last_line = 1;
    for record in delimited::records(text, b',', 1) {
        let record = record.map_err(|e| match e {
            DelimitedError::Unclosed { line } => ReplayError::Line {
                line,
                message: "a quoted field opened on this line never closes".into(),
            },
            DelimitedError::Unreadable { line, message } => ReplayError::Line { line, message },
        })?;
        let (line, fields) = (record.line, record.fields);
        last_line = line;
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let bad = |message: String| ReplayError::Line { line, message };
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
            line: last_line,
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

/// At most 40 characters of `s`, for error messages.
fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_fields() {
        let csv = "card_id,review_time,review_rating,note\n\"a,1\",0,3,\"say \"\"hi\"\"\"\n\"b\",0,3,,\n";
        let rows = parse_csv(csv.as_bytes()).unwrap();
        let ids: Vec<&str> = rows.iter().map(|r| r.card_id.as_str()).collect();
        assert_eq!(ids, ["a,1", "b"]);
        let e = parse_csv("card_id,review_time,review_rating\n\"abc,0,3\n".as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2: a quoted field opened on this line never closes"
        );
    }

    #[test]
    fn a_quoted_field_may_hold_a_line_break_and_doubled_quotes() {
        let csv = "card_id,review_time,review_rating\n\"card \"\"one\"\"\non two lines\",0,3\n7,0,x\n";
        let e = parse_csv(csv.as_bytes()).unwrap_err();
        // The record after the two-line field is on line 4.
        assert!(e.to_string().starts_with("line 4: review_rating \"x\""), "{e}");
        let rows = parse_csv(&csv.as_bytes()[..csv.len() - 6]).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].card_id, "card \"one\"\non two lines");
        assert_eq!(rows[0].line, 2);
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
        let r = Replayer::new(
            &crate::schedule::fsrs::DEFAULT_PARAMS,
            0.9,
            36500,
            crate::schedule::DayCount::Elapsed,
        )
        .unwrap();
        assert_eq!(run(csv.as_bytes(), &mut out, &r).unwrap(), 3);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("{\"card_id\":1,\"review_time\":0,\"rating\":4,\"elapsed_days\":null,\"retrievability\":null,\"stability\":8.2956"), "{}", lines[0]);
        assert!(lines[1].contains("\"elapsed_days\":1"), "{}", lines[1]);
        assert!(lines[2].starts_with("{\"card_id\":\"b\""), "{}", lines[2]);
    }
}
