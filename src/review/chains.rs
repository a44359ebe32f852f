//! Replacement follows references. A replaced resource gets a new physical ID, so every `Ref`,
//! `Fn::GetAtt` or `Fn::Sub` that names it changes value: through a create-only property the
//! referrer is replaced too (load balancer → listener → rule; cluster → service; scalable
//! target → policy), through an updatable one it is updated, caused by the replacement.
//! (CloudFormation: "Update behaviors of stack resources",
//! https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html)

use super::diff::{ChangeKind, Diff, PropertyChange, Target, shorten};
use super::documents::Inventory;
use super::graph::Graph;
use super::replacement::{Effect, cloudformation_effect, property_segments};
use std::collections::{BTreeMap, BTreeSet};

/// When each CloudFormation resource is created and deleted in the update.
#[derive(Debug, Default)]
pub struct Lifecycle {
    /// Created in this update: added, the new copy of a replaced resource, or a new task
    /// definition revision. References to these change value.
    pub renewed: BTreeSet<String>,
    /// Replaced: the new copy is created in the update, the old one deleted in the cleanup
    /// phase, after every create and update.
    pub replaced: BTreeSet<String>,
    /// Removed from the templates: deleted in the cleanup phase.
    pub removed: BTreeSet<String>,
    /// Added to the templates.
    pub added: BTreeSet<String>,
}

impl Lifecycle {
    /// Whether the old copy of `id` lives until the cleanup phase and then goes.
    pub fn deleted_later(&self, id: &str) -> bool {
        self.replaced.contains(id) || self.removed.contains(id)
    }
}

/// Whether two diff paths address the same property or one contains the other.
fn overlaps(a: &str, b: &str) -> bool {
    match (property_segments(a), property_segments(b)) {
        (Some(x), Some(y)) => {
            let n = x.len().min(y.len());
            x[..n] == y[..n]
        }
        _ => a == b,
    }
}

/// Follows every replacement through the references of the new templates, recording the
/// properties it changes, and returns when each resource is created and deleted.
pub fn follow(old: &Inventory, new: &Inventory, diff: &mut Diff) -> Lifecycle {
    let mut life = Lifecycle::default();
    for change in diff
        .changes
        .iter()
        .filter(|c| c.target == Target::Cloudformation)
    {
        match change.change {
            ChangeKind::Added => {
                life.added.insert(change.id.clone());
                life.renewed.insert(change.id.clone());
            }
            ChangeKind::Removed => {
                life.removed.insert(change.id.clone());
            }
            ChangeKind::Changed if change.effect >= Effect::Replace => {
                life.replaced.insert(change.id.clone());
                life.renewed.insert(change.id.clone());
            }
            ChangeKind::Changed if change.effect == Effect::NewRevision => {
                life.renewed.insert(change.id.clone());
            }
            ChangeKind::Changed => {}
        }
    }
    let graph = Graph::new(new);
    // Who names whom, among the resources that exist before and after.
    let mut referrers: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for id in new
        .cloudformation
        .keys()
        .filter(|id| old.cloudformation.contains_key(*id))
    {
        for (path, targets) in graph.references(id) {
            for target in targets {
                referrers
                    .entry(target)
                    .or_default()
                    .push((id.clone(), path.clone()));
            }
        }
    }
    let mut queue: Vec<String> = life.renewed.iter().cloned().collect();
    while let Some(renewed) = queue.pop() {
        for (referrer, path) in referrers.get(&renewed).into_iter().flatten() {
            let Some((kind, resource)) = new.cloudformation.get(referrer) else {
                continue;
            };
            let effect = cloudformation_effect(kind, path, None, None);
            let change = diff.change_mut(Target::Cloudformation, referrer, kind);
            if !change.properties.iter().any(|p| overlaps(&p.path, path)) {
                let pointer = path.replace(['.', '['], "/").replace(']', "");
                let shown = resource
                    .pointer(&format!("/{pointer}"))
                    .cloned()
                    .map(shorten);
                change.properties.push(PropertyChange {
                    path: path.clone(),
                    old: shown.clone(),
                    new: shown,
                    effect,
                    cause: Some(renewed.clone()),
                });
                change.effect = change.effect.max(effect);
            }
            let renews = effect >= Effect::NewRevision && effect != Effect::Rollout;
            if renews && life.renewed.insert(referrer.clone()) {
                if effect >= Effect::Replace {
                    life.replaced.insert(referrer.clone());
                }
                queue.push(referrer.clone());
            }
        }
    }
    life
}
