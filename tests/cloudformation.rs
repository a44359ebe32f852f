//! The CloudFormation back-end, read back from the emitted bytes: sizes, references, network
//! exposure, IAM, routing, stability under change, and JSON/YAML equivalence.

mod cfn;
mod common;

use cfn::*;
use serde_json::Value;
use std::collections::BTreeSet;

#[test]
fn fargate_sizes_are_valid() {
    every_case(|case, t| {
        let defs = of_type(t, "AWS::ECS::TaskDefinition");
        assert!(!defs.is_empty(), "{case}");
        for (id, def) in defs {
            let p = &def["Properties"];
            let cpu: i64 = p["Cpu"].as_str().and_then(|s| s.parse().ok()).unwrap_or(-1);
            let memory: i64 = p["Memory"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(-1);
            assert!(
                twinform::fargate::is_valid(cpu, memory),
                "{case} {id}: {cpu}/{memory}"
            );
        }
    });
}

#[test]
fn every_reference_resolves() {
    every_case(|case, t| {
        let parameters = t["Parameters"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k);
        let ids: BTreeSet<&String> = resources(t).keys().chain(parameters).collect();
        let mut refs = BTreeSet::new();
        references(t, &mut refs);
        for r in refs.iter().filter(|r| !r.starts_with("AWS::")) {
            assert!(ids.contains(r), "{case}: reference to missing {r}");
        }
        for (id, resource) in resources(t) {
            for dep in resource["DependsOn"].as_array().into_iter().flatten() {
                let dep = dep.as_str().unwrap_or_default();
                assert!(
                    ids.contains(&dep.to_owned()),
                    "{case}: {id} depends on missing {dep}"
                );
            }
            assert!(
                id.bytes().all(|b| b.is_ascii_alphanumeric()),
                "{case}: logical ID {id}"
            );
        }
    });
}

#[test]
fn only_the_public_load_balancer_is_open_to_the_world() {
    every_case(|case, t| {
        let public = of_type(t, "AWS::ElasticLoadBalancingV2::LoadBalancer")
            .iter()
            .any(|(_, lb)| lb["Properties"]["Scheme"] == "internet-facing");
        let mut world = Vec::new();
        for (id, sg) in of_type(t, "AWS::EC2::SecurityGroup") {
            for rule in sg["Properties"]["SecurityGroupIngress"]
                .as_array()
                .into_iter()
                .flatten()
            {
                assert!(
                    rule["Description"].is_string(),
                    "{case} {id}: rule without description"
                );
                if rule["CidrIp"] == "0.0.0.0/0" {
                    world.push((
                        id.clone(),
                        rule["FromPort"].as_u64(),
                        rule["ToPort"].as_u64(),
                    ));
                }
            }
        }
        for (id, rule) in of_type(t, "AWS::EC2::SecurityGroupIngress") {
            assert!(
                rule["Properties"]["CidrIp"].is_null(),
                "{case} {id}: edge from a CIDR"
            );
            assert!(
                rule["Properties"]["SourceSecurityGroupId"].is_object(),
                "{case} {id}"
            );
        }
        for (id, from, to) in &world {
            assert!(
                public && id.ends_with("LoadBalancerSecurityGroup"),
                "{case}: {id} open to the world"
            );
            assert!(
                from == to && matches!(from, Some(80 | 443)),
                "{case}: {id} port {from:?}-{to:?}"
            );
        }
        assert_eq!(public, !world.is_empty(), "{case}");
    });
}

#[test]
fn no_star_actions_except_log_writes() {
    every_case(|case, t| {
        let mut all = Vec::new();
        statements(t, &mut all);
        assert!(!all.is_empty(), "{case}");
        for s in &all {
            let actions = strings(&s["Action"]);
            for action in &actions {
                assert!(
                    action != "*" && !action.ends_with(":*"),
                    "{case}: action {action}"
                );
            }
            // Partial wildcards only where CloudWatch Logs uses the log key.
            if actions.iter().any(|a| a.contains('*')) {
                let logs = s["Principal"]["Service"]
                    .get("Fn::Sub")
                    .and_then(Value::as_str)
                    .is_some_and(|p| p.starts_with("logs."));
                let admin = s["Sid"] == "AccountAdministersKey";
                assert!(logs || admin, "{case}: wildcard action in {s}");
            }
            assert_eq!(s["Effect"], "Allow", "{case}");
            assert!(
                !strings(&s["Principal"]["AWS"]).contains(&"*".to_owned()),
                "{case}: * principal"
            );
        }
        // Identity policies name their resources; `*` only for read actions (`iam.statements`).
        for (id, role) in of_type(t, "AWS::IAM::Role") {
            for policy in role["Properties"]["Policies"]
                .as_array()
                .into_iter()
                .flatten()
            {
                for s in policy["PolicyDocument"]["Statement"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    let reads = strings(&s["Action"])
                        .iter()
                        .all(|a| twinform::policy::is_read_only(a));
                    assert!(
                        reads || !strings(&s["Resource"]).contains(&"*".to_owned()),
                        "{case} {id}: Resource * for a write"
                    );
                }
            }
        }
    });
}

#[test]
fn every_routed_service_has_one_rule_and_one_target_group() {
    every_case(|case, t| {
        let routed: Vec<&Value> = of_type(t, "AWS::ECS::Service")
            .into_iter()
            .map(|(_, s)| s)
            .filter(|s| {
                s["Properties"]["LoadBalancers"]
                    .as_array()
                    .is_some_and(|lbs| !lbs.is_empty())
            })
            .collect();
        let groups = of_type(t, "AWS::ElasticLoadBalancingV2::TargetGroup");
        let rules = of_type(t, "AWS::ElasticLoadBalancingV2::ListenerRule");
        assert_eq!(routed.len(), groups.len(), "{case}");
        assert_eq!(routed.len(), rules.len(), "{case}");
        let mut priorities = BTreeSet::new();
        for service in routed {
            let lbs = service["Properties"]["LoadBalancers"]
                .as_array()
                .map(Vec::len);
            assert_eq!(lbs, Some(1), "{case}");
            let tg = &service["Properties"]["LoadBalancers"][0]["TargetGroupArn"]["Ref"];
            let forwarding: Vec<_> = rules
                .iter()
                .filter(|(_, r)| r["Properties"]["Actions"][0]["TargetGroupArn"]["Ref"] == *tg)
                .collect();
            assert_eq!(forwarding.len(), 1, "{case}: rules forwarding to {tg}");
            let (rule_id, rule) = forwarding[0];
            assert!(
                priorities.insert(rule["Properties"]["Priority"].as_u64()),
                "{case}: duplicate priority"
            );
            let deps = strings(&service["DependsOn"]);
            assert!(
                deps.contains(rule_id),
                "{case}: service does not wait for {rule_id}"
            );
        }
    });
}

#[test]
fn adding_a_service_changes_no_existing_resource() {
    let extra = "\n[services.search]\nimage = \"public.ecr.aws/acme/search:1.0.0\"\nport = 7700\nroute = \"/search\"\ncalls = [\"api\"]\n";
    // Insert before `[kubernetes]` so the new table is not read as part of an overlay.
    let Some(at) = SHOP.find("[kubernetes]") else {
        panic!("shop has no [kubernetes]")
    };
    let grown = format!("{}{extra}\n{}", &SHOP[..at], &SHOP[at..]);
    for env in [None, Some("prod")] {
        let before = template(SHOP, env);
        let after = template(&grown, env);
        let (before, after) = (resources(&before), resources(&after));
        for (id, resource) in before {
            assert_eq!(after.get(id), Some(resource), "{env:?}: {id} changed");
        }
        let added: BTreeSet<&String> = after
            .keys()
            .filter(|id| !before.contains_key(*id))
            .collect();
        assert!(
            added
                .iter()
                .all(|id| id.starts_with("Search") || id.as_str() == "ApiIngressFromSearch"),
            "{added:?}"
        );
        assert!(
            added.contains(&"SearchListenerRule".to_owned())
                && added.contains(&"ApiIngressFromSearch".to_owned())
        );
    }
}

#[test]
fn only_auth_scales_and_it_has_no_desired_count() {
    for env in [None, Some("dev"), Some("prod")] {
        let t = template(SHOP, env);
        let targets: Vec<&String> = of_type(&t, "AWS::ApplicationAutoScaling::ScalableTarget")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(targets, ["AuthScalableTarget"], "{env:?}");
        let policies: Vec<&String> = of_type(&t, "AWS::ApplicationAutoScaling::ScalingPolicy")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(policies, ["AuthCpuScalingPolicy"], "{env:?}");
        for (id, service) in of_type(&t, "AWS::ECS::Service") {
            let desired = &service["Properties"]["DesiredCount"];
            assert_eq!(
                desired.is_null(),
                id == "AuthService",
                "{env:?} {id}: {desired}"
            );
        }
    }
}

#[test]
fn json_and_yaml_are_the_same_template() {
    for (name, text, env) in CASES {
        let json: Value = serde_json::from_str(&file(
            &files(text, *env, twinform::Format::Json),
            "cloudformation/template.json",
        ))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let yaml_text = file(
            &files(text, *env, twinform::Format::Yaml),
            "cloudformation/template.yaml",
        );
        let yaml: Value =
            serde_saphyr::from_str(&yaml_text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(json, yaml, "{name} {env:?}");
    }
}

#[test]
fn output_is_deterministic() {
    for (_, text, env) in CASES {
        assert_eq!(
            files(text, *env, twinform::Format::Yaml),
            files(text, *env, twinform::Format::Yaml)
        );
    }
}

/// The logical-ID kinds `check` relies on to refuse colliding names (TF006) are exactly the ones
/// the emitter writes: every ID is `{App}{app kind}` or `{Service}{service kind}`, including a
/// layout over several load balancers (one template here, whatever its size).
#[test]
fn logical_ids_follow_the_published_kinds() {
    let spread = twinform::builder::to_toml(&twinform::synthetic::spec_over_hosts(600, 6));
    for (name, text, env) in CASES
        .iter()
        .chain([("marketplace", MARKETPLACE, None)].iter())
        .chain([("spread", spread.as_str(), None)].iter())
    {
        let model = twinform::check_source("t.toml", text, *env).model.unwrap();
        let app = model.app.logical_id.as_str();
        let app_ids = twinform::names::app_resource_ids(app);
        // `{App}{Kind}{8 hex digits}`: one resource per value (a certificate), with the load
        // balancer's number before the hash past the first.
        let hashed = |id: &str| {
            twinform::names::APP_HASHED_KINDS.iter().any(|kind| {
                let Some(rest) = id.strip_prefix(&format!("{app}{kind}")) else {
                    return false;
                };
                let (label, hash) = rest.split_at(rest.len().saturating_sub(8));
                (label.is_empty() || label.parse::<u32>().is_ok_and(|n| n >= 2))
                    && hash.len() == 8
                    && hash.bytes().all(|b| b.is_ascii_hexdigit())
            })
        };
        let numbered = |id: &str| {
            twinform::names::APP_BALANCER_KINDS.iter().any(|kind| {
                id.strip_prefix(&format!("{app}{kind}"))
                    .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 2))
            })
        };
        let t = serde_json::to_value(twinform::emit::cloudformation::template(&model)).unwrap();
        let balancers = model.ingress.load_balancers.len();
        assert_eq!(
            resources(&t)
                .keys()
                .filter(|id| numbered(id) && id.contains("LoadBalancer"))
                .count(),
            balancers.saturating_sub(1),
            "{name}"
        );
        for id in resources(&t).keys() {
            let service_kind = model.services.iter().find_map(|s| {
                let kind = id.strip_prefix(&s.logical_id)?;
                let caller = kind.strip_prefix("IngressFrom");
                let known = twinform::names::ServiceResource::ALL
                    .iter()
                    .any(|k| k.suffix() == kind)
                    || caller.is_some_and(|c| model.services.iter().any(|o| o.logical_id == c));
                known.then_some(kind)
            });
            assert!(
                app_ids.contains(id) || hashed(id) || numbered(id) || service_kind.is_some(),
                "{name} {env:?}: `{id}` is neither an app-level nor a per-service kind"
            );
        }
    }
}
