//! Acronyms defined in running text: `Shanghai Cooperation Organization (SCO)`.

use super::text::tokens;

/// An acronym introduced with its expansion: `Shanghai Cooperation Organization (SCO)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acronym {
    /// The acronym.
    pub short: String,
    /// What it stands for.
    pub long: String,
}

const CONNECTORS: &[&str] = &["of", "for", "and", "the", "on", "in", "de", "to"];

/// Acronyms defined in a sentence.
pub fn acronyms(s: &str) -> Vec<Acronym> {
    let toks = tokens(s);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let short = t.text;
        let bracketed = s[..t.start].ends_with('(') && s[t.end..].starts_with(')');
        if !bracketed || !(2..=7).contains(&short.len()) || !short.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let mut words: Vec<&str> = Vec::new();
        let mut k = i;
        while k > 0 && words.len() < 12 {
            let w = &toks[k - 1];
            let between = &s[w.end..toks[k].start];
            let allowed = if k == i {
                between.trim() == "("
            } else {
                between.trim().is_empty()
            };
            if !allowed || !(w.is_capitalized() || CONNECTORS.contains(&w.text)) {
                break;
            }
            words.insert(0, w.text);
            k -= 1;
        }
        while words
            .first()
            .is_some_and(|w| CONNECTORS.contains(w) || !w.starts_with(short.chars().next().unwrap_or(' ')))
        {
            words.remove(0);
        }
        let initials: Vec<char> = words
            .iter()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        let mut letters = short.chars();
        let in_order = initials.iter().all(|c| letters.any(|l| l == *c));
        if words.len() >= 2
            && initials.len() >= 2
            && initials.len() * 2 >= short.len()
            && in_order
            && !out.iter().any(|a: &Acronym| a.short == short)
        {
            out.push(Acronym {
                short: short.to_string(),
                long: words.join(" "),
            });
        }
    }
    out
}
