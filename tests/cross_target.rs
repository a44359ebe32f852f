//! The two targets describe the same system: for every example × environment and every
//! service, the billed size, routes per host and their order, in-cluster URL, scaling range,
//! container user and application IAM permissions agree between the ECS template (and the EKS
//! template's IRSA roles) and the Kubernetes manifests.

mod common;

use std::collections::BTreeMap;

fn outputs(text: &str, env: Option<&str>) -> common::Outputs {
    common::outputs(text, env, &[])
}

fn specs() -> Vec<(String, Option<String>)> {
    let mut cases = Vec::new();
    for path in [
        "examples/shop/twinform.toml",
        "examples/marketplace/twinform.toml",
        "examples/estate/twinform.toml",
        "examples/platform/twinform.toml",
        "tests/specs/cfn-variants.toml",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        let spec = twinform::spec::load(path, &text, None).spec.unwrap();
        cases.push((text.clone(), None));
        cases.extend(
            spec.environments
                .keys()
                .map(|e| (text.clone(), Some(e.clone()))),
        );
    }
    cases
}

/// `250m` → 256 CPU units; `1792Mi` → 1792 MiB.
fn cpu_units(q: &str) -> u32 {
    q.strip_suffix('m').unwrap().parse::<u32>().unwrap() * 1024 / 1000
}
fn mebibytes(q: &str) -> u32 {
    q.strip_suffix("Mi").unwrap().parse().unwrap()
}

#[test]
fn both_targets_describe_the_same_system() {
    let (mut services, mut routes) = (0, 0);
    for (text, env) in specs() {
        let model = twinform::check_source("t.toml", &text, env.as_deref())
            .model
            .unwrap();
        let out = outputs(&text, env.as_deref());
        for s in &model.services {
            let case = format!("{:?} {}", env, s.name);
            services += 1;
            let res = |kind: &str| &out.resources[&format!("{}{kind}", s.logical_id)]["Properties"];
            let obj = |kind: &str| &out.objects[&format!("{kind}/{}", s.name)];
            let pod = &obj("Deployment")["spec"]["template"]["spec"];
            let container = &pod["containers"][0];

            // The billed size: ECS task size == the Fargate size the pod lands on.
            let task = res("TaskDefinition");
            let ecs = (
                task["Cpu"].as_str().unwrap().parse::<u32>().unwrap(),
                task["Memory"].as_str().unwrap().parse::<u32>().unwrap(),
            );
            // Every container counts: the app's and the native sidecars (init containers).
            let mut wanted = (0, twinform::fargate::EKS_POD_OVERHEAD_MIB);
            for c in pod["containers"]
                .as_array()
                .unwrap()
                .iter()
                // Native sidecars; init containers run to completion before, and are sized
                // within the app's share (the pod's request is the larger of the two).
                .chain(
                    pod["initContainers"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|c| c["restartPolicy"] == "Always"),
                )
            {
                let requests = &c["resources"]["requests"];
                assert_eq!(requests, &c["resources"]["limits"], "{case}");
                wanted.0 += cpu_units(requests["cpu"].as_str().unwrap());
                wanted.1 += mebibytes(requests["memory"].as_str().unwrap());
            }
            let pod_size =
                twinform::fargate::smallest_at_least(wanted.0.into(), wanted.1.into()).unwrap();
            assert_eq!(ecs, pod_size, "{case}: ECS task vs EKS pod size");
            assert_eq!(ecs, (s.cpu, s.memory), "{case}");

            // The same image and container user.
            let def = &task["ContainerDefinitions"][0];
            assert_eq!(def["Image"], container["image"], "{case}");
            let user = format!(
                "{}:{}",
                pod["securityContext"]["runAsUser"], pod["securityContext"]["runAsGroup"]
            );
            assert_eq!(def["User"].as_str().unwrap(), user, "{case}");

            // The same URL: Service Connect alias and Kubernetes Service name + port (a worker
            // has neither; `tests/cross_target_workloads.rs` covers it).
            if !s.is_worker() {
                let alias = &res("Service")["ServiceConnectConfiguration"]["Services"][0]["ClientAliases"]
                    [0];
                let service = obj("Service");
                assert_eq!(
                    alias["DnsName"].as_str().unwrap(),
                    service["metadata"]["name"].as_str().unwrap(),
                    "{case}"
                );
                assert_eq!(alias["Port"], service["spec"]["ports"][0]["port"], "{case}");
            }

            // The same scaling range.
            if let twinform::model::Scaling::Auto(a) = &s.scaling {
                let target = res("ScalableTarget");
                // A queue worker's HPA is KEDA's, made from the ScaledObject.
                let (min, max) = if a.queue.is_some() {
                    let scaled = &obj("ScaledObject")["spec"];
                    (&scaled["minReplicaCount"], &scaled["maxReplicaCount"])
                } else {
                    let hpa = &obj("HorizontalPodAutoscaler")["spec"];
                    (&hpa["minReplicas"], &hpa["maxReplicas"])
                };
                assert_eq!(&target["MinCapacity"], min, "{case}");
                assert_eq!(&target["MaxCapacity"], max, "{case}");
                // Neither target pins a count the autoscaler owns.
                assert!(
                    res("Service").get("DesiredCount").is_none()
                        && obj("Deployment")["spec"].get("replicas").is_none(),
                    "{case}"
                );
            } else {
                assert_eq!(
                    res("Service")["DesiredCount"],
                    obj("Deployment")["spec"]["replicas"],
                    "{case}"
                );
            }
        }

        // The same hosts route the same paths in the same order: ALB rules by host condition
        // and priority, Ingress rules by host with their paths as listed.
        let mut rules: Vec<(Option<String>, u64, String)> = out
            .resources
            .values()
            .filter(|r| r["Type"] == "AWS::ElasticLoadBalancingV2::ListenerRule")
            .map(|r| {
                let p = &r["Properties"];
                let conditions = p["Conditions"].as_array().unwrap();
                let field = |name: &str, config: &str| {
                    conditions
                        .iter()
                        .find(|c| c["Field"] == name)
                        .map(|c| c[config]["Values"][0].as_str().unwrap().to_owned())
                };
                (
                    field("host-header", "HostHeaderConfig"),
                    p["Priority"].as_u64().unwrap(),
                    field("path-pattern", "PathPatternConfig").unwrap(),
                )
            })
            .collect();
        rules.sort();
        let mut alb: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
        for (host, _, p) in rules {
            let path = if p == "/*" { "/".to_owned() } else { p };
            alb.entry(host).or_default().push(path);
        }
        let mut ingress: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
        for (_, i) in out
            .objects
            .iter()
            .filter(|(k, _)| k.starts_with("Ingress/"))
        {
            for rule in i["spec"]["rules"].as_array().unwrap() {
                let host = rule["host"].as_str().map(str::to_owned);
                let paths = rule["http"]["paths"].as_array().unwrap();
                ingress
                    .entry(host)
                    .or_default()
                    .extend(paths.iter().map(|p| p["path"].as_str().unwrap().to_owned()));
            }
        }
        assert_eq!(
            alb, ingress,
            "{env:?}: ALB rules per host vs Ingress paths per host"
        );
        routes += alb.values().map(Vec::len).sum::<usize>();
    }
    assert!(
        services > 30 && routes > 20,
        "compared only {services} services and {routes} routes"
    );
}

/// A service's application permissions are the same on both targets: the ECS task role and the
/// EKS IRSA role hold equal statements and managed policies; the ServiceAccount names the IRSA
/// role (by its fixed name) or the same existing role as the task definition.
#[test]
fn iam_permissions_are_equal_on_the_task_role_and_the_irsa_role() {
    let mut compared = 0;
    for (text, env) in specs() {
        let model = twinform::check_source("t.toml", &text, env.as_deref())
            .model
            .unwrap();
        let out = outputs(&text, env.as_deref());
        for s in model.services.iter().filter(|s| s.iam.is_some()) {
            let case = format!("{env:?} {}", s.name);
            let annotation = &out.objects[&format!("ServiceAccount/{}", s.name)]["metadata"]["annotations"]
                ["eks.amazonaws.com/role-arn"];
            let task_role_arn = &out.resources[&format!("{}TaskDefinition", s.logical_id)]["Properties"]
                ["TaskRoleArn"];
            match &s.iam {
                Some(twinform::model::AppIam::Role(arn)) => {
                    assert_eq!(task_role_arn, arn.as_str(), "{case}");
                    assert_eq!(annotation, arn.as_str(), "{case}");
                    assert!(
                        !out.resources
                            .contains_key(&format!("{}TaskRole", s.logical_id)),
                        "{case}: no task role is created for an existing one"
                    );
                }
                _ => {
                    let task = &out.resources[&format!("{}TaskRole", s.logical_id)]["Properties"];
                    let irsa =
                        &out.eks_resources[&format!("{}IrsaRole", s.logical_id)]["Properties"];
                    // EFS mount permissions are ECS's only: EKS on Fargate mounts EFS without
                    // the pod's role (aws/containers-roadmap#1003).
                    let mut task_policies = task["Policies"].clone();
                    if let Some(list) = task_policies.as_array_mut() {
                        list.retain(|p| p["PolicyName"] != "efs-mounts");
                    }
                    assert_eq!(task_policies, irsa["Policies"], "{case}");
                    assert_eq!(
                        task["ManagedPolicyArns"], irsa["ManagedPolicyArns"],
                        "{case}"
                    );
                    let name = irsa["RoleName"].as_str().unwrap();
                    assert!(
                        annotation
                            .as_str()
                            .unwrap()
                            .ends_with(&format!(":role/{name}")),
                        "{case}: {annotation} names the IRSA role {name}"
                    );
                    let trust = &irsa["AssumeRolePolicyDocument"]["Statement"][0];
                    let sub = trust["Condition"]["StringEquals"]
                        .as_object()
                        .unwrap()
                        .iter()
                        .find(|(k, _)| k.ends_with(":sub"))
                        .map(|(_, v)| v.as_str().unwrap().to_owned());
                    assert_eq!(
                        sub,
                        Some(format!(
                            "system:serviceaccount:{}:{}",
                            model.kubernetes.namespace, s.name
                        )),
                        "{case}"
                    );
                }
            }
            compared += 1;
        }
    }
    assert!(compared >= 20, "compared only {compared} services with IAM");
}

/// `PORT = 8080` is what people write: numbers and booleans in `env` reach both targets as the
/// string of their TOML text.
#[test]
fn env_numbers_and_booleans_reach_both_targets_as_their_toml_text() {
    let spec = r#"
[app]
name = "shop"
[services.web]
image = "public.ecr.aws/acme/web:1.0.0"
port = 8080
memory = 1024
env = { PORT = 8080, DEBUG = true, RATIO = 1e3, LIMIT = 1_000, NAME = "web" }
[[services.web.sidecars]]
name = "agent"
image = "public.ecr.aws/acme/agent:1.0.0"
env = { VERBOSE = false }
"#;
    let out = outputs(spec, None);
    let expected = [
        ("DEBUG", "true"),
        ("LIMIT", "1_000"),
        ("NAME", "web"),
        ("PORT", "8080"),
        ("RATIO", "1e3"),
    ];
    let task = &out.resources["WebTaskDefinition"]["Properties"]["ContainerDefinitions"];
    let ecs = |container: usize| -> Vec<(String, String)> {
        task[container]["Environment"]
            .as_array()
            .unwrap()
            .iter()
            .map(|kv| {
                let s = |k: &str| kv[k].as_str().unwrap().to_owned();
                (s("Name"), s("Value"))
            })
            .collect()
    };
    let pod = &out.objects["Deployment/web"]["spec"]["template"]["spec"];
    let eks = |container: &serde_json::Value| -> Vec<(String, String)> {
        container["env"]
            .as_array()
            .unwrap()
            .iter()
            .map(|kv| {
                let s = |k: &str| kv[k].as_str().unwrap().to_owned();
                (s("name"), s("value"))
            })
            .collect()
    };
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(ecs(0), owned(&expected));
    assert_eq!(eks(&pod["containers"][0]), owned(&expected));
    assert_eq!(ecs(1), owned(&[("VERBOSE", "false")]));
    assert_eq!(
        eks(&pod["initContainers"][0]),
        owned(&[("VERBOSE", "false")])
    );
}

/// A tag value holding `=` reaches the load balancer on both targets: the AWS Load Balancer
/// Controller splits each `tags` pair at its first `=`
/// (<https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/pkg/annotations/parser.go>),
/// and a key with `=`, which it could not carry, is refused (TF036).
#[test]
fn tags_reach_both_load_balancers() {
    let spec = "[app]\nname = \"tagged\"\ntags = { query = \"x=y\", team = \"web\" }\n\n[services.web]\nimage = \"public.ecr.aws/acme/web:1.0.0\"\nport = 8080\nroute = \"/\"\n";
    let o = common::outputs(spec, None, &[]);
    let lb_tags = &o.resources["TaggedLoadBalancer"]["Properties"]["Tags"];
    assert!(
        lb_tags
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["Key"] == "query" && t["Value"] == "x=y"),
        "{lb_tags}"
    );
    let annotation =
        o.objects["Ingress/tagged"]["metadata"]["annotations"]["alb.ingress.kubernetes.io/tags"]
            .as_str()
            .unwrap();
    let pairs: Vec<(&str, &str)> = annotation
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    assert!(pairs.contains(&("query", "x=y")), "{annotation}");
    assert!(pairs.contains(&("team", "web")), "{annotation}");
    let refused = twinform::check_source(
        "twinform.toml",
        &spec.replace("query = ", "\"a=b\" = "),
        None,
    );
    assert!(refused.model.is_none());
}
