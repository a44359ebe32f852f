//! TF063: statement resources are ARNs (or `*`), managed policies are policy ARNs, `role_arn`
//! is a role ARN, and every statement has at least one action and one resource.

use crate::arn::{is_managed_policy, parse, role_account};
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(iam) = service.iam.as_ref() else {
            continue;
        };
        for (i, statement) in iam.statements.iter().flatten().enumerate() {
            let index = i.to_string();
            let path = ["services", name, "iam", "statements", &index];
            for (key, list) in [
                ("actions", &statement.actions),
                ("resources", &statement.resources),
            ] {
                if list.as_ref().is_none_or(Vec::is_empty) {
                    let at = cx
                        .value(&[&path[..], &[key]].concat())
                        .or_else(|| cx.value(&path));
                    out.push(
                        Diagnostic::new(Code::IamArn, format!("a statement of service `{name}` has no {key}"))
                            .at(at, format!("no {key}"))
                            .help("a statement is `{ actions = [\"sqs:ReceiveMessage\"], resources = [\"arn:aws:sqs:...\"] }`"),
                    );
                }
            }
            for (j, resource) in statement.resources.iter().flatten().enumerate() {
                if resource == "*" || parse(resource).is_some() {
                    continue;
                }
                let item = j.to_string();
                out.push(
                    Diagnostic::new(Code::IamArn, format!("`{}` is not an ARN", resource.escape_debug()))
                        .at(cx.value(&[&path[..], &["resources", &item]].concat()), "not `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`")
                        .help("write the resource's full ARN, e.g. `arn:aws:sqs:us-east-1:123456789012:orders`"),
                );
            }
        }
        for (j, policy) in iam.managed_policies.iter().flatten().enumerate() {
            if is_managed_policy(policy) {
                continue;
            }
            let item = j.to_string();
            out.push(
                Diagnostic::new(Code::IamArn, format!("`{}` is not an IAM policy ARN", policy.escape_debug()))
                    .at(cx.value(&["services", name, "iam", "managed_policies", &item]), "not `arn:aws:iam::aws:policy/NAME`")
                    .help("AWS managed policies are `arn:aws:iam::aws:policy/NAME`; customer ones `arn:aws:iam::ACCOUNT:policy/NAME`"),
            );
        }
        if let Some(role) = iam
            .role_arn
            .as_deref()
            .filter(|r| role_account(r).is_none())
        {
            out.push(
                Diagnostic::new(
                    Code::IamArn,
                    format!("`{}` is not an IAM role ARN", role.escape_debug()),
                )
                .at(
                    cx.value(&["services", name, "iam", "role_arn"]),
                    "not `arn:aws:iam::ACCOUNT:role/NAME`",
                )
                .help("copy the role's ARN from the IAM console"),
            );
        }
    }
}
