//! `deckard stats` on a pinned log (tests/fixtures/stats, written by scripts/gen-stats-log.py):
//! the terminal output pinned at 80 and 50 columns, the JSON document against its documented
//! schema, and the HTML page checked against the JSON.

use std::path::PathBuf;

use deckard::stats::format;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::common::{Env, root, stdout};

/// The time the pinned log ends on (its last day of study).
const NOW: &str = "2026-03-01T12:00:00Z";

fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures/stats").join(rel)
}

/// `deckard stats ARGS` on the pinned log and fixture decks, `COLUMNS` wide.
fn stats(env: &Env, columns: &str, args: &[&str]) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.env("COLUMNS", columns)
        .arg("--decks")
        .arg(fixture("geo.toml"))
        .arg("--decks")
        .arg(fixture("history.toml"))
        .arg("--progress")
        .arg(fixture("progress.jsonl"))
        .args(["--now", NOW, "stats"])
        .args(args);
    c
}

fn terminal(columns: usize) -> String {
    let env = Env::new();
    let out = stdout(stats(&env, &columns.to_string(), &[]).assert().success());
    for line in out.lines() {
        assert!(
            line.width() <= columns,
            "line wider than {columns} columns ({}):\n{line}",
            line.width()
        );
    }
    assert!(!out.contains('\u{1b}'), "no colour under NO_COLOR:\n{out}");
    out
}

#[test]
fn terminal_at_80_columns() {
    let out = terminal(80);
    assert!(!out.contains("shown at"), "everything fits in 80 columns:\n{out}");
    insta::assert_snapshot!("stats_80_columns", out);
}

#[test]
fn terminal_at_50_columns_shows_fewer_weeks_and_days_and_says_so() {
    let out = terminal(50);
    assert!(out.contains("(43 of 53 weeks shown at 50 columns)"), "{out}");
    assert!(out.contains("(21 of 30 days shown at 50 columns)"), "{out}");
    insta::assert_snapshot!("stats_50_columns", out);
}

#[test]
fn terminal_at_40_columns_and_narrower_still_fits() {
    // Below 40 columns the report keeps to 40.
    for columns in [40, 41, 63, 64] {
        terminal(columns);
    }
}

#[test]
fn no_colour_codes_when_not_a_terminal_even_without_no_color() {
    let env = Env::new();
    let out = stdout(stats(&env, "80", &[]).env_remove("NO_COLOR").assert().success());
    assert!(!out.contains('\u{1b}'), "{out}");
}

fn json(env: &Env, args: &[&str]) -> Value {
    let out = stdout(stats(env, "80", &[&["--json"], args].concat()).assert().success());
    serde_json::from_str(&out).expect("stats --json is one JSON document")
}

/// Every key of the document as documented: `a.b[].c` paths, where the keys of a histogram,
/// a deck or tag row and a ratio are described once in their own tables (by their own names).
fn key_paths(v: &Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            let is_ratio = m.contains_key("passed") && m.contains_key("reviews");
            for (k, v) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(if is_ratio { k.clone() } else { documented(&p) });
                key_paths(v, &p, out);
            }
        }
        Value::Array(a) => {
            for v in a {
                key_paths(v, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// A path relative to the type table that documents it.
fn documented(path: &str) -> String {
    for table in [
        "stability.",
        "difficulty.",
        "retrievability.",
        "decks[].",
        "tags[].",
    ] {
        if let Some(rest) = path.strip_prefix(table) {
            return rest.to_string();
        }
    }
    path.to_string()
}

#[test]
fn json_has_every_figure_and_each_key_is_documented() {
    let env = Env::new();
    let v = json(&env, &[]);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["today_date"], "2026-03-01");
    assert_eq!(v["calendar"]["days"].as_array().unwrap().len(), 365);
    assert_eq!(v["forecast"]["days"].as_array().unwrap().len(), 30);
    assert_eq!(v["cards"]["total"], 21);
    assert_eq!(v["cards"]["suspended"], 0);
    let answers: u64 = v["calendar"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["answers"].as_u64().unwrap())
        .sum();
    assert_eq!(v["calendar"]["answers"], answers);
    let doc = std::fs::read_to_string(root().join("docs/stats-json.md")).unwrap();
    let mut keys = std::collections::BTreeSet::new();
    key_paths(&v, "", &mut keys);
    for k in keys {
        assert!(
            doc.contains(&format!("`{k}`")),
            "docs/stats-json.md does not describe `{k}`"
        );
    }
}

#[test]
fn filters_and_days_narrow_the_figures() {
    let env = Env::new();
    let v = json(&env, &["--deck", "history", "--tag", "space", "--days", "14"]);
    assert_eq!(v["filter"]["decks"][0], "history");
    assert_eq!(v["filter"]["tags"][0], "space");
    assert_eq!(v["cards"]["total"], 3);
    assert_eq!(v["decks"].as_array().unwrap().len(), 1);
    assert_eq!(v["calendar"]["days"].as_array().unwrap().len(), 14);
    assert_eq!(v["retention"]["weeks"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_flags_are_usage_errors() {
    let env = Env::new();
    stats(&env, "80", &["--days", "0"]).assert().code(2);
    let err = stats(&env, "80", &["--deck", "nope"]).assert().code(2);
    let stderr = String::from_utf8(err.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("deck `nope`"), "{stderr}");
}

#[test]
fn no_log_yet_gives_empty_figures() {
    let env = Env::new();
    let out = stdout(
        env.cmd()
            .env("COLUMNS", "80")
            .arg("--decks")
            .arg(fixture("geo.toml"))
            .args(["stats"])
            .assert()
            .success(),
    );
    assert!(out.contains("0 cards studied"), "{out}");
    assert!(
        out.contains("no reviews of young or mature cards in this period"),
        "{out}"
    );
    assert!(out.contains("░ new 13"), "{out}");
}

/// The page's text between `from` and the next `to`, starting at `at`.
fn between<'a>(s: &'a str, at: usize, from: &str, to: &str) -> Option<(&'a str, usize)> {
    let start = s[at..].find(from)? + at + from.len();
    let end = s[start..].find(to)? + start;
    Some((&s[start..end], end))
}

/// The SVG with this id.
fn svg<'a>(page: &'a str, id: &str) -> &'a str {
    between(page, 0, &format!("<svg id=\"{id}\""), "</svg>")
        .unwrap_or_else(|| panic!("no svg {id}"))
        .0
}

fn html(env: &Env, args: &[&str]) -> String {
    let file = env.path("report/stats.html");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let path = file.to_str().unwrap();
    let out = stdout(
        stats(env, "80", &[&["--html", path], args].concat())
            .assert()
            .success(),
    );
    assert_eq!(out, format!("wrote {path}\n"));
    std::fs::read_to_string(&file).unwrap()
}

#[test]
fn html_page_loads_nothing_and_escapes_deck_text() {
    let env = Env::new();
    let page = html(&env, &[]);
    assert!(page.contains(
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#
    ));
    assert!(!page.contains("<script"));
    assert!(!page.contains("url("), "no CSS that fetches");
    for attr in ["src=", "href=", "xlink:href="] {
        let mut at = 0;
        while let Some((value, end)) = between(&page, at, &format!("{attr}\""), "\"") {
            for external in ["http:", "https:", "//"] {
                assert!(
                    !value.contains(external),
                    "{attr}\"{value}\" points outside the page"
                );
            }
            at = end;
        }
    }
    // The fixture's deck title is `Capitals <b>& "rivers"</b>`.
    assert!(page.contains("Capitals &lt;b&gt;&amp; &quot;rivers&quot;&lt;/b&gt;"));
    assert!(!page.contains("<b>"));
}

#[test]
fn html_charts_have_one_mark_per_figure() {
    let env = Env::new();
    let page = html(&env, &[]);
    let v = json(&env, &[]);
    let len = |p: &str| v.pointer(p).unwrap().as_array().unwrap().len();
    let count = |id: &str, class: &str| svg(&page, id).matches(&format!("class=\"{class}")).count();
    assert_eq!(count("calendar-chart", "cell"), len("/calendar/days"));
    assert_eq!(count("forecast-chart", "bar"), 30);
    let weeks_with_reviews = v["retention"]["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| !w["total"]["rate"].is_null())
        .count();
    assert!(weeks_with_reviews > 5);
    assert_eq!(count("retention-chart", "bar"), weeks_with_reviews);
    assert_eq!(count("stability-chart", "bar"), len("/stability/bins"));
    assert_eq!(count("difficulty-chart", "bar"), len("/difficulty/bins"));
    assert_eq!(count("retrievability-chart", "bar"), len("/retrievability/bins"));
    assert_eq!(count("states-chart", "seg"), 4);
    for (i, q) in v["quizzes"].as_array().unwrap().iter().enumerate() {
        let days = q["days"].as_array().unwrap().len();
        assert_eq!(count(&format!("quiz-chart-{i}"), "bar"), days);
    }
}

/// What a figure of this format looks like for this JSON value.
fn shown(fmt: &str, v: &Value) -> String {
    match fmt {
        "int" => v.as_u64().unwrap().to_string(),
        "pct" => format::percent(v.as_f64()),
        "ms" => format::duration(v.as_u64().unwrap()),
        "sec" => format::seconds(v.as_u64()),
        "mean" => format::mean(v.as_f64()),
        other => panic!("unknown data-fmt {other}"),
    }
}

#[test]
fn html_figures_equal_the_json() {
    let env = Env::new();
    let page = html(&env, &[]);
    let v = json(&env, &[]);
    let mut at = 0;
    let mut checked = 0;
    while let Some((ptr, end)) = between(&page, at, "data-json=\"", "\"") {
        let (fmt, end) = between(&page, end, "data-fmt=\"", "\"").unwrap();
        let value = v
            .pointer(ptr)
            .unwrap_or_else(|| panic!("{ptr} is not in the JSON"));
        let want = shown(fmt, value);
        // A span shows the figure as its text; a chart mark in its tooltip.
        let tag_start = page[..at.max(end)].rfind('<').unwrap();
        if page[tag_start..].starts_with("<span") {
            let (text, _) = between(&page, end, ">", "</span>").unwrap();
            assert_eq!(text, want, "{ptr}");
        } else {
            let (title, _) = between(&page, end, "<title>", "</title>").unwrap();
            assert!(title.contains(&want), "{ptr}: tooltip {title:?} lacks {want:?}");
        }
        checked += 1;
        at = end;
    }
    assert!(checked > 500, "only {checked} figures found");
}

#[test]
fn html_replaces_the_file_whole_and_leaves_no_temp_file() {
    let env = Env::new();
    let file = env.write("report/stats.html", "old page");
    html(&env, &[]);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("<!doctype html>")
    );
    let names: Vec<String> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["stats.html"]);
    // A folder that does not exist is an I/O error naming the file, not a panic.
    let bad = env.path("missing/stats.html");
    let err = stats(&env, "80", &["--html", bad.to_str().unwrap()])
        .assert()
        .code(1);
    let stderr = String::from_utf8(err.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("missing/stats.html"), "{stderr}");
}

// Before: with more tags than the table shows, its closing line ran past 50 columns.
#[test]
fn the_note_under_a_cut_tag_table_fits_50_columns() {
    let env = Env::new();
    let mut deck = String::from("[deck]\nid = \"t\"\ntitle = \"Tags\"\n");
    let mut log = String::from("{\"deckard\":\"progress\",\"version\":1}\n");
    for i in 0..20 {
        deck.push_str(&format!(
            "[[card]]\nid = \"c{i}\"\nq = \"Question {i}?\"\na = \"a{i}\"\ntags = [\"tag-number-{i}\"]\n"
        ));
        log.push_str(&format!(
            "{{\"id\":\"{:016x}\",\"time\":\"2026-02-20T09:{i:02}:00Z\",\"type\":\"review\",\"card\":\"t/c{i}\",\"rating\":3,\"ms\":1000,\"mode\":\"study\"}}\n",
            i + 1
        ));
    }
    let d = env.write("t.toml", deck);
    std::fs::write(env.progress(), log).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(env.progress(), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let out = stdout(
        env.cmd()
            .env("COLUMNS", "50")
            .arg("--decks")
            .arg(&d)
            .args(["--now", NOW, "stats"])
            .assert()
            .success(),
    );
    assert!(out.contains("the 15 tags answered most of 20"), "{out}");
    for line in out.lines() {
        assert!(line.width() <= 50, "{line}\n{out}");
    }
}
