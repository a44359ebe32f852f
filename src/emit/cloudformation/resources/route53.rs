//! `AWS::Route53::RecordSetGroup`.

use crate::emit::cloudformation::intrinsic::Expr;
use serde::Serialize;

/// `AWS::Route53::RecordSetGroup`: every host's alias record in one resource, changed in place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordSetGroup {
    pub comment: String,
    pub hosted_zone_id: Expr,
    pub record_sets: Vec<RecordSet>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordSet {
    pub alias_target: AliasTarget,
    pub name: String,
    #[serde(rename = "Type")]
    pub kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AliasTarget {
    #[serde(rename = "DNSName")]
    pub dns_name: Expr,
    pub evaluate_target_health: bool,
    pub hosted_zone_id: Expr,
}
