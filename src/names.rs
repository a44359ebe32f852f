//! Name budgeting: identifiers derived from spec names, deterministic and collision-checked.
//! Used by `check` (to detect collisions) and `model` (to apply the same names).

use sha2::{Digest, Sha256};

/// CloudFormation logical-ID stem of a spec name: `auth-v2` → `AuthV2`. Logical IDs allow only
/// `[A-Za-z0-9]`, so `-` is dropped and the next character upper-cased.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

/// The key under which two names' derived identifiers collide: logical IDs are compared
/// case-insensitively so `auth-v2` (`AuthV2`) and `authv2` (`Authv2`) are caught.
pub fn collision_key(name: &str) -> String {
    pascal_case(name).to_ascii_lowercase()
}

/// First `len` hex digits of SHA-256 over the parts joined by NUL.
pub fn short_hash(parts: &[&str], len: usize) -> String {
    let mut hasher = Sha256::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..len.min(hex.len())].to_owned()
}

/// A stable 64-bit number from the parts (for priorities and layout), from SHA-256.
pub fn stable_u64(parts: &[&str]) -> u64 {
    u64::from_str_radix(&short_hash(parts, 16), 16).unwrap_or(0)
}

/// A physical name from `parts` joined by `-`, at most `max` characters (the name budget): kept
/// whole when it fits, else cut short and an 8-digit hash of the raw parts appended,
/// so different inputs never share a name.
pub fn budget_name(parts: &[&str], max: usize) -> String {
    let whole = parts.join("-");
    if whole.len() <= max {
        return whole;
    }
    let hash = short_hash(parts, 8);
    let room = max.saturating_sub(hash.len() + 1);
    let mut short: String = whole.chars().take(room).collect();
    while short.ends_with('-') {
        short.pop();
    }
    format!("{short}-{hash}")
}

/// The longest IngressGroup name the AWS Load Balancer Controller accepts.
pub const INGRESS_GROUP_MAX: usize = 63;

/// The IngressGroup (one ALB) of an app's load balancer in a namespace: `{namespace}.{app}`,
/// then `-{label}` for the ALBs after the first. Groups are cluster-wide, so the namespace keeps
/// two environments of one app in one cluster on two ALBs; neither part can contain `.`, so two
/// (namespace, app) pairs never share a name. Past 63 characters the head is cut and an 8-digit
/// hash of both parts appended, before the label.
pub fn ingress_group(namespace: &str, app: &str, label: &str) -> String {
    let suffix = if label.is_empty() {
        String::new()
    } else {
        format!("-{label}")
    };
    let head = format!("{namespace}.{app}");
    if head.len() + suffix.len() <= INGRESS_GROUP_MAX {
        return head + &suffix;
    }
    let hash = short_hash(&[namespace, app], 8);
    let room = INGRESS_GROUP_MAX.saturating_sub(suffix.len() + hash.len() + 1);
    let mut cut: String = head.chars().take(room).collect();
    while cut.ends_with(['-', '.']) {
        cut.pop();
    }
    format!("{cut}-{hash}{suffix}")
}

/// Logical-ID kinds of app-level resources that exist once per value (a certificate), followed
/// by an 8-digit hash of the value: `{App}{Kind}{hash}`.
pub const APP_HASHED_KINDS: &[&str] = &["ListenerCertificate"];

/// The kinds each load balancer after the first repeats with its number (`{App}LoadBalancer2`,
/// `{App}HttpsListener2`; certificates `{App}ListenerCertificate2{hash}`), past 100 routes over
/// distinct hosts. Service kinds end in a letter, so no `{Service}{Kind}` can take such an ID.
pub const APP_BALANCER_KINDS: &[&str] = &[
    "HttpListener",
    "HttpsListener",
    "LoadBalancer",
    "WebAclAssociation",
];

/// Logical-ID suffixes of the app-level resources of the ECS template (`{App}{Kind}`); `#`
/// stands for an AZ index. `check` uses this to refuse service names whose resources would take
/// one of these IDs; a test keeps the list equal to what the emitter writes.
pub const APP_RESOURCE_KINDS: &[&str] = &[
    "Cluster",
    "DnsRecords",
    "EcsInfrastructureRole",
    "HttpListener",
    "HttpsListener",
    "InternetGateway",
    "InternetGatewayAttachment",
    "LoadBalancer",
    "LoadBalancerSecurityGroup",
    "LogKey",
    "Namespace",
    "NatEip#",
    "NatGateway#",
    "PrivateDefaultRoute#",
    "PrivateRouteTable#",
    "PrivateSubnet#",
    "PrivateSubnet#RouteTableAssociation",
    "PublicDefaultRoute",
    "PublicRouteTable",
    "PublicSubnet#",
    "PublicSubnet#RouteTableAssociation",
    "Vpc",
    "WebAclAssociation",
];

macro_rules! service_resources {
    ($( $(#[$doc:meta])* $kind:ident, )*) => {
        /// The resources emitted per service, each named `{Service}{Kind}`: the one list the
        /// CloudFormation emitters name them by (`emit::cloudformation::Ids::of`) and TF006
        /// checks against the app-level IDs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum ServiceResource { $( $(#[$doc])* $kind, )* }

        impl ServiceResource {
            pub const ALL: &'static [ServiceResource] = &[ $( ServiceResource::$kind, )* ];

            /// The logical-ID suffix: the variant's name.
            pub fn suffix(self) -> &'static str {
                match self { $( ServiceResource::$kind => stringify!($kind), )* }
            }
        }
    };
}

service_resources! {
    /// The second target group a blue/green, canary or linear deployment shifts traffic to.
    AlternateTargetGroup,
    CpuScalingPolicy,
    ExecutionRole,
    /// Followed by the caller's stem: one security-group ingress rule per caller.
    IngressFrom,
    InternalAlternateTargetGroup,
    InternalTargetGroup,
    /// In the EKS template.
    IrsaRole,
    ListenerRule,
    LoadBalancerIngress,
    LogGroup,
    MemoryScalingPolicy,
    /// Target tracking on the SQS backlog per task.
    QueueScalingPolicy,
    RequestsScalingPolicy,
    ScalableTarget,
    /// A job's EventBridge Scheduler schedule.
    Schedule,
    /// The role a job's schedule runs its task with.
    SchedulerRole,
    SecurityGroup,
    Service,
    TargetGroup,
    TaskDefinition,
    TaskRole,
}

/// Every app-level logical ID for app stem `app` (AZ indexes 0..=3 expanded: some kinds count
/// from 0, NAT resources from 1).
pub fn app_resource_ids(app: &str) -> Vec<String> {
    APP_RESOURCE_KINDS
        .iter()
        .flat_map(|kind| {
            let numbered = kind.contains('#');
            (0..if numbered { 4 } else { 1 })
                .map(move |i| format!("{app}{}", kind.replace('#', &i.to_string())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal() {
        assert_eq!(pascal_case("auth-v2"), "AuthV2");
        assert_eq!(pascal_case("frontend"), "Frontend");
        assert_eq!(collision_key("auth-v2"), collision_key("authv2"));
        assert_ne!(collision_key("auth"), collision_key("api"));
    }

    #[test]
    fn budget_names_fit_and_stay_distinct() {
        assert_eq!(budget_name(&["eks", "shop", "api"], 64), "eks-shop-api");
        let long = "a".repeat(40);
        let one = budget_name(&[&long, &long, "api"], 64);
        let two = budget_name(&[&long, &long, "web"], 64);
        assert_eq!(one.len(), 64);
        assert_ne!(one, two);
        assert!(!one.contains("--"), "{one}");
    }

    #[test]
    fn ingress_groups_fit_stay_distinct_and_keep_the_label() {
        assert_eq!(
            ingress_group("market-staging", "market", ""),
            "market-staging.market"
        );
        assert_eq!(ingress_group("market", "market", "3"), "market.market-3");
        let ns = "n".repeat(60);
        let valid = |g: &str| {
            g.len() <= INGRESS_GROUP_MAX
                && g.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b))
                && g.starts_with(|c: char| c.is_ascii_alphanumeric())
                && g.ends_with(|c: char| c.is_ascii_alphanumeric())
        };
        let one = ingress_group(&ns, "shop", "");
        let two = ingress_group(&ns, "shop", "2");
        let other = ingress_group(&ns, "shoq", "");
        assert!(
            valid(&one) && valid(&two) && valid(&other),
            "{one} {two} {other}"
        );
        assert!(two.ends_with("-2"), "{two}");
        assert_ne!(one, other);
        assert_eq!(one, ingress_group(&ns, "shop", ""), "deterministic");
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(
            short_hash(
                &["acme-commerce-platform", "authentication-service", "tg"],
                8
            ),
            "cae4fbc1"
        );
    }
}
