//! What a change risks beyond its effect, read from the two sides: downtime, a new DNS name,
//! something left for the user to delete, a removal CloudFormation would not apply. (Unique
//! keys that make an update fail are `keys.rs`.)

use super::chains::Lifecycle;
use super::diff::{ChangeKind, Diff, HazardKind, Migration, Target};
use super::documents::Inventory;
use super::graph::Graph;
use serde_json::Value;
use std::collections::BTreeSet;

const TARGET_GROUP: &str = "AWS::ElasticLoadBalancingV2::TargetGroup";

fn property<'a>(inventory: &'a Inventory, id: &str, pointer: &str) -> Option<&'a Value> {
    inventory
        .cloudformation
        .get(id)
        .and_then(|(_, r)| r.pointer(pointer))
}

/// Target groups a listener or rule forwards to, per forwarding resource.
fn forwarded(graph: &Graph<'_>, inventory: &Inventory) -> Vec<(String, Vec<String>)> {
    inventory
        .cloudformation
        .iter()
        .filter_map(|(id, (kind, resource))| {
            let actions = match kind.as_str() {
                "AWS::ElasticLoadBalancingV2::ListenerRule" => "/Properties/Actions",
                "AWS::ElasticLoadBalancingV2::Listener" => "/Properties/DefaultActions",
                _ => return None,
            };
            let template = id.rsplit_once('/').map_or("", |(t, _)| t);
            let groups: Vec<String> = resource
                .pointer(actions)
                .map(|a| graph.targets(template, a))
                .unwrap_or_default()
                .into_iter()
                .filter(|t| {
                    inventory
                        .cloudformation
                        .get(t)
                        .is_some_and(|(k, _)| k == TARGET_GROUP)
                })
                .collect();
            Some((id.clone(), groups))
        })
        .collect()
}

/// What the `LoadBalancers` entries of every ECS service reference at `pointer` within an
/// entry (`""`: anything in it), resolved across nested stacks.
fn load_balancer_refs(graph: &Graph<'_>, inventory: &Inventory, pointer: &str) -> BTreeSet<String> {
    inventory
        .cloudformation
        .iter()
        .filter(|(_, (kind, _))| kind == "AWS::ECS::Service")
        .flat_map(|(id, (_, resource))| {
            let template = id.rsplit_once('/').map_or("", |(t, _)| t);
            resource
                .pointer("/Properties/LoadBalancers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|lb| lb.pointer(pointer))
                .flat_map(|found| graph.targets(template, found))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Target groups that some ECS service registers its tasks in.
fn registered(graph: &Graph<'_>, inventory: &Inventory) -> BTreeSet<String> {
    load_balancer_refs(graph, inventory, "")
}

pub fn cloudformation(old: &Inventory, new: &Inventory, life: &Lifecycle, diff: &mut Diff) {
    let graph = Graph::new(new);
    let forwarding = forwarded(&graph, new);
    let registered_before = registered(&Graph::new(old), old);
    let registered = registered(&graph, new);
    for id in &life.replaced {
        let Some((kind, _)) = new.cloudformation.get(id) else {
            continue;
        };
        match kind.as_str() {
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => diff.flag(
                Target::Cloudformation,
                id,
                kind,
                HazardKind::DnsChange,
                "a new load balancer has a new DNS name: the template's Route 53 aliases follow it, any other record or client that names the old one must change".to_owned(),
            ),
            // ECS registers tasks in a target group only when the service deploys
            // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html); the rule
            // switches first because the service depends on it.
            // Only a rule that stays (updated in place) moves live traffic to the new group; a
            // new rule on a new load balancer carries none until DNS moves.
            TARGET_GROUP
                if forwarding
                    .iter()
                    .any(|(rule, groups)| groups.contains(id) && !life.renewed.contains(rule)) =>
            {
                diff.flag(
                Target::Cloudformation,
                id,
                kind,
                HazardKind::Downtime,
                "the listener forwards to the new, empty target group as soon as its rule is updated, and tasks register in it only when the ECS service (which depends on the rule) rolls out: 503s until they pass health checks".to_owned(),
            )
            }
            _ => {}
        }
        if property(old, id, "/UpdateReplacePolicy").and_then(Value::as_str) == Some("Retain") {
            diff.flag(
                Target::Cloudformation,
                id,
                kind,
                HazardKind::LeftToUser,
                "UpdateReplacePolicy Retain: the old copy stays when it is replaced".to_owned(),
            );
        }
    }
    for id in &life.removed {
        let Some((kind, _)) = old.cloudformation.get(id) else {
            continue;
        };
        if property(old, id, "/DeletionPolicy").and_then(Value::as_str) == Some("Retain") {
            diff.flag(
                Target::Cloudformation,
                id,
                kind,
                HazardKind::LeftToUser,
                "DeletionPolicy Retain: CloudFormation leaves it (and its data) in the account"
                    .to_owned(),
            );
        }
    }
    // An ALB that keeps forwarding to a target group no service registers in.
    for (rule, groups) in &forwarding {
        for group in groups.iter().filter(|g| !registered.contains(*g)) {
            // New in this update: the group lost its service, or the rule or group changed.
            let touched = registered_before.contains(group.as_str())
                || diff.change(rule).is_some()
                || diff.change(group).is_some();
            if touched {
                let kind = &new.cloudformation[group].0;
                diff.flag(
                    Target::Cloudformation,
                    group,
                    kind,
                    HazardKind::Downtime,
                    format!("{rule} forwards to it, and no ECS service registers tasks in it: no path for traffic"),
                );
            }
        }
    }
    weight_resets(old, diff);
    explicit_removals(old, new, diff);
    nat_routes(new, &graph, life, diff);
}

/// A blue/green, canary or linear service's production rule is re-weighted by ECS on every
/// deployment, so after an odd number of them live traffic is on the alternate group. Any
/// stack update of the rule writes the template's 100/0 back: the route answers 503 until the
/// next deployment (aws-cdk#36649, containers-roadmap#2853). Priority-only changes are counted
/// too (whether CloudFormation re-sends the actions then is not documented).
fn weight_resets(old: &Inventory, diff: &mut Diff) {
    let graph = Graph::new(old);
    let production =
        load_balancer_refs(&graph, old, "/AdvancedConfiguration/ProductionListenerRule");
    for id in production {
        let changed = diff
            .change(&id)
            .is_some_and(|c| c.change == ChangeKind::Changed);
        let Some((kind, _)) = old.cloudformation.get(&id).filter(|_| changed) else {
            continue;
        };
        diff.flag(
            Target::Cloudformation,
            &id,
            kind,
            HazardKind::Downtime,
            "ECS re-weights this production rule on every deployment; this update writes the template's weights (all traffic on the primary group) back, and if the last deployment left traffic on the alternate group the route answers 503 until the next one. Look first (`aws elbv2 describe-rules --rule-arns ARN`); if the alternate holds the weight, run `aws ecs update-service --force-new-deployment`, wait for it, then update the stack (README: Deploy strategies)".to_owned(),
        );
    }
}

/// "To remove this property from your service resource, specify an empty `LoadBalancer` array"
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-loadbalancer.html):
/// a dropped property keeps the live value.
fn explicit_removals(old: &Inventory, new: &Inventory, diff: &mut Diff) {
    for (id, (kind, resource)) in &new.cloudformation {
        if kind != "AWS::ECS::Service" {
            continue;
        }
        let had = property(old, id, "/Properties/LoadBalancers")
            .and_then(Value::as_array)
            .is_some_and(|l| !l.is_empty());
        if had && resource.pointer("/Properties/LoadBalancers").is_none() {
            diff.flag(
                Target::Cloudformation,
                id,
                kind,
                HazardKind::Fails,
                "`LoadBalancers` is dropped instead of set to `[]`: CloudFormation keeps the live attachment to a target group this update deletes, and a later deployment of the service fails".to_owned(),
            );
        }
    }
}

/// A service moved to subnets whose default route (a NAT gateway's) is created in the same
/// update starts tasks that cannot reach ECR or Secrets Manager unless it waits for the route.
fn nat_routes(new: &Inventory, graph: &Graph<'_>, life: &Lifecycle, diff: &mut Diff) {
    let routes: Vec<(&String, Vec<String>)> = life
        .added
        .iter()
        .filter(|id| {
            new.cloudformation
                .get(*id)
                .is_some_and(|(k, _)| k == "AWS::EC2::Route")
        })
        .map(|id| {
            let template = id.rsplit_once('/').map_or("", |(t, _)| t);
            let table = property(new, id, "/Properties/RouteTableId")
                .map(|t| graph.targets(template, t))
                .unwrap_or_default();
            (id, table)
        })
        .collect();
    if routes.is_empty() {
        return;
    }
    for (id, (kind, resource)) in &new.cloudformation {
        if kind != "AWS::ECS::Service"
            || !diff.change(id).is_some_and(|c| {
                c.properties
                    .iter()
                    .any(|p| p.path.starts_with("Properties.NetworkConfiguration"))
            })
        {
            continue;
        }
        let template = id.rsplit_once('/').map_or("", |(t, _)| t);
        let subnets = resource
            .pointer("/Properties/NetworkConfiguration/AwsvpcConfiguration/Subnets")
            .map(|s| graph.targets(template, s))
            .unwrap_or_default();
        let unordered: Vec<&str> = routes
            .iter()
            .filter(|(route, tables)| {
                let serves = new.cloudformation.iter().any(|(a, (k, _))| {
                    k == "AWS::EC2::SubnetRouteTableAssociation" && {
                        let t = a.rsplit_once('/').map_or("", |(t, _)| t);
                        let of = |p: &str| {
                            property(new, a, p)
                                .map(|v| graph.targets(t, v))
                                .unwrap_or_default()
                        };
                        of("/Properties/RouteTableId")
                            .iter()
                            .any(|x| tables.contains(x))
                            && of("/Properties/SubnetId")
                                .iter()
                                .any(|s| subnets.contains(s))
                    }
                });
                serves && !graph.depends_on(id, route)
            })
            .map(|(route, _)| route.as_str())
            .collect();
        if !unordered.is_empty() {
            diff.flag(
                Target::Cloudformation,
                id,
                kind,
                HazardKind::Downtime,
                format!(
                    "its new subnets get their default route ({}) in the same update, and nothing makes the service wait for it: first tasks cannot reach ECR or Secrets Manager, and the circuit breaker may roll back",
                    unordered.join(", ")
                ),
            );
        }
    }
}

pub fn kubernetes(old: &Inventory, new: &Inventory, diff: &mut Diff) {
    let ids: Vec<(String, String, ChangeKind)> = diff
        .changes
        .iter()
        .filter(|c| c.target == Target::Kubernetes)
        .map(|c| (c.id.clone(), c.kind.clone(), c.change))
        .collect();
    workload_kind_switches(&ids, diff);
    for (id, kind, change) in ids {
        match change {
            // A kustomization is a file, not an object in the cluster.
            ChangeKind::Removed if kind != "Kustomization" => {
                let extra = if kind == "HorizontalPodAutoscaler" {
                    "; until then it keeps overriding the Deployment's replicas"
                } else {
                    ""
                };
                diff.flag(
                    Target::Kubernetes,
                    &id,
                    &kind,
                    HazardKind::LeftToUser,
                    format!("`kubectl apply -k` does not delete objects removed from the set unless it prunes: delete it with kubectl{extra}"),
                );
            }
            ChangeKind::Changed => {
                let (Some((_, before)), Some((_, after))) =
                    (old.kubernetes.get(&id), new.kubernetes.get(&id))
                else {
                    continue;
                };
                kubernetes_change(&id, &kind, before, after, diff);
            }
            _ => {}
        }
    }
}

/// A Deployment replaced by an Argo Rollout of the same name, or the reverse (a service's
/// `deploy.strategy` leaves or joins `rolling`): two objects, so `kubectl apply` creates one and
/// a pruning apply deletes the other at once, before the new pods are ready. "A Rollout should
/// run next to the Deployment before deleting the Deployment or scaling down the Deployment.
/// Not following this approach might result in downtime."
/// (https://argoproj.github.io/argo-rollouts/migrating/)
fn workload_kind_switches(ids: &[(String, String, ChangeKind)], diff: &mut Diff) {
    let with = |kind: &str, change: ChangeKind| -> BTreeSet<String> {
        ids.iter()
            .filter(|(_, k, c)| k == kind && *c == change)
            .filter_map(|(id, _, _)| id.split_once('/').map(|(_, rest)| rest.to_owned()))
            .collect()
    };
    for (from, to, migration) in [
        ("Deployment", "Rollout", Migration::DeploymentToRollout),
        ("Rollout", "Deployment", Migration::RolloutToDeployment),
    ] {
        let added = with(to, ChangeKind::Added);
        for name in with(from, ChangeKind::Removed).intersection(&added) {
            diff.flag(
                Target::Kubernetes,
                &format!("{to}/{name}"),
                to,
                HazardKind::Downtime,
                format!("replaces the {from} of the same name: a pruning apply deletes the {from}'s pods while the {to}'s start, leaving the Service without ready pods; keep the {from} until the {to} is healthy"),
            );
            diff.migrations.push(migration);
        }
    }
}

/// Annotations that give an Ingress another ALB (AWS Load Balancer Controller, IngressGroup:
/// https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/).
const NEW_ALB_ANNOTATIONS: &[&str] = &[
    "alb.ingress.kubernetes.io/group.name",
    "alb.ingress.kubernetes.io/scheme",
    "alb.ingress.kubernetes.io/load-balancer-name",
];

fn kubernetes_change(id: &str, kind: &str, before: &Value, after: &Value, diff: &mut Diff) {
    match kind {
        // https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling
        "Deployment" | "Rollout"
            if before.pointer("/spec/replicas").is_some()
                && after.pointer("/spec/replicas").is_none() =>
        {
            diff.flag(
                Target::Kubernetes,
                id,
                kind,
                HazardKind::Downtime,
                "`spec.replicas` leaves the manifest: `kubectl apply` resets it to the default, 1, and all pods but one terminate until the autoscaler scales up".to_owned(),
            );
            diff.migrations.push(Migration::ReplicasToAutoscale);
        }
        "Service" => {
            let target_ports = |v: &Value| -> Vec<Value> {
                v.pointer("/spec/ports")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|p| p.get("targetPort").cloned().unwrap_or_default())
                    .collect()
            };
            if target_ports(before) != target_ports(after) {
                diff.flag(
                    Target::Kubernetes,
                    id,
                    kind,
                    HazardKind::Downtime,
                    "the target port changes: running pods lack it, so the Service has no endpoints until new pods are ready".to_owned(),
                );
            }
        }
        "Ingress" => {
            let annotation = |v: &Value, key: &str| {
                v.pointer("/metadata/annotations")
                    .and_then(|a| a.get(key))
                    .cloned()
            };
            for key in NEW_ALB_ANNOTATIONS {
                if annotation(before, key) != annotation(after, key) {
                    diff.flag(
                        Target::Kubernetes,
                        id,
                        kind,
                        HazardKind::DnsChange,
                        format!("`{key}` changes: the controller provisions another ALB, with a new DNS name, and deletes the old one when no Ingress is left in its group"),
                    );
                }
            }
        }
        _ => {}
    }
}
