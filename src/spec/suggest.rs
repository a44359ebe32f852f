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

/// What the value at `path` must be, with an example, for a type error's help line:
/// "expected an integer in 1..=65535, for example `port = 8080`".
pub(crate) fn expected_at(path: &[String], written: Option<&str>) -> Option<String> {
    let root = schema();
    let mut node = resolve(root, root);
    let mut raw = node;
    for segment in path {
        raw = step_raw(root, node, segment)?;
        node = resolve(root, raw);
    }
    let key = path.last()?;
    let types: Vec<&str> = match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let words = choices(root, raw);
    if let (Some(words), Some(written)) = (&words, written)
        && let Some(best) = closest(written, words.iter().map(String::as_str))
    {
        return Some(format!("did you mean `{best}`?"));
    }
    let example = raw
        .get("examples")
        .and_then(|e| e.get(0))
        .or_else(|| raw.get("default"))
        .or_else(|| node.get("examples").and_then(|e| e.get(0)))
        .or_else(|| node.get("minimum"));
    let (noun, shown) = if let Some(words) = words {
        let words: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
        (
            format!("one of {}", words.join(", ")),
            example.map(Value::to_string),
        )
    } else if types.contains(&"integer") {
        let range = match (node.get("minimum"), node.get("maximum")) {
            (Some(lo), Some(hi)) => format!(" in {lo}..={hi}"),
            (Some(lo), None) => format!(" ≥ {lo}"),
            _ => String::new(),
        };
        (
            format!("an integer{range}"),
            Some(example.map_or("1".into(), Value::to_string)),
        )
    } else if types.contains(&"boolean") {
        (
            "`true` or `false`".into(),
            Some(example.map_or("true".into(), Value::to_string)),
        )
    } else if types.contains(&"string") {
        let shown = example.map_or_else(|| "\"…\"".into(), Value::to_string);
        ("a string".into(), Some(shown))
    } else if types.contains(&"array") {
        ("an array".into(), Some("[\"…\"]".into()))
    } else if types.contains(&"object") || node.get("properties").is_some() {
        let table = path.join(".");
        return Some(format!(
            "expected a table: `[{table}]` with its keys below it"
        ));
    } else {
        return None;
    };
    // An array element is shown in its array: `calls = ["…"]`.
    let element = key.parse::<usize>().is_ok();
    let array = path.iter().rev().find(|s| s.parse::<usize>().is_err());
    Some(match (shown, element, array) {
        (Some(shown), true, Some(array)) => {
            format!("expected {noun} in `{array}`, for example `{array} = [{shown}]`")
        }
        (Some(shown), false, _) => format!("expected {noun}, for example `{key} = {shown}`"),
        _ => format!("expected {noun}"),
    })
}

/// The words a choice accepts: an `enum`, or `oneOf` alternatives that are each one `const`
/// (documented variants), through `$ref` and the `null` of an `Option`.
fn choices(root: &Value, node: &Value) -> Option<Vec<String>> {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let target = root
            .get("$defs")?
            .get(reference.trim_start_matches("#/$defs/"))?;
        return choices(root, target);
    }
    if let Some(Value::Array(words)) = node.get("enum") {
        return Some(
            words
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        );
    }
    for combinator in ["oneOf", "anyOf"] {
        let Some(Value::Array(alternatives)) = node.get(combinator) else {
            continue;
        };
        let non_null: Vec<&Value> = alternatives
            .iter()
            .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if let [only] = non_null.as_slice() {
            return choices(root, only);
        }
        let consts: Option<Vec<String>> = non_null
            .iter()
            .map(|a| a.get("const").and_then(Value::as_str).map(str::to_owned))
            .collect();
        if consts.is_some() {
            return consts;
        }
    }
    None
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
    step_raw(root, node, segment).map(|child| resolve(root, child))
}

/// The schema of `segment` below `node`, as written (its `$ref`, `default` and `examples`).
fn step_raw<'a>(root: &'a Value, node: &'a Value, segment: &str) -> Option<&'a Value> {
    let node = resolve(root, node);
    if let Some(child) = node.get("properties").and_then(|p| p.get(segment)) {
        return Some(child);
    }
    if let Some(child) = node.get("additionalProperties").filter(|v| v.is_object()) {
        return Some(child);
    }
    node.get("items")
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
