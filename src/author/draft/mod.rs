//! `deckard draft`: candidate cards from a plain-text document, for an author to review.
//!
//! Each sentence with a date, a quantity, a person after their role or a place becomes a cloze
//! card with the gap on that fact (one fact per card, at most two cards per sentence); an
//! acronym defined in the text becomes a typed-answer card; inline enumerations ("A, B and C")
//! and bullet lists become list cards. Navigation, photo captions, bylines and headings are
//! skipped. Every card cites the document as its `source`, carries the line it came from in a
//! comment, and is marked `draft = true` so that `deckard check` warns until it is reviewed.

mod acronyms;
mod facts;
mod lists;
mod text;
mod zh;

use std::collections::HashSet;

use super::{Body, NewCard, ids};
use crate::deck::{Alternatives, Answer, Source};
use acronyms::acronyms;
use facts::{Fact, facts};
use text::{clean_line, is_cjk, sentences, word_count};
use zh::chinese_facts;

/// The drafted cards and the source they cite.
#[derive(Debug, Clone)]
pub struct Drafted {
    /// The cards, in document order.
    pub cards: Vec<NewCard>,
    /// The document, to declare in the deck's sources.
    pub source: Source,
}

/// Fewest and most words of a sentence that makes a cloze card.
const MIN_WORDS: usize = 6;
const MAX_WORDS: usize = 45;
/// Longest Chinese sentence (in characters) that makes a cloze card.
const MAX_CJK_CHARS: usize = 90;
/// Longest bullet item (in words) that a list card asks for; longer ones make a flashcard.
const MAX_BULLET_WORDS: usize = 6;

/// Drafts cards from the text of the document called `name`.
pub fn draft(name: &str, text: &str) -> Drafted {
    let mut d = Drafter::new(name);
    let mut title = None;
    let mut intro: Option<String> = None;
    let mut bullets: Vec<String> = Vec::new();
    let mut bullet_line = 0;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = clean_line(raw);
        if let Some(item) = bullet(&line) {
            if bullets.is_empty() {
                bullet_line = line_no;
            }
            bullets.push(item.to_string());
            continue;
        }
        if !bullets.is_empty() {
            d.bullet_list(intro.take(), std::mem::take(&mut bullets), bullet_line);
        }
        if line.is_empty() {
            continue;
        }
        if boilerplate(&line) {
            intro = None;
            continue;
        }
        if heading(&line) {
            if title.is_none() && line_no <= 5 {
                title = Some(line.clone());
            }
            intro = None;
            continue;
        }
        let body = strip_number(&line);
        for s in sentences(body) {
            d.sentence(s, line_no);
        }
        intro = line
            .ends_with(':')
            .then(|| line.trim_end_matches(':').to_string());
    }
    if !bullets.is_empty() {
        d.bullet_list(intro, bullets, bullet_line);
    }
    if let Some(t) = title {
        d.source.title = t;
    }
    Drafted {
        cards: d.cards,
        source: d.source,
    }
}

/// The text of a bullet item, if the line is one.
fn bullet(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix(['•', '●', '▪', '◦', '‣'])
        .or_else(|| line.strip_prefix("- "))
        .or_else(|| line.strip_prefix("* "))?;
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// Navigation, captions, bylines: lines that carry no facts worth a card.
fn boilerplate(line: &str) -> bool {
    let lower = line.to_lowercase();
    const MARKS: &[&str] = &[
        "home >",
        "location:",
        "photo by",
        "(photo",
        "photographed",
        "this photo",
        "photo taken",
        "xinhua/",
        "/xinhua",
        "source:",
        "editor:",
        "copyright",
        "all rights reserved",
        "share this",
        "click here",
        "read more",
        "related:",
        "print this",
    ];
    MARKS.iter().any(|m| lower.contains(m))
        || (line.starts_with('(') && line.ends_with(')'))
        || line.contains(" · ")
        || line.starts_with('·')
        || line.contains("> ") && word_count(line) < 12
}

/// A title or section heading: short, or without a sentence's final punctuation.
fn heading(line: &str) -> bool {
    let ends = line.ends_with(['.', '!', '?', ':', ';', '"', '”', ')', '。', '！', '？', '…']);
    let words = word_count(line);
    (words < MIN_WORDS && !line.ends_with(':')) || (!ends && words < 15)
}

/// A list item, accepting the short name of a state (`Republic of India` → `India`).
fn list_item(answer: String) -> Alternatives {
    const FORMS: &[&str] = &[
        "Republic",
        "Kingdom",
        "State",
        "Federation",
        "Sultanate",
        "Emirate",
        "Principality",
    ];
    let accept = match answer.rsplit_once(" of ") {
        Some((head, name))
            if FORMS.iter().any(|f| head.split_whitespace().any(|w| w == *f))
                && name.starts_with(char::is_uppercase)
                && !name.starts_with("the ") =>
        {
            vec![name.to_string()]
        }
        _ => Vec::new(),
    };
    Alternatives { answer, accept }
}

/// Drops a stray quote or bracket left at the start or end by sentence splitting.
fn tidy_sentence(s: &str) -> String {
    let mut t = s.trim();
    let quotes = t.matches('"').count();
    if quotes % 2 == 1 {
        t = t
            .strip_prefix('"')
            .or_else(|| t.strip_suffix('"'))
            .unwrap_or(t)
            .trim();
    }
    if let Some(inner) = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(".)").or_else(|| r.strip_suffix(')')))
    {
        t = inner.trim();
    }
    t.to_string()
}

/// A numbered item's text without its number (`3. Text` → `Text`).
fn strip_number(line: &str) -> &str {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return r;
        }
    }
    line
}

struct Drafter {
    name: String,
    source: Source,
    cards: Vec<NewCard>,
    seen: HashSet<String>,
}

impl Drafter {
    fn new(name: &str) -> Self {
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        Drafter {
            name: name.to_string(),
            source: Source {
                id: ids::slug(stem),
                title: name.to_string(),
                publisher: None,
                as_of: None,
                url: None,
            },
            cards: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn push(&mut self, body: Body, line: usize, key: String) {
        if !self.seen.insert(key) {
            return;
        }
        let mut c = NewCard::new(body);
        c.source = Some(self.source.id.clone());
        c.draft = true;
        c.note = Some(format!("draft: {} line {line}", self.name));
        self.cards.push(c);
    }

    fn sentence(&mut self, s: &str, line: usize) {
        // Braces would be read as cloze gaps.
        let s = s.replace('{', "(").replace('}', ")");
        let s = tidy_sentence(&s);
        let s = s.as_str();
        let cjk = s.chars().filter(|c| is_cjk(*c)).count();
        if cjk * 2 > s.chars().count() {
            if s.chars().count() <= MAX_CJK_CHARS {
                let found = chinese_facts(s);
                self.clozes(s, &found, 1, line);
            }
            return;
        }
        for a in acronyms(s) {
            let q = format!("What does {} stand for?", a.short);
            let body = Body::Plain {
                prompt: q,
                answer: Answer::Text(Alternatives {
                    answer: a.long,
                    accept: Vec::new(),
                }),
            };
            self.push(body, line, format!("acronym:{}", a.short));
        }
        let words = word_count(s);
        if let Some(e) = lists::enumeration(s)
            && words <= MAX_WORDS + 15
        {
            let masked = format!("{}…{}", &s[..e.start], &s[e.end..]).replace("….", "…");
            let q = format!("Name the {} items left out: {masked}", e.items.len());
            let key = format!("list:{}", e.items.join("|"));
            let items = e.items.into_iter().map(list_item).collect();
            self.push(
                Body::Plain {
                    prompt: q,
                    answer: Answer::List {
                        items,
                        ordered: false,
                    },
                },
                line,
                key,
            );
        }
        // A sentence starting in lowercase is a fragment of a badly split one.
        if words < MIN_WORDS || s.chars().next().is_some_and(char::is_lowercase) {
            return;
        }
        let found = facts(s);
        if words <= MAX_WORDS {
            let per = if words > 30 { 1 } else { 2 };
            self.clozes(s, &found, per, line);
            return;
        }
        // A long sentence: ask about its first clause that holds a fact.
        for clause in s.split("; ") {
            let w = word_count(clause);
            if (MIN_WORDS..=MAX_WORDS).contains(&w) && !clause.starts_with(char::is_lowercase) {
                let f = facts(clause);
                if !f.is_empty() {
                    self.clozes(clause, &f, 1, line);
                    return;
                }
            }
        }
    }

    /// Up to `max` cloze cards on `s`, one per fact, best facts first.
    fn clozes(&mut self, s: &str, found: &[Fact], max: usize, line: usize) {
        let mut made = 0;
        for f in found {
            if made == max {
                break;
            }
            let answer = &s[f.start..f.end];
            if answer.contains(['|', '{', '}']) || answer.contains("::") {
                continue;
            }
            let mut gap = answer.to_string();
            for a in &f.accept {
                gap.push('|');
                gap.push_str(a);
            }
            gap.push_str("::");
            gap.push_str(f.kind.hint());
            let text = format!("{}{{{{{gap}}}}}{}", &s[..f.start], &s[f.end..]);
            let key = format!("cloze:{text}");
            let before = self.cards.len();
            self.push(Body::Cloze(text), line, key);
            if self.cards.len() > before {
                made += 1;
            }
        }
    }

    fn bullet_list(&mut self, intro: Option<String>, items: Vec<String>, line: usize) {
        let Some(intro) = intro else { return };
        let items: Vec<String> = items
            .iter()
            .map(|i| {
                let i = i.trim_end_matches(['.', ';', ',']).trim();
                let i = i
                    .strip_suffix("; and")
                    .or_else(|| i.strip_suffix(" and"))
                    .unwrap_or(i);
                i.trim_end_matches(['.', ';', ',']).trim().to_string()
            })
            .filter(|i| !i.is_empty())
            .collect();
        if items.len() < 2 {
            return;
        }
        let key = format!("bullets:{}", items.join("|"));
        let body = if items.iter().all(|i| word_count(i) <= MAX_BULLET_WORDS) {
            let q = format!("{intro} (name all {})", items.len());
            let items = items
                .into_iter()
                .map(|answer| Alternatives {
                    answer,
                    accept: Vec::new(),
                })
                .collect();
            Body::Plain {
                prompt: q,
                answer: Answer::List {
                    items,
                    ordered: false,
                },
            }
        } else {
            let back = items
                .iter()
                .map(|i| format!("• {i}"))
                .collect::<Vec<_>>()
                .join("\n");
            Body::Plain {
                prompt: format!("{intro} ({} points)", items.len()),
                answer: Answer::Flashcard { back },
            }
        };
        self.push(body, line, key);
    }
}

#[cfg(test)]
mod tests;
