//! The resource-level diff of two file sets, with each change's effect on the live system.

use super::documents::{Inventory, ParseError, inventory};
use super::replacement::{Effect, cloudformation_effect, kubernetes_effect};
use crate::FileSet;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Longest value shown in a change before it is shortened with `…`.
const MAX_VALUE_CHARS: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Cloudformation,
    Kubernetes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One property (a leaf path) that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropertyChange {
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub effect: Effect,
}

/// One resource or object that was added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub target: Target,
    /// `template/LogicalId` or `Kind/namespace/name`.
    pub id: String,
    /// The CloudFormation type or Kubernetes kind.
    pub kind: String,
    pub change: ChangeKind,
    /// The strongest effect among the property changes.
    pub effect: Effect,
    pub properties: Vec<PropertyChange>,
}

/// Every change, CloudFormation first, each list sorted by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Diff {
    pub changes: Vec<Change>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Changes that replace or re-create something.
    pub fn disruptive(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.effect >= Effect::Replace)
    }

    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.change == kind).count()
    }
}

/// Compares two file sets resource by resource.
pub fn diff(from: &FileSet, to: &FileSet) -> Result<Diff, ParseError> {
    let (old, new) = (inventory(from)?, inventory(to)?);
    let Inventory {
        cloudformation: old_cfn,
        kubernetes: old_k8s,
    } = old;
    let Inventory {
        cloudformation: new_cfn,
        kubernetes: new_k8s,
    } = new;
    let mut changes = compare(Target::Cloudformation, &old_cfn, &new_cfn);
    changes.extend(compare(Target::Kubernetes, &old_k8s, &new_k8s));
    Ok(Diff { changes })
}

fn compare(
    target: Target,
    old: &BTreeMap<String, (String, Value)>,
    new: &BTreeMap<String, (String, Value)>,
) -> Vec<Change> {
    let mut ids: Vec<&String> = old.keys().chain(new.keys()).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| {
            let change = |change, kind: &str, effect, properties| Change {
                target,
                id: id.clone(),
                kind: kind.to_owned(),
                change,
                effect,
                properties,
            };
            match (old.get(id), new.get(id)) {
                (None, Some((kind, _))) => {
                    Some(change(ChangeKind::Added, kind, Effect::InPlace, Vec::new()))
                }
                (Some((kind, _)), None) => Some(change(
                    ChangeKind::Removed,
                    kind,
                    Effect::InPlace,
                    Vec::new(),
                )),
                (Some((old_kind, a)), Some((kind, b))) if a != b => {
                    let mut leaves = Vec::new();
                    leaf_diff("", a, b, &mut leaves);
                    let properties: Vec<PropertyChange> = leaves
                        .into_iter()
                        .map(|(path, old, new)| {
                            let effect = if old_kind != kind {
                                Effect::Replace
                            } else {
                                effect_of(target, kind, &path)
                            };
                            PropertyChange {
                                path,
                                old: old.map(shorten),
                                new: new.map(shorten),
                                effect,
                            }
                        })
                        .collect();
                    let effect = properties
                        .iter()
                        .map(|p| p.effect)
                        .max()
                        .unwrap_or(Effect::InPlace);
                    Some(change(ChangeKind::Changed, kind, effect, properties))
                }
                _ => None,
            }
        })
        .collect()
}

fn effect_of(target: Target, kind: &str, path: &str) -> Effect {
    match target {
        Target::Cloudformation => match path.strip_prefix("Properties.") {
            Some(rest) => {
                cloudformation_effect(kind, rest.split(['.', '[']).next().unwrap_or(rest))
            }
            None if path == "Type" => Effect::Replace,
            None => Effect::InPlace,
        },
        Target::Kubernetes => kubernetes_effect(kind, path),
    }
}

/// Collects (path, old, new) for every leaf that differs. Arrays are compared element by
/// element (`Subnets[1]`); a missing side is `None`.
fn leaf_diff(
    path: &str,
    a: &Value,
    b: &Value,
    out: &mut Vec<(String, Option<Value>, Option<Value>)>,
) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                match (x.get(key), y.get(key)) {
                    (Some(l), Some(r)) => leaf_diff(&join(key), l, r, out),
                    (l, r) => out.push((join(key), l.cloned(), r.cloned())),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => array_diff(path, x, y, out),
        _ if a != b => out.push((path.to_owned(), Some(a.clone()), Some(b.clone()))),
        _ => {}
    }
}

/// Keys that identify an element of a list of objects (a container by `name`, an Ingress path by
/// `path`, a tag by `Key`), so an insertion shows as one added element, not a shifted list.
const IDENTITY_KEYS: &[&str] = &["name", "Name", "path", "Key", "secretKey", "PortName"];

fn identity(items: &[Value], key: &str) -> Option<Vec<String>> {
    let ids: Vec<String> = items
        .iter()
        .map(|v| v.get(key).map(Value::to_string))
        .collect::<Option<_>>()?;
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    (unique.len() == ids.len()).then_some(ids)
}

fn array_diff(
    path: &str,
    x: &[Value],
    y: &[Value],
    out: &mut Vec<(String, Option<Value>, Option<Value>)>,
) {
    let scalars = x.iter().chain(y).all(|v| !v.is_object() && !v.is_array());
    if scalars && x.len() != y.len() {
        // A list of names or values: report what left and what came.
        for v in x.iter().filter(|v| !y.contains(v)) {
            out.push((format!("{path}[-]"), Some(v.clone()), None));
        }
        for v in y.iter().filter(|v| !x.contains(v)) {
            out.push((format!("{path}[+]"), None, Some(v.clone())));
        }
        return;
    }
    let keyed = IDENTITY_KEYS
        .iter()
        .find_map(|k| Some((*k, identity(x, k)?, identity(y, k)?)));
    if let Some((key, xs, ys)) = keyed {
        for (i, id) in xs.iter().enumerate() {
            let at = format!("{path}[{key}={}]", id.trim_matches('"'));
            match ys.iter().position(|other| other == id) {
                Some(j) => leaf_diff(&at, &x[i], &y[j], out),
                None => out.push((at, Some(x[i].clone()), None)),
            }
        }
        for (j, id) in ys.iter().enumerate().filter(|(_, id)| !xs.contains(id)) {
            out.push((
                format!("{path}[{key}={}]", id.trim_matches('"')),
                None,
                Some(y[j].clone()),
            ));
        }
        return;
    }
    for i in 0..x.len().max(y.len()) {
        match (x.get(i), y.get(i)) {
            (Some(l), Some(r)) => leaf_diff(&format!("{path}[{i}]"), l, r, out),
            (l, r) => out.push((format!("{path}[{i}]"), l.cloned(), r.cloned())),
        }
    }
}

fn shorten(value: Value) -> String {
    let text = match value {
        Value::String(s) => s,
        other => other.to_string(),
    };
    if text.chars().count() <= MAX_VALUE_CHARS {
        return text;
    }
    let head: String = text.chars().take(MAX_VALUE_CHARS - 1).collect();
    format!("{head}…")
}
