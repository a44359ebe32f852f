//! The resource-level diff of two file sets, with each change's effect on the live system.

use super::documents::{Inventory, ParseError, inventory};
use super::replacement::{Effect, cloudformation_effect, kubernetes_effect};
use super::{chains, hazards, keys};
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
    /// The replaced resource whose new identity this property takes (`template/LogicalId`):
    /// the text did not change, the value will.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// What a change risks beyond its effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HazardKind {
    /// The update cannot succeed (CloudFormation rolls back, or a later deployment fails).
    Fails,
    /// Requests fail for a while (no targets, no endpoints, too few pods).
    Downtime,
    /// A load balancer is replaced: clients reach the app under a new DNS name.
    DnsChange,
    /// Something stays running or stored after the update; deleting it is up to the user.
    LeftToUser,
}

impl HazardKind {
    pub fn label(self) -> &'static str {
        match self {
            HazardKind::Fails => "FAILS",
            HazardKind::Downtime => "DOWNTIME",
            HazardKind::DnsChange => "DNS CHANGE",
            HazardKind::LeftToUser => "deletion left to the user",
        }
    }
}

/// One hazard of a change, with why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Hazard {
    pub kind: HazardKind,
    pub reason: String,
}

/// A documented way through a change that cannot be deployed as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Migration {
    /// Resources move between the stacks of a nested layout.
    StackLayout,
    /// ECS services move to another cluster (`ecs.cluster`).
    EcsCluster,
    /// A Deployment hands `spec.replicas` over to a HorizontalPodAutoscaler.
    ReplicasToAutoscale,
    /// A Deployment is replaced by an Argo Rollout of the same name (a traffic-shifting
    /// `deploy.strategy`).
    DeploymentToRollout,
    /// An Argo Rollout is replaced by a Deployment (back to `rolling`).
    RolloutToDeployment,
}

impl Migration {
    pub fn title(self) -> &'static str {
        match self {
            Migration::StackLayout => "resources move between stacks",
            Migration::EcsCluster => "ECS services move to another cluster",
            Migration::ReplicasToAutoscale => "spec.replicas handed over to the autoscaler",
            Migration::DeploymentToRollout => "a Deployment replaced by an Argo Rollout",
            Migration::RolloutToDeployment => "an Argo Rollout replaced by a Deployment",
        }
    }

    /// What to do, in one line, and where the README explains it.
    pub fn advice(self) -> &'static str {
        match self {
            Migration::StackLayout => {
                "move them with CloudFormation stack refactoring before the update (README: Updating safely › Crossing a nested-stack layout change)"
            }
            Migration::EcsCluster => {
                "deploy the app as a new stack, switch DNS, delete the old stack; or remove the services first (README: Updating safely › Moving to `ecs.cluster`)"
            }
            Migration::ReplicasToAutoscale => {
                "hand `spec.replicas` over before applying: `kubectl apply edit-last-applied` or a server-side apply field-manager hand-over (README: Updating safely › `replicas` → `autoscale` on EKS)"
            }
            Migration::DeploymentToRollout => {
                "apply without pruning, wait for `kubectl argo rollouts status NAME`, then delete the Deployment (README: Deploy strategies › Switching strategies on EKS)"
            }
            Migration::RolloutToDeployment => {
                "apply without pruning, wait for `kubectl rollout status deployment/NAME`, then delete the Rollout and the `NAME-canary` Service (README: Deploy strategies › Switching strategies on EKS)"
            }
        }
    }
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hazards: Vec<Hazard>,
    pub properties: Vec<PropertyChange>,
}

impl Change {
    pub fn has(&self, kind: HazardKind) -> bool {
        self.hazards.iter().any(|h| h.kind == kind)
    }
}

/// Every change, CloudFormation first, each list sorted by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Diff {
    pub changes: Vec<Change>,
    /// The migrations the hazards point to, each once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<Migration>,
    /// The change of the monthly cost range per target (`ECS on Fargate +$212.00–$1,410.00/month;
    /// …`), when both sides are specs ([`crate::cost::render::change_line`]); set by the caller,
    /// which has the models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
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

    /// Changes with a hazard of `kind`.
    pub fn with_hazard(&self, kind: HazardKind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.has(kind))
    }

    /// The change of `id` (`template/LogicalId`, `Kind/namespace/name`).
    pub fn change(&self, id: &str) -> Option<&Change> {
        self.changes.iter().find(|c| c.id == id)
    }

    pub(super) fn change_mut(&mut self, target: Target, id: &str, kind: &str) -> &mut Change {
        let at = match self
            .changes
            .iter()
            .position(|c| c.target == target && c.id == id)
        {
            Some(at) => at,
            None => {
                self.changes.push(Change {
                    target,
                    id: id.to_owned(),
                    kind: kind.to_owned(),
                    change: ChangeKind::Changed,
                    effect: Effect::InPlace,
                    hazards: Vec::new(),
                    properties: Vec::new(),
                });
                self.changes.len() - 1
            }
        };
        &mut self.changes[at]
    }

    /// Adds a hazard to the change of `id` (creating an otherwise empty change when the text of
    /// the resource did not change).
    pub(super) fn flag(
        &mut self,
        target: Target,
        id: &str,
        kind: &str,
        hazard: HazardKind,
        reason: String,
    ) {
        let change = self.change_mut(target, id, kind);
        let hazard = Hazard {
            kind: hazard,
            reason,
        };
        if !change.hazards.contains(&hazard) {
            change.hazards.push(hazard);
        }
    }

    fn finish(&mut self) {
        for change in &mut self.changes {
            change.hazards.sort();
            // An added or removed resource keeps that effect; its hazards say the rest.
            if change.change != ChangeKind::Changed {
                continue;
            }
            change.effect = change
                .properties
                .iter()
                .map(|p| p.effect)
                .max()
                .unwrap_or(Effect::InPlace)
                .max(change.effect);
        }
        self.changes
            .sort_by(|a, b| (a.target, &a.id).cmp(&(b.target, &b.id)));
        self.migrations.sort();
        self.migrations.dedup();
    }
}

/// Compares two file sets resource by resource.
pub fn diff(from: &FileSet, to: &FileSet) -> Result<Diff, ParseError> {
    let (old, new): (Inventory, Inventory) = (inventory(from)?, inventory(to)?);
    let mut changes = compare(
        Target::Cloudformation,
        &old.cloudformation,
        &new.cloudformation,
    );
    changes.extend(compare(
        Target::Kubernetes,
        &old.kubernetes,
        &new.kubernetes,
    ));
    let mut diff = Diff {
        changes,
        migrations: Vec::new(),
        cost: None,
    };
    let lifecycle = chains::follow(&old, &new, &mut diff);
    keys::check(&old, &new, &lifecycle, &mut diff);
    hazards::cloudformation(&old, &new, &lifecycle, &mut diff);
    hazards::kubernetes(&old, &new, &mut diff);
    diff.finish();
    Ok(diff)
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
                hazards: Vec::new(),
                properties,
            };
            match (old.get(id), new.get(id)) {
                (None, Some((kind, _))) => {
                    Some(change(ChangeKind::Added, kind, Effect::Add, Vec::new()))
                }
                (Some((kind, _)), None) => Some(change(
                    ChangeKind::Removed,
                    kind,
                    Effect::Remove,
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
                                effect_of(target, kind, &path, old.as_ref(), new.as_ref())
                            };
                            PropertyChange {
                                path,
                                old: old.map(shorten),
                                new: new.map(shorten),
                                effect,
                                cause: None,
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

fn effect_of(
    target: Target,
    kind: &str,
    path: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Effect {
    match target {
        Target::Cloudformation => cloudformation_effect(kind, path, old, new),
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

pub(super) fn shorten(value: Value) -> String {
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
