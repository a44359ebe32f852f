//! Typical edits, each over every example × environment it applies to, with the classification
//! the diff must give and no FAILS or DOWNTIME it does not expect (a replacement that cannot
//! be avoided, such as a gRPC target group's, is expected explicitly).

use super::harness::{require, run, unexpected, weight_reset};
use super::spec_edit::{
    called, first, has_certificate, routed_http, safe, section, service, services,
};
use toml::{Table, Value};
use twinform::review::{ChangeKind, Effect, HazardKind, Migration, Target};

#[test]
fn add_a_routed_service() {
    run(
        "add a routed service",
        |spec| {
            services(spec).insert(
                "zz-added".into(),
                toml::toml! {
                    image = "public.ecr.aws/acme/added:1.0.0"
                    port = 8080
                    route = "/zz-added"
                }
                .into(),
            );
            true
        },
        |o| {
            let mut found = safe(o);
            found.extend(
                o.diff
                    .changes
                    .iter()
                    .filter(|c| c.target == Target::Cloudformation && c.effect >= Effect::Replace)
                    .map(|c| format!("adding a service replaces {}", c.id)),
            );
            found
        },
    );
}

#[test]
fn remove_a_service_nobody_calls() {
    run(
        "remove a service",
        |spec| {
            let callees = called(spec);
            let Some(name) = services(spec)
                .keys()
                .find(|n| !callees.contains(n))
                .cloned()
            else {
                return false;
            };
            services(spec).remove(&name);
            true
        },
        |o| {
            let mut found = safe(o);
            // Kubernetes objects stay until someone deletes them; so do retained log groups.
            found.extend(require(
                o.diff.changes.iter().any(|c| {
                    c.target == Target::Kubernetes
                        && c.change == ChangeKind::Removed
                        && c.has(HazardKind::LeftToUser)
                }),
                "removed Kubernetes objects are left to the user",
            ));
            found.extend(require(
                o.diff
                    .changes
                    .iter()
                    .any(|c| c.kind == "AWS::Logs::LogGroup" && c.has(HazardKind::LeftToUser)),
                "the retained log group is left to the user",
            ));
            found
        },
    );
}

#[test]
fn add_and_remove_a_secret() {
    let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:added/token-AbCdEf";
    run(
        "add a secret",
        |spec| {
            let Some(name) = first(spec, |s| s.contains_key("port")) else {
                return false;
            };
            let secrets = service(spec, &name)
                .entry("secrets")
                .or_insert_with(|| Value::Table(Table::new()));
            secrets
                .as_table_mut()
                .unwrap()
                .insert("ADDED_TOKEN".into(), arn.into());
            true
        },
        |o| {
            let mut found = safe(o);
            found.extend(require(
                o.diff
                    .changes
                    .iter()
                    .any(|c| c.kind == "AWS::ECS::Service" && c.effect == Effect::Rollout)
                    && o.diff.changes.iter().any(|c| {
                        matches!(c.kind.as_str(), "Deployment" | "Rollout")
                            && c.effect == Effect::Rollout
                    }),
                "a new task revision on ECS and a pod rollout on EKS",
            ));
            found
        },
    );
    run(
        "remove a secret",
        |spec| {
            let Some(name) = first(spec, |s| s.contains_key("secrets")) else {
                return false;
            };
            let s = service(spec, &name);
            let secrets = s["secrets"].as_table_mut().unwrap();
            let Some(key) = secrets.keys().next().cloned() else {
                return false;
            };
            secrets.remove(&key);
            true
        },
        safe,
    );
}

#[test]
fn add_a_sidecar() {
    run(
        "add a sidecar",
        |spec| {
            let Some(name) = first(spec, |s| {
                s.get("cpu").and_then(Value::as_integer).unwrap_or(256) >= 1024
                    && !s.contains_key("sidecars")
            }) else {
                return false;
            };
            service(spec, &name).insert(
                "sidecars".into(),
                Value::Array(vec![
                    toml::toml! {
                        name = "otel"
                        image = "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"
                    }
                    .into(),
                ]),
            );
            true
        },
        |o| {
            let mut found = safe(o);
            found.extend(require(
                o.diff.changes.iter().any(|c| {
                    matches!(c.kind.as_str(), "Deployment" | "Rollout")
                        && c.effect == Effect::Rollout
                }),
                "a pod rollout",
            ));
            found
        },
    );
}

#[test]
fn replicas_to_autoscale_and_back() {
    run(
        "replicas → autoscale",
        |spec| {
            let Some(name) = first(spec, |s| {
                s.contains_key("port") && !s.contains_key("autoscale")
            }) else {
                return false;
            };
            let s = service(spec, &name);
            s.remove("replicas");
            s.insert(
                "autoscale".into(),
                toml::toml! { min = 2 max = 4 cpu = 60 }.into(),
            );
            true
        },
        |o| {
            // Right as it is: EKS drops `spec.replicas`, which `kubectl apply` resets to 1; the
            // diff says DOWNTIME and names the hand-over.
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            found.extend(unexpected(o, HazardKind::Downtime, |c| {
                matches!(c.kind.as_str(), "Deployment" | "Rollout")
            }));
            found.extend(require(
                o.diff.migrations.contains(&Migration::ReplicasToAutoscale),
                "the replicas → autoscale hand-over",
            ));
            found
        },
    );
    run(
        "autoscale → replicas",
        |spec| {
            let Some(name) = first(spec, |s| s.contains_key("autoscale")) else {
                return false;
            };
            service(spec, &name).remove("autoscale");
            true
        },
        |o| {
            let mut found = safe(o);
            found.extend(require(
                o.diff
                    .changes
                    .iter()
                    .any(|c| c.kind == "HorizontalPodAutoscaler" && c.has(HazardKind::LeftToUser)),
                "the removed HPA is left to the user (it would keep scaling)",
            ));
            found
        },
    );
}

#[test]
fn spot() {
    run(
        "spot on",
        |spec| {
            let Some(name) = first(spec, |s| !s.contains_key("spot")) else {
                return false;
            };
            service(spec, &name).insert("spot".into(), true.into());
            true
        },
        |o| {
            let mut found = safe(o);
            found.extend(require(
                o.diff
                    .changes
                    .iter()
                    .any(|c| c.kind == "AWS::ECS::Service" && c.effect == Effect::Rollout),
                "the ECS service rolls out on Spot",
            ));
            found
        },
    );
}

#[test]
fn change_a_port() {
    run(
        "port",
        |spec| {
            let Some(name) = first(spec, |s| s.contains_key("route")) else {
                return false;
            };
            let s = service(spec, &name);
            let port = s["port"].as_integer().unwrap();
            s.insert("port".into(), (port + 1).into());
            true
        },
        |o| {
            // The target group's `Port` is a constant (ECS registers each task with its
            // container port): the group stays and the service rolls out without a gap.
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            found.extend(unexpected(o, HazardKind::Downtime, |_| false));
            found.extend(require(
                !o.diff.changes.iter().any(|c| {
                    c.kind == "AWS::ElasticLoadBalancingV2::TargetGroup"
                        && c.effect == Effect::Replace
                }),
                "no target group is replaced",
            ));
            found
        },
    );
}

#[test]
fn http_to_grpc() {
    run(
        "protocol http → grpc",
        |spec| {
            if !has_certificate(spec) {
                return false;
            }
            let Some(name) = first(spec, routed_http) else {
                return false;
            };
            service(spec, &name).insert("protocol".into(), "grpc".into());
            true
        },
        |o| {
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            // `ProtocolVersion` is create-only: the target group is replaced (flagged); the
            // EKS Service keeps its port name (ports are named by family), so no DOWNTIME there.
            found.extend(unexpected(o, HazardKind::Downtime, |c| {
                c.kind == "AWS::ElasticLoadBalancingV2::TargetGroup" || weight_reset(c)
            }));
            found
        },
    );
}

#[test]
fn remove_a_route() {
    run(
        "route removal",
        |spec| {
            let Some(name) = first(spec, routed_http) else {
                return false;
            };
            let s = service(spec, &name);
            s.remove("route");
            s.remove("host");
            // A traffic-shifting strategy needs the route (TF082): the user drops both.
            s.remove("deploy");
            true
        },
        |o| {
            // `LoadBalancers: []` detaches the service explicitly (a dropped property would keep
            // the attachment to a deleted target group). A traffic-shifting service goes back to
            // a Deployment on EKS, which is the Rollout → Deployment hand-over.
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            found.extend(unexpected(o, HazardKind::Downtime, |c| {
                c.kind == "Deployment"
                    && o.diff.migrations.contains(&Migration::RolloutToDeployment)
            }));
            found
        },
    );
}

#[test]
fn change_a_tag() {
    run(
        "app.tags",
        |spec| {
            let app = section(spec, "app");
            let tags = app
                .entry("tags")
                .or_insert_with(|| Value::Table(Table::new()));
            tags.as_table_mut()
                .unwrap()
                .insert("owner".into(), "update-safety".into());
            true
        },
        |o| {
            let mut found = safe(o);
            // Tags are pod labels on EKS (cost allocation reads them): every pod restarts. ECS
            // updates tags in place.
            found.extend(require(
                o.diff
                    .changes
                    .iter()
                    .filter(|c| matches!(c.kind.as_str(), "Deployment" | "Rollout"))
                    .all(|c| c.effect == Effect::Rollout),
                "every Deployment rolls out",
            ));
            found.extend(
                o.diff
                    .changes
                    .iter()
                    .filter(|c| c.target == Target::Cloudformation && c.effect > Effect::InPlace)
                    .map(|c| format!("a tag change is not in place on {}", c.id)),
            );
            found
        },
    );
}
