//! Typical edits of the app's edge and network (certificates, hosts, domain, scheme, cluster,
//! NAT), each over every example × environment it applies to; see `edits.rs`.

use super::harness::{require, run, run_between, unexpected, weight_reset};
use super::spec_edit::{first, has_certificate, safe, section, service, shares_a_listener};
use toml::Value;
use twinform::review::{Effect, HazardKind, Migration};

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
            // The rule's host condition changes in place; a new host may renumber the rule
            // (its own host is hashed), and a move that could race is ordered by `DependsOn`.
            let mut found =
                unexpected(o, HazardKind::Fails, |c| c.kind.ends_with("::ListenerRule"));
            found.extend(unexpected(o, HazardKind::Downtime, weight_reset));
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
            // The target groups are replaced with the load balancer (the scheme is part of
            // their identity): the new rules never forward to a group the old one holds.
            found.extend(unexpected(o, HazardKind::Fails, |_| false));
            found.extend(unexpected(o, HazardKind::Downtime, weight_reset));
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
            // The domain is not part of a rule's priority: the rules keep their priorities,
            // only their host conditions change in place, and nothing races.
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            found.extend(unexpected(o, HazardKind::Downtime, |_| false));
            found.extend(require(
                !o.diff.changes.iter().any(|c| {
                    c.kind.ends_with("::ListenerRule")
                        && c.properties.iter().any(|p| p.path == "Properties.Priority")
                }),
                "no rule is renumbered",
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
            // The services wait for the private subnets' NAT routes (`DependsOn`) before
            // they start tasks there.
            found.extend(unexpected(o, HazardKind::Downtime, |_| false));
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
