//! IAM: policy documents and the per-service roles. Every permission names its resources;
//! nothing here grants `*` actions.

use super::intrinsic::{Expr, Pseudo};
use super::template::Tag;
use crate::model::{SecretStore, Service};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    pub version: &'static str,
    pub statement: Vec<Statement>,
}

impl PolicyDocument {
    pub fn new(statement: Vec<Statement>) -> Self {
        PolicyDocument {
            version: "2012-10-17",
            statement,
        }
    }
}

/// Condition operator → condition key → value.
pub type Condition = BTreeMap<&'static str, BTreeMap<&'static str, Expr>>;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<&'static str>,
    pub effect: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    pub action: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Vec<Expr>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

impl Statement {
    /// An `Allow` statement of an identity policy.
    pub fn allow(action: Vec<&'static str>, resource: Vec<Expr>) -> Self {
        Statement {
            sid: None,
            effect: "Allow",
            principal: None,
            action,
            resource: Some(resource),
            condition: None,
        }
    }

    /// An `Allow` statement of a trust or resource policy.
    pub fn allow_principal(
        sid: &'static str,
        principal: Principal,
        action: Vec<&'static str>,
    ) -> Self {
        Statement {
            sid: Some(sid),
            effect: "Allow",
            principal: Some(principal),
            action,
            resource: None,
            condition: None,
        }
    }

    pub fn on(mut self, resource: Vec<Expr>) -> Self {
        self.resource = Some(resource);
        self
    }

    pub fn when(mut self, operator: &'static str, key: &'static str, value: Expr) -> Self {
        self.condition
            .get_or_insert_with(BTreeMap::new)
            .entry(operator)
            .or_default()
            .insert(key, value);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Principal {
    #[serde(rename = "AWS", skip_serializing_if = "Option::is_none")]
    pub aws: Option<Expr>,
    #[serde(rename = "Service", skip_serializing_if = "Option::is_none")]
    pub service: Option<Expr>,
}

impl Principal {
    pub fn service(name: &str) -> Self {
        Principal {
            aws: None,
            service: Some(name.into()),
        }
    }

    /// The account itself, so IAM policies in the account decide (the default key policy).
    pub fn account_root() -> Self {
        Principal {
            aws: Some(Expr::arn("iam::${AWS::AccountId}:root")),
            service: None,
        }
    }
}

/// `AWS::IAM::Role`, without `RoleName`: a generated name never blocks a replacement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    pub assume_role_policy_document: PolicyDocument,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<InlinePolicy>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    pub policy_name: &'static str,
    pub policy_document: PolicyDocument,
}

const ECS_TASKS: &str = "ecs-tasks.amazonaws.com";

fn managed_policy(path: &str) -> Expr {
    Expr::arn(&format!("iam::aws:policy/{path}"))
}

/// The role ECS uses to start the task: pull the image, write logs, and read exactly the
/// secrets the service names (by their resource ARN, without a JSON-key suffix).
pub fn execution_role(service: &Service, tags: Vec<Tag>) -> Role {
    let arns = |store: SecretStore| -> Vec<Expr> {
        let mut arns: Vec<&str> = service
            .secrets
            .values()
            .filter(|s| s.store == store)
            .map(|s| s.resource_arn.as_str())
            .collect();
        arns.sort_unstable();
        arns.dedup();
        arns.into_iter().map(Expr::from).collect()
    };
    let mut statements = Vec::new();
    let secrets = arns(SecretStore::SecretsManager);
    if !secrets.is_empty() {
        statements.push(Statement::allow(
            vec!["secretsmanager:GetSecretValue"],
            secrets,
        ));
    }
    let parameters = arns(SecretStore::ParameterStore);
    if !parameters.is_empty() {
        statements.push(Statement::allow(vec!["ssm:GetParameters"], parameters));
    }
    let policies = if statements.is_empty() {
        Vec::new()
    } else {
        vec![InlinePolicy {
            policy_name: "read-secrets",
            policy_document: PolicyDocument::new(statements),
        }]
    };
    Role {
        assume_role_policy_document: PolicyDocument::new(vec![Statement::allow_principal(
            "EcsTasksAssumeRole",
            Principal::service(ECS_TASKS),
            vec!["sts:AssumeRole"],
        )]),
        description: format!("ECS task execution role of {}", service.name),
        managed_policy_arns: vec![managed_policy(
            "service-role/AmazonECSTaskExecutionRolePolicy",
        )],
        policies,
        tags,
    }
}

/// The role the application's code runs as: no permissions until the user attaches some; the
/// trust is limited to ECS tasks of this account (confused-deputy protection).
pub fn task_role(service: &Service, tags: Vec<Tag>) -> Role {
    Role {
        assume_role_policy_document: PolicyDocument::new(vec![
            Statement::allow_principal(
                "EcsTasksAssumeRole",
                Principal::service(ECS_TASKS),
                vec!["sts:AssumeRole"],
            )
            .when(
                "StringEquals",
                "aws:SourceAccount",
                Expr::Pseudo(Pseudo::AccountId),
            )
            .when(
                "ArnLike",
                "aws:SourceArn",
                Expr::arn("ecs:${AWS::Region}:${AWS::AccountId}:*"),
            ),
        ]),
        description: format!(
            "Task role of {} (the application's own AWS permissions)",
            service.name
        ),
        managed_policy_arns: Vec::new(),
        policies: Vec::new(),
        tags,
    }
}

/// The EKS Fargate pod execution role: image pulls and the Fargate log router's writes to
/// CloudWatch Logs in this account and Region.
pub fn pod_execution_role(cluster: &str, tags: Vec<Tag>) -> Role {
    let logs = Statement::allow(
        vec![
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
            "logs:PutRetentionPolicy",
        ],
        vec![Expr::arn(
            "logs:${AWS::Region}:${AWS::AccountId}:log-group:*",
        )],
    );
    Role {
        assume_role_policy_document: PolicyDocument::new(vec![
            Statement::allow_principal(
                "EksFargatePodsAssumeRole",
                Principal::service("eks-fargate-pods.amazonaws.com"),
                vec!["sts:AssumeRole"],
            )
            .when(
                "ArnLike",
                "aws:SourceArn",
                Expr::arn(&format!(
                    "eks:${{AWS::Region}}:${{AWS::AccountId}}:fargateprofile/{cluster}/*"
                )),
            ),
        ]),
        description: format!("EKS Fargate pod execution role for cluster {cluster}"),
        managed_policy_arns: vec![managed_policy("AmazonEKSFargatePodExecutionRolePolicy")],
        policies: vec![InlinePolicy {
            policy_name: "fargate-logging",
            policy_document: PolicyDocument::new(vec![logs]),
        }],
        tags,
    }
}
