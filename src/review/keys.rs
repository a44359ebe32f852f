//! Unique keys across an update. CloudFormation creates new resources (and the new copies of
//! replaced ones) and updates changed ones, in parallel where nothing orders them, and deletes
//! removed and replaced resources only in the cleanup phase at the end
//! (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
//! So a resource that claims a unique key in the update fails while the key's old holder still
//! exists: a listener-rule priority (`PriorityInUse`), a Service Connect discovery name in a
//! namespace, a custom physical name, a target group's one load balancer. A key freed by an
//! in-place update of another resource is a race unless a dependency orders the two.

use super::chains::Lifecycle;
use super::diff::{Diff, HazardKind, Migration, Target};
use super::documents::Inventory;
use super::graph::Graph;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum KeyKind {
    /// Listener + priority: unique per listener (ELBv2 `CreateRule`, `PriorityInUse`).
    Priority,
    /// Namespace + discovery name: "This must be unique within the AWS Cloud Map namespace"
    /// (ECS `ServiceConnectService.discoveryName`).
    DiscoveryName,
    /// A custom physical name (and its scope).
    PhysicalName,
    /// A target group serves one load balancer ("Load balancers per target group: 1",
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).
    TargetGroupBalancer,
    /// A Route 53 record name and type in a hosted zone.
    Record,
}

/// One resource's hold on a unique key.
struct Claim {
    kind: KeyKind,
    key: String,
    /// Who the key belongs to: the holder itself, or for a target group its load balancer.
    owner: String,
    /// The resource whose existence holds the key.
    holder: String,
    /// The key in words.
    what: String,
}

/// (type, name property, properties that scope the name).
const PHYSICAL_NAMES: &[(&str, &str, &[&str])] = &[
    ("AWS::IAM::Role", "RoleName", &[]),
    ("AWS::Logs::LogGroup", "LogGroupName", &[]),
    ("AWS::ECS::Cluster", "ClusterName", &[]),
    ("AWS::ECS::Service", "ServiceName", &["Cluster"]),
    ("AWS::ElasticLoadBalancingV2::LoadBalancer", "Name", &[]),
    ("AWS::ElasticLoadBalancingV2::TargetGroup", "Name", &[]),
    ("AWS::EC2::SecurityGroup", "GroupName", &["VpcId"]),
    (
        "AWS::EKS::FargateProfile",
        "FargateProfileName",
        &["ClusterName"],
    ),
    (
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        "PolicyName",
        &["ScalingTargetId", "ResourceId", "ScalableDimension"],
    ),
    ("AWS::ServiceDiscovery::HttpNamespace", "Name", &[]),
];

fn template_of(id: &str) -> &str {
    id.rsplit_once('/').map_or(id, |(t, _)| t)
}

fn logical_id(id: &str) -> &str {
    id.rsplit_once('/').map_or(id, |(_, l)| l)
}

/// A canonical value in words: strings bare, the rest as JSON.
fn words(value: &Value) -> String {
    match value {
        Value::String(s) => owner_words(s),
        other => owner_words(&other.to_string()),
    }
}

/// An owner key in words: `"template/X@new"` → `template/X (new)`.
fn owner_words(owner: &str) -> String {
    owner.trim_matches('"').replace("@new", " (new)")
}

fn claims(inventory: &Inventory, mark: &dyn Fn(&str) -> String) -> Vec<Claim> {
    let graph = Graph::new(inventory);
    let mut out = Vec::new();
    for (id, (kind, resource)) in &inventory.cloudformation {
        let template = template_of(id);
        let properties = resource.get("Properties").unwrap_or(&Value::Null);
        let canonical = |v: &Value| graph.canonical(template, v, mark);
        match kind.as_str() {
            "AWS::ElasticLoadBalancingV2::ListenerRule" => {
                let listener = canonical(properties.get("ListenerArn").unwrap_or(&Value::Null));
                if let Some(priority) = properties.get("Priority") {
                    out.push(Claim {
                        kind: KeyKind::Priority,
                        key: format!("{listener}#{priority}"),
                        owner: mark(id),
                        holder: id.clone(),
                        what: format!(
                            "claims listener-rule priority {} on {}",
                            words(priority),
                            words(&listener)
                        ),
                    });
                }
                // The rule's load balancer: its listener's, or the (shared) listener itself.
                let balancer = properties
                    .get("ListenerArn")
                    .map(|l| graph.targets(template, l))
                    .and_then(|t| match t.as_slice() {
                        [listener_id] => graph.resource(listener_id).and_then(|(_, l)| {
                            l.pointer("/Properties/LoadBalancerArn")
                                .map(|lb| graph.canonical(template_of(listener_id), lb, mark))
                        }),
                        _ => None,
                    })
                    .unwrap_or(listener);
                forwards(
                    properties.get("Actions"),
                    &canonical,
                    &balancer,
                    id,
                    &mut out,
                );
            }
            "AWS::ElasticLoadBalancingV2::Listener" => {
                let balancer = canonical(properties.get("LoadBalancerArn").unwrap_or(&Value::Null));
                forwards(
                    properties.get("DefaultActions"),
                    &canonical,
                    &balancer,
                    id,
                    &mut out,
                );
            }
            "AWS::ECS::Service" => {
                let connect = properties.get("ServiceConnectConfiguration");
                let namespace = connect
                    .and_then(|c| c.get("Namespace"))
                    .map(&canonical)
                    .unwrap_or(Value::Null);
                for service in connect
                    .and_then(|c| c.get("Services"))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let Some(name) = service.get("DiscoveryName").or(service.get("PortName"))
                    else {
                        continue;
                    };
                    let name = canonical(name);
                    out.push(Claim {
                        kind: KeyKind::DiscoveryName,
                        key: format!("{namespace}#{name}"),
                        owner: mark(id),
                        holder: id.clone(),
                        what: format!(
                            "claims Service Connect discovery name `{}` in namespace {}",
                            words(&name),
                            words(&namespace)
                        ),
                    });
                }
            }
            "AWS::Route53::RecordSetGroup" => {
                let zone = properties
                    .get("HostedZoneId")
                    .or(properties.get("HostedZoneName"))
                    .map(&canonical)
                    .unwrap_or(Value::Null);
                for record in properties
                    .get("RecordSets")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let name = canonical(record.get("Name").unwrap_or(&Value::Null));
                    let kind = record.get("Type").map(words).unwrap_or_default();
                    out.push(Claim {
                        kind: KeyKind::Record,
                        key: format!("{zone}#{name}#{kind}"),
                        owner: mark(id),
                        holder: id.clone(),
                        what: format!(
                            "claims DNS record {} {kind} in {}",
                            words(&name),
                            words(&zone)
                        ),
                    });
                }
            }
            _ => {}
        }
        for (_, name_property, scope) in PHYSICAL_NAMES.iter().filter(|(t, _, _)| t == kind) {
            let Some(name) = properties.get(*name_property) else {
                continue;
            };
            let scope: Vec<String> = scope
                .iter()
                .filter_map(|p| properties.get(*p))
                .map(|v| canonical(v).to_string())
                .collect();
            let name = canonical(name);
            out.push(Claim {
                kind: KeyKind::PhysicalName,
                key: format!("{kind}#{}#{name}", scope.join("#")),
                owner: mark(id),
                holder: id.clone(),
                what: format!("claims {kind} name `{}`", words(&name)),
            });
        }
    }
    out
}

/// The target groups a listener or rule forwards to, each claimed for `balancer`.
fn forwards(
    actions: Option<&Value>,
    canonical: &dyn Fn(&Value) -> Value,
    balancer: &Value,
    holder: &str,
    out: &mut Vec<Claim>,
) {
    for action in actions.and_then(Value::as_array).into_iter().flatten() {
        let groups = action.get("TargetGroupArn").into_iter().chain(
            action
                .pointer("/ForwardConfig/TargetGroups")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|g| g.get("TargetGroupArn")),
        );
        for group in groups {
            let group = canonical(group);
            out.push(Claim {
                kind: KeyKind::TargetGroupBalancer,
                key: group.to_string(),
                owner: balancer.to_string(),
                holder: holder.to_owned(),
                what: format!(
                    "claims target group {} for {} (a target group serves one load balancer)",
                    words(&group),
                    owner_words(&balancer.to_string())
                ),
            });
        }
    }
}

/// Flags every resource created or updated in the update that claims a unique key still held
/// by a resource deleted later in the same update, or freed by a parallel update.
pub fn check(old: &Inventory, new: &Inventory, life: &Lifecycle, diff: &mut Diff) {
    let old_claims = claims(old, &|id| id.to_owned());
    let new_claims = claims(new, &|id| {
        if life.renewed.contains(id) {
            format!("{id}@new")
        } else {
            id.to_owned()
        }
    });
    let mut held: BTreeMap<(KeyKind, &str), Vec<&Claim>> = BTreeMap::new();
    for claim in &old_claims {
        held.entry((claim.kind, &claim.key))
            .or_default()
            .push(claim);
    }
    let unchanged: BTreeSet<(KeyKind, &str, &str, &str)> = old_claims
        .iter()
        .map(|c| (c.kind, c.key.as_str(), c.holder.as_str(), c.owner.as_str()))
        .collect();
    let still: BTreeSet<(KeyKind, &str, &str)> = new_claims
        .iter()
        .map(|c| (c.kind, c.key.as_str(), c.holder.as_str()))
        .collect();
    let graph = Graph::new(new);
    for claim in &new_claims {
        let key = (claim.kind, claim.key.as_str());
        if unchanged.contains(&(key.0, key.1, claim.holder.as_str(), claim.owner.as_str())) {
            continue;
        }
        for holder in held.get(&key).into_iter().flatten() {
            if holder.owner == claim.owner {
                continue;
            }
            let reason = if life.deleted_later(&holder.holder) {
                let whom = if holder.holder == claim.holder {
                    "its own old copy".to_owned()
                } else {
                    holder.holder.clone()
                };
                let held = if claim.kind == KeyKind::TargetGroupBalancer {
                    format!("{whom} keeps it on {}", owner_words(&holder.owner))
                } else {
                    format!("it is still held by {whom}")
                };
                format!(
                    "{}, but {held} until the cleanup phase, when CloudFormation deletes it after every create and update",
                    claim.what
                )
            } else if still.contains(&(key.0, key.1, holder.holder.as_str())) {
                format!("{}, but {} holds it too", claim.what, holder.holder)
            } else if graph.depends_on(&claim.holder, &holder.holder) {
                continue;
            } else {
                format!(
                    "{}, freed only by the update of {} in the same stack update, and nothing makes CloudFormation update that first: a race",
                    claim.what, holder.holder
                )
            };
            let kind = new
                .cloudformation
                .get(&claim.holder)
                .map_or("?", |(k, _)| k.as_str());
            diff.flag(
                Target::Cloudformation,
                &claim.holder,
                kind,
                HazardKind::Fails,
                reason,
            );
            if logical_id(&holder.holder) == logical_id(&claim.holder)
                && template_of(&holder.holder) != template_of(&claim.holder)
            {
                diff.migrations.push(Migration::StackLayout);
            }
            let moves_cluster = diff.change(&claim.holder).is_some_and(|c| {
                c.kind == "AWS::ECS::Service"
                    && c.properties
                        .iter()
                        .any(|p| p.path.starts_with("Properties.Cluster"))
            });
            if moves_cluster {
                diff.migrations.push(Migration::EcsCluster);
            }
        }
    }
}
