//! The ECS cluster, its Service Connect namespace, and the app's log encryption key.

use super::iam::{PolicyDocument, Principal, Statement};
use super::intrinsic::{Expr, LogicalId, Pseudo};
use super::template::{Parameter, Resource, Tag, Template, tags};
use crate::model::Model;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KmsKey {
    pub description: String,
    pub enable_key_rotation: bool,
    pub key_policy: PolicyDocument,
}

/// `AWS::Logs::LogGroup` without `LogGroupName`: a retained named group would block
/// re-creating the stack.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogGroup {
    pub kms_key_id: Expr,
    pub retention_in_days: u32,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Cluster {
    pub capacity_providers: Vec<&'static str>,
    pub cluster_settings: Vec<ClusterSetting>,
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub service_connect_defaults: ServiceConnectDefaults,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterSetting {
    pub name: &'static str,
    pub value: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: &'static str,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectDefaults {
    pub namespace: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HttpNamespace {
    pub description: String,
    pub name: Expr,
    pub tags: Vec<Tag>,
}

pub const FARGATE: &str = "FARGATE";
pub const FARGATE_SPOT: &str = "FARGATE_SPOT";

/// What services need from the cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRefs {
    pub cluster: LogicalId,
    pub namespace: LogicalId,
    pub log_key: LogicalId,
}

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
    }
}
