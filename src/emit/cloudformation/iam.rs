//! IAM: policy documents and the per-service roles. Every permission names its resources;
//! nothing here grants `*` actions.

use super::intrinsic::{Expr, Pseudo};
use super::resources::Tag;
use super::resources::iam::{InlinePolicy, PolicyDocument, Principal, Role, Statement};
use crate::arn::OidcProvider;
use crate::model::{AppIam, SecretStore, Service};
use crate::policy::ECS_EXEC_ACTIONS;

const ECS_TASKS: &str = "ecs-tasks.amazonaws.com";

fn managed_policy(path: &str) -> Expr {
    Expr::arn(&format!("iam::aws:policy/{path}"))
}

/// The role ECS uses to start the task: pull the image, write logs, and read exactly the
/// secrets the service names (by their resource ARN, without a JSON-key suffix), the private
/// registry's credentials among them.
pub fn execution_role(service: &Service, tags: Vec<Tag>) -> Role {
    let arns = |store: SecretStore| -> Vec<Expr> {
        let mut arns: Vec<&str> = service
            .secrets
            .values()
            .chain(service.registry_credentials.as_ref().map(|c| &c.secret))
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

/// ECS Exec: the Session Manager channels the agent in the task opens, on `*`
/// ([`ECS_EXEC_ACTIONS`]).
fn exec_policy() -> InlinePolicy {
    InlinePolicy {
        policy_name: EXEC_POLICY,
        policy_document: PolicyDocument::new(vec![Statement::allow(
            ECS_EXEC_ACTIONS.to_vec(),
            vec![Expr::from("*")],
        )]),
    }
}

/// EFS IAM authorization of the task's mounts: `ClientMount` (and `ClientWrite` unless
/// read-only) on each file system, through its access point only. The EKS IRSA role gets none:
/// EKS on Fargate mounts EFS without the pod's role (aws/containers-roadmap#1003).
fn efs_policy(service: &Service) -> Option<InlinePolicy> {
    let statements: Vec<Statement> = service
        .volumes
        .iter()
        .map(|m| {
            let mut actions = vec!["elasticfilesystem:ClientMount"];
            if !m.read_only {
                actions.push("elasticfilesystem:ClientWrite");
            }
            Statement::allow(
                actions,
                vec![Expr::arn(&format!(
                    "elasticfilesystem:${{AWS::Region}}:${{AWS::AccountId}}:file-system/{}",
                    m.file_system_id
                ))],
            )
            .when(
                "StringEquals",
                "elasticfilesystem:AccessPointArn",
                Expr::arn(&format!(
                    "elasticfilesystem:${{AWS::Region}}:${{AWS::AccountId}}:access-point/{}",
                    m.access_point_id
                )),
            )
        })
        .collect();
    (!statements.is_empty()).then(|| InlinePolicy {
        policy_name: EFS_POLICY,
        policy_document: PolicyDocument::new(statements),
    })
}

/// Name of the inline policy holding the EFS mounts' permissions.
pub const EFS_POLICY: &str = "efs-mounts";

/// Name of the inline policy holding ECS Exec's permissions.
pub const EXEC_POLICY: &str = "ecs-exec";

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
    let mut trust = vec![web_identity_trust(
        "EksServiceAccountAssumeRole",
        oidc,
        &format!("system:serviceaccount:{namespace}:{}", service.name),
    )];
    // KEDA's `identityOwner: workload` reads the queue as this role, assuming it with the
    // operator's own web identity first (https://keda.sh/docs/2.16/authentication-providers/aws/).
    if service.scaling.queue().is_some() {
        trust.push(web_identity_trust(
            "KedaOperatorAssumeRole",
            oidc,
            crate::policy::KEDA_OPERATOR_SUBJECT,
        ));
    }
    Role {
        assume_role_policy_document: PolicyDocument::new(trust),
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

/// Trust in one Kubernetes service account's tokens from the cluster's OIDC provider.
fn web_identity_trust(sid: &'static str, oidc: &OidcProvider, subject: &str) -> Statement {
    Statement {
        sid: Some(sid),
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
        Expr::from(subject),
    )
    .when(
        "StringEquals",
        &format!("{}:aud", oidc.issuer),
        Expr::from("sts.amazonaws.com"),
    )
}

/// The role the application's code runs as: the permissions of `iam` (none without it); the
/// trust is limited to ECS tasks of this account (confused-deputy protection).
pub fn task_role(service: &Service, tags: Vec<Tag>) -> Role {
    let (mut policies, managed_policy_arns) = app_permissions(service);
    if service.exec {
        policies.push(exec_policy());
    }
    policies.extend(efs_policy(service));
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
