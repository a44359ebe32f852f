//! `AWS::ServiceDiscovery::HttpNamespace` (the Service Connect namespace).

use crate::emit::cloudformation::intrinsic::Expr;
use crate::emit::cloudformation::resources::Tag;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HttpNamespace {
    pub description: String,
    pub name: Expr,
    pub tags: Vec<Tag>,
}
