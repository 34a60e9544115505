//! Readers of the version-2 deck fields: `position`, `sources`, `note`, `origin`, `strict`,
//! per-answer `credit` and `feedback`, `distractors` and `renamed_from`, with the checks that
//! span several cards (duplicate origins, renamed ids, notes used once) run once a deck is read.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::fields::{closest, type_name};
use super::model::{Graded, Pos, Source};
use super::parse::Parser;

type Value<'i> = Spanned<DeValue<'i>>;

/// Fields of an answer written as a table in `accept` or `choices`.
pub(super) const GRADED_FIELDS: &[&str] = &["text", "credit", "feedback"];

/// The deck's source ids, gathered once per deck: in order for suggestions, and in a set so
/// that each card's sources are looked up, not searched for among all the deck's.
pub(super) struct KnownSources<'a> {
    ids: Vec<&'a str>,
    set: HashSet<&'a str>,
}

impl<'a> KnownSources<'a> {
    pub(super) fn new(sources: &'a [Source]) -> Self {
        let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
        let set = ids.iter().copied().collect();
        KnownSources { ids, set }
    }

    /// The first few ids, for a hint: a deck of many sources does not print them all for
    /// every unknown one.
    fn listed(&self) -> String {
        const SHOWN: usize = 10;
        let mut s = self
            .ids
            .iter()
            .take(SHOWN)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if self.ids.len() > SHOWN {
            s.push_str(&format!(" and {} more", self.ids.len() - SHOWN));
        }
        s
    }
}

/// What the v2 checks that span cards remember while a deck is read.
#[derive(Default)]
pub(super) struct Claims {
    /// `origin` values with where each was first written.
    origins: HashMap<String, Pos>,
    /// `note` values: where first written and how many card tables use each.
    notes: Vec<(String, Range<usize>, usize)>,
    /// Each note's place in `notes`: a deck of many notes is read in linear time.
    note_at: HashMap<String, usize>,
    /// Old ids claimed by `renamed_from`: the old id, where it is written, the claiming card.
    renames: Vec<(String, Range<usize>, String)>,
}

/// One entry of `accept` or `choices`: its text, where it is, and what a table adds.
pub(super) struct Entry {
    pub(super) text: String,
    pub(super) span: Range<usize>,
    /// Written as a table (`{ text = … }`).
    pub(super) table: bool,
    /// `credit`, with where it was written.
    pub(super) credit: Option<(f64, Range<usize>)>,
    pub(super) feedback: Option<String>,
}

impl Entry {
    /// The entry's grading, with `credit` defaulting to `default` when not written.
    pub(super) fn graded(&self, default: f64) -> Graded {
        Graded {
            text: self.text.clone(),
            credit: self.credit.as_ref().map_or(default, |c| c.0),
            feedback: self.feedback.clone(),
        }
    }
}

/// True for a valid card or deck id.
pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl Parser<'_> {
    /// `[deck] position = <integer>`.
    pub(super) fn position(&mut self, t: &DeTable<'_>) -> Option<i64> {
        let v = t.get("position")?;
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.error(v.span(), "`position` is too large");
                    None
                }
            },
            other => {
                self.error(
                    v.span(),
                    format!("`position` must be an integer, found {}", type_name(other)),
                )
                .hint("decks are studied in the order of position: position = 1 comes first");
                None
            }
        }
    }

    /// The card's sources: `source = "id"` or `sources = ["id", …]`, each declared by the deck.
    pub(super) fn card_sources(&mut self, t: &DeTable<'_>, known: &KnownSources<'_>) -> Vec<String> {
        let mut out: Vec<(String, Range<usize>)> = Vec::new();
        let mut named: HashSet<String> = HashSet::new();
        if let Some(v) = t.get("source")
            && let Some(s) = self.string(v, "source")
        {
            named.insert(s.clone());
            out.push((s, v.span()));
        }
        if let Some(v) = t.get("sources") {
            if t.get("source").is_some() {
                self.error(v.span(), "a card has both `source` and `sources`")
                    .hint("keep one: `source = \"id\"` for one document, `sources = [\"a\", \"b\"]` for several");
                return Vec::new();
            }
            match v.get_ref() {
                DeValue::Array(items) if items.is_empty() => {
                    self.error(v.span(), "`sources` is empty")
                        .hint("name at least one of the deck's sources, or remove the field");
                }
                DeValue::Array(items) => {
                    for item in items.iter() {
                        let Some(s) = self.string(item, "sources") else {
                            continue;
                        };
                        if !named.insert(s.clone()) {
                            self.error(item.span(), format!("source `{s}` is named twice"));
                            continue;
                        }
                        out.push((s, item.span()));
                    }
                }
                other => {
                    self.error(
                        v.span(),
                        format!(
                            "`sources` must be an array of source ids, found {}",
                            type_name(other)
                        ),
                    )
                    .hint("write sources = [\"doc-a\", \"doc-b\"]");
                }
            }
        }
        let mut ids = Vec::with_capacity(out.len());
        for (id, span) in out {
            if known.set.contains(id.as_str()) {
                ids.push(id);
                continue;
            }
            let d = self.error(span, format!("source `{id}` is not among the deck's sources"));
            match closest(&id, &known.ids) {
                Some(c) => d.hint(format!("did you mean `{c}`?")),
                None if known.ids.is_empty() => {
                    d.hint("declare it in [deck] sources = [{ id = …, title = … }]")
                }
                None => d.hint(format!("known sources: {}", known.listed())),
            };
        }
        ids
    }

    /// A non-empty string field (`note`, `origin`).
    fn nonempty(&mut self, t: &DeTable<'_>, field: &str) -> Option<(String, Range<usize>)> {
        let v = t.get(field)?;
        let s = self.string(v, field)?;
        if s.trim().is_empty() {
            self.error(v.span(), format!("`{field}` is empty"))
                .hint(format!("remove `{field}` or give it a value"));
            return None;
        }
        Some((s, v.span()))
    }

    /// `note = "…"`: remembered so that a note no other card shares gets a warning.
    pub(super) fn note(&mut self, t: &DeTable<'_>) -> Option<String> {
        let (note, span) = self.nonempty(t, "note")?;
        // Kept until the whole deck is read, when the card's text is no longer the one parsed.
        let span = self.absolute(span);
        let claims = &mut self.claims;
        match claims.note_at.get(&note).and_then(|&i| claims.notes.get_mut(i)) {
            Some(entry) => entry.2 += 1,
            None => {
                claims.note_at.insert(note.clone(), claims.notes.len());
                claims.notes.push((note.clone(), span, 1));
            }
        }
        Some(note)
    }

    /// `origin = "…"`: unique in the deck.
    pub(super) fn origin(&mut self, t: &DeTable<'_>) -> Option<String> {
        let (origin, span) = self.nonempty(t, "origin")?;
        let pos = self.pos(span.start);
        if let Some(first) = self.claims.origins.get(&origin).copied() {
            let msg = format!(
                "duplicate origin `{origin}` (first used at {}:{}:{})",
                self.file, first.line, first.col
            );
            self.error(span, msg)
                .hint("an origin is the card's key in the tool it came from: one card per key, so a second import updates it");
            return None;
        }
        self.claims.origins.insert(origin.clone(), pos);
        Some(origin)
    }

    /// `renamed_from = ["old-id", …]`: valid ids, checked against the deck once it is read.
    pub(super) fn renamed_from(&mut self, t: &DeTable<'_>, id: Option<&str>) -> Vec<String> {
        let Some(v) = t.get("renamed_from") else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                v.span(),
                format!(
                    "`renamed_from` must be an array of ids, found {}",
                    type_name(v.get_ref())
                ),
            )
            .hint("write renamed_from = [\"old-id\"]");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let Some(old) = self.string(item, "renamed_from") else {
                continue;
            };
            if !valid_id(&old) {
                self.error(
                    item.span(),
                    format!("invalid id `{}`", super::super::sanitize::escape(&old)),
                )
                .hint("use letters, digits, `-`, `_` and `.` (at most 128 bytes)");
                continue;
            }
            if let Some(id) = id {
                let span = self.absolute(item.span());
                self.claims.renames.push((old.clone(), span, id.to_string()));
            }
            out.push(old);
        }
        out
    }

    /// `distractors` of a match card: distinct, and none equal to a right side.
    pub(super) fn distractors(&mut self, t: &DeTable<'_>, rights: &[&str]) -> Vec<String> {
        let Some(v) = t.get("distractors") else {
            return Vec::new();
        };
        let Some(items) = self.nonempty_strings(v, "distractors", "match") else {
            return Vec::new();
        };
        let spans: Vec<Range<usize>> = match v.get_ref() {
            DeValue::Array(a) => a.iter().map(|i| i.span()).collect(),
            _ => Vec::new(),
        };
        let mut out: Vec<String> = Vec::new();
        for (i, d) in items.into_iter().enumerate() {
            let span = spans.get(i).cloned().unwrap_or(v.span());
            // Compared as the judge compares answers: `paris` would read as the pair's `Paris`.
            let same = |r: &&str| crate::answer::normalize::key(r) == crate::answer::normalize::key(&d);
            if rights.contains(&d.as_str()) || rights.iter().any(same) {
                self.error(span, format!("distractor `{d}` is also the right side of a pair"))
                    .hint("a distractor pairs with nothing: remove it, or change the pair");
                continue;
            }
            if out.contains(&d) {
                self.error(span, format!("`{d}` appears twice in distractors"));
                continue;
            }
            out.push(d);
        }
        out
    }

    /// The entries of `accept` or `choices`: strings, or tables `{ text, credit, feedback }`.
    pub(super) fn entries(&mut self, v: &Value<'_>, field: &str) -> Option<Vec<Entry>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                v.span(),
                format!(
                    "`{field}` must be an array of strings, found {}",
                    type_name(v.get_ref())
                ),
            )
            .hint(format!(
                "write {field} = [\"…\", {{ text = \"…\", credit = 0.5, feedback = \"…\" }}]"
            ));
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => match self.graded(t, item.span(), field) {
                    Some(e) => out.push(e),
                    None => ok = false,
                },
                _ => match self.scalar_text(item, field) {
                    Some(text) => out.push(Entry {
                        text,
                        span: item.span(),
                        table: false,
                        credit: None,
                        feedback: None,
                    }),
                    None => ok = false,
                },
            }
        }
        ok.then_some(out)
    }

    /// One answer written as a table: `text` required, `credit` in `-1..=1`, `feedback`.
    fn graded(&mut self, t: &DeTable<'_>, span: Range<usize>, field: &str) -> Option<Entry> {
        let place = format!("in an entry of `{field}`");
        self.check_fields(t, GRADED_FIELDS, &place);
        let text = self.required_string(t, "text", span.clone(), &format!("an entry of `{field}`"))?;
        let credit = match t.get("credit") {
            None => None,
            Some(v) => {
                let c = self.number(v, "credit")?;
                if !(-1.0..=1.0).contains(&c) {
                    self.error(v.span(), format!("`credit` is {c}; it must be between -1 and 1"))
                        .hint("1 is fully right, 0.5 half right, 0 no credit, a negative credit a penalty");
                    return None;
                }
                Some((c, v.span()))
            }
        };
        let feedback = self.opt_string(t, "feedback");
        Some(Entry {
            text,
            span,
            table: true,
            credit,
            feedback,
        })
    }

    /// Checks that need the whole deck: old ids that are still card ids, old ids claimed by two
    /// cards, and notes that no other card shares.
    pub(super) fn finish_claims(&mut self, claims: Claims) {
        let mut claimed: HashMap<&str, (Pos, &str)> = HashMap::new();
        for (old, span, card) in &claims.renames {
            let pos = self.pos(span.start);
            // A cloze's id lives on in its gaps (`old.1`).
            if let Some(first) = self.card_pos(old).or_else(|| self.card_pos(&format!("{old}.1"))) {
                let msg = format!(
                    "`{old}` is the id of a card in this deck (at {}:{}:{}); it cannot be a former id",
                    self.file, first.line, first.col
                );
                self.error(span.clone(), msg)
                    .hint("renamed_from names ids no card has any more; remove it from one of the two");
            } else if let Some((first, other)) = claimed.get(old.as_str()) {
                let msg = format!(
                    "`{old}` is already claimed by card `{other}` (at {}:{}:{})",
                    self.file, first.line, first.col
                );
                self.error(span.clone(), msg)
                    .hint("the history of an old id can carry over to one card only");
            } else {
                claimed.insert(old, (pos, card));
            }
        }
        for (note, span, count) in claims.notes {
            if count == 1 {
                self.warning(span, format!("no other card has note `{note}`"))
                    .hint("cards sharing a note are siblings; is the note misspelt on one of them?");
            }
        }
    }
}
