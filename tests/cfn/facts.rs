//! Per-feature facts of the templates: listeners, NAT layouts, an existing VPC, protocols and
//! Spot, task definitions against the model, autoscaling, tags, and the EKS template.

use super::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use twinform::model::{Network, SSL_POLICY, SecretStore};

fn props<'a>(t: &'a Value, id: &str) -> &'a Value {
    &resource(t, id)["Properties"]
}

#[test]
fn listeners_follow_the_certificate() {
    let base = template(SHOP, None);
    let http = props(&base, "ShopHttpListener");
    assert_eq!(http["DefaultActions"][0]["Type"], "fixed-response");
    assert_eq!(
        http["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"],
        "404"
    );
    assert!(resources(&base).get("ShopHttpsListener").is_none());
    for (_, rule) in of_type(&base, "AWS::ElasticLoadBalancingV2::ListenerRule") {
        assert_eq!(rule["Properties"]["ListenerArn"]["Ref"], "ShopHttpListener");
        assert_eq!(
            rule["Properties"]["Conditions"].as_array().map(Vec::len),
            Some(1)
        );
    }

    let prod = template(SHOP, Some("prod"));
    let redirect = &props(&prod, "ShopHttpListener")["DefaultActions"][0];
    assert_eq!(redirect["Type"], "redirect");
    assert_eq!(
        redirect["RedirectConfig"],
        json!({"Port": "443", "Protocol": "HTTPS", "StatusCode": "HTTP_301"})
    );
    let https = props(&prod, "ShopHttpsListener");
    assert_eq!(https["SslPolicy"], SSL_POLICY);
    assert_eq!(https["Protocol"], "HTTPS");
    assert_eq!(
        https["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"],
        "404"
    );
    let auth = props(&prod, "AuthListenerRule");
    assert_eq!(auth["ListenerArn"]["Ref"], "ShopHttpsListener");
    assert_eq!(
        auth["Conditions"][0],
        json!({"Field": "host-header", "HostHeaderConfig": {"Values": ["shop.example.com"]}})
    );
    assert_eq!(
        auth["Conditions"][1]["PathPatternConfig"]["Values"],
        json!(["/auth", "/auth/*"])
    );
    let m = model(SHOP, Some("prod"));
    let route = m
        .services
        .iter()
        .find(|s| s.name == "auth")
        .and_then(|s| s.route().cloned());
    assert_eq!(
        auth["Priority"].as_u64(),
        route.map(|r| u64::from(r.priority))
    );
}

#[test]
fn nat_layouts() {
    // (env, NAT gateways, private default routes → NAT index, tasks in public subnets)
    let cases = [
        (None, 1, vec![1, 1], false),
        (Some("dev"), 0, vec![], true),
        (Some("prod"), 3, vec![1, 2, 3], false),
    ];
    for (env, nats, routes, public) in cases {
        let t = template(SHOP, env);
        assert_eq!(of_type(&t, "AWS::EC2::NatGateway").len(), nats, "{env:?}");
        let got: Vec<String> = of_type(&t, "AWS::EC2::Route")
            .into_iter()
            .filter(|(id, _)| id.starts_with("ShopPrivateDefaultRoute"))
            .map(|(_, r)| {
                r["Properties"]["NatGatewayId"]["Ref"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        let want: Vec<String> = routes
            .iter()
            .map(|n| format!("ShopNatGateway{n}"))
            .collect();
        assert_eq!(got, want, "{env:?}");
        for (id, subnet) in of_type(&t, "AWS::EC2::Subnet") {
            let role = if id.contains("Public") {
                "kubernetes.io/role/elb"
            } else {
                "kubernetes.io/role/internal-elb"
            };
            assert!(
                subnet["Properties"]["Tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|tag| tag["Key"] == role),
                "{id}"
            );
            assert_eq!(subnet["Properties"]["MapPublicIpOnLaunch"], false);
        }
        for (id, service) in of_type(&t, "AWS::ECS::Service") {
            let vpc = &service["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"];
            assert_eq!(
                vpc["AssignPublicIp"],
                if public { "ENABLED" } else { "DISABLED" },
                "{env:?} {id}"
            );
            let tier = if public {
                "ShopPublicSubnet"
            } else {
                "ShopPrivateSubnet"
            };
            for subnet in vpc["Subnets"].as_array().into_iter().flatten() {
                assert!(
                    subnet["Ref"].as_str().is_some_and(|s| s.starts_with(tier)),
                    "{env:?} {id}"
                );
            }
        }
    }
}

#[test]
fn an_existing_vpc_is_used_as_given() {
    let t = template(VARIANTS, Some("existing"));
    for kind in [
        "AWS::EC2::VPC",
        "AWS::EC2::Subnet",
        "AWS::EC2::NatGateway",
        "AWS::EC2::InternetGateway",
    ] {
        assert!(of_type(&t, kind).is_empty(), "{kind}");
    }
    let Network::Existing {
        vpc_id,
        private_subnets,
        ..
    } = model(VARIANTS, Some("existing")).network
    else {
        panic!("not an existing VPC")
    };
    // The given IDs are parameter defaults, referenced everywhere they are used.
    assert_eq!(t["Parameters"]["VpcId"]["Default"], vpc_id.as_str());
    assert_eq!(t["Parameters"]["VpcId"]["Type"], "AWS::EC2::VPC::Id");
    assert_eq!(
        t["Parameters"]["PrivateSubnetIds"]["Default"],
        private_subnets.join(",")
    );
    assert_eq!(
        props(&t, "GatewayInternalTargetGroup")["VpcId"],
        json!({"Ref": "VpcId"})
    );
    let selected: Vec<_> = (0..private_subnets.len())
        .map(|i| json!({"Fn::Select": [i, {"Ref": "PrivateSubnetIds"}]}))
        .collect();
    let lb = props(&t, "GridLoadBalancer");
    assert_eq!(lb["Scheme"], "internal");
    assert_eq!(lb["Subnets"], json!(selected));
    let vpc = &props(&t, "LedgerService")["NetworkConfiguration"]["AwsvpcConfiguration"];
    assert_eq!(vpc["Subnets"], json!(selected));
    // Internal: reachable from private address space only, never from the world.
    let sources: BTreeSet<&str> =
        props(&t, "GridLoadBalancerSecurityGroup")["SecurityGroupIngress"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["CidrIp"].as_str())
            .collect();
    assert_eq!(
        sources,
        BTreeSet::from(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])
    );
}

#[test]
fn protocols_spot_and_service_connect() {
    let t = template(VARIANTS, None);
    let grpc = props(&t, "GatewayInternalTargetGroup");
    assert_eq!(grpc["ProtocolVersion"], "GRPC");
    assert_eq!(grpc["Matcher"], json!({"GrpcCode": "0"}));
    assert_eq!(grpc["HealthCheckPath"], "/grpc.health.v1.Health/Check");
    assert!(props(&t, "ApiInternalTargetGroup")["ProtocolVersion"].is_null());
    let mapping = |id: &str| props(&t, id)["ContainerDefinitions"][0]["PortMappings"][0].clone();
    assert_eq!(mapping("GatewayTaskDefinition")["AppProtocol"], "grpc");
    assert_eq!(mapping("ApiTaskDefinition")["AppProtocol"], "http");
    assert!(mapping("LedgerTaskDefinition")["AppProtocol"].is_null());
    for service in model(VARIANTS, None).services {
        let p = props(&t, &format!("{}Service", service.logical_id));
        let provider = if service.spot {
            "FARGATE_SPOT"
        } else {
            "FARGATE"
        };
        assert_eq!(
            p["CapacityProviderStrategy"],
            json!([{"CapacityProvider": provider, "Weight": 1}])
        );
        let sc = &p["ServiceConnectConfiguration"];
        assert_eq!(
            sc["Namespace"]["Fn::GetAtt"],
            json!(["GridNamespace", "Arn"])
        );
        assert_eq!(
            sc["Services"][0]["ClientAliases"],
            json!([{"DnsName": service.name, "Port": service.server().map(|s| s.port)}])
        );
        assert_eq!(sc["Services"][0]["DiscoveryName"], service.name.as_str());
        assert_eq!(
            sc["Services"][0]["PortName"],
            mapping(&format!("{}TaskDefinition", service.logical_id))["Name"]
        );
        assert_eq!(
            p["HealthCheckGracePeriodSeconds"].as_u64(),
            service.route().map(|_| u64::from(service.health.grace))
        );
    }
}

#[test]
fn task_definitions_match_the_model() {
    for (name, text, env) in CASES {
        let t = template(text, *env);
        let m = model(text, *env);
        for s in &m.services {
            let td = props(&t, &format!("{}TaskDefinition", s.logical_id));
            assert_eq!(
                (td["Cpu"].as_str(), td["Memory"].as_str()),
                (Some(&*s.cpu.to_string()), Some(&*s.memory.to_string()))
            );
            assert_eq!(
                td["RuntimePlatform"],
                json!({"CpuArchitecture": "X86_64", "OperatingSystemFamily": "LINUX"})
            );
            let c = &td["ContainerDefinitions"][0];
            assert_eq!(c["User"], "10001:10001", "{name}");
            assert_eq!(c["ReadonlyRootFilesystem"], true);
            assert_eq!(
                c["MountPoints"],
                json!([{"ContainerPath": "/tmp", "ReadOnly": false, "SourceVolume": "tmp"}])
            );
            let env_names: Vec<&str> = c["Environment"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e["Name"].as_str())
                .collect();
            assert_eq!(
                env_names,
                s.env.keys().map(String::as_str).collect::<Vec<_>>(),
                "{name} {}: sorted env",
                s.name
            );
            let value_from: Vec<&str> = c["Secrets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e["ValueFrom"].as_str())
                .collect();
            assert_eq!(
                value_from,
                s.secrets
                    .values()
                    .map(|x| x.arn.as_str())
                    .collect::<Vec<_>>()
            );
            // The execution role reads exactly these secrets, by resource ARN, per store.
            let role = props(&t, &format!("{}ExecutionRole", s.logical_id));
            for (store, action) in [
                (SecretStore::SecretsManager, "secretsmanager:GetSecretValue"),
                (SecretStore::ParameterStore, "ssm:GetParameters"),
            ] {
                let want: BTreeSet<String> = s
                    .secrets
                    .values()
                    .filter(|x| x.store == store)
                    .map(|x| x.resource_arn.clone())
                    .collect();
                let got: BTreeSet<String> = role["Policies"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|p| {
                        p["PolicyDocument"]["Statement"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default()
                    })
                    .filter(|st| strings(&st["Action"]).contains(&action.to_owned()))
                    .flat_map(|st| strings(&st["Resource"]))
                    .collect();
                assert_eq!(got, want, "{name} {} {action}", s.name);
            }
            let log = resource(&t, &format!("{}LogGroup", s.logical_id));
            assert_eq!(
                log["Properties"]["RetentionInDays"].as_u64(),
                Some(u64::from(m.app.log_retention_days))
            );
            assert!(log["Properties"]["KmsKeyId"]["Fn::GetAtt"].is_array());
            assert_eq!(
                (&log["DeletionPolicy"], &log["UpdateReplacePolicy"]),
                (&json!("Retain"), &json!("Retain"))
            );
        }
    }
}

#[test]
fn request_count_scaling_is_labelled_with_the_target_group() {
    let t = template(VARIANTS, None);
    let requests = props(&t, "ApiRequestsScalingPolicy");
    let spec = &requests["TargetTrackingScalingPolicyConfiguration"];
    assert_eq!(
        spec["PredefinedMetricSpecification"]["PredefinedMetricType"],
        "ALBRequestCountPerTarget"
    );
    assert_eq!(
        spec["PredefinedMetricSpecification"]["ResourceLabel"],
        json!({"Fn::Join": ["/", [
            {"Fn::GetAtt": ["GridLoadBalancer", "LoadBalancerFullName"]},
            {"Fn::GetAtt": ["ApiInternalTargetGroup", "TargetGroupFullName"]}
        ]]})
    );
    assert_eq!(spec["TargetValue"], 500);
    assert!(resources(&t).contains_key("ApiCpuScalingPolicy"));
    assert!(resources(&t).contains_key("WorkerMemoryScalingPolicy"));
    assert_eq!(
        props(&t, "WorkerScalableTarget")["ResourceId"],
        json!({"Fn::Sub": "service/${GridCluster}/${WorkerService.Name}"})
    );
    for (id, count) in [
        ("ApiService", None),
        ("WorkerService", None),
        ("LedgerService", Some(3)),
        ("GatewayService", Some(2)),
    ] {
        assert_eq!(props(&t, id)["DesiredCount"].as_u64(), count, "{id}");
    }
}

#[test]
fn every_taggable_resource_carries_the_app_tags() {
    // Types whose CloudFormation schema has no `Tags`, and the KMS key (see cluster.rs).
    let untagged = BTreeSet::from([
        "AWS::ApplicationAutoScaling::ScalableTarget",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        "AWS::EC2::Route",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::VPCGatewayAttachment",
        "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::ElasticLoadBalancingV2::ListenerCertificate",
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        "AWS::KMS::Key",
        "AWS::Route53::RecordSetGroup",
        "AWS::WAFv2::WebACLAssociation",
    ]);
    for (name, text, env) in CASES {
        let app_tags = model(text, *env).app.tags;
        let mut templates = vec![template(text, *env)];
        templates.extend(eks_template(text, *env));
        for t in &templates {
            for (id, r) in resources(t) {
                let kind = r["Type"].as_str().unwrap_or_default();
                let tags = r["Properties"]["Tags"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                assert_eq!(tags.is_empty(), untagged.contains(kind), "{name} {id}");
                let keys: Vec<&str> = tags.iter().filter_map(|t| t["Key"].as_str()).collect();
                assert!(
                    keys.windows(2).all(|w| w[0] < w[1]),
                    "{name} {id}: unsorted tags"
                );
                for (k, v) in &app_tags {
                    assert!(
                        tags.contains(&json!({"Key": k, "Value": v})) || tags.is_empty(),
                        "{name} {id}: {k}"
                    );
                }
            }
        }
    }
}

#[test]
fn eks_fargate_profile_template() {
    assert!(eks_template(SHOP, None).is_none());
    let t = eks_template(VARIANTS, None).unwrap_or_else(|| panic!("no EKS template"));
    let cluster = model(VARIANTS, None)
        .kubernetes
        .cluster
        .unwrap_or_else(|| panic!("no cluster"));
    let profile = props(&t, "GridFargateProfile");
    assert_eq!(profile["ClusterName"], cluster.name.as_str());
    assert_eq!(profile["Selectors"], json!([{"Namespace": "grid"}]));
    assert_eq!(profile["Subnets"], json!(cluster.private_subnets));
    assert_eq!(
        profile["PodExecutionRoleArn"]["Fn::GetAtt"],
        json!(["GridPodExecutionRole", "Arn"])
    );
    let role = props(&t, "GridPodExecutionRole");
    let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(
        trust["Principal"]["Service"],
        "eks-fargate-pods.amazonaws.com"
    );
    let source = trust["Condition"]["ArnLike"]["aws:SourceArn"]["Fn::Sub"]
        .as_str()
        .unwrap_or_default();
    assert!(source.ends_with(":fargateprofile/grid-eks/*"), "{source}");
    assert!(
        strings(&role["ManagedPolicyArns"][0]["Fn::Sub"])
            .iter()
            .any(|a| a.ends_with("/AmazonEKSFargatePodExecutionRolePolicy"))
    );
    let mut refs = BTreeSet::new();
    references(&t, &mut refs);
    assert!(
        refs.iter()
            .all(|r| r.starts_with("AWS::") || resources(&t).contains_key(r)),
        "{refs:?}"
    );
}

/// EC2 accepts only `a-zA-Z0-9`, spaces and `._-:/()#,@[]+=&;{}!$*` in group and rule
/// descriptions; cfn-lint does not check it, the API rejects the stack.
#[test]
fn security_group_descriptions_use_allowed_characters() {
    let allowed = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " ._-:/()#,@[]+=&;{}!$*".contains(c))
    };
    every_case(|case, t| {
        let mut descriptions = Vec::new();
        for (_, sg) in of_type(t, "AWS::EC2::SecurityGroup") {
            descriptions.extend(strings(&sg["Properties"]["GroupDescription"]));
            for key in ["SecurityGroupIngress", "SecurityGroupEgress"] {
                for rule in sg["Properties"][key].as_array().into_iter().flatten() {
                    descriptions.extend(strings(&rule["Description"]));
                }
            }
        }
        for (_, rule) in of_type(t, "AWS::EC2::SecurityGroupIngress") {
            descriptions.extend(strings(&rule["Properties"]["Description"]));
        }
        assert!(descriptions.len() > 5, "{case}");
        for d in descriptions {
            assert!(allowed(&d) && d.len() <= 255, "{case}: {d:?}");
        }
    });
}
