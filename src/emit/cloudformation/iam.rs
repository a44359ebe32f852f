//! IAM: policy documents and the per-service roles. Every permission names its resources;
//! nothing here grants `*` actions.

use super::intrinsic::{Expr, Pseudo};
use super::template::Tag;
use crate::arn::OidcProvider;
use crate::model::{AppIam, SecretStore, Service};
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

/// Condition operator → condition key → value. Keys are plain strings: CloudFormation cannot
/// evaluate an intrinsic in a map key, so every key is known when the template is written.
pub type Condition = BTreeMap<&'static str, BTreeMap<String, Expr>>;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<&'static str>,
    pub effect: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    pub action: Vec<String>,
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
            action: action.into_iter().map(str::to_owned).collect(),
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
            action: action.into_iter().map(str::to_owned).collect(),
            resource: None,
            condition: None,
        }
    }

    pub fn on(mut self, resource: Vec<Expr>) -> Self {
        self.resource = Some(resource);
        self
    }

    pub fn when(mut self, operator: &'static str, key: &str, value: Expr) -> Self {
        self.condition
            .get_or_insert_with(BTreeMap::new)
            .entry(operator)
            .or_default()
            .insert(key.to_owned(), value);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Principal {
    #[serde(rename = "AWS", skip_serializing_if = "Option::is_none")]
    pub aws: Option<Expr>,
    /// An OIDC identity provider (IRSA).
    #[serde(rename = "Federated", skip_serializing_if = "Option::is_none")]
    pub federated: Option<Expr>,
    #[serde(rename = "Service", skip_serializing_if = "Option::is_none")]
    pub service: Option<Expr>,
}

impl Principal {
    pub fn service(name: &str) -> Self {
        Principal {
            aws: None,
            federated: None,
            service: Some(name.into()),
        }
    }

    /// The account itself, so IAM policies in the account decide (the default key policy).
    pub fn account_root() -> Self {
        Principal {
            aws: Some(Expr::arn("iam::${AWS::AccountId}:root")),
            federated: None,
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
    /// Only where another object must know the ARN in advance (an IRSA role named in a
    /// ServiceAccount annotation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
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
        role_name: None,
        tags,
    }
}

/// The application's own permissions (`iam.statements`, `iam.managed_policies`), the same on
/// the ECS task role and the EKS IRSA role.
pub fn app_permissions(service: &Service) -> (Vec<InlinePolicy>, Vec<Expr>) {
    let Some(AppIam::Policies {
        statements,
        managed_policies,
    }) = &service.iam
    else {
        return (Vec::new(), Vec::new());
    };
    let statements: Vec<Statement> = statements
        .iter()
        .map(|s| Statement {
            sid: None,
            effect: "Allow",
            principal: None,
            action: s.actions.clone(),
            resource: Some(s.resources.iter().map(Expr::from).collect()),
            condition: None,
        })
        .collect();
    let policies = if statements.is_empty() {
        Vec::new()
    } else {
        vec![InlinePolicy {
            policy_name: APP_POLICY,
            policy_document: PolicyDocument::new(statements),
        }]
    };
    (policies, managed_policies.iter().map(Expr::from).collect())
}

/// Name of the inline policy holding `iam.statements`.
pub const APP_POLICY: &str = "app-permissions";

/// The IRSA role of a service on EKS: trusts the cluster's OIDC provider for exactly the
/// service's ServiceAccount, and holds the same permissions as the ECS task role. The
/// condition keys start with the issuer, which the spec's provider ARN spells out, so they
/// are plain strings.
pub fn irsa_role(
    service: &Service,
    oidc: &OidcProvider,
    namespace: &str,
    role_name: &str,
    tags: Vec<Tag>,
) -> Role {
    let (policies, managed_policy_arns) = app_permissions(service);
    let trust = Statement {
        sid: Some("EksServiceAccountAssumeRole"),
        effect: "Allow",
        principal: Some(Principal {
            aws: None,
            federated: Some(Expr::from(&oidc.arn)),
            service: None,
        }),
        action: vec!["sts:AssumeRoleWithWebIdentity".to_owned()],
        resource: None,
        condition: None,
    }
    .when(
        "StringEquals",
        &format!("{}:sub", oidc.issuer),
        Expr::from(format!(
            "system:serviceaccount:{namespace}:{}",
            service.name
        )),
    )
    .when(
        "StringEquals",
        &format!("{}:aud", oidc.issuer),
        Expr::from("sts.amazonaws.com"),
    );
    Role {
        assume_role_policy_document: PolicyDocument::new(vec![trust]),
        description: format!(
            "IRSA role of {} (the application's own AWS permissions on EKS)",
            service.name
        ),
        managed_policy_arns,
        policies,
        role_name: Some(role_name.to_owned()),
        tags,
    }
}

/// The role the application's code runs as: the permissions of `iam` (none without it); the
/// trust is limited to ECS tasks of this account (confused-deputy protection).
pub fn task_role(service: &Service, tags: Vec<Tag>) -> Role {
    let (policies, managed_policy_arns) = app_permissions(service);
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
        managed_policy_arns,
        policies,
        role_name: None,
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
        role_name: None,
        tags,
    }
}
