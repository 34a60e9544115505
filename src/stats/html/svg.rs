//! The pieces of the page: figures marked with their JSON pointer, SVG marks with tooltips,
//! and a vertical bar chart.

use std::fmt::Write as _;

use super::escape;
use crate::stats::{Ratio, format};

/// How a figure is written.
#[derive(Clone, Copy)]
pub(super) enum Fmt {
    Int,
    Pct,
    Ms,
    Sec,
    Mean,
}

impl Fmt {
    fn name(self) -> &'static str {
        match self {
            Fmt::Int => "int",
            Fmt::Pct => "pct",
            Fmt::Ms => "ms",
            Fmt::Sec => "sec",
            Fmt::Mean => "mean",
        }
    }
}

/// A figure: its text, marked with where it lives in the JSON.
pub(super) fn fig(ptr: &str, fmt: Fmt, text: &str) -> String {
    format!(
        r#"<span data-json="{}" data-fmt="{}">{}</span>"#,
        escape(ptr),
        fmt.name(),
        escape(text)
    )
}

pub(super) fn int(ptr: &str, v: impl std::fmt::Display) -> String {
    fig(ptr, Fmt::Int, &v.to_string())
}

pub(super) fn pct(ptr: &str, r: &Ratio) -> String {
    fig(&format!("{ptr}/rate"), Fmt::Pct, &format::percent(r.rate))
}

/// A chart mark: a rectangle with a tooltip, marked like a figure.
#[allow(clippy::too_many_arguments)] // the geometry of one rect, spelled out at each call
pub(super) fn mark(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    ptr: &str,
    fmt: Fmt,
    tip: &str,
) {
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" data-json="{}" data-fmt="{}"><title>{}</title></rect>"#,
        escape(ptr),
        fmt.name(),
        escape(tip)
    );
}

pub(super) fn text(out: &mut String, x: f64, y: f64, anchor: &str, s: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
        escape(s)
    );
}

pub(super) fn svg_open(out: &mut String, id: &str, w: f64, h: f64, label: &str) {
    let _ = write!(
        out,
        r#"<svg id="{id}" viewBox="0 0 {w:.0} {h:.0}" role="img" aria-label="{}">"#,
        escape(label)
    );
}

/// A vertical bar chart: one bar per value, `max` at full height, labels under some bars.
pub(super) struct Bars<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// (value scaled 0..=1 or none for no bar, JSON pointer, format, tooltip, label under)
    pub bars: Vec<(Option<f64>, String, Fmt, String, String)>,
    /// A dashed line at this height (0..=1).
    pub goal: Option<f64>,
    /// Axis text at the top and the bottom.
    pub top_label: String,
    pub bottom_label: String,
}

impl Bars<'_> {
    pub fn render(&self, o: &mut String) {
        let n = self.bars.len().max(1) as f64;
        let (left, top, chart_h, bottom) = (34.0, 6.0, 90.0, 16.0);
        let w = 400.0;
        // A few bars stay slim rather than filling the width.
        let pitch = ((w - left) / n).min(24.0);
        svg_open(o, self.id, w, top + chart_h + bottom, self.label);
        let _ = write!(
            o,
            r#"<line class="axis" x1="{left}" y1="{:.1}" x2="{w}" y2="{:.1}"/>"#,
            top + chart_h,
            top + chart_h
        );
        text(o, left - 4.0, top + 8.0, "end", &self.top_label);
        text(o, left - 4.0, top + chart_h, "end", &self.bottom_label);
        for (i, (v, ptr, fmt, tip, under)) in self.bars.iter().enumerate() {
            let x = left + i as f64 * pitch + pitch * 0.15;
            if let Some(v) = v {
                let bh = (v.clamp(0.0, 1.0) * chart_h).max(if *v > 0.0 { 1.0 } else { 0.0 });
                mark(o, "bar", x, top + chart_h - bh, pitch * 0.7, bh, ptr, *fmt, tip);
            }
            if !under.is_empty() {
                text(o, x + pitch * 0.35, top + chart_h + 12.0, "middle", under);
            }
        }
        if let Some(g) = self.goal {
            let y = top + chart_h * (1.0 - g.clamp(0.0, 1.0));
            let _ = write!(
                o,
                r#"<line class="goal" x1="{left}" y1="{y:.1}" x2="{w}" y2="{y:.1}"/>"#
            );
        }
        o.push_str("</svg>\n");
    }
}
