//! `deckard replay`: the real binary on review-log CSVs, checked against the py-fsrs vectors.

use assert_cmd::Command;
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fsrs_vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn deckard() -> Command {
    crate::common::command_anywhere()
}

fn replay(args: &[&str], csv: &str) -> (i32, String, String) {
    let out = deckard()
        .arg("replay")
        .args(args)
        .arg("-")
        .write_stdin(csv)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

fn close(got: &Value, want: &Value) -> bool {
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => (g - w).abs() <= 1e-9 * w.abs(),
        _ => got == want,
    }
}

/// Replays every case of the vector file whose name starts with `prefix` as one card each,
/// with the rows interleaved by time, and compares every output line with py-fsrs.
fn check_against_vectors(prefix: &str, args: &[&str]) {
    let v = vectors();
    let cases: Vec<&Value> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_str().unwrap().starts_with(prefix))
        .collect();
    assert!(cases.len() >= 10, "{prefix}");
    let mut rows = Vec::new();
    for (card, case) in cases.iter().enumerate() {
        for r in case["reviews"].as_array().unwrap() {
            rows.push((
                r["time_ms"].as_i64().unwrap(),
                card,
                r["rating"].as_u64().unwrap(),
            ));
        }
    }
    rows.sort();
    // Extra columns, a different column order, quoted ids and CRLF, as real exports have.
    let mut csv = String::from("review_rating,review_duration,card_id,review_time\r\n");
    for (t, card, rating) in &rows {
        csv.push_str(&format!("{rating},1234,\"{card}\",{t}\r\n"));
    }
    let (code, out, err) = replay(args, &csv);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), rows.len());
    let mut lines = lines.iter();
    for (card, case) in cases.iter().enumerate() {
        for (i, want) in case["reviews"].as_array().unwrap().iter().enumerate() {
            let got = lines.next().unwrap();
            let ctx = format!("{} review {i}: {got}", case["name"]);
            assert_eq!(got["card_id"], card, "{ctx}");
            assert_eq!(got["review_time"], want["time_ms"], "{ctx}");
            assert_eq!(got["rating"], want["rating"], "{ctx}");
            assert_eq!(got["elapsed_days"], want["elapsed_days"], "{ctx}");
            assert_eq!(got["interval_days"], want["interval_days"], "{ctx}");
            for key in ["retrievability", "stability", "difficulty"] {
                assert!(close(&got[key], &want[key]), "{ctx}: {key} {}", want[key]);
            }
        }
    }
}

#[test]
fn default_params_match_py_fsrs() {
    check_against_vectors("fsrs6-default/r0.9/max36500/", &["--days", "elapsed"]);
}

#[test]
fn options_match_py_fsrs() {
    let v = vectors();
    let five = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().starts_with("fsrs5-default-19/"))
        .unwrap();
    let params: Vec<String> = five["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(params.len(), 19);
    let params = params.join(",");
    check_against_vectors(
        "fsrs5-default-19/r0.95/max365/",
        &[
            "--days",
            "elapsed",
            "--params",
            &params,
            "--retention",
            "0.95",
            "--max-interval",
            "365",
        ],
    );
}

#[test]
fn string_ids_and_first_review_nulls() {
    let (code, out, _) = replay(&[], "card_id,review_time,review_rating\nabc,0,1\n");
    assert_eq!(code, 0);
    let line: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["card_id"], "abc");
    assert!(line["retrievability"].is_null() && line["elapsed_days"].is_null());
    assert_eq!(line["stability"], 0.212);
    assert_eq!(line["interval_days"], 1);
}

#[test]
fn bad_line_is_an_error_with_its_number() {
    let (code, out, err) = replay(&[], "card_id,review_time,review_rating\n1,0,3\n1,5,0\n");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("stdin: line 3: review_rating \"0\" is not 1, 2, 3 or 4"),
        "{err}"
    );

    let (code, _, err) = replay(&[], "id,time,rating\n1,0,3\n");
    assert_eq!(code, 1);
    assert!(err.contains("line 1: header has no card_id column"), "{err}");
}

#[test]
fn bad_options_are_usage_errors() {
    let (code, _, err) = replay(&["--params", "1,2,3"], "");
    assert_eq!(code, 2);
    assert!(err.contains("expected 21 values"), "{err}");
    let (code, _, err) = replay(&["--retention", "0"], "");
    assert_eq!(code, 2);
    assert!(err.contains("retention = 0"), "{err}");
    let mut w: Vec<String> = deckard::schedule::fsrs::DEFAULT_PARAMS
        .iter()
        .map(f64::to_string)
        .collect();
    w[20] = "0.9".into();
    let (code, _, err) = replay(&["--params", &w.join(",")], "");
    assert_eq!(code, 2);
    assert!(err.contains("w20 = 0.9"), "{err}");
}

#[test]
fn missing_file_is_an_input_error() {
    let out = deckard()
        .args(["replay", "/nonexistent/log.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/log.csv"));
}

/// 11:10 and 09:00 the next morning: one study day apart past the 4 a.m. rollover (the
/// default, as study and Anki count), no whole 24-hour period (`--days elapsed`, as py-fsrs),
/// and with `day_starts_at = 10` the same study day.
#[test]
fn days_are_study_days_unless_elapsed_is_asked_for() {
    let csv = "card_id,review_time,review_rating\n1,1793531400000,3\n1,1793610000000,3\n";
    let elapsed = |args: &[&str]| {
        let (code, out, err) = replay(args, csv);
        assert_eq!(code, 0, "{err}");
        let last: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
        last["elapsed_days"].as_u64().unwrap()
    };
    assert_eq!(elapsed(&[]), 1);
    assert_eq!(elapsed(&["--days", "rollover"]), 1);
    assert_eq!(elapsed(&["--days", "elapsed"]), 0);
    let env = crate::common::Env::new();
    std::fs::write(env.path("config.toml"), "day_starts_at = 10\n").unwrap();
    let out = env
        .cmd()
        .args(["--config", "config.toml", "replay", "-"])
        .write_stdin(csv)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["elapsed_days"], 0, "{text}");
}
