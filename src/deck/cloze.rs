//! Cloze text: `{{answer}}`, `{{answer|alternative}}` and `{{answer::hint}}` gaps.

use super::model::Alternatives;

/// One gap of a cloze text.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// The hidden answer and its alternatives.
    pub answer: Alternatives,
    /// An optional hint shown in the blank.
    pub hint: Option<String>,
}

/// A cloze text split into literal pieces and gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Cloze {
    /// Literal text around the gaps: `pieces.len() == gaps.len() + 1`.
    pub pieces: Vec<String>,
    /// The gaps in order.
    pub gaps: Vec<Gap>,
}

impl Cloze {
    /// The prompt for gap `n`: that gap blanked, the others shown with their answers.
    pub fn prompt_for(&self, n: usize) -> String {
        let mut out = String::new();
        for (i, piece) in self.pieces.iter().enumerate() {
            out.push_str(piece);
            if let Some(gap) = self.gaps.get(i) {
                if i == n {
                    match &gap.hint {
                        Some(h) => {
                            out.push_str("[… ");
                            out.push_str(h);
                            out.push(']');
                        }
                        None => out.push_str("[…]"),
                    }
                } else {
                    out.push_str(&gap.answer.answer);
                }
            }
        }
        out
    }
}

/// Splits a cloze text into pieces and gaps; an unbalanced or empty gap is an error.
pub fn parse(text: &str) -> Result<Cloze, String> {
    let mut pieces = Vec::new();
    let mut gaps = Vec::new();
    let mut rest = text;
    loop {
        match (rest.find("{{"), rest.find("}}")) {
            (None, None) => {
                pieces.push(rest.to_string());
                break;
            }
            (Some(open), close) if close.is_none_or(|c| c > open) => {
                pieces.push(rest[..open].to_string());
                let after = &rest[open + 2..];
                let Some(end) = after.find("}}") else {
                    return Err(format!("gap {} opens with {{{{ but never closes", gaps.len() + 1));
                };
                let inner = &after[..end];
                if inner.contains("{{") {
                    return Err(format!("gap {} contains another {{{{", gaps.len() + 1));
                }
                let (body, hint) = match inner.split_once("::") {
                    Some((b, h)) => (b, Some(h.trim().to_string()).filter(|h| !h.is_empty())),
                    None => (inner, None),
                };
                let mut alts = body.split('|').map(str::trim).filter(|s| !s.is_empty());
                let Some(answer) = alts.next() else {
                    return Err(format!("gap {} is empty", gaps.len() + 1));
                };
                gaps.push(Gap {
                    answer: Alternatives {
                        answer: answer.to_string(),
                        accept: alts.map(str::to_string).collect(),
                    },
                    hint,
                });
                rest = &after[end + 2..];
            }
            _ => return Err("}} closes a gap that was never opened".to_string()),
        }
    }
    Ok(Cloze { pieces, gaps })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_with_alternatives_and_hints() {
        let c = parse("Founded in {{Shanghai}} on {{15 June 2001|2001-06-15::date}}.").unwrap();
        assert_eq!(c.gaps.len(), 2);
        assert_eq!(c.gaps[1].answer.accept, vec!["2001-06-15"]);
        assert_eq!(c.gaps[1].hint.as_deref(), Some("date"));
        assert_eq!(c.prompt_for(0), "Founded in […] on 15 June 2001.");
        assert_eq!(c.prompt_for(1), "Founded in Shanghai on [… date].");
    }

    #[test]
    fn malformed_gaps_are_errors() {
        assert!(parse("a {{b").is_err());
        assert!(parse("a }} b").is_err());
        assert!(parse("a {{ }} b").is_err());
        assert!(parse("a {{b {{c}} }}").is_err());
        assert_eq!(parse("no gaps").unwrap().gaps.len(), 0);
    }
}
