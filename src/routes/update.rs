//! What a CloudFormation update does to listener rules, from the old and the new templates
//! alone: the rules that would take a priority another rule still holds (the update fails
//! with `PriorityInUse`), and the rules that switch traffic to a target group no task is
//! registered in yet (503s until the ECS service's new tasks pass their health checks).
//!
//! For `twinform diff` (`src/review/`) and for the proofs in `tests/priorities.rs`. Pure: the
//! caller reads the templates and passes what they declare.
//!
//! CloudFormation facts this relies on:
//! - Resources are created and updated in parallel unless ordered; `DependsOn` (or a `Ref`)
//!   orders the update of the dependent after the update of its dependency
//!   (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html>),
//!   and only inside one template: nested stacks of one update run side by side.
//! - A replacement is created before the old resource is deleted, and removed resources and
//!   replaced ones are deleted in the cleanup phase (`UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`),
//!   after every create and update of the stack
//!   (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-monitor-stack.html>).
//! - A priority is unique per listener; `CreateRule` or `SetRulePriorities` with a number
//!   another rule holds fails with `PriorityInUse`
//!   (<https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetRulePriorities.html>).
//! - `ListenerArn` is create-only on `AWS::ElasticLoadBalancingV2::ListenerRule`: a rule that
//!   changes listener is a new rule (created first) and the old one is deleted in cleanup.

use std::collections::{BTreeMap, BTreeSet};

/// Which resource: a logical ID in one template. A rule that moves to another child stack is
/// created in the new one and deleted from the old one, so it is another resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceRef {
    /// The template it is declared in (`cloudformation/template.json`,
    /// `cloudformation/services-03.template.json`, …): any name the caller keeps stable.
    pub template: String,
    pub logical_id: String,
}

/// A listener rule as one template declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleState {
    pub rule: ResourceRef,
    /// The listener, as the caller identifies listeners across the two templates (for example
    /// the listener's logical ID in the root, or a shared listener's ARN). Rules of different
    /// listeners never compete for a number.
    pub listener: String,
    pub priority: u32,
    /// Logical IDs this rule names in `DependsOn`, in its own template. Only other listener
    /// rules matter; any other ID is ignored.
    pub depends_on: Vec<String>,
    /// Logical ID (in the same template) of the target group its forward action names.
    pub target_group: String,
}

/// What keeps the number a rule wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holder {
    /// The old rule is removed (a removed or renamed service, a rule moved to another stack or
    /// listener): it keeps the number until the cleanup phase, after every update.
    Deleted,
    /// The old rule moves to another number in the same update, but the taker is not ordered
    /// after it (no `DependsOn` chain, or the two are in different stacks).
    NotYetMoved,
}

/// One rule that may fail the update with `PriorityInUse`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PriorityRace {
    pub listener: String,
    pub priority: u32,
    /// The rule of the new template that takes `priority`.
    pub taker: ResourceRef,
    /// The rule of the old template that holds it.
    pub holder: ResourceRef,
    pub holder_fate: Holder,
}

/// Every rule of `new` that takes a priority which, during the update from `old`, is still held
/// by another rule: one that is deleted (in the cleanup phase, so always later), or one that
/// moves away but is not ordered before the taker by a `DependsOn` chain in the same template.
///
/// Contract:
/// - `old` and `new` are every listener rule of the deployed and the proposed templates (all
///   stacks of a nested layout); priorities are distinct per listener within each side.
/// - A rule is the same resource on both sides when its [`ResourceRef`] and `listener` match;
///   a rule whose listener changes is replaced (new rule created, old one deleted).
/// - A taker is safe from a moving holder only when the holder is reachable from it through
///   `depends_on` edges of the new side, in the same template, passing only through rules that
///   change in the update (created or renumbered): whether CloudFormation orders two updates
///   through an unchanged resource between them is not documented, so that is not trusted.
/// - The result is sorted, one entry per taker; empty means the update cannot fail with
///   `PriorityInUse`.
///
/// twinform's own output reports nothing for adding a service, and reports the rules after a
/// removed (or renamed) rule in a collision run, and rules of one run that sit in different
/// child stacks. The way through such an update: before deploying, move each reported holder
/// to a free number of the listener with `aws elbv2 set-rule-priorities`; CloudFormation then
/// deletes or renumbers it as the template says (README, "Listener rules and target groups on
/// update").
pub fn priority_races(old: &[RuleState], new: &[RuleState]) -> Vec<PriorityRace> {
    let held: BTreeMap<(&str, u32), &RuleState> = old
        .iter()
        .map(|r| ((r.listener.as_str(), r.priority), r))
        .collect();
    let survivors: BTreeMap<&ResourceRef, &RuleState> = new.iter().map(|r| (&r.rule, r)).collect();
    let before: BTreeMap<&ResourceRef, &RuleState> = old.iter().map(|r| (&r.rule, r)).collect();
    // Rules that are created or renumbered: the only ones whose updates are ordered.
    let changing: BTreeMap<&ResourceRef, &RuleState> = new
        .iter()
        .filter(|r| {
            before
                .get(&r.rule)
                .is_none_or(|was| was.listener != r.listener || was.priority != r.priority)
        })
        .map(|r| (&r.rule, r))
        .collect();
    let mut races = Vec::new();
    for taker in new {
        let Some(holder) = held.get(&(taker.listener.as_str(), taker.priority)) else {
            continue;
        };
        if holder.rule == taker.rule {
            continue;
        }
        let moves = survivors
            .get(&holder.rule)
            .is_some_and(|h| h.listener == holder.listener);
        let fate = if !moves {
            Holder::Deleted
        } else if ordered_after(taker, &holder.rule, &changing) {
            continue;
        } else {
            Holder::NotYetMoved
        };
        races.push(PriorityRace {
            listener: taker.listener.clone(),
            priority: taker.priority,
            taker: taker.rule.clone(),
            holder: holder.rule.clone(),
            holder_fate: fate,
        });
    }
    races.sort();
    races
}

/// Whether `target` is reachable from `rule` through `depends_on` edges of the same template,
/// through `rules` only.
fn ordered_after(
    rule: &RuleState,
    target: &ResourceRef,
    rules: &BTreeMap<&ResourceRef, &RuleState>,
) -> bool {
    if rule.rule.template != target.template {
        return false;
    }
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = rule.depends_on.iter().map(String::as_str).collect();
    while let Some(id) = stack.pop() {
        if id == target.logical_id {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        let key = ResourceRef {
            template: rule.rule.template.clone(),
            logical_id: id.to_owned(),
        };
        if let Some(next) = rules.get(&key) {
            stack.extend(next.depends_on.iter().map(String::as_str));
        }
    }
    false
}

/// One rule that keeps its listener but forwards to a target group no task is registered in
/// yet: traffic gets 503s from the moment the rule is updated until the ECS service's new tasks
/// are healthy in the new group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TrafficGap {
    pub rule: ResourceRef,
    /// The target group it forwards to after the update.
    pub target_group: ResourceRef,
}

/// Every rule kept on the same listener whose forward target is a new target group: another
/// logical ID, or one of `replaced_target_groups` (the caller's replacement analysis: a change
/// of a create-only property such as `ProtocolVersion`).
///
/// Why this is downtime, and why no template order avoids it: the ECS service must `DependsOn`
/// the rule, because ECS refuses a target group that "does not have an associated load
/// balancer" (aws-cdk#1160), so the rule moves to the empty group first; the service's rolling
/// deployment then registers new tasks
/// (<https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html>,
/// `loadBalancers`). A rule that changes listener (a replaced load balancer) is not a gap on
/// its listener: the old load balancer keeps its rules and targets until cleanup; that change
/// moves the DNS name instead.
pub fn traffic_gaps(
    old: &[RuleState],
    new: &[RuleState],
    replaced_target_groups: &BTreeSet<ResourceRef>,
) -> Vec<TrafficGap> {
    let before: BTreeMap<&ResourceRef, &RuleState> = old.iter().map(|r| (&r.rule, r)).collect();
    let mut gaps: Vec<TrafficGap> = new
        .iter()
        .filter_map(|rule| {
            let was = before.get(&rule.rule)?;
            let target_group = ResourceRef {
                template: rule.rule.template.clone(),
                logical_id: rule.target_group.clone(),
            };
            let new_group = was.target_group != rule.target_group
                || replaced_target_groups.contains(&target_group);
            (was.listener == rule.listener && new_group).then(|| TrafficGap {
                rule: rule.rule.clone(),
                target_group,
            })
        })
        .collect();
    gaps.sort();
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, priority: u32, depends_on: &[&str]) -> RuleState {
        RuleState {
            rule: ResourceRef {
                template: "t".to_owned(),
                logical_id: id.to_owned(),
            },
            listener: "L".to_owned(),
            priority,
            depends_on: depends_on.iter().map(|s| (*s).to_owned()).collect(),
            target_group: format!("{id}Tg"),
        }
    }

    #[test]
    fn a_chain_orders_a_shift_and_a_missing_link_is_reported() {
        let old = [rule("A", 10, &[]), rule("B", 11, &[])];
        // C takes 10, A moves to 11, B to 12: C waits for A, A for B.
        let chained = [
            rule("C", 10, &["A"]),
            rule("A", 11, &["B"]),
            rule("B", 12, &[]),
        ];
        assert_eq!(priority_races(&old, &chained), []);
        let unordered = [
            rule("C", 10, &["A"]),
            rule("A", 11, &[]),
            rule("B", 12, &[]),
        ];
        let races = priority_races(&old, &unordered);
        assert_eq!(races.len(), 1);
        assert_eq!(races[0].taker.logical_id, "A");
        assert_eq!(races[0].holder.logical_id, "B");
        assert_eq!(races[0].holder_fate, Holder::NotYetMoved);
    }

    #[test]
    fn a_removed_or_renamed_holder_is_deleted_too_late() {
        let old = [rule("A", 10, &[]), rule("B", 11, &[])];
        let new = [rule("B", 10, &[])];
        let races = priority_races(&old, &new);
        assert_eq!(races.len(), 1);
        assert_eq!(races[0].holder.logical_id, "A");
        assert_eq!(races[0].holder_fate, Holder::Deleted);
        // Renamed: the same number under a new logical ID.
        let renamed = [rule("A2", 10, &[]), rule("B", 11, &[])];
        assert_eq!(
            priority_races(&old, &renamed)[0].holder_fate,
            Holder::Deleted
        );
    }

    #[test]
    fn another_stack_or_listener_is_never_ordered() {
        let old = [rule("A", 10, &[]), rule("B", 11, &[])];
        let mut other_stack = rule("B", 12, &[]);
        other_stack.rule.template = "u".to_owned();
        let new = [rule("A", 11, &["B"]), other_stack];
        let races = priority_races(&old, &new);
        // A waits for a `B` of its own template, which is not the B that moves.
        assert_eq!(races.len(), 1);
        assert_eq!(races[0].holder_fate, Holder::Deleted);
        let mut elsewhere = rule("C", 10, &[]);
        elsewhere.listener = "M".to_owned();
        assert_eq!(priority_races(&old[..1], &[elsewhere]), []);
    }

    #[test]
    fn a_new_target_group_on_the_same_listener_is_a_gap() {
        let old = [rule("A", 10, &[])];
        let mut regrouped = rule("A", 10, &[]);
        regrouped.target_group = "AGrpcTg".to_owned();
        assert_eq!(
            traffic_gaps(&old, &[regrouped.clone()], &BTreeSet::new()).len(),
            1
        );
        regrouped.listener = "M".to_owned();
        assert_eq!(traffic_gaps(&old, &[regrouped], &BTreeSet::new()), []);
        let replaced = BTreeSet::from([ResourceRef {
            template: "t".to_owned(),
            logical_id: "ATg".to_owned(),
        }]);
        assert_eq!(traffic_gaps(&old, &old, &replaced).len(), 1);
        assert_eq!(traffic_gaps(&old, &old, &BTreeSet::new()), []);
    }
}
