//! What an update does to a live resource, as data: the CloudFormation properties that force a
//! replacement (domain reference §5.3) and the Kubernetes fields that cannot change in place.

/// The effect of a change on the running system, mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Updated in place.
    InPlace,
    /// A new immutable revision (ECS task definition) rolled out by the service.
    NewRevision,
    /// CloudFormation creates a new resource and deletes the old one.
    Replace,
    /// Kubernetes rejects the update; the object must be deleted and re-created.
    Recreate,
}

impl Effect {
    pub fn label(self) -> &'static str {
        match self {
            Effect::InPlace => "in place",
            Effect::NewRevision => "new revision",
            Effect::Replace => "REPLACES",
            Effect::Recreate => "RECREATE (immutable field)",
        }
    }
}

/// (resource type, properties whose change replaces it). `*` = every property but `Tags`.
pub const CLOUDFORMATION_REPLACEMENT: &[(&str, &[&str])] = &[
    (
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        &[
            "Name",
            "Port",
            "Protocol",
            "ProtocolVersion",
            "TargetType",
            "VpcId",
            "IpAddressType",
        ],
    ),
    (
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        &["Name", "Scheme", "Type"],
    ),
    (
        "AWS::ElasticLoadBalancingV2::Listener",
        &["LoadBalancerArn"],
    ),
    (
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        &["ListenerArn"],
    ),
    (
        "AWS::ECS::Service",
        &[
            "ServiceName",
            "Cluster",
            "LaunchType",
            "Role",
            "SchedulingStrategy",
            "DeploymentController",
        ],
    ),
    ("AWS::ECS::Cluster", &["ClusterName"]),
    (
        "AWS::EC2::SecurityGroup",
        &["GroupDescription", "GroupName", "VpcId"],
    ),
    (
        "AWS::EC2::SecurityGroupIngress",
        &[
            "GroupId",
            "IpProtocol",
            "FromPort",
            "ToPort",
            "CidrIp",
            "SourceSecurityGroupId",
        ],
    ),
    ("AWS::Logs::LogGroup", &["LogGroupName", "KmsKeyId"]),
    ("AWS::IAM::Role", &["RoleName", "Path"]),
    (
        "AWS::EC2::Subnet",
        &["CidrBlock", "AvailabilityZone", "VpcId"],
    ),
    ("AWS::EC2::VPC", &["CidrBlock"]),
    ("AWS::EC2::NatGateway", &["SubnetId", "AllocationId"]),
    (
        "AWS::EC2::VPCEndpoint",
        &["ServiceName", "VpcEndpointType", "VpcId"],
    ),
    ("AWS::EKS::FargateProfile", &["*"]),
    (
        "AWS::ApplicationAutoScaling::ScalableTarget",
        &["ResourceId", "ScalableDimension", "ServiceNamespace"],
    ),
    (
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        &[
            "PolicyName",
            "ServiceNamespace",
            "ResourceId",
            "ScalableDimension",
        ],
    ),
    ("AWS::ServiceDiscovery::HttpNamespace", &["Name"]),
    ("AWS::KMS::Key", &[]),
    ("AWS::WAFv2::WebACLAssociation", &["*"]),
    ("AWS::ElasticLoadBalancingV2::ListenerCertificate", &["*"]),
    (
        "AWS::Route53::RecordSetGroup",
        &["HostedZoneId", "HostedZoneName"],
    ),
];

/// (kind, field paths below the object that are immutable).
pub const KUBERNETES_IMMUTABLE: &[(&str, &[&str])] = &[
    ("Deployment", &["spec.selector"]),
    (
        "Service",
        &["spec.clusterIP", "spec.clusterIPs", "spec.type"],
    ),
    ("PodDisruptionBudget", &[]),
    ("Namespace", &[]),
];

/// The effect of changing `property` (the top-level property name) of a CloudFormation resource.
pub fn cloudformation_effect(resource_type: &str, property: &str) -> Effect {
    if resource_type == "AWS::ECS::TaskDefinition" {
        return if property == "Tags" {
            Effect::InPlace
        } else {
            Effect::NewRevision
        };
    }
    let replaces = CLOUDFORMATION_REPLACEMENT
        .iter()
        .find(|(t, _)| *t == resource_type)
        .is_some_and(|(_, props)| {
            props
                .iter()
                .any(|p| *p == property || (*p == "*" && property != "Tags"))
        });
    if replaces {
        Effect::Replace
    } else {
        Effect::InPlace
    }
}

/// The effect of changing the field at dotted `path` of a Kubernetes object of `kind`.
pub fn kubernetes_effect(kind: &str, path: &str) -> Effect {
    let immutable = KUBERNETES_IMMUTABLE
        .iter()
        .find(|(k, _)| *k == kind)
        .is_some_and(|(_, fields)| {
            fields
                .iter()
                .any(|f| path == *f || path.starts_with(&format!("{f}.")))
        });
    if immutable {
        Effect::Recreate
    } else {
        Effect::InPlace
    }
}
