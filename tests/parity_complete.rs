//! The parity table is complete: every spec key that reaches one target's output only is in
//! the table of exceptions (`twinform::parity::table::EXCEPTIONS`) or is a key of one target's
//! platform (`TARGET_ONLY`).
//!
//! Derived, not listed: every leaf key of every example (base and overlays) is mutated —
//! removed, a boolean flipped, a number changed, a list shortened — and each mutation that still
//! passes `check` is synthesized. A mutation that changes the CloudFormation output and not the
//! Kubernetes output (or the reverse) is a key that reaches one target only.
//! `cloudformation/eks-fargate.template.*` belongs to the Kubernetes side (`synth --target
//! kubernetes` writes it).

use std::collections::{BTreeMap, BTreeSet};
use toml::{Table, Value};
use twinform::parity::table::{EXCEPTIONS, TARGET_ONLY};
use twinform::{FileSet, Format, Options};

const SPECS: &[&str] = &[
    "examples/shop/twinform.toml",
    "examples/marketplace/twinform.toml",
    "examples/estate/twinform.toml",
    "examples/platform/twinform.toml",
    "examples/strategies/twinform.toml",
    // Second values for keys the examples give one value only.
    "tests/parity/keys.toml",
    "tests/parity/region.toml",
];

/// Which targets' output a mutation changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Reach {
    ecs: bool,
    eks: bool,
}

fn synth(text: &str, env: Option<&str>) -> Option<FileSet> {
    let options = Options {
        env: env.map(str::to_owned),
        format: Format::Json,
        ..Options::default()
    };
    twinform::synthesize("t.toml", text, &options)
        .ok()
        .map(|s| s.files)
}

fn is_kubernetes_side(path: &str) -> bool {
    path.starts_with("kubernetes/") || path.starts_with("cloudformation/eks-fargate")
}

fn reach(before: &FileSet, after: &FileSet) -> Reach {
    let mut reach = Reach::default();
    let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for path in paths {
        if before.get(path.as_str()) != after.get(path.as_str()) {
            if is_kubernetes_side(path) {
                reach.eks = true;
            } else {
                reach.ecs = true;
            }
        }
    }
    reach
}

/// A leaf's path: table keys, and indices into arrays of tables.
type Path = Vec<String>;

fn leaves(value: &Value, path: &mut Path, out: &mut Vec<Path>) {
    match value {
        Value::Table(table) => {
            for (key, child) in table {
                path.push(key.clone());
                leaves(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) if items.iter().all(Value::is_table) && !items.is_empty() => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                leaves(child, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

/// The parent container of `path`'s last segment.
fn parent_mut<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let (_, parents) = path.split_last()?;
    let mut at = value;
    for segment in parents {
        at = match at {
            Value::Table(table) => table.get_mut(segment)?,
            Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// Mutations of the leaf at `path`: the document with the key removed, and with its value
/// changed in a way the spec usually accepts.
fn mutations(root: &Value, path: &[String], others: &[Value]) -> Vec<Value> {
    let mut found = Vec::new();
    let Some(last) = path.last() else {
        return found;
    };
    let mut removed = root.clone();
    if let Some(Value::Table(table)) = parent_mut(&mut removed, path) {
        table.remove(last);
        found.push(removed);
    }
    let mut changed = |change: &dyn Fn(&Value) -> Option<Value>| {
        let mut copy = root.clone();
        if let Some(Value::Table(table)) = parent_mut(&mut copy, path)
            && let Some(new) = table.get(last).and_then(change)
        {
            table.insert(last.clone(), new);
            found.push(copy);
        }
    };
    changed(&|v| v.as_bool().map(|b| Value::Boolean(!b)));
    changed(&|v| v.as_integer().map(|n| Value::Integer(n * 2)));
    changed(&|v| {
        v.as_integer()
            .filter(|n| *n > 1)
            .map(|n| Value::Integer(n - 1))
    });
    changed(&|v| {
        v.as_array()
            .filter(|a| a.len() > 1)
            .map(|a| Value::Array(a[..a.len() - 1].to_vec()))
    });
    // Strings (images, ARNs, schedules, users) cannot be changed blindly: another value the
    // examples give the same key is a valid one.
    for other in others.iter().take(2) {
        changed(&|v| (v != other).then(|| other.clone()));
    }
    found
}

/// Every value each normalized key has anywhere in the corpus, first seen first.
fn values_by_key(roots: &[Value]) -> BTreeMap<String, Vec<Value>> {
    let mut values: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for root in roots {
        let mut paths = Vec::new();
        leaves(root, &mut Vec::new(), &mut paths);
        for path in paths {
            let Some(value) = parent_mut(&mut root.clone(), &path)
                .and_then(|p| p.as_table().and_then(|t| t.get(path.last()?)).cloned())
            else {
                continue;
            };
            let known = values.entry(normalize(&path)).or_default();
            if value.is_str() && !known.contains(&value) {
                known.push(value);
            }
        }
    }
    values
}

/// `environments.E.services.api.cpu` → `services.*.cpu`: overlays set the same keys as the
/// base; service and job names, map keys under `env`/`secrets`/`tags`/`labels` and array
/// indices are not part of a key.
fn normalize(path: &[String]) -> String {
    let mut path: Vec<&str> = path.iter().map(String::as_str).collect();
    if path.first() == Some(&"environments") && path.len() > 2 {
        path.drain(..2);
    }
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in path.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| path[p]);
        if segment.parse::<usize>().is_ok() {
            continue;
        }
        let named = matches!(previous, Some("services" | "jobs"))
            || matches!(previous, Some("env" | "secrets" | "tags" | "labels"));
        out.push(if named { "*" } else { segment });
    }
    out.join(".")
}

/// Whether `key` is `pattern` or below it (`*` matches one segment).
fn covered_by(key: &str, pattern: &str) -> bool {
    let key: Vec<&str> = key.split('.').collect();
    let pattern: Vec<&str> = pattern.split('.').collect();
    pattern.len() <= key.len() && pattern.iter().zip(&key).all(|(p, k)| *p == "*" || k == p)
}

fn in_table(key: &str) -> bool {
    EXCEPTIONS
        .iter()
        .flat_map(|e| e.keys.iter())
        .chain(TARGET_ONLY.iter().map(|t| &t.key))
        .any(|pattern| covered_by(key, pattern))
}

/// Every normalized key with the reaches its mutations had.
/// [`derive`]d once per test binary: both tests read it.
fn observed() -> &'static BTreeMap<String, BTreeSet<Reach>> {
    static SEEN: std::sync::OnceLock<BTreeMap<String, BTreeSet<Reach>>> =
        std::sync::OnceLock::new();
    SEEN.get_or_init(derive)
}

fn derive() -> BTreeMap<String, BTreeSet<Reach>> {
    let mut seen: BTreeMap<String, BTreeSet<Reach>> = BTreeMap::new();
    let texts: Vec<String> = SPECS
        .iter()
        .map(|s| std::fs::read_to_string(s).unwrap())
        .collect();
    let roots: Vec<Value> = texts
        .iter()
        .map(|t| Value::Table(t.parse::<Table>().unwrap()))
        .collect();
    let values = values_by_key(&roots);
    for (text, root) in texts.iter().zip(&roots) {
        let mut paths = Vec::new();
        leaves(root, &mut Vec::new(), &mut paths);
        let mut baselines: BTreeMap<Option<String>, Option<FileSet>> = BTreeMap::new();
        for path in paths {
            let env = (path.first().map(String::as_str) == Some("environments"))
                .then(|| path.get(1).cloned())
                .flatten();
            if path.first().map(String::as_str) == Some("environments") && path.len() <= 2 {
                continue;
            }
            let key = normalize(&path);
            let base = baselines
                .entry(env.clone())
                .or_insert_with(|| synth(text, env.as_deref()));
            let Some(base) = base.as_ref() else { continue };
            let others = values.get(&key).map(Vec::as_slice).unwrap_or_default();
            for mutated in mutations(root, &path, others) {
                let Ok(mutated_text) = toml::to_string(&mutated) else {
                    continue;
                };
                if let Some(files) = synth(&mutated_text, env.as_deref()) {
                    seen.entry(key.clone())
                        .or_default()
                        .insert(reach(base, &files));
                }
            }
        }
    }
    seen
}

#[test]
fn every_key_that_reaches_one_target_only_is_in_the_parity_table() {
    let seen = observed();
    if std::env::var_os("TWINFORM_PARITY_DUMP").is_some() {
        for (key, reaches) in seen {
            println!("{key}: {reaches:?}");
        }
    }
    let one_sided: Vec<String> = seen
        .iter()
        .filter(|(key, reaches)| reaches.iter().any(|r| r.ecs != r.eks) && !in_table(key))
        .map(|(key, reaches)| format!("{key}: {reaches:?}"))
        .collect();
    assert!(
        one_sided.is_empty(),
        "keys that reach one target only without a parity table entry (src/parity/table.rs):\n{}",
        one_sided.join("\n")
    );
    // A platform key seen changing output, and never one target's only, is not one target's
    // key (it changes both whenever it changes anything).
    for only in TARGET_ONLY {
        if let Some(reaches) = seen.get(only.key) {
            let changed: Vec<_> = reaches.iter().filter(|r| r.ecs || r.eks).collect();
            assert!(
                changed.is_empty() || changed.iter().any(|r| r.ecs != r.eks),
                "`{}` is listed as one target's key but always reached both: {reaches:?}",
                only.key
            );
        }
    }
    // The derivation must see the keys it is about: a harness that mutates nothing passes
    // vacuously.
    for key in [
        "services.*.spot",
        "services.*.cpu",
        "services.*.exec",
        "jobs.*.timeout",
    ] {
        assert!(seen.contains_key(key), "{key} was never mutated");
    }
    // ... and see one-sided keys as one-sided: without their entries this test would fail.
    let ecs_only = Reach {
        ecs: true,
        eks: false,
    };
    let eks_only = Reach {
        ecs: false,
        eks: true,
    };
    assert!(seen["services.*.spot"].contains(&ecs_only));
    assert!(seen["jobs.*.timeout"].contains(&eks_only));
}

/// The spec schema's leaf keys (`services.*.health.path`), overlays left out: they set the same
/// keys as the base.
fn schema_keys() -> BTreeSet<String> {
    fn walk(
        node: &serde_json::Value,
        defs: &serde_json::Value,
        path: &mut Vec<String>,
        out: &mut BTreeSet<String>,
    ) {
        if path.len() > 8 {
            return;
        }
        if let Some(target) = node["$ref"].as_str() {
            let name = target.rsplit('/').next().unwrap_or_default();
            return walk(&defs[name], defs, path, out);
        }
        let alternatives: Vec<&serde_json::Value> = ["anyOf", "oneOf", "allOf"]
            .iter()
            .filter_map(|k| node[*k].as_array())
            .flatten()
            .collect();
        for alternative in &alternatives {
            walk(alternative, defs, path, out);
        }
        let resolve = |n: &serde_json::Value| match n["$ref"].as_str() {
            Some(target) => defs[target.rsplit('/').next().unwrap_or_default()].clone(),
            None => n.clone(),
        };
        let mut container = false;
        if let Some(properties) = node["properties"].as_object() {
            container = true;
            for (key, child) in properties {
                path.push(key.clone());
                walk(child, defs, path, out);
                path.pop();
            }
        }
        if node["additionalProperties"].is_object() {
            container = true;
            path.push("*".to_owned());
            let values = &node["additionalProperties"];
            if resolve(values)["properties"].is_object() {
                walk(values, defs, path, out);
            } else {
                out.insert(path.join("."));
            }
            path.pop();
        }
        if resolve(&node["items"])["properties"].is_object() {
            return walk(&node["items"], defs, path, out);
        }
        if !container && alternatives.is_empty() && !path.is_empty() {
            out.insert(path.join("."));
        }
    }
    let schema: serde_json::Value = serde_json::from_str(&twinform::spec::json_schema()).unwrap();
    let mut out = BTreeSet::new();
    walk(&schema, &schema["$defs"], &mut Vec::new(), &mut out);
    out.retain(|k| !k.starts_with("environments."));
    out
}

/// "For every spec key": each leaf key of the schema was changed by some mutation (so the test
/// above judged it), or is in the table already.
#[test]
fn every_schema_key_is_exercised_or_in_the_table() {
    let seen = observed();
    let changed = |key: &str| {
        seen.iter().any(|(k, reaches)| {
            (k == key || k.starts_with(&format!("{key}.")))
                && reaches.iter().any(|r| r.ecs || r.eks)
        })
    };
    // Keys that change no output by design.
    // `app.region`: templates say `AWS::Region`, and a store reads a secret's own Region; the
    // key only checks ARNs against it (TF033, TF125).
    let no_output = ["app.region"];
    let missing: Vec<String> = schema_keys()
        .into_iter()
        .filter(|key| !changed(key) && !in_table(key) && !no_output.contains(&key.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "spec keys no mutation changed (add a second value to tests/parity/keys.toml): {missing:?}"
    );
}

/// Every table key names a key of the spec's schema (a renamed key would leave a dead entry).
#[test]
fn every_table_key_is_a_spec_key() {
    let schema: serde_json::Value = serde_json::from_str(&twinform::spec::json_schema()).unwrap();
    let text = serde_json::to_string(&schema).unwrap();
    for pattern in EXCEPTIONS
        .iter()
        .flat_map(|e| e.keys.iter())
        .chain(TARGET_ONLY.iter().map(|t| &t.key))
    {
        let last = pattern.rsplit('.').next().unwrap();
        assert!(
            text.contains(&format!("\"{last}\"")),
            "`{pattern}` is not a key of the spec schema"
        );
    }
}

#[test]
fn normalize_drops_overlays_names_and_indices() {
    let path = |p: &str| p.split('.').map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(
        normalize(&path("environments.prod.services.api.cpu")),
        "services.*.cpu"
    );
    assert_eq!(
        normalize(&path("services.api.env.LOG_LEVEL")),
        "services.*.env.*"
    );
    assert_eq!(normalize(&path("patches.0.reason")), "patches.reason");
    assert!(covered_by(
        "services.*.autoscale.queue.url",
        "services.*.autoscale.queue"
    ));
    assert!(!covered_by("services.*.spotless", "services.*.spot"));
}
