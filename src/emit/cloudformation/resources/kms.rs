//! `AWS::KMS::Key`.

use crate::emit::cloudformation::resources::iam::PolicyDocument;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KmsKey {
    pub description: String,
    pub enable_key_rotation: bool,
    pub key_policy: PolicyDocument,
}
