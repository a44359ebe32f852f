//! "Did you mean": the valid keys at a path (read from the spec's own JSON Schema, so they can
//! never drift from the types) and the closest one by edit distance.

use super::Spec;
use serde_json::Value;
use std::sync::OnceLock;

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(Spec).to_value())
}

/// The keys allowed in the table at `path` (map entries such as service names are skipped
/// through), sorted.
pub(crate) fn keys_at(path: &[String]) -> Vec<String> {
    let root = schema();
    let mut node = resolve(root, root);
    for segment in path {
        let Some(next) = step(root, node, segment) else {
            return Vec::new();
        };
        node = next;
    }
    let mut keys: Vec<String> = properties(root, node)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        if let Some(target) = root.get("$defs").and_then(|d| d.get(name)) {
            return resolve(root, target);
        }
    }
    // Option<T> is `anyOf: [T, null]`: take the non-null branch.
    for combinator in ["anyOf", "oneOf", "allOf"] {
        let alternatives = node.get(combinator).and_then(Value::as_array);
        let non_null = alternatives.and_then(|a| {
            a.iter()
                .find(|a| a.get("type").and_then(Value::as_str) != Some("null"))
        });
        if let Some(found) = non_null {
            return resolve(root, found);
        }
    }
    node
}

fn properties<'a>(root: &'a Value, node: &'a Value) -> Option<&'a serde_json::Map<String, Value>> {
    resolve(root, node)
        .get("properties")
        .and_then(Value::as_object)
}

fn step<'a>(root: &'a Value, node: &'a Value, segment: &str) -> Option<&'a Value> {
    let node = resolve(root, node);
    if let Some(child) = node.get("properties").and_then(|p| p.get(segment)) {
        return Some(resolve(root, child));
    }
    if let Some(child) = node.get("additionalProperties").filter(|v| v.is_object()) {
        return Some(resolve(root, child));
    }
    node.get("items").map(|items| resolve(root, items))
}

/// The candidate closest to `word` within edit distance 3 (cargo's rule), if any.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (distance(word, c), c))
        .filter(|(d, c)| *d <= 3 && *d < word.chars().count().max(c.chars().count()))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = current;
        }
    }
    row[b.len()]
}
