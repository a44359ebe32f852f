//! `AWS::CloudFormation::Stack`.

use crate::emit::cloudformation::intrinsic::{Expr, LogicalId};
use serde::Serialize;
use std::collections::BTreeMap;

/// `AWS::CloudFormation::Stack`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stack {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<LogicalId, Expr>,
    #[serde(rename = "TemplateURL")]
    pub template_url: Expr,
}
