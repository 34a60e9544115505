//! Turns the text of one deck file into a [`Deck`], collecting every problem with its position.
//!
//! The TOML is read with spans (`toml::de::DeTable`) rather than through serde, so that every
//! problem in a file is reported at once, each at the value it is about, and unknown fields get a
//! "did you mean" suggestion instead of stopping the load at the first one.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, LineIndex, Severity};
use super::fields::{DiagBuilder, closest};
use super::model::{Alternatives, Answer, Card, Deck, Graded, Kind, Origin, Pos, Source};
use super::split::Cut;
use super::v2::{Claims, KnownSources};

type Value<'i> = Spanned<DeValue<'i>>;

const DECK_FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "language",
    "tags",
    "sources",
    "position",
];
const SOURCE_FIELDS: &[&str] = &["id", "title", "publisher", "as_of", "url"];
pub(super) const CARD_FIELDS: &[&str] = &[
    "id",
    "kind",
    "q",
    "a",
    "front",
    "back",
    "accept",
    "choices",
    "tolerance",
    "unit",
    "ordered",
    "items",
    "pairs",
    "cloze",
    "tags",
    "source",
    "explain",
    "hint",
    "draft",
    "sources",
    "note",
    "origin",
    "strict",
    "distractors",
    "renamed_from",
];

/// Longest prompt, answer or other text field accepted, in bytes.
pub(super) const MAX_TEXT: usize = 64 * 1024;

/// Parses one deck file. Returns the deck when it has no errors (warnings allowed).
pub fn parse_deck(origin: Origin, text: &str) -> (Option<Deck>, Vec<Diagnostic>) {
    parse_deck_as(origin, text, true)
}

/// [`parse_deck`], card by card when `by_cards` and the file's shape allows, else as one TOML
/// tree (the tests compare the two).
pub(super) fn parse_deck_as(origin: Origin, text: &str, by_cards: bool) -> (Option<Deck>, Vec<Diagnostic>) {
    // Before anything is allocated for the text, not even its line index.
    if let Err(d) = super::limits::refuse_hostile(&origin, text) {
        return (None, vec![d]);
    }
    let mut p = Parser {
        file: origin.display_name(),
        lines: LineIndex::new(text),
        base: 0,
        diags: Vec::new(),
        seen: std::collections::HashMap::new(),
        claims: Claims::default(),
    };
    let deck = p.deck(origin, text, by_cards);
    let has_error = p.diags.iter().any(|d| d.severity == Severity::Error);
    p.diags.sort_by_key(|d| (d.pos, d.severity));
    (if has_error { None } else { deck }, p.diags)
}

#[cfg(test)]
thread_local! {
    /// How many files this thread read as one TOML tree: tests check which decks are read
    /// card by card.
    pub(super) static WHOLE_PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

pub(super) struct Parser<'t> {
    pub(super) file: String,
    lines: LineIndex<'t>,
    /// Where the text being parsed starts in the file: spans are relative to it.
    base: usize,
    pub(super) diags: Vec<Diagnostic>,
    /// Card ids seen so far (after cloze expansion), with where they were defined.
    seen: std::collections::HashMap<String, Pos>,
    /// What the v2 checks across cards remember (origins, notes, renamed ids).
    pub(super) claims: Claims,
}

impl Parser<'_> {
    /// The file position of `offset` in the text being parsed.
    pub(super) fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(self.base + offset)
    }

    /// A span of the text being parsed as a span of the file.
    pub(super) fn absolute(&self, span: Range<usize>) -> Range<usize> {
        self.base + span.start..self.base + span.end
    }

    /// Where the card with id `id` (after cloze expansion) was defined, if any card has it.
    pub(super) fn card_pos(&self, id: &str) -> Option<Pos> {
        self.seen.get(id).copied()
    }

    pub(super) fn report(
        &mut self,
        severity: Severity,
        span: Range<usize>,
        message: String,
    ) -> DiagBuilder<'_> {
        let pos = self.pos(span.start);
        self.diags.push(Diagnostic {
            file: self.file.clone(),
            pos,
            severity,
            message,
            hint: None,
        });
        DiagBuilder(self.diags.last_mut().expect("just pushed"))
    }

    pub(super) fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> DiagBuilder<'_> {
        self.report(Severity::Error, span, message.into())
    }

    pub(super) fn warning(&mut self, span: Range<usize>, message: impl Into<String>) -> DiagBuilder<'_> {
        self.report(Severity::Warning, span, message.into())
    }

    fn deck(&mut self, origin: Origin, text: &str, by_cards: bool) -> Option<Deck> {
        if text.trim().is_empty() {
            self.error(0..0, "the deck file is empty")
                .hint("a deck needs a [deck] table with an id and a title, and [[card]] tables; `deckard new FILE` writes a starting point");
            return None;
        }
        let cut = if by_cards { super::split::cut(text) } else { None };
        if let Some(cut) = cut.filter(|c| !c.cards.is_empty()) {
            match self.deck_by_cards(origin.clone(), text, &cut) {
                Some(deck) => return deck,
                // Read again as one: what only the whole file shows is reported as before.
                None => {
                    self.diags.clear();
                    self.seen.clear();
                    self.claims = Claims::default();
                    self.base = 0;
                }
            }
        }
        self.deck_whole(origin, text)
    }

    /// The deck read card by card: the head (the `[deck]` table) and then each card parsed
    /// alone, its TOML tree dropped before the next, so that a deck costs about its model
    /// rather than a tree of the whole file. `None` when the file needs the whole-file parse
    /// (a TOML error, a `card` key before the first `[[card]]`, no `[deck]` table): that parse
    /// then reports what the file holds, at the same places.
    fn deck_by_cards(&mut self, origin: Origin, text: &str, cut: &Cut) -> Option<Option<Deck>> {
        let head = text.get(..cut.head)?;
        let mut deck = {
            let (root, errors) = DeTable::parse_recoverable(head);
            if !errors.is_empty() {
                return None;
            }
            let root = root.into_inner();
            let mut deck_table = None;
            for (key, value) in root.iter() {
                match key.get_ref().as_ref() {
                    "deck" => deck_table = Some(value),
                    "card" => return None,
                    other => self.unknown_field(key.span(), other, &["deck", "card"], "at the top level"),
                }
            }
            self.deck_table(origin, deck_table?)?
        };
        // One card a table, but for cloze gaps: no room grown and left unused.
        deck.cards.reserve_exact(cut.cards.len());
        let known = KnownSources::new(&deck.sources);
        for range in &cut.cards {
            self.base = range.start;
            let (root, errors) = DeTable::parse_recoverable(text.get(range.clone())?);
            if !errors.is_empty() {
                return None;
            }
            let root = root.into_inner();
            for (key, value) in root.iter() {
                match (key.get_ref().as_ref(), value.get_ref()) {
                    ("card", DeValue::Array(items)) => {
                        for item in items.iter() {
                            self.card(item, &known, &mut deck.cards);
                        }
                    }
                    _ => return None,
                }
            }
        }
        drop(known);
        deck.cards.shrink_to_fit();
        self.base = 0;
        let claims = std::mem::take(&mut self.claims);
        self.finish_claims(claims);
        Some(Some(deck))
    }

    /// The deck read from one TOML tree of the whole file.
    fn deck_whole(&mut self, origin: Origin, text: &str) -> Option<Deck> {
        #[cfg(test)]
        WHOLE_PARSES.with(|n| n.set(n.get() + 1));
        let (root, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            for e in errors {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().trim().to_string();
                self.error(span, format!("TOML syntax: {msg}"));
            }
            return None;
        }
        let root_span = root.span();
        let root = root.into_inner();
        let mut deck_table = None;
        let mut cards = None;
        for (key, value) in root.iter() {
            match key.get_ref().as_ref() {
                "deck" => deck_table = Some(value),
                "card" => cards = Some(value),
                other => self.unknown_field(key.span(), other, &["deck", "card"], "at the top level"),
            }
        }
        let Some(deck_value) = deck_table else {
            self.error(root_span.start..root_span.start, "missing the [deck] table")
                .hint("start the file with [deck] and give it an id and a title");
            return None;
        };
        let deck_span = deck_value.span();
        let mut deck = self.deck_table(origin, deck_value)?;
        match cards {
            None => {
                self.warning(deck_span, "the deck has no cards")
                    .hint("add [[card]] tables after the [deck] table");
            }
            Some(v) => match v.get_ref() {
                DeValue::Array(items) => {
                    let known = KnownSources::new(&deck.sources);
                    for item in items.iter() {
                        self.card(item, &known, &mut deck.cards);
                    }
                }
                _ => {
                    self.error(v.span(), "`card` must be an array of tables")
                        .hint("write each card as a [[card]] table");
                }
            },
        }
        let claims = std::mem::take(&mut self.claims);
        self.finish_claims(claims);
        Some(deck)
    }

    /// The `[deck]` table as a deck without cards.
    fn deck_table(&mut self, origin: Origin, deck_value: &Value<'_>) -> Option<Deck> {
        let deck_span = deck_value.span();
        let table = self.table(deck_value, "deck")?;
        let mut deck = Deck {
            id: String::new(),
            title: String::new(),
            description: None,
            language: None,
            tags: Vec::new(),
            sources: Vec::new(),
            cards: Vec::new(),
            origin,
            pos: self.pos(deck_span.start),
            position: None,
            refused: None,
        };
        self.check_fields(table, DECK_FIELDS, "in [deck]");
        deck.id = self
            .required_id(table, deck_span.clone(), "[deck]")
            .unwrap_or_default();
        if let Some(v) = table.get("id") {
            deck.pos = self.pos(v.span().start);
        }
        deck.title = self
            .required_string(table, "title", deck_span.clone(), "[deck]")
            .unwrap_or_default();
        deck.description = self.opt_string(table, "description");
        deck.language = self.opt_string(table, "language");
        deck.tags = self.opt_strings(table, "tags");
        deck.position = self.position(table);
        if let Some(v) = table.get("sources") {
            deck.sources = self.sources(v);
        }
        Some(deck)
    }

    fn sources(&mut self, v: &Value<'_>) -> Vec<Source> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(v.span(), "`sources` must be an array of tables")
                .hint("write sources = [{ id = \"doc\", title = \"…\", as_of = \"2019-07-11\" }] or [[deck.sources]] tables");
            return Vec::new();
        };
        let mut out: Vec<Source> = Vec::new();
        let mut ids = std::collections::HashSet::new();
        for item in items.iter() {
            let span = item.span();
            let Some(t) = self.table(item, "a source") else {
                continue;
            };
            self.check_fields(t, SOURCE_FIELDS, "in a source");
            let Some(id) = self.required_id(t, span.clone(), "a source") else {
                continue;
            };
            if !ids.insert(id.clone()) {
                let at = t.get("id").map(|v| v.span()).unwrap_or(span.clone());
                self.error(at, format!("duplicate source id `{id}`"));
            }
            let title = self
                .required_string(t, "title", span, "a source")
                .unwrap_or_default();
            let as_of = t.get("as_of").and_then(|v| match v.get_ref() {
                DeValue::Datetime(d) => Some(d.to_string()),
                DeValue::String(s) => Some(s.to_string()),
                DeValue::Integer(i) => Some(i.as_str().to_string()),
                _ => {
                    self.error(v.span(), "`as_of` must be a date such as 2019-07-11 or \"2019\"");
                    None
                }
            });
            out.push(Source {
                id,
                title,
                publisher: self.opt_string(t, "publisher"),
                as_of,
                url: self.opt_string(t, "url"),
            });
        }
        out
    }

    fn card(&mut self, item: &Value<'_>, known: &KnownSources<'_>, out: &mut Vec<Card>) {
        let span = item.span();
        let Some(t) = self.table(item, "a card") else {
            return;
        };
        self.check_fields(t, CARD_FIELDS, "in a card");
        let id = self.required_id(t, span.clone(), "a card");
        if let (Some(id), Some(v)) = (&id, t.get("id")) {
            self.claim_id(id, v.span());
        }
        let kind = self.kind(t, span.clone());
        let tags = self.opt_strings(t, "tags");
        let card_sources = self.card_sources(t, known);
        let note = self.note(t);
        let origin = self.origin(t);
        let renamed_from = self.renamed_from(t, id.as_deref());
        let strict = self.opt_bool(t, "strict").unwrap_or(false);
        let explain = self.opt_string(t, "explain");
        let hint = self.opt_string(t, "hint");
        let draft = self.opt_bool(t, "draft").unwrap_or(false);
        let (Some(id), Some(kind)) = (id, kind) else {
            return;
        };
        if strict && !matches!(kind, Kind::Text | Kind::Cloze | Kind::List) {
            let at = t.get("strict").map(|v| v.span()).unwrap_or(span.clone());
            self.warning(at, format!("`strict` has no effect on a {} card", kind.name()))
                .hint("strict turns off typo tolerance on text, cloze and list cards");
        }
        let pos = self.pos(span.start);
        let base = Card {
            id: id.clone(),
            note_id: id.clone(),
            kind,
            prompt: String::new(),
            answer: Answer::Flashcard { back: String::new() },
            tags,
            sources: card_sources,
            note,
            origin,
            strict,
            graded: Vec::new(),
            distractors: Vec::new(),
            renamed_from,
            explain,
            hint,
            draft,
            pos,
        };
        if draft {
            let at = t.get("draft").map(|v| v.span()).unwrap_or(span.clone());
            self.warning(at, format!("card `{id}` is a draft"))
                .hint("review the card, then remove `draft = true`");
        }
        if kind == Kind::Cloze {
            self.cloze(t, span, base, out);
            return;
        }
        let prompt = if kind == Kind::Flashcard && t.get("front").is_some() {
            self.required_string(t, "front", span.clone(), "a flashcard")
        } else {
            self.required_string(t, "q", span.clone(), &format!("a {} card", kind.name()))
        };
        let mut graded = Vec::new();
        let answer = self.answer(kind, t, span, &mut graded);
        let distractors = match &answer {
            Some(Answer::Match(pairs)) => {
                let rights: Vec<&str> = pairs.iter().map(|p| p.1.as_str()).collect();
                self.distractors(t, &rights)
            }
            _ => Vec::new(),
        };
        if let (Some(prompt), Some(answer)) = (prompt, answer) {
            out.push(Card {
                prompt,
                answer,
                graded,
                distractors,
                ..base
            });
        }
    }

    fn kind(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Kind> {
        if let Some(v) = t.get("kind") {
            let s = self.string(v, "kind")?;
            return match Kind::parse(&s) {
                Some(k) => Some(k),
                None => {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                    let mut d = self.error(v.span(), format!("unknown card kind `{s}`"));
                    d = match closest(&s, &names) {
                        Some(c) => d.hint(format!("did you mean `{c}`?")),
                        None => d.hint(format!("kinds: {}", names.join(", "))),
                    };
                    let _ = d;
                    None
                }
            };
        }
        let has = |f: &str| t.get(f).is_some();
        let inferred = if has("cloze") {
            Kind::Cloze
        } else if has("front") || has("back") {
            Kind::Flashcard
        } else if has("pairs") {
            Kind::Match
        } else if has("items") {
            Kind::Order
        } else if has("choices") {
            Kind::Choice
        } else {
            match t.get("a").map(|v| v.get_ref()) {
                Some(DeValue::Boolean(_)) => Kind::TrueFalse,
                Some(DeValue::Integer(_) | DeValue::Float(_)) => Kind::Number,
                Some(DeValue::Array(_)) => Kind::List,
                Some(_) => Kind::Text,
                None => {
                    self.error(span, "card has no answer")
                        .hint("give it `a = …` (or `front`/`back`, `choices`, `items`, `pairs`, `cloze`)");
                    return None;
                }
            }
        };
        Some(inferred)
    }

    fn answer(
        &mut self,
        kind: Kind,
        t: &DeTable<'_>,
        span: Range<usize>,
        graded: &mut Vec<Graded>,
    ) -> Option<Answer> {
        self.irrelevant_fields(kind, t);
        let what = format!("a {} card", kind.name());
        match kind {
            Kind::Flashcard => {
                let field = if t.get("back").is_some() { "back" } else { "a" };
                let back = self.required_string(t, field, span, "a flashcard")?;
                Some(Answer::Flashcard { back })
            }
            Kind::Text => {
                let v = self.required(t, "a", span, &what)?;
                let answer = self.scalar_text(v, "a")?;
                let accept = self.text_accept(t, &answer, graded)?;
                Some(Answer::Text(Alternatives { answer, accept }))
            }
            Kind::TrueFalse => {
                let v = self.required(t, "a", span, &what)?;
                match v.get_ref() {
                    DeValue::Boolean(b) => Some(Answer::TrueFalse(*b)),
                    _ => {
                        self.error(
                            v.span(),
                            "a true/false answer must be `true` or `false` (no quotes)",
                        );
                        None
                    }
                }
            }
            Kind::Number => {
                let v = self.required(t, "a", span, &what)?;
                let value = self.number(v, "a")?;
                let tolerance = match t.get("tolerance") {
                    Some(tv) => {
                        let tol = self.number(tv, "tolerance")?;
                        if tol < 0.0 {
                            self.error(tv.span(), "`tolerance` cannot be negative");
                            return None;
                        }
                        tol
                    }
                    None => 0.0,
                };
                let unit = self.opt_string(t, "unit");
                Some(Answer::Number {
                    value,
                    tolerance,
                    unit,
                })
            }
            Kind::Choice => self.choice(t, span, graded),
            Kind::List => {
                let v = self.required(t, "a", span, &what)?;
                let items = self.nonempty_strings(v, "a", "list")?;
                let ordered = self.opt_bool(t, "ordered").unwrap_or(false);
                let items = self.list_accept(t, items);
                Some(Answer::List { items, ordered })
            }
            Kind::Order => {
                let v = self.required(t, "items", span, &what)?;
                let items = self.nonempty_strings(v, "items", "order")?;
                if items.len() < 2 {
                    self.error(v.span(), "an order card needs at least two items");
                    return None;
                }
                self.distinct(v, &items, "items")?;
                Some(Answer::Order(items))
            }
            Kind::Match => {
                let v = self.required(t, "pairs", span, &what)?;
                let pairs = self.pairs(v)?;
                Some(Answer::Match(pairs))
            }
            Kind::Cloze => unreachable!("cloze cards are expanded by `cloze`"),
        }
    }

    /// `accept` of a text card: plain alternatives, and tables with credit and feedback (those
    /// with full credit are alternatives too).
    fn text_accept(
        &mut self,
        t: &DeTable<'_>,
        answer: &str,
        graded: &mut Vec<Graded>,
    ) -> Option<Vec<String>> {
        let Some(v) = t.get("accept") else {
            return Some(Vec::new());
        };
        let mut accept = Vec::new();
        for e in self.entries(v, "accept")? {
            if !e.table {
                accept.push(e.text);
                continue;
            }
            let g = e.graded(1.0);
            if e.text == answer && g.credit != 1.0 {
                let at = e.credit.as_ref().map_or(e.span.clone(), |c| c.1.clone());
                self.error(at, format!("`{answer}` is the answer itself: its credit is 1"))
                    .hint("an entry for `a` may only add feedback; give other answers partial credit");
                return None;
            }
            if graded.iter().any(|o| o.text == g.text) {
                self.error(e.span, format!("`{}` appears twice in accept", g.text));
                return None;
            }
            if g.credit == 1.0 && e.text != answer {
                accept.push(e.text);
            }
            graded.push(g);
        }
        Some(accept)
    }

    fn choice(&mut self, t: &DeTable<'_>, span: Range<usize>, graded: &mut Vec<Graded>) -> Option<Answer> {
        let cv = self.required(t, "choices", span.clone(), "a choice card")?;
        let entries = self.entries(cv, "choices")?;
        if entries.is_empty() {
            self.error(cv.span(), "`choices` of a choice card is empty");
            return None;
        }
        if let Some(e) = entries.iter().find(|e| e.text.trim().is_empty()) {
            self.error(e.span.clone(), "a choice is empty");
            return None;
        }
        let choices: Vec<String> = entries.iter().map(|e| e.text.clone()).collect();
        if choices.len() < 2 {
            self.error(cv.span(), "a choice card needs at least two choices");
            return None;
        }
        self.distinct(cv, &choices, "choices")?;
        let av = self.required(t, "a", span, "a choice card")?;
        let wanted: Vec<(String, Range<usize>)> = match av.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for i in items.iter() {
                    out.push((self.string(i, "a")?, i.span()));
                }
                out
            }
            _ => vec![(self.string(av, "a")?, av.span())],
        };
        if wanted.is_empty() {
            self.error(av.span(), "a choice card needs at least one correct choice");
            return None;
        }
        // Indexed once: an answer list as long as the choices stays linear.
        let index: std::collections::HashMap<&str, usize> = choices
            .iter()
            .enumerate()
            .rev()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let mut picked = vec![false; choices.len()];
        let mut correct = Vec::new();
        for (w, wspan) in wanted {
            match index.get(w.as_str()).copied() {
                Some(i) if !picked[i] => {
                    picked[i] = true;
                    correct.push(i);
                }
                Some(_) => {}
                None => {
                    let names: Vec<&str> = choices.iter().map(String::as_str).collect();
                    let d = self.error(wspan, format!("the answer `{w}` is not among the choices"));
                    match closest(&w, &names) {
                        Some(c) => d.hint(format!(
                            "did you mean `{c}`? the answer must repeat a choice exactly"
                        )),
                        None => d.hint("the answer must repeat one of the choices exactly"),
                    };
                    return None;
                }
            }
        }
        correct.sort_unstable();
        for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.table) {
            let right = correct.contains(&i);
            if let Some((c, at)) = &e.credit {
                if right && *c != 1.0 {
                    self.error(
                        at.clone(),
                        format!("`{}` is a right answer: its credit is 1", e.text),
                    )
                    .hint("take it out of `a` to give it partial credit or a penalty");
                    return None;
                }
                if !right && *c == 1.0 {
                    self.error(at.clone(), format!("credit 1 makes `{}` a right answer", e.text))
                        .hint("name it in `a` instead, or give it less than 1");
                    return None;
                }
            }
            graded.push(e.graded(if right { 1.0 } else { 0.0 }));
        }
        Some(Answer::Choice { choices, correct })
    }

    fn cloze(&mut self, t: &DeTable<'_>, span: Range<usize>, base: Card, out: &mut Vec<Card>) {
        self.irrelevant_fields(Kind::Cloze, t);
        let Some(v) = self.required(t, "cloze", span.clone(), "a cloze card") else {
            return;
        };
        let Some(text) = self.string(v, "cloze") else {
            return;
        };
        let gaps = match super::cloze::parse(&text) {
            Ok(g) => g,
            Err(e) => {
                self.error(v.span(), e)
                    .hint("write gaps as {{answer}} or {{answer|alternative}} or {{answer::hint}}");
                return;
            }
        };
        if gaps.gaps.is_empty() {
            self.error(v.span(), "a cloze card needs at least one {{gap}}")
                .hint("mark the fact to hide with double braces: The SCO was founded in {{2001}}.");
            return;
        }
        if let Some(q) = t.get("q") {
            self.warning(
                q.span(),
                "`q` is ignored on a cloze card; the prompt is the cloze text",
            );
        }
        for (n, gap) in gaps.gaps.iter().enumerate() {
            let mut card = base.clone();
            card.id = format!("{}.{}", base.id, n + 1);
            // A renamed cloze keeps its gaps' history gap by gap: `old.1` → `new.1`.
            card.renamed_from = base
                .renamed_from
                .iter()
                .map(|old| format!("{old}.{}", n + 1))
                .collect();
            self.claim_id(&card.id, span.clone());
            card.prompt = gaps.prompt_for(n);
            if card.hint.is_none() {
                card.hint = gap.hint.clone();
            }
            card.answer = Answer::Text(gap.answer.clone());
            out.push(card);
        }
    }

    fn list_accept(&mut self, t: &DeTable<'_>, items: Vec<String>) -> Vec<Alternatives> {
        let mut out: Vec<Alternatives> = items
            .into_iter()
            .map(|answer| Alternatives {
                answer,
                accept: Vec::new(),
            })
            .collect();
        let Some(v) = t.get("accept") else { return out };
        let DeValue::Table(map) = v.get_ref() else {
            self.error(v.span(), "on a list card, `accept` maps items to alternatives")
                .hint("write accept = { \"Russia\" = [\"Russian Federation\"] }");
            return out;
        };
        let index: std::collections::HashMap<String, usize> = out
            .iter()
            .enumerate()
            .rev()
            .map(|(i, a)| (a.answer.clone(), i))
            .collect();
        for (key, alts) in map.iter() {
            let name = key.get_ref().as_ref();
            let Some(&item) = index.get(name) else {
                let names: Vec<String> = out.iter().map(|i| i.answer.clone()).collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let d = self.error(
                    key.span(),
                    format!("`{name}` in `accept` is not an item of the list"),
                );
                if let Some(c) = closest(name, &names) {
                    d.hint(format!("did you mean `{c}`?"));
                }
                continue;
            };
            let alts = match alts.get_ref() {
                DeValue::String(s) => vec![s.to_string()],
                _ => self.strings(alts, "accept").unwrap_or_default(),
            };
            out[item].accept.extend(alts);
        }
        out
    }

    fn pairs(&mut self, v: &Value<'_>) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        match v.get_ref() {
            DeValue::Array(items) if !items.is_empty() => {
                for p in items.iter() {
                    let pair = match p.get_ref() {
                        DeValue::Array(two) if two.len() == 2 => {
                            (self.string(&two[0], "pairs")?, self.string(&two[1], "pairs")?)
                        }
                        _ => {
                            self.error(
                                p.span(),
                                "each pair must be a two-item array: [\"left\", \"right\"]",
                            );
                            return None;
                        }
                    };
                    out.push(pair);
                }
            }
            DeValue::Table(map) if !map.is_empty() => {
                for (k, val) in map.iter() {
                    out.push((k.get_ref().to_string(), self.string(val, "pairs")?));
                }
            }
            _ => {
                self.error(
                    v.span(),
                    "`pairs` must be a non-empty array of [left, right] pairs",
                );
                return None;
            }
        }
        if out.len() < 2 {
            self.error(v.span(), "a match card needs at least two pairs");
            return None;
        }
        let lefts: Vec<String> = out.iter().map(|p| p.0.clone()).collect();
        let rights: Vec<String> = out.iter().map(|p| p.1.clone()).collect();
        self.distinct(v, &lefts, "pairs (left side)")?;
        self.distinct(v, &rights, "pairs (right side)")?;
        Some(out)
    }

    fn irrelevant_fields(&mut self, kind: Kind, t: &DeTable<'_>) {
        let allowed: &[&str] = match kind {
            Kind::Flashcard => &["front", "back", "q", "a"],
            Kind::Text => &["q", "a", "accept"],
            Kind::TrueFalse => &["q", "a"],
            Kind::Choice => &["q", "a", "choices"],
            Kind::Number => &["q", "a", "tolerance", "unit"],
            Kind::List => &["q", "a", "accept", "ordered"],
            Kind::Cloze => &["cloze", "q"],
            Kind::Order => &["q", "items"],
            Kind::Match => &["q", "pairs", "distractors"],
        };
        const KIND_FIELDS: &[&str] = &[
            "q",
            "a",
            "front",
            "back",
            "accept",
            "choices",
            "tolerance",
            "unit",
            "ordered",
            "items",
            "pairs",
            "cloze",
            "distractors",
        ];
        for (key, _) in t.iter() {
            let k = key.get_ref().as_ref();
            if KIND_FIELDS.contains(&k) && !allowed.contains(&k) {
                self.warning(
                    key.span(),
                    format!("`{k}` has no effect on a {} card", kind.name()),
                )
                .hint(format!(
                    "fields of a {} card: {}",
                    kind.name(),
                    allowed.join(", ")
                ));
            }
        }
    }

    /// Records a card id, reporting a duplicate with the place of its first use.
    fn claim_id(&mut self, id: &str, span: Range<usize>) {
        let pos = self.pos(span.start);
        if let Some(first) = self.seen.get(id) {
            let msg = format!(
                "duplicate card id `{id}` (first used at {}:{}:{})",
                self.file, first.line, first.col
            );
            self.error(span, msg)
                .hint("card ids must be unique in a deck: progress is keyed by them");
        } else {
            self.seen.insert(id.to_string(), pos);
        }
    }
}
