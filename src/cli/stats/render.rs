//! The terminal report: every section of a [`Stats`] as lines fitted to a width, charts in
//! Unicode blocks, colour codes that `anstream` drops where colour is off.

use anstyle::{AnsiColor, Style};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use deckard::sanitize::escape;
use deckard::stats::{self, GroupRow, Histogram, Stats, format};

use super::charts::{self, columns, fit, hbar, spark, split};
use crate::cli::term::join_fitting;

/// Most tag rows in the terminal's table.
const MAX_TAG_ROWS: usize = 15;

/// Rows of the vertical bar charts.
const BAR_ROWS: usize = 5;

fn paint(style: Style, s: &str) -> String {
    format!("{}{s}{}", style.render(), style.render_reset())
}

fn heading(s: &str) -> String {
    paint(Style::new().bold(), s)
}

fn green() -> Style {
    Style::new().fg_color(Some(AnsiColor::Green.into()))
}

fn blue() -> Style {
    Style::new().fg_color(Some(AnsiColor::Cyan.into()))
}

fn yellow() -> Style {
    Style::new().fg_color(Some(AnsiColor::Yellow.into()))
}

/// "85.7% (6 of 7)" or "–".
fn ratio(r: &stats::Ratio) -> String {
    match r.rate {
        Some(_) => format!("{} ({} of {})", format::percent(r.rate), r.passed, r.reviews),
        None => "–".into(),
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The whole report as lines of at most `w` columns (before colour codes).
pub fn render(s: &Stats, w: usize) -> Vec<String> {
    let mut o = Vec::new();
    o.push(heading(&format!("deckard stats · {}", s.today_date)));
    o.extend(join_fitting(
        &[
            escape(&stats::html::filter_text(s)).into_owned(),
            format!("last {} days", s.days),
            format!("days start at {:02}:00 {}", s.day_starts_at, s.time_zone),
        ],
        "",
        Some(w),
    ));
    today(&mut o, s, w);
    calendar(&mut o, s, w);
    forecast(&mut o, s, w);
    retention(&mut o, s, w);
    cards(&mut o, s, w);
    groups(&mut o, s, w);
    quizzes(&mut o, s, w);
    // Charts and tables are laid out to `w`; a sentence that is longer wraps between words
    // (its indent kept) rather than where the terminal would cut it.
    o.into_iter()
        .flat_map(|line| {
            if textwrap::core::display_width(&line) <= w {
                vec![line]
            } else {
                crate::cli::term::wrap(&line, Some(w))
            }
        })
        .collect()
}

fn today(o: &mut Vec<String>, s: &Stats, w: usize) {
    let t = &s.today;
    o.push(String::new());
    o.push(heading("Today"));
    o.extend(join_fitting(
        &[
            format!("{} studied", plural(t.cards, "card", "cards")),
            format!(
                "{} in {}",
                plural(t.answers, "answer", "answers"),
                format::duration(t.ms)
            ),
            format!("{} again", t.again),
            format!("true retention {}", ratio(&t.retention)),
        ],
        "  ",
        Some(w),
    ));
}

/// Whether `shown` of `all` items fit; the note to print when not.
fn narrower(shown: usize, all: usize, what: &str, w: usize) -> Option<String> {
    (shown < all).then(|| format!("  ({shown} of {all} {what} shown at {w} columns)"))
}

fn calendar(o: &mut Vec<String>, s: &Stats, w: usize) {
    let c = &s.calendar;
    o.push(String::new());
    o.push(heading("Answers per day"));
    o.extend(join_fitting(
        &[
            format!("streak {}", plural(c.current_streak, "day", "days")),
            format!("longest {}", c.longest_streak),
            format!("{} of {} days studied", c.days_studied, c.days.len()),
            plural(c.answers, "answer", "answers"),
        ],
        "  ",
        Some(w),
    ));
    let offset = c
        .days
        .first()
        .and_then(|d| d.date.parse::<jiff::civil::Date>().ok())
        .map_or(0, |d| {
            usize::from(d.weekday().to_monday_zero_offset().unsigned_abs())
        });
    let weeks = (offset + c.days.len()).div_ceil(7);
    let prefix = 6;
    let shown = weeks.min(w.saturating_sub(prefix + 1));
    let skip = weeks - shown;
    let max = c.days.iter().map(|d| d.answers).max().unwrap_or(0);
    // Each visible column's month label, where there is room for it.
    let mut months: Vec<char> = vec![' '; shown];
    let mut last = "";
    let mut free_from = 0;
    for col in 0..shown {
        let first_slot = (skip + col) * 7;
        let day = first_slot
            .saturating_sub(offset)
            .min(c.days.len().saturating_sub(1));
        let Some(d) = c.days.get(day) else { break };
        let month = d.date.get(..7).unwrap_or_default();
        if month != last {
            last = month;
            let name = month_name(month);
            if col >= free_from && col + name.len() <= shown {
                for (i, ch) in name.chars().enumerate() {
                    months[col + i] = ch;
                }
                free_from = col + name.len() + 1;
            }
        }
    }
    o.push(format!(
        "{}{}",
        " ".repeat(prefix),
        months.iter().collect::<String>().trim_end()
    ));
    let shades = ['·', '░', '▒', '▓', '█'];
    for (row, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .enumerate()
    {
        let mut line = format!("  {name} ");
        for col in 0..shown {
            let slot = (skip + col) * 7 + row;
            match slot.checked_sub(offset).and_then(|i| c.days.get(i)) {
                Some(d) => {
                    let level = stats::html::level(d.answers, max) as usize;
                    let ch = shades[level].to_string();
                    line.push_str(&if level > 0 { paint(green(), &ch) } else { ch });
                }
                None => line.push(' '),
            }
        }
        o.push(line.trim_end().to_string());
    }
    o.push(format!(
        "{}less {} more (busiest day: {})",
        " ".repeat(prefix),
        shades.iter().collect::<String>(),
        max
    ));
    o.extend(narrower(shown, weeks, "weeks", w));
}

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

/// A vertical bar chart: an axis label column, then `cols` (one char per value, `gap` spaces
/// between), `labels` by row from the top.
fn bar_rows(
    o: &mut Vec<String>,
    rows: &[Vec<char>],
    gap: usize,
    labels: &[(usize, String)],
    zero: &str,
    style: Style,
    marker: Option<(usize, char)>,
) {
    let lw = labels.iter().map(|(_, l)| l.len()).max().unwrap_or(0).max(3);
    for (r, row) in rows.iter().enumerate() {
        let label = labels
            .iter()
            .find(|(i, _)| *i == r)
            .map_or(String::new(), |(_, l)| l.clone());
        let mut line = format!("  {label:>lw$} ┤");
        for ch in row {
            let ch = match marker {
                Some((mr, m)) if mr == r && *ch == ' ' => paint(yellow(), &m.to_string()),
                _ if *ch == ' ' => " ".into(),
                _ => paint(style, &ch.to_string()),
            };
            line.push_str(&ch);
            line.push_str(&" ".repeat(gap));
        }
        o.push(line.trim_end().to_string());
    }
    let n = rows.first().map_or(0, Vec::len);
    o.push(format!("  {zero:>lw$} ┼{}", "─".repeat(n * (gap + 1))));
}

fn forecast(o: &mut Vec<String>, s: &Stats, w: usize) {
    let f = &s.forecast;
    o.push(String::new());
    o.push(heading("Forecast"));
    let total: u32 = f.days.iter().map(|d| d.due).sum();
    o.extend(join_fitting(
        &[
            format!("{} due in the next {} days", total, f.days.len()),
            format!("{} overdue", f.overdue),
        ],
        "  ",
        Some(w),
    ));
    let max = f.days.iter().map(|d| d.due).max().unwrap_or(0);
    let lw = max.to_string().len().max(3);
    let shown = f.days.len().min((w.saturating_sub(lw + 4)) / 2);
    let days = &f.days[..shown];
    let values: Vec<Option<f64>> = days
        .iter()
        .map(|d| Some(f64::from(d.due) / f64::from(max.max(1))))
        .collect();
    bar_rows(
        o,
        &columns(&values, BAR_ROWS),
        1,
        &[(0, max.to_string())],
        "0",
        blue(),
        None,
    );
    // Dates under every seventh day, where they fit.
    let mut under = vec![' '; shown * 2];
    for (i, d) in days.iter().enumerate().step_by(7) {
        let label = if i == 0 {
            "today"
        } else {
            d.date.get(5..).unwrap_or_default()
        };
        if i * 2 + label.len() > under.len() {
            break;
        }
        for (j, ch) in label.chars().enumerate() {
            if let Some(slot) = under.get_mut(i * 2 + j) {
                *slot = ch;
            }
        }
    }
    o.push(format!(
        "{} {}",
        " ".repeat(lw + 3),
        under.iter().collect::<String>().trim_end()
    ));
    o.extend(narrower(shown, f.days.len(), "days", w));
}

fn retention(o: &mut Vec<String>, s: &Stats, w: usize) {
    let r = &s.retention;
    o.push(String::new());
    o.push(heading("True retention"));
    o.extend(join_fitting(
        &[
            format!("young {}", ratio(&r.young)),
            format!("mature {}", ratio(&r.mature)),
            format!("all {}", ratio(&r.total)),
        ],
        "  ",
        Some(w),
    ));
    o.extend(join_fitting(
        &[
            "per week, oldest first".into(),
            format!("┈ desired {}", format::percent(Some(r.desired))),
        ],
        "  ",
        Some(w),
    ));
    // Weeks before the first review are left out.
    let from = r
        .weeks
        .iter()
        .position(|w| w.total.rate.is_some())
        .unwrap_or(r.weeks.len());
    let studied = r.weeks.len() - from;
    if studied == 0 {
        o.push("  no reviews of young or mature cards in this period".into());
        return;
    }
    let shown = studied.min(w.saturating_sub(9));
    let weeks = &r.weeks[r.weeks.len() - shown..];
    let values: Vec<Option<f64>> = weeks.iter().map(|w| w.total.rate).collect();
    let rows = columns(&values, BAR_ROWS);
    let goal_row = ((1.0 - r.desired) * BAR_ROWS as f64)
        .floor()
        .clamp(0.0, (BAR_ROWS - 1) as f64) as usize;
    let mut labels = vec![(goal_row, format::percent(Some(r.desired)).replace(".0%", "%"))];
    if goal_row != 0 {
        labels.push((0, "100%".into()));
    }
    bar_rows(o, &rows, 0, &labels, "0%", green(), Some((goal_row, '┈')));
    if let (Some(first), Some(last)) = (weeks.first(), weeks.last()) {
        o.push(format!("        {} … {}", first.start, last.end));
    }
    o.extend(narrower(shown, studied, "weeks", w));
}

fn cards(o: &mut Vec<String>, s: &Stats, w: usize) {
    let c = &s.cards;
    o.push(String::new());
    o.push(heading("Cards"));
    let parts = [
        ("new", c.new, '░'),
        ("learning", c.learning, '▒'),
        ("young", c.young, '▓'),
        ("mature", c.mature, '█'),
    ];
    o.extend(join_fitting(
        &parts
            .iter()
            .map(|(name, n, ch)| format!("{ch} {name} {n}"))
            .chain([
                format!("suspended {}", c.suspended),
                format!("buried {}", c.buried),
                format!("leeches {}", c.leeches),
                format!("total {}", c.total),
            ])
            .collect::<Vec<_>>(),
        "  ",
        Some(w),
    ));
    let widths = split(&parts.map(|p| p.1), w - 4);
    let bar: String = parts
        .iter()
        .zip(widths)
        .map(|((_, _, ch), n)| ch.to_string().repeat(n))
        .collect();
    if !bar.is_empty() {
        o.push(format!("  {}", paint(green(), &bar)));
    }
    histogram(o, "Stability (days)", &s.stability, w);
    histogram(o, "Difficulty", &s.difficulty, w);
    histogram(o, "Retrievability now", &s.retrievability, w);
}

fn histogram(o: &mut Vec<String>, title: &str, h: &Histogram, w: usize) {
    o.push(String::new());
    o.push(heading(title));
    o.push(format!(
        "  mean {} over {}",
        format::mean(h.mean),
        plural(h.count, "card", "cards")
    ));
    let lw = h.bins.iter().map(|b| charts::width(&b.label)).max().unwrap_or(0);
    let max = h.bins.iter().map(|b| b.count).max().unwrap_or(0);
    let nw = max.to_string().len();
    let bw = w.saturating_sub(2 + lw + 1 + 1 + nw).clamp(1, 40);
    for b in &h.bins {
        let bar = hbar(f64::from(b.count) / f64::from(max.max(1)), bw);
        o.push(format!(
            "  {:<lw$} {} {:>nw$}",
            b.label,
            paint(blue(), &bar),
            b.count
        ));
    }
}

fn table(rows: &[GroupRow], first: &str, w: usize) -> Vec<String> {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(w).unwrap_or(u16::MAX))
        .set_header(if w >= 64 {
            vec![first, "cards", "new", "due", "retention", "per answer"]
        } else {
            vec![first, "cards", "new", "due", "ret.", "s/ans"]
        });
    for r in rows {
        t.add_row(vec![
            escape(&r.id).into_owned(),
            r.cards.to_string(),
            r.new.to_string(),
            r.due.to_string(),
            format::percent(r.retention.rate),
            format::seconds(r.ms_per_answer),
        ]);
    }
    for i in 1..6 {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t.lines().collect()
}

fn groups(o: &mut Vec<String>, s: &Stats, w: usize) {
    o.push(String::new());
    o.push(heading("Decks"));
    o.extend(table(&s.decks, "deck", w));
    o.push(String::new());
    o.push(heading("Tags"));
    if s.tags.is_empty() {
        o.push("  no tags".into());
    } else {
        // The tags answered most; the JSON and the page list them all.
        let mut top: Vec<&GroupRow> = s.tags.iter().collect();
        top.sort_by(|a, b| b.answers.cmp(&a.answers).then_with(|| a.id.cmp(&b.id)));
        top.truncate(MAX_TAG_ROWS);
        top.sort_by(|a, b| a.id.cmp(&b.id));
        let rows: Vec<GroupRow> = top.into_iter().cloned().collect();
        o.extend(table(&rows, "tag", w));
        if s.tags.len() > rows.len() {
            o.extend(join_fitting(
                &[
                    format!("the {} tags answered most of {}", rows.len(), s.tags.len()),
                    "--json or --html lists all".to_string(),
                ],
                "  ",
                Some(w),
            ));
        }
    }
    if s.weakest_tags.is_empty() {
        o.push(format!(
            "  weakest tags: none yet (a tag needs {} reviews)",
            stats::WEAK_MIN_REVIEWS
        ));
    } else {
        let items: Vec<String> = s
            .weakest_tags
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let lead = if i == 0 { "weakest: " } else { "" };
                format!("{lead}{} {}", escape(&t.tag), ratio(&t.retention))
            })
            .collect();
        o.extend(join_fitting(&items, "  ", Some(w)));
    }
}

fn quizzes(o: &mut Vec<String>, s: &Stats, w: usize) {
    o.push(String::new());
    o.push(heading("Quizzes (score per day)"));
    if s.quizzes.is_empty() {
        o.push("  no quiz answers in this period".into());
        return;
    }
    let idw = s
        .quizzes
        .iter()
        .map(|q| charts::width(&escape(&q.deck)))
        .max()
        .unwrap_or(0)
        .min(w / 3);
    for q in &s.quizzes {
        let Some(last) = q.days.last() else { continue };
        let tail = format!(" last {} on {}", format::percent(Some(last.rate)), last.date);
        let room = w.saturating_sub(2 + idw + 1 + charts::width(&tail)).max(1);
        let rates: Vec<f64> = q.days.iter().map(|d| d.rate).collect();
        let shown = &rates[rates.len().saturating_sub(room)..];
        o.push(format!(
            "  {} {}{tail}",
            fit(&escape(&q.deck), idw),
            paint(blue(), &spark(shown))
        ));
    }
}
