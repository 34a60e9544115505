//! The search language's parser: a query string into a [`Query`] tree, every error naming the
//! 1-based column (in characters) where the problem starts.
//!
//! Grammar (words separated by spaces; `and` binds tighter than `or`):
//!
//! ```text
//! query  := or
//! or     := and ("or" and)*
//! and    := unary ("and"? unary)*
//! unary  := "-" unary | "(" or ")" | term
//! term   := WORD | "PHRASE" | KEY ":" (WORD | "PHRASE")
//! ```

use super::{Cmp, Glob, Prop, Query, QueryError, StateIs};
use crate::answer::normalize::words;
use crate::deck::Kind;

/// Longest query accepted, in characters: a query is typed, and nesting costs stack.
const MAX_CHARS: usize = 4096;

/// Deepest nesting of parentheses and negations.
const MAX_DEPTH: usize = 64;

/// One lexical token with the column it starts at.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Minus,
    /// A bare word (may hold `key:value`); `quoted` when the whole token was in quotes.
    Word {
        text: String,
        quoted: bool,
    },
    /// `key:"quoted value"`.
    Keyed {
        key: String,
        value: String,
        value_col: usize,
    },
}

struct Lexed {
    tok: Tok,
    col: usize,
}

fn err(col: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        col,
        message: message.into(),
        hint: None,
    }
}

/// Splits the query into tokens.
fn lex(q: &str) -> Result<Vec<Lexed>, QueryError> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Reads a quoted string starting at the quote at `i`; returns its text and the index past it.
    let quoted = |start: usize| -> Result<(String, usize), QueryError> {
        let mut s = String::new();
        let mut j = start + 1;
        while j < chars.len() {
            match chars[j] {
                '"' => return Ok((s, j + 1)),
                '\\' if j + 1 < chars.len() => {
                    s.push(chars[j + 1]);
                    j += 2;
                }
                c => {
                    s.push(c);
                    j += 1;
                }
            }
        }
        Err(err(start + 1, "this quote is never closed").hint("end the phrase with \""))
    };
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '(' => {
                i += 1;
                Tok::Open
            }
            ')' => {
                i += 1;
                Tok::Close
            }
            '-' if chars.get(i + 1).is_some_and(|n| !n.is_whitespace() && *n != ')') => {
                i += 1;
                Tok::Minus
            }
            '"' => {
                let (text, next) = quoted(i)?;
                i = next;
                Tok::Word { text, quoted: true }
            }
            _ => {
                let start = i;
                let mut text = String::new();
                while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')') {
                    if chars[i] == '"' {
                        // `key:"value with spaces"`
                        if let Some(key) = text.strip_suffix(':') {
                            let value_col = i + 1;
                            let (value, next) = quoted(i)?;
                            i = next;
                            out.push(Lexed {
                                tok: Tok::Keyed {
                                    key: key.to_string(),
                                    value,
                                    value_col,
                                },
                                col,
                            });
                            text.clear();
                            break;
                        }
                        return Err(err(i + 1, "a quote inside a word")
                            .hint("quote the whole phrase: \"two words\", or a value: tag:\"a b\""));
                    }
                    text.push(chars[i]);
                    i += 1;
                }
                if text.is_empty() && i > start {
                    continue; // a keyed token was pushed
                }
                Tok::Word { text, quoted: false }
            }
        };
        out.push(Lexed { tok, col });
    }
    Ok(out)
}

/// Parses a query. The empty query (only spaces) matches every card.
pub fn parse(q: &str) -> Result<Query, QueryError> {
    if q.chars().count() > MAX_CHARS {
        return Err(err(
            MAX_CHARS + 1,
            format!("a query is limited to {MAX_CHARS} characters"),
        ));
    }
    let toks = lex(q)?;
    if toks.is_empty() {
        return Ok(Query::All);
    }
    let mut p = Parser {
        toks,
        at: 0,
        end_col: q.chars().count() + 1,
    };
    let query = p.or(0)?;
    match p.toks.get(p.at) {
        None => Ok(query),
        Some(Lexed { tok: Tok::Close, col }) => {
            Err(err(*col, "this `)` closes nothing").hint("remove it, or add the `(` it belongs to"))
        }
        Some(l) => Err(err(l.col, "unexpected text")),
    }
}

struct Parser {
    toks: Vec<Lexed>,
    at: usize,
    /// Column just past the end, for "expected more" errors.
    end_col: usize,
}

fn is_keyword(tok: &Tok, word: &str) -> bool {
    matches!(tok, Tok::Word { text, quoted: false } if text.eq_ignore_ascii_case(word))
}

impl Parser {
    fn peek(&self) -> Option<&Lexed> {
        self.toks.get(self.at)
    }

    fn col(&self) -> usize {
        self.peek().map_or(self.end_col, |l| l.col)
    }

    fn or(&mut self, depth: usize) -> Result<Query, QueryError> {
        let mut parts = vec![self.and(depth)?];
        while let Some(l) = self.peek() {
            if !is_keyword(&l.tok, "or") {
                break;
            }
            let col = l.col;
            self.at += 1;
            if self.starts_operand().is_none() {
                return Err(err(col, "`or` needs a search term on both sides"));
            }
            parts.push(self.and(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::Or(parts)
        })
    }

    /// The column of the next token if it can start an operand.
    fn starts_operand(&self) -> Option<usize> {
        let l = self.peek()?;
        match &l.tok {
            Tok::Close => None,
            t if is_keyword(t, "or") || is_keyword(t, "and") => None,
            _ => Some(l.col),
        }
    }

    fn and(&mut self, depth: usize) -> Result<Query, QueryError> {
        let mut parts = Vec::new();
        loop {
            if let Some(l) = self.peek()
                && is_keyword(&l.tok, "and")
            {
                let col = l.col;
                if parts.is_empty() {
                    return Err(err(col, "`and` needs a search term on both sides"));
                }
                self.at += 1;
                if self.starts_operand().is_none() {
                    return Err(err(col, "`and` needs a search term on both sides"));
                }
            }
            if self.starts_operand().is_none() {
                break;
            }
            parts.push(self.unary(depth)?);
        }
        match parts.len() {
            0 => {
                let col = self.col();
                Err(match self.peek().map(|l| &l.tok) {
                    Some(Tok::Close) => err(col, "empty parentheses, or a `)` that closes nothing"),
                    Some(t) if is_keyword(t, "or") => err(col, "`or` needs a search term on both sides"),
                    _ => err(col, "expected a search term"),
                })
            }
            1 => Ok(parts.remove(0)),
            _ => Ok(Query::And(parts)),
        }
    }

    fn unary(&mut self, depth: usize) -> Result<Query, QueryError> {
        let Some(l) = self.peek() else {
            return Err(err(self.end_col, "expected a search term"));
        };
        let col = l.col;
        if depth >= MAX_DEPTH {
            return Err(err(col, format!("nested more than {MAX_DEPTH} levels deep")));
        }
        match l.tok.clone() {
            Tok::Minus => {
                self.at += 1;
                if self.starts_operand().is_none() {
                    return Err(
                        err(col, "`-` needs a search term right after it").hint("write -tag:x, not - tag:x")
                    );
                }
                Ok(Query::Not(Box::new(self.unary(depth + 1)?)))
            }
            Tok::Open => {
                self.at += 1;
                let inner = self.or(depth + 1)?;
                match self.peek() {
                    Some(Lexed { tok: Tok::Close, .. }) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err(err(col, "this `(` is never closed").hint("add a `)`")),
                }
            }
            Tok::Close => Err(err(col, "this `)` closes nothing")),
            Tok::Word { text, quoted: true } => {
                self.at += 1;
                text_term(&text, col)
            }
            Tok::Word { text, quoted: false } => {
                self.at += 1;
                match text.split_once(':') {
                    Some((key, value)) if is_filter(key) => {
                        let value_col = col + key.chars().count() + 1;
                        filter(key, value, col, value_col)
                    }
                    Some((key, _)) if looks_like_filter(key) => {
                        Err(err(col, format!("unknown filter `{key}:`")).hint(format!(
                            "filters: {}; quote text with a colon: \"{text}\"",
                            FILTERS.join(", ")
                        )))
                    }
                    _ => text_term(&text, col),
                }
            }
            Tok::Keyed {
                key,
                value,
                value_col,
            } => {
                self.at += 1;
                if !is_filter(&key) {
                    return Err(err(col, format!("unknown filter `{key}:`"))
                        .hint(format!("filters: {}", FILTERS.join(", "))));
                }
                filter(&key, &value, col, value_col)
            }
        }
    }
}

/// Every `key:` the language knows.
const FILTERS: [&str; 6] = ["deck", "tag", "is", "prop", "rated", "kind"];

fn is_filter(key: &str) -> bool {
    FILTERS.iter().any(|f| f.eq_ignore_ascii_case(key))
}

/// A word before a colon that looks meant as a filter (letters only), not text like `12:30`.
fn looks_like_filter(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphabetic())
}

fn text_term(text: &str, col: usize) -> Result<Query, QueryError> {
    let folded = words(text).join(" ");
    if folded.is_empty() {
        return Err(err(
            col,
            "nothing to search for: the text has no letters or digits",
        ));
    }
    Ok(Query::Text(folded))
}

fn filter(key: &str, value: &str, col: usize, value_col: usize) -> Result<Query, QueryError> {
    let key = key.to_ascii_lowercase();
    if value.is_empty() {
        return Err(
            err(value_col, format!("`{key}:` needs a value")).hint(match key.as_str() {
                "deck" => "deck:ID, with * for any text: deck:sco-*",
                "tag" => "tag:NAME, with * for any text",
                "is" => "is:new, learning, review, due, suspended, buried, leech or draft",
                "prop" => "prop:ivl>=30, prop:lapses>2, prop:d>8, prop:r<0.8",
                "rated" => "rated:N, answered in the last N days (rated:1 is today)",
                _ => "kind:text, choice, number, …",
            }),
        );
    }
    match key.as_str() {
        "deck" => Ok(Query::Deck(Glob::new(value))),
        "tag" => Ok(Query::Tag(Glob::new(value))),
        "is" => StateIs::parse(value).map(Query::Is).ok_or_else(|| {
            err(value_col, format!("unknown state `is:{value}`"))
                .hint("is:new, learning, review, due, suspended, buried, leech or draft")
        }),
        "kind" => Kind::parse(value).map(Query::Kind).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            err(value_col, format!("unknown kind `{value}`")).hint(format!("kinds: {}", names.join(", ")))
        }),
        "rated" => match value.parse::<u32>() {
            Ok(n) if (1..=36_500).contains(&n) => Ok(Query::Rated(n)),
            _ => Err(err(
                value_col,
                format!("`rated:` takes a number of days from 1 to 36500, found `{value}`"),
            )
            .hint("rated:1 is today, rated:7 the last seven days")),
        },
        _ => prop(value, col, value_col),
    }
}

fn prop(value: &str, _col: usize, value_col: usize) -> Result<Query, QueryError> {
    let name_len = value
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(value.len());
    let (name, rest) = value.split_at(name_len);
    let Some(p) = Prop::parse(name) else {
        return Err(err(value_col, format!("unknown property `{name}`"))
            .hint("properties: ivl (days), due (days from today), lapses, reps, d (difficulty 1-10), r (retrievability 0-1)"));
    };
    let op_col = value_col + name.chars().count();
    let (cmp, num) = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("!=", Cmp::Ne),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ]
    .into_iter()
    .find_map(|(s, c)| rest.strip_prefix(s).map(|n| (c, n)))
    .ok_or_else(|| {
        err(
            op_col,
            format!("`prop:{name}` needs a comparison: =, !=, <, <=, > or >="),
        )
        .hint(format!("for example prop:{name}>=2"))
    })?;
    let num_col = op_col + (rest.chars().count() - num.chars().count());
    let n: f64 = num
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite())
        .ok_or_else(|| err(num_col, format!("`{num}` is not a number")))?;
    Ok(Query::Prop(p, cmp, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(q: &str) -> usize {
        parse(q).unwrap_err().col
    }

    #[test]
    fn precedence_and_grouping() {
        let q = parse("a b or c").unwrap();
        assert_eq!(
            q,
            Query::Or(vec![
                Query::And(vec![Query::Text("a".into()), Query::Text("b".into())]),
                Query::Text("c".into())
            ])
        );
        let q = parse("a (b OR c) -is:new").unwrap();
        assert_eq!(
            q,
            Query::And(vec![
                Query::Text("a".into()),
                Query::Or(vec![Query::Text("b".into()), Query::Text("c".into())]),
                Query::Not(Box::new(Query::Is(StateIs::New))),
            ])
        );
        assert_eq!(parse("a and b").unwrap(), parse("a b").unwrap());
        assert_eq!(parse("  ").unwrap(), Query::All);
    }

    #[test]
    fn phrases_values_and_folding() {
        assert_eq!(
            parse("\"Côte d'Ivoire\"").unwrap(),
            Query::Text("cote divoire".into())
        );
        assert_eq!(
            parse("tag:\"two words\"").unwrap(),
            Query::Tag(Glob::new("two words"))
        );
        assert_eq!(parse("12:30").unwrap(), Query::Text("12 30".into()));
        assert_eq!(parse("prop:r<0.8").unwrap(), Query::Prop(Prop::R, Cmp::Lt, 0.8));
        assert_eq!(
            parse("PROP:ivl>=30").unwrap(),
            Query::Prop(Prop::Ivl, Cmp::Ge, 30.0)
        );
        assert_eq!(parse("a-b").unwrap(), Query::Text("a b".into()));
    }

    #[test]
    fn errors_point_at_their_column() {
        assert_eq!(col("deck:x is:nw"), 11);
        assert_eq!(col("prop:ivl>>3"), 10);
        assert_eq!(col("prop:ivl"), 9);
        assert_eq!(col("prop:zz>1"), 6);
        assert_eq!(col("a (b"), 3);
        assert_eq!(col("a b)"), 4);
        assert_eq!(col("or a"), 1);
        assert_eq!(col("a or"), 3);
        assert_eq!(col("a \"b"), 3);
        assert_eq!(col("foo:bar"), 1);
        assert_eq!(col("rated:0"), 7);
        assert_eq!(col("x tag:"), 7);
        assert_eq!(col("()"), 2);
        assert_eq!(col("- a"), 1);
        assert_eq!(col("!!!"), 1);
        assert_eq!(col("é deck:"), 8, "columns count characters, not bytes");
        let deep = "(".repeat(100) + "a" + &")".repeat(100);
        assert!(parse(&deep).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_errors_stay_in_the_query(s in "\\PC{0,40}") {
            if let Err(e) = parse(&s) {
                proptest::prop_assert!(e.col >= 1 && e.col <= s.chars().count() + 1, "{e} for {s:?}");
            }
        }

        #[test]
        fn never_panics_on_query_like_text(s in "[-()\" a-z:<>=!.0-9*]{0,40}") {
            if let Err(e) = parse(&s) {
                proptest::prop_assert!(e.col >= 1 && e.col <= s.chars().count() + 1, "{e} for {s:?}");
            }
        }
    }
}
