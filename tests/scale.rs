//! Large generated specs against the AWS quotas, read back from the emitted JSON: every template
//! (root and children) under the per-template quotas, the load balancer and security groups under
//! theirs, every reference resolved inside its own template, and a stable layout.

mod common;

use common::references;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use twinform::diag::Code;
use twinform::quotas;
use twinform::{Format, Options, Targets, synthetic};

const PREFIX: &str = "https://s3.amazonaws.com/twinform-test/app/";

/// File name (`services-03.template.json`) → parsed template.
fn templates(spec: &twinform::spec::Spec) -> BTreeMap<String, Value> {
    let options = Options {
        targets: Targets {
            cloudformation: true,
            kubernetes: false,
        },
        format: Format::Json,
        template_url_prefix: Some(PREFIX.to_owned()),
        ..Default::default()
    };
    let synthesis = twinform::synthesize_spec(spec, &options)
        .unwrap_or_else(|c| panic!("generated spec has errors: {:#?}", c.diagnostics));
    synthesis
        .files
        .iter()
        .map(|(path, bytes)| {
            assert!(
                bytes.len() as u64 <= quotas::BYTES_PER_TEMPLATE.limit,
                "{path}: {} bytes",
                bytes.len()
            );
            let name = path.trim_start_matches("cloudformation/").to_owned();
            let value = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            (name, value)
        })
        .collect()
}

fn section<'a>(t: &'a Value, key: &str) -> impl Iterator<Item = (&'a String, &'a Value)> {
    t[key].as_object().into_iter().flatten()
}

fn of_type<'a>(t: &'a Value, kind: &'a str) -> impl Iterator<Item = (&'a String, &'a Value)> {
    section(t, "Resources").filter(move |(_, r)| r["Type"] == kind)
}

fn count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Every quota the layout promises, on the output of `n` generated services.
fn assert_quotas(n: usize) {
    assert_layout(
        &synthetic::spec(n),
        n,
        n.div_ceil(4).min(synthetic::MAX_ROUTED),
    );
}

/// What the root passes for each parameter of the child stack in `file`.
fn root_values<'a>(root: &'a Value, file: &str) -> BTreeMap<&'a str, &'a Value> {
    of_type(root, "AWS::CloudFormation::Stack")
        .filter(|(_, stack)| {
            stack["Properties"]["TemplateURL"]["Fn::Sub"]
                .as_str()
                .is_some_and(|url| url.ends_with(file))
        })
        .flat_map(|(_, stack)| section(&stack["Properties"], "Parameters"))
        .map(|(k, v)| (k.as_str(), v))
        .collect()
}

/// Every quota on the output of `spec` (`n` services, `routed` of them routed).
fn assert_layout(spec: &twinform::spec::Spec, n: usize, routed: usize) {
    let all = templates(spec);
    let root = &all["template.json"];
    let children: Vec<&String> = all.keys().filter(|k| *k != "template.json").collect();
    assert!(!children.is_empty(), "{n} services must be nested");

    for (name, t) in &all {
        let resources = section(t, "Resources").count();
        assert!(
            resources <= count(quotas::RESOURCES_PER_TEMPLATE.limit),
            "{name}: {resources} resources"
        );
        let outputs = section(t, "Outputs").count();
        assert!(
            outputs < count(quotas::OUTPUTS_PER_TEMPLATE.limit),
            "{name}: {outputs} outputs"
        );
        let parameters = section(t, "Parameters").count();
        assert!(
            parameters <= count(quotas::PARAMETERS_PER_TEMPLATE.limit),
            "{name}: {parameters} parameters"
        );

        // References resolve inside the template itself (a child sees only its parameters).
        let known: BTreeSet<&String> = section(t, "Resources")
            .chain(section(t, "Parameters"))
            .map(|(k, _)| k)
            .collect();
        let mut refs = BTreeSet::new();
        references(&t["Resources"], &mut refs);
        references(&t["Outputs"], &mut refs);
        for r in refs.iter().filter(|r| !r.starts_with("AWS::")) {
            assert!(known.contains(r), "{name}: reference to missing {r}");
        }
        // And every parameter is used (cfn-lint W2001), except the root's URL prefix, which
        // only `Fn::Sub` strings name.
        for (p, _) in section(t, "Parameters") {
            assert!(refs.contains(p), "{name}: parameter {p} is unused");
        }
    }

    // The root passes exactly the parameters each child declares, and names an existing file.
    let stacks: Vec<(&String, &Value)> = of_type(root, "AWS::CloudFormation::Stack").collect();
    assert_eq!(stacks.len(), children.len());
    for (id, stack) in stacks {
        let url = stack["Properties"]["TemplateURL"]["Fn::Sub"]
            .as_str()
            .unwrap_or_default();
        let file = url.trim_start_matches("${TemplateUrlPrefix}");
        let child = all
            .get(file)
            .unwrap_or_else(|| panic!("{id}: no file {file}"));
        let passed: BTreeSet<&String> = section(&stack["Properties"], "Parameters")
            .map(|(k, _)| k)
            .collect();
        let declared: BTreeSet<&String> = section(child, "Parameters").map(|(k, _)| k).collect();
        assert_eq!(passed, declared, "{id} ({file})");
    }
    assert_eq!(
        root["Parameters"]["TemplateUrlPrefix"]["Default"].as_str(),
        Some(PREFIX)
    );

    // Rules and target groups per load balancer, wherever they live: a child's listener
    // parameter is resolved through the value the root passes for it.
    let load_balancers: BTreeSet<&String> =
        of_type(root, "AWS::ElasticLoadBalancingV2::LoadBalancer")
            .map(|(id, _)| id)
            .collect();
    let mut per_listener: BTreeMap<String, usize> = BTreeMap::new();
    let mut listeners_of_host: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut groups = 0;
    for (name, t) in &all {
        let passed = root_values(root, name);
        for (id, rule) in of_type(t, "AWS::ElasticLoadBalancingV2::ListenerRule") {
            let arn = &rule["Properties"]["ListenerArn"];
            let listener = arn["Ref"]
                .as_str()
                .and_then(|p| passed.get(p).copied())
                .unwrap_or(arn);
            let listener = serde_json::to_string(listener).unwrap_or_default();
            *per_listener.entry(listener.clone()).or_default() += 1;
            let host = rule["Properties"]["Conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|c| c["Field"] == "host-header")
                .map(|c| c["HostHeaderConfig"]["Values"].to_string())
                .unwrap_or_default();
            listeners_of_host.entry(host).or_default().insert(listener);
            // Its target group is in the same template, so it counts against the same ALB.
            let target = &rule["Properties"]["Actions"][0]["TargetGroupArn"]["Ref"];
            assert!(
                t["Resources"][target.as_str().unwrap_or("-")].is_object(),
                "{id}"
            );
        }
        groups += of_type(t, "AWS::ElasticLoadBalancingV2::TargetGroup").count();
    }
    let rules: usize = per_listener.values().sum();
    assert_eq!(groups, rules, "one target group per rule");
    assert_eq!(rules, routed);
    assert_eq!(
        per_listener.len(),
        load_balancers.len(),
        "{per_listener:#?}"
    );
    // Path routing under one host stays on one load balancer.
    for (host, listeners) in &listeners_of_host {
        assert_eq!(listeners.len(), 1, "host {host} spans {listeners:?}");
    }
    for (listener, rules) in &per_listener {
        assert!(
            *rules <= count(quotas::RULES_PER_ALB.limit)
                && *rules <= count(quotas::TARGET_GROUPS_PER_ALB.limit),
            "{listener}: {rules} rules and target groups"
        );
    }
    // Every load balancer's DNS name is an output of the root.
    let dns_outputs = section(root, "Outputs")
        .filter(|(_, o)| o["Value"]["Fn::GetAtt"][1] == "DNSName")
        .count();
    assert_eq!(dns_outputs, load_balancers.len());
    for t in all.values() {
        for (id, rule) in of_type(t, "AWS::ElasticLoadBalancingV2::ListenerRule") {
            let p = &rule["Properties"];
            let values: usize = p["Conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|c| c.as_object().into_iter().flatten())
                .filter_map(|(_, v)| v["Values"].as_array().map(Vec::len))
                .sum();
            assert!(
                values <= count(quotas::CONDITIONS_PER_RULE.limit),
                "{id}: {values}"
            );
            let priority = p["Priority"].as_u64().unwrap_or(0);
            assert!(
                (1..=quotas::MAX_RULE_PRIORITY.limit).contains(&priority),
                "{id}"
            );
        }
    }

    // Inbound rules per security group: the ingress resources naming it, plus inline rules.
    let mut inbound: BTreeMap<String, usize> = BTreeMap::new();
    for (name, t) in &all {
        for (_, ingress) in of_type(t, "AWS::EC2::SecurityGroupIngress") {
            let target =
                serde_json::to_string(&ingress["Properties"]["GroupId"]).unwrap_or_default();
            *inbound.entry(format!("{name}:{target}")).or_default() += 1;
        }
        for (id, group) in of_type(t, "AWS::EC2::SecurityGroup") {
            let inline = group["Properties"]["SecurityGroupIngress"]
                .as_array()
                .map_or(0, Vec::len);
            *inbound.entry(format!("{name}:{id}")).or_default() += inline;
        }
    }
    for (group, rules) in inbound {
        assert!(
            rules <= count(quotas::INBOUND_RULES_PER_SECURITY_GROUP.limit),
            "{group}: {rules}"
        );
    }

    // Every service exactly once: its ECS service in one services stack, its group in one
    // security-group stack, and its outputs with it.
    let services: usize = all
        .values()
        .map(|t| of_type(t, "AWS::ECS::Service").count())
        .sum();
    let security_groups: usize = all
        .values()
        .map(|t| of_type(t, "AWS::EC2::SecurityGroup").count())
        .sum();
    assert_eq!(services, n);
    assert_eq!(security_groups, n + 1);
    assert!(section(root, "Outputs").count() < 10 + load_balancers.len());
}

/// An existing VPC (subnets as list parameters), an internal HTTPS load balancer with a host,
/// and tasks without NAT: other root values reach the children, and still resolve.
#[test]
fn nested_variants_resolve() {
    let mut spec = synthetic::spec(300);
    spec.network = Some(twinform::spec::Network {
        vpc_id: Some("vpc-0123456789abcdef0".to_owned()),
        public_subnets: Some(vec![
            "subnet-0a0a0a0a".to_owned(),
            "subnet-0b0b0b0b".to_owned(),
        ]),
        private_subnets: Some(vec![
            "subnet-1a1a1a1a".to_owned(),
            "subnet-1b1b1b1b".to_owned(),
        ]),
        ..Default::default()
    });
    spec.ingress = Some(twinform::spec::Ingress {
        public: Some(false),
        certificate_arn: Some(
            "arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100"
                .to_owned(),
        ),
        domain: Some("bench.example.com".to_owned()),
        ..Default::default()
    });
    assert_layout(&spec, 300, 75);
    let mut managed = synthetic::spec(300);
    managed.network = Some(twinform::spec::Network {
        nat: Some(twinform::spec::Nat::None),
        azs: Some(3),
        ..Default::default()
    });
    assert_layout(&managed, 300, 75);
}

#[test]
fn three_hundred_services_stay_under_every_quota() {
    assert_quotas(300);
}

#[test]
fn a_thousand_services_stay_under_every_quota() {
    assert_quotas(1000);
}

/// 250 routes over ten hosts: more than one ALB takes, spread so that each stays under its
/// quotas and each host stays on one of them.
#[test]
fn routes_over_many_hosts_spread_over_load_balancers() {
    let spec = synthetic::spec_over_hosts(1000, 10);
    assert_layout(&spec, 1000, 250);
    let all = templates(&spec);
    let balancers = of_type(
        &all["template.json"],
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
    );
    assert!(balancers.count() >= 3);
}

/// Services stack of each service: the file holding its ECS service.
fn homes(spec: &twinform::spec::Spec) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (file, t) in templates(spec) {
        for (id, _) in
            of_type(&t, "AWS::ECS::Service").chain(of_type(&t, "AWS::EC2::SecurityGroup"))
        {
            out.insert(id.clone(), file.clone());
        }
    }
    out
}

#[test]
fn adding_a_service_moves_no_other() {
    let before = homes(&synthetic::spec(300));
    let after = homes(&synthetic::spec(301));
    assert_eq!(
        after.len(),
        before.len() + 2,
        "one ECS service and one group more"
    );
    for (id, file) in &before {
        assert_eq!(after.get(id), Some(file), "{id} moved");
    }
}

#[test]
fn small_specs_stay_one_template() {
    let all = templates(&synthetic::spec(30));
    assert_eq!(all.keys().collect::<Vec<_>>(), ["template.json"]);
    assert_eq!(
        of_type(&all["template.json"], "AWS::CloudFormation::Stack").count(),
        0
    );
}

#[test]
fn without_a_prefix_urls_are_file_names_for_cloudformation_package() {
    let options = Options {
        format: Format::Yaml,
        ..Default::default()
    };
    let files = twinform::synthesize_spec(&synthetic::spec(300), &options)
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics))
        .files;
    let root = String::from_utf8_lossy(&files["cloudformation/template.yaml"]).into_owned();
    assert!(
        root.contains("TemplateURL: services-00.template.yaml"),
        "{root}"
    );
    assert!(!root.contains("TemplateUrlPrefix"));
    assert!(files.contains_key("cloudformation/services-00.template.yaml"));
}

#[test]
fn a_hundred_and_one_routed_services_are_refused() {
    let mut text = String::from("[app]\nname = \"wide\"\n");
    for i in 0..=100 {
        let depth = "/p".repeat(i % 8);
        text.push_str(&format!(
            "[services.s{i:03}]\nimage = \"r/s:1\"\nport = 8080\nroute = \"{depth}/s{i:03}\"\n"
        ));
    }
    let checked = twinform::check_source("wide.toml", &text, None);
    assert!(checked.model.is_none());
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code, Code::LoadBalancerCapacity);
    assert!(errors[0].message.contains("101 routed services"));
    assert!(errors[0].message.contains("at most 100"));
}

/// The same hosts share the same load balancers on both targets: ECS listener rules reach
/// `BenchLoadBalancer{label}` through their listener, and the Ingress of group `bench-{label}`
/// carries the same hosts, each under the quota.
#[test]
fn hosts_share_load_balancers_alike_on_both_targets() {
    let options = Options {
        format: Format::Json,
        template_url_prefix: Some(PREFIX.to_owned()),
        ..Default::default()
    };
    let mut spec = synthetic::spec_over_hosts(1000, 10);
    if let Some(ingress) = spec.ingress.as_mut() {
        ingress.hosted_zone_id = Some("Z0123456789ABCDEFGHIJ".to_owned());
    }
    let files = twinform::synthesize_spec(&spec, &options)
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics))
        .files;
    let json = |path: &str| -> Value { serde_json::from_slice(&files[path]).unwrap_or_default() };
    let root = json("cloudformation/template.json");
    let mut ecs: BTreeMap<String, String> = BTreeMap::new();
    for (path, _) in files
        .iter()
        .filter(|(p, _)| p.starts_with("cloudformation/"))
    {
        let t = json(path);
        let passed = root_values(&root, path.trim_start_matches("cloudformation/"));
        for (_, rule) in of_type(&t, "AWS::ElasticLoadBalancingV2::ListenerRule") {
            let p = &rule["Properties"];
            let arn = &p["ListenerArn"];
            let arn = arn["Ref"]
                .as_str()
                .and_then(|r| passed.get(r).copied())
                .unwrap_or(arn);
            let listener = arn["Ref"].as_str().unwrap_or_default();
            let balancer = root["Resources"][listener]["Properties"]["LoadBalancerArn"]["Ref"]
                .as_str()
                .unwrap_or_default();
            let label = balancer.strip_prefix("BenchLoadBalancer").unwrap_or("?");
            let host = p["Conditions"][0]["HostHeaderConfig"]["Values"][0]
                .as_str()
                .unwrap_or("?");
            let previous = ecs.insert(host.to_owned(), label.to_owned());
            assert!(previous.is_none_or(|p| p == label), "{host} on two ALBs");
        }
    }
    // Every ALB as hardened as the first: HTTPS with the TLS 1.3 policy, port 80 redirecting,
    // the extra certificate attached.
    let balancers = of_type(&root, "AWS::ElasticLoadBalancingV2::LoadBalancer").count();
    let listeners: Vec<_> = of_type(&root, "AWS::ElasticLoadBalancingV2::Listener").collect();
    assert_eq!(listeners.len(), 2 * balancers);
    for (id, listener) in listeners {
        let p = &listener["Properties"];
        match p["Protocol"].as_str() {
            Some("HTTPS") => assert_eq!(p["SslPolicy"], twinform::model::SSL_POLICY, "{id}"),
            _ => assert_eq!(p["DefaultActions"][0]["Type"], "redirect", "{id}"),
        }
    }
    let certificates = of_type(&root, "AWS::ElasticLoadBalancingV2::ListenerCertificate").count();
    assert_eq!(certificates, balancers);
    let mut eks: BTreeMap<String, String> = BTreeMap::new();
    let ingresses = std::str::from_utf8(&files["kubernetes/ingress.yaml"]).unwrap_or_default();
    let ingresses: Vec<Value> = serde_saphyr::from_multiple(ingresses).unwrap_or_default();
    for ingress in &ingresses {
        let name = ingress["metadata"]["name"].as_str().unwrap_or_default();
        let group = &ingress["metadata"]["annotations"]["alb.ingress.kubernetes.io/group.name"];
        // One group per Ingress, named after the namespace too (groups are cluster-wide).
        let namespace = ingress["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default();
        let app = spec
            .app
            .as_ref()
            .and_then(|a| a.name.as_deref())
            .unwrap_or_default();
        let label = name
            .strip_prefix(app)
            .unwrap_or_default()
            .trim_start_matches('-');
        let expected = twinform::names::ingress_group(namespace, app, label);
        assert_eq!(
            group.as_str(),
            Some(expected.as_str()),
            "one group per Ingress"
        );
        // Every ALB as hardened as the first: TLS policy, header drop, both certificates.
        let annotations = &ingress["metadata"]["annotations"];
        let alb = |key: &str| annotations[format!("alb.ingress.kubernetes.io/{key}")].as_str();
        assert_eq!(
            alb("ssl-policy"),
            Some(twinform::model::SSL_POLICY),
            "{name}"
        );
        assert_eq!(alb("ssl-redirect"), Some("443"), "{name}");
        assert!(alb("load-balancer-attributes").is_some_and(|a| a.contains("drop_invalid")));
        assert_eq!(
            alb("certificate-arn").map(|c| c.split(',').count()),
            Some(2)
        );
        let label = name
            .strip_prefix("bench")
            .unwrap_or("?")
            .trim_start_matches('-');
        let mut paths = 0;
        for rule in ingress["spec"]["rules"].as_array().into_iter().flatten() {
            let host = rule["host"].as_str().unwrap_or("?");
            assert!(
                eks.insert(host.to_owned(), label.to_owned()).is_none(),
                "{host} twice"
            );
            paths += rule["http"]["paths"].as_array().map_or(0, Vec::len);
        }
        assert!(
            paths <= count(quotas::RULES_PER_ALB.limit),
            "{name}: {paths}"
        );
    }
    assert_eq!(ecs.len(), 10, "{ecs:?}");
    assert_eq!(ecs, eks);
    // Route 53 aliases each host to the ALB its rules are on.
    let records = of_type(&root, "AWS::Route53::RecordSetGroup")
        .flat_map(|(_, group)| group["Properties"]["RecordSets"].as_array().cloned())
        .flatten();
    let dns: BTreeMap<String, String> = records
        .map(|r| {
            let balancer = r["AliasTarget"]["DNSName"]["Fn::GetAtt"][0]
                .as_str()
                .unwrap_or("?");
            let label = balancer.strip_prefix("BenchLoadBalancer").unwrap_or("?");
            (
                r["Name"].as_str().unwrap_or("?").to_owned(),
                label.to_owned(),
            )
        })
        .collect();
    assert_eq!(dns, ecs);
    assert!(ingresses.len() >= 3);
}

/// 2,600 routes over 104 hosts need more ALBs than half the Region's default quota: TF106 warns
/// with the count, and nothing is refused (no host passes 100 routes).
#[test]
fn many_load_balancers_are_warned_about() {
    let mut text = String::from("[app]\nname = \"wide\"\n\n[services]\n");
    for i in 0..2600 {
        let host = format!("h{}.example.com", i % 104);
        let depth = "/p".repeat(i % 8);
        let route = format!("{depth}/s{i}");
        text.push_str(&format!(
            "s{i} = {{ image = \"r/s:1\", port = 8080, host = \"{host}\", route = \"{route}\" }}\n"
        ));
    }
    let checked = twinform::check_source("wide.toml", &text, None);
    let model = checked
        .model
        .as_ref()
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics.iter().find(|d| d.is_error())));
    let balancers = model.ingress.load_balancers.len();
    assert!(balancers > 25, "{balancers}");
    assert!(model.ingress.load_balancers.iter().all(|b| b.routes <= 100));
    let warning = checked
        .diagnostics
        .iter()
        .find(|d| d.code == Code::AccountQuota && d.message.contains("Load Balancers"))
        .unwrap_or_else(|| panic!("no TF106 for {balancers} ALBs"));
    assert!(
        warning
            .message
            .contains(&format!("creates {balancers} Application Load Balancers")),
        "{}",
        warning.message
    );
}
