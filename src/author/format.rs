//! `deckard fmt`: the canonical layout of a deck file, keeping every comment.
//!
//! Fields of a card come in a fixed order (id, kind, prompt, answer, the kind's own fields,
//! strict, tags, source(s), note, origin, renamed_from, hint, explain, draft); strings use double quotes (triple quotes when they span
//! lines); arrays sit on one line unless that line would pass 100 columns; tables are separated
//! by one blank line. Comments move with the field or table they sit above. Cards without an id
//! get one derived from their prompt. Formatting is idempotent.

use std::collections::HashSet;

use toml_edit::{Array, DocumentMut, InlineTable, Item, KeyMut, Table, Value};

use super::AuthorError;
use super::ids;

/// Field order of a `[[card]]` table; fields not listed keep their order after these.
pub const CARD_ORDER: &[&str] = &[
    "id",
    "kind",
    "q",
    "front",
    "a",
    "back",
    "choices",
    "items",
    "pairs",
    "distractors",
    "cloze",
    "accept",
    "tolerance",
    "unit",
    "ordered",
    "strict",
    "tags",
    "source",
    "sources",
    "note",
    "origin",
    "renamed_from",
    "hint",
    "explain",
    "draft",
];
/// Field order of the `[deck]` table.
pub const DECK_ORDER: &[&str] = &[
    "id",
    "title",
    "description",
    "language",
    "position",
    "tags",
    "sources",
];
/// Field order of an answer written as a table in `accept` or `choices`.
pub const GRADED_ORDER: &[&str] = &["text", "credit", "feedback"];
/// Field order of a source.
pub const SOURCE_ORDER: &[&str] = &["id", "title", "publisher", "as_of", "url"];

/// Longest line an array is kept on before it is split one item per line.
const WIDTH: usize = 100;

/// Formats the text of a deck file; `file` names it in errors.
pub fn format_text(file: &str, text: &str) -> Result<String, AuthorError> {
    let mut doc: DocumentMut = text.parse().map_err(|e| AuthorError::toml(file, text, &e))?;
    add_missing_ids(&mut doc);
    format_document(&mut doc);
    Ok(finish(&doc.to_string()))
}

/// Brings a parsed document into the canonical layout (ids are not added here).
pub fn format_document(doc: &mut DocumentMut) {
    let trailing = doc.trailing().as_str().unwrap_or("").to_string();
    doc.set_trailing(norm_trailing(&trailing));
    for (key, item) in doc.as_table_mut().iter_mut() {
        let order = order_for(key.get());
        match item {
            Item::Table(t) => normalize_table(t, order),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(|t| normalize_table(t, order)),
            _ => {}
        }
    }
}

/// Trims leading blank lines and ends the text with exactly one newline.
pub(crate) fn finish(text: &str) -> String {
    let mut out = text.trim_start_matches(['\n', '\r']).trim_end().to_string();
    out.push('\n');
    out
}

fn order_for(key: &str) -> &'static [&'static str] {
    match key {
        "deck" => DECK_ORDER,
        "card" => CARD_ORDER,
        "sources" => SOURCE_ORDER,
        "accept" | "choices" => GRADED_ORDER,
        _ => &[],
    }
}

fn rank(order: &[&str], key: &str) -> usize {
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

/// Gives every card without an id one derived from its prompt, unique in the deck.
pub fn add_missing_ids(doc: &mut DocumentMut) -> usize {
    let Some(cards) = doc.get_mut("card").and_then(Item::as_array_of_tables_mut) else {
        return 0;
    };
    let mut taken: HashSet<String> = cards
        .iter()
        .filter_map(|t| t.get("id").and_then(Item::as_str).map(str::to_string))
        .collect();
    let mut added = 0;
    for t in cards.iter_mut() {
        if t.contains_key("id") {
            continue;
        }
        let seed = ["q", "front", "cloze"]
            .iter()
            .find_map(|f| t.get(f).and_then(Item::as_str))
            .map(|s| s.replace(['{', '}'], ""))
            .unwrap_or_else(|| "card".into());
        let id = ids::unique(&seed, &mut taken);
        t.insert("id", toml_edit::value(id));
        added += 1;
    }
    added
}

/// Canonical layout for one header table and what it contains.
pub(crate) fn normalize_table(t: &mut Table, order: &[&str]) {
    if !t.is_implicit() {
        let prefix = raw(t.decor().prefix());
        let suffix = raw(t.decor().suffix());
        t.decor_mut().set_prefix(norm_table_prefix(&prefix));
        t.decor_mut().set_suffix(norm_comment(&suffix));
    }
    t.sort_values_by(|k1, _, k2, _| rank(order, k1.get()).cmp(&rank(order, k2.get())));
    for (mut key, item) in t.iter_mut() {
        let name = key.get().to_string();
        match item {
            Item::Value(v) => {
                norm_key(&mut key);
                canonical_in_place(&name, v);
            }
            Item::Table(sub) if !sub.is_dotted() => normalize_table(sub, order_for(&name)),
            Item::ArrayOfTables(a) => {
                a.iter_mut()
                    .for_each(|sub| normalize_table(sub, order_for(&name)));
            }
            _ => {}
        }
    }
}

fn raw(r: Option<&toml_edit::RawString>) -> String {
    r.and_then(|r| r.as_str()).unwrap_or("").to_string()
}

/// Comment lines above a table, trimmed, blank runs collapsed, after one blank line.
fn norm_table_prefix(prefix: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    let all: Vec<&str> = prefix.split('\n').collect();
    // The last piece is the indentation before `[`; the others are whole lines.
    for l in &all[..all.len().saturating_sub(1)] {
        let l = l.trim();
        if l.is_empty() && lines.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        lines.push(l);
    }
    let mut out = String::from("\n");
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Comment lines only (blank lines inside a table are dropped), each trimmed.
fn norm_key_prefix(prefix: &str) -> String {
    let mut out = String::new();
    for l in prefix.split('\n') {
        let l = l.trim();
        if l.starts_with('#') {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// A trailing comment as ` # text`, or nothing.
fn norm_comment(suffix: &str) -> String {
    match suffix.find('#') {
        Some(i) => format!(" {}", suffix[i..].trim_end()),
        None => String::new(),
    }
}

fn norm_trailing(trailing: &str) -> String {
    let body = norm_table_prefix(&format!("{trailing}\n"));
    if body.trim().is_empty() {
        String::new()
    } else {
        body
    }
}

fn norm_key(key: &mut KeyMut<'_>) {
    let prefix = raw(key.leaf_decor().prefix());
    key.leaf_decor_mut().set_prefix(norm_key_prefix(&prefix));
    key.leaf_decor_mut().set_suffix(" ");
}

/// Replaces a key's value by its canonical form, keeping its trailing comment.
fn canonical_in_place(key: &str, v: &mut Value) {
    let suffix = norm_comment(&raw(v.decor().suffix()));
    if let Some(text) = canonical_text(key, v)
        && let Ok(new) = text.parse::<Value>()
    {
        *v = new;
    }
    v.decor_mut().set_prefix(" ");
    v.decor_mut().set_suffix(suffix);
}

/// The canonical text of the value of `key`, or `None` to keep it as written (an array with
/// comments inside).
pub(crate) fn canonical_text(key: &str, v: &Value) -> Option<String> {
    if has_comments(v) {
        return None;
    }
    let quote_keys = matches!(key, "accept" | "pairs");
    let order = order_for(key);
    if let Value::String(s) = v
        && s.value().contains('\n')
    {
        return Some(multiline(s.value()));
    }
    let line = render(v, quote_keys, order);
    if let Value::Array(a) = v
        && !a.is_empty()
        && key.chars().count() + 3 + line.chars().count() > WIDTH
    {
        let mut out = String::from("[\n");
        for item in a.iter() {
            out.push_str("  ");
            out.push_str(&render(item, false, order));
            out.push_str(",\n");
        }
        out.push(']');
        return Some(out);
    }
    Some(line)
}

fn has_comments(v: &Value) -> bool {
    let decor_has = |d: &toml_edit::Decor| raw(d.prefix()).contains('#') || raw(d.suffix()).contains('#');
    match v {
        Value::Array(a) => {
            raw_str(a.trailing()).contains('#') || a.iter().any(|i| decor_has(i.decor()) || has_comments(i))
        }
        Value::InlineTable(t) => t.iter().any(|(_, i)| has_comments(i)),
        _ => false,
    }
}

fn raw_str(r: &toml_edit::RawString) -> &str {
    r.as_str().unwrap_or("")
}

fn render(v: &Value, quote_keys: bool, order: &[&str]) -> String {
    match v {
        Value::String(s) => quote(s.value()),
        Value::Integer(i) => i.display_repr().trim().to_string(),
        Value::Float(f) => f.display_repr().trim().to_string(),
        Value::Boolean(b) => b.value().to_string(),
        Value::Datetime(d) => d.display_repr().trim().to_string(),
        Value::Array(a) => render_array(a, order),
        Value::InlineTable(t) => render_table(t, quote_keys, order),
    }
}

/// An array on one line. Keys are quoted only in a table written directly as the value of
/// `accept` or `pairs` (their keys are answers); tables inside an array (answers with credit)
/// have field names as keys.
fn render_array(a: &Array, order: &[&str]) -> String {
    let items: Vec<String> = a.iter().map(|i| render(i, false, order)).collect();
    format!("[{}]", items.join(", "))
}

fn render_table(t: &InlineTable, quote_keys: bool, order: &[&str]) -> String {
    if t.is_empty() {
        return "{}".into();
    }
    let mut pairs: Vec<(&str, &Value)> = t.iter().collect();
    pairs.sort_by_key(|(k, _)| rank(order, k));
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{} = {}", key_text(k, quote_keys), render(v, false, &[])))
        .collect();
    format!("{{ {} }}", body.join(", "))
}

fn key_text(k: &str, quote_keys: bool) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare && !quote_keys {
        k.to_string()
    } else {
        quote(k)
    }
}

/// A TOML basic string: double quotes, escapes for `"`, `\` and control characters.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(s, &mut out, false);
    out.push('"');
    out
}

/// Characters that could hide or reorder text on a terminal (direction marks and overrides,
/// zero-width characters): written as `\uXXXX` escapes so the file shows them.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// A TOML multi-line basic string, for text that spans lines.
fn multiline(s: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    escape_into(s, &mut out, true);
    out.push_str("\"\"\"");
    out
}

fn escape_into(s: &str, out: &mut String, keep_newlines: bool) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || invisible(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;
