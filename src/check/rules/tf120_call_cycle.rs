//! [`Code::CallCycle`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF120`; this file is how.
//!
//! The kept order is `crate::calls::order`'s, which the model uses too.

use crate::calls;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let names: BTreeSet<&str> = cx.services().map(|(name, _)| name).collect();
    // Unknown callees and self-calls are TF013's and TF014's, not part of any order.
    let edges: BTreeMap<&str, BTreeSet<&str>> = cx
        .services()
        .map(|(name, service)| {
            let callees = service
                .calls
                .iter()
                .flatten()
                .map(String::as_str)
                .filter(|c| *c != name && names.contains(c))
                .collect();
            (name, callees)
        })
        .collect();
    let order = calls::order(&edges);
    // Where `from` lists `to` in its `calls`.
    let call_at = |from: &str, to: &str| {
        let (_, service) = cx.services().find(|(n, _)| *n == from)?;
        let index = service.calls.iter().flatten().position(|c| c == to)?;
        cx.value(&["services", from, "calls", &index.to_string()])
    };
    for &(caller, callee) in &order.dropped {
        let mut diagnostic = Diagnostic::new(
            Code::CallCycle,
            format!("services call each other in a cycle: `{caller}` → `{callee}` closes it"),
        )
        .at(
            call_at(caller, callee),
            "created without waiting for this callee",
        );
        // The rest of the cycle: the kept calls leading from the callee back to the caller.
        let path = path(&order.after, callee, caller);
        for pair in path.windows(2) {
            diagnostic = diagnostic.also(call_at(pair[0], pair[1]), "part of the cycle");
        }
        out.push(
            diagnostic.help(format!(
                "on ECS, `{caller}` is not created after `{callee}`, so on a first deploy its tasks may start before `{callee}`'s Service Connect endpoint exists and not reach it until redeployed; break the cycle if you can"
            )),
        );
    }
}

/// The shortest chain of kept calls from `from` to `to` (both included), breadth first in name
/// order; empty when there is none.
fn path<'a>(after: &BTreeMap<&'a str, Vec<&'a str>>, from: &'a str, to: &'a str) -> Vec<&'a str> {
    let mut previous: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        if node == to {
            let mut chain = vec![to];
            let mut at = to;
            while let Some(&before) = previous.get(at) {
                chain.push(before);
                at = before;
            }
            chain.reverse();
            return chain;
        }
        for &next in after.get(node).into_iter().flatten() {
            if next != from && !previous.contains_key(next) {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    Vec::new()
}
