//! The HTML report: one self-contained page (inline CSS and SVG, no script, a
//! Content-Security-Policy that lets nothing load) rendered from a [`Stats`].
//!
//! Every figure shown carries `data-json` (a JSON pointer into the `--json` document) and
//! `data-fmt` (how it is written: `int`, `pct`, `ms`, `sec`, `mean`), so a test can check that
//! the page shows exactly what the JSON holds. Chart marks are `rect`s of class `cell`, `bar`
//! or `seg`, each with a `<title>` for a tooltip.

use std::fmt::Write as _;

use super::doc::{Histogram, Stats};
use super::format;

mod svg;

use svg::{Bars, Fmt, fig, int, mark, pct, svg_open, text};

/// The page's Content-Security-Policy: nothing may be fetched, inline styles only.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// The page's style sheet, inlined into it.
const STYLE: &str = include_str!("html/style.css");

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders the whole page.
pub fn render(s: &Stats) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>deckard stats · {}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>deckard stats</h1>
<p class="muted">{} · {} · last {} days · days start at {:02}:00 ({})</p>
"#,
        escape(&s.today_date),
        escape(&s.today_date),
        escape(&filter_text(s)),
        s.days,
        s.day_starts_at,
        escape(&s.time_zone),
    );
    today(&mut o, s);
    calendar(&mut o, s);
    forecast(&mut o, s);
    retention(&mut o, s);
    cards(&mut o, s);
    groups(&mut o, s);
    quizzes(&mut o, s);
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// "all decks" or the filter, for headings.
pub fn filter_text(s: &Stats) -> String {
    let mut parts = Vec::new();
    if !s.filter.decks.is_empty() {
        parts.push(format!("decks: {}", s.filter.decks.join(", ")));
    }
    if !s.filter.tags.is_empty() {
        parts.push(format!("tags: {}", s.filter.tags.join(", ")));
    }
    if parts.is_empty() {
        "all decks".into()
    } else {
        parts.join(" · ")
    }
}

fn dl(o: &mut String, items: &[(&str, String)]) {
    o.push_str("<dl>");
    for (k, v) in items {
        let _ = write!(o, "<div><dt>{}</dt><dd>{v}</dd></div>", escape(k));
    }
    o.push_str("</dl>\n");
}

fn today(o: &mut String, s: &Stats) {
    let t = &s.today;
    o.push_str("<section id=\"today\"><h2>Today</h2>\n");
    dl(
        o,
        &[
            ("cards studied", int("/today/cards", t.cards)),
            ("answers", int("/today/answers", t.answers)),
            ("time", fig("/today/ms", Fmt::Ms, &format::duration(t.ms))),
            ("again", int("/today/again", t.again)),
            ("true retention", pct("/today/retention", &t.retention)),
            (
                "reviews counted",
                int("/today/retention/reviews", t.retention.reviews),
            ),
        ],
    );
    o.push_str("</section>\n");
}

/// The heat level (0–4) of `n` answers on a day, relative to the busiest day.
pub fn level(n: u32, max: u32) -> u32 {
    if n == 0 || max == 0 {
        0
    } else {
        (4 * n).div_ceil(max).clamp(1, 4)
    }
}

fn calendar(o: &mut String, s: &Stats) {
    let c = &s.calendar;
    o.push_str("<section id=\"calendar\"><h2>Answers per day</h2>\n");
    dl(
        o,
        &[
            (
                "current streak",
                int("/calendar/current_streak", c.current_streak),
            ),
            (
                "longest streak",
                int("/calendar/longest_streak", c.longest_streak),
            ),
            ("days studied", int("/calendar/days_studied", c.days_studied)),
            ("answers", int("/calendar/answers", c.answers)),
        ],
    );
    let offset = c
        .days
        .first()
        .and_then(|d| d.date.parse::<jiff::civil::Date>().ok())
        .map_or(0, |d| {
            usize::from(d.weekday().to_monday_zero_offset().unsigned_abs())
        });
    let cols = (offset + c.days.len()).div_ceil(7).max(1);
    let (pitch, left, top) = (11.0, 26.0, 14.0);
    let w = left + cols as f64 * pitch;
    let h = top + 7.0 * pitch;
    svg_open(
        o,
        "calendar-chart",
        w,
        h,
        "answers per day, one square per day, weeks as columns",
    );
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        text(o, 0.0, top + row as f64 * pitch + 8.5, "start", name);
    }
    let max = c.days.iter().map(|d| d.answers).max().unwrap_or(0);
    let mut last_month = String::new();
    for (i, d) in c.days.iter().enumerate() {
        let slot = offset + i;
        let (col, row) = (slot / 7, slot % 7);
        let x = left + col as f64 * pitch;
        let month = d.date.get(..7).unwrap_or_default();
        if row == 0 || i == 0 {
            if month != last_month && col + 3 <= cols {
                text(o, x, 10.0, "start", month_name(month));
            }
            last_month = month.to_string();
        }
        mark(
            o,
            &format!("cell l{}", level(d.answers, max)),
            x,
            top + row as f64 * pitch,
            pitch - 2.0,
            pitch - 2.0,
            &format!("/calendar/days/{i}/answers"),
            Fmt::Int,
            &format!("{}: {} answers", d.date, d.answers),
        );
    }
    o.push_str("</svg>\n</section>\n");
}

/// "Mar" for "2026-03".
fn month_name(ym: &str) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    ym.get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| NAMES.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("")
}

fn forecast(o: &mut String, s: &Stats) {
    let f = &s.forecast;
    o.push_str("<section id=\"forecast\"><h2>Forecast</h2>\n");
    dl(o, &[("overdue", int("/forecast/overdue", f.overdue))]);
    let max = f.days.iter().map(|d| d.due).max().unwrap_or(0).max(1);
    Bars {
        id: "forecast-chart",
        label: "reviews due per day, today first",
        bars: f
            .days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    Some(f64::from(d.due) / f64::from(max)),
                    format!("/forecast/days/{i}/due"),
                    Fmt::Int,
                    format!("{}: {} due", d.date, d.due),
                    if i % 7 == 0 {
                        d.date.get(5..).unwrap_or_default().to_string()
                    } else {
                        String::new()
                    },
                )
            })
            .collect(),
        goal: None,
        top_label: max.to_string(),
        bottom_label: "0".into(),
    }
    .render(o);
    o.push_str("</section>\n");
}

fn retention(o: &mut String, s: &Stats) {
    let r = &s.retention;
    o.push_str("<section id=\"retention\"><h2>True retention</h2>\n");
    dl(
        o,
        &[
            (
                "desired",
                fig("/retention/desired", Fmt::Pct, &format::percent(Some(r.desired))),
            ),
            ("young", pct("/retention/young", &r.young)),
            ("mature", pct("/retention/mature", &r.mature)),
            ("all", pct("/retention/total", &r.total)),
            ("reviews", int("/retention/total/reviews", r.total.reviews)),
        ],
    );
    o.push_str("<p class=\"muted\">Per week: the share of reviews of young and mature cards not rated again; the dashed line is the desired retention. Weeks without reviews have no bar.</p>\n");
    // Weeks before the first review are left out.
    let from = r
        .weeks
        .iter()
        .position(|w| w.total.rate.is_some())
        .unwrap_or(r.weeks.len());
    Bars {
        id: "retention-chart",
        label: "true retention per week",
        bars: r
            .weeks
            .iter()
            .enumerate()
            .skip(from)
            .map(|(i, w)| {
                let rate = w.total.rate;
                (
                    rate,
                    format!("/retention/weeks/{i}/total/rate"),
                    Fmt::Pct,
                    format!(
                        "{} – {}: {} ({} of {})",
                        w.start,
                        w.end,
                        format::percent(rate),
                        w.total.passed,
                        w.total.reviews
                    ),
                    String::new(),
                )
            })
            .collect(),
        goal: Some(r.desired),
        top_label: "100%".into(),
        bottom_label: "0%".into(),
    }
    .render(o);
    let shown = r.weeks.len() - from;
    let _ = writeln!(
        o,
        "<p class=\"muted\">{shown} weeks from the first review, oldest first.</p>\n</section>"
    );
}

fn cards(o: &mut String, s: &Stats) {
    let c = &s.cards;
    o.push_str("<section id=\"cards\"><h2>Cards</h2>\n");
    dl(
        o,
        &[
            ("total", int("/cards/total", c.total)),
            ("new", int("/cards/new", c.new)),
            ("learning", int("/cards/learning", c.learning)),
            ("young", int("/cards/young", c.young)),
            ("mature", int("/cards/mature", c.mature)),
            ("suspended", int("/cards/suspended", c.suspended)),
            ("buried", int("/cards/buried", c.buried)),
            ("leeches", int("/cards/leeches", c.leeches)),
        ],
    );
    svg_open(o, "states-chart", 400.0, 16.0, "cards by state");
    let total = f64::from(c.total.max(1));
    let mut x = 0.0;
    for (name, n) in [
        ("new", c.new),
        ("learning", c.learning),
        ("young", c.young),
        ("mature", c.mature),
    ] {
        let w = 400.0 * f64::from(n) / total;
        mark(
            o,
            &format!("seg {name}"),
            x,
            0.0,
            w,
            16.0,
            &format!("/cards/{name}"),
            Fmt::Int,
            &format!("{name}: {n}"),
        );
        x += w;
    }
    o.push_str("</svg>\n<p class=\"muted\">");
    for name in ["new", "learning", "young", "mature"] {
        let _ = write!(o, "<span class=\"key {name}\"></span>{name} ");
    }
    o.push_str("</p>\n");
    histogram(o, "stability", "Stability (days)", &s.stability);
    histogram(o, "difficulty", "Difficulty", &s.difficulty);
    histogram(o, "retrievability", "Retrievability now", &s.retrievability);
    o.push_str("</section>\n");
}

fn histogram(o: &mut String, key: &str, title: &str, h: &Histogram) {
    let _ = writeln!(
        o,
        "<h3>{}</h3><p class=\"muted\">mean {} over {} cards</p>",
        escape(title),
        fig(&format!("/{key}/mean"), Fmt::Mean, &format::mean(h.mean)),
        int(&format!("/{key}/count"), h.count)
    );
    let max = h.bins.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    Bars {
        id: &format!("{key}-chart"),
        label: title,
        bars: h
            .bins
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    Some(f64::from(b.count) / f64::from(max)),
                    format!("/{key}/bins/{i}/count"),
                    Fmt::Int,
                    format!("{}: {} cards", b.label, b.count),
                    // Every other label when they would crowd each other.
                    if h.bins.len() <= 6 || i % 2 == 0 {
                        b.label.clone()
                    } else {
                        String::new()
                    },
                )
            })
            .collect(),
        goal: None,
        top_label: max.to_string(),
        bottom_label: "0".into(),
    }
    .render(o);
}

fn groups(o: &mut String, s: &Stats) {
    o.push_str("<section id=\"decks\"><h2>Decks</h2>\n");
    table(o, "decks", "deck", &s.decks);
    o.push_str("</section>\n<section id=\"tags\"><h2>Tags</h2>\n");
    if s.weakest_tags.is_empty() {
        o.push_str("<p class=\"muted\">Weakest tags: none yet (a tag needs 5 reviews).</p>\n");
    } else {
        o.push_str("<p>Weakest tags: ");
        let parts: Vec<String> = s
            .weakest_tags
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!(
                    "{} ({})",
                    escape(&w.tag),
                    pct(&format!("/weakest_tags/{i}/retention"), &w.retention)
                )
            })
            .collect();
        o.push_str(&parts.join(", "));
        o.push_str("</p>\n");
    }
    table(o, "tags", "tag", &s.tags);
    o.push_str("</section>\n");
}

fn table(o: &mut String, key: &str, first: &str, rows: &[super::doc::GroupRow]) {
    let _ = writeln!(
        o,
        "<table><thead><tr><th>{first}</th><th>cards</th><th>new</th><th>due</th><th>retention</th><th>per answer</th></tr></thead><tbody>"
    );
    for (i, r) in rows.iter().enumerate() {
        let p = format!("/{key}/{i}");
        let title = r
            .title
            .as_deref()
            .map(|t| format!("<br><small>{}</small>", escape(t)))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "<tr><td>{}{title}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&r.id),
            int(&format!("{p}/cards"), r.cards),
            int(&format!("{p}/new"), r.new),
            int(&format!("{p}/due"), r.due),
            pct(&format!("{p}/retention"), &r.retention),
            fig(
                &format!("{p}/ms_per_answer"),
                Fmt::Sec,
                &format::seconds(r.ms_per_answer)
            ),
        );
    }
    o.push_str("</tbody></table>\n");
}

fn quizzes(o: &mut String, s: &Stats) {
    o.push_str("<section id=\"quizzes\"><h2>Quizzes</h2>\n");
    if s.quizzes.is_empty() {
        o.push_str("<p class=\"muted\">No quiz answers in this period.</p>\n");
    }
    for (qi, q) in s.quizzes.iter().enumerate() {
        let last = q.days.last();
        let _ = writeln!(
            o,
            "<h3>{}</h3><p class=\"muted\">{} days · last {}</p>",
            escape(&q.deck),
            q.days.len(),
            last.map(|d| format!(
                "{} on {}",
                fig(
                    &format!("/quizzes/{qi}/days/{}/rate", q.days.len() - 1),
                    Fmt::Pct,
                    &format::percent(Some(d.rate))
                ),
                escape(&d.date)
            ))
            .unwrap_or_default()
        );
        Bars {
            id: &format!("quiz-chart-{qi}"),
            label: &format!("quiz scores of {} per day", q.deck),
            bars: q
                .days
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    (
                        Some(d.rate),
                        format!("/quizzes/{qi}/days/{i}/rate"),
                        Fmt::Pct,
                        format!(
                            "{}: {} ({} answers)",
                            d.date,
                            format::percent(Some(d.rate)),
                            d.answers
                        ),
                        String::new(),
                    )
                })
                .collect(),
            goal: None,
            top_label: "100%".into(),
            bottom_label: "0%".into(),
        }
        .render(o);
    }
    o.push_str("</section>\n");
}
