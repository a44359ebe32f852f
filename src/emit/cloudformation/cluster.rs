//! The ECS cluster, its Service Connect namespace, the app's log encryption key, and the role
//! ECS shifts deployment traffic with.

use super::intrinsic::{Expr, LogicalId, Pseudo};
use super::refs::ClusterRefs;
use super::resources::Tag;
use super::resources::ecs::{
    CapacityProviderStrategyItem, Cluster, ClusterSetting, FARGATE, FARGATE_SPOT,
    ServiceConnectDefaults,
};
use super::resources::iam::{PolicyDocument, Principal, Role, Statement};
use super::resources::kms::KmsKey;
use super::resources::servicediscovery::HttpNamespace;
use super::template::{Parameter, Resource, Template, tags};
use crate::model::Model;

/// The key policy: the account administers the key through IAM (enumerated actions, no
/// `kms:*`), and CloudWatch Logs may use it for log groups of this account and Region only.
fn log_key_policy() -> PolicyDocument {
    let admin = Statement::allow_principal(
        "AccountAdministersKey",
        Principal::account_root(),
        vec![
            "kms:CancelKeyDeletion",
            "kms:Create*",
            "kms:Decrypt",
            "kms:Delete*",
            "kms:Describe*",
            "kms:Disable*",
            "kms:Enable*",
            "kms:Encrypt",
            "kms:GenerateDataKey*",
            "kms:Get*",
            "kms:List*",
            "kms:Put*",
            "kms:ReEncrypt*",
            "kms:Revoke*",
            "kms:RotateKeyOnDemand",
            "kms:ScheduleKeyDeletion",
            "kms:TagResource",
            "kms:UntagResource",
            "kms:Update*",
        ],
    )
    .on(vec!["*".into()]);
    let logs = Statement::allow_principal(
        "CloudWatchLogsUseKey",
        Principal {
            aws: None,
            federated: None,
            service: Some(Expr::Sub("logs.${AWS::Region}.amazonaws.com".into())),
        },
        vec![
            "kms:Decrypt*",
            "kms:Describe*",
            "kms:Encrypt*",
            "kms:GenerateDataKey*",
            "kms:ReEncrypt*",
        ],
    )
    .on(vec!["*".into()])
    .when(
        "ArnLike",
        "kms:EncryptionContext:aws:logs:arn",
        Expr::arn("logs:${AWS::Region}:${AWS::AccountId}:log-group:*"),
    );
    PolicyDocument::new(vec![admin, logs])
}

/// The role ECS assumes to move a blue/green, canary or linear service's traffic: register
/// tasks in either target group and re-weight its production listener rule. One per app, not
/// per service (IAM roles are an account quota); the AWS-managed policy is the documented one.
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html>
fn infrastructure_role(app: &str, tags: Vec<Tag>) -> Role {
    Role {
        assume_role_policy_document: PolicyDocument::new(vec![Statement::allow_principal(
            "EcsAssumeRole",
            Principal::service("ecs.amazonaws.com"),
            vec!["sts:AssumeRole"],
        )]),
        description: format!(
            "Role ECS assumes to shift load-balancer traffic in deployments of {app}"
        ),
        managed_policy_arns: vec![Expr::arn(
            "iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
        )],
        policies: Vec::new(),
        role_name: None,
        tags,
    }
}

pub fn emit(model: &Model, t: &mut Template) -> ClusterRefs {
    let app = &model.app;
    let id = |kind: &str| LogicalId::new(&app.logical_id, kind);
    let log_key = id("LogKey");
    // Retained like the log groups it encrypts: deleting it would make their data unreadable.
    t.add(
        &log_key,
        Resource::from(KmsKey {
            description: format!("Encrypts the CloudWatch log groups of {}", app.name),
            enable_key_rotation: true,
            key_policy: log_key_policy(),
            // No `Tags`: moto 5.2.5 (the offline deploy check) reads KMS key tags in the KMS
            // API's `TagKey`/`TagValue` shape and fails on CloudFormation's `Key`/`Value`.
        })
        .retain(),
    );
    let namespace = id("Namespace");
    t.add(
        &namespace,
        HttpNamespace {
            description: format!("Service Connect namespace of {}", app.name),
            // Unique per stack: HTTP namespace names are unique in an account and Region.
            name: Expr::Pseudo(Pseudo::StackName),
            tags: tags(&app.tags, &[]),
        },
    );
    let infrastructure_role = model
        .services
        .iter()
        .any(|s| !s.deploy().is_rolling())
        .then(|| {
            let role = id("EcsInfrastructureRole");
            t.add(&role, infrastructure_role(&app.name, tags(&app.tags, &[])));
            role
        });
    if let Some(existing) = &model.ecs.existing_cluster {
        // An existing cluster is a parameter defaulting to the spec's name (its `Ref` is the
        // name, like the resource's); the app keeps its own Service Connect namespace, which
        // every service names explicitly.
        let cluster = LogicalId::named("ClusterName");
        t.parameters.insert(
            cluster.clone(),
            Parameter {
                kind: "String",
                default: Some(existing.clone()),
                description: "The existing ECS cluster (with the FARGATE and FARGATE_SPOT capacity providers)".to_owned(),
            },
        );
        return ClusterRefs {
            cluster,
            namespace,
            log_key,
            infrastructure_role,
        };
    }
    let cluster = id("Cluster");
    t.add(
        &cluster,
        Cluster {
            capacity_providers: vec![FARGATE, FARGATE_SPOT],
            cluster_settings: vec![ClusterSetting {
                name: "containerInsights",
                value: "enabled",
            }],
            default_capacity_provider_strategy: vec![CapacityProviderStrategyItem {
                capacity_provider: FARGATE,
                weight: 1,
            }],
            // `Ref` of a namespace is its ID; ECS wants a name or an ARN.
            service_connect_defaults: ServiceConnectDefaults {
                namespace: namespace.get_att("Arn"),
            },
            tags: tags(&app.tags, &[]),
        },
    );
    t.output("ClusterName", "Name of the ECS cluster", cluster.r#ref());
    ClusterRefs {
        cluster,
        namespace,
        log_key,
        infrastructure_role,
    }
}
