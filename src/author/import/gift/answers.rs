//! The inside of a GIFT answer block: answers marked `=` (right) or `~` (other), each with an
//! optional weight (`%50%`, `%-100%`), a format marker (`[html]`, `[plain]`, `[moodle]`,
//! `[markdown]`) and `#feedback`; and the numeric forms (`3:2`, `1..5`, `=3:0 =%50%3:1`, a
//! trailing `~#feedback`).

use super::{find_unescaped, unescape};
use crate::author::import::anki::html_to_text;

/// One answer of a block, its text still escaped (a match answer is split at `->` first).
pub(super) struct Ans {
    /// Written with `=`.
    pub(super) right: bool,
    /// The `%…%` weight in percent.
    pub(super) weight: Option<f64>,
    /// The answer, escapes unresolved, format marker removed.
    pub(super) raw: String,
    /// The answer is HTML (an `[html]` marker, or none in an `[html]` question).
    pub(super) html: bool,
    /// The `#…` feedback, as text.
    pub(super) feedback: Option<String>,
}

impl Ans {
    /// The answer as text: escapes resolved, HTML converted when it was marked so.
    pub(super) fn text(&self) -> String {
        text_of(&self.raw, self.html)
    }

    /// The credit the weight stands for, in -1..=1 (an unweighted `=` is right, `~` wrong).
    pub(super) fn credit(&self) -> f64 {
        match self.weight {
            Some(w) => (w / 100.0).clamp(-1.0, 1.0),
            None if self.right => 1.0,
            None => 0.0,
        }
    }

    /// GIFT's "any other answer": `*` as the whole answer.
    pub(super) fn is_wildcard(&self) -> bool {
        self.raw.trim() == "*"
    }
}

/// Escapes resolved and, for `[html]` text, the HTML turned into text.
pub(super) fn text_of(raw: &str, html: bool) -> String {
    let t = unescape(raw);
    if html { html_to_text(&t) } else { t }
}

/// A format marker at the start of `s`: (`Some(true)` for `[html]`, `Some(false)` for another
/// marker, `None` without one; the rest).
pub(super) fn strip_marker(s: &str) -> (Option<bool>, &str) {
    let t = s.trim_start();
    for marker in ["[html]", "[moodle]", "[plain]", "[markdown]"] {
        if let Some(rest) = t.strip_prefix(marker) {
            return (Some(marker == "[html]"), rest.trim_start());
        }
    }
    (None, t)
}

/// Splits an answer block at unescaped `=` and `~`. An answer without a format marker has the
/// question's format (`html`), as Moodle reads it.
pub(super) fn answers(inner: &str, html: bool) -> Vec<Ans> {
    let mut marks: Vec<(usize, bool)> = Vec::new();
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' | '~' => marks.push((i, c == '=')),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (n, &(start, right)) in marks.iter().enumerate() {
        let end = marks.get(n + 1).map_or(inner.len(), |m| m.0);
        out.push(one(&inner[start + 1..end], right, html));
    }
    out
}

/// One answer after its `=` or `~`; `default_html`: the question's format.
fn one(body: &str, right: bool, default_html: bool) -> Ans {
    let mut body = body.trim();
    let mut weight = None;
    if let Some(rest) = body.strip_prefix('%')
        && let Some(e) = rest.find('%')
    {
        weight = rest[..e].trim().parse::<f64>().ok().filter(|w| w.is_finite());
        body = rest[e + 1..].trim_start();
    }
    let mut feedback = None;
    if let Some(i) = find_unescaped(body, "#") {
        let (html, f) = strip_marker(&body[i + 1..]);
        feedback = Some(text_of(f, html.unwrap_or(default_html))).filter(|f| !f.is_empty());
        body = body[..i].trim_end();
    }
    let (html, body) = strip_marker(body);
    let html = html.unwrap_or(default_html);
    Ans {
        right,
        weight,
        raw: body.trim().to_string(),
        html,
        feedback,
    }
}

/// A numeric question's answers.
pub(super) struct Numeric {
    /// The fully right answer: value and tolerance.
    pub(super) value: f64,
    pub(super) tolerance: f64,
    /// Its feedback.
    pub(super) feedback: Option<String>,
    /// Answers with less than full credit: (as written, credit, feedback).
    pub(super) partial: Vec<(String, f64, Option<String>)>,
    /// Feedback for any other answer (`~#…`).
    pub(super) otherwise: Option<String>,
}

/// `3`, `3:2`, `1..5`, `3:2#feedback`, or several `=%50%3:1#…` answers, any of them followed
/// by `~#feedback` for every other answer.
pub(super) fn numeric(s: &str) -> Result<Numeric, String> {
    let s = s.trim();
    let (main, otherwise) = match find_unescaped(s, "~") {
        Some(i) => {
            let other = one(&s[i + 1..], false, false);
            (&s[..i], other.feedback)
        }
        None => (s, None),
    };
    let list = if main.trim_start().starts_with('=') {
        answers(main, false)
    } else {
        vec![one(main, true, false)]
    };
    let mut full = None;
    let mut partial = Vec::new();
    for a in list {
        let (value, tolerance) = range(&a.raw)?;
        if a.credit() >= 1.0 && full.is_none() {
            full = Some((value, tolerance, a.feedback));
        } else {
            partial.push((a.raw.trim().to_string(), a.credit(), a.feedback));
        }
    }
    let (value, tolerance, feedback) = full.ok_or("a numeric question with no fully right answer")?;
    Ok(Numeric {
        value,
        tolerance,
        feedback,
        partial,
        otherwise,
    })
}

/// `3`, `3:2` (3 ± 2) or `1..5` as (value, tolerance).
fn range(s: &str) -> Result<(f64, f64), String> {
    let num = |t: &str| {
        let t = unescape(t);
        crate::author::import::csv::parse_number(&t).ok_or_else(|| format!("`{}` is not a number", t.trim()))
    };
    let s = s.trim();
    if let Some((lo, hi)) = s.split_once("..") {
        let (lo, hi) = (num(lo)?, num(hi)?);
        return Ok(((lo + hi) / 2.0, ((hi - lo) / 2.0).abs()));
    }
    match find_unescaped(s, ":") {
        Some(i) => Ok((num(&s[..i])?, num(&s[i + 1..])?.abs())),
        None => Ok((num(s)?, 0.0)),
    }
}
