//! Card ids derived from prompts: short, readable, stable for the same prompt, unique in a deck.

use std::collections::HashSet;

/// Words that carry little meaning in a question and make ids long.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "is", "are", "was", "were", "be",
    "been", "by", "with", "what", "which", "who", "whom", "when", "where", "how", "does", "did", "do",
    "this", "that", "these", "those", "its", "it", "as", "from", "true", "false", "name", "fill", "gap",
    "blank", "s", "many", "much",
];

/// Most words an id is built from.
const MAX_WORDS: usize = 5;
/// Most characters of an id before a uniqueness suffix.
const MAX_CHARS: usize = 48;

/// A readable id from a prompt: its first meaningful words, lowercased, joined by `-`.
///
/// Letters of any script are kept (ids may be Chinese); text without words gives `card`.
pub fn slug(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut all: Vec<String> = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let w: String = raw.chars().flat_map(char::to_lowercase).collect();
        // Scripts without spaces (Chinese) come as one long run: keep a prefix of it.
        let w: String = if w.chars().any(is_cjk) {
            w.chars().take(12).collect()
        } else {
            w
        };
        all.push(w.clone());
        if !STOP.contains(&w.as_str()) {
            words.push(w);
        }
    }
    if words.is_empty() {
        words = all;
    }
    let mut out = String::new();
    for w in words.into_iter().take(MAX_WORDS) {
        if !out.is_empty() && out.chars().count() + w.chars().count() + 1 > MAX_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(w.chars().take(MAX_CHARS));
    }
    if out.is_empty() { "card".to_string() } else { out }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// An id for `text` not yet in `taken`, which then records it (`-2`, `-3`… on collisions).
pub fn unique(text: &str, taken: &mut HashSet<String>) -> String {
    claim(slug(text), taken)
}

/// `base` itself if free, else `base-2`, `base-3`…; records the result in `taken`.
pub fn claim(base: String, taken: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// True when `id` is valid in a deck file (letters, digits, `-`, `_`, `.`; at most 128 bytes).
pub fn is_valid(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_meaningful_words() {
        assert_eq!(slug("In which city was the SCO founded?"), "city-sco-founded");
        assert_eq!(slug("What is the \"Shanghai Spirit\"?"), "shanghai-spirit");
        assert_eq!(slug("上海合作组织成立于哪一年?"), "上海合作组织成立于哪一年");
        assert_eq!(slug("???"), "card");
        assert_eq!(slug("What is it?"), "what-is-it");
        assert!(slug(&"verylongword ".repeat(20)).len() <= MAX_CHARS);
    }

    #[test]
    fn unique_adds_suffixes() {
        let mut taken = HashSet::new();
        assert_eq!(unique("Founding city", &mut taken), "founding-city");
        assert_eq!(unique("Founding city!", &mut taken), "founding-city-2");
        assert_eq!(unique("founding city", &mut taken), "founding-city-3");
        assert!(is_valid("founding-city-3"));
        assert!(!is_valid("a b"));
    }
}
