//! TF040: more routed services than one ALB holds. Each routed service is one listener rule and
//! one target group, and an ALB takes at most 100 of each; path routing under one host cannot
//! span two load balancers, so twinform refuses instead of emitting a stack that fails to deploy.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::quotas::{RULES_PER_ALB, TARGET_GROUPS_PER_ALB};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let limit = TARGET_GROUPS_PER_ALB.limit.min(RULES_PER_ALB.limit);
    let mut routed: Vec<(usize, &str)> = cx
        .services()
        .filter(|(_, s)| s.route.is_some())
        .map(|(name, _)| {
            let at = cx
                .value(&["services", name, "route"])
                .map_or(usize::MAX, |span| span.start);
            (at, name)
        })
        .collect();
    let count = routed.len();
    let Some(limit) = usize::try_from(limit).ok().filter(|&l| count > l) else {
        return;
    };
    // The first `limit` routes written fit; the next one is where the quota is crossed.
    routed.sort();
    let (_, first_over) = routed[limit];
    out.push(
        Diagnostic::new(
            Code::LoadBalancerCapacity,
            format!(
                "{count} routed services need {count} listener rules and {count} target groups \
                 on one load balancer; an Application Load Balancer takes at most {limit} of each"
            ),
        )
        .at(
            cx.value(&["services", first_over, "route"]),
            format!("routed service number {}", limit + 1),
        )
        .help(format!(
            "quotas: {} = {} (adjustable), {} = {} (not adjustable); remove `route` from \
             services reached only by other services (they stay reachable over Service Connect)",
            RULES_PER_ALB.name,
            RULES_PER_ALB.limit,
            TARGET_GROUPS_PER_ALB.name,
            TARGET_GROUPS_PER_ALB.limit
        ))
        .help(
            "path routing under one host cannot span two load balancers; routes with distinct \
             hosts could be spread over several ALBs once the spec can name a host per service",
        ),
    );
}
