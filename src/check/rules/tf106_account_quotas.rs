//! [`Code::AccountQuota`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF106`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::quotas::{
    CONCURRENT_STACK_RESOURCES, LOAD_BALANCERS_PER_REGION, Quota, RESOURCES_PER_JOB,
    ROLES_PER_ACCOUNT, warn_at,
};

/// Resources of one service, at least: log group, two roles, task definition, security group and
/// ECS service; plus one ingress rule per call, and target group, rule and ingress when routed.
const PER_SERVICE: u64 = 6;
const PER_ROUTE: u64 = 3;
/// Network, cluster, key, namespace and load balancer of a managed VPC, roughly.
const BASE: u64 = 25;

fn warn(out: &mut Vec<Diagnostic>, quota: Quota, count: u64, what: &str, help: &str) {
    if count <= warn_at(quota) {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::AccountQuota,
            format!(
                "this app alone {}; the account-level quota `{}` is {} by default, shared with \
                 every other stack",
                what.replace("{}", &count.to_string()),
                quota.name,
                quota.limit
            ),
        )
        .help(help.to_owned()),
    );
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (mut services, mut resources) = (0u64, BASE);
    for (_, service) in cx.services() {
        services += 1;
        resources += PER_SERVICE
            + service.calls.as_ref().map_or(0, |c| c.len() as u64)
            + if service.route.is_some() {
                PER_ROUTE
            } else {
                0
            }
            + if service.autoscale.is_some() { 2 } else { 0 };
    }
    let jobs = cx.spec.jobs.len() as u64;
    resources += jobs * RESOURCES_PER_JOB;
    warn(
        out,
        ROLES_PER_ACCOUNT,
        services * 2 + jobs * 3,
        "creates {} IAM roles",
        "two roles per service (task and execution), three per job (and its scheduler's); check the account's usage with \
         `aws iam get-account-summary` (Roles, RolesQuota) and raise the quota in Service Quotas if needed",
    );
    warn(
        out,
        CONCURRENT_STACK_RESOURCES,
        resources,
        "creates about {} resources in its first deploy",
        "every resource of the stack tree counts while it is created; check \
         `aws cloudformation describe-account-limits` (ConcurrentResourcesLimit) and deploy other \
         stacks at another time, or raise the quota",
    );
    let load_balancers = cx.load_balancer_layout().len();
    warn(
        out,
        LOAD_BALANCERS_PER_REGION,
        load_balancers as u64,
        "creates {} Application Load Balancers (one per 100 routes of distinct hosts)",
        "check the Region's usage with `aws elbv2 describe-load-balancers` and raise the quota \
         in Service Quotas if needed; fewer routed services (others stay reachable over Service \
         Connect) need fewer load balancers",
    );
}
