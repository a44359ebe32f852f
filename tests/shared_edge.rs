//! Hosts, certificates, WAF, Route 53 and shared infrastructure (`examples/platform`), read back
//! from both targets: what each key adds, and what a shared listener or cluster leaves out.

use serde_json::Value;
use std::collections::BTreeSet;
use twinform::{Format, Options};

const PLATFORM: &str = include_str!("../examples/platform/twinform.toml");

fn files(env: Option<&str>) -> twinform::FileSet {
    let options = Options {
        env: env.map(str::to_owned),
        format: Format::Json,
        ..Default::default()
    };
    match twinform::synthesize("twinform.toml", PLATFORM, &options) {
        Ok(s) => s.files,
        Err(e) => panic!("{:#?}", e.diagnostics),
    }
}

fn template(env: Option<&str>) -> Value {
    serde_json::from_slice(&files(env)["cloudformation/template.json"]).unwrap()
}

fn of_type<'a>(t: &'a Value, kind: &str) -> Vec<&'a Value> {
    t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == kind)
        .collect()
}

fn ingress(env: Option<&str>) -> Value {
    let files = files(env);
    let text = std::str::from_utf8(&files["kubernetes/ingress.yaml"]).unwrap();
    serde_saphyr::from_str(text).unwrap()
}

#[test]
fn every_certificate_is_served_on_both_targets() {
    let t = template(None);
    let https = &t["Resources"]["PlatformHttpsListener"]["Properties"];
    let default = https["Certificates"][0]["CertificateArn"].as_str().unwrap();
    let mut ecs: Vec<&str> = vec![default];
    for c in of_type(&t, "AWS::ElasticLoadBalancingV2::ListenerCertificate") {
        let p = &c["Properties"];
        assert_eq!(
            p["ListenerArn"],
            serde_json::json!({"Ref": "PlatformHttpsListener"})
        );
        assert_eq!(p["Certificates"].as_array().unwrap().len(), 1);
        ecs.push(p["Certificates"][0]["CertificateArn"].as_str().unwrap());
    }
    let ingress = ingress(None);
    let eks: Vec<&str> =
        ingress["metadata"]["annotations"]["alb.ingress.kubernetes.io/certificate-arn"]
            .as_str()
            .unwrap()
            .split(',')
            .collect();
    assert_eq!(ecs.len(), 3);
    assert_eq!(
        ecs.iter().collect::<BTreeSet<_>>(),
        eks.iter().collect::<BTreeSet<_>>()
    );
    assert_eq!(
        eks[0], default,
        "the first certificate is the default on both"
    );
}

#[test]
fn waf_and_dns_only_where_the_environment_asks() {
    for (env, expected) in [(None, false), (Some("prod"), true)] {
        let t = template(env);
        let waf = of_type(&t, "AWS::WAFv2::WebACLAssociation");
        let dns = of_type(&t, "AWS::Route53::RecordSetGroup");
        let annotations = &ingress(env)["metadata"]["annotations"];
        assert_eq!(waf.len(), usize::from(expected), "{env:?}");
        assert_eq!(dns.len(), usize::from(expected), "{env:?}");
        assert_eq!(
            annotations
                .get("alb.ingress.kubernetes.io/wafv2-acl-arn")
                .is_some(),
            expected
        );
        if !expected {
            continue;
        }
        let acl = &waf[0]["Properties"];
        assert_eq!(
            acl["ResourceArn"],
            serde_json::json!({"Ref": "PlatformLoadBalancer"})
        );
        assert_eq!(
            acl["WebACLArn"],
            annotations["alb.ingress.kubernetes.io/wafv2-acl-arn"]
        );
        let records = dns[0]["Properties"]["RecordSets"].as_array().unwrap();
        let names: Vec<&str> = records
            .iter()
            .map(|r| r["Name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["admin.example.com", "api.example.com", "shop.example.com"]
        );
        assert!(records.iter().all(|r| r["Type"] == "A"
            && r["AliasTarget"]["DNSName"]
                == serde_json::json!({"Fn::GetAtt": ["PlatformLoadBalancer", "DNSName"]})));
        assert_eq!(
            annotations["external-dns.alpha.kubernetes.io/hostname"],
            names.join(",")
        );
        assert_eq!(
            t["Parameters"]["HostedZoneId"]["Default"],
            "Z04123452ABCDEFGHIJKL"
        );
    }
}

#[test]
fn a_shared_listener_and_cluster_leave_only_rules_and_target_groups() {
    let t = template(Some("sandbox"));
    for kind in [
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::ECS::Cluster",
        "AWS::Route53::RecordSetGroup",
        "AWS::WAFv2::WebACLAssociation",
    ] {
        assert!(of_type(&t, kind).is_empty(), "{kind} in the sandbox");
    }
    assert!(
        !t["Resources"]
            .as_object()
            .unwrap()
            .contains_key("PlatformLoadBalancerSecurityGroup")
    );
    let rules = of_type(&t, "AWS::ElasticLoadBalancingV2::ListenerRule");
    assert_eq!(rules.len(), 7);
    assert_eq!(
        of_type(&t, "AWS::ElasticLoadBalancingV2::TargetGroup").len(),
        7
    );
    let mut priorities = BTreeSet::new();
    for rule in rules {
        let p = &rule["Properties"];
        assert_eq!(p["ListenerArn"], serde_json::json!({"Ref": "ListenerArn"}));
        let priority = p["Priority"].as_u64().unwrap();
        assert!((2000..=2999).contains(&priority), "{priority}");
        priorities.insert(priority);
    }
    assert_eq!(priorities.len(), 7, "distinct priorities");
    for edge in of_type(&t, "AWS::EC2::SecurityGroupIngress") {
        let source = &edge["Properties"]["SourceSecurityGroupId"];
        if edge["Properties"]["Description"]
            .as_str()
            .unwrap()
            .ends_with("from the load balancer")
        {
            assert_eq!(
                source,
                &serde_json::json!({"Ref": "LoadBalancerSecurityGroupId"})
            );
        }
    }
    for service in of_type(&t, "AWS::ECS::Service") {
        assert_eq!(
            service["Properties"]["Cluster"],
            serde_json::json!({"Ref": "ClusterName"})
        );
    }
    let parameters = &t["Parameters"];
    assert_eq!(parameters["ClusterName"]["Default"], "platform-shared");
    assert_eq!(
        parameters["LoadBalancerSecurityGroupId"]["Default"],
        "sg-0abc1234def567890"
    );
    // Every certificate joins the shared listener, by SNI.
    assert_eq!(
        of_type(&t, "AWS::ElasticLoadBalancingV2::ListenerCertificate").len(),
        3
    );
}

#[test]
fn host_rules_carry_their_host_on_both_targets() {
    let t = template(None);
    for rule in of_type(&t, "AWS::ElasticLoadBalancingV2::ListenerRule") {
        let conditions = rule["Properties"]["Conditions"].as_array().unwrap();
        assert_eq!(conditions[0]["Field"], "host-header", "{rule}");
    }
    let ingress = ingress(None);
    let hosts: Vec<&str> = ingress["spec"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["host"].as_str().unwrap())
        .collect();
    assert_eq!(
        hosts,
        ["admin.example.com", "api.example.com", "shop.example.com"]
    );
}

/// The builder sets every key of this feature set, and gives the same spec as the TOML text.
#[test]
fn the_builder_sets_every_new_key() {
    use twinform::builder::{App, Ecs, Environment, Iam, Ingress, Kubernetes, Service};
    let built = App::new("edge")
        .ingress(
            Ingress::new()
                .certificate_arns(&["arn:aws:acm:us-east-1:123456789012:certificate/abc-1"])
                .hosted_zone_id("Z0123456789ABCDEFGHIJ")
                .waf_acl_arn("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/a1")
                .listener_arn(
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/s/50dc/f2f7",
                )
                .load_balancer_security_group("sg-0abc1234def567890")
                .priority_range([2000, 2999]),
        )
        .kubernetes(Kubernetes::new().oidc_provider_arn(
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/AB12",
        ))
        .ecs(Ecs::new().cluster("shared"))
        .service(
            Service::new("api")
                .image("public.ecr.aws/acme/api:1.0.0")
                .port(8080)
                .route("/")
                .host("api.example.com")
                .iam(
                    Iam::new()
                        .statement(
                            &["sqs:SendMessage"],
                            &["arn:aws:sqs:us-east-1:123456789012:q"],
                        )
                        .managed_policies(&["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]),
                ),
        )
        .service(
            Service::new("worker")
                .image("public.ecr.aws/acme/worker:1.0.0")
                .port(8080)
                .iam(Iam::new().role_arn("arn:aws:iam::123456789012:role/worker")),
        )
        .environment(
            "sandbox",
            Environment::new().ecs(Ecs::new().cluster("sandbox")),
        );
    let text = built.to_toml();
    let loaded = twinform::spec::load("t.toml", &text, None).spec.unwrap();
    assert_eq!(loaded, built.build());
    for key in [
        "certificate_arns",
        "hosted_zone_id",
        "waf_acl_arn",
        "listener_arn",
        "load_balancer_security_group",
        "priority_range",
        "oidc_provider_arn",
        "[ecs]",
        "host",
        "statements",
        "managed_policies",
        "role_arn",
        "[environments.sandbox.ecs]",
    ] {
        assert!(text.contains(key), "{key} missing from\n{text}");
    }
}
