//! `AWS::WAFv2::WebACLAssociation`.

use crate::emit::cloudformation::intrinsic::Expr;
use serde::Serialize;

/// `AWS::WAFv2::WebACLAssociation`: a regional web ACL on the load balancer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAclAssociation {
    pub resource_arn: Expr,
    #[serde(rename = "WebACLArn")]
    pub web_acl_arn: String,
}
