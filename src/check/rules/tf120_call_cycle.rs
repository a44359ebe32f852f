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
    for (caller, callee) in calls::order(&edges).dropped {
        let Some((_, service)) = cx.services().find(|(n, _)| *n == caller) else {
            continue;
        };
        let index = service
            .calls
            .iter()
            .flatten()
            .position(|c| c == callee)
            .unwrap_or(0)
            .to_string();
        out.push(
            Diagnostic::new(
                Code::CallCycle,
                format!("services call each other in a cycle: `{caller}` → `{callee}` closes it"),
            )
            .at(
                cx.value(&["services", caller, "calls", &index]),
                "created without waiting for this callee",
            )
            .help(format!(
                "on ECS, `{caller}` is not created after `{callee}`, so on a first deploy its tasks may start before `{callee}`'s Service Connect endpoint exists and not reach it until redeployed; break the cycle if you can"
            )),
        );
    }
}
