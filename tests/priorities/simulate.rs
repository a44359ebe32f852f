//! An independent model of a CloudFormation update of listener rules: the oracle the proofs
//! compare `priority_races` with. Every created or moved rule is an operation; an operation
//! starts only after the operations of the rules it names in `DependsOn` (CloudFormation runs
//! everything else in parallel, in any order); removed rules are deleted last, in the cleanup
//! phase. An operation that asks for a number another rule holds at that moment fails
//! (`PriorityInUse`). Only edges between rules that change are trusted to order anything.

use std::collections::{BTreeMap, BTreeSet};
use twinform::routes::update::{ResourceRef, RuleState};

/// Every rule of `new` that fails in at least one order CloudFormation may choose.
///
/// A taker can fail only when its number is still held, and the schedule that gives it the
/// best chance is the one that runs it as early as possible: right after its ancestors. So
/// each changing rule is tried in that schedule, played on the live state of the listeners.
pub fn failing_takers(old: &[RuleState], new: &[RuleState]) -> BTreeSet<ResourceRef> {
    let before: BTreeMap<&ResourceRef, &RuleState> = old.iter().map(|r| (&r.rule, r)).collect();
    let changes = |r: &RuleState| {
        before
            .get(&r.rule)
            .is_none_or(|was| was.listener != r.listener || was.priority != r.priority)
    };
    let changing: BTreeMap<&ResourceRef, &RuleState> = new
        .iter()
        .filter(|r| changes(r))
        .map(|r| (&r.rule, r))
        .collect();
    let mut failing = BTreeSet::new();
    for taker in changing.values() {
        let mut schedule = Vec::new();
        ancestors_first(taker, &changing, &mut BTreeSet::new(), &mut schedule);
        let mut live: BTreeMap<(String, u32), ResourceRef> = old
            .iter()
            .map(|r| ((r.listener.clone(), r.priority), r.rule.clone()))
            .collect();
        for rule in schedule {
            let target = (rule.listener.clone(), rule.priority);
            if let Some(holder) = live.get(&target)
                && holder != &rule.rule
                && rule.rule == taker.rule
            {
                failing.insert(taker.rule.clone());
            }
            // A moved rule leaves its old number; a replaced one (another listener) keeps it
            // until cleanup.
            if let Some(was) = before.get(&rule.rule)
                && was.listener == rule.listener
            {
                live.remove(&(was.listener.clone(), was.priority));
            }
            live.insert(target, rule.rule.clone());
        }
    }
    failing
}

/// `rule` after every changing rule it (transitively) depends on, in its own template.
fn ancestors_first<'a>(
    rule: &'a RuleState,
    changing: &BTreeMap<&ResourceRef, &'a RuleState>,
    seen: &mut BTreeSet<ResourceRef>,
    out: &mut Vec<&'a RuleState>,
) {
    if !seen.insert(rule.rule.clone()) {
        return;
    }
    for id in &rule.depends_on {
        let key = ResourceRef {
            template: rule.rule.template.clone(),
            logical_id: id.clone(),
        };
        if let Some(dependency) = changing.get(&key) {
            ancestors_first(dependency, changing, seen, out);
        }
    }
    out.push(rule);
}
