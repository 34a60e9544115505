//! Field readers of the deck parser: typed access to TOML values that reports a precise,
//! hinted diagnostic for every wrong type, missing field or unknown name.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::Diagnostic;
use super::parse::{MAX_TEXT, Parser};

type Value<'i> = Spanned<DeValue<'i>>;

impl Parser<'_> {
    pub(super) fn check_fields(&mut self, t: &DeTable<'_>, known: &[&str], place: &str) {
        for (key, _) in t.iter() {
            let k = key.get_ref().as_ref();
            if !known.contains(&k) {
                self.unknown_field(key.span(), k, known, place);
            }
        }
    }

    pub(super) fn unknown_field(&mut self, span: Range<usize>, name: &str, known: &[&str], place: &str) {
        let d = self.error(span, format!("unknown field `{name}` {place}"));
        match closest(name, known) {
            Some(c) => d.hint(format!("did you mean `{c}`?")),
            None => d.hint(format!("known fields: {}", known.join(", "))),
        };
    }

    pub(super) fn table<'a, 'i>(&mut self, v: &'a Value<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    v.span(),
                    format!("{what} must be a table, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub(super) fn required<'a, 'i>(
        &mut self,
        t: &'a DeTable<'i>,
        field: &str,
        span: Range<usize>,
        what: &str,
    ) -> Option<&'a Value<'i>> {
        let v = t.get(field);
        if v.is_none() {
            self.error(
                span.start..span.start,
                format!("{what} is missing the required field `{field}`"),
            );
        }
        v
    }

    pub(super) fn required_string(
        &mut self,
        t: &DeTable<'_>,
        field: &str,
        span: Range<usize>,
        what: &str,
    ) -> Option<String> {
        let v = self.required(t, field, span, what)?;
        let s = self.string(v, field)?;
        if s.trim().is_empty() {
            self.error(v.span(), format!("`{field}` is empty"));
            return None;
        }
        Some(s)
    }

    pub(super) fn required_id(&mut self, t: &DeTable<'_>, span: Range<usize>, what: &str) -> Option<String> {
        let Some(v) = t.get("id") else {
            let d = self.error(
                span.start..span.start,
                format!("{what} is missing the required field `id`"),
            );
            d.hint("ids keep progress when the text changes; `deckard fmt` adds missing ones");
            return None;
        };
        let id = self.string(v, "id")?;
        let valid = !id.is_empty()
            && id.len() <= 128
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            self.error(
                v.span(),
                format!("invalid id `{}`", super::super::sanitize::escape(&id)),
            )
            .hint("use letters, digits, `-`, `_` and `.` (at most 128 bytes)");
            return None;
        }
        Some(id)
    }

    pub(super) fn string(&mut self, v: &Value<'_>, field: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => {
                if s.len() > MAX_TEXT {
                    self.error(
                        v.span(),
                        format!("`{field}` is {} bytes long; the limit is {MAX_TEXT}", s.len()),
                    );
                    return None;
                }
                Some(s.to_string())
            }
            other => {
                self.error(
                    v.span(),
                    format!("`{field}` must be a string, found {}", type_name(other)),
                )
                .hint("put text in quotes");
                None
            }
        }
    }

    /// A text answer: strings, and numbers or dates written without quotes, kept as text.
    pub(super) fn scalar_text(&mut self, v: &Value<'_>, field: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::Integer(i) => Some(i.as_str().to_string()),
            DeValue::Float(f) => Some(f.as_str().to_string()),
            DeValue::Datetime(d) => Some(d.to_string()),
            _ => self.string(v, field),
        }
    }

    pub(super) fn number(&mut self, v: &Value<'_>, field: &str) -> Option<f64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                self.error(
                    v.span(),
                    format!("`{field}` must be a number, found {}", type_name(other)),
                )
                .hint(format!("write numbers without quotes: {field} = 2"));
                return None;
            }
        };
        match n {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.error(v.span(), format!("`{field}` is not a finite number"));
                None
            }
        }
    }

    pub(super) fn strings(&mut self, v: &Value<'_>, field: &str) -> Option<Vec<String>> {
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items.iter() {
                    out.push(self.scalar_text(i, field)?);
                }
                Some(out)
            }
            other => {
                self.error(
                    v.span(),
                    format!(
                        "`{field}` must be an array of strings, found {}",
                        type_name(other)
                    ),
                )
                .hint(format!("write {field} = [\"…\", \"…\"]"));
                None
            }
        }
    }

    pub(super) fn nonempty_strings(&mut self, v: &Value<'_>, field: &str, kind: &str) -> Option<Vec<String>> {
        let items = self.strings(v, field)?;
        if items.is_empty() {
            self.error(v.span(), format!("`{field}` of a {kind} card is empty"));
            return None;
        }
        if let Some(i) = items.iter().position(|s| s.trim().is_empty()) {
            let span = match v.get_ref() {
                DeValue::Array(a) => a[i].span(),
                _ => v.span(),
            };
            self.error(span, format!("item {} of `{field}` is empty", i + 1));
            return None;
        }
        Some(items)
    }

    pub(super) fn distinct(&mut self, v: &Value<'_>, items: &[String], field: &str) -> Option<()> {
        // A set, not a scan of the items before each one: 100,000 choices check in linear time.
        let mut seen = std::collections::HashSet::with_capacity(items.len());
        for a in items {
            if !seen.insert(a.as_str()) {
                self.error(v.span(), format!("`{a}` appears twice in {field}"));
                return None;
            }
        }
        Some(())
    }

    pub(super) fn opt_string(&mut self, t: &DeTable<'_>, field: &str) -> Option<String> {
        let v = t.get(field)?;
        self.string(v, field)
    }

    pub(super) fn opt_strings(&mut self, t: &DeTable<'_>, field: &str) -> Vec<String> {
        match t.get(field) {
            Some(v) => self.strings(v, field).unwrap_or_default(),
            None => Vec::new(),
        }
    }

    pub(super) fn opt_bool(&mut self, t: &DeTable<'_>, field: &str) -> Option<bool> {
        let v = t.get(field)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error(
                    v.span(),
                    format!("`{field}` must be true or false, found {}", type_name(other)),
                );
                None
            }
        }
    }
}

/// Adds a hint to a diagnostic that was just reported.
pub(super) struct DiagBuilder<'a>(pub(super) &'a mut Diagnostic);

impl DiagBuilder<'_> {
    pub(super) fn hint(self, hint: impl Into<String>) -> Self {
        self.0.hint = Some(hint.into());
        self
    }
}

pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The known name closest to `name`, if it is close enough to be a likely typo.
///
/// Distance is `strsim`'s optimal string alignment, the measure the judge's typo tolerance
/// uses (a swap of neighbours is one edit), so suggestions and judging agree on what a typo is.
pub fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    // Names are short; a long one is no typo of a field name and is not worth comparing.
    let name_l: String = name.to_lowercase().chars().take(64).collect();
    known
        .iter()
        .map(|k| (strsim::osa_distance(&name_l, &k.to_lowercase()), *k))
        .filter(|(d, k)| {
            *d <= (k.chars().count().max(2) / 3).max(1) + 1
                && *d < k.chars().count().max(name.chars().count())
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse::CARD_FIELDS;

    #[test]
    pub(super) fn closest_suggests_typos_only() {
        assert_eq!(closest("acept", CARD_FIELDS), Some("accept"));
        assert_eq!(closest("choises", CARD_FIELDS), Some("choices"));
        assert_eq!(closest("explian", CARD_FIELDS), Some("explain"));
        assert_eq!(closest("zzzzzz", CARD_FIELDS), None);
    }
}
