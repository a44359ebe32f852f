//! `AWS::Logs::LogGroup`.

use crate::emit::cloudformation::intrinsic::Expr;
use crate::emit::cloudformation::resources::Tag;
use serde::Serialize;

/// `AWS::Logs::LogGroup` without `LogGroupName`: a retained named group would block
/// re-creating the stack.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogGroup {
    pub kms_key_id: Expr,
    pub retention_in_days: u32,
    pub tags: Vec<Tag>,
}
