//! The README's spec reference names every key of the spec's schema, so it cannot go stale.

use serde_json::Value;

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        return resolve(root, &root["$defs"][r.trim_start_matches("#/$defs/")]);
    }
    let alts = node.get("anyOf").and_then(Value::as_array);
    if let Some(alt) = alts.and_then(|a| {
        a.iter()
            .find(|a| a.get("type") != Some(&Value::from("null")))
    }) {
        return resolve(root, alt);
    }
    node
}

/// Dotted key paths of every leaf or map key (`services.NAME.health.interval`).
fn key_paths(root: &Value, node: &Value, prefix: &str, out: &mut Vec<String>) {
    let node = resolve(root, node);
    let Some(props) = node.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (key, child) in props {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let child = resolve(root, child);
        match key.as_str() {
            "services" | "jobs" => key_paths(
                root,
                &child["additionalProperties"],
                &format!("{path}.NAME"),
                out,
            ),
            "environments" => out.push(format!("{path}.ENV")),
            _ if child.get("properties").is_some() => key_paths(root, child, &path, out),
            _ => out.push(path),
        }
    }
}

#[test]
fn readme_spec_reference_names_every_schema_key() {
    let schema = schemars::schema_for!(twinform::spec::Spec).to_value();
    let mut paths = Vec::new();
    key_paths(&schema, &schema, "", &mut paths);
    assert!(paths.len() > 30, "schema walk found only {paths:?}");
    let readme = std::fs::read_to_string("README.md").unwrap();
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| !readme.contains(&format!("| `{p}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "README spec reference lacks rows for: {missing:?}"
    );
}
