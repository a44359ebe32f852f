//! Typical edits, each over every example × environment it applies to, with the classification
//! the diff must give and no FAILS it does not expect. Where today's output is still wrong and
//! a colleague's branch fixes it, the test asserts today's behaviour under a `FIXME` that names
//! the correct expectation.

use super::harness::{Outcome, require, run, run_between, unexpected};
use toml::{Table, Value};
use twinform::review::{ChangeKind, Effect, HazardKind, Migration, Target};

fn services(spec: &mut Table) -> &mut Table {
    spec.entry("services")
        .or_insert_with(|| Value::Table(Table::new()))
        .as_table_mut()
        .unwrap()
}

/// The first service (in name order) that `pick` accepts.
fn first(spec: &mut Table, pick: impl Fn(&Table) -> bool) -> Option<String> {
    services(spec)
        .iter()
        .find(|(_, s)| s.as_table().is_some_and(&pick))
        .map(|(name, _)| name.clone())
}

fn service<'t>(spec: &'t mut Table, name: &str) -> &'t mut Table {
    services(spec)[name].as_table_mut().unwrap()
}

fn section<'t>(spec: &'t mut Table, name: &str) -> &'t mut Table {
    spec.entry(name)
        .or_insert_with(|| Value::Table(Table::new()))
        .as_table_mut()
        .unwrap()
}

fn called(spec: &mut Table) -> Vec<String> {
    services(spec)
        .values()
        .filter_map(|s| s.get("calls")?.as_array())
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect()
}

fn shares_a_listener(spec: &mut Table) -> bool {
    section(spec, "ingress").contains_key("listener_arn")
}

fn has_certificate(spec: &mut Table) -> bool {
    section(spec, "ingress").contains_key("certificate_arn")
}

fn routed_http(s: &Table) -> bool {
    s.contains_key("route")
        && s.get("protocol").and_then(Value::as_str).unwrap_or("http") == "http"
        && s.get("autoscale")
            .and_then(|a| a.get("requests_per_target"))
            .is_none()
}

/// No FAILS, no DOWNTIME: the edit is safe as the generator emits it.
fn safe(outcome: &Outcome) -> Vec<String> {
    let mut found = unexpected(outcome, HazardKind::Fails, |_| false);
    found.extend(unexpected(outcome, HazardKind::Downtime, |_| false));
    found
}

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
                    && o.diff
                        .changes
                        .iter()
                        .any(|c| c.kind == "Deployment" && c.effect == Effect::Rollout),
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
                o.diff
                    .changes
                    .iter()
                    .any(|c| c.kind == "Deployment" && c.effect == Effect::Rollout),
                "a pod rollout",
            ));
            found
        },
    );
}

#[test]
fn add_a_certificate() {
    run(
        "add a certificate",
        |spec| {
            if !has_certificate(spec) || shares_a_listener(spec) {
                return false;
            }
            let region = section(spec, "app")
                .get("region")
                .and_then(Value::as_str)
                .unwrap_or("us-east-1")
                .to_owned();
            let list = section(spec, "ingress")
                .entry("certificate_arns")
                .or_insert_with(|| Value::Array(Vec::new()));
            list.as_array_mut().unwrap().push(
                format!("arn:aws:acm:{region}:123456789012:certificate/99999999-8888-4777-8666-555555555555")
                    .into(),
            );
            true
        },
        safe,
    );
}

#[test]
fn add_a_host() {
    run(
        "add a host",
        |spec| {
            if shares_a_listener(spec) {
                return false;
            }
            let Some(name) = first(spec, |s| s.contains_key("route") && !s.contains_key("host"))
            else {
                return false;
            };
            service(spec, &name).insert("host".into(), "added.example.com".into());
            true
        },
        |o| {
            // The rule's host condition changes in place. FIXME(issue 13 item 4): fixed on the
            // branch that takes the domain out of the priority hash; until then a host change
            // renumbers the rule, which may race with another rule (reported as FAILS).
            let mut found =
                unexpected(o, HazardKind::Fails, |c| c.kind.ends_with("::ListenerRule"));
            found.extend(unexpected(o, HazardKind::Downtime, |_| false));
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
                c.kind == "Deployment"
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
fn ingress_public_flip() {
    run(
        "ingress.public",
        |spec| {
            if shares_a_listener(spec) {
                return false;
            }
            let ingress = section(spec, "ingress");
            let public = ingress
                .get("public")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            ingress.insert("public".into(), (!public).into());
            true
        },
        |o| {
            let mut found = require(
                o.diff.changes.iter().any(|c| {
                    c.kind == "AWS::ElasticLoadBalancingV2::LoadBalancer"
                        && c.has(HazardKind::DnsChange)
                }) && o
                    .diff
                    .changes
                    .iter()
                    .any(|c| c.kind == "Ingress" && c.has(HazardKind::DnsChange)),
                "a DNS change on both targets",
            );
            // FIXME(issue 13 item 2): fixed on the branch that replaces target groups with the
            // load balancer (scheme in their identity): then expect no FAILS. Today the new
            // rules forward to target groups the old load balancer keeps.
            found.extend(unexpected(o, HazardKind::Fails, |c| {
                c.kind == "AWS::ElasticLoadBalancingV2::ListenerRule"
            }));
            found.extend(require(
                o.changes_with(HazardKind::Fails).next().is_some(),
                "today: FAILS on the rules (FIXME above)",
            ));
            found.extend(unexpected(o, HazardKind::Downtime, |_| false));
            found
        },
    );
}

#[test]
fn move_to_an_existing_ecs_cluster() {
    run(
        "ecs.cluster",
        |spec| {
            if section(spec, "ecs").contains_key("cluster") {
                return false;
            }
            section(spec, "ecs").insert("cluster".into(), "platform-shared".into());
            true
        },
        |o| {
            // Right as it is: every ECS service is replaced; one that offers Service Connect
            // endpoints FAILS (its new copy claims the discovery names the old one holds),
            // a worker (a client only) does not.
            let mut found = unexpected(o, HazardKind::Fails, |c| c.kind == "AWS::ECS::Service");
            let ecs: Vec<_> = o
                .diff
                .changes
                .iter()
                .filter(|c| c.kind == "AWS::ECS::Service")
                .collect();
            found.extend(require(
                !ecs.is_empty() && ecs.iter().all(|c| c.effect == Effect::Replace),
                "every ECS service is replaced",
            ));
            found.extend(require(
                ecs.iter().any(|c| c.has(HazardKind::Fails)),
                "the services with Service Connect endpoints FAIL",
            ));
            found.extend(require(
                o.diff.migrations == [Migration::EcsCluster],
                "the ecs.cluster migration",
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
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            // FIXME(issue 13 item 5): fixed on the branch that keeps target groups' `Port`
            // constant: then expect no DOWNTIME. Today the target group is replaced and the
            // rule forwards to the new, empty one first.
            found.extend(unexpected(o, HazardKind::Downtime, |c| {
                c.kind == "AWS::ElasticLoadBalancingV2::TargetGroup"
            }));
            found.extend(require(
                o.changes_with(HazardKind::Downtime).next().is_some(),
                "today: DOWNTIME on the replaced target group (FIXME above)",
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
            // FIXME(issue 13 items 5 and 6): fixed on the target-group branch (replacement
            // ordered without a gap) and the EKS port-name branch (`appProtocol`, names
            // independent of the protocol): then expect no DOWNTIME on either target.
            found.extend(unexpected(o, HazardKind::Downtime, |c| {
                c.kind == "AWS::ElasticLoadBalancingV2::TargetGroup" || c.kind == "Service"
            }));
            for kind in ["AWS::ElasticLoadBalancingV2::TargetGroup", "Service"] {
                found.extend(require(
                    o.changes_with(HazardKind::Downtime).any(|c| c.kind == kind),
                    &format!("today: DOWNTIME on the {kind} (FIXME above)"),
                ));
            }
            found
        },
    );
}

#[test]
fn change_the_domain() {
    run(
        "ingress.domain",
        |spec| {
            let ingress = section(spec, "ingress");
            if !ingress.contains_key("domain") {
                return false;
            }
            ingress.insert("domain".into(), "changed.example.com".into());
            true
        },
        |o| {
            // FIXME(issue 13 item 4): fixed on the branch that takes the domain out of the
            // priority hash: then the rules keep their priorities and nothing races. Today
            // every rule is renumbered; a race is FAILS on a listener rule, nothing else.
            let mut found =
                unexpected(o, HazardKind::Fails, |c| c.kind.ends_with("::ListenerRule"));
            found.extend(unexpected(o, HazardKind::Downtime, |_| false));
            found.extend(require(
                o.diff.changes.iter().any(|c| {
                    c.kind.ends_with("::ListenerRule")
                        && c.properties.iter().any(|p| p.path == "Properties.Priority")
                }),
                "today: the rules are renumbered (FIXME above)",
            ));
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
            true
        },
        |o| {
            // FIXME(issue 13 item 7): fixed on the `LoadBalancers: []` branch: then expect no
            // FAILS. Today the property is dropped and CloudFormation keeps the attachment.
            let mut found = unexpected(o, HazardKind::Fails, |c| c.kind == "AWS::ECS::Service");
            found.extend(unexpected(o, HazardKind::Downtime, |_| false));
            found.extend(require(
                o.changes_with(HazardKind::Fails).next().is_some(),
                "today: FAILS on the ECS service (FIXME above)",
            ));
            found
        },
    );
}

#[test]
fn nat_none_to_single() {
    run_between(
        "nat none → single",
        |spec| {
            let network = section(spec, "network");
            if network.contains_key("vpc_id") {
                return false;
            }
            network.insert("nat".into(), "none".into());
            true
        },
        |spec| {
            section(spec, "network").insert("nat".into(), "single".into());
            true
        },
        |o| {
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            // FIXME(issue 13 item 10): fixed on the NAT-route branch (services depend on the
            // private default routes): then expect no DOWNTIME. Today the services move into
            // the private subnets before their NAT route exists.
            found.extend(unexpected(o, HazardKind::Downtime, |c| {
                c.kind == "AWS::ECS::Service"
            }));
            found.extend(require(
                o.changes_with(HazardKind::Downtime).next().is_some(),
                "today: DOWNTIME on the services (FIXME above)",
            ));
            found.extend(require(
                o.diff
                    .changes
                    .iter()
                    .any(|c| c.kind == "AWS::ECS::Service" && c.effect == Effect::Rollout),
                "the services roll out into the private subnets",
            ));
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
                    .filter(|c| c.kind == "Deployment")
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
