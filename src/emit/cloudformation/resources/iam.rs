//! `AWS::IAM::Role` and the policy documents of roles and key policies.

use crate::emit::cloudformation::intrinsic::Expr;
use crate::emit::cloudformation::resources::Tag;
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
