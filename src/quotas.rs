//! The AWS quotas the output can hit, as data with their sources. `check` refuses a spec whose
//! output cannot be laid out under a hard quota (TF040, TF041) and warns about account-level
//! quotas it cannot see (TF106); the CloudFormation emitter splits the output into nested stacks
//! to stay under the per-template ones, with the headroom below.

/// One quota: its default value, whether AWS raises it on request, and where it is documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub name: &'static str,
    pub limit: u64,
    pub adjustable: bool,
    pub source: &'static str,
}

const CFN_QUOTAS: &str =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html";
const ALB_QUOTAS: &str =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html";
const VPC_QUOTAS: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html";
const IAM_QUOTAS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";

pub const RESOURCES_PER_TEMPLATE: Quota = Quota {
    name: "CloudFormation resources per template",
    limit: 500,
    adjustable: false,
    source: CFN_QUOTAS,
};
/// A template read from S3 (`TemplateURL`); cfn-lint checks 1,000,000 bytes (E1002).
pub const BYTES_PER_TEMPLATE: Quota = Quota {
    name: "CloudFormation template size (from S3)",
    limit: 1_000_000,
    adjustable: false,
    source: CFN_QUOTAS,
};
pub const OUTPUTS_PER_TEMPLATE: Quota = Quota {
    name: "CloudFormation outputs per template",
    limit: 200,
    adjustable: false,
    source: CFN_QUOTAS,
};
pub const PARAMETERS_PER_TEMPLATE: Quota = Quota {
    name: "CloudFormation parameters per template",
    limit: 200,
    adjustable: false,
    source: CFN_QUOTAS,
};
/// Logical IDs, parameter and output names.
pub const NAME_LENGTH: Quota = Quota {
    name: "CloudFormation logical ID, parameter and output name length",
    limit: 255,
    adjustable: false,
    source: CFN_QUOTAS,
};
/// Per load balancer, not per listener; the default rules do not count.
pub const RULES_PER_ALB: Quota = Quota {
    name: "listener rules per Application Load Balancer",
    limit: 100,
    adjustable: true,
    source: ALB_QUOTAS,
};
pub const TARGET_GROUPS_PER_ALB: Quota = Quota {
    name: "target groups per Application Load Balancer",
    limit: 100,
    adjustable: false,
    source: ALB_QUOTAS,
};
pub const CONDITIONS_PER_RULE: Quota = Quota {
    name: "condition values per listener rule",
    limit: 5,
    adjustable: false,
    source: ALB_QUOTAS,
};
pub const MAX_RULE_PRIORITY: Quota = Quota {
    name: "listener rule priority (1..=50000)",
    limit: 50_000,
    adjustable: false,
    source: ALB_QUOTAS,
};
/// Each caller is one rule naming its security group; the load balancer is one more.
pub const INBOUND_RULES_PER_SECURITY_GROUP: Quota = Quota {
    name: "inbound rules per security group",
    limit: 60,
    adjustable: true,
    source: VPC_QUOTAS,
};
/// Every ALB of the account in the Region; twinform adds one per 100 routes of distinct hosts.
pub const LOAD_BALANCERS_PER_REGION: Quota = Quota {
    name: "Application Load Balancers per Region",
    limit: 50,
    adjustable: true,
    source: ALB_QUOTAS,
};
pub const ROLES_PER_ACCOUNT: Quota = Quota {
    name: "IAM roles per account",
    limit: 1000,
    adjustable: true,
    source: IAM_QUOTAS,
};
/// Every stack operation of the account in the Region at a time (`DescribeAccountLimits` →
/// `ConcurrentResourcesLimit`); a first deploy of the whole tree counts every resource.
pub const CONCURRENT_STACK_RESOURCES: Quota = Quota {
    name: "resources in concurrent stack operations per Region",
    limit: 2500,
    adjustable: true,
    source: CFN_QUOTAS,
};

/// Every quota above, for documentation and tests.
pub const ALL: &[Quota] = &[
    RESOURCES_PER_TEMPLATE,
    BYTES_PER_TEMPLATE,
    OUTPUTS_PER_TEMPLATE,
    PARAMETERS_PER_TEMPLATE,
    NAME_LENGTH,
    RULES_PER_ALB,
    TARGET_GROUPS_PER_ALB,
    CONDITIONS_PER_RULE,
    MAX_RULE_PRIORITY,
    INBOUND_RULES_PER_SECURITY_GROUP,
    LOAD_BALANCERS_PER_REGION,
    ROLES_PER_ACCOUNT,
    CONCURRENT_STACK_RESOURCES,
];

/// What the emitter allows itself per template: under 90 % of each quota, the point where
/// cfn-lint starts warning, so that one more service never tips a template over.
/// Nested layout (see `emit::cloudformation::nested`): services stacks per security-group stack.
/// A services stack holds ~20 services, so a security-group stack holds ~80 groups (each one
/// resource and one output).
pub const GROUPS_PER_SECURITY_STACK: u64 = 4;
/// Services per services stack aimed at when choosing the first stack count.
pub const SERVICES_PER_STACK: u64 = 20;
/// The root holds one stack resource per child; 256 + 64 of them stay under its budget.
pub const MAX_STACKS: u64 = 256;
/// What the root holds besides stacks and jobs — network, cluster, log key, namespace, load
/// balancers — at most: the budget [`MAX_STACKS`] leaves.
pub const ROOT_BASE_RESOURCES: u64 = budget(RESOURCES_PER_TEMPLATE) - MAX_STACKS * 5 / 4;
/// Resources of one scheduled job, all in the root: log group, execution, task and scheduler
/// roles, task definition, security group and schedule.
pub const RESOURCES_PER_JOB: u64 = 7;

/// The services stacks a nested layout starts from for `services` services (more when one
/// overflows a budget).
pub fn first_stack_count(services: u64) -> u64 {
    services
        .div_ceil(SERVICES_PER_STACK)
        .next_power_of_two()
        .max(2)
}

/// How many jobs the root stack has room for beside `services` services: whatever the layout,
/// jobs stay in the root, next to its base and, when nested, one stack resource per child
/// (its first estimate: a layout that needs more stacks than that is rare and leaves less).
pub fn jobs_root_room(services: u64) -> u64 {
    let k = first_stack_count(services);
    let stacks = k + k.div_ceil(GROUPS_PER_SECURITY_STACK);
    budget(RESOURCES_PER_TEMPLATE).saturating_sub(ROOT_BASE_RESOURCES + stacks) / RESOURCES_PER_JOB
}

pub const fn budget(quota: Quota) -> u64 {
    quota.limit * 8 / 10
}

/// Account-level quotas are warned about past half their default: other stacks share them.
pub const fn warn_at(quota: Quota) -> u64 {
    quota.limit / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_stay_under_cfn_lint_warnings() {
        for q in ALL {
            assert!(budget(*q) * 10 < q.limit * 9, "{}", q.name);
            assert!(q.source.starts_with("https://docs.aws.amazon.com/"));
        }
        assert_eq!(budget(RESOURCES_PER_TEMPLATE), 400);
        assert_eq!(budget(BYTES_PER_TEMPLATE), 800_000);
    }
}
