//! [`Code::SecurityGroupRules`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF041`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::quotas::INBOUND_RULES_PER_SECURITY_GROUP;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let services: BTreeMap<&str, _> = cx.services().collect();
    // Reverse edges once: a per-service scan would be quadratic.
    let mut callers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, service) in &services {
        for callee in service.calls.iter().flatten() {
            if callee != name && services.contains_key(callee.as_str()) {
                callers.entry(callee.as_str()).or_default().insert(name);
            }
        }
    }
    let limit = INBOUND_RULES_PER_SECURITY_GROUP.limit;
    for (name, from) in callers {
        let routed = services.get(name).is_some_and(|s| s.route.is_some());
        let rules = from.len() as u64 + u64::from(routed);
        if rules <= limit {
            continue;
        }
        let lb = if routed { " and the load balancer" } else { "" };
        out.push(
            Diagnostic::new(
                Code::SecurityGroupRules,
                format!(
                    "service `{name}` needs {rules} inbound security-group rules ({} callers{lb}); \
                     a security group takes {limit} by default",
                    from.len()
                ),
            )
            .at(cx.service_key(name), format!("{rules} inbound rules"))
            .help(format!(
                "quota: {} = {limit} (adjustable in Service Quotas, with at most 1,000 rules \
                 across the groups of one network interface)",
                INBOUND_RULES_PER_SECURITY_GROUP.name
            ))
            .help("drop callers that do not need direct access, or route them through the load balancer"),
        );
    }
}
